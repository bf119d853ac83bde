// Golden diagnostics: every tests/compile/*.strat is compiled and its diagnostics are
// compared exactly with the expectations written in the file, next to the code they
// concern:
//
//   let x: int = "a"   // expect error@14: cannot initialise 'x' of type int with ...
//   // expect warning@3:5: local 'y' is never used      (line 3, column 5)
//
// `@COL` is the column on the marker's own line; `@LINE:COL` names another line (for
// diagnostics on lines that cannot carry a comment). Files with expected errors are named
// fail_*.strat; every other file must compile cleanly (warnings are allowed if expected).
// Notes attached to diagnostics are not compared.
//
// With DSL_UPDATE_GOLDEN=1 the markers are rewritten from the actual diagnostics.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "compiler/compile.h"
#include "tests/support/golden.h"
#include "vm/verifier.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;

struct Expected {
    uint32_t line = 0;
    uint32_t col = 0;
    std::string severity;
    std::string message;
    auto operator<=>(const Expected&) const = default;
};

std::string describe(const Expected& e) {
    return std::to_string(e.line) + ":" + std::to_string(e.col) + ": " + e.severity + ": " +
           e.message;
}

// One marker; several may follow each other on a line.
const std::regex& marker() {
    static const std::regex re(
        R"(//\s*expect (error|warning)@(\d+)(?::(\d+))?: (.*?)\s*(?=//\s*expect |$))");
    return re;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line))
        lines.push_back(line);
    return lines;
}

std::vector<Expected> expectations(const std::string& source) {
    std::vector<Expected> out;
    auto lines = lines_of(source);
    for (size_t i = 0; i < lines.size(); ++i) {
        for (auto it = std::sregex_iterator(lines[i].begin(), lines[i].end(), marker());
             it != std::sregex_iterator(); ++it) {
            const std::smatch& m = *it;
            Expected e;
            e.severity = m[1];
            if (m[3].matched) {
                e.line = uint32_t(std::stoul(m[2]));
                e.col = uint32_t(std::stoul(m[3]));
            } else {
                e.line = uint32_t(i + 1);
                e.col = uint32_t(std::stoul(m[2]));
            }
            e.message = m[4];
            out.push_back(e);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Expected> actual(const CompileResult& r) {
    std::vector<Expected> out;
    for (const auto& d : r.diagnostics) {
        if (d.severity == Severity::Note) continue;
        out.push_back({d.span.begin.line, d.span.begin.col, severity_name(d.severity), d.message});
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Rewrites the markers of `source` to match `diags`.
std::string rewrite(const std::string& source, const std::vector<Expected>& diags) {
    auto lines = lines_of(source);
    for (auto& line : lines) {
        std::smatch m;
        if (std::regex_search(line, m, marker())) {
            line = line.substr(0, size_t(m.position(0)));
            while (!line.empty() && line.back() == ' ')
                line.pop_back();
        }
    }
    std::vector<std::string> trailing;
    for (const auto& d : diags) {
        std::string text = "expect " + d.severity + "@";
        bool own_line =
            d.line >= 1 && d.line <= lines.size() &&
            lines[d.line - 1].find("/*") == std::string::npos &&
            std::count(lines[d.line - 1].begin(), lines[d.line - 1].end(), '"') % 2 == 0;
        // A line whose comment would change the program or that already holds text a
        // marker could be confused with gets an absolute marker at the end of the file.
        if (own_line && !lines[d.line - 1].empty()) {
            lines[d.line - 1] += "  // " + text + std::to_string(d.col) + ": " + d.message;
        } else {
            trailing.push_back("// " + text + std::to_string(d.line) + ":" + std::to_string(d.col) +
                               ": " + d.message);
        }
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    for (const auto& t : trailing)
        out += t + "\n";
    return out;
}

class CompileGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(CompileGolden, DiagnosticsMatch) {
    const fs::path& path = GetParam();
    std::string source = test::read_text(path);
    CompileResult r = compile(source, path.filename().string());
    auto got = actual(r);
    if (test::update_golden()) {
        test::write_text(path, rewrite(source, got));
        source = test::read_text(path);
    }
    auto want = expectations(source);
    bool expects_error = std::any_of(want.begin(), want.end(),
                                     [](const Expected& e) { return e.severity == "error"; });
    bool named_fail = path.filename().string().rfind("fail_", 0) == 0;
    EXPECT_EQ(expects_error, named_fail)
        << path.filename() << ": files with expected errors are named fail_*.strat";
    std::set<Expected> missing(want.begin(), want.end()), extra(got.begin(), got.end());
    for (const auto& e : want)
        extra.erase(e);
    for (const auto& e : got)
        missing.erase(e);
    for (const auto& e : missing)
        ADD_FAILURE() << path.filename().string() << ": expected but not reported: " << describe(e);
    for (const auto& e : extra)
        ADD_FAILURE() << path.filename().string() << ": reported but not expected: " << describe(e);
    EXPECT_EQ(r.module.has_value(), !expects_error);
    // What the compiler emits, the VM's verifier accepts.
    if (r.module) {
        auto bad = vm::verify_module(*r.module);
        EXPECT_FALSE(bad.has_value())
            << path.filename().string() << ": " << (bad ? bad->to_string() : "");
    }
}

INSTANTIATE_TEST_SUITE_P(Files, CompileGolden,
                         ::testing::ValuesIn(test::files_in(DSL_COMPILE_TESTS, ".strat")),
                         [](const auto& param_info) { return test::test_name(param_info.param); });

}  // namespace
}  // namespace dsl
