// Buying power across symbols: positions that working market orders are closing.
//
// A rotation - close one symbol's position, buy another with the proceeds, in one handler - must
// not depend on which symbol's bar the data gives first at the next timestamp. Two rules:
//
// - At submission, the initial margin that working market orders reducing other symbols'
//   positions will free (valued at the marks, less their estimated commission) counts toward
//   the buying power (pending_reductions): they fill at their symbols' next events for sure.
// - At fill time, a fill the account cannot pay now does not fail at once while an order of any
//   type reducing another symbol's position may still fill at the same timestamp (its symbol has
//   had no event at that time yet, and the order is eligible on it): the evaluation of the event
//   stops before that fill and waits (suspend). After every later event it resumes, oldest first,
//   and computes the fill again: with the proceeds in, it fills; if nothing it could wait for
//   remains, it is rejected as usual and the evaluation goes on. It may wait no longer at the first
//   event of a later time or of its own symbol (and at advance_time past it), which resumes it
//   first, at the old clock. While it waits, nothing of its event after that fill happens, so the
//   event's fills are applied in the same order whatever order the symbols' events come in.
#include <algorithm>

#include "engine/engine.h"

namespace dsl::engine {

bool Engine::reduces_position(const OrderSnapshot& o) const {
    Fixed held = portfolio_.net_qty(o.symbol);
    return o.side == Side::buy ? held.is_negative() : held.is_positive();
}

Fixed Engine::estimated_commission(const OrderRecord& r, Fixed qty, Fixed price) const {
    CommissionInput in;
    in.filled_qty_after = r.o.filled_qty + qty;
    in.filled_notional_after =
        r.filled_notional + qty * price * instruments_.get(r.o.symbol).spec.multiplier;
    in.charged_before = r.o.commission;
    return models_.commission->commission(in);
}

Reductions Engine::pending_reductions(SymbolId except) const {
    Reductions out;
    std::vector<Fixed> closing(symbols_.size());
    for (OrderId id : working_) {
        if (!working(id)) continue;
        const OrderRecord& r = rec(id);
        const OrderSnapshot& o = r.o;
        if (o.symbol == except || o.type != OrderType::market || !reduces_position(o)) continue;
        // What is left of the position once earlier orders have closed their part.
        Fixed qty = min(o.remaining(), portfolio_.net_qty(o.symbol).abs() - closing[o.symbol]);
        if (!qty.is_positive()) continue;
        closing[o.symbol] += qty;
        out.freed_margin += portfolio_.margin_of(o.symbol, qty);
        out.commission += estimated_commission(r, qty, symbols_[o.symbol].last_price);
    }
    return out;
}

bool Engine::awaits_proceeds(const EventContext& ctx) const {
    if (!ctx.may_wait) return false;
    for (OrderId id : working_) {
        if (!working(id)) continue;
        const OrderRecord& r = rec(id);
        const OrderSnapshot& o = r.o;
        if (o.symbol == ctx.symbol || !reduces_position(o)) continue;
        Timestamp last = symbols_[o.symbol].last_event;
        if (last != kNoTime && last >= ctx.ts) continue;  // its event at this time has passed
        // Eligible on its symbol's event at this time (see eligible()).
        if (r.active_at > ctx.ts) continue;
        if (ctx.is_bar && r.submit_ts >= ctx.ts) continue;
        return true;
    }
    return false;
}

// Every order a waiting evaluation may still reach by id holds its chunk (see OrderStore), so that
// none is sealed before the evaluation resumes, even if it ends meanwhile.
void Engine::hold_named(Waiting& w) {
    std::vector<OrderId> named;
    for (const auto* list : {&w.eval.round, &w.eval.next_round}) {
        for (const Candidate& c : *list)
            named.push_back(c.id);
    }
    named.insert(named.end(), w.eval.expire_after_event.begin(), w.eval.expire_after_event.end());
    named.insert(named.end(), w.eval.trail_moved.begin(), w.eval.trail_moved.end());
    for (OrderId id : named)
        orders_.hold(id - 1);
    for (OrderId id : w.held)
        orders_.release(id - 1);
    w.held = std::move(named);
}

void Engine::suspend(EventContext& ctx) {
    Waiting w{ctx, std::move(eval_), {}};
    eval_ = Evaluation{};
    w.ctx.any_fill = false;  // the fills so far are reported with the event itself
    ctx.held = false;
    hold_named(w);
    waiting_.push_back(std::move(w));
}

void Engine::resume_waiting(SymbolId symbol, Timestamp ts, bool only_final) {
    std::vector<Waiting> list = std::move(waiting_);
    waiting_.clear();
    for (Waiting& w : list) {
        bool final = w.ctx.ts < ts || w.ctx.symbol == symbol;
        if (only_final && !final) {
            waiting_.push_back(std::move(w));
            continue;
        }
        eval_ = std::move(w.eval);
        w.ctx.held = false;
        w.ctx.may_wait = !final;
        if (!evaluate(w.ctx)) {
            w.eval = std::move(eval_);
            eval_ = Evaluation{};
            w.ctx.held = false;
            hold_named(w);
            waiting_.push_back(std::move(w));
            continue;
        }
        close_evaluation(w.ctx);
        eval_ = Evaluation{};
        for (OrderId id : w.held)
            orders_.release(id - 1);
        check_margin();
    }
}

}  // namespace dsl::engine
