// The matching core: given one order's terms and one market event, where does it trigger and
// at what base price does it fill? Pure functions of their inputs; they change nothing.
//
// The engine asks this core about each candidate order and applies the answers (Match values):
// triggers, fills (before slippage, liquidity and buying power, which the engine applies) and the
// new state of a trailing stop. Rules (docs/engine.md states them in full):
// - market: fills where evaluation starts (the bar's open, or the tick's ask/bid).
// - limit: fills at the start price if that is at or through the limit (buy: <= limit), else at
//   the limit when the path first reaches it.
// - stop: triggers at the start if already at or through the stop (buy: >= stop), else when the
//   path first reaches it; fills at the worse of stop and market price at the trigger.
// - stop_limit: triggers like a stop, then is a limit from the trigger point on (same bar).
// - trailing_stop: a stop at best-price-so-far -/+ offset (or percent), rounded to the tick away
//   from the market; the best price follows the path before the trigger is checked on each leg.
// - A stop whose trigger has already happened (a remainder) behaves as a market order.
// - open_only (IOC/FOK): only the starting point is considered, the path is not walked.
// On ticks, triggers use the trade price and fills the ask (buys) or bid (sells) when quoted.
#pragma once

#include <optional>

#include "engine/fixed.h"
#include "engine/price_path.h"
#include "engine/reasons.h"
#include "engine/types.h"

namespace dsl::engine {

// The parts of an order the core needs.
struct OrderTerms {
    Side side = Side::buy;
    OrderType type = OrderType::market;
    Fixed limit_price;
    Fixed stop_price;
    bool triggered = false;
    Fixed trail_offset;
    Fixed trail_percent;
    std::optional<Fixed> trail_anchor;  // best price seen so far (trailing_stop)
    Fixed tick_size;
};

struct TickQuote {
    Fixed trade;
    Fixed buy_price;   // ask when quoted, else trade
    Fixed sell_price;  // bid when quoted, else trade
};

struct Match {
    bool triggered_now = false;
    Fixed trigger_price;   // stop (or limit) level that governed the trigger/fill
    Fixed trigger_market;  // market price when the stop triggered
    PathLeg trigger_leg = PathLeg::open;

    bool fills = false;
    PathPos fill_pos;
    PathLeg leg = PathLeg::open;
    Fixed base_price;
    Fixed fill_trigger_price;  // the limit or stop that made it fill (0 for market)
    GapRule gap = GapRule::none;
    std::optional<Fixed> limit_cap;  // limit fills: slippage never goes past this

    std::optional<Fixed> trail_anchor;  // trailing stops: the new best price
    Fixed trail_stop;                   // and the stop it implies
};

Match match_on_path(const OrderTerms& order, const PricePath& path, PathPos from, bool open_only);
Match match_on_tick(const OrderTerms& order, const TickQuote& quote);

// A trailing stop's stop price for a best price, rounded to the tick away from the market.
Fixed trailing_stop_price(Side side, Fixed anchor, Fixed offset, Fixed percent, Fixed tick);

}  // namespace dsl::engine
