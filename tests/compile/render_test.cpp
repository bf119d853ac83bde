// Diagnostics print no raw control bytes or invalid UTF-8 from the source: messages and
// source lines show them as \xNN (common/escape.h), valid UTF-8 and tabs pass through, and
// the caret stays under its column (an escaped character is underlined whole).
#include <gtest/gtest.h>

#include "compiler/compile.h"

namespace dsl {
namespace {

std::string rendered(const std::string& source) {
    CompileResult r = compile(source, "t.strat");
    SourceLines lines(source);
    std::string out;
    for (const auto& d : r.diagnostics)
        out += render(d, "t.strat", lines);
    return out;
}

TEST(RenderEscapes, ControlBytesInASourceLineAndTheCaretAfterThem) {
    // Column 17 is 'nope': after a tab, `log("`, ESC (printed in 4 columns) and `[31m{}", `.
    std::string out = rendered("on_start() {\n\tlog(\"\x1b[31m{}\", nope)\n}\n");
    EXPECT_EQ(out,
              "t.strat:2:17: error: unknown name 'nope'\n"
              "   2 | \tlog(\"\\x1b[31m{}\", nope)\n"
              "     | \t" +
                  std::string(18, ' ') + "^~~~\n");
}

TEST(RenderEscapes, InvalidUtf8AndEscInMessagesAndLines) {
    std::string out = rendered("on_start() {\n    \xfe\xff\n    \x1b\n}\n");
    EXPECT_EQ(out,
              "t.strat:2:5: error: invalid character '\\xfe'\n"
              "   2 |     \\xfe\\xff\n"
              "     |     ^~~~\n"
              "t.strat:2:6: error: invalid character '\\xff'\n"
              "   2 |     \\xfe\\xff\n"
              "     |         ^~~~\n"
              "t.strat:3:5: error: invalid character '\\x1b'\n"
              "   3 |     \\x1b\n"
              "     |     ^~~~\n");
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
}

TEST(RenderEscapes, ValidUtf8PassesThroughAndCountsOneColumn) {
    std::string out = rendered("on_start() {\n    log(\"é→{}\", nope)\n}\n");
    EXPECT_EQ(out,
              "t.strat:2:17: error: unknown name 'nope'\n"
              "   2 |     log(\"é→{}\", nope)\n"
              "     |                 ^~~~\n");
}

TEST(RenderEscapes, MessagesAreEscapedWhenReported) {
    CompileResult r = compile("on_start() {\n    \x1b\n}\n", "t.strat");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].message, "invalid character '\\x1b'");
}

}  // namespace
}  // namespace dsl
