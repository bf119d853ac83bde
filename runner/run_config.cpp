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

// Calls `f(key, value)` for each member, after checking every key is one of `allowed`.
template <typename F>
void members(const json& j, const std::string& where, const std::vector<std::string>& allowed,
             F f) {
    if (!j.is_object()) throw ConfigError(fmt::format("{}: expected an object", where));
    for (const auto& [key, value] : j.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            throw ConfigError(fmt::format("{}: unknown key '{}' (expected one of: {})", where, key,
                                          joined(allowed)));
        f(key, value, where + "." + key);
    }
}

constexpr engine::Timestamp kNanosPerMs = 1'000'000;

void apply_instrument(engine::InstrumentSpec& spec, std::string_view key, Fixed value,
                      const std::string& where) {
    if (key == "tick")
        spec.tick_size = value;
    else if (key == "lot")
        spec.lot_size = value;
    else if (key == "multiplier")
        spec.multiplier = value;
    else if (key == "initial_margin")
        spec.initial_margin_rate = value;
    else if (key == "maintenance_margin")
        spec.maintenance_margin_rate = value;
    else
        throw ConfigError(fmt::format("{}: unknown instrument setting '{}'", where, key));
    if ((key == "tick" || key == "lot" || key == "multiplier") && !value.is_positive())
        throw ConfigError(fmt::format("{}: {} must be greater than zero", where, key));
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
    auto& e = c.engine;
    members(
        root, origin,
        {"cash", "path", "commission", "slippage", "liquidity", "latency", "seed", "account",
         "off_tick", "session_offset_hours", "instruments"},
        [&](const std::string& key, const json& v, const std::string& where) {
            if (key == "cash")
                e.starting_cash = amount(v, where);
            else if (key == "path")
                e.path_model = enum_of<engine::PathModelKind>(text(v, where), kPathNames, where);
            else if (key == "off_tick")
                e.off_tick = enum_of<engine::OffTickPolicy>(text(v, where), kOffTickNames, where);
            else if (key == "seed")
                e.seed = uint64_t(whole(v, where));
            else if (key == "session_offset_hours")
                e.session_offset_ns = whole(v, where) * 3600 * engine::kNanosPerSecond;
            else if (key == "commission") {
                members(v, where, {"kind", "rate", "minimum"},
                        [&](const std::string& k, const json& x, const std::string& w) {
                            if (k == "kind")
                                e.commission.kind = enum_of<engine::CommissionKind>(
                                    text(x, w), kCommissionNames, w);
                            else if (k == "rate")
                                e.commission.rate = amount(x, w);
                            else
                                e.commission.minimum = amount(x, w);
                        });
            } else if (key == "slippage") {
                members(v, where, {"kind", "amount", "atr_period", "limit_orders"},
                        [&](const std::string& k, const json& x, const std::string& w) {
                            if (k == "kind")
                                e.slippage.kind =
                                    enum_of<engine::SlippageKind>(text(x, w), kSlippageNames, w);
                            else if (k == "amount")
                                e.slippage.amount = amount(x, w);
                            else if (k == "atr_period")
                                e.slippage.atr_period = int(whole(x, w));
                            else
                                e.slippage.apply_to_limit_orders = flag(x, w);
                        });
            } else if (key == "liquidity") {
                members(v, where, {"kind", "percent"},
                        [&](const std::string& k, const json& x, const std::string& w) {
                            if (k == "kind")
                                e.liquidity.kind =
                                    enum_of<engine::LiquidityKind>(text(x, w), kLiquidityNames, w);
                            else
                                e.liquidity.percent = amount(x, w);
                        });
            } else if (key == "latency") {
                members(v, where,
                        {"submit_ms", "submit_jitter_ms", "cancel_ms", "cancel_jitter_ms"},
                        [&](const std::string& k, const json& x, const std::string& w) {
                            int64_t ms = whole(x, w);
                            if (ms < 0)
                                throw ConfigError(fmt::format("{}: must not be negative", w));
                            engine::Timestamp ns = ms * kNanosPerMs;
                            if (k == "submit_ms")
                                e.latency.submit_ns = ns;
                            else if (k == "submit_jitter_ms")
                                e.latency.submit_jitter_ns = ns;
                            else if (k == "cancel_ms")
                                e.latency.cancel_ns = ns;
                            else
                                e.latency.cancel_jitter_ns = ns;
                        });
            } else if (key == "account") {
                members(v, where, {"kind", "initial_margin", "maintenance_margin"},
                        [&](const std::string& k, const json& x, const std::string& w) {
                            if (k == "kind")
                                e.account.kind =
                                    enum_of<engine::AccountKind>(text(x, w), kAccountNames, w);
                            else if (k == "initial_margin")
                                e.account.initial_margin_rate = amount(x, w);
                            else
                                e.account.maintenance_margin_rate = amount(x, w);
                        });
            } else {
                if (!v.is_object()) throw ConfigError(fmt::format("{}: expected an object", where));
                for (const auto& [symbol, settings] : v.items()) {
                    std::string w = where + "." + symbol;
                    engine::InstrumentSpec spec = c.instrument(symbol);
                    members(settings, w,
                            {"tick", "lot", "multiplier", "initial_margin", "maintenance_margin"},
                            [&](const std::string& k, const json& x, const std::string& kw) {
                                apply_instrument(spec, k, amount(x, kw), kw);
                            });
                    c.instruments[symbol] = spec;
                }
            }
        });
    std::string problem = engine::validate_config(e);
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
        size_t colon = value.find(':');
        if (colon == std::string_view::npos || colon == 0)
            throw ConfigError(fmt::format("{}: expected SYMBOL:key=value,...", where));
        std::string symbol(value.substr(0, colon));
        engine::InstrumentSpec spec = c.instrument(symbol);
        for (auto setting : split(value.substr(colon + 1), ',')) {
            size_t eq = setting.find('=');
            if (eq == std::string_view::npos)
                throw ConfigError(fmt::format("{}: expected key=value, got '{}'", where, setting));
            apply_instrument(spec, setting.substr(0, eq),
                             nonnegative(setting.substr(eq + 1), where), where);
        }
        c.instruments[symbol] = spec;
    } else {
        throw ConfigError(fmt::format("unknown option {}", where));
    }
    std::string problem = engine::validate_config(e);
    if (!problem.empty()) throw ConfigError(fmt::format("{}: {}", where, problem));
}

