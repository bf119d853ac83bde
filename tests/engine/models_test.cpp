// The pluggable models on their own: path orders, slippage amounts and clamping, liquidity caps,
// commission totals and minimums, latency jitter and its determinism, the ATR; plus replacing a
// model with a custom implementation.
#include <gtest/gtest.h>

#include <set>

#include "engine/atr.h"
#include "engine/commission.h"
#include "engine/latency.h"
#include "engine/liquidity.h"
#include "engine/price_path.h"
#include "engine/slippage.h"
#include "harness.h"
#include "random_orders.h"

namespace dsl::engine::test {
namespace {

Bar ohlc(const char* o, const char* h, const char* l, const char* c, const char* v = "0") {
    return make_bar(0, day(1), o, h, l, c, v);
}

// Answers a path model's questions with given equities, counting them.
struct GivenOutcomes final : PathOutcomes {
    bool matters = true;
    Fixed high_first_equity;
    Fixed low_first_equity;
    int asked = 0;
    bool order_matters() const override { return matters; }
    Fixed equity_at_close(bool high_first) override {
        ++asked;
        return high_first ? high_first_equity : low_first_equity;
    }
};

TEST(PathModels, NearestExtremeOhlcAndWorstCase) {
    auto nearest = make_path_model(PathModelKind::nearest_extreme);
    auto fixed = make_path_model(PathModelKind::ohlc);
    auto worst = make_path_model(PathModelKind::worst_case);
    GivenOutcomes any;
    Bar high_nearer = ohlc("10", "10.2", "9", "9.5");
    EXPECT_TRUE(nearest->high_first(high_nearer, any));
    EXPECT_FALSE(nearest->high_first(ohlc("10", "11", "9.9", "10.5"), any));
    EXPECT_FALSE(nearest->high_first(ohlc("10", "11", "9", "10"), any));  // tie, up bar
    EXPECT_TRUE(nearest->high_first(ohlc("10", "11", "9", "9.9"), any));  // tie, down
    EXPECT_TRUE(fixed->high_first(ohlc("10", "11", "9.9", "10.5"), any));
    EXPECT_EQ(any.asked, 0);  // neither asks what the orders would do
    EXPECT_EQ(worst->kind(), PathModelKind::worst_case);
}

TEST(PathModels, WorstCaseTakesThePathWithTheLowerEquityAtTheClose) {
    auto worst = make_path_model(PathModelKind::worst_case);
    Bar high_nearer = ohlc("10", "10.2", "9", "9.5");
    GivenOutcomes o;
    o.high_first_equity = fx(1000);
    o.low_first_equity = fx(999);
    EXPECT_FALSE(worst->high_first(high_nearer, o));
    o.low_first_equity = fx(1001);
    EXPECT_TRUE(worst->high_first(ohlc("10", "11", "9.9", "10.5"), o));
    // Equal outcomes, or orders that cannot fill differently: nearest_extreme's path.
    o.low_first_equity = fx(1000);
    EXPECT_TRUE(worst->high_first(high_nearer, o));
    EXPECT_FALSE(worst->high_first(ohlc("10", "11", "9.9", "10.5"), o));
    GivenOutcomes same;
    same.matters = false;
    same.high_first_equity = fx(1);
    EXPECT_TRUE(worst->high_first(high_nearer, same));
    EXPECT_EQ(same.asked, 0);
}

TEST(PricePath, PositionsAndPrices) {
    PricePath p(ohlc("10", "11", "9", "10.5"), true);  // 10 -> 11 -> 9 -> 10.5
    EXPECT_EQ(p.point(1), fx(11));
    EXPECT_EQ(p.point(2), fx(9));
    PathPos on_fall = p.pos_on_leg(2, fx("9.5"));
    EXPECT_EQ(on_fall.dist, fx("1.5"));
    EXPECT_EQ(p.price_at(on_fall), fx("9.5"));
    EXPECT_EQ(p.price_at(PathPos{}), fx(10));
    EXPECT_LT(p.pos_on_leg(1, fx("10.9")), on_fall);
    EXPECT_LT(on_fall, p.pos_on_leg(2, fx("9.4")));
}

TEST(Slippage, AmountsPerModel) {
    SlippageInput in{Side::buy, fx("40"), fx(100), fx("0.01"), fx("1.2")};
    SlippageConfig c;
    EXPECT_EQ(make_slippage_model(c)->amount(in), Fixed());
    c.kind = SlippageKind::fixed;
    c.amount = fx("0.05");
    EXPECT_EQ(make_slippage_model(c)->amount(in), fx("0.05"));
    c.kind = SlippageKind::ticks;
    c.amount = fx(3);
    EXPECT_EQ(make_slippage_model(c)->amount(in), fx("0.03"));
    c.kind = SlippageKind::percent;
    c.amount = fx("0.1");
    EXPECT_EQ(make_slippage_model(c)->amount(in), fx("0.04"));
    c.kind = SlippageKind::atr;
    c.amount = fx("0.5");
    EXPECT_EQ(make_slippage_model(c)->amount(in), fx("0.6"));
}

TEST(Slippage, ClampingToLimitAndRange) {
    PriceRange bar{fx(9), fx(11)};
    auto none = std::nullopt;
    EXPECT_EQ(apply_slippage(Side::buy, fx(10), fx("0.5"), none, none, bar), fx("10.5"));
    EXPECT_EQ(apply_slippage(Side::buy, fx(10), fx(2), none, none, bar), fx(11));
    EXPECT_EQ(apply_slippage(Side::buy, fx(10), fx(2), none, fx("10.2"), bar), fx("10.2"));
    EXPECT_EQ(apply_slippage(Side::sell, fx(10), fx(2), none, none, bar), fx(9));
    EXPECT_EQ(apply_slippage(Side::sell, fx(10), fx(2), none, fx("9.5"), bar), fx("9.5"));
    EXPECT_EQ(apply_slippage(Side::sell, fx(10), fx(2), none, none, none), fx(8));
    // A base at the bar's edge cannot slip further; never better than the base.
    EXPECT_EQ(apply_slippage(Side::buy, fx(11), fx(1), none, none, bar), fx(11));
}

TEST(Slippage, SlippedPricesGoOntoTheTickAgainstTheTrader) {
    Fixed cent = fx("0.01");
    PriceRange bar{fx("10.5"), fx("11.5")};
    auto none = std::nullopt;
    EXPECT_EQ(apply_slippage(Side::buy, fx("10.8"), fx("0.054"), cent, none, bar), fx("10.86"));
    EXPECT_EQ(apply_slippage(Side::sell, fx("10.8"), fx("0.054"), cent, none, bar), fx("10.74"));
    // Clamped: the nearest price on the tick inside the bar (its high 11.497 is off the tick) or
    // at or before the limit (10.855, off the tick too, as off_tick = accept allows).
    PriceRange off_tick_bar{fx("10.5"), fx("11.497")};
    EXPECT_EQ(apply_slippage(Side::buy, fx("11.2"), fx("0.5"), cent, none, off_tick_bar),
              fx("11.49"));
    EXPECT_EQ(apply_slippage(Side::buy, fx("10.8"), fx("0.1"), cent, fx("10.855"), bar),
              fx("10.85"));
    EXPECT_EQ(apply_slippage(Side::sell, fx("10.8"), fx(1), cent, fx("10.503"), bar), fx("10.51"));
    // No price on the tick between the base and the cap: the base, unslipped.
    EXPECT_EQ(apply_slippage(Side::buy, fx("11.493"), fx("0.5"), cent, none, off_tick_bar),
              fx("11.493"));
    // No slippage: the market's own price, on the tick or not.
    EXPECT_EQ(apply_slippage(Side::buy, fx("10.803"), Fixed(), cent, none, bar), fx("10.803"));
}

TEST(Slippage, PercentAtTheOpenAsInTheReferenceStrategy) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::percent;
    c.slippage.amount = fx("0.1");
    for (OffTickPolicy policy : {OffTickPolicy::reject, OffTickPolicy::accept}) {
        c.off_tick = policy;
        Harness h(c);
        h.bar(1, "2.179012", "2.191358", "2.117284", "2.117284");
        h.engine.market(h.sym, Side::buy, fx(100));
        h.bar(2, "2.123457", "2.148148", "2.092592", "2.135803");
        // 2.123457 x 1.001 = 2.125580457, up to the tick 0.000001; without a price grid
        // (off_tick = accept), to 8 decimals (half away from zero) as a tickless engine does.
        EXPECT_EQ(h.fills().at(0).price,
                  policy == OffTickPolicy::accept ? fx("2.12558046") : fx("2.125581"));
    }
}

TEST(Slippage, PercentOnACentTickBuysAtTheNextCent) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::percent;
    c.slippage.amount = fx("0.5");
    InstrumentSpec spec = Harness::default_spec();
    spec.tick_size = fx("0.01");
    Harness h(c, spec);
    h.bar(1, "10.8", "11", "10.5", "10.8");
    h.engine.market(h.sym, Side::buy, fx(100));
    h.engine.market(h.sym, Side::sell, fx(50));
    h.bar(2, "10.8", "11", "10.5", "10.9");
    EXPECT_EQ(h.fills().at(0).price, fx("10.86"));  // 10.8 x 1.005 = 10.854, up
    EXPECT_EQ(h.fills().at(0).slippage, fx("0.06"));
    EXPECT_EQ(h.fills().at(1).price, fx("10.74"));  // 10.8 x 0.995 = 10.746, down
}

