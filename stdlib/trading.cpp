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

constexpr double kNa = std::numeric_limits<double>::quiet_NaN();

// Field slots, by name (field_slot: a misspelt name does not compile).
consteval uint8_t order_slot(std::string_view name) {
    return field_slot(RecordId::Order, name);
}
consteval uint8_t position_slot(std::string_view name) {
    return field_slot(RecordId::Position, name);
}
consteval uint8_t portfolio_slot(std::string_view name) {
    return field_slot(RecordId::Portfolio, name);
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

// The field readers (vm/host.h): position(s).qty and the like without building the record.
void r_position(HostCall& call, const Value* a, uint32_t field, Value* out) {
    Trading& t = trading(call);
    *out = t.position_field(t.position_of(symbol_arg(call, a[0])), uint8_t(field));
}

void r_portfolio(HostCall& call, const Value*, uint32_t field, Value* out) {
    Trading& t = trading(call);
    *out = t.portfolio_field(t.engine().portfolio(), uint8_t(field));
}

void b_equity(HostCall& call, const Value*, Value* out) {
    *out = money(trading(call).engine().portfolio().equity);
}

void b_cash(HostCall& call, const Value*, Value* out) {
    *out = money(trading(call).engine().portfolio().cash);
}

// The order get_order(id) names; a runtime error for an id never issued.
engine::OrderSnapshot order_named(HostCall& call, Trading& t, Value id) {
    auto order = t.engine().order(order_arg(id));
    if (!order) call.error(fmt::format("get_order: there is no order with id {}", id.as_int()));
    return std::move(*order);
}

void b_get_order(HostCall& call, const Value* a, Value* out) {
    Trading& t = trading(call);
    *out = Value::from_ref(t.order_record(call.vm(), order_named(call, t, a[0])));
}

void r_get_order(HostCall& call, const Value* a, uint32_t field, Value* out) {
    Trading& t = trading(call);
    *out = t.order_field(call.vm(), order_named(call, t, a[0]), uint8_t(field));
}

void b_working_orders(HostCall& call, const Value*, Value* out) {
    *out = Value::from_int(int64_t(trading(call).engine().working_order_count()));
}

void b_working_orders_symbol(HostCall& call, const Value* a, Value* out) {
    auto& e = trading(call).engine();
    engine::SymbolId s = symbol_arg(call, a[0]);
    *out = Value::from_int(s < e.instruments().size() ? int64_t(e.working_order_count(s)) : 0);
}

// An order command (kOrder): counted and accounted around the command itself.
template <vm::BuiltinFn Command>
void command(HostCall& call, const Value* a, Value* out) {
    Trading& t = trading(call);
    t.before_command(call);
    Command(call, a, out);
    t.after_command(call);
}

struct Binding {
    BuiltinId id;
    vm::BuiltinFn fn;
    vm::FieldReaderFn read_field = nullptr;  // for builtins that return a record
};

using engine::Side;
const Binding kTrading[] = {
    {BuiltinId::buy, command<b_market<Side::buy>>},
    {BuiltinId::sell, command<b_market<Side::sell>>},
    {BuiltinId::limit_buy, command<b_limit<Side::buy>>},
    {BuiltinId::limit_sell, command<b_limit<Side::sell>>},
    {BuiltinId::stop_buy, command<b_stop<Side::buy>>},
    {BuiltinId::stop_sell, command<b_stop<Side::sell>>},
    {BuiltinId::stop_limit_buy, command<b_stop_limit<Side::buy>>},
    {BuiltinId::stop_limit_sell, command<b_stop_limit<Side::sell>>},
    {BuiltinId::trailing_stop_buy, command<b_trailing_offset<Side::buy>>},
    {BuiltinId::trailing_stop_sell, command<b_trailing_offset<Side::sell>>},
    {BuiltinId::trailing_stop_buy_pct, command<b_trailing_percent<Side::buy>>},
    {BuiltinId::trailing_stop_sell_pct, command<b_trailing_percent<Side::sell>>},
    {BuiltinId::bracket_buy, command<b_bracket<Side::buy>>},
    {BuiltinId::bracket_sell, command<b_bracket<Side::sell>>},
    {BuiltinId::oco, command<b_oco>},
    {BuiltinId::cancel, command<b_cancel>},
    {BuiltinId::cancel_all, command<b_cancel_all>},
    {BuiltinId::cancel_all_symbol, command<b_cancel_all_symbol>},
    {BuiltinId::close_position, command<b_close_position>},
    {BuiltinId::position, b_position, r_position},
    {BuiltinId::portfolio, b_portfolio, r_portfolio},
    {BuiltinId::equity, b_equity},
    {BuiltinId::cash, b_cash},
    {BuiltinId::get_order, b_get_order, r_get_order},
    {BuiltinId::working_orders, b_working_orders},
    {BuiltinId::working_orders_symbol, b_working_orders_symbol},
};

}  // namespace

