// Decimal: the reader's exact number, the same representation as the engine's Fixed (a signed
// 64-bit count of 1e-8) without depending on the engine: both take their text from the decimal
// core (decimal/decimal.h).
//
// Traces write prices, quantities and money as exact decimal text; parse() reads such text (any
// JSON number, exponents included) back exactly: digits beyond the 8th decimal are rounded half
// away from zero, as the engine rounds, and values outside +/-92,233,720,368.54775807 are
// refused. The raw value INT64_MIN is "not a number" (a null in the trace). Doubles appear only
// at the edge (to_double(), for drawing).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "decimal/decimal.h"

namespace dsl::trace {

class Decimal {
  public:
    static constexpr int kDecimals = decimal::kDecimals;
    static constexpr std::int64_t kScale = decimal::kScale;

    constexpr Decimal() = default;
    static constexpr Decimal from_raw(std::int64_t raw) {
        Decimal d;
        d.raw_ = raw;
        return d;
    }
    static constexpr Decimal nan() { return from_raw(kNanRaw); }
    // nullopt when units * 1e8 is out of range.
    static std::optional<Decimal> from_int(std::int64_t units);
    // A JSON number's text ("-12.5", "3e-2"): decimal::parse with exponents; nullopt when
    // malformed or out of range.
    static std::optional<Decimal> parse(std::string_view text);

    constexpr std::int64_t raw() const { return raw_; }
    constexpr bool is_nan() const { return raw_ == kNanRaw; }
    constexpr bool is_zero() const { return raw_ == 0; }
    constexpr bool is_positive() const { return raw_ > 0; }
    constexpr bool is_negative() const { return raw_ < 0 && raw_ != kNanRaw; }
    // NaN for nan().
    double to_double() const;
    // The exact value without trailing zeros ("2.179012", "100", "-0.5"); "nan" for nan().
    std::string to_string() const;

    constexpr auto operator<=>(const Decimal&) const = default;

  private:
    static constexpr std::int64_t kNanRaw = decimal::kNanRaw;
    std::int64_t raw_ = 0;
};

}  // namespace dsl::trace
