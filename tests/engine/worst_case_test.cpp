// The worst_case path model is the worst for the strategy: from the same state at a bar's start,
// its equity at the bar's close is never above that of any other path model. Checked on
// thousands of random states (flat, long or short; working brackets with market or limit
// entries, some filled and protected by their exits; OCO pairs of limits and stops; stops,
// limits, stop-limits, trailing stops and market orders filled at the open) under random
// engine configurations, against nearest_extreme, ohlc and a model that always goes to the low
// first: worst_case's equity is exactly the lower of the high-first and low-first ones.
#include <gtest/gtest.h>

#include "harness.h"
#include "random_orders.h"

namespace dsl::engine::test {
namespace {

// The one path no named model always takes.
class LowFirst final : public PathModel {
  public:
    PathModelKind kind() const override { return PathModelKind::nearest_extreme; }
    bool high_first(const Bar&, PathOutcomes&) const override { return false; }
};

struct Scenario {
    EngineConfig config;
    Fixed price;  // the setup bars trade at this one price
    Bar bar;      // the bar under test
    std::uint64_t orders_seed;
};

Scenario random_scenario(std::uint64_t seed) {
    Rand r(seed);
    Scenario s;
    s.config = random_config(r);
    s.price = Fixed::from_int(5 + r.below(200));
    // Open, high, low, close within 6% of the price, on the tick.
    Fixed open = near(s.price, r, -30, 30);
    Fixed close = near(s.price, r, -30, 30);
    Fixed high = max(open, close) + near(s.price, r, 0, 30) - s.price;
    Fixed low = min(open, close) - (near(s.price, r, 0, 30) - s.price);
    s.bar = Bar{0, day(3), open, high, low, close, fx(10'000'000)};
    s.orders_seed = r.g.next();
    return s;
}

Fixed random_qty(Rand& r) {
    return Fixed::from_int(1 + r.below(300));
}

// Orders that fill on the second (flat) setup bar: a position, and brackets whose exits are then
// working.
void open_positions(Engine& e, SymbolId s, Fixed price, Rand& r) {
    if (r.chance(65)) e.market(s, r.chance(50) ? Side::buy : Side::sell, random_qty(r));
    if (r.chance(40)) {
        BracketRequest b =
            random_bracket(s, r.chance(50) ? Side::buy : Side::sell, random_qty(r), price, r);
        b.entry_limit.reset();
        e.bracket(b);
    }
}

// The working orders the bar under test meets.
void place_orders(Engine& e, SymbolId s, Fixed price, Rand& r) {
    int n = 1 + r.below(5);
    for (int i = 0; i < n; ++i) {
        Side side = r.chance(50) ? Side::buy : Side::sell;
        bool buy = side == Side::buy;
        Fixed qty = random_qty(r);
        OrderOptions opt{r.chance(85) ? TimeInForce::gtc : random_tif(r), ""};
        int kind = r.below(kSimpleOrderKinds + 3);
        switch (kind) {
            default:
                random_simple_order(e, s, kind, side, qty, price, opt, r);
                break;
            case kSimpleOrderKinds: {
                BracketRequest b = random_bracket(s, side, qty, price, r);
                if (r.chance(30)) b.entry_limit = near(price, r, buy ? 0 : -10, buy ? 10 : 0);
                e.bracket(b);
                break;
            }
            case kSimpleOrderKinds + 1: {
                // An OCO pair: a limit and a stop on either side, or a breakout straddle.
                Side other = r.chance(50) ? side : opposite(side);
                OrderId a = e.limit(s, side, qty, near(price, r, buy ? -40 : 5, buy ? -5 : 40));
                bool other_buy = other == Side::buy;
                OrderId b = e.stop(s, other, random_qty(r),
                                   near(price, r, other_buy ? 5 : -40, other_buy ? 40 : -5));
                e.oco(a, b);
                break;
            }
            case kSimpleOrderKinds + 2:
                e.close_position(s);
                break;
        }
    }
}

struct Outcome {
    Fixed equity_before;  // at the start of the bar under test
    std::size_t working_before = 0;
    Fixed equity_after;  // at its close
};

Outcome run(const Scenario& sc, Models models) {
    NullSink sink;
    Engine e(sc.config, sink, std::move(models));
    InstrumentSpec spec;
    spec.name = "X";
    SymbolId s = e.add_instrument(spec);
    // Flat setup bars: every path model trades them the same way.
    Bar flat{s, day(1), sc.price, sc.price, sc.price, sc.price, sc.bar.volume};
    Rand r(sc.orders_seed);
    e.on_bar(flat);
    open_positions(e, s, sc.price, r);
    flat.ts = day(2);
    e.on_bar(flat);
    place_orders(e, s, sc.price, r);
    Outcome o;
    o.equity_before = e.equity();
    o.working_before = e.working_order_count();
    Bar bar = sc.bar;
    bar.symbol = s;
    e.on_bar(bar);
    o.equity_after = e.equity();
    return o;
}

Models model(PathModelKind kind) {
    Models m;
    m.path = make_path_model(kind);
    return m;
}

TEST(WorstCase, NoPathModelEndsABarWithLessEquity) {
#ifdef DSL_ENGINE_SANITIZED
    constexpr int kScenarios = 3000;
#else
    constexpr int kScenarios = 20000;
#endif
    int worse_than_nearest = 0;
    int worse_than_ohlc = 0;
    int failed = 0;
    for (int i = 0; i < kScenarios; ++i) {
        Scenario sc = random_scenario(static_cast<std::uint64_t>(i) * 2654435761u + 1);
        Outcome worst = run(sc, model(PathModelKind::worst_case));
        Outcome nearest = run(sc, model(PathModelKind::nearest_extreme));
        Outcome ohlc = run(sc, model(PathModelKind::ohlc));
        Models low_models;
        low_models.path = std::make_unique<LowFirst>();
        Outcome low = run(sc, std::move(low_models));
        // The same state at the bar's start.
        ASSERT_EQ(worst.equity_before, nearest.equity_before) << "scenario " << i;
        ASSERT_EQ(worst.working_before, low.working_before) << "scenario " << i;
        bool ok = worst.equity_after <= nearest.equity_after &&
                  worst.equity_after <= ohlc.equity_after &&
                  worst.equity_after == min(ohlc.equity_after, low.equity_after);
        if (!ok && failed++ < 5) {
            ADD_FAILURE() << "scenario " << i << ": worst_case " << worst.equity_after.to_string()
                          << ", nearest_extreme " << nearest.equity_after.to_string()
                          << ", ohlc (high first) " << ohlc.equity_after.to_string()
                          << ", low first " << low.equity_after.to_string();
        }
        worse_than_nearest += worst.equity_after < nearest.equity_after;
        worse_than_ohlc += worst.equity_after < ohlc.equity_after;
    }
    EXPECT_EQ(failed, 0);
    // The scenarios really reach orders whose fills depend on the path.
    EXPECT_GT(worse_than_nearest, kScenarios / 50);
    EXPECT_GT(worse_than_ohlc, kScenarios / 50);
}

}  // namespace
}  // namespace dsl::engine::test
