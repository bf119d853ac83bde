// Escaping of input text for messages. The \xNN form is the one the compiler's diagnostics
// have always used for a NUL byte.
#include "common/escape.h"

#include <cstdint>

namespace dsl {
namespace {

void append_escaped(std::string& out, unsigned char byte) {
    constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
}

// A control character: C0, DEL, or C1 (U+0080-U+009F: 0xC2 0x80-0x9F in UTF-8).
bool is_control(std::string_view s, size_t i, size_t length) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    if (length == 1) return byte(i) < 0x20 || byte(i) == 0x7F;
    return length == 2 && byte(i) == 0xC2 && byte(i + 1) < 0xA0;
}

}  // namespace

size_t utf8_length(std::string_view s, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    uint32_t cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k)
        cp = cp << 6 | (byte(i + k) & 0x3F);
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

PrintedChar append_printable(std::string& out, std::string_view s, size_t i, Tabs tabs) {
    size_t n = utf8_length(s, i);
    if (n == 0) {
        append_escaped(out, static_cast<unsigned char>(s[i]));
        return {1, true};
    }
    if (is_control(s, i, n) && !(tabs == Tabs::keep && s[i] == '\t')) {
        for (size_t k = 0; k < n; ++k)
            append_escaped(out, static_cast<unsigned char>(s[i + k]));
        return {n, true};
    }
    out.append(s.substr(i, n));
    return {n, false};
}

std::string printable(std::string_view text, size_t max_chars) {
    std::string out;
    out.reserve(text.size());
    size_t chars = 0;
    for (size_t i = 0; i < text.size(); ++chars) {
        if (chars == max_chars) {
            out += "...";
            break;
        }
        i += append_printable(out, text, i).bytes;
    }
    return out;
}

}  // namespace dsl
