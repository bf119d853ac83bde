// Fixed: the exact decimal number the engine uses for every price, quantity and amount of money.
//
// Representation: a signed 64-bit count of 1e-8 units (8 decimal places). The representable range
// is +/-92,233,720,368.54775807; the engine keeps every value it produces well inside it by
// rejecting orders whose notional exceeds kMaxNotional (see validation.h). The raw value INT64_MIN
// is reserved as "not a number" (Fixed::nan()): from_double() returns it for NaN, infinities and
// values outside the range, so that the order validator can reject such input with a reason
// instead of the conversion failing.
//
// Invariants and rules:
// - Addition, subtraction and negation are exact; overflow throws std::overflow_error (never
//   silently wraps). Such an overflow can only follow from values far outside the validated range.
// - Multiplication and division compute the exact result through __int128 and round it to the
//   nearest 1e-8, halves away from zero ("round half away from zero"). mul_floor/div_floor and
//   friends round toward negative infinity where a direction is needed (lot sizes, liquidity).
// - parse() reads [+-]digits[.digits] exactly; digits beyond the 8th decimal are rounded half away
//   from zero. to_string() prints the exact value with trailing zeros removed ("2.179012", "100").
//   Both are the decimal core's (decimal/decimal.h), which the trace reader shares.
// - from_double() converts through the shortest decimal that round-trips the double
//   (std::to_chars), then rounds that decimal half away from zero to 8 places: 0.1 becomes exactly
//   0.1 and a double read from a decimal with at most 8 places converts back exactly.
// - A default-constructed Fixed is zero. Fixed is a trivially copyable 8-byte value.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "decimal/decimal.h"

namespace dsl::engine {

class Fixed {
  public:
    static constexpr int kDecimals = decimal::kDecimals;
    static constexpr std::int64_t kScale = decimal::kScale;

    constexpr Fixed() = default;

    // Whole numbers; throws std::overflow_error outside the range.
    static constexpr Fixed from_int(std::int64_t units) {
        std::int64_t raw = 0;
        if (__builtin_mul_overflow(units, kScale, &raw) || raw == kNanRaw) {
            throw std::overflow_error("Fixed::from_int out of range");
        }
        return from_raw(raw);
    }
    static constexpr Fixed from_raw(std::int64_t raw) {
        Fixed f;
        f.raw_ = raw;
        return f;
    }
    static constexpr Fixed nan() { return from_raw(kNanRaw); }
    static constexpr Fixed max() { return from_raw(std::numeric_limits<std::int64_t>::max()); }
    static constexpr Fixed min() { return from_raw(kNanRaw + 1); }

    // Exact decimal parsing (decimal::parse, no exponent); nullopt for malformed text or a
    // value outside the range. Inline: the market data's general path calls it per cell.
    static std::optional<Fixed> parse(std::string_view text) {
        const std::optional<std::int64_t> raw = decimal::parse(text, decimal::Syntax::plain);
        if (!raw) return std::nullopt;
        return from_raw(*raw);
    }
    // Shortest round-trip decimal, rounded half away from zero; nan() for NaN/inf/out of range.
    static Fixed from_double(double value);

    constexpr std::int64_t raw() const { return raw_; }
    constexpr bool is_nan() const { return raw_ == kNanRaw; }
    constexpr bool is_zero() const { return raw_ == 0; }
    constexpr bool is_positive() const { return raw_ > 0; }
    constexpr bool is_negative() const { return raw_ < 0 && raw_ != kNanRaw; }
    double to_double() const { return static_cast<double>(raw_) / static_cast<double>(kScale); }
    std::string to_string() const;

