// Engine configuration from JSON and from command-line options (see run_config.h).
#include "runner/run_config.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "common/input_file.h"

namespace dsl::runner {
namespace {

using engine::Fixed;
using json = nlohmann::json;

// The names of an engine enum, expanded from its X-macro list, in enumerator order.
#define DSL_NAME(name) #name,
const std::vector<std::string> kPathNames = {DSL_ENGINE_PATH_MODELS(DSL_NAME)};
const std::vector<std::string> kSlippageNames = {DSL_ENGINE_SLIPPAGE_KINDS(DSL_NAME)};
const std::vector<std::string> kLiquidityNames = {DSL_ENGINE_LIQUIDITY_KINDS(DSL_NAME)};
const std::vector<std::string> kCommissionNames = {DSL_ENGINE_COMMISSION_KINDS(DSL_NAME)};
const std::vector<std::string> kAccountNames = {DSL_ENGINE_ACCOUNT_KINDS(DSL_NAME)};
const std::vector<std::string> kOffTickNames = {DSL_ENGINE_OFF_TICK_POLICIES(DSL_NAME)};
#undef DSL_NAME

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i ? ", " : "") + names[i];
    return out;
}

template <typename Enum>
Enum enum_of(std::string_view text, const std::vector<std::string>& names,
             const std::string& where) {
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == text) return Enum(i);
    }
    throw ConfigError(
        fmt::format("{}: unknown value '{}' (expected one of: {})", where, text, joined(names)));
}

Fixed decimal(std::string_view text, const std::string& where) {
    auto v = Fixed::parse(text);
    if (!v || v->is_nan()) throw ConfigError(fmt::format("{}: '{}' is not a number", where, text));
    return *v;
}

Fixed nonnegative(std::string_view text, const std::string& where) {
    Fixed v = decimal(text, where);
    if (v.is_negative())
        throw ConfigError(fmt::format("{}: must not be negative, got {}", where, text));
    return v;
}

int64_t integer(std::string_view text, const std::string& where) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        throw ConfigError(fmt::format("{}: '{}' is not a whole number", where, text));
    return v;
}

// A JSON amount: an exact decimal string, or a number (read back through its shortest text).
Fixed amount(const json& j, const std::string& where) {
    if (j.is_string()) return nonnegative(j.get<std::string>(), where);
    if (j.is_number()) return nonnegative(j.dump(), where);
    throw ConfigError(fmt::format("{}: expected a number", where));
}

int64_t whole(const json& j, const std::string& where) {
    if (j.is_number_integer()) return j.get<int64_t>();
    if (j.is_string()) return integer(j.get<std::string>(), where);
    throw ConfigError(fmt::format("{}: expected a whole number", where));
}

std::string text(const json& j, const std::string& where) {
    if (!j.is_string()) throw ConfigError(fmt::format("{}: expected a string", where));
    return j.get<std::string>();
}

bool flag(const json& j, const std::string& where) {
    if (!j.is_boolean()) throw ConfigError(fmt::format("{}: expected true or false", where));
    return j.get<bool>();
}

// Calls `f(key, value)` for each member of the object `j`.
template <typename F>
void for_each_member(const json& j, const std::string& where, F f) {
    if (!j.is_object()) throw ConfigError(fmt::format("{}: expected an object", where));
    for (const auto& [key, value] : j.items())
        f(key, value);
}

// The entry of `table` named `key`, or null.
template <typename Entry, size_t N>
const Entry* find_named(const Entry (&table)[N], std::string_view key) {
    for (const Entry& e : table) {
        if (e.name == key) return &e;
    }
    return nullptr;
}

// The entry of `table` named by the JSON key `key`; an unknown key is an error listing them all.
template <typename Entry, size_t N>
const Entry& key_named(const Entry (&table)[N], const std::string& key, const std::string& where) {
    if (const Entry* e = find_named(table, key)) return *e;
    std::vector<std::string> names;
    for (const Entry& e : table)
        names.emplace_back(e.name);
    throw ConfigError(
        fmt::format("{}: unknown key '{}' (expected one of: {})", where, key, joined(names)));
}

// A key of a JSON object, and how its value (found at `where`) applies to a T. The tables below
// give `apply` as captureless lambdas `(auto& target, auto& value, auto& where)`.
template <typename T>
struct Key {
    std::string_view name;
    void (*apply)(T& target, const json& value, const std::string& where);
};

