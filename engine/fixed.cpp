// Fixed: exact decimal parsing and formatting, and the double conversion (see fixed.h for rules).
#include "engine/fixed.h"

#include <charconv>
#include <cmath>
#include <ostream>

namespace dsl::engine {

namespace {

constexpr __int128 kMaxRaw = std::numeric_limits<std::int64_t>::max();

}  // namespace

std::optional<Fixed> Fixed::parse(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        ++i;
    }
    __int128 units = 0;
    int int_digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
        units = units * 10 + (text[i] - '0');
        if (units > kMaxRaw) return std::nullopt;
    }
    __int128 frac = 0;
    int frac_digits = 0;
    bool round_up = false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits) {
            // The 9th decimal decides rounding (half away from zero); later digits cannot matter
            // because a 9th digit of 5 already means "at least half".
            if (frac_digits < kDecimals) {
                frac = frac * 10 + (text[i] - '0');
            } else if (frac_digits == kDecimals) {
                round_up = text[i] >= '5';
            }
        }
    }
    if (i != text.size() || int_digits + frac_digits == 0) return std::nullopt;
    for (int d = std::min(frac_digits, kDecimals); d < kDecimals; ++d)
        frac *= 10;
    __int128 raw = units * kScale + frac + (round_up ? 1 : 0);
    if (raw > kMaxRaw) return std::nullopt;
    return from_raw(static_cast<std::int64_t>(negative ? -raw : raw));
}

Fixed Fixed::from_double(double value) {
    if (!std::isfinite(value) || std::fabs(value) >= 9.2e10) return nan();
    // Below 1e-9 the result is zero whatever the digits; this also bounds the text length.
    if (std::fabs(value) < 1e-9) return Fixed();
    // A whole number (most quantities) is its own shortest decimal: no text needed. Below
    // 9.2e10 it is exact in a double and its raw value fits.
    if (value == std::trunc(value)) return from_raw(static_cast<std::int64_t>(value) * kScale);
    char buf[64];
    // Fixed notation keeps every digit of the shortest round-trip representation in plain form.
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    if (ec != std::errc()) return nan();
    auto parsed = parse(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    return parsed ? *parsed : nan();
}

std::string Fixed::to_string() const {
    if (is_nan()) return "nan";
    __int128 v = raw_;
    bool negative = v < 0;
    if (negative) v = -v;
    auto units = static_cast<std::int64_t>(v / kScale);
    auto frac = static_cast<std::int64_t>(v % kScale);
    std::string out = negative ? "-" : "";
    out += std::to_string(units);
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

std::ostream& operator<<(std::ostream& out, Fixed value) {
    return out << value.to_string();
}

Fixed fx(std::string_view text) {
    auto parsed = Fixed::parse(text);
    if (!parsed) throw std::invalid_argument("malformed decimal: " + std::string(text));
    return *parsed;
}

}  // namespace dsl::engine
