// Building the model bundle from a config (see models.h).
#include "engine/models.h"

namespace dsl::engine {

void complete_models(Models& m, const EngineConfig& config) {
    if (!m.path) m.path = make_path_model(config.path_model);
    if (!m.slippage) m.slippage = make_slippage_model(config.slippage);
    if (!m.liquidity) m.liquidity = make_liquidity_model(config.liquidity);
    if (!m.commission) m.commission = make_commission_model(config.commission);
    if (!m.latency) m.latency = make_latency_model(config.latency);
}

}  // namespace dsl::engine
