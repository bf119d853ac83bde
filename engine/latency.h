// Latency: how long an order or a cancel takes to reach the (simulated) market.
//
// The named model is a fixed latency plus, when a jitter is configured, a uniform draw in
// [0, jitter] nanoseconds from the engine's seeded SplitMix64. Draws happen only when a jitter is
// nonzero and in command order, so the same seed and the same commands give the same latencies.
#pragma once

#include <memory>

#include "engine/config.h"
#include "engine/rng.h"
#include "engine/types.h"

namespace dsl::engine {

class LatencyModel {
  public:
    virtual ~LatencyModel() = default;
    virtual Timestamp submit_latency(SplitMix64& rng) = 0;  // >= 0
    virtual Timestamp cancel_latency(SplitMix64& rng) = 0;  // >= 0
};

std::unique_ptr<LatencyModel> make_latency_model(const LatencyConfig& config);

}  // namespace dsl::engine
