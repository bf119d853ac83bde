// Golden disassembly: tests/disasm/NAME.strat compiles to exactly the listing in
// tests/disasm/NAME.disasm, so any change to code generation shows up in review. Also:
// every example compiles cleanly, and docs/language.md carries the current builtin
// reference.
#include <gtest/gtest.h>

#include "builtin_reference.h"
#include "bytecode/disasm.h"
#include "compiler/compile.h"
#include "tests/support/golden.h"
#include "vm/verifier.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;

std::string messages(const CompileResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics)
        out += std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.col) + ": " +
               d.message + "\n";
    return out;
}

class DisasmGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(DisasmGolden, ListingMatches) {
    const fs::path& path = GetParam();
    CompileResult r = compile(test::read_text(path), path.filename().string());
    ASSERT_TRUE(r.module.has_value()) << messages(r);
    std::string listing = disassemble(*r.module);
    fs::path expected = fs::path(path).replace_extension(".disasm");
    if (test::update_golden()) test::write_text(expected, listing);
    EXPECT_EQ(listing, test::read_text(expected))
        << "rerun with DSL_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Files, DisasmGolden,
                         ::testing::ValuesIn(test::files_in(DSL_DISASM_TESTS, ".strat")),
                         [](const auto& param_info) { return test::test_name(param_info.param); });

class Examples : public ::testing::TestWithParam<fs::path> {};

TEST_P(Examples, CompileWithoutDiagnosticsAndVerify) {
    CompileResult r = compile(test::read_text(GetParam()), GetParam().filename().string());
    ASSERT_TRUE(r.module.has_value()) << messages(r);
    EXPECT_TRUE(r.diagnostics.empty()) << messages(r);
    auto bad = vm::verify_module(*r.module);
    EXPECT_FALSE(bad.has_value()) << (bad ? bad->to_string() : "");
}

INSTANTIATE_TEST_SUITE_P(Files, Examples,
                         ::testing::ValuesIn(test::files_in(DSL_EXAMPLES, ".strat")),
                         [](const auto& param_info) { return test::test_name(param_info.param); });

TEST(Docs, LanguageReferenceHasTheCurrentBuiltinTable) {
    std::string doc = test::read_text(fs::path(DSL_DOCS) / "language.md");
    std::string table = builtin_reference_markdown();
    EXPECT_NE(doc.find(table), std::string::npos)
        << "docs/language.md does not contain the output of `dslc --builtins`; paste it between "
           "the markers";
}

TEST(Docs, BytecodeReferenceHasTheCurrentInstructionSet) {
    std::string doc = test::read_text(fs::path(DSL_DOCS) / "bytecode.md");
    EXPECT_NE(doc.find(opcode_reference_markdown()), std::string::npos)
        << "docs/bytecode.md does not list the instructions of bytecode/opcodes.def; regenerate "
           "its table";
    std::string fib = test::read_text(fs::path(DSL_DISASM_TESTS) / "fib.disasm");
    EXPECT_NE(doc.find(fib), std::string::npos)
        << "docs/bytecode.md shows an outdated listing of fib.strat";
}

}  // namespace
}  // namespace dsl
