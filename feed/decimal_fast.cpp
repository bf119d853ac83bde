// parse_decimal: the fast path for whole texts, the core for the rest (see decimal_fast.h).
#include "feed/decimal_fast.h"

namespace dsl::runner {

std::optional<engine::Fixed> parse_decimal(std::string_view text) {
    const char* p = text.data();
    const char* const e = p + text.size();
    bool negative = false;
    if (p != e && (*p == '-' || *p == '+')) negative = *p++ == '-';
    std::int64_t raw = 0;
    if (fast::plain_decimal(p, e, raw) == e) return engine::Fixed::from_raw(negative ? -raw : raw);
    // Everything unusual (no digits, junk, a comma, huge, more than 8 decimals) is the core's.
    return engine::Fixed::parse(text);
}

}  // namespace dsl::runner
