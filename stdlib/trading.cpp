// The order and portfolio builtins, and the DSL records built from engine snapshots
// (see trading.h).
#include "stdlib/trading.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "stdlib/stdlib.h"
#include "vm/gas.h"
#include "vm/vm.h"

namespace dsl::stdlib {
namespace {

using engine::Fixed;
using vm::HostCall;
using vm::Value;

// The DSL's enums follow the engine's, ordinal for ordinal (bytecode/types.h).
static_assert(int(engine::Side::sell) == 1);
static_assert(int(engine::OrderType::trailing_stop) == 4);
static_assert(int(engine::TimeInForce::fok) == 3);
static_assert(int(engine::OrderStatus::triggered) == 2 && int(engine::OrderStatus::expired) == 7);

constexpr double kNa = std::numeric_limits<double>::quiet_NaN();

uint8_t field(RecordId record, std::string_view name) {
    auto f = find_field(record, name);
    if (!f) {
        fmt::print(stderr, "internal error: record {} has no field {}\n", record_name(record),
                   name);
        std::abort();
    }
    return f->index;
}

// Field slots, resolved once by name so that records.def may be reordered freely.
struct OrderFields {
    uint8_t id, symbol, side, type, status, tif, qty, filled_qty, remaining_qty, limit_price,
        stop_price, avg_fill_price, last_fill_qty, last_fill_price, commission, is_working, tag,
        reject_reason, parent_id, oco_id, created_time, updated_time;
};
const OrderFields& order_fields() {
    static const OrderFields f = [] {
        auto o = [](std::string_view n) { return field(RecordId::Order, n); };
        return OrderFields{o("id"),
                           o("symbol"),
                           o("side"),
                           o("type"),
                           o("status"),
                           o("tif"),
                           o("qty"),
                           o("filled_qty"),
                           o("remaining_qty"),
                           o("limit_price"),
                           o("stop_price"),
                           o("avg_fill_price"),
                           o("last_fill_qty"),
                           o("last_fill_price"),
                           o("commission"),
                           o("is_working"),
                           o("tag"),
                           o("reject_reason"),
                           o("parent_id"),
                           o("oco_id"),
                           o("created_time"),
                           o("updated_time")};
    }();
    return f;
}

struct PositionFields {
    uint8_t symbol, qty, avg_price, realized_pnl, unrealized_pnl, commission, opened_bar,
        opened_time;
};
const PositionFields& position_fields() {
    static const PositionFields f = [] {
        auto p = [](std::string_view n) { return field(RecordId::Position, n); };
        return PositionFields{
            p("symbol"),         p("qty"),        p("avg_price"),  p("realized_pnl"),
            p("unrealized_pnl"), p("commission"), p("opened_bar"), p("opened_time")};
    }();
    return f;
}

struct PortfolioFields {
    uint8_t cash, equity, realized_pnl, unrealized_pnl, commission, margin_used, buying_power,
        open_orders;
};
const PortfolioFields& portfolio_fields() {
    static const PortfolioFields f = [] {
        auto p = [](std::string_view n) { return field(RecordId::Portfolio, n); };
        return PortfolioFields{p("cash"),           p("equity"),     p("realized_pnl"),
                               p("unrealized_pnl"), p("commission"), p("margin_used"),
                               p("buying_power"),   p("open_orders")};
    }();
    return f;
}

Value money(Fixed v) {
    return Value::from_float(v.is_nan() ? kNa : v.to_double());
}
// A price that may not apply: the engine stores 0 for "none".
Value price_or_na(Fixed v, bool applies) {
    return Value::from_float(applies && !v.is_nan() ? v.to_double() : kNa);
}

Trading& trading(HostCall& call) {
    return *runtime(call).trading();
}

// The symbol argument of an order builtin. Ids the strategy made up with symbol("X") reach the
// engine, which rejects their orders as unknown_symbol; only a corrupt id stops the strategy.
engine::SymbolId symbol_arg(HostCall& call, Value v) {
    int64_t s = v.as_int();
    if (s < 0 || s >= runtime(call).market().symbol_count())
        call.error(fmt::format("invalid symbol id {}", s));
    return engine::SymbolId(s);
}

Fixed fx(Value v) {
    return Fixed::from_double(v.as_float());
}

engine::OrderOptions options(HostCall& call, Value tif, Value tag) {
    std::string_view text = tag.as_string()->view();
    call.charge(vm::gas_for_bytes(text.size()));
    return {engine::TimeInForce(tif.as_int()), std::string(text)};
}

Value id(engine::OrderId order) {
    return Value::from_int(int64_t(order));
}

// ---- Orders -------------------------------------------------------------------------------

template <engine::Side S>
void b_market(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    *out = id(e.market(symbol_arg(call, a[0]), S, fx(a[1]), options(call, a[2], a[3])));
}

template <engine::Side S>
void b_limit(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    *out = id(e.limit(symbol_arg(call, a[0]), S, fx(a[1]), fx(a[2]), options(call, a[3], a[4])));
}

template <engine::Side S>
void b_stop(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    *out = id(e.stop(symbol_arg(call, a[0]), S, fx(a[1]), fx(a[2]), options(call, a[3], a[4])));
}

template <engine::Side S>
void b_stop_limit(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    *out = id(e.stop_limit(symbol_arg(call, a[0]), S, fx(a[1]), fx(a[2]), fx(a[3]),
                           options(call, a[4], a[5])));
}

template <engine::Side S>
void b_trailing_offset(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    *out = id(e.trailing_stop_offset(symbol_arg(call, a[0]), S, fx(a[1]), fx(a[2]),
                                     options(call, a[3], a[4])));
}

template <engine::Side S>
void b_trailing_percent(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    *out = id(e.trailing_stop_percent(symbol_arg(call, a[0]), S, fx(a[1]), fx(a[2]),
                                      options(call, a[3], a[4])));
}

// bracket_buy(s, qty, entry, take_profit, stop_loss, tif, tag): a limit entry at `entry`,
// or a market entry when it is na. Returns the entry's id.
template <engine::Side S>
void b_bracket(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    engine::BracketRequest r;
    r.symbol = symbol_arg(call, a[0]);
    r.side = S;
    r.qty = fx(a[1]);
    if (!std::isnan(a[2].as_float())) r.entry_limit = fx(a[2]);
    r.take_profit = fx(a[3]);
    r.stop_loss = fx(a[4]);
    engine::OrderOptions o = options(call, a[5], a[6]);
    r.tif = o.tif;
    r.tag = std::move(o.tag);
    *out = id(e.bracket(std::move(r)).entry);
}

engine::OrderId order_arg(Value v) {
    int64_t n = v.as_int();
    return n < 0 ? engine::kNoOrder : engine::OrderId(n);
}

void b_oco(HostCall& call, const Value* a, Value* out) {
    *out = Value::from_bool(trading(call).engine().oco(order_arg(a[0]), order_arg(a[1])));
}

void b_cancel(HostCall& call, const Value* a, Value* out) {
    *out = Value::from_bool(trading(call).engine().cancel(order_arg(a[0])));
}

void b_cancel_all(HostCall& call, const Value*, Value* out) {
    *out = Value::from_int(int64_t(trading(call).engine().cancel_all()));
}

void b_cancel_all_symbol(HostCall& call, const Value* a, Value* out) {
    *out = Value::from_int(int64_t(trading(call).engine().cancel_all(symbol_arg(call, a[0]))));
}

// Returns 0 without placing anything when the position is already flat.
void b_close_position(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    engine::SymbolId s = symbol_arg(call, a[0]);
    if (s >= e.instruments().size() || e.position(s).qty.is_zero()) {
        *out = Value::from_int(0);
        return;
    }
    std::string_view tag = a[1].as_string()->view();
    call.charge(vm::gas_for_bytes(tag.size()));
    *out = id(e.close_position(s, {engine::TimeInForce::gtc, std::string(tag)}));
}

// ---- State --------------------------------------------------------------------------------

void b_position(HostCall& call, const Value* a, Value* out) {
    Trading& t = trading(call);
    *out = Value::from_ref(t.shared_position_record(call.vm(), symbol_arg(call, a[0])));
}

void b_portfolio(HostCall& call, const Value*, Value* out) {
    *out = Value::from_ref(trading(call).portfolio_record(call.vm()));
}

void b_equity(HostCall& call, const Value*, Value* out) {
    *out = money(trading(call).engine().portfolio().equity);
}

void b_cash(HostCall& call, const Value*, Value* out) {
    *out = money(trading(call).engine().portfolio().cash);
}

void b_get_order(HostCall& call, const Value* a, Value* out) {
    Trading& t = trading(call);
    auto order = t.engine().order(order_arg(a[0]));
    if (!order) call.error(fmt::format("get_order: there is no order with id {}", a[0].as_int()));
    *out = Value::from_ref(t.order_record(call.vm(), *order));
}

void b_working_orders(HostCall& call, const Value*, Value* out) {
    *out = Value::from_int(int64_t(trading(call).engine().working_order_count()));
}

void b_working_orders_symbol(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    engine::SymbolId s = symbol_arg(call, a[0]);
    *out = Value::from_int(s < e.instruments().size() ? int64_t(e.working_order_count(s)) : 0);
}

struct Binding {
    BuiltinId id;
    vm::BuiltinFn fn;
};

using engine::Side;
const Binding kTrading[] = {
    {BuiltinId::buy, b_market<Side::buy>},
    {BuiltinId::sell, b_market<Side::sell>},
    {BuiltinId::limit_buy, b_limit<Side::buy>},
    {BuiltinId::limit_sell, b_limit<Side::sell>},
    {BuiltinId::stop_buy, b_stop<Side::buy>},
    {BuiltinId::stop_sell, b_stop<Side::sell>},
    {BuiltinId::stop_limit_buy, b_stop_limit<Side::buy>},
    {BuiltinId::stop_limit_sell, b_stop_limit<Side::sell>},
    {BuiltinId::trailing_stop_buy, b_trailing_offset<Side::buy>},
    {BuiltinId::trailing_stop_sell, b_trailing_offset<Side::sell>},
    {BuiltinId::trailing_stop_buy_pct, b_trailing_percent<Side::buy>},
    {BuiltinId::trailing_stop_sell_pct, b_trailing_percent<Side::sell>},
    {BuiltinId::bracket_buy, b_bracket<Side::buy>},
    {BuiltinId::bracket_sell, b_bracket<Side::sell>},
    {BuiltinId::oco, b_oco},
    {BuiltinId::cancel, b_cancel},
    {BuiltinId::cancel_all, b_cancel_all},
    {BuiltinId::cancel_all_symbol, b_cancel_all_symbol},
    {BuiltinId::close_position, b_close_position},
    {BuiltinId::position, b_position},
    {BuiltinId::portfolio, b_portfolio},
    {BuiltinId::equity, b_equity},
    {BuiltinId::cash, b_cash},
    {BuiltinId::get_order, b_get_order},
    {BuiltinId::working_orders, b_working_orders},
    {BuiltinId::working_orders_symbol, b_working_orders_symbol},
};

}  // namespace

int64_t to_ms(engine::Timestamp ts) {
    if (ts == engine::kNoTime) return 0;
    int64_t ms = ts / 1'000'000;
    return ts % 1'000'000 < 0 ? ms - 1 : ms;  // floor, for times before 1970
}

void Trading::note_position(int64_t symbol, Fixed qty_before, Fixed qty_after, int64_t bar_index,
                            int64_t time_ms) {
    if (symbol < 0) return;
    if (opened_.size() <= size_t(symbol)) opened_.resize(size_t(symbol) + 1);
    Opened& o = opened_[size_t(symbol)];
    bool reversed = (qty_before.raw() > 0 && qty_after.raw() < 0) ||
                    (qty_before.raw() < 0 && qty_after.raw() > 0);
    if (qty_after.is_zero())
        o = Opened{};
    else if (qty_before.is_zero() || reversed)
        o = Opened{bar_index, time_ms};
}

Trading::Opened Trading::opened(int64_t symbol) const {
    if (symbol < 0 || size_t(symbol) >= opened_.size()) return {};
    return opened_[size_t(symbol)];
}

vm::Record* Trading::order_record(vm::Vm& vm, const engine::OrderSnapshot& o) const {
    const OrderFields& f = order_fields();
    vm::Record* r = vm.new_record(RecordId::Order);
    Value* v = r->fields();
    using T = engine::OrderType;
    bool has_limit = o.type == T::limit || o.type == T::stop_limit;
    bool has_stop = o.type == T::stop || o.type == T::stop_limit || o.type == T::trailing_stop;
    bool working = o.working();
    v[f.id] = id(o.id);
    v[f.symbol] = Value::from_int(int64_t(o.symbol));
    v[f.side] = Value::from_int(int64_t(o.side));
    v[f.type] = Value::from_int(int64_t(o.type));
    v[f.status] = Value::from_int(int64_t(o.status));
    v[f.tif] = Value::from_int(int64_t(o.tif));
    v[f.qty] = money(o.qty);
    v[f.filled_qty] = money(o.filled_qty);
    v[f.remaining_qty] = working ? money(o.remaining()) : Value::from_float(0);
    v[f.limit_price] = price_or_na(o.limit_price, has_limit);
    v[f.stop_price] = price_or_na(o.stop_price, has_stop);
    v[f.avg_fill_price] = price_or_na(o.avg_fill_price, !o.filled_qty.is_zero());
    v[f.last_fill_qty] = money(o.last_fill_qty);
    v[f.last_fill_price] = price_or_na(o.last_fill_price, !o.last_fill_qty.is_zero());
    v[f.commission] = money(o.commission);
    v[f.is_working] = Value::from_bool(working);
    v[f.tag] = Value::from_ref(vm.new_string(o.tag));
    std::string reason;
    if (o.reject_reason != engine::RejectReason::none)
        reason =
            o.reject_text.empty() ? std::string(engine::to_string(o.reject_reason)) : o.reject_text;
    v[f.reject_reason] = Value::from_ref(vm.new_string(reason));
    v[f.parent_id] = id(o.parent);
    v[f.oco_id] = id(o.oco);
    v[f.created_time] = Value::from_int(to_ms(o.created_ts));
    v[f.updated_time] = Value::from_int(to_ms(o.updated_ts));
    return r;
}

vm::Record* Trading::position_record(vm::Vm& vm, const engine::PositionSnapshot& p) const {
    const PositionFields& f = position_fields();
    vm::Record* r = vm.new_record(RecordId::Position);
    Value* v = r->fields();
    Opened o = opened(int64_t(p.symbol));
    v[f.symbol] = Value::from_int(int64_t(p.symbol));
    v[f.qty] = money(p.qty);
    v[f.avg_price] = price_or_na(p.avg_price, !p.qty.is_zero());
    v[f.realized_pnl] = money(p.realized_pnl);
    v[f.unrealized_pnl] = money(p.unrealized_pnl);
    v[f.commission] = money(p.commission);
    v[f.opened_bar] = Value::from_int(p.qty.is_zero() ? -1 : o.bar);
    v[f.opened_time] = Value::from_int(p.qty.is_zero() ? 0 : o.time_ms);
    return r;
}

vm::Record* Trading::shared_position_record(vm::Vm& vm, engine::SymbolId symbol) {
    if (shared_vm_ != &vm) {  // slots belong to one VM
        shared_positions_.clear();
        shared_vm_ = &vm;
    }
    while (shared_positions_.size() <= symbol)
        shared_positions_.push_back({vm.add_kept_slot(), nullptr, 0, {}});
    SharedPosition& shared = shared_positions_[symbol];
    const Opened o = opened(int64_t(symbol));
    const uint64_t changes = engine_.position_changes(symbol);
    if (shared.record && shared.changes == changes && shared.opened.bar == o.bar &&
        shared.opened.time_ms == o.time_ms) {
        return shared.record;
    }
    engine::PositionSnapshot p = engine_.position(symbol);  // empty beyond the instruments
    p.symbol = symbol;
    vm::Record* r = position_record(vm, p);
    vm.keep(shared.slot, r);
    shared = {shared.slot, r, changes, o};
    return r;
}

vm::Record* Trading::portfolio_record(vm::Vm& vm) const {
    const PortfolioFields& f = portfolio_fields();
    engine::PortfolioSnapshot p = engine_.portfolio();
    vm::Record* r = vm.new_record(RecordId::Portfolio);
    Value* v = r->fields();
    v[f.cash] = money(p.cash);
    v[f.equity] = money(p.equity);
    v[f.realized_pnl] = money(p.realized_pnl);
    v[f.unrealized_pnl] = money(p.unrealized_pnl);
    v[f.commission] = money(p.commission);
    v[f.margin_used] = money(p.margin_used);
    v[f.buying_power] = money(p.buying_power);
    v[f.open_orders] = Value::from_int(int64_t(engine_.working_order_count()));
    return r;
}

void bind_trading(vm::Host& host) {
    for (const Binding& b : kTrading)
        host.bind(b.id, b.fn);
}

bool binds_trading(BuiltinId id) {
    for (const Binding& b : kTrading) {
        if (b.id == id) return true;
    }
    return false;
}

}  // namespace dsl::stdlib
