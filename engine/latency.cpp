// The fixed-plus-jitter latency model (see latency.h).
#include "engine/latency.h"

namespace dsl::engine {

namespace {

Timestamp draw(Timestamp base, Timestamp jitter, SplitMix64& rng) {
    if (jitter <= 0) return base;
    return base + static_cast<Timestamp>(rng.uniform_inclusive(static_cast<std::uint64_t>(jitter)));
}

class JitteredLatency final : public LatencyModel {
  public:
    explicit JitteredLatency(const LatencyConfig& c) : config_(c) {}
    Timestamp submit_latency(SplitMix64& rng) override {
        return draw(config_.submit_ns, config_.submit_jitter_ns, rng);
    }
    Timestamp cancel_latency(SplitMix64& rng) override {
        return draw(config_.cancel_ns, config_.cancel_jitter_ns, rng);
    }

  private:
    LatencyConfig config_;
};

}  // namespace

std::unique_ptr<LatencyModel> make_latency_model(const LatencyConfig& config) {
    return std::make_unique<JitteredLatency>(config);
}

}  // namespace dsl::engine