// Applies every member of the object `j` to `target`, each by its entry in `keys`.
template <typename T, size_t N>
void apply_object(T& target, const json& j, const std::string& where, const Key<T> (&keys)[N]) {
    for_each_member(j, where, [&](const std::string& key, const json& value) {
        key_named(keys, key, where).apply(target, value, where + "." + key);
    });
}

constexpr engine::Timestamp kNanosPerMs = 1'000'000;

// The settings of an instrument, in the config file ("instruments") and in --instrument.
struct InstrumentSetting {
    std::string_view name;
    void (*set)(engine::InstrumentSpec& spec, Fixed value);
    bool positive;  // must be greater than zero
};
const InstrumentSetting kInstrumentSettings[] = {
    {"tick", [](engine::InstrumentSpec& s, Fixed v) { s.tick_size = v; }, true},
    {"lot", [](engine::InstrumentSpec& s, Fixed v) { s.lot_size = v; }, true},
    {"multiplier", [](engine::InstrumentSpec& s, Fixed v) { s.multiplier = v; }, true},
    {"initial_margin", [](engine::InstrumentSpec& s, Fixed v) { s.initial_margin_rate = v; },
     false},
    {"maintenance_margin",
     [](engine::InstrumentSpec& s, Fixed v) { s.maintenance_margin_rate = v; }, false},
};

void apply_instrument(engine::InstrumentSpec& spec, const InstrumentSetting& setting, Fixed value,
                      const std::string& where) {
    setting.set(spec, value);
    if (setting.positive && !value.is_positive())
        throw ConfigError(fmt::format("{}: {} must be greater than zero", where, setting.name));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        size_t at = s.find(sep);
        out.push_back(s.substr(0, at));
        if (at == std::string_view::npos) return out;
        s.remove_prefix(at + 1);
    }
}

// "MS[:JITTER_MS]" -> nanoseconds.
std::pair<engine::Timestamp, engine::Timestamp> latency_of(std::string_view v,
                                                           const std::string& where) {
    auto parts = split(v, ':');
    if (parts.size() > 2) throw ConfigError(fmt::format("{}: expected MS or MS:JITTER_MS", where));
    int64_t ms = integer(parts[0], where), jitter = parts.size() > 1 ? integer(parts[1], where) : 0;
    if (ms < 0 || jitter < 0)
        throw ConfigError(fmt::format("{}: latencies must not be negative", where));
    return {ms * kNanosPerMs, jitter * kNanosPerMs};
}

// ---- The config file's keys, one table per object -------------------------------------------

const Key<engine::CommissionConfig> kCommissionKeys[] = {
    {"kind",
     [](auto& c, auto& v, auto& w) {
         c.kind = enum_of<engine::CommissionKind>(text(v, w), kCommissionNames, w);
     }},
    {"rate", [](auto& c, auto& v, auto& w) { c.rate = amount(v, w); }},
    {"minimum", [](auto& c, auto& v, auto& w) { c.minimum = amount(v, w); }},
};

const Key<engine::SlippageConfig> kSlippageKeys[] = {
    {"kind",
     [](auto& s, auto& v, auto& w) {
         s.kind = enum_of<engine::SlippageKind>(text(v, w), kSlippageNames, w);
     }},
    {"amount", [](auto& s, auto& v, auto& w) { s.amount = amount(v, w); }},
    {"atr_period", [](auto& s, auto& v, auto& w) { s.atr_period = int(whole(v, w)); }},
    {"limit_orders", [](auto& s, auto& v, auto& w) { s.apply_to_limit_orders = flag(v, w); }},
};

const Key<engine::LiquidityConfig> kLiquidityKeys[] = {
    {"kind",
     [](auto& l, auto& v, auto& w) {
         l.kind = enum_of<engine::LiquidityKind>(text(v, w), kLiquidityNames, w);
     }},
    {"percent", [](auto& l, auto& v, auto& w) { l.percent = amount(v, w); }},
};

// A latency in whole milliseconds, as nanoseconds.
engine::Timestamp latency_ns(const json& v, const std::string& where) {
    int64_t ms = whole(v, where);
    if (ms < 0) throw ConfigError(fmt::format("{}: must not be negative", where));
    return ms * kNanosPerMs;
}

