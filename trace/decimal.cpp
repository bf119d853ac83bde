// Decimal: exact parsing of JSON number text and formatting (see decimal.h).
#include "trace/decimal.h"

#include <charconv>
#include <cmath>

namespace dsl::trace {

namespace {

constexpr std::uint64_t kMaxMagnitude = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::optional<Decimal> Decimal::from_int(std::int64_t units) {
    std::int64_t raw = 0;
    if (__builtin_mul_overflow(units, kScale, &raw) || raw == kNanRaw) return std::nullopt;
    return from_raw(raw);
}

// value = digits x 10^(exponent - fraction digits); raw = value x 1e8, rounded half away from
// zero at the first dropped digit (a dropped 5 already means "at least half").
std::optional<Decimal> Decimal::parse(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    std::size_t int_begin = i;
    while (i < text.size() && is_digit(text[i]))
        ++i;
    std::size_t int_end = i;
    std::size_t frac_begin = i, frac_end = i;
    if (i < text.size() && text[i] == '.') {
        frac_begin = ++i;
        while (i < text.size() && is_digit(text[i]))
            ++i;
        frac_end = i;
    }
    if (int_end == int_begin && frac_end == frac_begin) return std::nullopt;
    long long exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
        if (i == text.size()) return std::nullopt;
        for (; i < text.size() && is_digit(text[i]); ++i) {
            if (exponent < 100'000) exponent = exponent * 10 + (text[i] - '0');
        }
        if (exp_negative) exponent = -exponent;
    }
    if (i != text.size()) return std::nullopt;

    // The significant digits: integer part then fraction, leading zeros skipped.
    auto digit_at = [&](std::size_t k) {
        std::size_t int_len = int_end - int_begin;
        return k < int_len ? text[int_begin + k] : text[frac_begin + (k - int_len)];
    };
    std::size_t total = (int_end - int_begin) + (frac_end - frac_begin);
    std::size_t first = 0;
    while (first < total && digit_at(first) == '0')
        ++first;
    if (first == total) return from_raw(0);
    auto significant = static_cast<long long>(total - first);
    // Decimal shift to apply to the significant digits to get raw units.
    long long shift = exponent - static_cast<long long>(frac_end - frac_begin) + kDecimals;
    long long keep = significant + shift;  // digits of the integer raw value
    if (keep > 19) return std::nullopt;    // >= 1e19 > INT64_MAX
    std::uint64_t mag = 0;
    long long kept = 0;
    for (; kept < keep && kept < significant; ++kept) {
        mag = mag * 10 +
              static_cast<std::uint64_t>(digit_at(first + static_cast<std::size_t>(kept)) - '0');
        if (mag > kMaxMagnitude) return std::nullopt;
    }
    for (long long z = significant; z < keep; ++z) {  // trailing zeros (positive shift)
        if (mag > kMaxMagnitude / 10) return std::nullopt;
        mag *= 10;
    }
    if (keep >= 0 && keep < significant) {
        if (digit_at(first + static_cast<std::size_t>(keep)) >= '5') ++mag;
    }
    if (mag > kMaxMagnitude) return std::nullopt;
    auto raw = static_cast<std::int64_t>(mag);
    return from_raw(negative ? -raw : raw);
}

double Decimal::to_double() const {
    if (is_nan()) return std::nan("");
    return static_cast<double>(raw_) / static_cast<double>(kScale);
}

std::string Decimal::to_string() const {
    if (is_nan()) return "nan";
    std::uint64_t mag =
        raw_ < 0 ? 0 - static_cast<std::uint64_t>(raw_) : static_cast<std::uint64_t>(raw_);
    std::string out = raw_ < 0 ? "-" : "";
    out += std::to_string(mag / static_cast<std::uint64_t>(kScale));
    std::uint64_t frac = mag % static_cast<std::uint64_t>(kScale);
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        digits.insert(0, static_cast<std::size_t>(kDecimals) - digits.size(), '0');
        while (digits.back() == '0')
            digits.pop_back();
        out += '.';
        out += digits;
    }
    return out;
}

}  // namespace dsl::trace
