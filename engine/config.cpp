// Names of the configuration enums and validation of an EngineConfig (see config.h).
#include "engine/config.h"

#include <array>

namespace dsl::engine {

namespace {

#define DSL_ENGINE_CONFIG_NAME(name) std::string_view(#name),
constexpr std::array kPathNames{DSL_ENGINE_PATH_MODELS(DSL_ENGINE_CONFIG_NAME)};
constexpr std::array kSlippageNames{DSL_ENGINE_SLIPPAGE_KINDS(DSL_ENGINE_CONFIG_NAME)};
constexpr std::array kLiquidityNames{DSL_ENGINE_LIQUIDITY_KINDS(DSL_ENGINE_CONFIG_NAME)};
constexpr std::array kCommissionNames{DSL_ENGINE_COMMISSION_KINDS(DSL_ENGINE_CONFIG_NAME)};
constexpr std::array kAccountNames{DSL_ENGINE_ACCOUNT_KINDS(DSL_ENGINE_CONFIG_NAME)};
constexpr std::array kOffTickNames{DSL_ENGINE_OFF_TICK_POLICIES(DSL_ENGINE_CONFIG_NAME)};
#undef DSL_ENGINE_CONFIG_NAME

template <typename Array, typename Enum>
std::string_view lookup(const Array& names, Enum value) {
    return names.at(static_cast<std::size_t>(value));
}

const Fixed kOne = Fixed::from_int(1);
const Fixed kHundred = Fixed::from_int(100);

}  // namespace

std::string_view to_string(PathModelKind k) {
    return lookup(kPathNames, k);
}
std::string_view to_string(SlippageKind k) {
    return lookup(kSlippageNames, k);
}
std::string_view to_string(LiquidityKind k) {
    return lookup(kLiquidityNames, k);
}
std::string_view to_string(CommissionKind k) {
    return lookup(kCommissionNames, k);
}
std::string_view to_string(AccountKind k) {
    return lookup(kAccountNames, k);
}
std::string_view to_string(OffTickPolicy k) {
    return lookup(kOffTickNames, k);
}

std::string validate_config(const EngineConfig& c) {
    if (c.starting_cash.is_nan() || c.starting_cash.is_negative()) {
        return "starting cash must be >= 0";
    }
    if (c.slippage.amount.is_nan() || c.slippage.amount.is_negative()) {
        return "slippage amount must be >= 0";
    }
    if (c.slippage.kind == SlippageKind::percent && c.slippage.amount >= kHundred) {
        return "slippage percent must be < 100";
    }
    if (c.slippage.atr_period < 1) return "ATR period must be >= 1";
    if (c.liquidity.percent.is_nan() || !c.liquidity.percent.is_positive() ||
        c.liquidity.percent > kHundred) {
        return "liquidity percent must be in (0, 100]";
    }
    const LatencyConfig& l = c.latency;
    if (l.submit_ns < 0 || l.submit_jitter_ns < 0 || l.cancel_ns < 0 || l.cancel_jitter_ns < 0) {
        return "latencies must be >= 0";
    }
    if (c.commission.rate.is_nan() || c.commission.rate.is_negative() ||
        c.commission.minimum.is_nan() || c.commission.minimum.is_negative()) {
        return "commission rate and minimum must be >= 0";
    }
    const AccountConfig& a = c.account;
    if (!a.initial_margin_rate.is_positive() || a.initial_margin_rate > kOne ||
        !a.maintenance_margin_rate.is_positive() ||
        a.maintenance_margin_rate > a.initial_margin_rate) {
        return "margin rates must satisfy 0 < maintenance <= initial <= 1";
    }
    if (c.session_offset_ns <= -kNanosPerDay || c.session_offset_ns >= kNanosPerDay) {
        return "session offset must be within one day";
    }
    return "";
}

}  // namespace dsl::engine
