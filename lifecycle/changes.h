// The changes an order or a position goes through, as the reducer (reduce.h) reads them.
//
// Each change carries what the order (or position) is after it: the fields it sets, never a
// difference the reader would have to work out from rules of the engine. The engine's events
// (engine/events.h) and the trace's records (docs/trace.md) are the two sources; both are turned
// into these by their readers (runner/engine_changes.h for the engine, trace/reader.cpp for a
// trace), and the names are the engine's event names, which are also the trace's record types.
//
// Num is the exact decimal of the consumer (engine::Fixed, trace::Decimal: both a signed count of
// 1e-8 with from_raw(), raw(), is_nan() and ==), so that neither has to convert its numbers.
// Reason codes are the engine's snake_case names ("oco_sibling"), as in the trace.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "lifecycle/vocabulary.h"

namespace dsl::lifecycle {

// A command created the order: pending, with all its terms. parent: a bracket exit's entry.
template <class Num>
struct Submitted {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    TimeInForce tif = TimeInForce::gtc;
    Num qty;
    Num limit_price;
    Num stop_price;
    Num trail_offset;
    Num trail_percent;
    OrderId parent = kNoOrder;
    std::string tag;
    bool operator==(const Submitted&) const = default;
};

// pending -> open, with its size (a bracket exit's is its entry's filled quantity) and its stop
// (a trailing stop's first one, once the market has a price).
template <class Num>
struct Accepted {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Num qty;
    Num stop_price;
    Timestamp latency_ns = 0;
    bool operator==(const Accepted&) const = default;
};

template <class Num>
struct Rejected {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    std::string reason;
    std::string text;
    bool operator==(const Rejected&) const = default;
};

// -> triggered: its stop was reached (for a trailing stop, its stop at that moment).
template <class Num>
struct Triggered {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Num trigger_price;
    Num market_price;
    bool operator==(const Triggered&) const = default;
};

// Size and prices after the engine changed them; the status stays.
template <class Num>
struct Modified {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    std::string reason;
    Num qty;
    Num limit_price;
    Num stop_price;
    OrderId cause = kNoOrder;
    bool operator==(const Modified&) const = default;
};

// One execution: the order's filled quantity, last fill and commission, and its symbol's
// position after it. The order's status and average price follow in PartiallyFilled or Filled.
// unrealized_pnl_after is nan when the source does not say (traces before 1.1).
template <class Num>
struct Execution {
    Timestamp ts = kNoTime;
    OrderId order_id = kNoOrder;
    SymbolId symbol = kNoSymbol;
    Num qty;
    Num price;
    Num commission;
    Num realized_pnl;
    Num position_after;
    Num avg_price_after;
    Num unrealized_pnl_after;
    bool operator==(const Execution&) const = default;
};

// -> partially_filled / filled, with the totals after the execution just before.
template <class Num>
struct PartiallyFilled {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Num filled_qty;
    Num avg_fill_price;
    bool operator==(const PartiallyFilled&) const = default;
};

template <class Num>
struct Filled {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Num filled_qty;
    Num avg_fill_price;
    bool operator==(const Filled&) const = default;
};

template <class Num>
struct Canceled {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    std::string reason;
    Num filled_qty;
    OrderId cause = kNoOrder;
    bool operator==(const Canceled&) const = default;
};

template <class Num>
struct Expired {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    std::string reason;
    Num filled_qty;
    bool operator==(const Expired&) const = default;
};

// A cancel is in flight until effective_at; the status stays.
template <class Num>
struct CancelRequested {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Timestamp effective_at = kNoTime;
    bool operator==(const CancelRequested&) const = default;
};

template <class Num>
struct OcoLinked {
    Timestamp ts = kNoTime;
    OrderId first = kNoOrder;
    OrderId second = kNoOrder;
    bool operator==(const OcoLinked&) const = default;
};

// A bracket's three orders, submitted just before, are linked: the entry names its exits, which
// are OCO to each other.
template <class Num>
struct BracketLinked {
    Timestamp ts = kNoTime;
    OrderId entry = kNoOrder;
    OrderId take_profit = kNoOrder;
    OrderId stop_loss = kNoOrder;
    bool operator==(const BracketLinked&) const = default;
};

// A symbol's position at the end of a market event's fills, marked to the event's last price.
template <class Num>
struct PositionChanged {
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    Num qty;
    Num avg_price;
    Num realized_pnl;
    Num unrealized_pnl;
    Num commission;
    bool operator==(const PositionChanged&) const = default;
};

// X(Type, name): the change types in variant order, named as the engine events they come from.
#define DSL_LIFECYCLE_CHANGES(X)                 \
    X(Submitted, "order_submitted")              \
    X(Accepted, "order_accepted")                \
    X(Rejected, "order_rejected")                \
    X(Triggered, "order_triggered")              \
    X(Modified, "order_modified")                \
    X(PartiallyFilled, "order_partially_filled") \
    X(Filled, "order_filled")                    \
    X(Canceled, "order_canceled")                \
    X(Expired, "order_expired")                  \
    X(CancelRequested, "cancel_requested")       \
    X(OcoLinked, "oco_linked")                   \
    X(BracketLinked, "bracket_linked")           \
    X(Execution, "fill")                         \
    X(PositionChanged, "position_changed")

namespace detail {
// Drops the leading void that lets the X-macro expand to ", T" for every type.
template <typename First, typename... Ts>
struct VariantOfTail {
    using type = std::variant<Ts...>;
};
}  // namespace detail

#define DSL_LIFECYCLE_CHANGE_TYPE(Type, name) , Type<Num>
template <class Num>
using Change =
    typename detail::VariantOfTail<void DSL_LIFECYCLE_CHANGES(DSL_LIFECYCLE_CHANGE_TYPE)>::type;
#undef DSL_LIFECYCLE_CHANGE_TYPE

#define DSL_LIFECYCLE_COUNT_ONE(Type, name) +1
inline constexpr std::size_t kChangeKindCount = 0 DSL_LIFECYCLE_CHANGES(DSL_LIFECYCLE_COUNT_ONE);
#undef DSL_LIFECYCLE_COUNT_ONE

// The name of a change kind ("order_filled", "fill", ...).
std::string_view change_name(std::size_t index);
// (Functions of a Change take std::variant<Cs...>: Num cannot be deduced through the alias.)
template <class... Cs>
std::string_view change_name(const std::variant<Cs...>& c) {
    return change_name(c.index());
}

template <class... Cs>
Timestamp change_ts(const std::variant<Cs...>& c) {
    return std::visit(
        [](const auto& x) {
            if constexpr (requires { x.ts; })
                return x.ts;
            else
                return kNoTime;
        },
        c);
}

}  // namespace dsl::lifecycle
