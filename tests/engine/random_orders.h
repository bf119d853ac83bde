// Random orders for the engine's property-style tests: a seeded generator, prices near a close,
// the random pieces of an order (TIF, bracket) and random engine configurations. Deterministic:
// one seed, one sequence.
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

// A random engine configuration: path model, liquidity, slippage, commission, latency with
// jitter, cash or margin account.
inline EngineConfig random_config(Rand& r) {
    EngineConfig c;
    c.seed = r.g.next();
    c.starting_cash = r.chance(50) ? fx(100'000) : fx(10'000);
    c.path_model = static_cast<PathModelKind>(r.below(3));
    switch (r.below(4)) {
        case 0:
            c.liquidity.kind = LiquidityKind::bar_volume;
            c.liquidity.percent = r.chance(50) ? fx("0.001") : fx("0.01");
            break;
        case 1:
            c.liquidity.kind = LiquidityKind::tick_size;
            c.liquidity.percent = fx(50);
            break;
        default:
            break;
    }
    switch (r.below(5)) {
        case 0:
            c.slippage = {SlippageKind::fixed, fx("0.01"), 14, true};
            break;
        case 1:
            c.slippage = {SlippageKind::ticks, fx(5), 14, r.chance(50)};
            break;
        case 2:
            c.slippage = {SlippageKind::percent, fx("0.1"), 14, true};
            break;
        case 3:
            c.slippage = {SlippageKind::atr, fx("0.5"), 5, false};
            break;
        default:
            break;
    }
    switch (r.below(4)) {
        case 0:
            c.commission = {CommissionKind::per_unit, fx("0.01"), fx(1)};
            break;
        case 1:
            c.commission = {CommissionKind::per_order, fx(1), Fixed()};
            break;
        case 2:
            c.commission = {CommissionKind::percent, fx("0.1"), Fixed()};
            break;
        default:
            break;
    }
    if (r.chance(40)) {
        c.latency.submit_ns = r.below(3) * kNanosPerDay / 2;
        c.latency.submit_jitter_ns = r.below(2) * kNanosPerDay / 2;
        c.latency.cancel_ns = r.below(3) * kNanosPerDay / 2;
        c.latency.cancel_jitter_ns = r.below(2) * 3600 * kNanosPerSecond;
    }
    if (r.chance(30)) {
        c.account.kind = AccountKind::margin;
        // Maintenance equal to the initial rate makes margin calls frequent enough to exercise.
        if (r.chance(50)) c.account.maintenance_margin_rate = c.account.initial_margin_rate;
    }
    return c;
}

inline TimeInForce random_tif(Rand& r) {
    int x = r.below(100);
    return x < 70   ? TimeInForce::gtc
           : x < 85 ? TimeInForce::day
           : x < 93 ? TimeInForce::ioc
                    : TimeInForce::fok;
}

// How many kinds random_simple_order() knows.
inline constexpr int kSimpleOrderKinds = 6;

// One order of a simple kind around the close: 0 market, 1 limit, 2 stop, 3 stop-limit, 4 and 5
// trailing stop (offset, percent). Limits are on the side the market must move to, stops on the
// other, up to 4% away.
inline OrderId random_simple_order(Engine& e, SymbolId s, int kind, Side side, Fixed qty,
                                   Fixed close, OrderOptions opt, Rand& r) {
    bool buy = side == Side::buy;
    switch (kind) {
        case 0:
            return e.market(s, side, qty, opt);
        case 1:
            return e.limit(s, side, qty, near(close, r, buy ? -40 : 0, buy ? 0 : 40), opt);
        case 2:
            return e.stop(s, side, qty, near(close, r, buy ? 0 : -40, buy ? 40 : 0), opt);
        case 3: {
            Fixed stop = near(close, r, buy ? 0 : -30, buy ? 30 : 0);
            Fixed limit = near(stop, r, buy ? -5 : -15, buy ? 15 : 5);
            return e.stop_limit(s, side, qty, stop, limit, opt);
        }
        case 4:
            return e.trailing_stop_offset(s, side, qty, near(close, r, -980, -950), opt);
        default:
            return e.trailing_stop_percent(s, side, qty, fx(1 + r.below(5)), opt);
    }
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