const Key<engine::LatencyConfig> kLatencyKeys[] = {
    {"submit_ms", [](auto& l, auto& v, auto& w) { l.submit_ns = latency_ns(v, w); }},
    {"submit_jitter_ms", [](auto& l, auto& v, auto& w) { l.submit_jitter_ns = latency_ns(v, w); }},
    {"cancel_ms", [](auto& l, auto& v, auto& w) { l.cancel_ns = latency_ns(v, w); }},
    {"cancel_jitter_ms", [](auto& l, auto& v, auto& w) { l.cancel_jitter_ns = latency_ns(v, w); }},
};

const Key<engine::AccountConfig> kAccountKeys[] = {
    {"kind", [](auto& a, auto& v,
                auto& w) { a.kind = enum_of<engine::AccountKind>(text(v, w), kAccountNames, w); }},
    {"initial_margin", [](auto& a, auto& v, auto& w) { a.initial_margin_rate = amount(v, w); }},
    {"maintenance_margin",
     [](auto& a, auto& v, auto& w) { a.maintenance_margin_rate = amount(v, w); }},
};

// "instruments": {"SYMBOL": {"tick": ..., ...}, ...}, each on top of the symbol's settings.
void apply_instruments(RunConfig& c, const json& v, const std::string& where) {
    for_each_member(v, where, [&](const std::string& symbol, const json& settings) {
        std::string w = where + "." + symbol;
        engine::InstrumentSpec spec = c.instrument(symbol);
        for_each_member(settings, w, [&](const std::string& key, const json& x) {
            const InstrumentSetting& setting = key_named(kInstrumentSettings, key, w);
            std::string kw = w + "." + key;
            apply_instrument(spec, setting, amount(x, kw), kw);
        });
        c.instruments[symbol] = spec;
    });
}

const Key<RunConfig> kConfigKeys[] = {
    {"cash", [](auto& c, auto& v, auto& w) { c.engine.starting_cash = amount(v, w); }},
    {"path",
     [](auto& c, auto& v, auto& w) {
         c.engine.path_model = enum_of<engine::PathModelKind>(text(v, w), kPathNames, w);
     }},
    {"commission",
     [](auto& c, auto& v, auto& w) { apply_object(c.engine.commission, v, w, kCommissionKeys); }},
    {"slippage",
     [](auto& c, auto& v, auto& w) { apply_object(c.engine.slippage, v, w, kSlippageKeys); }},
    {"liquidity",
     [](auto& c, auto& v, auto& w) { apply_object(c.engine.liquidity, v, w, kLiquidityKeys); }},
    {"latency",
     [](auto& c, auto& v, auto& w) { apply_object(c.engine.latency, v, w, kLatencyKeys); }},
    {"seed", [](auto& c, auto& v, auto& w) { c.engine.seed = uint64_t(whole(v, w)); }},
    {"account",
     [](auto& c, auto& v, auto& w) { apply_object(c.engine.account, v, w, kAccountKeys); }},
    {"off_tick",
     [](auto& c, auto& v, auto& w) {
         c.engine.off_tick = enum_of<engine::OffTickPolicy>(text(v, w), kOffTickNames, w);
     }},
    {"session_offset_hours",
     [](auto& c, auto& v, auto& w) {
         c.engine.session_offset_ns = whole(v, w) * 3600 * engine::kNanosPerSecond;
     }},
    {"instruments", apply_instruments},
};

// --instrument SYMBOL:key=value,...
void apply_instrument_option(RunConfig& c, std::string_view value, const std::string& where) {
    size_t colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0)
        throw ConfigError(fmt::format("{}: expected SYMBOL:key=value,...", where));
    std::string symbol(value.substr(0, colon));
    engine::InstrumentSpec spec = c.instrument(symbol);
    for (auto setting : split(value.substr(colon + 1), ',')) {
        size_t eq = setting.find('=');
        if (eq == std::string_view::npos)
            throw ConfigError(fmt::format("{}: expected key=value, got '{}'", where, setting));
        std::string_view key = setting.substr(0, eq);
        Fixed setting_value = nonnegative(setting.substr(eq + 1), where);
        const InstrumentSetting* known = find_named(kInstrumentSettings, key);
        if (!known)
            throw ConfigError(fmt::format("{}: unknown instrument setting '{}'", where, key));
        apply_instrument(spec, *known, setting_value, where);
    }
    c.instruments[symbol] = spec;
}

}  // namespace

