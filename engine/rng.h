// A small seeded pseudo-random generator (SplitMix64) for latency jitter.
//
// Written out here rather than using <random> distributions, whose output may differ between
// standard library versions: the same seed gives the same sequence on every platform and build.
// The engine owns one instance seeded from EngineConfig::seed and draws from it only when a
// command is issued with jitter configured, so draws happen in command order.
#pragma once

#include <cstdint>

namespace dsl::engine {

class SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound] (inclusive), by rejection so that no value is favoured.
    std::uint64_t uniform_inclusive(std::uint64_t bound) {
        if (bound == UINT64_MAX) return next();
        std::uint64_t range = bound + 1;
        std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
        std::uint64_t x = next();
        while (x >= limit)
            x = next();
        return x % range;
    }

  private:
    std::uint64_t state_;
};

}  // namespace dsl::engine
