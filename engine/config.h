// EngineConfig: the plain settings struct that selects and parameterises every engine model.
//
// All fields have the defaults of docs/engine.md. Conventions: fields named *_percent are
// percentage points (0.1 means 0.1%); fields named *_rate are fractions (0.5 means 50%); prices
// and money are Fixed; durations are nanoseconds. validate_config() reports the first problem of a
// config as text (empty when valid); the Engine constructor throws std::invalid_argument with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::engine {

// The order in which a bar's open, high, low and close are assumed to have traded.
#define DSL_ENGINE_PATH_MODELS(X)                                                    \
    X(nearest_extreme) /* open, the extreme nearer the open, the other one, close */ \
    X(ohlc)            /* open, high, low, close */                                  \
    X(worst_case)      /* the path leaving the lower equity at the close (see docs) */

#define DSL_ENGINE_SLIPPAGE_KINDS(X)                    \
    X(none)                                             \
    X(fixed)   /* a price amount */                     \
    X(ticks)   /* a number of the instrument's ticks */ \
    X(percent) /* a percentage of the base price */     \
    X(atr)     /* k x the symbol's average true range */

#define DSL_ENGINE_LIQUIDITY_KINDS(X)                                 \
    X(none)       /* any quantity fills */                            \
    X(tick_size)  /* per tick: at most percent% of the tick's size */ \
    X(bar_volume) /* per bar: at most percent% of the bar's volume */

#define DSL_ENGINE_COMMISSION_KINDS(X)                     \
    X(none)                                                \
    X(per_unit)  /* rate x quantity */                     \
    X(per_order) /* rate once, on an order's first fill */ \
    X(percent)   /* rate% of the traded value */

#define DSL_ENGINE_ACCOUNT_KINDS(X)                                                   \
    X(cash)   /* no leverage: initial rate 1 for longs and shorts, no margin calls */ \
    X(margin) /* initial and maintenance rates; margin calls liquidate */

#define DSL_ENGINE_OFF_TICK_POLICIES(X)                                \
    X(reject) /* off-tick prices are rejected (off_tick) */            \
    X(round)  /* rounded to the nearest tick, halves away from zero */ \
    X(accept) /* used as given, slipped fills not put on the tick (tickless engines) */

#define DSL_ENGINE_CONFIG_MEMBER(name) name,
enum class PathModelKind : std::uint8_t { DSL_ENGINE_PATH_MODELS(DSL_ENGINE_CONFIG_MEMBER) };
enum class SlippageKind : std::uint8_t { DSL_ENGINE_SLIPPAGE_KINDS(DSL_ENGINE_CONFIG_MEMBER) };
enum class LiquidityKind : std::uint8_t { DSL_ENGINE_LIQUIDITY_KINDS(DSL_ENGINE_CONFIG_MEMBER) };
enum class CommissionKind : std::uint8_t { DSL_ENGINE_COMMISSION_KINDS(DSL_ENGINE_CONFIG_MEMBER) };
enum class AccountKind : std::uint8_t { DSL_ENGINE_ACCOUNT_KINDS(DSL_ENGINE_CONFIG_MEMBER) };
enum class OffTickPolicy : std::uint8_t { DSL_ENGINE_OFF_TICK_POLICIES(DSL_ENGINE_CONFIG_MEMBER) };

std::string_view to_string(PathModelKind k);
std::string_view to_string(SlippageKind k);
std::string_view to_string(LiquidityKind k);
std::string_view to_string(CommissionKind k);
std::string_view to_string(AccountKind k);
std::string_view to_string(OffTickPolicy k);

struct SlippageConfig {
    SlippageKind kind = SlippageKind::none;
    Fixed amount;         // fixed: price units; ticks: number of ticks; percent: percent; atr: k
    int atr_period = 14;  // the engine's own Wilder ATR over bars (see atr.h)
    // Limit fills that are better than the limit also slip, but never past the limit.
    bool apply_to_limit_orders = true;
};

struct LiquidityConfig {
    LiquidityKind kind = LiquidityKind::none;
    Fixed percent = Fixed::from_int(100);  // share of the tick size or bar volume, in percent
};

struct LatencyConfig {
    Timestamp submit_ns = 0;
    Timestamp submit_jitter_ns = 0;  // a uniform draw in [0, jitter] is added per order
    Timestamp cancel_ns = 0;
    Timestamp cancel_jitter_ns = 0;
};

struct CommissionConfig {
    CommissionKind kind = CommissionKind::none;
    Fixed rate;     // per_unit: money per unit; per_order: money; percent: percent of value
    Fixed minimum;  // an order's total commission is at least this (0: no minimum)
};

struct AccountConfig {
    AccountKind kind = AccountKind::cash;
    // margin accounts only (cash accounts use 1 and never call margin); instruments may override
    Fixed initial_margin_rate = Fixed::from_raw(50'000'000);      // 0.5
    Fixed maintenance_margin_rate = Fixed::from_raw(25'000'000);  // 0.25
};

struct EngineConfig {
    Fixed starting_cash = Fixed::from_int(100'000);
    PathModelKind path_model = PathModelKind::nearest_extreme;
    SlippageConfig slippage;
    LiquidityConfig liquidity;
    LatencyConfig latency;
    CommissionConfig commission;
    AccountConfig account;
    OffTickPolicy off_tick = OffTickPolicy::reject;
    // The trading day of a timestamp is floor((ts + session_offset_ns) / 1 day): DAY orders expire
    // when it changes. 0 means days run midnight to midnight UTC.
    Timestamp session_offset_ns = 0;
    std::uint64_t seed = 0;  // latency jitter
};

// "" when the config is usable, else what is wrong with it.
std::string validate_config(const EngineConfig& config);

}  // namespace dsl::engine