void Trading::before_command(HostCall& call) {
    if (++event_commands_ > limits_.event_commands)
        call.error(fmt::format("order command limit exceeded ({} in one market event)",
                               limits_.event_commands));
}

void Trading::after_command(HostCall& call) {
    const int64_t bytes = int64_t(engine_.order_memory_bytes());
    try {
        call.reserve_host_memory(bytes - order_bytes_counted_);
    } catch (vm::Trap& t) {
        t.message += fmt::format(": the order records ({} orders) need {} bytes",
                                 engine_.last_order_id(), bytes);
        throw;
    }
    order_bytes_counted_ = bytes;
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

Value Trading::order_field(vm::Vm& vm, const engine::OrderSnapshot& o, uint8_t field) const {
    switch (field) {
        case order_slot("id"):
            return id(o.id);
        case order_slot("symbol"):
            return Value::from_int(int64_t(o.symbol));
        case order_slot("side"):
            return Value::from_int(int64_t(o.side));
        case order_slot("type"):
            return Value::from_int(int64_t(o.type));
        case order_slot("status"):
            return Value::from_int(int64_t(o.status));
        case order_slot("tif"):
            return Value::from_int(int64_t(o.tif));
        case order_slot("qty"):
            return money(o.qty);
        case order_slot("filled_qty"):
            return money(o.filled_qty);
        case order_slot("remaining_qty"):
            return o.working() ? money(o.remaining()) : Value::from_float(0);
        case order_slot("limit_price"):
            return price_or_na(o.limit_price, engine::has_limit_price(o.type));
        case order_slot("stop_price"):
            return price_or_na(o.stop_price, engine::has_stop_price(o.type));
        case order_slot("avg_fill_price"):
            return price_or_na(o.avg_fill_price, !o.filled_qty.is_zero());
        case order_slot("last_fill_qty"):
            return money(o.last_fill_qty);
        case order_slot("last_fill_price"):
            return price_or_na(o.last_fill_price, !o.last_fill_qty.is_zero());
        case order_slot("commission"):
            return money(o.commission);
        case order_slot("is_working"):
            return Value::from_bool(o.working());
        case order_slot("tag"):
            return Value::from_ref(vm.new_string(o.tag));
        case order_slot("reject_reason"): {
            if (o.reject_reason == engine::RejectReason::none)
                return Value::from_ref(vm.new_string(""));
            return Value::from_ref(vm.new_string(o.reject_text.empty()
                                                     ? engine::to_string(o.reject_reason)
                                                     : std::string_view(o.reject_text)));
        }
        case order_slot("parent_id"):
            return id(o.parent);
        case order_slot("oco_id"):
            return id(o.oco);
        case order_slot("created_time"):
            return Value::from_int(to_ms(o.created_ts));
        case order_slot("updated_time"):
            return Value::from_int(to_ms(o.updated_ts));
    }
    std::abort();  // the verifier proved the field exists
}

Value Trading::position_field(const engine::PositionSnapshot& p, uint8_t field) const {
    const bool open = !p.qty.is_zero();
    switch (field) {
        case position_slot("symbol"):
            return Value::from_int(int64_t(p.symbol));
        case position_slot("qty"):
            return money(p.qty);
        case position_slot("avg_price"):
            return price_or_na(p.avg_price, open);
        case position_slot("realized_pnl"):
            return money(p.realized_pnl);
        case position_slot("unrealized_pnl"):
            return money(p.unrealized_pnl);
        case position_slot("commission"):
            return money(p.commission);
        case position_slot("opened_bar"):
            return Value::from_int(open ? opened(int64_t(p.symbol)).bar : -1);
        case position_slot("opened_time"):
            return Value::from_int(open ? opened(int64_t(p.symbol)).time_ms : 0);
    }
    std::abort();
}

Value Trading::portfolio_field(const engine::PortfolioSnapshot& p, uint8_t field) const {
    switch (field) {
        case portfolio_slot("cash"):
            return money(p.cash);
        case portfolio_slot("equity"):
            return money(p.equity);
        case portfolio_slot("realized_pnl"):
            return money(p.realized_pnl);
        case portfolio_slot("unrealized_pnl"):
            return money(p.unrealized_pnl);
        case portfolio_slot("commission"):
            return money(p.commission);
        case portfolio_slot("margin_used"):
            return money(p.margin_used);
        case portfolio_slot("buying_power"):
            return money(p.buying_power);
        case portfolio_slot("open_orders"):
            return Value::from_int(int64_t(engine_.working_order_count()));
    }
    std::abort();
}

// A record filled field by field from the functions above. Vm::new_record roots it (a handle)
// while its string fields are allocated.
template <class FieldOf>
vm::Record* Trading::filled_record(vm::Vm& vm, RecordId id, FieldOf field_of) {
    vm::Record* r = vm.new_record(id);
    const size_t n = record_fields(id).size();
    for (size_t f = 0; f < n; ++f)
        r->fields()[f] = field_of(uint8_t(f));
    return r;
}

vm::Record* Trading::order_record(vm::Vm& vm, const engine::OrderSnapshot& o) const {
    return filled_record(vm, RecordId::Order, [&](uint8_t f) { return order_field(vm, o, f); });
}

vm::Record* Trading::position_record(vm::Vm& vm, const engine::PositionSnapshot& p) const {
    return filled_record(vm, RecordId::Position, [&](uint8_t f) { return position_field(p, f); });
}

engine::PositionSnapshot Trading::position_of(engine::SymbolId symbol) const {
    if (view_) [[unlikely]] {
        if (std::optional<engine::PositionSnapshot> then = view_->position(symbol)) return *then;
    }
    engine::PositionSnapshot p = engine_.position(symbol);  // empty beyond the instruments
    p.symbol = symbol;
    return p;
}

vm::Record* Trading::shared_position_record(vm::Vm& vm, engine::SymbolId symbol) {
    // A position as of an earlier change is not the engine's: a record of its own.
    if (view_ && view_->position(symbol)) return position_record(vm, position_of(symbol));
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
    vm::Record* r = position_record(vm, position_of(symbol));
    vm.keep(shared.slot, r);
    shared = {shared.slot, r, changes, o};
    return r;
}

vm::Record* Trading::portfolio_record(vm::Vm& vm) const {
    const engine::PortfolioSnapshot p = engine_.portfolio();
    return filled_record(vm, RecordId::Portfolio, [&](uint8_t f) { return portfolio_field(p, f); });
}

void bind_trading(vm::Host& host) {
    for (const Binding& b : kTrading) {
        host.bind(b.id, b.fn);
        host.bind_field_reader(b.id, b.read_field);
    }
}

bool binds_trading(BuiltinId id) {
    for (const Binding& b : kTrading) {
        if (b.id == id) return true;
    }
    return false;
}

}  // namespace dsl::stdlib
