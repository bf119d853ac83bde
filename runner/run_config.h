// The engine configuration of a run, from a JSON file (`dslvm --config FILE`) and from
// command-line options, which override the file. Every key and option is documented in
// docs/engine.md "Configuring a run"; an unknown key, a bad value or a value out of range is
// an error that names it, never ignored.
//
// A config file:
//   {
//     "cash": "100000",
//     "path": "nearest_extreme",                       // or "ohlc", "worst_case"
//     "commission": {"kind": "percent", "rate": "0.1", "minimum": "1"},
//     "slippage": {"kind": "ticks", "amount": "2", "atr_period": 14, "limit_orders": true},
//     "liquidity": {"kind": "bar_volume", "percent": "0.001"},
//     "latency": {"submit_ms": 50, "submit_jitter_ms": 10, "cancel_ms": 50, "cancel_jitter_ms": 0},
//     "seed": 7,
//     "account": {"kind": "margin", "initial_margin": "0.5", "maintenance_margin": "0.25"},
//     "off_tick": "reject",                            // or "round", "accept"
//     "session_offset_hours": -5,
//     "instruments": {"ORCL": {"tick": "0.01", "lot": "1", "multiplier": "1",
//                              "initial_margin": "0.5", "maintenance_margin": "0.3"}}
//   }
// Amounts may be JSON strings (exact decimals, preferred) or numbers.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "engine/config.h"
#include "engine/instrument.h"

namespace dsl::runner {

struct RunConfig {
    engine::EngineConfig engine;
    // Per-symbol overrides of the default instrument (tick, lot, multiplier, margin rates).
    std::map<std::string, engine::InstrumentSpec> instruments;

    // The instrument of `symbol`: its override, or the defaults with that name.
    engine::InstrumentSpec instrument(const std::string& symbol) const;
};

// Thrown with a message that names the file, key or option.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// The configuration file itself could not be read (dslvm's exit code 3, not 2).
struct ConfigFileError : ConfigError {
    using ConfigError::ConfigError;
};

// The largest configuration file read: far more than any configuration needs, and a bound on
// what `--config /dev/stdin` fed by a runaway producer can take.
inline constexpr uint64_t kMaxConfigBytes = 1u << 20;

// Applies a JSON config text to `config`; `origin` names it in errors ("x.json").
void apply_config_json(RunConfig& config, std::string_view json, const std::string& origin);
// Reads the file with read_input_file (common/input_file.h: a regular file or a pipe of at
// most kMaxConfigBytes; ConfigFileError otherwise) and applies it.
void apply_config_file(RunConfig& config, const std::string& path);

// Command-line forms, each applied on top of what is there:
//   --cash 100000
//   --commission none | per_unit:RATE | per_order:RATE | percent:RATE   [:MINIMUM]
//   --slippage none | fixed:PRICE | ticks:N | percent:P | atr:K
//   --liquidity none | tick_size:PERCENT | bar_volume:PERCENT
//   --latency MS[:JITTER_MS]  --cancel-latency MS[:JITTER_MS]  --seed N
//   --path nearest_extreme | ohlc | worst_case
//   --account cash | margin[:INITIAL:MAINTENANCE]
//   --off-tick reject | round | accept
//   --instrument SYMBOL:tick=0.01,lot=1,multiplier=1,initial_margin=0.5,maintenance_margin=0.25
void apply_option(RunConfig& config, std::string_view option, std::string_view value);

}  // namespace dsl::runner