std::string config_json(const RunConfig& c) {
    const auto& e = c.engine;
    nlohmann::ordered_json j;
    j["cash"] = e.starting_cash.to_string();
    j["path"] = std::string(engine::to_string(e.path_model));
    j["commission"] = {{"kind", std::string(engine::to_string(e.commission.kind))},
                       {"rate", e.commission.rate.to_string()},
                       {"minimum", e.commission.minimum.to_string()}};
    j["slippage"] = {{"kind", std::string(engine::to_string(e.slippage.kind))},
                     {"amount", e.slippage.amount.to_string()},
                     {"atr_period", e.slippage.atr_period},
                     {"limit_orders", e.slippage.apply_to_limit_orders}};
    j["liquidity"] = {{"kind", std::string(engine::to_string(e.liquidity.kind))},
                      {"percent", e.liquidity.percent.to_string()}};
    j["latency"] = {{"submit_ms", e.latency.submit_ns / kNanosPerMs},
                    {"submit_jitter_ms", e.latency.submit_jitter_ns / kNanosPerMs},
                    {"cancel_ms", e.latency.cancel_ns / kNanosPerMs},
                    {"cancel_jitter_ms", e.latency.cancel_jitter_ns / kNanosPerMs}};
    j["seed"] = e.seed;
    j["account"] = {{"kind", std::string(engine::to_string(e.account.kind))},
                    {"initial_margin", e.account.initial_margin_rate.to_string()},
                    {"maintenance_margin", e.account.maintenance_margin_rate.to_string()}};
    j["off_tick"] = std::string(engine::to_string(e.off_tick));
    j["session_offset_hours"] = e.session_offset_ns / (3600 * engine::kNanosPerSecond);
    nlohmann::ordered_json instruments = nlohmann::ordered_json::object();
    for (const auto& [symbol, spec] : c.instruments) {
        nlohmann::ordered_json s = {{"tick", spec.tick_size.to_string()},
                                    {"lot", spec.lot_size.to_string()},
                                    {"multiplier", spec.multiplier.to_string()}};
        if (spec.initial_margin_rate) s["initial_margin"] = spec.initial_margin_rate->to_string();
        if (spec.maintenance_margin_rate)
            s["maintenance_margin"] = spec.maintenance_margin_rate->to_string();
        instruments[symbol] = s;
    }
    j["instruments"] = instruments;
    return j.dump();
}

}  // namespace dsl::runner
