// Orders as the engine's users see them: the request a command builds and the value snapshot a
// query returns.
//
// Invariants of a snapshot: 0 <= filled_qty <= qty (qty can shrink when an OCO sibling fills, and
// bracket exits grow with their entry's fills); avg_fill_price is the exact filled notional divided
// by filled_qty, rounded half away from zero (0 while nothing filled); limit_price/stop_price are 0
// when the type has none; a trailing stop's stop_price is its current stop (0 until it is known).
#pragma once

#include <string>

#include "engine/fixed.h"
#include "engine/order_status.h"
#include "engine/reasons.h"
#include "engine/types.h"

namespace dsl::engine {

// What to submit. Prices that the type does not use must stay 0 (a nonzero one is ignored).
struct OrderRequest {
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    Fixed qty;
    Fixed limit_price;    // limit, stop_limit
    Fixed stop_price;     // stop, stop_limit
    Fixed trail_offset;   // trailing_stop by price distance, or ...
    Fixed trail_percent;  // ... trailing_stop by percent of the best price (0 < p < 100)
    TimeInForce tif = TimeInForce::gtc;
    std::string tag;
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
};

}  // namespace dsl::engine
