// Decimal: its text through the decimal core (see decimal.h).
#include "trace/decimal.h"

#include <cmath>

namespace dsl::trace {

std::optional<Decimal> Decimal::from_int(std::int64_t units) {
    std::int64_t raw = 0;
    if (__builtin_mul_overflow(units, kScale, &raw) || raw == kNanRaw) return std::nullopt;
    return from_raw(raw);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
    const std::optional<std::int64_t> raw = decimal::parse(text, decimal::Syntax::with_exponent);
    if (!raw) return std::nullopt;
    return from_raw(*raw);
}

double Decimal::to_double() const {
    if (is_nan()) return std::nan("");
    return static_cast<double>(raw_) / static_cast<double>(kScale);
}

std::string Decimal::to_string() const {
    return decimal::format(raw_);
}

}  // namespace dsl::trace
