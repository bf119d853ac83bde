// Fixed: its text through the decimal core, and the double conversion (see fixed.h for rules).
#include "engine/fixed.h"

#include <charconv>
#include <cmath>
#include <ostream>

namespace dsl::engine {

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
    return decimal::format(raw_);
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
