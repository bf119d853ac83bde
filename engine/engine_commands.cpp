// Engine commands: creating, validating, admitting, canceling and linking orders.
//
// Every order passes through create(): it gets the next id, is recorded as pending, reported with
// OrderSubmitted, then either rejected (OrderRejected) or admitted: accepted at once when the
// submit latency is zero, else when a market event at or after clock + latency arrives. Bracket
// exits are created pending and wait for their entry's first fill instead of being admitted.
#include <algorithm>

#include "engine/engine.h"
#include "engine/validation.h"

namespace dsl::engine {

namespace {

OrderRequest make_request(SymbolId symbol, Side side, OrderType type, Fixed qty,
                          OrderOptions options) {
    OrderRequest r;
    r.symbol = symbol;
    r.side = side;
    r.type = type;
    r.qty = qty;
    r.tif = options.tif;
    r.tag = std::move(options.tag);
    return r;
}

bool bracket_prices_consistent(const BracketRequest& b) {
    // Buy: stop loss < (entry <) take profit; sell mirrors.
    bool buy = b.side == Side::buy;
    Fixed low = buy ? b.stop_loss : b.take_profit;
    Fixed high = buy ? b.take_profit : b.stop_loss;
    if (!(low < high)) return false;
    if (b.entry_limit && !(low < *b.entry_limit && *b.entry_limit < high)) return false;
    return true;
}

}  // namespace

// --- Public commands ---

OrderId Engine::submit(OrderRequest request) {
    BusyGuard guard(*this);
    return create(std::move(request), Role::normal, kNoOrder, RejectReason::none);
}

OrderId Engine::market(SymbolId symbol, Side side, Fixed qty, OrderOptions options) {
    return submit(make_request(symbol, side, OrderType::market, qty, std::move(options)));
}

OrderId Engine::limit(SymbolId symbol, Side side, Fixed qty, Fixed price, OrderOptions options) {
    OrderRequest r = make_request(symbol, side, OrderType::limit, qty, std::move(options));
    r.limit_price = price;
    return submit(std::move(r));
}

OrderId Engine::stop(SymbolId symbol, Side side, Fixed qty, Fixed stop_price,
                     OrderOptions options) {
    OrderRequest r = make_request(symbol, side, OrderType::stop, qty, std::move(options));
    r.stop_price = stop_price;
    return submit(std::move(r));
}

OrderId Engine::stop_limit(SymbolId symbol, Side side, Fixed qty, Fixed stop_price,
                           Fixed limit_price, OrderOptions options) {
    OrderRequest r = make_request(symbol, side, OrderType::stop_limit, qty, std::move(options));
    r.stop_price = stop_price;
    r.limit_price = limit_price;
    return submit(std::move(r));
}

OrderId Engine::trailing_stop_offset(SymbolId symbol, Side side, Fixed qty, Fixed offset,
                                     OrderOptions options) {
    OrderRequest r = make_request(symbol, side, OrderType::trailing_stop, qty, std::move(options));
    r.trail_offset = offset;
    return submit(std::move(r));
}

OrderId Engine::trailing_stop_percent(SymbolId symbol, Side side, Fixed qty, Fixed percent,
                                      OrderOptions options) {
    OrderRequest r = make_request(symbol, side, OrderType::trailing_stop, qty, std::move(options));
    r.trail_percent = percent;
    return submit(std::move(r));
}

BracketIds Engine::bracket(BracketRequest b) {
    BusyGuard guard(*this);
    Side exit_side = opposite(b.side);
    OrderOptions entry_options{b.tif, b.tag};
    OrderRequest entry =
        make_request(b.symbol, b.side, b.entry_limit ? OrderType::limit : OrderType::market, b.qty,
                     entry_options);
    entry.limit_price = b.entry_limit;
    OrderRequest tp =
        make_request(b.symbol, exit_side, OrderType::limit, b.qty, {TimeInForce::gtc, b.tag});
    tp.limit_price = b.take_profit;
    OrderRequest sl =
        make_request(b.symbol, exit_side, OrderType::stop, b.qty, {TimeInForce::gtc, b.tag});
    sl.stop_price = b.stop_loss;

    // Validate all three first: one bad leg rejects the whole bracket.
    std::optional<Fixed> reference = last_price(b.symbol);
    auto check = [&](OrderRequest copy) {
        return validate_order(copy, instruments_, config_.off_tick, reference);
    };
    RejectReason why_entry = check(entry);
    RejectReason why_tp = check(tp);
    RejectReason why_sl = check(sl);
    if (why_entry == RejectReason::none && why_tp == RejectReason::none &&
        why_sl == RejectReason::none && !bracket_prices_consistent(b)) {
        why_entry = RejectReason::invalid_bracket;
    }
    auto or_leg = [](RejectReason own, bool any) {
        return own != RejectReason::none ? own
               : any                     ? RejectReason::bracket_leg_rejected
                                         : RejectReason::none;
    };
    bool any = why_entry != RejectReason::none || why_tp != RejectReason::none ||
               why_sl != RejectReason::none;

    BracketIds ids;
    ids.entry = create(std::move(entry), Role::normal, kNoOrder, or_leg(why_entry, any));
    any = any || rec(ids.entry).o.status == OrderStatus::rejected;  // e.g. buying power
    ids.take_profit = create(std::move(tp), Role::bracket_exit, ids.entry, or_leg(why_tp, any));
    ids.stop_loss = create(std::move(sl), Role::bracket_exit, ids.entry, or_leg(why_sl, any));
    OrderRecord& e = rec(ids.entry);
    link(e, &OrderSnapshot::take_profit, ids.take_profit);
    link(e, &OrderSnapshot::stop_loss, ids.stop_loss);
    link(rec(ids.take_profit), &OrderSnapshot::oco, ids.stop_loss);
    link(rec(ids.stop_loss), &OrderSnapshot::oco, ids.take_profit);
    BracketLinked linked;
    linked.ts = clock_;
    linked.entry = ids.entry;
    linked.take_profit = ids.take_profit;
    linked.stop_loss = ids.stop_loss;
    emit(linked);
    return ids;
}

bool Engine::oco(OrderId first, OrderId second) {
    BusyGuard guard(*this);
    if (!known(first) || !known(second)) {
        reject_command(CommandKind::oco, first, second, RejectReason::unknown_order);
        return false;
    }
    if (!working(first) || !working(second)) {
        reject_command(CommandKind::oco, first, second, RejectReason::order_finished);
        return false;
    }
    OrderRecord& a = rec(first);
    OrderRecord& b = rec(second);
    bool linkable = first != second && a.o.symbol == b.o.symbol && a.o.oco == kNoOrder &&
                    b.o.oco == kNoOrder && a.o.parent == kNoOrder && b.o.parent == kNoOrder;
    if (!linkable) {
        reject_command(CommandKind::oco, first, second, RejectReason::invalid_link);
        return false;
    }
    link(a, &OrderSnapshot::oco, second);
    link(b, &OrderSnapshot::oco, first);
    a.o.updated_ts = b.o.updated_ts = clock_;
    OcoLinked e;
    e.ts = clock_;
    e.first = first;
    e.second = second;
    emit(e);
    return true;
}

bool Engine::cancel(OrderId id) {
    BusyGuard guard(*this);
    if (!known(id)) {
        reject_command(CommandKind::cancel, id, kNoOrder, RejectReason::unknown_order);
        return false;
    }
    if (!working(id)) {
        reject_command(CommandKind::cancel, id, kNoOrder, RejectReason::order_finished);
        return false;
    }
    OrderRecord& r = rec(id);
    if (r.cancel_in_flight) {
        reject_command(CommandKind::cancel, id, kNoOrder, RejectReason::cancel_pending);
        return false;
    }
    return send_cancel(r);
}

std::size_t Engine::cancel_all(std::optional<SymbolId> symbol) {
    BusyGuard guard(*this);
    std::size_t count = 0;
    for (OrderId id : working_orders(symbol)) {
        OrderRecord& r = rec(id);
        // Earlier cancels may have ended it (a bracket entry takes its exits along).
        if (!is_working(r.o.status) || r.cancel_in_flight) continue;
        send_cancel(r);
        ++count;
    }
    return count;
}

OrderId Engine::close_position(SymbolId symbol, OrderOptions options) {
    BusyGuard guard(*this);
    OrderRequest r = make_request(symbol, Side::sell, OrderType::market, Fixed(), options);
    if (symbol >= symbols_.size()) {
        return create(std::move(r), Role::normal, kNoOrder, RejectReason::unknown_symbol);
    }
    Fixed net = portfolio_.net_qty(symbol);
    if (net.is_zero()) {
        return create(std::move(r), Role::normal, kNoOrder, RejectReason::no_position);
    }
    r.side = net.is_positive() ? Side::sell : Side::buy;
    r.qty = net.abs();
    return create(std::move(r), Role::normal, kNoOrder, RejectReason::none);
}

// --- Internals ---

OrderId Engine::create(OrderRequest req, Role role, OrderId parent, RejectReason forced) {
    RejectReason why = forced;
    if (why == RejectReason::none) {
        why = validate_order(req, instruments_, config_.off_tick, last_price(req.symbol));
    }
    OrderId id = orders_.size() + 1;
    OrderRecord& r = orders_.append();
    OrderSnapshot& o = r.o;
    o.id = id;
    o.symbol = req.symbol;
    o.side = req.side;
    o.type = req.type;
    o.tif = req.tif;
    o.qty = role == Role::bracket_exit ? Fixed() : req.qty;  // exits follow their entry's fills
    o.limit_price = req.limit_price.value_or(Fixed());
    o.stop_price = req.stop_price.value_or(Fixed());
    o.trail_offset = req.trail_offset.value_or(Fixed());
    o.trail_percent = req.trail_percent.value_or(Fixed());
    o.tag = std::move(req.tag);
    orders_.note_tag(id - 1, o.tag.size());
    link(r, &OrderSnapshot::parent, parent);
    o.created_ts = o.updated_ts = clock_;
    r.submit_seq = event_seq_;
    r.submit_ts = clock_;
    r.active_at = clock_;
    r.liquidation = role == Role::liquidation;
    if (instruments_.contains(o.symbol)) {
        working_.push_back(id);  // ids grow, so the list stays sorted
        ++working_count_;
        ++symbols_[o.symbol].working;
    }
    if (r.liquidation) ++liquidations_working_;

    OrderSubmitted e;
    e.ts = clock_;
    e.id = id;
    e.symbol = o.symbol;
    e.side = o.side;
    e.type = o.type;
    e.tif = o.tif;
    e.qty = o.qty;
    e.limit_price = o.limit_price;
    e.stop_price = o.stop_price;
    e.trail_offset = o.trail_offset;
    e.trail_percent = o.trail_percent;
    e.parent = parent;
    e.tag = o.tag;
    emit(std::move(e));

    if (why == RejectReason::none && role == Role::normal) why = check_buying_power(r);
    if (why != RejectReason::none) {
        reject(r, why, "");
        return id;
    }
    if (role != Role::bracket_exit) admit(r);
    return id;
}

// Submission-time check at the order's reference price: limit (limit, stop-limit), stop (stop),
// last price (market, trailing). Without a reference price the check waits for the fill. Market
// orders closing other symbols' positions count as filled at their marks (engine_waiting.cpp).
RejectReason Engine::check_buying_power(const OrderRecord& r) const {
    const OrderSnapshot& o = r.o;
    std::optional<Fixed> price;
    switch (o.type) {
        case OrderType::limit:
        case OrderType::stop_limit:
            price = o.limit_price;
            break;
        case OrderType::stop:
            price = o.stop_price;
            break;
        case OrderType::market:
        case OrderType::trailing_stop:
            price = last_price(o.symbol);
            break;
    }
    if (!price) return RejectReason::none;
    Fixed commission = estimated_commission(r, o.qty, *price);
    if (portfolio_.can_afford(o.symbol, o.side, o.qty, *price, commission, false)) {
        return RejectReason::none;
    }
    // Positions of other symbols that working market orders are closing pay for it too.
    return portfolio_.can_afford(o.symbol, o.side, o.qty, *price, commission, false,
                                 pending_reductions(o.symbol))
               ? RejectReason::none
               : RejectReason::insufficient_buying_power;
}

// Starts the submit latency; a zero latency accepts at once.
void Engine::admit(OrderRecord& r) {
    Timestamp latency = models_.latency->submit_latency(rng_);
    r.latency_ns = latency;
    r.active_at = clock_ == kNoTime ? kNoTime : clock_ + latency;
    if (latency == 0) {
        accept(r, 0);
    } else {
        schedule(r.active_at, TimerKind::activate, r.o.id);
    }
}

void Engine::accept(OrderRecord& r, Timestamp latency) {
    transition(r, OrderTransition::accept);
    SymbolState& s = symbols_[r.o.symbol];
    if (r.o.type == OrderType::trailing_stop && s.has_price) {
        r.trail_anchor = s.last_price;
        r.o.stop_price = r.trail_stop =
            trailing_stop_price(r.o.side, s.last_price, r.o.trail_offset, r.o.trail_percent,
                                instruments_.get(r.o.symbol).spec.tick_size);
    }
    reslot(r);
    if (r.o.tif != TimeInForce::gtc && !trial_) {
        s.first_eval.push_back(r.o.id);
        orders_.hold(r.o.id - 1);  // released when it leaves first_eval
    }
    OrderAccepted e;
    e.ts = clock_;
    e.id = r.o.id;
    e.qty = r.o.qty;
    e.latency_ns = latency;
    e.stop_price = r.o.stop_price;
    emit(e);
}

void Engine::reject(OrderRecord& r, RejectReason reason, std::string text) {
    r.o.reject_reason = reason;
    r.o.reject_text = text.empty() ? std::string(default_text(reason)) : std::move(text);
    transition(r, OrderTransition::reject);
    OrderRejected e;
    e.ts = clock_;
    e.id = r.o.id;
    e.reason = reason;
    e.text = r.o.reject_text;
    emit(std::move(e));
    end_contingencies(r);
}

void Engine::cancel_now(OrderRecord& r, CancelReason reason, OrderId cause) {
    r.cancel_in_flight = false;
    transition(r, OrderTransition::cancel);
    OrderCanceled e;
    e.ts = clock_;
    e.id = r.o.id;
    e.reason = reason;
    e.filled_qty = r.o.filled_qty;
    e.cause = cause;
    emit(e);
    end_contingencies(r);
}

void Engine::expire(OrderRecord& r, ExpireReason reason) {
    transition(r, OrderTransition::expire);
    OrderExpired e;
    e.ts = clock_;
    e.id = r.o.id;
    e.reason = reason;
    e.filled_qty = r.o.filled_qty;
    emit(e);
    end_contingencies(r);
}

// A bracket entry that ends without any fill takes its exits along; with fills, the exits stay
// to protect the filled part.
void Engine::end_contingencies(OrderRecord& r) {
    if (!r.o.filled_qty.is_zero()) return;
    for (OrderId exit : {r.o.take_profit, r.o.stop_loss}) {
        if (exit == kNoOrder) continue;
        OrderRecord& x = rec(exit);
        if (is_working(x.o.status)) cancel_now(x, CancelReason::parent_canceled, r.o.id);
    }
}

void Engine::reject_command(CommandKind command, OrderId id, OrderId other, RejectReason reason) {
    CommandRejected e;
    e.ts = clock_;
    e.command = command;
    e.id = id;
    e.other = other;
    e.reason = reason;
    e.text = std::string(default_text(reason));
    emit(std::move(e));
}

bool Engine::send_cancel(OrderRecord& r) {
    Timestamp latency = models_.latency->cancel_latency(rng_);
    if (latency == 0) {
        cancel_now(r, CancelReason::user, kNoOrder);
        return true;
    }
    r.cancel_in_flight = true;
    Timestamp at = clock_ == kNoTime ? kNoTime : clock_ + latency;
    schedule(at, TimerKind::cancel, r.o.id);
    CancelRequested e;
    e.ts = clock_;
    e.id = r.o.id;
    e.effective_at = at;
    emit(e);
    return true;
}

}  // namespace dsl::engine