engine::InstrumentSpec RunConfig::instrument(const std::string& symbol) const {
    auto it = instruments.find(symbol);
    engine::InstrumentSpec spec = it != instruments.end() ? it->second : engine::InstrumentSpec{};
    spec.name = symbol;
    return spec;
}

void apply_config_json(RunConfig& c, std::string_view text_in, const std::string& origin) {
    json root;
    try {
        root = json::parse(text_in);
    } catch (const json::parse_error& e) {
        throw ConfigError(fmt::format("{}: not valid JSON: {}", origin, e.what()));
    }
    apply_object(c, root, origin, kConfigKeys);
    std::string problem = engine::validate_config(c.engine);
    if (!problem.empty()) throw ConfigError(fmt::format("{}: {}", origin, problem));
}

void apply_config_file(RunConfig& c, const std::string& path) {
    InputFile file = read_input_file(path, kMaxConfigBytes);
    if (!file.ok()) throw ConfigFileError(file.error);
    apply_config_json(c, file.bytes, path);
}

void apply_option(RunConfig& c, std::string_view option, std::string_view value) {
    std::string where = "--" + std::string(option);
    auto& e = c.engine;
    auto parts = split(value, ':');
    auto need = [&](size_t min, size_t max, const char* form) {
        if (parts.size() < min || parts.size() > max)
            throw ConfigError(fmt::format("{}: expected {}", where, form));
    };
    if (option == "cash") {
        e.starting_cash = nonnegative(value, where);
    } else if (option == "commission") {
        need(1, 3, "none or KIND:RATE[:MINIMUM]");
        e.commission.kind = enum_of<engine::CommissionKind>(parts[0], kCommissionNames, where);
        e.commission.rate = parts.size() > 1 ? nonnegative(parts[1], where) : Fixed();
        e.commission.minimum = parts.size() > 2 ? nonnegative(parts[2], where) : Fixed();
    } else if (option == "slippage") {
        need(1, 2, "none or KIND:AMOUNT");
        e.slippage.kind = enum_of<engine::SlippageKind>(parts[0], kSlippageNames, where);
        e.slippage.amount = parts.size() > 1 ? nonnegative(parts[1], where) : Fixed();
    } else if (option == "liquidity") {
        need(1, 2, "none or KIND:PERCENT");
        e.liquidity.kind = enum_of<engine::LiquidityKind>(parts[0], kLiquidityNames, where);
        if (parts.size() > 1) e.liquidity.percent = nonnegative(parts[1], where);
    } else if (option == "latency") {
        std::tie(e.latency.submit_ns, e.latency.submit_jitter_ns) = latency_of(value, where);
    } else if (option == "cancel-latency") {
        std::tie(e.latency.cancel_ns, e.latency.cancel_jitter_ns) = latency_of(value, where);
    } else if (option == "seed") {
        int64_t seed = integer(value, where);
        if (seed < 0) throw ConfigError(fmt::format("{}: must not be negative", where));
        e.seed = uint64_t(seed);
    } else if (option == "path") {
        e.path_model = enum_of<engine::PathModelKind>(value, kPathNames, where);
    } else if (option == "account") {
        need(1, 3, "cash or margin[:INITIAL:MAINTENANCE]");
        e.account.kind = enum_of<engine::AccountKind>(parts[0], kAccountNames, where);
        if (parts.size() > 1) e.account.initial_margin_rate = nonnegative(parts[1], where);
        if (parts.size() > 2) e.account.maintenance_margin_rate = nonnegative(parts[2], where);
    } else if (option == "off-tick") {
        e.off_tick = enum_of<engine::OffTickPolicy>(value, kOffTickNames, where);
    } else if (option == "instrument") {
        apply_instrument_option(c, value, where);
    } else {
        throw ConfigError(fmt::format("unknown option {}", where));
    }
    std::string problem = engine::validate_config(e);
    if (!problem.empty()) throw ConfigError(fmt::format("{}: {}", where, problem));
}

}  // namespace dsl::runner
