// Engine fills: applying a Match to its order - trigger, liquidity, slippage, commission, buying
// power, the portfolio - and the contingencies a fill sets off (OCO reduction, bracket exits),
// plus the margin check at the end of an event.
//
// Event order for one fill: [OrderTriggered] Fill, OrderFilled | OrderPartiallyFilled, then the
// contingent changes (sibling OrderModified | OrderCanceled; bracket entry OrderCanceled; exits
// OrderAccepted | OrderModified). Each change is made just before the event that reports it:
// the portfolio and the order's filled quantity, last fill and commission before Fill, its
// average and status before OrderFilled | OrderPartiallyFilled, so that a sink sees at every
// event exactly the state the events so far describe (lifecycle/reduce.h).
#include "engine/engine.h"

namespace dsl::engine {

void Engine::apply(EventContext& ctx, const Candidate& c, const Match& m) {
    OrderRecord& r = rec(c.id);
    if (!is_working(r.o.status)) return;  // ended by an earlier fill's contingencies
    if (r.o.type == OrderType::trailing_stop && m.trail_anchor) {
        r.trail_anchor = m.trail_anchor;
        if (m.trail_stop != r.trail_stop) {
            // Shown and reported once per event, at its end (or by the trigger before it).
            if (r.trail_stop == r.o.stop_price) eval_.trail_moved.push_back(r.o.id);
            r.trail_stop = m.trail_stop;
        }
    }
    if (m.triggered_now && !r.o.triggered) trigger(r, m, ctx);
    if (m.fills) fill(r, m, ctx);
}

void Engine::trigger(OrderRecord& r, const Match& m, const EventContext& ctx) {
    r.o.triggered = true;
    r.o.stop_price = m.trigger_price;  // the stop reached (a trailing stop's latest)
    if (r.o.status == OrderStatus::open) transition(r, OrderTransition::trigger);
    reslot(r);
    OrderTriggered e;
    e.ts = ctx.ts;
    e.id = r.o.id;
    e.trigger_price = m.trigger_price;
    e.market_price = m.trigger_market;
    e.leg = m.trigger_leg;
    emit(e);
}

// The terms of one fill, all computed before anything changes: a fill the account cannot pay
// (or that waits for proceeds) leaves no trace.
struct Engine::FillTerms {
    Fixed qty;
    bool capped = false;  // by the liquidity the event has left
    Fixed price;          // after slippage, within the bar and on the tick grid
    Fixed notional;
    Fixed commission;
};

// A fill, step by step; the steps are inline (engine.h).
void Engine::fill(OrderRecord& r, const Match& m, EventContext& ctx) {
    OrderSnapshot& o = r.o;
    Fixed remaining = o.remaining();
    if (!remaining.is_positive()) return;
    FillTerms t;
    t.qty = min(remaining, ctx.liquidity_left);
    t.capped = t.qty < remaining;
    if (o.tif == TimeInForce::fok && t.capped) {
        expire(r, ExpireReason::fok);
        return;
    }
    if (!t.qty.is_positive()) return;  // no liquidity left on this event: keeps working

    const InstrumentSpec& spec = instruments_.get(o.symbol).spec;
    t.price = fill_price(o, m, ctx, t.qty, spec);
    t.notional = t.qty * t.price * spec.multiplier;
    t.commission = fill_commission(r, t);
    if (!r.liquidation && !portfolio_.can_afford(o.symbol, o.side, t.qty, t.price, t.commission)) {
        refuse_fill(r, ctx, t);
        return;
    }

    ctx.liquidity_left -= t.qty;
    FillEffect effect = portfolio_.apply_fill(o.symbol, o.side, t.qty, t.price, t.commission);
    o.filled_qty += t.qty;
    r.filled_notional += t.notional;
    o.last_fill_qty = t.qty;
    o.last_fill_price = t.price;
    o.commission += t.commission;
    report_fill(r, m, ctx, t, effect);
    report_fill_status(r, ctx, spec);
    ctx.any_fill = true;
    set_off_contingencies(r, t.qty, m.fill_pos);
}

// The match's base price moved by the slippage model (a limit-capped price only if the
// configuration says so), kept within the bar's range and, unless off-tick prices are
// accepted, on the tick grid.
Fixed Engine::fill_price(const OrderSnapshot& o, const Match& m, const EventContext& ctx, Fixed qty,
                         const InstrumentSpec& spec) const {
    Fixed slip;
    if (!m.limit_cap || config_.slippage.apply_to_limit_orders) {
        slip = models_.slippage->amount(
            SlippageInput{o.side, m.base_price, qty, spec.tick_size, ctx.atr});
    }
    std::optional<PriceRange> range;
    if (ctx.is_bar) range = PriceRange{ctx.low, ctx.high};
    // With off_tick = accept the engine keeps no price grid (comparisons with tickless engines).
    std::optional<Fixed> grid;
    if (config_.off_tick != OffTickPolicy::accept) grid = spec.tick_size;
    return apply_slippage(o.side, m.base_price, slip, grid, m.limit_cap, range);
}

// The commission model sees the order's totals after the fill and what it was charged before.
Fixed Engine::fill_commission(const OrderRecord& r, const FillTerms& t) const {
    CommissionInput ci;
    ci.filled_qty_after = r.o.filled_qty + t.qty;
    ci.filled_notional_after = r.filled_notional + t.notional;
    ci.charged_before = r.o.commission;
    return models_.commission->commission(ci);
}

// A fill the account cannot pay waits for same-time proceeds when it may; otherwise the order
// is rejected.
void Engine::refuse_fill(OrderRecord& r, EventContext& ctx, const FillTerms& t) {
    if (awaits_proceeds(ctx)) {
        ctx.held = true;  // nothing changed: the fill is computed again when it resumes
        return;
    }
    reject(r, RejectReason::insufficient_buying_power,
           "not enough buying power for " + t.qty.to_string() + " at the fill price " +
               t.price.to_string());
}

// Fill: what traded, at what price and why, and the position it leaves. An OCO sibling still
// working is named as the one the fill cancels or reduces (reduce_sibling() follows).
void Engine::report_fill(const OrderRecord& r, const Match& m, const EventContext& ctx,
                         const FillTerms& t, const FillEffect& effect) {
    const OrderSnapshot& o = r.o;
    Fill f;
    f.ts = ctx.ts;
    f.fill_id = ++fill_seq_;
    f.event_seq = ctx.seq;
    f.order_id = o.id;
    f.symbol = o.symbol;
    f.side = o.side;
    f.qty = t.qty;
    f.price = t.price;
    f.leg = m.leg;
    f.trigger_price = m.fill_trigger_price;
    f.gap = m.gap;
    f.base_price = m.base_price;
    f.slippage = o.side == Side::buy ? t.price - m.base_price : m.base_price - t.price;
    f.latency_ns = r.latency_ns;
    f.commission = t.commission;
    f.liquidity_capped = t.capped;
    f.realized_pnl = effect.realized_pnl;
    f.position_after = effect.qty_after;
    f.avg_price_after = effect.avg_price_after;
    f.unrealized_pnl_after = effect.unrealized_after;
    OrderId sibling = o.oco;
    if (sibling != kNoOrder && is_working(rec(sibling).o.status)) {
        const OrderSnapshot& s = rec(sibling).o;
        (s.qty - t.qty <= s.filled_qty ? f.oco_canceled : f.oco_reduced) = sibling;
    }
    emit(f);
}

// The order's average price and status after the fill, reported by OrderFilled or
// OrderPartiallyFilled.
void Engine::report_fill_status(OrderRecord& r, const EventContext& ctx,
                                const InstrumentSpec& spec) {
    OrderSnapshot& o = r.o;
    const bool done = o.filled_qty == o.qty;
    o.avg_fill_price = r.filled_notional / (o.filled_qty * spec.multiplier);
    transition(r, done ? OrderTransition::fill : OrderTransition::partial_fill);
    reslot(r);
    if (done) {
        OrderFilled e;
        e.ts = ctx.ts;
        e.id = o.id;
        e.filled_qty = o.filled_qty;
        e.avg_fill_price = o.avg_fill_price;
        emit(e);
    } else {
        OrderPartiallyFilled e;
        e.ts = ctx.ts;
        e.id = o.id;
        e.filled_qty = o.filled_qty;
        e.remaining_qty = o.remaining();
        e.avg_fill_price = o.avg_fill_price;
        emit(e);
    }
}

// What a fill of qty sets off: its OCO sibling shrinks or is canceled, a bracket exit's entry
// stops, a bracket entry's exits start working or grow.
void Engine::set_off_contingencies(OrderRecord& r, Fixed qty, PathPos pos) {
    OrderSnapshot& o = r.o;
    OrderId sibling = o.oco;
    if (sibling != kNoOrder) reduce_sibling(sibling, qty, o.id);
    if (o.parent != kNoOrder) {
        // A bracket exit filled: the position is being closed, so the entry stops adding to it.
        OrderRecord& entry = rec(o.parent);
        if (is_working(entry.o.status)) cancel_now(entry, CancelReason::bracket_exit, o.id);
    }
    if (o.take_profit != kNoOrder || o.stop_loss != kNoOrder) grow_exits(r, qty, pos);
}

// OCO: the other leg loses the filled quantity; with nothing left it is canceled.
void Engine::reduce_sibling(OrderId sibling, Fixed qty, OrderId cause) {
    OrderRecord& s = rec(sibling);
    if (!is_working(s.o.status)) return;
    if (s.o.qty - qty <= s.o.filled_qty) {
        cancel_now(s, CancelReason::oco_sibling, cause);
        return;
    }
    s.o.qty -= qty;
    transition(s, OrderTransition::modify);
    OrderModified e;
    e.ts = clock_;
    e.id = sibling;
    e.reason = ModifyReason::oco_reduced;
    e.qty = s.o.qty;
    e.limit_price = s.o.limit_price;
    e.stop_price = s.o.stop_price;
    e.cause = cause;
    emit(e);
}

// A bracket entry filled qty more: waiting exits start working with the entry's filled quantity
// (and are evaluated from the fill's position on, in the next round); working exits grow.
void Engine::grow_exits(OrderRecord& entry, Fixed qty, PathPos pos) {
    for (OrderId id : {entry.o.take_profit, entry.o.stop_loss}) {
        if (id == kNoOrder) continue;
        OrderRecord& x = rec(id);
        if (!is_working(x.o.status)) continue;
        if (x.o.status == OrderStatus::pending) {
            x.o.qty = entry.o.filled_qty;
            accept(x, 0);
            eval_.next_round.push_back(Candidate{id, pos});
            continue;
        }
        x.o.qty += qty;
        transition(x, OrderTransition::modify);
        OrderModified e;
        e.ts = clock_;
        e.id = id;
        e.reason = ModifyReason::bracket_resized;
        e.qty = x.o.qty;
        e.limit_price = x.o.limit_price;
        e.stop_price = x.o.stop_price;
        e.cause = entry.o.id;
        emit(e);
    }
}

// Margin account below maintenance: report, cancel every working order and close every position
// with market orders (which fill from the next market event on, like any order).
void Engine::margin_call() {
    MarginCall call;
    call.ts = clock_;
    call.equity = portfolio_.equity();
    call.maintenance_required = portfolio_.maintenance_margin();
    emit(call);
    for (OrderId id : working_orders()) {
        OrderRecord& r = rec(id);
        if (is_working(r.o.status)) cancel_now(r, CancelReason::margin_call, kNoOrder);
    }
    for (SymbolId s = 0; s < symbols_.size(); ++s) {
        Fixed net = portfolio_.net_qty(s);
        if (net.is_zero()) continue;
        OrderRequest req;
        req.symbol = s;
        req.side = net.is_positive() ? Side::sell : Side::buy;
        req.type = OrderType::market;
        req.qty = net.abs();
        req.tag = "margin_call";
        OrderId id = create(req, Role::liquidation, kNoOrder, RejectReason::none);
        ForcedLiquidation e;
        e.ts = clock_;
        e.symbol = s;
        e.order_id = id;
        e.side = req.side;
        e.qty = req.qty;
        emit(e);
    }
}

}  // namespace dsl::engine
