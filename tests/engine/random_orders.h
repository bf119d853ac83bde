// Random orders for the engine's property-style tests: a seeded generator, prices near a close
// and the random pieces of an order (TIF, bracket). Deterministic: one seed, one sequence.
#pragma once

#include <cstdint>

#include "engine/engine.h"

namespace dsl::engine::test {

struct Rand {
    SplitMix64 g;
    explicit Rand(std::uint64_t seed) : g(seed) {}
    int below(int n) {
        return static_cast<int>(g.uniform_inclusive(static_cast<std::uint64_t>(n - 1)));
    }
    bool chance(int percent) { return below(100) < percent; }
};

// close x (1 + k/1000) for a random k in [lo_permille, hi_permille], on the default tick, > 0.
inline Fixed near(Fixed close, Rand& r, int lo_permille, int hi_permille) {
    int k = lo_permille + r.below(hi_permille - lo_permille + 1);
    Fixed factor = Fixed::from_int(1000 + k) / Fixed::from_int(1000);
    Fixed p = (close * factor).round_to(kDefaultTickSize);
    return p.is_positive() ? p : kDefaultTickSize;
}

inline TimeInForce random_tif(Rand& r) {
    int x = r.below(100);
    return x < 70   ? TimeInForce::gtc
           : x < 85 ? TimeInForce::day
           : x < 93 ? TimeInForce::ioc
                    : TimeInForce::fok;
}

// A bracket around the close: a market or limit entry, exits 2% to 10% away.
inline BracketRequest random_bracket(SymbolId s, Side side, Fixed qty, Fixed close, Rand& r) {
    bool buy = side == Side::buy;
    BracketRequest b;
    b.symbol = s;
    b.side = side;
    b.qty = qty;
    if (r.chance(50)) b.entry_limit = near(close, r, -10, 10);
    b.take_profit = near(close, r, buy ? 20 : -100, buy ? 100 : -20);
    b.stop_loss = near(close, r, buy ? -100 : 20, buy ? -20 : 100);
    b.tif = r.chance(80) ? TimeInForce::gtc : TimeInForce::day;
    return b;
}

}  // namespace dsl::engine::test
