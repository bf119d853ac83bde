// The bytecode inspector's model of a compiled example: handlers, functions, constants and each
// function's instructions under the source lines they came from; the file's hash is the one
// the trace header names; bad files and a differing .strat give messages.
#include <gtest/gtest.h>

#include "tests/viewer/recorded.h"
#include "trace/reader.h"
#include "viewer/inspector.h"

namespace dsl::viewer::test {
namespace {

TEST(Inspector, ListsTheModuleBySourceLine) {
    const Recorded& r = recorded("sma_cross");
    BytecodeView v = load_bytecode(r.bytecode);
    ASSERT_TRUE(v.ok()) << v.error;
    EXPECT_EQ(v.source_origin, "embedded in the module");
    EXPECT_EQ(v.source_line(9), "on_bar(s: symbol) {");
    ASSERT_EQ(v.handlers.size(), 2u);
    EXPECT_EQ(v.handlers[0].rfind("on_bar -> F", 0), 0u) << v.handlers[0];
    EXPECT_EQ(v.inputs.size(), 3u);
    EXPECT_EQ(v.inputs[0].rfind("fast_len: int = 10", 0), 0u) << v.inputs[0];
    EXPECT_FALSE(v.constants.empty());
    const FunctionView* on_bar = nullptr;
    for (const FunctionView& f : v.functions) {
        if (f.role == "handler on_bar") on_bar = &f;
    }
    ASSERT_NE(on_bar, nullptr);
    EXPECT_FALSE(on_bar->bad_code);
    // The buy() call's instructions sit under the line that calls it.
    bool buy_under_its_line = false;
    for (const SourceBlock& b : on_bar->blocks) {
        for (const InstructionRow& row : b.code) {
            if (row.comment == "buy")
                buy_under_its_line |= v.source_line(b.line).find("buy(") != std::string::npos;
        }
    }
    EXPECT_TRUE(buy_under_its_line);
    EXPECT_NE(v.listing.find("handlers:"), std::string::npos);
    // The trace names this bytecode.
    trace::Reader reader = trace::read_trace_file(r.trace);
    EXPECT_EQ(v.hash, reader.trace().header->bytecode_hash);
}

TEST(Inspector, AGivenSourceFileIsShownAndComparedWithTheEmbeddedOne) {
    const Recorded& r = recorded("sma_cross");
    BytecodeView same = load_bytecode(r.bytecode, r.strategy);
    EXPECT_EQ(same.source_origin, r.strategy);
    EXPECT_EQ(same.source_note, "");
    std::string edited = (temp_dir() / "edited.strat").string();
    spit(edited, "// a comment that moves every line\n" + slurp(r.strategy));
    BytecodeView moved = load_bytecode(r.bytecode, edited);
    EXPECT_NE(moved.source_note.find("differs"), std::string::npos);
    EXPECT_EQ(moved.source_line(10), "on_bar(s: symbol) {");
    BytecodeView missing = load_bytecode(r.bytecode, (temp_dir() / "none.strat").string());
    EXPECT_NE(missing.source_note.find("cannot read"), std::string::npos);
    EXPECT_EQ(missing.source_origin, "embedded in the module");
}

TEST(Inspector, BadFilesGiveMessages) {
    BytecodeView missing = load_bytecode((temp_dir() / "none.dslbc").string());
    EXPECT_FALSE(missing.ok());
    EXPECT_NE(missing.error.find("cannot read"), std::string::npos);
    std::string bytes = slurp(recorded("sma_cross").bytecode);
    std::string path = (temp_dir() / "cut.dslbc").string();
    spit(path, bytes.substr(0, bytes.size() / 2));
    BytecodeView cut = load_bytecode(path);
    EXPECT_FALSE(cut.ok());
    EXPECT_NE(cut.error.find("not valid bytecode"), std::string::npos) << cut.error;
    spit(path, recorded("sma_cross").trace);  // not even bytecode
    EXPECT_FALSE(load_bytecode(path).ok());
    // A device or a directory is refused before a byte is read (/dev/zero was read without end).
    BytecodeView zero = load_bytecode("/dev/zero");
    EXPECT_EQ(zero.error, "cannot read /dev/zero: it is a device, not a file");
    EXPECT_FALSE(load_bytecode(temp_dir().string()).ok());
    BytecodeView source = load_bytecode(recorded("sma_cross").bytecode, "/dev/zero");
    ASSERT_TRUE(source.ok());
    EXPECT_EQ(source.source_note,
              "cannot read /dev/zero: it is a device, not a file; showing the embedded source");
}

}  // namespace
}  // namespace dsl::viewer::test
