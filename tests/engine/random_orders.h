// Random orders for the engine's property-style tests: a seeded generator, prices near a close,
// the random pieces of an order (TIF, bracket), random engine configurations, a random
// "strategy" issuing commands after each market event and random streams of real daily data fed
// as bars or ticks. Deterministic: one seed, one sequence.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "csv_bars.h"
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

// What random_commands() tells its caller about the links it made (a checker keeps them).
struct IgnoreLinks {
    void link(OrderId, OrderId) {}
    void bracket(const BracketIds&) {}
};

// The random "strategy": a few commands after a market event - orders of every kind, brackets,
// OCO pairs, cancels (also of unknown and finished ids), cancel_all, close_position and
// off-tick orders (rejected).
template <class Links>
void random_commands(Engine& e, Links& links, SymbolId s, Fixed close, Rand& r) {
    int n = r.below(4);
    for (int i = 0; i < n; ++i) {
        Side side = r.chance(50) ? Side::buy : Side::sell;
        Fixed qty = Fixed::from_int(1 + r.below(200));
        OrderOptions opt{random_tif(r), ""};
        int kind = r.below(13);
        switch (kind) {
            case 0:
            case 1:
            case 2:
            case 3:
            case 4:
            case 5:
                random_simple_order(e, s, kind, side, qty, close, opt, r);
                break;
            case 6:
                links.bracket(e.bracket(random_bracket(s, side, qty, close, r)));
                break;
            case 7: {
                OrderId a = e.limit(s, Side::buy, qty, near(close, r, -40, -5));
                OrderId b =
                    e.stop(s, Side::buy, Fixed::from_int(1 + r.below(200)), near(close, r, 5, 40));
                if (e.oco(a, b)) links.link(a, b);
                break;
            }
            case 8:
            case 9: {
                auto working = e.working_orders();
                if (!working.empty())
                    e.cancel(working[static_cast<std::size_t>(
                        r.below(static_cast<int>(working.size())))]);
                break;
            }
            case 10:
                e.cancel(static_cast<OrderId>(r.below(static_cast<int>(e.last_order_id()) + 3)));
                break;
            case 11:
                e.close_position(s);
                break;
            default:
                if (r.chance(50)) {
                    e.cancel_all();
                } else {
                    e.limit(s, side, qty, close + Fixed::from_raw(1), opt);  // off-tick: rejected
                }
                break;
        }
    }
}

// The data files of data/, read once.
inline const std::vector<CsvBar>& data_file(const std::string& name) {
    static std::map<std::string, std::vector<CsvBar>> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
        it = cache.emplace(name, read_csv_bars(std::string(DSL_ENGINE_TEST_DATA_DIR) + "/" + name))
                 .first;
    }
    return it->second;
}

inline const std::vector<std::string> kDataFiles{"orcl-1995-2014.csv", "nvda-1999-2014.csv",
                                                 "yhoo-2014.csv"};

// A stretch of one data file, its seed, and whether its bars are fed as ticks.
struct Stream {
    const std::vector<CsvBar>* bars;
    std::size_t begin;
    std::size_t end;
    std::uint64_t seed;
    bool ticks;
};

inline Stream random_stream(std::uint64_t seed, std::size_t length) {
    Rand r(seed * 7919 + 17);
    const auto& bars = data_file(kDataFiles[static_cast<std::size_t>(r.below(3))]);
    std::size_t begin = static_cast<std::size_t>(
        r.below(static_cast<int>(bars.size() > length ? bars.size() - length : 1)));
    return Stream{&bars, begin, std::min(bars.size(), begin + length), seed, r.chance(25)};
}

// One bar of data, as a bar or as four ticks an hour apart quoted one cent around the trade.
inline void feed(Engine& e, SymbolId s, const CsvBar& b, bool ticks) {
    if (!ticks) {
        e.on_bar(Bar{s, b.ts, b.open, b.high, b.low, b.close, b.volume});
        return;
    }
    PricePath path(Bar{s, b.ts, b.open, b.high, b.low, b.close, b.volume},
                   b.high - b.open < b.open - b.low);
    for (int k = 0; k < 4; ++k) {
        Tick t;
        t.symbol = s;
        t.ts = b.ts + k * 3600 * kNanosPerSecond;
        t.price = path.point(k);
        t.size = b.volume.mul_floor(fx("0.0001")).floor_to(fx(1));
        if (t.price > fx("0.02")) {
            t.bid = t.price - fx("0.01");
            t.ask = t.price + fx("0.01");
        }
        e.on_tick(t);
    }
}

}  // namespace dsl::engine::test
