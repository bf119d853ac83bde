// Engine events to lifecycle changes, field by field; lifecycle state to engine snapshots.
#include "runner/engine_changes.h"

namespace dsl::lifecycle {

namespace {

using engine::Fixed;

#define DSL_COUNT_ONE(...) +1
static_assert(0 DSL_LIFECYCLE_SIDES(DSL_COUNT_ONE) == 0 DSL_ENGINE_SIDES(DSL_COUNT_ONE));
static_assert(0 DSL_LIFECYCLE_ORDER_TYPES(DSL_COUNT_ONE) ==
              0 DSL_ENGINE_ORDER_TYPES(DSL_COUNT_ONE));
static_assert(0 DSL_LIFECYCLE_TIFS(DSL_COUNT_ONE) == 0 DSL_ENGINE_TIFS(DSL_COUNT_ONE));
static_assert(0 DSL_LIFECYCLE_ORDER_STATUSES(DSL_COUNT_ONE) ==
              0 DSL_ENGINE_ORDER_STATUSES(DSL_COUNT_ONE));
constexpr int kRejectReasons = 0 DSL_ENGINE_REJECT_REASONS(DSL_COUNT_ONE);
#undef DSL_COUNT_ONE

engine::RejectReason reject_reason_named(std::string_view name) {
    for (int i = 0; i < kRejectReasons; ++i) {
        auto r = static_cast<engine::RejectReason>(i);
        if (engine::to_string(r) == name) return r;
    }
    return engine::RejectReason::none;
}

}  // namespace

Submitted<Fixed> change_of(const engine::OrderSubmitted& e) {
    return Submitted<Fixed>{
        e.ts,  e.id,          e.symbol,     side_of(e.side), type_of(e.type), tif_of(e.tif),
        e.qty, e.limit_price, e.stop_price, e.trail_offset,  e.trail_percent, e.parent,
        e.tag};
}
Accepted<Fixed> change_of(const engine::OrderAccepted& e) {
    return Accepted<Fixed>{e.ts, e.id, e.qty, e.stop_price, e.latency_ns};
}
Rejected<Fixed> change_of(const engine::OrderRejected& e) {
    return Rejected<Fixed>{e.ts, e.id, std::string(engine::to_string(e.reason)), e.text};
}
Triggered<Fixed> change_of(const engine::OrderTriggered& e) {
    return Triggered<Fixed>{e.ts, e.id, e.trigger_price, e.market_price};
}
Modified<Fixed> change_of(const engine::OrderModified& e) {
    return Modified<Fixed>{e.ts,   e.id,          std::string(engine::to_string(e.reason)),
                           e.qty,  e.limit_price, e.stop_price,
                           e.cause};
}
PartiallyFilled<Fixed> change_of(const engine::OrderPartiallyFilled& e) {
    return PartiallyFilled<Fixed>{e.ts, e.id, e.filled_qty, e.avg_fill_price};
}
Filled<Fixed> change_of(const engine::OrderFilled& e) {
    return Filled<Fixed>{e.ts, e.id, e.filled_qty, e.avg_fill_price};
}
Canceled<Fixed> change_of(const engine::OrderCanceled& e) {
    return Canceled<Fixed>{e.ts, e.id, std::string(engine::to_string(e.reason)), e.filled_qty,
                           e.cause};
}
Expired<Fixed> change_of(const engine::OrderExpired& e) {
    return Expired<Fixed>{e.ts, e.id, std::string(engine::to_string(e.reason)), e.filled_qty};
}
CancelRequested<Fixed> change_of(const engine::CancelRequested& e) {
    return CancelRequested<Fixed>{e.ts, e.id, e.effective_at};
}
OcoLinked<Fixed> change_of(const engine::OcoLinked& e) {
    return OcoLinked<Fixed>{e.ts, e.first, e.second};
}
BracketLinked<Fixed> change_of(const engine::BracketLinked& e) {
    return BracketLinked<Fixed>{e.ts, e.entry, e.take_profit, e.stop_loss};
}
Execution<Fixed> change_of(const engine::Fill& e) {
    return Execution<Fixed>{e.ts,
                            e.order_id,
                            e.symbol,
                            e.qty,
                            e.price,
                            e.commission,
                            e.realized_pnl,
                            e.position_after,
                            e.avg_price_after,
                            e.unrealized_pnl_after};
}
PositionChanged<Fixed> change_of(const engine::PositionChanged& e) {
    return PositionChanged<Fixed>{e.ts,           e.symbol,         e.qty,       e.avg_price,
                                  e.realized_pnl, e.unrealized_pnl, e.commission};
}

template <class E>
requires std::same_as<E, engine::Event> std::optional<EngineChange> change_of(const E& event) {
    return std::visit(
        [](const auto& e) -> std::optional<EngineChange> {
            if constexpr (requires { change_of(e); })
                return EngineChange(change_of(e));
            else
                return std::nullopt;
        },
        event);
}
template std::optional<EngineChange> change_of<engine::Event>(const engine::Event&);

engine::OrderSnapshot snapshot_of(const EngineOrder& o) {
    engine::OrderSnapshot s;
    s.id = o.id;
    s.symbol = o.symbol;
    s.side = static_cast<engine::Side>(o.side);
    s.type = static_cast<engine::OrderType>(o.type);
    s.status = static_cast<engine::OrderStatus>(o.status);
    s.tif = static_cast<engine::TimeInForce>(o.tif);
    s.qty = o.qty;
    s.filled_qty = o.filled_qty;
    s.limit_price = o.limit_price;
    s.stop_price = o.stop_price;
    s.trail_offset = o.trail_offset;
    s.trail_percent = o.trail_percent;
    s.avg_fill_price = o.avg_fill_price;
    s.last_fill_qty = o.last_fill_qty;
    s.last_fill_price = o.last_fill_price;
    s.commission = o.commission;
    s.triggered = o.triggered;
    s.tag = o.tag;
    if (o.status == OrderStatus::rejected) {
        s.reject_reason = reject_reason_named(o.reason);
        s.reject_text = o.text;
    }
    s.parent = o.parent;
    s.take_profit = o.take_profit;
    s.stop_loss = o.stop_loss;
    s.oco = o.oco;
    s.created_ts = o.created_ts;
    s.updated_ts = o.updated_ts;
    return s;
}

engine::PositionSnapshot snapshot_of(const EnginePosition& p) {
    engine::PositionSnapshot s;
    s.symbol = p.symbol;
    s.qty = p.qty;
    s.avg_price = p.avg_price;
    s.realized_pnl = p.realized_pnl;
    s.unrealized_pnl = p.unrealized_pnl;
    s.commission = p.commission;
    return s;
}

Side side_of(engine::Side v) {
    return static_cast<Side>(v);
}
OrderType type_of(engine::OrderType v) {
    return static_cast<OrderType>(v);
}
TimeInForce tif_of(engine::TimeInForce v) {
    return static_cast<TimeInForce>(v);
}
OrderStatus status_of(engine::OrderStatus v) {
    return static_cast<OrderStatus>(v);
}

}  // namespace dsl::lifecycle
