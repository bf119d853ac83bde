// The reader's engine records. Every record that changes an order or a position becomes the
// lifecycle change it reports and is applied by the one reducer (lifecycle/reduce.h), as the
// dispatcher applies the engine's events: the reader sets no status and no field of an order by a
// rule of its own. It keeps what only the trace knows (the market event of each change, the
// price where an order was placed, fills and notices) and checks the ids a record names.
//
// Traces of format 1.0 lack what 1.1 added (format.h): an order_accepted record without
// stop_price keeps the order's stop, a fill without unrealized_pnl_after leaves the position's
// unrealized PnL unknown (nan) until its position_changed, and a bracket's links, which 1.0 has no
// record for, are made from its exits' submissions (link_legacy_bracket), as 1.0 readers did.
#include <fmt/format.h>

#include <algorithm>

#include "trace/reader_impl.h"

namespace dsl::trace {

using detail::fail_decode;
using detail::kGapNames;
using detail::kLegNames;
using detail::kSideNames;
using detail::kTifNames;
using detail::kTypeNames;
using detail::Obj;

void Reader::Impl::engine_event(RecordKind kind, Obj& r) {
    Timestamp ts = r.time("ts");
    if (ts != kNoTime) trace_.last_ts = std::max(trace_.last_ts, ts);
    switch (kind) {
        case RecordKind::order_submitted:
            return order_submitted(ts, r);
        case RecordKind::order_accepted:
            return order_accepted(ts, r);
        case RecordKind::order_rejected:
            return order_rejected(ts, r);
        case RecordKind::order_triggered:
            return order_triggered(ts, r);
        case RecordKind::order_modified:
            return order_modified(ts, r);
        case RecordKind::order_partially_filled:
        case RecordKind::order_filled:
            return order_filled(kind, ts, r);
        case RecordKind::order_canceled:
            return order_canceled(ts, r);
        case RecordKind::order_expired:
            return order_expired(ts, r);
        case RecordKind::cancel_requested:
            return cancel_requested(ts, r);
        case RecordKind::command_rejected:
            return command_rejected(ts, r);
        case RecordKind::oco_linked:
        case RecordKind::bracket_linked:
            return link(kind, ts, r);
        case RecordKind::fill:
            return fill(ts, r);
        case RecordKind::position_changed:
            return position_changed(ts, r);
        case RecordKind::margin_call:
            return margin_call(ts, r);
        case RecordKind::forced_liquidation:
            return forced_liquidation(r);
        case RecordKind::ambiguous_bar:
            return ambiguous_bar(ts, r);
        case RecordKind::market_data_rejected:
            return market_data_rejected(ts, r);
        default:
            fail_decode(fmt::format("'{}' is not an engine event", record_name(kind)));
    }
}

// ---- Orders ----

OrderState* Reader::Impl::Store::add_order(const lifecycle::Submitted<Decimal>& c) {
    if (c.id <= impl.last_order_id_) return nullptr;
    Order& o = impl.trace_.orders.emplace_back();
    impl.last_order_id_ = c.id;
    return &o;
}

template <class C>
void Reader::Impl::order_change(const C& change, std::string_view record) {
    const lifecycle::NamedOrders named = lifecycle::named_orders(change);
    std::array<bool, 3> working{};
    std::size_t k = 0;
    for (OrderId id : named)
        working[k++] = order_ref(id, record).working();
    if (lifecycle::Problem p = lifecycle::apply(store_, change); p != lifecycle::Problem::none)
        fail_decode(fmt::format("{}: {}", record, lifecycle::to_string(p)));
    for (std::size_t i = 0; i < named.count; ++i) {
        // A link of an order to itself names it twice: one update.
        if (std::find(named.begin(), named.begin() + i, named.ids[i]) != named.begin() + i)
            continue;
        Order& o = *trace_.order(named.ids[i]);
        if (working[i] && !o.working()) o.finished_seq = trace_.last_seq;
        o.updates.push_back({trace_.last_seq, change});
    }
}

void Reader::Impl::order_submitted(Timestamp ts, Obj& r) {
    lifecycle::Submitted<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.symbol = r.raw_symbol("symbol");
    c.side = r.enumeration<Side>("side", kSideNames);
    c.type = r.enumeration<OrderType>("type", kTypeNames);
    c.tif = r.enumeration<TimeInForce>("tif", kTifNames);
    c.qty = r.decimal("qty");
    c.limit_price = r.decimal("limit_price");
    c.stop_price = r.decimal("stop_price");
    c.trail_offset = r.decimal("trail_offset");
    c.trail_percent = r.decimal("trail_percent");
    c.parent = r.count("parent");
    c.tag = r.string("tag");
    if (c.id <= last_order_id_) {
        r.bad("id", fmt::format("order {} was already submitted or ids go backwards (last {})",
                                c.id, last_order_id_));
    }
    if (c.parent != 0) order_ref(c.parent, "order_submitted");
    // Everything is read and checked: now change the model.
    lifecycle::apply(store_, c);
    Order& o = trace_.orders.back();
    o.initial_qty = c.qty;
    o.submitted_seq = trace_.last_seq;
    if (o.symbol < trace_.symbols.size()) {
        o.placed_price = trace_.symbols[o.symbol].last_price;
        trace_.symbols[o.symbol].orders.push_back(
            static_cast<std::uint32_t>(trace_.orders.size() - 1));
    }
    o.updates.push_back({trace_.last_seq, std::move(c)});
    if (o.parent != 0 && !version_at_least(1)) link_legacy_bracket(o, ts);
}

// 1.0: a bracket's exits are submitted right after their entry, take profit first.
void Reader::Impl::link_legacy_bracket(const Order& exit, Timestamp ts) {
    const Order* first = legacy_first_exit_ != 0 ? trace_.order(legacy_first_exit_) : nullptr;
    if (first == nullptr || first->parent != exit.parent) {
        legacy_first_exit_ = exit.id;
        return;
    }
    legacy_first_exit_ = 0;
    order_change(lifecycle::BracketLinked<Decimal>{ts, exit.parent, first->id, exit.id},
                 "order_submitted");
}

void Reader::Impl::order_accepted(Timestamp ts, Obj& r) {
    lifecycle::Accepted<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.qty = r.decimal("qty");
    c.latency_ns = r.integer("latency_ns");
    c.stop_price = version_at_least(1) ? r.decimal("stop_price")
                                       : order_ref(c.id, "order_accepted").stop_price;
    order_change(c, "order_accepted");
}

void Reader::Impl::order_rejected(Timestamp ts, Obj& r) {
    lifecycle::Rejected<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.reason = r.string("reason");
    c.text = r.string("text");
    order_change(c, "order_rejected");
}

void Reader::Impl::order_triggered(Timestamp ts, Obj& r) {
    lifecycle::Triggered<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.trigger_price = r.decimal("trigger_price");
    c.market_price = r.decimal("market_price");
    r.enumeration<PathLeg>("leg", kLegNames);
    order_change(c, "order_triggered");
}

void Reader::Impl::order_modified(Timestamp ts, Obj& r) {
    lifecycle::Modified<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.reason = r.string("reason");
    c.qty = r.decimal("qty");
    c.limit_price = r.decimal("limit_price");
    c.stop_price = r.decimal("stop_price");
    c.cause = r.count("cause");
    order_change(c, "order_modified");
}

void Reader::Impl::order_filled(RecordKind kind, Timestamp ts, Obj& r) {
    OrderId id = r.count("id");
    Decimal filled = r.decimal("filled_qty");
    if (kind == RecordKind::order_partially_filled) {
        r.decimal("remaining_qty");
        Decimal avg = r.decimal("avg_fill_price");
        order_change(lifecycle::PartiallyFilled<Decimal>{ts, id, filled, avg}, record_name(kind));
    } else {
        Decimal avg = r.decimal("avg_fill_price");
        order_change(lifecycle::Filled<Decimal>{ts, id, filled, avg}, record_name(kind));
    }
}

void Reader::Impl::order_canceled(Timestamp ts, Obj& r) {
    lifecycle::Canceled<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.reason = r.string("reason");
    c.filled_qty = r.decimal("filled_qty");
    c.cause = r.count("cause");
    order_change(c, "order_canceled");
}

void Reader::Impl::order_expired(Timestamp ts, Obj& r) {
    lifecycle::Expired<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.reason = r.string("reason");
    c.filled_qty = r.decimal("filled_qty");
    order_change(c, "order_expired");
}

void Reader::Impl::cancel_requested(Timestamp ts, Obj& r) {
    lifecycle::CancelRequested<Decimal> c;
    c.ts = ts;
    c.id = r.count("id");
    c.effective_at = r.time("effective_at");
    order_change(c, "cancel_requested");
}

void Reader::Impl::link(RecordKind kind, Timestamp ts, Obj& r) {
    if (kind == RecordKind::oco_linked) {
        OrderId first = r.count("first");
        OrderId second = r.count("second");
        order_change(lifecycle::OcoLinked<Decimal>{ts, first, second}, "oco_linked");
        return;
    }
    OrderId entry = r.count("entry");
    OrderId take_profit = r.count("take_profit");
    OrderId stop_loss = r.count("stop_loss");
    order_change(lifecycle::BracketLinked<Decimal>{ts, entry, take_profit, stop_loss},
                 "bracket_linked");
}

// ---- Fills and positions ----

void Reader::Impl::fill(Timestamp ts, Obj& r) {
    FillRecord f;
    f.ts = ts;
    f.fill_id = r.count("fill_id");
    f.seq = r.count("event_seq");
    f.order_id = r.count("order_id");
    f.symbol = r.raw_symbol("symbol");
    f.side = r.enumeration<Side>("side", kSideNames);
    f.qty = r.decimal("qty");
    f.price = r.decimal("price");
    f.leg = r.enumeration<PathLeg>("leg", kLegNames);
    f.trigger_price = r.decimal("trigger_price");
    f.gap = r.enumeration<GapRule>("gap", kGapNames);
    f.base_price = r.decimal("base_price");
    f.slippage = r.decimal("slippage");
    f.latency_ns = r.integer("latency_ns");
    f.commission = r.decimal("commission");
    f.liquidity_capped = r.boolean("liquidity_capped");
    f.oco_canceled = r.count("oco_canceled");
    f.oco_reduced = r.count("oco_reduced");
    f.realized_pnl = r.decimal("realized_pnl");
    f.position_after = r.decimal("position_after");
    f.avg_price_after = r.decimal("avg_price_after");
    Decimal unrealized = version_at_least(1) ? r.decimal("unrealized_pnl_after") : Decimal::nan();
    SymbolData& s = symbol_ref(f.symbol, "fill");
    order_change(lifecycle::Execution<Decimal>{ts, f.order_id, f.symbol, f.qty, f.price,
                                               f.commission, f.realized_pnl, f.position_after,
                                               f.avg_price_after, unrealized},
                 "fill");
    auto index = static_cast<std::uint32_t>(trace_.fills.size());
    trace_.order(f.order_id)->fills.push_back(index);
    s.fills.push_back(index);
    trace_.fills.push_back(f);
}

void Reader::Impl::position_changed(Timestamp ts, Obj& r) {
    lifecycle::PositionChanged<Decimal> c;
    c.ts = ts;
    c.symbol = r.raw_symbol("symbol");
    c.qty = r.decimal("qty");
    c.avg_price = r.decimal("avg_price");
    c.realized_pnl = r.decimal("realized_pnl");
    c.unrealized_pnl = r.decimal("unrealized_pnl");
    c.commission = r.decimal("commission");
    SymbolData& s = symbol_ref(c.symbol, "position_changed");
    lifecycle::apply(store_, c);
    s.position_changes.push_back(
        {trace_.last_seq, ts, c.qty, c.avg_price, c.realized_pnl, c.unrealized_pnl, c.commission});
}

// ---- Notices ----

void Reader::Impl::command_rejected(Timestamp ts, Obj& r) {
    CommandRejection c;
    c.seq = trace_.last_seq;
    c.ts = ts;
    c.command = r.string("command");
    c.id = r.count("id");
    c.other = r.count("other");
    c.reason = r.string("reason");
    c.text = r.string("text");
    trace_.command_rejections.push_back(std::move(c));
}

void Reader::Impl::margin_call(Timestamp ts, Obj& r) {
    MarginCallRecord m;
    m.seq = trace_.last_seq;
    m.ts = ts;
    m.equity = r.decimal("equity");
    m.maintenance_required = r.decimal("maintenance_required");
    trace_.margin_calls.push_back(std::move(m));
}

void Reader::Impl::forced_liquidation(Obj& r) {
    SymbolId sym = r.raw_symbol("symbol");
    OrderId id = r.count("order_id");
    r.enumeration<Side>("side", kSideNames);
    r.decimal("qty");
    symbol_ref(sym, "forced_liquidation");
    Order& o = order_ref(id, "forced_liquidation");
    o.liquidation = true;
    if (!trace_.margin_calls.empty()) trace_.margin_calls.back().liquidations.push_back(id);
}

void Reader::Impl::ambiguous_bar(Timestamp ts, Obj& r) {
    AmbiguousBarRecord a;
    a.ts = ts;
    a.symbol = r.raw_symbol("symbol");
    a.seq = r.count("event_seq");
    a.first = r.count("first");
    a.second = r.count("second");
    a.winner = r.count("winner");
    symbol_ref(a.symbol, "ambiguous_bar")
        .ambiguous.push_back(static_cast<std::uint32_t>(trace_.ambiguous_bars.size()));
    trace_.ambiguous_bars.push_back(a);
}

void Reader::Impl::market_data_rejected(Timestamp ts, Obj& r) {
    MarketDataRejection m;
    m.seq = trace_.last_seq;
    m.ts = ts;
    m.symbol = r.raw_symbol("symbol");
    m.text = r.string("text");
    // The runner writes a bar or tick before the engine sees it; when the engine refuses it,
    // this record follows at once and the bar or tick is taken back out.
    if (!trace_.market_events.empty() && trace_.records == last_market_record_) {
        const MarketEvent& last = trace_.market_events.back();
        if (last.symbol == m.symbol && last.ts == m.ts && last.kind != RecordKind::clock) {
            SymbolData& s = trace_.symbols[last.symbol];
            if (last.kind == RecordKind::bar) {
                s.bars.pop_back();
            } else {
                s.ticks.pop_back();
            }
            trace_.market_events.pop_back();
        }
    }
    trace_.market_data_rejections.push_back(std::move(m));
}

}  // namespace dsl::trace
