// Text from an input (a strategy source, a market data cell, a trace line, a file name) made
// safe to print on a terminal, for every message that quotes one. Valid UTF-8 passes through;
// each byte of a control character (C0, DEL, the C1 range U+0080-U+009F, any of which a
// terminal may act on: ESC starts a command) and each byte that is not part of valid UTF-8 is
// shown as \xNN. A tab is escaped too (in a one-line message it would be invisible), except in
// a quoted source line, which keeps its tabs so that the caret line under it can use the same
// tabs and stay aligned. Printable text is unchanged, so escaping twice is escaping once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dsl {

// Length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when none starts there
// (a stray continuation byte, a truncated or overlong sequence, a surrogate, past U+10FFFF).
size_t utf8_length(std::string_view s, size_t i);

// Appends the character of `s` at `i` as printed; returns the `bytes` of the input it covers
// (the sequence, or the one invalid byte) and whether it was escaped (4 columns a byte).
struct PrintedChar {
    size_t bytes;
    bool escaped;
};
enum class Tabs : bool { escape, keep };
PrintedChar append_printable(std::string& out, std::string_view s, size_t i,
                             Tabs tabs = Tabs::escape);

// All of `text` as printed; with `max_chars`, at most that many characters, then "...".
std::string printable(std::string_view text, size_t max_chars = std::string_view::npos);

}  // namespace dsl
