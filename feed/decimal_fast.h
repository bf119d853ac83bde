// The CSV fast path of decimals: the scalar word-at-a-time conversions of price and volume
// cells, and parse_decimal(), the whole-text parser of the general path.
//
// The slow path they must equal is decimal::parse(text, decimal::Syntax::plain)
// (decimal/decimal.h), which engine::Fixed::parse is. Each function here converts only the
// canonical decimals it names - `digits`, `digits.`, `.digits` or `digits.digits`, no sign -
// and then gives exactly that raw value; anything else it declines (parse_decimal then asks the
// core), never gives another value. tests/feed/decimal_fast_test.cpp checks this on random
// and edge texts of every digit count, sign, exponent, junk and overflow, and the market data
// fuzzer (feed/fuzz) on every input. feed/decimal_simd.h is the 16-digit variant.
//
// The word operations read 8 bytes at a time: each function says how many bytes must be
// readable at its start, whatever the cell's length.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "decimal/decimal.h"
#include "engine/fixed.h"

namespace dsl::runner {

// decimal::parse(text) as an engine::Fixed: plain decimals of at most 10 integer and 8 fraction
// digits, with an optional sign, through fast::plain_decimal(); everything else through the core.
std::optional<engine::Fixed> parse_decimal(std::string_view text);

namespace fast {

static_assert(decimal::kScale == 100'000'000, "the fraction is the raw value's last 8 digits");

// The raw value of a fraction of `digits` (<= 8) digits, per unit of its value: 10^(8 - digits).
inline std::uint64_t fraction_scale(unsigned digits) {
    return static_cast<std::uint64_t>(decimal::kPow10[decimal::kDecimals - digits]);
}

inline bool is_digit(char c) {
    return static_cast<unsigned>(c - '0') < 10;
}

// Bit 7 of each byte of d (bytes holding c - '0') set when the byte is not a digit (d >= 10,
// masked so that no carry crosses into the next byte).
inline std::uint64_t not_digits(std::uint64_t d) {
    return (((d & 0x7F7F7F7F7F7F7F7FULL) + 0x7676767676767676ULL) | d) & 0x8080808080808080ULL;
}

// The number whose n (1..8) decimal digits are bytes 0..n-1 of d (values 0..9, the first the
// most significant); the other bytes are ignored.
inline std::uint64_t digits_value(std::uint64_t d, unsigned n) {
    // Shifting up by 8 - n bytes drops the other bytes and puts zeros in front.
    d <<= 8 * (8 - n);
    d = d * 10 + (d >> 8);
    d = (((d & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
         (((d >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
        32;
    return static_cast<std::uint32_t>(d);
}

inline std::uint64_t load8(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native != std::endian::little) v = __builtin_bswap64(v);
    return v;
}

// The bytes below byte n (n <= 8) of a word.
inline std::uint64_t low_bytes(unsigned n) {
    return n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
}

// The leading decimal digits of the 8 bytes at p (8 readable bytes): their count (0..8) and
// value, in a few word operations instead of a dependent multiply-add per digit (the technique
// of simdjson's parse_eight_digits_unrolled).
inline unsigned eight_digits(const char* p, std::uint64_t& value) {
    const std::uint64_t d = load8(p) ^ 0x3030303030303030ULL;  // digits become 0..9
    const std::uint64_t nd = not_digits(d);
    const unsigned n = nd == 0 ? 8 : static_cast<unsigned>(__builtin_ctzll(nd)) / 8;
    value = n == 0 ? 0 : digits_value(d, n);
    return n;
}

// The common price or volume: the cell [s, c) of at most 9 bytes, `digits`, `digits.`,
// `.digits` or `digits.digits` with 1 to 8 digits in all; 8 bytes readable at s. Its digits,
// the dot squeezed out, are converted with one digits_value(): half the work of the integer
// and fraction separately. False (raw untouched) for any other cell.
inline bool short_decimal(const char* s, const char* c, std::int64_t& raw) {
    const auto len = static_cast<unsigned>(c - s);
    if (len == 0 || len > 9) return false;
    const std::uint64_t d = load8(s) ^ 0x3030303030303030ULL;
    const std::uint64_t nd = not_digits(d);
    const unsigned k = nd == 0 ? 8 : static_cast<unsigned>(__builtin_ctzll(nd)) / 8;
    if (k >= len) {  // no dot: an integer of len <= 8 digits
        raw = static_cast<std::int64_t>(digits_value(d, len) * decimal::kScale);
        return true;
    }
    // Byte k must be the dot ('.' ^ '0' == 0x1E); the len - k - 1 bytes after it are the
    // fraction, moved down one byte to follow the integer digits.
    if (k == 8 || ((d >> (8 * k)) & 0xFF) != 0x1E) return false;  // 9 digits: not short
    const unsigned n = len - 1;                                   // digits in all
    if (n == 0) return false;                                     // a lone "."
    const std::uint64_t after = k == 7 ? 0 : d >> (8 * (k + 1));  // (a shift by 64 is undefined)
    std::uint64_t joined = (d & low_bytes(k)) | (after << (8 * k));
    if (len == 9)
        joined |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[8]) ^ 0x30) << 56;
    joined &= low_bytes(n);
    if (not_digits(joined) & low_bytes(n)) return false;
    raw = static_cast<std::int64_t>(digits_value(joined, n) * fraction_scale(n - k));
    return true;
}

// Up to `limit` + 1 digits at p (stopping at e): adds them to value, returns the count.
inline unsigned scalar_digits(const char*& p, const char* e, unsigned limit, std::uint64_t& value) {
    unsigned n = 0;
    while (p != e && is_digit(*p) && n <= limit) {
        value = value * 10 + static_cast<unsigned>(*p - '0');
        ++p;
        ++n;
    }
    return n;
}

// A decimal at p that ends at a ',' or at e (the end of the line): `digits`, `digits.`,
// `.digits` or `digits.digits` with at most 10 integer and 8 fraction digits, at least one
// digit (its raw value is then below 10^18). Returns the position after it, or nullptr (raw
// untouched) for anything else. Reads nothing at or past e.
inline const char* plain_decimal(const char* p, const char* e, std::int64_t& raw) {
    std::uint64_t units = 0;
    unsigned int_digits = 0;
    if (e - p >= 8) {
        int_digits = eight_digits(p, units);
        p += int_digits;
        if (int_digits == 8) int_digits += scalar_digits(p, e, 2, units);
    } else {
        int_digits = scalar_digits(p, e, 10, units);
    }
    if (int_digits > 10) return nullptr;
    std::uint64_t frac = 0;
    unsigned frac_digits = 0;
    if (p != e && *p == '.') {
        ++p;
        if (e - p >= 8) {
            frac_digits = eight_digits(p, frac);
            p += frac_digits;
            if (frac_digits == 8 && p != e && is_digit(*p)) return nullptr;
        } else {
            frac_digits = scalar_digits(p, e, 8, frac);
            if (frac_digits > 8) return nullptr;
        }
    }
    if (int_digits + frac_digits == 0 || (p != e && *p != ',')) return nullptr;
    raw = static_cast<std::int64_t>(units * static_cast<std::uint64_t>(decimal::kScale) +
                                    frac * fraction_scale(frac_digits));
    return p;
}

}  // namespace fast
}  // namespace dsl::runner
