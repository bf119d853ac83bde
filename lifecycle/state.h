// What the reducer (reduce.h) keeps: an order and a position as the changes so far made them.
//
// Order<Num> has the fields of the engine's OrderSnapshot (engine/order.h), by the same names, plus
// the lifecycle's own dates and reasons; Position<Num> the fields of a position that the changes
// report. Nothing here is computed: every field is a value some change carried (or a sum of them:
// an order's commission, a position's realized PnL and commission), so a consumer that applies the
// changes in order has exactly the engine's state after each of them.
#pragma once

#include <string>

#include "lifecycle/vocabulary.h"

namespace dsl::lifecycle {

template <class Num>
struct Order {
    OrderId id = kNoOrder;
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    TimeInForce tif = TimeInForce::gtc;
    OrderStatus status = OrderStatus::pending;
    std::string tag;
    Num qty;  // now: OCO reductions and bracket exit sizes change it
    Num filled_qty;
    Num limit_price;  // 0 when the type has none
    Num stop_price;   // 0 when the type has none; a trailing stop's current stop
    Num trail_offset;
    Num trail_percent;
    Num avg_fill_price;  // 0 while nothing filled
    Num last_fill_qty;
    Num last_fill_price;
    Num commission;  // of all its fills
    bool triggered = false;
    // Why it ended: the reject, cancel or expire code ("" while working or once filled), a
    // rejection's text, and the order whose fill caused a contingent cancel.
    std::string reason;
    std::string text;
    OrderId cause = kNoOrder;
    // Contingency links (kNoOrder when absent): a bracket exit's entry, an entry's exits, the OCO
    // partner.
    OrderId parent = kNoOrder;
    OrderId take_profit = kNoOrder;
    OrderId stop_loss = kNoOrder;
    OrderId oco = kNoOrder;
    Timestamp created_ts = kNoTime;
    Timestamp updated_ts = kNoTime;  // of the last change of its status, size, prices or links
    Timestamp accepted_ts = kNoTime;
    Timestamp latency_ns = 0;  // the submit latency it waited
    Timestamp triggered_ts = kNoTime;
    Timestamp finished_ts = kNoTime;          // when it reached its final status
    Timestamp cancel_effective_at = kNoTime;  // a cancel in flight

    bool working() const { return is_working(status); }
    bool operator==(const Order&) const = default;
};

// A symbol's position. qty, avg_price, realized_pnl and commission follow every fill;
// unrealized_pnl is as of the last fill (marked at its price) or position_changed (marked at the
// event's last price): the marks between are not changes.
template <class Num>
struct Position {
    SymbolId symbol = kNoSymbol;
    Num qty;  // signed: > 0 long, < 0 short
    Num avg_price;
    Num realized_pnl;
    Num unrealized_pnl;
    Num commission;
    Timestamp updated_ts = kNoTime;

    bool open() const { return !qty.is_zero(); }
    bool operator==(const Position&) const = default;
};

}  // namespace dsl::lifecycle
