// Engine market events: timers, candidate collection, evaluation rounds and the end of an event.
//
// Reconciling price-ordered books with submission order: the books only find the candidates an
// event can reach (cheaply, from their best end); the candidates are then sorted by order id and
// evaluated and applied in that order. The one exception is an OCO pair (or a bracket's two
// exits) that both match on the same event: the pair is applied together at the place of its
// lower id, the leg the path reaches first going first (AmbiguousBar reports it). Bracket exits
// activated by their entry's fill form a further round, evaluated from the entry's fill position.
// Each round's order of application is planned before anything is applied (plan_round) and then
// applied step by step, so that an evaluation can stop before a fill that waits for other
// symbols' sales and resume there later (engine_waiting.cpp).
#include <algorithm>
#include <cassert>

#include "engine/engine.h"

namespace dsl::engine {

namespace {

Timestamp floor_div(Timestamp a, Timestamp b) {
    Timestamp q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

void Engine::on_bar(const Bar& bar) {
    BusyGuard guard(*this);
    if (!admit_market_data(bar.symbol, bar.ts, check_bar(bar))) return;
    if (!waiting_.empty()) resume_waiting(bar.symbol, bar.ts, true);
    ++event_seq_;
    clock_ = bar.ts;
    run_timers(bar.ts);
    SymbolState& s = symbols_[bar.symbol];
    s.last_event = bar.ts;
    EventContext ctx;
    ctx.symbol = bar.symbol;
    ctx.ts = bar.ts;
    ctx.is_bar = true;
    ctx.low = bar.low;
    ctx.high = bar.high;
    ctx.mark = bar.close;
    ctx.seq = event_seq_;
    collect_candidates(ctx);
    // The path, the liquidity cap and the ATR matter only to orders the bar can reach: most
    // bars of a backtest have none.
    if (!eval_.round.empty()) {
        ctx.liquidity_left =
            models_.liquidity->bar_cap(bar, instruments_.get(bar.symbol).spec.lot_size);
        ctx.atr = s.atr.value();  // from the bars before this one
        std::optional<Fixed> predicted;
        ctx.path.emplace(bar, choose_high_first(ctx, bar, predicted));
        if (!evaluate(ctx)) suspend(ctx);
        // The scratch evaluation the path model was told about is the one that happened.
        assert(!predicted || portfolio_.equity_at(bar.symbol, bar.close) == *predicted);
    }
    if (track_atr_) s.atr.update(bar);
    finish_event(ctx);
    if (!waiting_.empty()) resume_waiting(kNoSymbol, clock_, false);
    orders_.seal_ready();
}

void Engine::on_tick(const Tick& tick) {
    BusyGuard guard(*this);
    if (!admit_market_data(tick.symbol, tick.ts, check_tick(tick))) return;
    if (!waiting_.empty()) resume_waiting(tick.symbol, tick.ts, true);
    ++event_seq_;
    clock_ = tick.ts;
    run_timers(tick.ts);
    symbols_[tick.symbol].last_event = tick.ts;
    EventContext ctx;
    ctx.symbol = tick.symbol;
    ctx.ts = tick.ts;
    ctx.is_bar = false;
    ctx.quote = TickQuote{tick.price, tick.ask.value_or(tick.price), tick.bid.value_or(tick.price)};
    ctx.low = ctx.high = tick.price;
    ctx.mark = tick.price;
    ctx.seq = event_seq_;
    ctx.liquidity_left =
        models_.liquidity->tick_cap(tick, instruments_.get(tick.symbol).spec.lot_size);
    ctx.atr = symbols_[tick.symbol].atr.value();
    collect_candidates(ctx);
    if (!evaluate(ctx)) suspend(ctx);
    finish_event(ctx);
    if (!waiting_.empty()) resume_waiting(kNoSymbol, clock_, false);
    orders_.seal_ready();
}

void Engine::advance_time(Timestamp ts) {
    BusyGuard guard(*this);
    if (!admit_market_data(kNoSymbol, ts, "")) return;
    if (!waiting_.empty()) resume_waiting(kNoSymbol, ts, true);
    clock_ = ts;
    run_timers(ts);
    orders_.seal_ready();
}

void Engine::refuse_market_data(SymbolId symbol, Timestamp ts, std::string_view problem) {
    std::string_view why = problem;
    if (why.empty() && symbol != kNoSymbol && symbol >= symbols_.size()) why = "unknown symbol";
    if (why.empty() && ts == kNoTime) why = "missing timestamp";
    if (why.empty() && ts < clock_) why = "timestamp goes backwards";
    MarketDataRejected e;
    e.ts = ts;
    e.symbol = symbol;
    e.text = std::string(why);
    emit(std::move(e));
}

// Fires every timer due at `now`, in (time, scheduling order).
void Engine::fire_timers(Timestamp now) {
    while (!timers_.empty() && timers_.top().at <= now) {
        Timer t = timers_.top();
        timers_.pop();
        OrderRecord& r = rec(t.id);
        switch (t.kind) {
            case TimerKind::activate:
                if (r.o.status == OrderStatus::pending) accept(r, r.latency_ns);
                break;
            case TimerKind::cancel:
                if (!r.cancel_in_flight) break;
                r.cancel_in_flight = false;
                if (is_working(r.o.status)) {
                    cancel_now(r, CancelReason::user, kNoOrder);
                } else {
                    reject_command(CommandKind::cancel, t.id, kNoOrder,
                                   RejectReason::cancel_too_late);
                }
                break;
            case TimerKind::expire_day:
                if (is_working(r.o.status)) expire(r, ExpireReason::day);
                break;
        }
        orders_.release(t.id - 1);
    }
}

bool Engine::eligible(const OrderRecord& r, const EventContext& ctx) const {
    OrderStatus s = r.o.status;
    if (!is_working(s) || s == OrderStatus::pending) return false;
    if (event_seq_ <= r.submit_seq || ctx.ts < r.active_at) return false;
    return !ctx.is_bar || ctx.ts > r.submit_ts;
}

// Fills eval_.round with the eligible orders the event reaches, sorted by id, and starts the clocks
// of DAY/IOC/FOK orders meeting their first eligible event (collect_candidates has checked that the
// symbol has orders at all: most bars of most backtests have none).
void Engine::collect_from_book(EventContext& ctx) {
    SymbolState& s = symbols_[ctx.symbol];
    collected_.clear();
    if (ctx.is_bar) {
        s.book.collect_range(ctx.low, ctx.high, collected_);
    } else {
        s.book.collect_tick(ctx.quote.trade, ctx.quote.buy_price, ctx.quote.sell_price, collected_);
    }
    std::size_t keep = 0;
    for (OrderId id : s.first_eval) {
        OrderRecord& r = rec(id);
        if (is_working(r.o.status) && !eligible(r, ctx)) {
            s.first_eval[keep++] = id;
            continue;
        }
        orders_.release(id - 1);  // leaves first_eval
        if (!is_working(r.o.status)) continue;
        r.first_evaluated = true;
        if (r.o.tif == TimeInForce::day) {
            // Valid through the trading day of its first evaluation.
            Timestamp day = floor_div(ctx.ts + config_.session_offset_ns, kNanosPerDay);
            schedule((day + 1) * kNanosPerDay - config_.session_offset_ns, TimerKind::expire_day,
                     id);
        } else {
            collected_.push_back(id);  // IOC/FOK: evaluated at this event's first point only
            eval_.expire_after_event.push_back(id);
        }
    }
    s.first_eval.resize(keep);
    std::sort(collected_.begin(), collected_.end());
    collected_.erase(std::unique(collected_.begin(), collected_.end()), collected_.end());
    for (OrderId id : collected_) {
        if (eligible(rec(id), ctx)) eval_.round.push_back(Candidate{id, PathPos{}});
    }
}

bool Engine::evaluate(EventContext& ctx) {
    Evaluation& ev = eval_;
    while (!ev.round.empty()) {
        if (!ev.planned) plan_round(ctx);
        for (; ev.next_step < ev.steps.size(); ++ev.next_step) {
            const Step& step = ev.steps[ev.next_step];
            if (step.ambiguous) {
                AmbiguousBar e;
                e.ts = ctx.ts;
                e.symbol = ctx.symbol;
                e.event_seq = ctx.seq;
                e.first = ev.round[std::min(step.index, step.other)].id;
                e.second = ev.round[std::max(step.index, step.other)].id;
                e.winner = ev.round[step.index].id;
                ++ambiguous_count_;
                emit(e);
                continue;
            }
            apply(ctx, ev.round[step.index], ev.matches[step.index]);
            if (ctx.held) return false;  // this step again when the evaluation resumes
        }
        ev.round.swap(ev.next_round);
        ev.next_round.clear();
        std::sort(ev.round.begin(), ev.round.end());
        ev.planned = false;
    }
    return true;
}

Match Engine::match(const OrderRecord& r, const EventContext& ctx, PathPos from) const {
    const OrderSnapshot& o = r.o;
    OrderTerms t;
    t.side = o.side;
    t.type = o.type;
    t.limit_price = o.limit_price;
    t.stop_price = o.stop_price;
    t.triggered = o.triggered;
    t.trail_offset = o.trail_offset;
    t.trail_percent = o.trail_percent;
    t.trail_anchor = r.trail_anchor;
    t.tick_size = instruments_.get(o.symbol).spec.tick_size;
    bool open_only = o.tif == TimeInForce::ioc || o.tif == TimeInForce::fok;
    return ctx.is_bar ? match_on_path(t, *ctx.path, from, open_only) : match_on_tick(t, ctx.quote);
}

// Matches every candidate of the round, then decides the order of application: submission order,
// except that a pair (OCO legs, a bracket's exits) that can both fill goes together at the place
// of its lower id, the leg the path reaches first going first (ties: the lower id). The order
// depends only on the matches, so it is decided before anything is applied.
void Engine::plan_round(EventContext& ctx) {
    Evaluation& ev = eval_;
    ev.matches.clear();
    for (const Candidate& c : ev.round)
        ev.matches.push_back(match(rec(c.id), ctx, c.from));
    ev.steps.clear();
    ev.next_step = 0;
    ev.next_round.clear();
    ev.planned = true;
    std::size_t n = ev.round.size();
    paired_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (paired_[i]) continue;
        paired_[i] = 1;
        const Match& mi = ev.matches[i];
        OrderId partner = rec(ev.round[i].id).o.oco;
        std::size_t j = n;
        if (mi.fills && partner != kNoOrder) {
            auto it = std::lower_bound(ev.round.begin(), ev.round.end(), Candidate{partner, {}});
            if (it != ev.round.end() && it->id == partner) {
                auto k = static_cast<std::size_t>(it - ev.round.begin());
                if (!paired_[k] && ev.matches[k].fills) j = k;
            }
        }
        auto index = [](std::size_t x) { return static_cast<std::uint32_t>(x); };
        if (j == n) {
            ev.steps.push_back(Step{index(i), 0, false});
            continue;
        }
        paired_[j] = 1;
        bool i_first = !(ev.matches[j].fill_pos < mi.fill_pos);
        std::size_t first = i_first ? i : j;
        std::size_t second = i_first ? j : i;
        ev.steps.push_back(Step{index(first), index(second), true});
        ev.steps.push_back(Step{index(first), 0, false});
        ev.steps.push_back(Step{index(second), 0, false});
    }
}

void Engine::finish_event(EventContext& ctx) {
    close_evaluation(ctx);
    check_margin();
}

// The end of an evaluation (of an event, or of one that waited): IOC/FOK orders evaluated on the
// event expire if still working, moved trailing stops are reported, the symbol is marked to the
// event's last price and PositionChanged reports any fill.
void Engine::close_evaluation(EventContext& ctx) {
    for (OrderId id : eval_.expire_after_event) {
        OrderRecord& r = rec(id);
        if (is_working(r.o.status)) {
            expire(r, r.o.tif == TimeInForce::fok ? ExpireReason::fok : ExpireReason::ioc);
        }
    }
    eval_.expire_after_event.clear();
    for (OrderId id : eval_.trail_moved) {
        OrderRecord& r = rec(id);
        if (!is_working(r.o.status)) continue;
        r.o.stop_price = r.trail_stop;
        transition(r, OrderTransition::modify);
        OrderModified e;
        e.ts = ctx.ts;
        e.id = id;
        e.reason = ModifyReason::trail_moved;
        e.qty = r.o.qty;
        e.stop_price = r.o.stop_price;
        emit(e);
    }
    eval_.trail_moved.clear();
    SymbolState& s = symbols_[ctx.symbol];
    s.has_price = true;
    s.last_price = ctx.mark;
    portfolio_.mark(ctx.symbol, ctx.mark);
    if (ctx.any_fill) {
        PositionSnapshot p = portfolio_.position(ctx.symbol);
        PositionChanged e;
        e.ts = ctx.ts;
        e.symbol = ctx.symbol;
        e.qty = p.qty;
        e.avg_price = p.avg_price;
        e.realized_pnl = p.realized_pnl;
        e.unrealized_pnl = p.unrealized_pnl;
        e.commission = p.commission;
        emit(e);
    }
}

}  // namespace dsl::engine
