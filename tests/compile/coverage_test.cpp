// Every kind of diagnostic is produced by at least one golden file in tests/compile/, or,
// for the limits that need huge inputs, by a program generated here.
#include <gtest/gtest.h>

#include <set>

#include "compiler/compile.h"
#include "tests/support/golden.h"

namespace dsl {
namespace {

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

// Programs that hit the size limits of the bytecode format and the parser.
std::vector<std::pair<DiagKind, std::string>> generated_programs() {
    std::vector<std::pair<DiagKind, std::string>> out;
    std::string many_locals = "on_start() {\n";
    for (int i = 0; i < 300; ++i)
        many_locals += "  let v" + std::to_string(i) + " = " + std::to_string(i) + "\n";
    many_locals += "  log(\"{}\", v0";
    for (int i = 1; i < 300; ++i)
        many_locals += " + v" + std::to_string(i);
    out.push_back({DiagKind::too_many_registers, many_locals + ")\n}\n"});
    std::string many_constants = "var x: float = 0\non_start() {\n";
    for (int i = 0; i < 66000; ++i)
        many_constants += "  x += " + std::to_string(i) + ".5\n";
    out.push_back({DiagKind::too_many_constants, many_constants + "}\n"});
    std::string params;
    for (int i = 0; i < 256; ++i)
        params += (i ? ", " : "") + std::string("p") + std::to_string(i) + ": int";
    out.push_back({DiagKind::too_many_arguments, "fn f(" + params + ") {\n}\non_start() {\n}\n"});
    out.push_back({DiagKind::nesting_too_deep, "on_start() {\n  let x = " + repeat("(", 300) + "1" +
                                                   repeat(")", 300) + "\n}\n"});
    out.push_back({DiagKind::source_too_large, "// " + std::string(5u << 20, 'x') + "\n"});
    // A jump longer than a 16-bit offset: an `if` around a very long body.
    std::string long_body = "var n: int = 0\nvar go: bool = true\non_start() {\n  if go {\n" +
                            repeat("    n += 1\n", 40000) + "  }\n}\n";
    out.push_back({DiagKind::function_too_large, long_body});
    return out;
}

TEST(DiagnosticCoverage, EveryKindIsTested) {
    std::set<DiagKind> seen;
    for (const auto& path : test::files_in(DSL_COMPILE_TESTS, ".strat")) {
        CompileResult r = compile(test::read_text(path), path.filename().string());
        for (const auto& d : r.diagnostics) {
            seen.insert(d.kind);
            for (const auto& n : d.notes)
                seen.insert(n.kind);
        }
    }
    for (const auto& [kind, src] : generated_programs()) {
        CompileResult r = compile(src, "generated.strat");
        bool found = std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                                 [&](const Diagnostic& d) { return d.kind == kind; });
        EXPECT_TRUE(found) << "generated program for " << diag_info(kind).name
                           << " did not produce it";
        if (found) seen.insert(kind);
    }
    for (int k = 0; k < kDiagKindCount; ++k) {
        EXPECT_TRUE(seen.count(DiagKind(k)))
            << "no test produces diagnostic '" << diag_info(DiagKind(k)).name << "'";
    }
}

}  // namespace
}  // namespace dsl
