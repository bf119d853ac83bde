// Orders as the engine's users see them: the request a command builds and the value snapshot a
// query returns.
//
// Invariants of a snapshot: 0 <= filled_qty <= qty (qty can shrink when an OCO sibling fills, and
// bracket exits grow with their entry's fills); avg_fill_price is the exact filled notional divided
// by filled_qty, rounded half away from zero (0 while nothing filled); limit_price/stop_price are 0
// when the type has none; a trailing stop's stop_price is its current stop (0 until it is known).
#pragma once

#include <optional>
#include <string>

#include "engine/fixed.h"
#include "engine/order_status.h"
#include "engine/reasons.h"
#include "engine/types.h"

namespace dsl::engine {

// What to submit. A price the type needs but that is absent is rejected (missing_price); a price
// the type does not use is ignored.
struct OrderRequest {
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    Fixed qty;
    std::optional<Fixed> limit_price;    // limit, stop_limit
    std::optional<Fixed> stop_price;     // stop, stop_limit
    std::optional<Fixed> trail_offset;   // trailing_stop by price distance, or ...
    std::optional<Fixed> trail_percent;  // ... by percent of the best price (0 < p < 100)
    TimeInForce tif = TimeInForce::gtc;
    std::string tag;
};

// Options shared by the convenience commands.
struct OrderOptions {
    TimeInForce tif = TimeInForce::gtc;
    std::string tag;
};

// A bracket: an entry (market, or limit when entry_limit is set) plus a take-profit limit and a
// stop-loss stop on the other side, which wait for the entry and are OCO to each other.
struct BracketRequest {
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    Fixed qty;
    std::optional<Fixed> entry_limit;
    Fixed take_profit;
    Fixed stop_loss;
    TimeInForce tif = TimeInForce::gtc;  // the entry's; the exits are GTC
    std::string tag;
};

struct BracketIds {
    OrderId entry = kNoOrder;
    OrderId take_profit = kNoOrder;
    OrderId stop_loss = kNoOrder;
};

struct OrderSnapshot {
    OrderId id = kNoOrder;
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    OrderStatus status = OrderStatus::pending;
    TimeInForce tif = TimeInForce::gtc;
    Fixed qty;
    Fixed filled_qty;
    Fixed limit_price;
    Fixed stop_price;
    Fixed trail_offset;
    Fixed trail_percent;
    Fixed avg_fill_price;
    Fixed last_fill_qty;
    Fixed last_fill_price;
    Fixed commission;  // total commission charged to this order's fills
    bool triggered = false;
    std::string tag;
    RejectReason reject_reason = RejectReason::none;
    std::string reject_text;
    // Contingency links (kNoOrder when absent). A bracket entry names both exits; each exit names
    // its entry as parent and the other exit as oco.
    OrderId parent = kNoOrder;
    OrderId take_profit = kNoOrder;
    OrderId stop_loss = kNoOrder;
    OrderId oco = kNoOrder;
    Timestamp created_ts = kNoTime;
    Timestamp updated_ts = kNoTime;

    Fixed remaining() const { return qty - filled_qty; }
    bool working() const { return is_working(status); }
    bool operator==(const OrderSnapshot&) const = default;
};

}  // namespace dsl::engine