    constexpr Fixed operator-() const { return from_raw(checked(-static_cast<__int128>(raw_))); }
    // Sums and differences are checked in 64 bits (the flag of the add, not a 128-bit
    // compare): the portfolio's totals take several of them on every mark.
    constexpr Fixed operator+(Fixed o) const {
        std::int64_t r = 0;
        if (__builtin_add_overflow(raw_, o.raw_, &r) || r == kNanRaw) overflowed();
        return from_raw(r);
    }
    constexpr Fixed operator-(Fixed o) const {
        std::int64_t r = 0;
        if (__builtin_sub_overflow(raw_, o.raw_, &r) || r == kNanRaw) overflowed();
        return from_raw(r);
    }
    constexpr Fixed& operator+=(Fixed o) { return *this = *this + o; }
    constexpr Fixed& operator-=(Fixed o) { return *this = *this - o; }
    // Rounded half away from zero. A whole-number operand (quantities, multipliers) takes an
    // exact 64-bit path; everything else goes through __int128.
    constexpr Fixed operator*(Fixed o) const {
        // By 1 first: the multiplier and the margin rates of most instruments and of every cash
        // account, taken on every mark of a held position.
        if (o.raw_ == kScale && raw_ != kNanRaw) return *this;
        if (raw_ == kScale && o.raw_ != kNanRaw) return o;
        if (o.raw_ % kScale == 0) return times_int(o.raw_ / kScale);
        if (raw_ % kScale == 0) return o.times_int(raw_ / kScale);
        return from_raw(checked(div_round(static_cast<__int128>(raw_) * o.raw_, kScale)));
    }
    // Rounded half away from zero; throws std::domain_error on division by zero.
    constexpr Fixed operator/(Fixed o) const {
        if (o.raw_ == 0) throw std::domain_error("Fixed division by zero");
        if (o.raw_ == kScale && raw_ != kNanRaw) return *this;  // by 1 (cash accounts' rate)
        if (o.raw_ % kScale == 0 && o.raw_ != kNanRaw) {
            return from_raw(checked(div_round64(raw_, o.raw_ / kScale)));
        }
        return from_raw(checked(div_round(static_cast<__int128>(raw_) * kScale, o.raw_)));
    }
    // a * b / c computed exactly and rounded once: half away from zero, or toward -infinity.
    static constexpr Fixed mul_div(Fixed a, Fixed b, Fixed c) {
        if (c.raw_ == 0) throw std::domain_error("Fixed division by zero");
        return from_raw(checked(div_round(static_cast<__int128>(a.raw_) * b.raw_, c.raw_)));
    }
    static constexpr Fixed mul_div_floor(Fixed a, Fixed b, Fixed c) {
        if (c.raw_ == 0) throw std::domain_error("Fixed division by zero");
        return from_raw(checked(div_floor(static_cast<__int128>(a.raw_) * b.raw_, c.raw_)));
    }
    constexpr Fixed abs() const { return raw_ < 0 ? -*this : *this; }

    // Directed rounding where the caller needs a guaranteed side (lots, liquidity caps, ticks).
    constexpr Fixed mul_floor(Fixed o) const {
        return from_raw(checked(div_floor(static_cast<__int128>(raw_) * o.raw_, kScale)));
    }
    // The largest multiple of step that is <= *this (step > 0).
    constexpr Fixed floor_to(Fixed step) const {
        return from_raw(checked(div_floor(raw_, step.raw_) * step.raw_));
    }
    // The smallest multiple of step that is >= *this (step > 0).
    constexpr Fixed ceil_to(Fixed step) const {
        return from_raw(checked(-div_floor(-static_cast<__int128>(raw_), step.raw_) * step.raw_));
    }
    // The nearest multiple of step, halves away from zero (step > 0).
    constexpr Fixed round_to(Fixed step) const {
        return from_raw(checked(div_round(raw_, step.raw_) * step.raw_));
    }
    constexpr bool is_multiple_of(Fixed step) const { return raw_ % step.raw_ == 0; }

    constexpr auto operator<=>(const Fixed&) const = default;

  private:
    static constexpr std::int64_t kNanRaw = decimal::kNanRaw;

    [[noreturn]] static void overflowed() {
        throw std::overflow_error("Fixed arithmetic overflow");
    }
    static constexpr std::int64_t checked(__int128 v) {
        if (v > std::numeric_limits<std::int64_t>::max() || v <= kNanRaw) overflowed();
        return static_cast<std::int64_t>(v);
    }
    constexpr Fixed times_int(std::int64_t k) const {
        std::int64_t r = 0;
        if (__builtin_mul_overflow(raw_, k, &r) || r == kNanRaw) overflowed();
        return from_raw(r);
    }
    static constexpr std::int64_t div_round64(std::int64_t n, std::int64_t d) {
        if (d == -1) return checked(-static_cast<__int128>(n));
        std::int64_t q = n / d;
        std::int64_t r = n % d;
        std::uint64_t twice =
            (r < 0 ? 0 - static_cast<std::uint64_t>(r) : static_cast<std::uint64_t>(r)) * 2;
        std::uint64_t ad =
            d < 0 ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
        if (twice >= ad) q += ((n < 0) != (d < 0)) ? -1 : 1;
        return q;
    }
    // n / d rounded to nearest, halves away from zero.
    static constexpr __int128 div_round(__int128 n, __int128 d) {
        __int128 q = n / d;
        __int128 r = n % d;
        __int128 twice = (r < 0 ? -r : r) * 2;
        __int128 ad = d < 0 ? -d : d;
        if (twice >= ad) q += ((n < 0) != (d < 0)) ? -1 : 1;
        return q;
    }
    static constexpr __int128 div_floor(__int128 n, __int128 d) {
        __int128 q = n / d;
        if ((n % d != 0) && ((n < 0) != (d < 0))) --q;
        return q;
    }

    std::int64_t raw_ = 0;
};

// Literal-like helpers for tests and configuration: fx(100), fx("2.179012").
constexpr Fixed fx(std::int64_t units) {
    return Fixed::from_int(units);
}
Fixed fx(std::string_view text);  // throws std::invalid_argument on malformed text

// Prints to_string() (for diagnostics and test failure messages).
std::ostream& operator<<(std::ostream& out, Fixed value);

inline Fixed min(Fixed a, Fixed b) {
    return b < a ? b : a;
}
inline Fixed max(Fixed a, Fixed b) {
    return a < b ? b : a;
}

}  // namespace dsl::engine
