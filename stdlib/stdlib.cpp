// The builtin bindings, group by group, and the indicator state they keep (stdlib.h).
// A binding reads its arguments in signature order (kSeries builtins get bars_ago last),
// reports bad arguments with call.error(), and never touches anything but its arguments,
// the Runtime and the VM objects it allocates.
#include "stdlib/stdlib.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <variant>

#include "stdlib/indicators.h"
#include "stdlib/trading.h"
#include "vm/gas.h"

namespace dsl::stdlib {

using vm::HostCall;
using vm::Value;

namespace {

Value fl(double v) {
    return Value::from_float(v);
}
Value in(int64_t v) {
    return Value::from_int(v);
}

struct Binding {
    BuiltinId id;
    vm::BuiltinFn fn;
};

// ---- math ---------------------------------------------------------------------------------

template <double (*F)(double)>
void unary(HostCall&, const Value* a, Value* out) {
    *out = fl(F(a[0].as_float()));
}

double f_sqrt(double x) {
    return std::sqrt(x);
}
double f_exp(double x) {
    return std::exp(x);
}
double f_ln(double x) {
    return std::log(x);
}
double f_log10(double x) {
    return std::log10(x);
}
double f_floor(double x) {
    return std::floor(x);
}
double f_ceil(double x) {
    return std::ceil(x);
}
double f_round(double x) {
    return std::round(x);  // halves away from zero
}
double f_abs(double x) {
    return std::fabs(x);
}
double f_sign(double x) {
    if (std::isnan(x)) return x;
    return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}

void b_abs_int(HostCall& call, const Value* a, Value* out) {
    int64_t x = a[0].as_int();
    if (x == INT64_MIN) call.error("integer overflow in abs");
    *out = in(x < 0 ? -x : x);
}
void b_min_int(HostCall&, const Value* a, Value* out) {
    *out = in(std::min(a[0].as_int(), a[1].as_int()));
}
void b_max_int(HostCall&, const Value* a, Value* out) {
    *out = in(std::max(a[0].as_int(), a[1].as_int()));
}
void b_min_float(HostCall&, const Value* a, Value* out) {
    double x = a[0].as_float(), y = a[1].as_float();
    *out = fl(std::isnan(x) || std::isnan(y) ? kNa : std::min(x, y));
}
void b_max_float(HostCall&, const Value* a, Value* out) {
    double x = a[0].as_float(), y = a[1].as_float();
    *out = fl(std::isnan(x) || std::isnan(y) ? kNa : std::max(x, y));
}
void b_clamp(HostCall& call, const Value* a, Value* out) {
    double x = a[0].as_float(), lo = a[1].as_float(), hi = a[2].as_float();
    if (lo > hi) call.error(fmt::format("clamp: lo {} is above hi {}", lo, hi));
    if (std::isnan(x) || std::isnan(lo) || std::isnan(hi)) {
        *out = fl(kNa);
        return;
    }
    *out = fl(std::min(std::max(x, lo), hi));
}
void b_pow(HostCall&, const Value* a, Value* out) {
    *out = fl(std::pow(a[0].as_float(), a[1].as_float()));
}
void b_round_to(HostCall& call, const Value* a, Value* out) {
    double x = a[0].as_float(), step = a[1].as_float();
    if (!(step > 0)) call.error(fmt::format("round_to: step must be above 0, got {}", step));
    *out = fl(std::round(x / step) * step);
}
void b_is_na(HostCall&, const Value* a, Value* out) {
    *out = Value::from_bool(std::isnan(a[0].as_float()));
}
void b_nz(HostCall&, const Value* a, Value* out) {
    *out = std::isnan(a[0].as_float()) ? a[1] : a[0];
}

const Binding kMath[] = {
    {BuiltinId::abs_int, b_abs_int},
    {BuiltinId::abs_float, unary<f_abs>},
    {BuiltinId::min_int, b_min_int},
    {BuiltinId::min_float, b_min_float},
    {BuiltinId::max_int, b_max_int},
    {BuiltinId::max_float, b_max_float},
    {BuiltinId::clamp, b_clamp},
    {BuiltinId::sqrt, unary<f_sqrt>},
    {BuiltinId::pow, b_pow},
    {BuiltinId::exp, unary<f_exp>},
    {BuiltinId::ln, unary<f_ln>},
    {BuiltinId::log10, unary<f_log10>},
    {BuiltinId::floor, unary<f_floor>},
    {BuiltinId::ceil, unary<f_ceil>},
    {BuiltinId::round, unary<f_round>},
    {BuiltinId::round_to, b_round_to},
    {BuiltinId::sign, unary<f_sign>},
    {BuiltinId::is_na, b_is_na},
    {BuiltinId::nz, b_nz},
};

// ---- time (ms since the Unix epoch, UTC; proleptic Gregorian calendar) ---------------------

constexpr int64_t kMsPerDay = 86'400'000;

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct Civil {
    int64_t year, month, day;
};

// Howard Hinnant's days_from_civil inverse.
Civil civil_from_days(int64_t z) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
}

Civil civil_of(const Value& t) {
    return civil_from_days(floor_div(t.as_int(), kMsPerDay));
}

void b_year(HostCall&, const Value* a, Value* out) {
    *out = in(civil_of(a[0]).year);
}
void b_month(HostCall&, const Value* a, Value* out) {
    *out = in(civil_of(a[0]).month);
}
void b_day(HostCall&, const Value* a, Value* out) {
    *out = in(civil_of(a[0]).day);
}
void b_weekday(HostCall&, const Value* a, Value* out) {
    int64_t days = floor_div(a[0].as_int(), kMsPerDay);
    *out = in(((days % 7 + 7) % 7 + 3) % 7 + 1);  // 1970-01-01 was a Thursday (4)
}
void b_hour(HostCall&, const Value* a, Value* out) {
    int64_t t = a[0].as_int();
    *out = in((t - floor_div(t, kMsPerDay) * kMsPerDay) / 3'600'000);
}
void b_minute(HostCall&, const Value* a, Value* out) {
    int64_t t = a[0].as_int();
    *out = in((t - floor_div(t, 3'600'000) * 3'600'000) / 60'000);
}

const Binding kTime[] = {
    {BuiltinId::year, b_year},       {BuiltinId::month, b_month}, {BuiltinId::day, b_day},
    {BuiltinId::weekday, b_weekday}, {BuiltinId::hour, b_hour},   {BuiltinId::minute, b_minute},
};

// ---- output -------------------------------------------------------------------------------

void b_log(HostCall& call, const Value* a, Value*) {
    std::string_view line = a[0].as_string()->view();
    call.charge(vm::gas_for_bytes(line.size()));
    runtime(call).log(line);
}

const Binding kOutput[] = {{BuiltinId::log, b_log}};

// ---- market data --------------------------------------------------------------------------

int64_t symbol_arg(HostCall& call, Value v) {
    int64_t s = v.as_int();
    if (s < 0 || s >= runtime(call).market().symbol_count())
        call.error(fmt::format("invalid symbol id {}", s));
    return s;
}

int64_t bars_ago_arg(HostCall& call, Value v) {
    int64_t n = v.as_int();
    if (n < 0) call.error(fmt::format("negative history offset {}", n));
    return n;
}

template <double Bar::*Field>
void b_series(HostCall& call, const Value* a, Value* out) {
    int64_t s = symbol_arg(call, a[0]);
    const Bar* bar = runtime(call).market().bar(s, bars_ago_arg(call, a[1]));
    *out = fl(bar ? bar->*Field : kNa);
}

void b_time(HostCall& call, const Value* a, Value* out) {
    int64_t s = symbol_arg(call, a[0]);
    int64_t ago = bars_ago_arg(call, a[1]);
    MarketContext& m = runtime(call).market();
    const Bar* bar = m.bar(s, ago);
    if (!bar) call.error(fmt::format("time({})[{}]: there is no such bar", m.symbol_name(s), ago));
    *out = in(bar->time_ms);
}

void b_bar_index(HostCall& call, const Value* a, Value* out) {
    uint64_t n = runtime(call).market().event_count(symbol_arg(call, a[0]));
    *out = in(n == 0 ? 0 : int64_t(n - 1));
}

void b_symbol(HostCall& call, const Value* a, Value* out) {
    std::string_view name = a[0].as_string()->view();
    call.charge(vm::gas_for_bytes(name.size()));
    *out = in(runtime(call).market().intern_symbol(name));
}

void b_symbol_name(HostCall& call, const Value* a, Value* out) {
    int64_t s = symbol_arg(call, a[0]);
    *out = Value::from_ref(call.new_string(runtime(call).market().symbol_name(s)));
}

void b_symbols(HostCall& call, const Value*, Value* out) {
    int64_t n = runtime(call).market().symbol_count();
    vm::Array* list = call.new_array(Type::symbol(), uint64_t(n));
    for (int64_t i = 0; i < n; ++i)
        list->data[i] = in(i);
    *out = Value::from_ref(list);
}

void b_tick_size(HostCall& call, const Value* a, Value* out) {
    *out = fl(runtime(call).market().tick_size(symbol_arg(call, a[0])));
}

void b_round_price(HostCall& call, const Value* a, Value* out) {
    double tick = runtime(call).market().tick_size(symbol_arg(call, a[0]));
    *out = fl(std::round(a[1].as_float() / tick) * tick);
}

const Binding kMarket[] = {
    {BuiltinId::open, b_series<&Bar::open>},     {BuiltinId::high, b_series<&Bar::high>},
    {BuiltinId::low, b_series<&Bar::low>},       {BuiltinId::close, b_series<&Bar::close>},
    {BuiltinId::volume, b_series<&Bar::volume>}, {BuiltinId::time, b_time},
    {BuiltinId::bar_index, b_bar_index},         {BuiltinId::symbol, b_symbol},
    {BuiltinId::symbol_name, b_symbol_name},     {BuiltinId::symbols, b_symbols},
    {BuiltinId::tick_size, b_tick_size},         {BuiltinId::round_price, b_round_price},
};

}  // namespace

// ---- indicators ---------------------------------------------------------------------------

struct Runtime::Slot {
    int64_t length = 0;
    bool started = false;
    uint64_t last_event = 0;
    std::variant<std::monostate, Sma, Ema, Rsi, Stdev, Highest, Lowest, Atr, Crossover, Crossunder>
        state;
};

Runtime::Slot& Runtime::slot(HostCall& call, int64_t key, int64_t length) {
    // Most calls find the slot they found last time (one symbol, or runs of one symbol).
    LastSlot& last = last_slot_[call.site()];
    if (last.key == key && last.slot && last.slot->length == length) [[likely]]
        return *last.slot;
    Slot& s = find_slot(call, key, length);
    last = {key, &s};
    return s;
}

Runtime::Slot& Runtime::find_slot(HostCall& call, int64_t key, int64_t length) {
    BuiltinId id = call.builtin();
    bool has_length = id != BuiltinId::crossover && id != BuiltinId::crossunder;
    std::string_view name = builtin_info(id).name;
    if (has_length && (length < 1 || length > kMaxIndicatorLength))
        call.error(fmt::format("{} length must be between 1 and {}, got {}", name,
                               kMaxIndicatorLength, length));
    auto& per_symbol = sites_[call.site()];
    size_t index = slot_index(key);
    if (per_symbol.size() <= index) per_symbol.resize(index + 1);
    auto& slot = per_symbol[index];
    if (slot) {
        if (slot->length != length)
            call.error(fmt::format("{} length changed from {} to {} at this call site", name,
                                   slot->length, length));
        return *slot;
    }
    // Windows count against the VM's memory limit (highest/lowest also keep a deque).
    bool windowed = id == BuiltinId::sma || id == BuiltinId::stdev || id == BuiltinId::highest ||
                    id == BuiltinId::lowest;
    int64_t per_step = id == BuiltinId::highest || id == BuiltinId::lowest ? 24 : 8;
    call.reserve_memory(int64_t(sizeof(Slot)) + (windowed ? length * per_step : 0));
    slot = std::make_unique<Slot>();
    slot->length = length;
    switch (id) {
        case BuiltinId::sma:
            slot->state.emplace<Sma>(length);
            break;
        case BuiltinId::ema:
            slot->state.emplace<Ema>(length);
            break;
        case BuiltinId::rsi:
            slot->state.emplace<Rsi>(length);
            break;
        case BuiltinId::stdev:
            slot->state.emplace<Stdev>(length);
            break;
        case BuiltinId::highest:
            slot->state.emplace<Highest>(length);
            break;
        case BuiltinId::lowest:
            slot->state.emplace<Lowest>(length);
            break;
        case BuiltinId::atr:
            slot->state.emplace<Atr>(length);
            break;
        case BuiltinId::crossover:
            slot->state.emplace<Crossover>();
            break;
        case BuiltinId::crossunder:
            slot->state.emplace<Crossunder>();
            break;
        default:
            call.error(fmt::format("internal error: {} is not an indicator", name));
    }
    return *slot;
}

bool Runtime::same_event(Slot& slot, int64_t key) {
    if (key == engine::kNoSymbol) return false;  // outside market events every call is a step
    uint64_t event = market_.event_count(key);
    if (slot.started && slot.last_event == event) return true;
    slot.started = true;
    slot.last_event = event;
    return false;
}

namespace {

// sma, ema, rsi, stdev, highest, lowest: (x: float, n: int) -> float
template <class Indicator>
void b_series_indicator(HostCall& call, const Value* a, Value* out) {
    Runtime& rt = runtime(call);
    int64_t key = rt.market().current_symbol();
    Runtime::Slot& slot = rt.slot(call, key, a[1].as_int());
    auto& ind = std::get<Indicator>(slot.state);
    double x = a[0].as_float();
    *out = fl(rt.same_event(slot, key) ? ind.replace(x) : ind.push(x));
    if constexpr (std::is_same_v<Indicator, Highest> || std::is_same_v<Indicator, Lowest>)
        call.charge(vm::gas_for_elements(uint64_t(ind.last_work())));
}

void b_atr(HostCall& call, const Value* a, Value* out) {
    Runtime& rt = runtime(call);
    int64_t s = symbol_arg(call, a[0]);
    Runtime::Slot& slot = rt.slot(call, s, a[1].as_int());
    const Bar* bar = rt.market().bar(s, 0);
    if (!bar) {
        *out = fl(kNa);
        return;
    }
    const Bar* prev = rt.market().bar(s, 1);
    double prev_close = prev ? prev->close : kNa;
    auto& ind = std::get<Atr>(slot.state);
    *out = fl(rt.same_event(slot, s) ? ind.replace(bar->high, bar->low, prev_close)
                                     : ind.push(bar->high, bar->low, prev_close));
}

template <class Indicator>
void b_cross(HostCall& call, const Value* a, Value* out) {
    Runtime& rt = runtime(call);
    int64_t key = rt.market().current_symbol();
    Runtime::Slot& slot = rt.slot(call, key, 0);
    auto& ind = std::get<Indicator>(slot.state);
    double x = a[0].as_float(), y = a[1].as_float();
    *out = Value::from_bool(rt.same_event(slot, key) ? ind.replace(x, y) : ind.push(x, y));
}

const Binding kIndicators[] = {
    {BuiltinId::sma, b_series_indicator<Sma>},
    {BuiltinId::ema, b_series_indicator<Ema>},
    {BuiltinId::rsi, b_series_indicator<Rsi>},
    {BuiltinId::stdev, b_series_indicator<Stdev>},
    {BuiltinId::highest, b_series_indicator<Highest>},
    {BuiltinId::lowest, b_series_indicator<Lowest>},
    {BuiltinId::atr, b_atr},
    {BuiltinId::crossover, b_cross<Crossover>},
    {BuiltinId::crossunder, b_cross<Crossunder>},
};

const std::span<const Binding> kGroups[] = {kMath, kTime, kOutput, kMarket, kIndicators};

}  // namespace

// ---- Runtime ------------------------------------------------------------------------------

Runtime::Runtime(const Module& module, MarketContext& market, LogSink log)
    : module_(module), market_(market), log_(std::move(log)) {
    sites_.resize(module_.sites.size());
    last_slot_.resize(module_.sites.size());
}

Runtime::~Runtime() = default;

void Runtime::bind(vm::Host& host) {
    for (auto group : kGroups) {
        for (const Binding& b : group)
            host.bind(b.id, b.fn);
    }
    if (trading_) bind_trading(host);
    host.user = this;
    host.symbol_name = [](void* user, int64_t id) -> std::optional<std::string_view> {
        MarketContext& m = static_cast<Runtime*>(user)->market();
        if (id < 0 || id >= m.symbol_count()) return std::nullopt;
        return m.symbol_name(id);
    };
}

bool binds(BuiltinId id) {
    for (auto group : kGroups) {
        for (const Binding& b : group) {
            if (b.id == id) return true;
        }
    }
    return false;
}

MarketContext::MarketContext(std::vector<std::string> names)
    : names_(std::move(names)), counts_(names_.size(), 0), latest_(names_.size(), nullptr) {}

int64_t MarketContext::intern_symbol(std::string_view name) {
    for (size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) return int64_t(i);
    }
    names_.emplace_back(name);
    counts_.push_back(0);
    latest_.push_back(nullptr);
    return int64_t(names_.size() - 1);
}

}  // namespace dsl::stdlib