// Every slippage model, on random ticks, bars (on the tick or not), bases, limits and amounts:
// the price is never better than the base, inside the bar, never past the limit, on the tick
// unless it is an off-tick base left as it is, and slips less than asked only where the next
// price on the tick would leave the bar or pass the limit.
TEST(Slippage, RandomPricesStayOnTheTickAgainstTheTraderInsideTheBar) {
    const std::vector<Fixed> ticks{fx("0.000001"), fx("0.01"), fx("0.05"), fx("0.25"), fx(1)};
    Rand r(4242);
    auto price_near = [&](Fixed tick, Fixed around, bool on_tick) {
        Fixed p = around + Fixed::from_raw(r.below(2'000'000'000)) - fx(10);
        if (on_tick) p = p.round_to(tick);
        return max(p, tick);
    };
    int slipped_less = 0;
    for (int i = 0; i < 200'000; ++i) {
        Fixed tick = ticks[static_cast<std::size_t>(r.below(static_cast<int>(ticks.size())))];
        bool on_tick = r.chance(50);
        Fixed a = price_near(tick, fx(50), on_tick);
        Fixed b = price_near(tick, fx(50), on_tick);
        PriceRange bar{min(a, b), max(a, b)};
        Side side = r.chance(50) ? Side::buy : Side::sell;
        bool buy = side == Side::buy;
        // The range is at most 20 (2e9 in units of 1e-8).
        Fixed base =
            bar.low + Fixed::from_raw(r.below(static_cast<int>((bar.high - bar.low).raw()) + 1));
        if (on_tick && r.chance(80)) {
            base = buy ? base.floor_to(tick) : base.ceil_to(tick);
            if (base < bar.low || base > bar.high) base = bar.low;
        }
        std::optional<Fixed> limit;
        if (r.chance(40)) {
            Fixed beyond = Fixed::from_raw(r.below(300'000'000));
            limit = buy ? base + beyond : base - beyond;
            if (r.chance(50)) limit = buy ? limit->ceil_to(tick) : limit->floor_to(tick);
        }
        SlippageConfig config;
        config.kind = static_cast<SlippageKind>(r.below(5));
        config.amount =
            config.kind == SlippageKind::ticks
                ? Fixed::from_int(r.below(8))
                : Fixed::from_raw(
                      r.below(config.kind == SlippageKind::percent ? 300'000'000 : 200'000'000));
        SlippageInput in{side, base, fx(100), tick, Fixed::from_raw(r.below(400'000'000))};
        Fixed amount = make_slippage_model(config)->amount(in);
        Fixed p = apply_slippage(side, base, amount, tick, limit, bar);

        std::string where = "case " + std::to_string(i) + ": " + (buy ? "buy " : "sell ") +
                            base.to_string() + " + " + amount.to_string() + " tick " +
                            tick.to_string() + " -> " + p.to_string();
        ASSERT_TRUE(buy ? p >= base : p <= base) << where;
        ASSERT_TRUE(bar.low <= p && p <= bar.high) << where;
        if (limit) {
            ASSERT_TRUE(buy ? p <= *limit : p >= *limit) << where;
        }
        bool base_left = p == base && !base.is_multiple_of(tick);
        ASSERT_TRUE(p.is_multiple_of(tick) || base_left) << where;
        // Never more than the amount rounded to the tick; less only where the cap forces it.
        Fixed asked = buy ? base + amount : base - amount;
        ASSERT_TRUE(buy ? p <= asked.ceil_to(tick) : p >= asked.floor_to(tick)) << where;
        if (buy ? p < asked : p > asked) {
            Fixed next = buy ? (p + tick).floor_to(tick) : (p - tick).ceil_to(tick);
            Fixed cap = buy ? min(limit.value_or(bar.high), bar.high)
                            : max(limit.value_or(bar.low), bar.low);
            ASSERT_TRUE(buy ? next > cap : next < cap) << where;
            ++slipped_less;
        }
    }
    EXPECT_GT(slipped_less, 10'000);  // the caps are really reached
}

TEST(Slippage, AtrModelUsesTheAtrOfThePreviousBars) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::atr;
    c.slippage.amount = fx("0.5");
    c.slippage.atr_period = 2;
    Harness h(c);
    h.bar(1, "10", "11", "9", "10");      // TR 2
    h.bar(2, "10", "10.5", "9.5", "10");  // TR 1 -> ATR (2 + 1) / 2 = 1.5
    EXPECT_EQ(h.engine.atr(h.sym), fx("1.5"));
    h.engine.market(h.sym, Side::buy, fx(1));
    h.bar(3, "10", "12", "9", "11");  // fill 10 + 0.5 x 1.5 (this bar's TR not yet counted)
    EXPECT_EQ(h.fills().at(0).price, fx("10.75"));
    h.engine.set_atr(h.sym, fx(4));
    h.engine.market(h.sym, Side::sell, fx(1));
    h.bar(4, "11", "12", "10", "11");  // 11 - 0.5 x 4 = 9, clamped to the low 10
    EXPECT_EQ(h.fills().at(1).price, fx(10));
}

TEST(Atr, WilderSmoothingAfterTheFirstPeriod) {
    WilderAtr atr(3);
    atr.update(ohlc("10", "11", "9", "10"));  // TR 2
    EXPECT_EQ(atr.value(), fx(2));
    atr.update(ohlc("12", "13", "11.5", "12"));  // TR max(1.5, |13-10|, |11.5-10|) = 3
    atr.update(ohlc("12", "12", "11", "11"));    // TR 1 -> mean (2 + 3 + 1) / 3 = 2
    EXPECT_EQ(atr.value(), fx(2));
    atr.update(ohlc("11", "16", "11", "15"));  // TR 5 -> (2 x 2 + 5) / 3 = 3
    EXPECT_EQ(atr.value(), fx(3));
    atr.override(fx(7));
    EXPECT_EQ(atr.value(), fx(7));
}

TEST(Liquidity, CapsAreSharesRoundedDownToTheLot) {
    LiquidityConfig c;
    c.kind = LiquidityKind::bar_volume;
    c.percent = fx("0.001");
    auto bars = make_liquidity_model(c);
    EXPECT_EQ(bars->bar_cap(ohlc("1", "1", "1", "1", "36301200"), fx(1)), fx(363));
    EXPECT_EQ(bars->bar_cap(ohlc("1", "1", "1", "1", "36301200"), fx(100)), fx(300));
    EXPECT_EQ(bars->bar_cap(ohlc("1", "1", "1", "1", "99999"), fx(1)), Fixed());
    Tick t;
    t.size = fx(10);
    EXPECT_EQ(bars->tick_cap(t, fx(1)), Fixed::max());
    c.kind = LiquidityKind::tick_size;
    c.percent = fx(25);
    EXPECT_EQ(make_liquidity_model(c)->tick_cap(t, fx(1)), fx(2));  // 2.5 rounded down
    c.kind = LiquidityKind::none;
    EXPECT_EQ(make_liquidity_model(c)->bar_cap(ohlc("1", "1", "1", "1", "5"), fx(1)), Fixed::max());
}

TEST(Commission, PerUnitPerOrderPercentAndMinimums) {
    CommissionConfig c;
    c.kind = CommissionKind::per_unit;
    c.rate = fx("0.005");
    c.minimum = fx(1);
    auto per_unit = make_commission_model(c);
    // 100 units: 0.5 -> the order minimum 1.
    EXPECT_EQ(per_unit->commission({fx(100), fx(1000), Fixed()}), fx(1));
    // 300 more (400 in all): total 2, 1 already charged.
    EXPECT_EQ(per_unit->commission({fx(400), fx(4000), fx(1)}), fx(1));
    c.kind = CommissionKind::per_order;
    c.rate = fx("4.95");
    c.minimum = Fixed();
    auto per_order = make_commission_model(c);
    EXPECT_EQ(per_order->commission({fx(10), fx(100), Fixed()}), fx("4.95"));
    EXPECT_EQ(per_order->commission({fx(20), fx(200), fx("4.95")}), Fixed());
    c.kind = CommissionKind::percent;
    c.rate = fx("0.1");
    auto percent = make_commission_model(c);
    EXPECT_EQ(percent->commission({fx(100), fx("212.3457"), Fixed()}), fx("0.2123457"));
    // Cumulative rounding: 0.1% of 0.000015 is 0.000000015 -> 0.00000002; after a second such
    // fill the total is 0.1% of 0.00003 = 0.00000003, so the second fill pays 0.00000001 (per-fill
    // rounding would have charged 0.00000004 in all).
    EXPECT_EQ(percent->commission({fx(1), fx("0.000015"), Fixed()}), fx("0.00000002"));
    EXPECT_EQ(percent->commission({fx(2), fx("0.00003"), fx("0.00000002")}), fx("0.00000001"));
}

TEST(Latency, JitterIsBoundedAndReproducibleFromTheSeed) {
    LatencyConfig c;
    c.submit_ns = 1000;
    c.submit_jitter_ns = 500;
    auto model = make_latency_model(c);
    SplitMix64 a(7);
    SplitMix64 b(7);
    SplitMix64 other(8);
    std::set<Timestamp> seen;
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        Timestamp x = model->submit_latency(a);
        EXPECT_EQ(x, model->submit_latency(b));
        differs = differs || x != model->submit_latency(other);
        EXPECT_GE(x, 1000);
        EXPECT_LE(x, 1500);
        seen.insert(x);
    }
    EXPECT_TRUE(differs);
    EXPECT_GT(seen.size(), 300u);
    EXPECT_EQ(model->cancel_latency(a), 0);
}

TEST(Rng, SplitMix64KnownSequence) {
    // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
    SplitMix64 r(0);
    EXPECT_EQ(r.next(), 0xE220A8397B1DCDAFULL);
    EXPECT_EQ(r.next(), 0x6E789E6AA1B965F4ULL);
    EXPECT_EQ(r.next(), 0x06C45D188009454FULL);
}

// A caller-supplied model replaces the configured one.
class HalfCent final : public SlippageModel {
  public:
    SlippageKind kind() const override { return SlippageKind::fixed; }
    Fixed amount(const SlippageInput& in) const override {
        return in.qty >= fx(100) ? fx("0.005") : Fixed();
    }
};

TEST(Models, ACustomModelCanBePluggedIn) {
    RecordingSink sink;
    Models models;
    models.slippage = std::make_unique<HalfCent>();
    Engine e(EngineConfig{}, sink, std::move(models));
    InstrumentSpec spec;
    spec.name = "X";
    SymbolId s = e.add_instrument(spec);
    OrderId small = e.market(s, Side::buy, fx(10));
    OrderId big = e.market(s, Side::buy, fx(100));
    e.on_bar(make_bar(s, day(1), "10", "11", "9", "10"));
    EXPECT_EQ(e.order(small)->avg_fill_price, fx(10));
    EXPECT_EQ(e.order(big)->avg_fill_price, fx("10.005"));
}

}  // namespace
}  // namespace dsl::engine::test
