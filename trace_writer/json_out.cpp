// JsonOut: number formatting and string escaping (see json_out.h for the rules).
#include "trace_writer/json_out.h"

#include <bit>
#include <cmath>
#include <memory>

namespace dsl::trace::detail {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// The two characters of 0 <= v < 100 as a little-endian 16-bit value.
std::uint64_t digit_pair(std::uint32_t v) {
    std::uint16_t pair = 0;
    std::memcpy(&pair, kDigitPairs + 2 * v, 2);
    return pair;
}
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

void OutBuffer::grow(std::size_t need) {
    std::size_t capacity = capacity_ == 0 ? 4096 : capacity_;
    while (capacity < need)
        capacity *= 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
}

void JsonOut::begin(std::string_view type) {
    char* p = out_.tail(type.size() + 8);
    std::memcpy(p, "{\"t\":\"", 6);
    p += 6;
    std::memcpy(p, type.data(), type.size());
    p += type.size();
    *p++ = '"';
    out_.commit(p);
    first_ = false;
}

char* JsonOut::fixed_at(char* p, engine::Fixed v) {
    if (v.is_nan()) {
        std::memcpy(p, "null", 4);
        return p + 4;
    }
    std::int64_t raw = v.raw();
    // The magnitude as unsigned: |INT64_MIN + 1| fits, and INT64_MIN is the NaN handled above.
    std::uint64_t mag =
        raw < 0 ? 0 - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
    constexpr auto kScale = static_cast<std::uint64_t>(engine::Fixed::kScale);
    if (raw < 0) *p++ = '-';
    std::uint64_t units = mag / kScale;
    if (units < 100) {  // most prices: no general conversion
        if (units >= 10) *p++ = kDigitPairs[2 * units];
        *p++ = kDigitPairs[2 * units + 1];
    } else {
        p = std::to_chars(p, p + 24, units).ptr;
    }
    auto frac = static_cast<std::uint32_t>(mag % kScale);
    if (frac == 0) return p;
    // All eight decimals two at a time (the buffer has room), then drop the trailing zeros.
    static_assert(engine::Fixed::kDecimals == 8 && std::endian::native == std::endian::little);
    *p++ = '.';
    std::uint32_t hi = frac / 10'000, lo = frac % 10'000;
    // The eight digits assembled in a register as one little-endian word (one store, and no
    // reload that would stall on store forwarding); a '0' byte XOR '0' is zero, so the trailing
    // zero digits are the word's high zero bytes (it is nonzero: frac != 0).
    std::uint64_t word = digit_pair(hi / 100) | digit_pair(hi % 100) << 16 |
                         digit_pair(lo / 100) << 32 | digit_pair(lo % 100) << 48;
    std::memcpy(p, &word, 8);
    word ^= 0x3030303030303030ull;
    return p + engine::Fixed::kDecimals - __builtin_clzll(word) / 8;
}

void JsonOut::put_double(double v) {
    if (!std::isfinite(v)) {
        out_.append("null");
        return;
    }
    char* p = out_.tail(kMaxNumber);
    out_.commit(std::to_chars(p, p + kMaxNumber, v).ptr);
}

void JsonOut::put_string(std::string_view v) {
    // Worst case: every byte a control character (\u00XX, 6 bytes), plus the quotes.
    char* const begin = out_.tail(v.size() * 6 + 2);
    char* p = begin;
    *p++ = '"';
    for (std::size_t i = 0; i < v.size();) {
        auto c = static_cast<unsigned char>(v[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *p++ = static_cast<char>(c);
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t n = utf8_sequence(v, i);
            if (n != 0) {
                std::memcpy(p, v.data() + i, n);
                p += n;
                i += n;
            } else {
                std::memcpy(p, kReplacement.data(), kReplacement.size());
                p += kReplacement.size();
                ++i;
            }
            continue;
        }
        *p++ = '\\';
        switch (c) {
            case '"':
                *p++ = '"';
                break;
            case '\\':
                *p++ = '\\';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\r':
                *p++ = 'r';
                break;
            case '\t':
                *p++ = 't';
                break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = kHex[c >> 4];
                *p++ = kHex[c & 15];
        }
        ++i;
    }
    *p++ = '"';
    out_.commit(p);
}

}  // namespace dsl::trace::detail
