// The decimal core: parsing and formatting (see decimal.h). This is the slow path on purpose:
// written for clarity, for every form the syntax allows, with the fast paths tested against it.
#include "decimal/decimal.h"

#include <charconv>

namespace dsl::decimal {

namespace {

// An exponent's digits are read until its magnitude reaches this, then ignored: any exponent
// beyond about 20 puts a nonzero value out of range, or a fraction's digits far below 1e-8,
// unless the text has some hundred thousand digits.
constexpr long long kExponentCap = 100'000;

bool is_digit(char c) {
    return static_cast<unsigned>(c - '0') < 10;
}

// The pieces of a well-formed number: value = digits x 10^(exponent - fraction digits), where
// digits are the mantissa's without its dot.
struct Parts {
    bool negative = false;
    std::string_view mantissa;  // digits and at most one dot, one digit at least
    long long int_digits = 0;   // before the dot
    long long exponent = 0;
};

// `e` or `E` at text[i], a sign, one or more digits; i ends after them.
bool read_exponent(std::string_view text, std::size_t& i, long long& exponent) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    const std::size_t begin = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        if (exponent < kExponentCap) exponent = exponent * 10 + (text[i] - '0');
    }
    if (negative) exponent = -exponent;
    return i != begin;
}

// The syntax of decimal.h: nullopt for anything else.
std::optional<Parts> split(std::string_view text, Syntax syntax) {
    Parts p;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) p.negative = text[i++] == '-';
    const std::size_t begin = i;
    std::size_t dot = std::string_view::npos;
    for (; i < text.size(); ++i) {
        if (is_digit(text[i])) continue;
        if (text[i] != '.' || dot != std::string_view::npos) break;
        dot = i;
    }
    p.mantissa = text.substr(begin, i - begin);
    const bool has_dot = dot != std::string_view::npos;
    if (p.mantissa.size() == (has_dot ? 1u : 0u)) return std::nullopt;  // no digit
    p.int_digits = static_cast<long long>((has_dot ? dot : i) - begin);
    if (syntax == Syntax::with_exponent && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        if (!read_exponent(text, i, p.exponent)) return std::nullopt;
    }
    if (i != text.size()) return std::nullopt;
    return p;
}

// |raw| = the value x 10^8: the first `keep` digits (leading zeros included) are the integer
// raw value, and the one after them decides the rounding, half away from zero (a dropped 5
// already means "at least half"); zeros follow the digits when there are fewer than `keep`.
// nullopt beyond INT64_MAX.
std::optional<std::int64_t> magnitude(const Parts& p) {
    const long long keep = p.int_digits + p.exponent + kDecimals;
    if (keep < 0) return 0;  // every digit below half of 1e-8
    constexpr auto kMax = static_cast<std::uint64_t>(kMaxRaw);
    std::uint64_t mag = 0;  // never above kMax
    long long taken = 0;
    for (char c : p.mantissa) {
        if (c == '.') continue;
        if (taken == keep) {
            if (c >= '5' && mag++ == kMax) return std::nullopt;
            return static_cast<std::int64_t>(mag);
        }
        const auto digit = static_cast<unsigned>(c - '0');
        // Only values this close to the limit need the exact test.
        if (mag > (kMax - 9) / 10 && mag > (kMax - digit) / 10) return std::nullopt;
        mag = mag * 10 + digit;
        ++taken;
    }
    // Fewer digits than kept: zeros follow (none matter to a zero, however many; 19 more than
    // a nonzero value has are too many).
    if (mag != 0 && taken < keep) {
        if (keep - taken > 18 ||
            __builtin_mul_overflow(mag, static_cast<std::uint64_t>(kPow10[keep - taken]), &mag) ||
            mag > kMax) {
            return std::nullopt;
        }
    }
    return static_cast<std::int64_t>(mag);
}

}  // namespace

std::optional<std::int64_t> parse(std::string_view text, Syntax syntax) {
    const std::optional<Parts> parts = split(text, syntax);
    if (!parts) return std::nullopt;
    const std::optional<std::int64_t> mag = magnitude(*parts);
    if (!mag) return std::nullopt;
    return parts->negative ? -*mag : *mag;
}

std::string format(std::int64_t raw) {
    if (raw == kNanRaw) return "nan";
    // The magnitude as unsigned: |INT64_MIN + 1| fits, and INT64_MIN is the NaN handled above.
    const std::uint64_t mag =
        raw < 0 ? 0 - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
    constexpr auto kUnsignedScale = static_cast<std::uint64_t>(kScale);
    char buffer[32];  // "-92233720368.54775807" is 21
    char* p = buffer;
    if (raw < 0) *p++ = '-';
    p = std::to_chars(p, buffer + sizeof buffer, mag / kUnsignedScale).ptr;
    std::uint64_t frac = mag % kUnsignedScale;
    if (frac != 0) {
        *p++ = '.';
        for (int d = kDecimals - 1; d >= 0; --d, frac /= 10)
            p[d] = static_cast<char>('0' + frac % 10);
        p += kDecimals;
        while (p[-1] == '0')
            --p;
    }
    return std::string(buffer, p);
}

}  // namespace dsl::decimal
