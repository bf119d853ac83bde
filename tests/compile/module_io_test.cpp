// Bytecode files: writing and reading give back the same module, and the reader rejects
// damaged files with a message that says what is wrong and where.
#include <gtest/gtest.h>

#include <cstring>

#include "bytecode/disasm.h"
#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "compiler/compile.h"
#include "tests/support/golden.h"

namespace dsl {
namespace {

Module example() {
    auto r =
        compile(test::read_text(std::string(DSL_EXAMPLES) + "/sma_cross.strat"), "sma_cross.strat");
    EXPECT_TRUE(r.module.has_value());
    return std::move(*r.module);
}

std::string load_error(const std::vector<uint8_t>& bytes) {
    auto r = read_module(bytes);
    if (auto* e = std::get_if<LoadError>(&r)) return e->message;
    return "";
}

TEST(ModuleIo, RoundTripIsExact) {
    Module m = example();
    std::vector<uint8_t> bytes = write_module(m);
    auto r = read_module(bytes);
    ASSERT_TRUE(std::holds_alternative<Module>(r)) << load_error(bytes);
    const Module& back = std::get<Module>(r);
    EXPECT_EQ(disassemble(back), disassemble(m));
    EXPECT_EQ(write_module(back), bytes);
    EXPECT_EQ(back.source_text, m.source_text);
}

TEST(ModuleIo, WritingIsDeterministic) {
    EXPECT_EQ(write_module(example()), write_module(example()));
}

TEST(ModuleIo, DamagedFilesAreRejected) {
    std::vector<uint8_t> good = write_module(example());

    auto bad = good;
    bad[0] = 'X';
    EXPECT_EQ(load_error(bad), "not a bytecode file (bad magic)");

    bad = good;
    bad[8] = 99;
    EXPECT_NE(load_error(bad).find("format version 99"), std::string::npos);

    bad = good;
    bad[good.size() / 2] ^= 0x40;
    EXPECT_EQ(load_error(bad), "content hash mismatch (the file is corrupt)");

    bad = std::vector<uint8_t>(good.begin(), good.end() - 4);
    EXPECT_NE(load_error(bad).find("truncated"), std::string::npos);

    EXPECT_EQ(load_error({}), "file is too short to be bytecode");
}

}  // namespace
}  // namespace dsl
