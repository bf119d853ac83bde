// The bundle of pluggable models an Engine runs with.
//
// A caller may set any of them to its own implementation of the interface before handing the
// bundle to the Engine; the Engine fills the members left null with the named models its
// EngineConfig selects (complete_models).
#pragma once

#include <memory>

#include "engine/commission.h"
#include "engine/config.h"
#include "engine/latency.h"
#include "engine/liquidity.h"
#include "engine/price_path.h"
#include "engine/slippage.h"

namespace dsl::engine {

struct Models {
    std::unique_ptr<PathModel> path;
    std::unique_ptr<SlippageModel> slippage;
    std::unique_ptr<LiquidityModel> liquidity;
    std::unique_ptr<CommissionModel> commission;
    std::unique_ptr<LatencyModel> latency;
};

// Fills the null members of `models` from `config`.
void complete_models(Models& models, const EngineConfig& config);

}  // namespace dsl::engine
