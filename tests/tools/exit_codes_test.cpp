// The exit codes the docs list are the ones common/exit_codes.h gives each program: a code
// added there, or one a program stops using, fails here until the docs say so.
//   dslc     the "Exit codes:" paragraph of docs/language.md ("`0` success, `1` ...");
//   dslvm    the exit code tables of docs/vm.md and docs/running.md (signals: 130, 141, 143);
//   dslview  the exit code table of docs/viewer.md;
// and the "Exit codes:" list of `dslc --help` and `dslvm --help`, one code at the start of a line.
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/exit_codes.h"
#include "tests/support/golden.h"

namespace dsl {
namespace {

const std::filesystem::path kDocs = DSL_DOCS;

// The codes common/exit_codes.h gives `program`, with the signals' for dslvm.
std::set<int> codes_of(const std::string& program) {
    std::set<int> out;
#define DSL_TEST_EXIT_CODE(name, code, programs)                                            \
    if ((" " + std::string(programs) + " ").find(" " + program + " ") != std::string::npos) \
        out.insert(code);
    DSL_EXIT_CODES(DSL_TEST_EXIT_CODE)
#undef DSL_TEST_EXIT_CODE
    if (program == "dslvm") out.insert({kExitSignal + 2, kExitSignal + 13, kExitSignal + 15});
    return out;
}

// Every number in `text` matched by `pattern`'s first group, with lists such as "130, 143".
std::set<int> numbers(const std::string& text, const std::regex& pattern) {
    std::set<int> out;
    for (std::sregex_iterator m(text.begin(), text.end(), pattern), end; m != end; ++m) {
        std::stringstream list((*m)[1].str());
        std::string item;
        while (std::getline(list, item, ','))
            out.insert(std::stoi(item));
    }
    return out;
}

// The first cells of the table under the line `header` of `file`, as codes.
std::set<int> table_codes(const std::string& file, const std::string& header) {
    std::string docs = test::read_text(kDocs / file);
    size_t at = docs.find("\n" + header + "\n");
    EXPECT_NE(at, std::string::npos) << file << " has no table headed " << header;
    if (at == std::string::npos) return {};
    size_t end = docs.find("\n\n", at + 1);
    return numbers(docs.substr(at, end - at), std::regex(R"(\n\| ([0-9, ]+) \|)"));
}

TEST(ExitCodes, LanguageDocsListDslcs) {
    std::string docs = test::read_text(kDocs / "language.md");
    size_t at = docs.find("\nExit codes: ");
    ASSERT_NE(at, std::string::npos);
    std::string paragraph = docs.substr(at, docs.find("\n\n", at) - at);
    EXPECT_EQ(numbers(paragraph, std::regex("`([0-9]+)`")), codes_of("dslc"));
}

TEST(ExitCodes, VmDocsListDslvms) {
    EXPECT_EQ(table_codes("vm.md", "| exit code | meaning |"), codes_of("dslvm"));
}

TEST(ExitCodes, RunningDocsListDslvms) {
    EXPECT_EQ(table_codes("running.md", "| code | meaning |"), codes_of("dslvm"));
}

TEST(ExitCodes, ViewerDocsListDslviews) {
    EXPECT_EQ(table_codes("viewer.md", "| code | meaning |"), codes_of("dslview"));
}

// The codes listed at the start of a line after "Exit codes:" in `program --help`.
std::set<int> help_codes(const std::string& program) {
    std::string text;
    FILE* pipe = popen((program + " --help").c_str(), "r");
    EXPECT_NE(pipe, nullptr) << program;
    if (pipe == nullptr) return {};
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        text.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << program << " --help";
    const size_t at = text.find("Exit codes:\n");
    EXPECT_NE(at, std::string::npos) << program << " --help lists no exit codes:\n" << text;
    if (at == std::string::npos) return {};
    return numbers(text.substr(at), std::regex(R"(\n  ([0-9]+)  )"));
}

TEST(ExitCodes, DslcHelpListsDslcs) {
    EXPECT_EQ(help_codes(DSL_DSLC), codes_of("dslc"));
}

TEST(ExitCodes, DslvmHelpListsDslvms) {
    EXPECT_EQ(help_codes(DSL_DSLVM), codes_of("dslvm"));
}

}  // namespace
}  // namespace dsl
