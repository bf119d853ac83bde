// JsonOut: number formatting and string escaping (see json_out.h for the rules).
#include "trace/json_out.h"

#include <cmath>

namespace dsl::trace::detail {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence starting at s[i] (Unicode table 3-7), or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + need >= s.size()) return 0;  // cut short by the end of the string
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k <= need; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return need + 1;
}

}  // namespace

void JsonOut::put_key(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    if (key.empty()) return;
    out_ += '"';
    out_ += key;
    out_ += "\":";
}

void JsonOut::open(std::string_view key, char bracket) {
    put_key(key);
    out_ += bracket;
    first_ = true;
}

void JsonOut::put_fixed(engine::Fixed v) {
    if (v.is_nan()) {
        out_ += "null";
        return;
    }
    std::int64_t raw = v.raw();
    // The magnitude as unsigned: |INT64_MIN + 1| fits, and INT64_MIN is the NaN handled above.
    std::uint64_t mag =
        raw < 0 ? 0 - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
    constexpr auto kScale = static_cast<std::uint64_t>(engine::Fixed::kScale);
    std::uint64_t units = mag / kScale;
    std::uint64_t frac = mag % kScale;
    char buf[32];
    char* p = buf;
    if (raw < 0) *p++ = '-';
    p = std::to_chars(p, buf + sizeof buf, units).ptr;
    if (frac != 0) {
        *p++ = '.';
        char digits[engine::Fixed::kDecimals];
        for (int i = engine::Fixed::kDecimals - 1; i >= 0; --i) {
            digits[i] = static_cast<char>('0' + frac % 10);
            frac /= 10;
        }
        int n = engine::Fixed::kDecimals;
        while (digits[n - 1] == '0')
            --n;
        for (int i = 0; i < n; ++i)
            *p++ = digits[i];
    }
    out_.append(buf, p);
}

void JsonOut::put_double(double v) {
    if (!std::isfinite(v)) {
        out_ += "null";
        return;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
}

void JsonOut::put_string(std::string_view v) {
    out_ += '"';
    std::size_t run = 0;  // start of the pending run of bytes that need no escaping
    auto flush_run = [&](std::size_t i) { out_.append(v.data() + run, i - run); };
    for (std::size_t i = 0; i < v.size();) {
        auto c = static_cast<unsigned char>(v[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t n = utf8_sequence(v, i);
            if (n != 0) {
                i += n;
                continue;
            }
            flush_run(i);
            out_ += kReplacement;
            run = ++i;
            continue;
        }
        flush_run(i);
        switch (c) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            default: {
                char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                out_.append(esc, sizeof esc);
            }
        }
        run = ++i;
    }
    flush_run(v.size());
    out_ += '"';
}

}  // namespace dsl::trace::detail
