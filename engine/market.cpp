// Consistency checks of market input (see market.h).
#include "engine/market.h"

namespace dsl::engine {

namespace {

bool usable_price(Fixed p) {
    return !p.is_nan() && p.is_positive();
}

}  // namespace

std::string_view bar_problem(const Bar& b) {
    if (!usable_price(b.open) || !usable_price(b.high) || !usable_price(b.low) ||
        !usable_price(b.close)) {
        return "bar prices must be > 0";
    }
    if (b.volume.is_nan() || b.volume.is_negative()) return "bar volume must be >= 0";
    if (b.low > min(b.open, b.close) || b.high < max(b.open, b.close)) {
        return "bar must satisfy low <= open, close <= high";
    }
    return "";
}

std::string_view check_tick(const Tick& t) {
    if (!usable_price(t.price)) return "tick price must be > 0";
    if (t.size.is_nan() || t.size.is_negative()) return "tick size must be >= 0";
    if (t.bid && !usable_price(*t.bid)) return "tick bid must be > 0";
    if (t.ask && !usable_price(*t.ask)) return "tick ask must be > 0";
    if (t.bid && t.ask && *t.bid > *t.ask) return "tick bid must be <= ask";
    return "";
}

}  // namespace dsl::engine
