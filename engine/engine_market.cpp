// Engine market events: timers, candidate collection, evaluation rounds and the end of an event.
//
// Reconciling price-ordered books with submission order: the books only find the candidates an
// event can reach (cheaply, from their best end); the candidates are then sorted by order id and
// evaluated and applied in that order. The one exception is an OCO pair (or a bracket's two
// exits) that both match on the same event: the pair is applied together at the place of its
// lower id, the leg the path reaches first going first (AmbiguousBar reports it). Bracket exits
// activated by their entry's fill form a further round, evaluated from the entry's fill position.
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
    ++event_seq_;
    clock_ = bar.ts;
    run_timers(bar.ts);
    SymbolState& s = symbols_[bar.symbol];
    EventContext ctx;
    ctx.symbol = bar.symbol;
    ctx.ts = bar.ts;
    ctx.is_bar = true;
    ctx.low = bar.low;
    ctx.high = bar.high;
    collect_candidates(ctx);
    // The path, the liquidity cap and the ATR matter only to orders the bar can reach: most
    // bars of a backtest have none.
    if (!round_.empty()) {
        ctx.liquidity_left =
            models_.liquidity->bar_cap(bar, instruments_.get(bar.symbol).spec.lot_size);
        ctx.atr = s.atr.value();  // from the bars before this one
        std::optional<Fixed> predicted;
        ctx.path.emplace(bar, choose_high_first(ctx, bar, predicted));
        evaluate(ctx);
        // The scratch evaluation the path model was told about is the one that happened.
        assert(!predicted || portfolio_.equity_at(bar.symbol, bar.close) == *predicted);
    }
    if (track_atr_) s.atr.update(bar);
    finish_event(ctx, bar.close);
    orders_.seal_ready();
}

void Engine::on_tick(const Tick& tick) {
    BusyGuard guard(*this);
    if (!admit_market_data(tick.symbol, tick.ts, check_tick(tick))) return;
    ++event_seq_;
    clock_ = tick.ts;
    run_timers(tick.ts);
    EventContext ctx;
    ctx.symbol = tick.symbol;
    ctx.ts = tick.ts;
    ctx.is_bar = false;
    ctx.quote = TickQuote{tick.price, tick.ask.value_or(tick.price), tick.bid.value_or(tick.price)};
    ctx.low = ctx.high = tick.price;
    ctx.liquidity_left =
        models_.liquidity->tick_cap(tick, instruments_.get(tick.symbol).spec.lot_size);
    ctx.atr = symbols_[tick.symbol].atr.value();
    collect_candidates(ctx);
    evaluate(ctx);
    finish_event(ctx, tick.price);
    orders_.seal_ready();
}

void Engine::advance_time(Timestamp ts) {
    BusyGuard guard(*this);
    if (!admit_market_data(kNoSymbol, ts, "")) return;
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

// Fills round_ with the eligible orders the event reaches, sorted by id, and starts the clocks of
// DAY/IOC/FOK orders meeting their first eligible event (collect_candidates has checked that the
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
            expire_after_event_.push_back(id);
        }
    }
    s.first_eval.resize(keep);
    std::sort(collected_.begin(), collected_.end());
    collected_.erase(std::unique(collected_.begin(), collected_.end()), collected_.end());
    for (OrderId id : collected_) {
        if (eligible(rec(id), ctx)) round_.push_back(Candidate{id, PathPos{}});
    }
}

void Engine::evaluate(EventContext& ctx) {
    while (!round_.empty()) {
        next_round_.clear();
        run_round(ctx, round_);
        round_.swap(next_round_);
        std::sort(round_.begin(), round_.end());
    }
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

void Engine::run_round(EventContext& ctx, std::vector<Candidate>& round) {
    matches_.clear();
    for (const Candidate& c : round)
        matches_.push_back(match(rec(c.id), ctx, c.from));
    std::size_t n = round.size();
    applied_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (applied_[i]) continue;
        applied_[i] = 1;
        const Match& mi = matches_[i];
        OrderId partner = rec(round[i].id).o.oco;
        std::size_t j = n;
        if (mi.fills && partner != kNoOrder) {
            auto it = std::lower_bound(round.begin(), round.end(), Candidate{partner, {}});
            if (it != round.end() && it->id == partner) {
                auto k = static_cast<std::size_t>(it - round.begin());
                if (!applied_[k] && matches_[k].fills) j = k;
            }
        }
        if (j == n) {
            apply(ctx, round[i], mi);
            continue;
        }
        // Both legs of a pair can fill on this event: the path decides; ties go to the lower id.
        applied_[j] = 1;
        bool i_first = !(matches_[j].fill_pos < mi.fill_pos);
        std::size_t first = i_first ? i : j;
        std::size_t second = i_first ? j : i;
        AmbiguousBar e;
        e.ts = ctx.ts;
        e.symbol = ctx.symbol;
        e.event_seq = event_seq_;
        e.first = round[i].id;
        e.second = round[j].id;
        e.winner = round[first].id;
        ++ambiguous_count_;
        emit(e);
        apply(ctx, round[first], matches_[first]);
        apply(ctx, round[second], matches_[second]);
    }
}

void Engine::finish_event(EventContext& ctx, Fixed mark_price) {
    for (OrderId id : expire_after_event_) {
        OrderRecord& r = rec(id);
        if (is_working(r.o.status)) {
            expire(r, r.o.tif == TimeInForce::fok ? ExpireReason::fok : ExpireReason::ioc);
        }
    }
    expire_after_event_.clear();
    for (OrderId id : trail_moved_) {
        const OrderRecord& r = rec(id);
        if (!is_working(r.o.status)) continue;
        OrderModified e;
        e.ts = ctx.ts;
        e.id = id;
        e.reason = ModifyReason::trail_moved;
        e.qty = r.o.qty;
        e.stop_price = r.o.stop_price;
        emit(e);
    }
    trail_moved_.clear();
    SymbolState& s = symbols_[ctx.symbol];
    s.has_price = true;
    s.last_price = mark_price;
    portfolio_.mark(ctx.symbol, mark_price);
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
    check_margin();
}

}  // namespace dsl::engine
