// Every event the engine emits, defined in this one place.
//
// DSL_ENGINE_EVENTS lists the event types in their variant order with their stable snake_case
// names; the Event variant, the names and the kind count are all expanded from that list, so a
// trace writer that switches over Event (std::visit) is told by the compiler when a type is added.
// Every event carries ts: the engine clock (nanoseconds, UTC) when it happened. Events own their
// data (strings included) and compare with ==, so a recorded stream can be checked for replay
// identity. The order in which events are emitted is specified in docs/engine.md.
//
// The events are the orders' and positions' whole history: each carries the values it sets (an
// order's size and prices after a change, the position after a fill), so that the state after
// any prefix of the stream follows from the stream alone, by lifecycle/reduce.h, without the
// engine. When a sink receives an event, the engine's orders and positions are exactly that
// state (tests/lifecycle checks it on random order streams).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "engine/fixed.h"
#include "engine/reasons.h"
#include "engine/types.h"

namespace dsl::engine {

// X(Type, name)
#define DSL_ENGINE_EVENTS(X)                          \
    X(OrderSubmitted, "order_submitted")              \
    X(OrderAccepted, "order_accepted")                \
    X(OrderRejected, "order_rejected")                \
    X(OrderTriggered, "order_triggered")              \
    X(OrderModified, "order_modified")                \
    X(OrderPartiallyFilled, "order_partially_filled") \
    X(OrderFilled, "order_filled")                    \
    X(OrderCanceled, "order_canceled")                \
    X(OrderExpired, "order_expired")                  \
    X(CancelRequested, "cancel_requested")            \
    X(CommandRejected, "command_rejected")            \
    X(OcoLinked, "oco_linked")                        \
    X(BracketLinked, "bracket_linked")                \
    X(Fill, "fill")                                   \
    X(PositionChanged, "position_changed")            \
    X(MarginCall, "margin_call")                      \
    X(ForcedLiquidation, "forced_liquidation")        \
    X(AmbiguousBar, "ambiguous_bar")                  \
    X(MarketDataRejected, "market_data_rejected")     \
    X(PortfolioSnapshot, "portfolio_snapshot")

// A command created an order (whether or not it will be accepted). parent: a bracket exit's entry.
struct OrderSubmitted {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    TimeInForce tif = TimeInForce::gtc;
    Fixed qty;
    Fixed limit_price;
    Fixed stop_price;
    Fixed trail_offset;
    Fixed trail_percent;
    OrderId parent = kNoOrder;
    std::string tag;
    bool operator==(const OrderSubmitted&) const = default;
};

// pending -> open: latency elapsed (latency_ns says how long it was), or a bracket exit's entry
// filled (qty is then the exit's initial size). stop_price: the order's stop now, which for a
// trailing stop is its first one (0 while the market has no price yet).
struct OrderAccepted {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Fixed qty;
    Timestamp latency_ns = 0;
    Fixed stop_price;
    bool operator==(const OrderAccepted&) const = default;
};

struct OrderRejected {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    RejectReason reason = RejectReason::none;
    std::string text;
    bool operator==(const OrderRejected&) const = default;
};

// A stop price was reached (stop, stop-limit, trailing stop); the order's stop is trigger_price.
struct OrderTriggered {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Fixed trigger_price;  // the stop price that was reached
    Fixed market_price;   // where the market was when it triggered (beyond the stop on a gap)
    PathLeg leg = PathLeg::open;
    bool operator==(const OrderTriggered&) const = default;
};

// The engine changed a working order's size or price (never its status).
struct OrderModified {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    ModifyReason reason = ModifyReason::trail_moved;
    Fixed qty;
    Fixed limit_price;
    Fixed stop_price;
    OrderId cause = kNoOrder;  // the order whose fill caused it (OCO sibling, bracket entry)
    bool operator==(const OrderModified&) const = default;
};

// The order's status and average after the Fill just before (its filled quantity, last fill and
// commission changed with the Fill).
struct OrderPartiallyFilled {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Fixed filled_qty;
    Fixed remaining_qty;
    Fixed avg_fill_price;
    bool operator==(const OrderPartiallyFilled&) const = default;
};

struct OrderFilled {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Fixed filled_qty;
    Fixed avg_fill_price;
    bool operator==(const OrderFilled&) const = default;
};

struct OrderCanceled {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    CancelReason reason = CancelReason::user;
    Fixed filled_qty;
    OrderId cause = kNoOrder;  // the sibling or entry that caused a contingent cancel
    bool operator==(const OrderCanceled&) const = default;
};

struct OrderExpired {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    ExpireReason reason = ExpireReason::day;
    Fixed filled_qty;
    bool operator==(const OrderExpired&) const = default;
};

// A cancel with latency is in flight; it takes effect at effective_at unless a fill wins first.
struct CancelRequested {
    Timestamp ts = kNoTime;
    OrderId id = kNoOrder;
    Timestamp effective_at = kNoTime;
    bool operator==(const CancelRequested&) const = default;
};

// cancel() or oco() could not be carried out; the orders named are unchanged.
struct CommandRejected {
    Timestamp ts = kNoTime;
    CommandKind command = CommandKind::cancel;
    OrderId id = kNoOrder;
    OrderId other = kNoOrder;  // oco(): the second order
    RejectReason reason = RejectReason::none;
    std::string text;
    bool operator==(const CommandRejected&) const = default;
};

struct OcoLinked {
    Timestamp ts = kNoTime;
    OrderId first = kNoOrder;
    OrderId second = kNoOrder;
    bool operator==(const OcoLinked&) const = default;
};

// A bracket's orders, just submitted, are linked: the entry names its exits, and the exits are
// OCO to each other (each names the entry as its parent since its submission).
struct BracketLinked {
    Timestamp ts = kNoTime;
    OrderId entry = kNoOrder;
    OrderId take_profit = kNoOrder;
    OrderId stop_loss = kNoOrder;
    bool operator==(const BracketLinked&) const = default;
};

// One execution, with everything that explains its price. The order's filled quantity, last fill
// and commission include it; its status and average follow in OrderFilled/OrderPartiallyFilled.
struct Fill {
    Timestamp ts = kNoTime;
    std::uint64_t fill_id = 0;    // monotonic from 1
    std::uint64_t event_seq = 0;  // the market event (bar or tick) it happened on, from 1
    OrderId order_id = kNoOrder;
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    Fixed qty;
    Fixed price;                  // final price: base price + slippage, clamped
    PathLeg leg = PathLeg::open;  // where on the bar's path, or tick
    Fixed trigger_price;          // the limit or stop price that made it fill (0 for market)
    GapRule gap = GapRule::none;
    Fixed base_price;          // the price before slippage
    Fixed slippage;            // price - base_price, signed so that > 0 is worse for the trader
    Timestamp latency_ns = 0;  // submit latency the order waited
    Fixed commission;
    bool liquidity_capped = false;    // the liquidity model limited this fill
    OrderId oco_canceled = kNoOrder;  // sibling canceled because of this fill
    OrderId oco_reduced = kNoOrder;   // sibling reduced because of this fill
    Fixed realized_pnl;               // realized by this fill (before commission)
    Fixed position_after;             // signed net position after the fill
    Fixed avg_price_after;            // average entry price after the fill
    Fixed unrealized_pnl_after;       // the position's unrealized PnL, marked at this fill's price
    bool operator==(const Fill&) const = default;
};

// A position's quantity or average changed (emitted once per symbol at the end of an event).
struct PositionChanged {
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    Fixed qty;  // signed: > 0 long, < 0 short
    Fixed avg_price;
    Fixed realized_pnl;
    Fixed unrealized_pnl;
    Fixed commission;
    bool operator==(const PositionChanged&) const = default;
};

// Margin account equity fell below the maintenance requirement.
struct MarginCall {
    Timestamp ts = kNoTime;
    Fixed equity;
    Fixed maintenance_required;
    bool operator==(const MarginCall&) const = default;
};

// A market order the engine submitted to close a position after a margin call.
struct ForcedLiquidation {
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    OrderId order_id = kNoOrder;
    Side side = Side::buy;
    Fixed qty;
    bool operator==(const ForcedLiquidation&) const = default;
};

// One market event could fill both legs of an OCO pair (or both exits of a bracket); the path
// model decided which came first.
struct AmbiguousBar {
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    std::uint64_t event_seq = 0;  // the bar (or tick) that was ambiguous
    OrderId first = kNoOrder;     // the lower id of the pair
    OrderId second = kNoOrder;
    OrderId winner = kNoOrder;
    bool operator==(const AmbiguousBar&) const = default;
};

// A bar or tick the engine refused (unknown symbol, inconsistent prices, time going backwards).
struct MarketDataRejected {
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    std::string text;
    bool operator==(const MarketDataRejected&) const = default;
};

// The account at one moment; identity: equity == start cash + realized + unrealized - commission.
struct PortfolioSnapshot {
    Timestamp ts = kNoTime;
    Fixed cash;
    Fixed equity;
    Fixed realized_pnl;
    Fixed unrealized_pnl;
    Fixed commission;
    Fixed margin_used;         // sum of |position value| x initial margin rate
    Fixed maintenance_margin;  // sum of |position value| x maintenance margin rate
    Fixed buying_power;        // (equity - margin_used) / account initial rate, >= 0
    Fixed gross_exposure;      // sum of |position value|
    bool operator==(const PortfolioSnapshot&) const = default;
};

namespace detail {
// Drops the leading void that lets the X-macro expand to ", T" for every type.
template <typename First, typename... Ts>
struct VariantOfTail {
    using type = std::variant<Ts...>;
};
}  // namespace detail

#define DSL_ENGINE_EVENT_TYPE(Type, name) , Type
using Event = detail::VariantOfTail<void DSL_ENGINE_EVENTS(DSL_ENGINE_EVENT_TYPE)>::type;
#undef DSL_ENGINE_EVENT_TYPE

#define DSL_ENGINE_EVENT_COUNT_ONE(Type, name) +1
inline constexpr std::size_t kEventKindCount = 0 DSL_ENGINE_EVENTS(DSL_ENGINE_EVENT_COUNT_ONE);
#undef DSL_ENGINE_EVENT_COUNT_ONE

// The stable name of an event kind ("fill", "order_canceled", ...).
std::string_view event_name(const Event& event);
std::string_view event_name(std::size_t kind_index);
Timestamp event_ts(const Event& event);

}  // namespace dsl::engine
