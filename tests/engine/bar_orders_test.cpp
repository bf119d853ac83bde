// Bar mode, order by order type: fills, no fills, gaps, partial fills, slippage, latency, time in
// force. Every expected price is worked out by hand in the comment beside it.
#include <gtest/gtest.h>

#include "harness.h"

namespace dsl::engine::test {
namespace {

using S = OrderStatus;

// --- Market ---

TEST(BarMarket, FillsAtTheNextOpenNeverOnThePlacingBar) {
    Harness h;
    h.bar(1, "10", "11", "9", "10.5");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(100));
    EXPECT_EQ(id, 1u);
    EXPECT_EQ(h.status(id), S::open);  // zero latency: working at once, but not on bar 1
    EXPECT_TRUE(h.fills().empty());
    h.bar(2, "10.8", "11.2", "10.6", "11");
    auto fills = h.fills();
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0].price, fx("10.8"));
    EXPECT_EQ(fills[0].leg, PathLeg::open);
    EXPECT_EQ(fills[0].gap, GapRule::none);
    EXPECT_EQ(h.status(id), S::filled);
    EXPECT_EQ(h.order(id).avg_fill_price, fx("10.8"));
    EXPECT_EQ(h.engine.position(h.sym).qty, fx(100));
    EXPECT_EQ(h.identity_violations, 0);
}

TEST(BarMarket, AnOrderPlacedBeforeAnyDataFillsAtTheFirstOpen) {
    Harness h;
    OrderId id = h.engine.market(h.sym, Side::sell, fx(5));
    h.bar(1, "20", "21", "19", "20.5");
    ASSERT_EQ(h.fills_of(id).size(), 1u);
    EXPECT_EQ(h.fills_of(id)[0].price, fx(20));
    EXPECT_EQ(h.engine.position(h.sym).qty, fx(-5));
}

TEST(BarMarket, AnotherSymbolsBarWithTheSameTimestampDoesNotFillIt) {
    // Handling A's bar at day 2, the strategy buys B; B's day-2 bar (same timestamp, already
    // traded) must not fill it: the first bar of B strictly after day 2 does.
    Harness h;
    SymbolId b = h.add_symbol("B");
    h.bar(2, "10", "11", "9", "10");
    OrderId id = h.engine.market(b, Side::buy, fx(1));
    h.engine.on_bar(make_bar(b, day(2), "50", "51", "49", "50"));
    EXPECT_TRUE(h.fills_of(id).empty());
    h.engine.on_bar(make_bar(b, day(3), "52", "53", "51", "52"));
    ASSERT_EQ(h.fills_of(id).size(), 1u);
    EXPECT_EQ(h.fills_of(id)[0].price, fx(52));
}

TEST(BarMarket, PartialFillsOverSeveralBarsWithTheVolumeShare) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx("0.001");  // floor(0.001% x 36,301,200) = 363 per bar
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "36301200");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(1000));
    h.bar(2, "10", "10.5", "9.5", "10", "36301200");
    EXPECT_EQ(h.status(id), S::partially_filled);
    EXPECT_EQ(h.order(id).filled_qty, fx(363));
    h.bar(3, "11", "11.5", "10.5", "11", "36301200");
    h.bar(4, "12", "12.5", "11.5", "12", "36301200");
    auto fills = h.fills_of(id);
    ASSERT_EQ(fills.size(), 3u);
    EXPECT_EQ(fills[0].qty, fx(363));
    EXPECT_TRUE(fills[0].liquidity_capped);
    EXPECT_EQ(fills[1].qty, fx(363));
    EXPECT_EQ(fills[1].price, fx(11));  // the remainder is a market order: next bar's open
    EXPECT_EQ(fills[2].qty, fx(274));
    EXPECT_FALSE(fills[2].liquidity_capped);
    EXPECT_EQ(h.status(id), S::filled);
    // (363 x 10 + 363 x 11 + 274 x 12) / 1000 = 10911 / 1000
    EXPECT_EQ(h.order(id).avg_fill_price, fx("10.911"));
    EXPECT_EQ(h.all<OrderPartiallyFilled>().size(), 2u);
    EXPECT_EQ(h.identity_violations, 0);
}

TEST(BarMarket, FixedSlippageIsAgainstTheTraderAndCappedToTheBar) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::fixed;
    c.slippage.amount = fx("0.05");
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    OrderId buy = h.engine.market(h.sym, Side::buy, fx(10));
    h.bar(2, "10", "10.03", "9.9", "10");  // 10 + 0.05 capped at the high 10.03
    OrderId sell = h.engine.market(h.sym, Side::sell, fx(10));
    h.bar(3, "10", "10.2", "9.9", "10");  // 10 - 0.05 = 9.95, inside the bar
    Fill b = h.fills_of(buy).at(0);
    EXPECT_EQ(b.price, fx("10.03"));
    EXPECT_EQ(b.base_price, fx(10));
    EXPECT_EQ(b.slippage, fx("0.03"));
    Fill s = h.fills_of(sell).at(0);
    EXPECT_EQ(s.price, fx("9.95"));
    EXPECT_EQ(s.slippage, fx("0.05"));
    // Round trip: bought at 10.03, sold at 9.95: realized -0.08 x 10.
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx("-0.8"));
}

TEST(BarMarket, SubmitLatencyDelaysTheFirstEvaluation) {
    EngineConfig c;
    c.latency.submit_ns = kNanosPerDay + kNanosPerDay / 2;  // 36 hours
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(1));
    EXPECT_EQ(h.status(id), S::pending);
    h.bar(2, "11", "11", "11", "11");  // day 2 < day 1 + 36h: still in flight
    EXPECT_EQ(h.status(id), S::pending);
    h.bar(3, "12", "12", "12", "12");
    ASSERT_EQ(h.all<OrderAccepted>().size(), 1u);
    EXPECT_EQ(h.all<OrderAccepted>()[0].latency_ns, c.latency.submit_ns);
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx(12));
    EXPECT_EQ(f.latency_ns, c.latency.submit_ns);
}

TEST(BarMarket, IocFillsWhatTheOpenAllowsAndExpiresTheRest) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(1);  // 1% of 5000 = 50
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "5000");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(80), {TimeInForce::ioc, ""});
    h.bar(2, "10", "10", "10", "10", "5000");
    EXPECT_EQ(h.order(id).filled_qty, fx(50));
    EXPECT_EQ(h.status(id), S::expired);
    ASSERT_EQ(h.all<OrderExpired>().size(), 1u);
    EXPECT_EQ(h.all<OrderExpired>()[0].reason, ExpireReason::ioc);
}

TEST(BarMarket, FokThatCannotFillCompletelyExpiresWithoutAFill) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(1);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "5000");
    OrderId big = h.engine.market(h.sym, Side::buy, fx(80), {TimeInForce::fok, ""});
    OrderId small = h.engine.market(h.sym, Side::buy, fx(40), {TimeInForce::fok, ""});
    h.bar(2, "10", "10", "10", "10", "5000");
    EXPECT_EQ(h.status(big), S::expired);
    EXPECT_EQ(h.order(big).filled_qty, Fixed());
    EXPECT_EQ(h.all<OrderExpired>().at(0).reason, ExpireReason::fok);
    EXPECT_EQ(h.status(small), S::filled);  // 40 <= the 50 the bar allows
}

// --- Limit ---

TEST(BarLimit, BuyFillsAtTheLimitWhenThePathReachesIt) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(10), fx("9.8"));
    // O 10, H 10.4 (0.4 away), L 9.5 (0.5 away): path O-H-L-C; 9.8 is met on H->L.
    h.bar(2, "10", "10.4", "9.5", "10.2");
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx("9.8"));
    EXPECT_EQ(f.trigger_price, fx("9.8"));
    EXPECT_EQ(f.leg, PathLeg::to_second_extreme);
    EXPECT_EQ(f.gap, GapRule::none);
}

TEST(BarLimit, BuyOpeningThroughTheLimitFillsAtTheOpen) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(10), fx("9.8"));
    h.bar(2, "9.6", "10", "9.5", "9.9");
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx("9.6"));
    EXPECT_EQ(f.leg, PathLeg::open);
    EXPECT_EQ(f.gap, GapRule::through_limit);
}

TEST(BarLimit, NoFillWhenThePathStaysAway) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId buy = h.engine.limit(h.sym, Side::buy, fx(10), fx("9.8"));
    OrderId sell = h.engine.limit(h.sym, Side::sell, fx(10), fx("10.5"));
    h.bar(2, "10", "10.49", "9.81", "10.2");
    EXPECT_TRUE(h.fills().empty());
    EXPECT_EQ(h.status(buy), S::open);
    EXPECT_EQ(h.status(sell), S::open);
    EXPECT_EQ(h.engine.working_order_count(h.sym), 2u);
}

TEST(BarLimit, SellMirrorsBuy) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId reached = h.engine.limit(h.sym, Side::sell, fx(1), fx("10.3"));
    h.bar(2, "10", "10.5", "9.9", "10.1");  // L first (0.1 away), then up to H: 10.3 on L->H
    EXPECT_EQ(h.fills_of(reached).at(0).price, fx("10.3"));
    EXPECT_EQ(h.fills_of(reached).at(0).leg, PathLeg::to_second_extreme);
    OrderId gapped = h.engine.limit(h.sym, Side::sell, fx(1), fx("10.3"));
    h.bar(3, "10.7", "10.9", "10.6", "10.8");
    EXPECT_EQ(h.fills_of(gapped).at(0).price, fx("10.7"));
    EXPECT_EQ(h.fills_of(gapped).at(0).gap, GapRule::through_limit);
}

TEST(BarLimit, PartialFillsKeepTheLimitPrice) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(10);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "100");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(25), fx("9.8"));
    h.bar(2, "10", "10.1", "9.7", "9.9", "100");  // 10 of 25 at 9.8
    h.bar(3, "10", "10.1", "9.9", "10", "100");   // not reached
    h.bar(4, "9.5", "9.9", "9.4", "9.6", "100");  // opens through: 10 at 9.5
    h.bar(5, "9.7", "9.9", "9.6", "9.8", "100");  // opens through: the last 5 at 9.7
    auto fills = h.fills_of(id);
    ASSERT_EQ(fills.size(), 3u);
    EXPECT_EQ(fills[0].price, fx("9.8"));
    EXPECT_EQ(fills[1].price, fx("9.5"));
    EXPECT_EQ(fills[2].qty, fx(5));
    EXPECT_EQ(fills[2].price, fx("9.7"));
    // (10 x 9.8 + 10 x 9.5 + 5 x 9.7) / 25 = 241.5 / 25
    EXPECT_EQ(h.order(id).avg_fill_price, fx("9.66"));
    EXPECT_EQ(h.status(id), S::filled);
}

TEST(BarLimit, SlippageNeverPassesTheLimit) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::percent;
    c.slippage.amount = fx(1);  // 1%
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    OrderId at_limit = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.8"));
    OrderId improved = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.8"));
    (void)improved;
    h.bar(2, "9.75", "9.9", "9.6", "9.7");  // opens at 9.75 through 9.8: 9.75 + 1% -> capped 9.8
    EXPECT_EQ(h.fills_of(at_limit).at(0).price, fx("9.8"));
    EXPECT_EQ(h.fills_of(at_limit).at(0).slippage, fx("0.05"));
    EXPECT_EQ(h.fills_of(at_limit).at(0).base_price, fx("9.75"));
    OrderId reached = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.5"));
    h.bar(3, "9.7", "9.8", "9.4", "9.6");  // met at the limit itself: no room to slip
    EXPECT_EQ(h.fills_of(reached).at(0).price, fx("9.5"));
    EXPECT_EQ(h.fills_of(reached).at(0).slippage, Fixed());
}

TEST(BarLimit, DayOrderOnDailyBarsLivesForOneBar) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx("9"), {TimeInForce::day, ""});
    h.bar(2, "10", "10.5", "9.5", "10");  // its day: not reached
    EXPECT_EQ(h.status(id), S::open);
    h.clear();
    h.bar(3, "8.5", "9", "8", "8.8");  // would fill at the open, but day 2 is over
    EXPECT_EQ(h.status(id), S::expired);
    EXPECT_TRUE(h.fills().empty());
    EXPECT_EQ(h.names().front(), "order_expired");  // before any evaluation of day 3
}

TEST(BarLimit, DayOrderOnIntradayBarsExpiresAtMidnightUtc) {
    Harness h;
    h.bar_at(at_second(1, 10 * 3600), "10", "10", "10", "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx("9"), {TimeInForce::day, ""});
    h.bar_at(at_second(1, 11 * 3600), "10", "10.2", "9.8", "10");
    h.bar_at(at_second(1, 23 * 3600), "10", "10.2", "9.8", "10");
    EXPECT_EQ(h.status(id), S::open);
    h.bar_at(at_second(2, 9 * 3600), "8", "9", "7", "8");
    EXPECT_EQ(h.status(id), S::expired);
    EXPECT_EQ(h.order(id).updated_ts, at_second(2, 9 * 3600));
}

TEST(BarLimit, GtcKeepsWorking) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx("9"));
    for (int d = 2; d < 30; ++d)
        h.bar(d, "10", "10.5", "9.5", "10");
    EXPECT_EQ(h.status(id), S::open);
    h.bar(30, "10", "10", "8.5", "9");
    EXPECT_EQ(h.status(id), S::filled);
}

TEST(BarLimit, IocLimitOnlyLooksAtTheOpen) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId missed = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.8"), {TimeInForce::ioc, ""});
    h.bar(2, "10", "10.1", "9.5", "9.9");  // reached later in the bar: too late for IOC
    EXPECT_EQ(h.status(missed), S::expired);
    EXPECT_TRUE(h.fills().empty());
    OrderId taken = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.8"), {TimeInForce::ioc, ""});
    h.bar(3, "9.7", "9.9", "9.6", "9.8");
    EXPECT_EQ(h.status(taken), S::filled);
    EXPECT_EQ(h.fills_of(taken).at(0).price, fx("9.7"));
}

// --- Stop ---

TEST(BarStop, BuyStopFillsAtTheStopWhenThePathReachesIt) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.stop(h.sym, Side::buy, fx(1), fx("10.2"));
    h.bar(2, "10", "10.5", "9.9", "10.3");  // L first (0.1 away), then up through 10.2
    ASSERT_EQ(h.all<OrderTriggered>().size(), 1u);
    EXPECT_EQ(h.all<OrderTriggered>()[0].trigger_price, fx("10.2"));
    EXPECT_EQ(h.all<OrderTriggered>()[0].leg, PathLeg::to_second_extreme);
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx("10.2"));
    EXPECT_EQ(f.gap, GapRule::none);
    EXPECT_EQ(h.status(id), S::filled);
}

TEST(BarStop, ClassicBugAStopGappingThroughFillsAtTheOpenNotTheStop) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId buy = h.engine.stop(h.sym, Side::buy, fx(1), fx("10.2"));
    h.bar(2, "10.6", "10.9", "10.5", "10.7");
    Fill f = h.fills_of(buy).at(0);
    EXPECT_EQ(f.price, fx("10.6"));
    EXPECT_NE(f.price, fx("10.2"));
    EXPECT_EQ(f.gap, GapRule::gap_through_stop);
    EXPECT_EQ(f.trigger_price, fx("10.2"));
    EXPECT_EQ(f.leg, PathLeg::open);
    OrderId sell = h.engine.stop(h.sym, Side::sell, fx(1), fx("10.4"));
    h.bar(3, "9.9", "10.1", "9.8", "10");
    EXPECT_EQ(h.fills_of(sell).at(0).price, fx("9.9"));
    EXPECT_EQ(h.fills_of(sell).at(0).gap, GapRule::gap_through_stop);
}

TEST(BarStop, NoTriggerWhenThePathStaysBelow) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.stop(h.sym, Side::buy, fx(1), fx("10.2"));
    h.bar(2, "10", "10.19", "9.8", "10");
    EXPECT_EQ(h.status(id), S::open);
    EXPECT_TRUE(h.all<OrderTriggered>().empty());
}

TEST(BarStop, TickSlippageOnAStopIsCappedAtTheHigh) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::ticks;
    c.slippage.amount = fx(5);
    InstrumentSpec spec = Harness::default_spec();
    spec.tick_size = fx("0.01");
    Harness h(c, spec);
    h.bar(1, "10", "10", "10", "10");
    OrderId a = h.engine.stop(h.sym, Side::buy, fx(1), fx("10.2"));
    h.bar(2, "10", "10.5", "9.9", "10.3");  // 10.2 + 5 x 0.01 = 10.25
    EXPECT_EQ(h.fills_of(a).at(0).price, fx("10.25"));
    EXPECT_EQ(h.fills_of(a).at(0).slippage, fx("0.05"));
    OrderId b = h.engine.stop(h.sym, Side::buy, fx(1), fx("10.5"));
    h.bar(3, "10.3", "10.52", "10.2", "10.4");  // 10.5 + 0.05 capped at 10.52
    EXPECT_EQ(h.fills_of(b).at(0).price, fx("10.52"));
}

TEST(BarStop, PartiallyFilledStopRemainderFillsAtTheNextOpen) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(10);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "100");
    OrderId id = h.engine.stop(h.sym, Side::sell, fx(15), fx("9.5"));
    h.bar(2, "10", "10.1", "9.2", "9.3", "100");  // triggers at 9.5: 10 of 15
    EXPECT_EQ(h.status(id), S::partially_filled);
    EXPECT_TRUE(h.order(id).triggered);
    h.bar(3, "9.6", "9.9", "9.5", "9.7", "100");  // the rest is a market order: open 9.6
    EXPECT_EQ(h.fills_of(id).at(1).price, fx("9.6"));
    EXPECT_EQ(h.fills_of(id).at(1).qty, fx(5));
    EXPECT_EQ(h.all<OrderTriggered>().size(), 1u);
}

// --- Stop-limit ---

TEST(BarStopLimit, TriggersAndFillsOnTheSameBar) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.stop_limit(h.sym, Side::buy, fx(1), fx("10.2"), fx("10.3"));
    h.bar(2, "10", "10.5", "9.9", "10.3");  // up through 10.2 on L->H: marketable at 10.2
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx("10.2"));
    EXPECT_EQ(f.leg, PathLeg::to_second_extreme);
    EXPECT_EQ(f.trigger_price, fx("10.3"));
}

TEST(BarStopLimit, GapAboveTheLimitThenFillsAtTheLimitLaterInTheBar) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.stop_limit(h.sym, Side::buy, fx(1), fx("10.2"), fx("10.3"));
    // O 10.6 triggers at once; H 10.7 is nearer than L 10.1: O-H-L-C; 10.3 is met on H->L.
    h.bar(2, "10.6", "10.7", "10.1", "10.2");
    OrderTriggered t = h.all<OrderTriggered>().at(0);
    EXPECT_EQ(t.leg, PathLeg::open);
    EXPECT_EQ(t.market_price, fx("10.6"));
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx("10.3"));
    EXPECT_EQ(f.leg, PathLeg::to_second_extreme);
}

TEST(BarStopLimit, TriggeredButNotFilledWorksAsALimitFromTheNextBar) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.stop_limit(h.sym, Side::buy, fx(1), fx("10.2"), fx("10.3"));
    h.bar(2, "10.6", "10.8", "10.5", "10.7");
    EXPECT_EQ(h.status(id), S::triggered);
    EXPECT_TRUE(h.fills().empty());
    h.bar(3, "10.25", "10.4", "10.2", "10.3");
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("10.25"));
    EXPECT_EQ(h.fills_of(id).at(0).gap, GapRule::through_limit);
}

TEST(BarStopLimit, SellStopLimitMirrors) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.stop_limit(h.sym, Side::sell, fx(1), fx("9.8"), fx("9.7"));
    // O 10, H 10.1 (0.1), L 9.5 (0.5): O-H-L-C; triggers at 9.8 on H->L, marketable at 9.8.
    h.bar(2, "10", "10.1", "9.5", "9.6");
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("9.8"));
    OrderId gap = h.engine.stop_limit(h.sym, Side::sell, fx(1), fx("9.4"), fx("9.3"));
    h.bar(3, "9.2", "9.25", "9", "9.1");  // gaps below the limit: triggered, not filled
    EXPECT_EQ(h.status(gap), S::triggered);
}

// --- Trailing stop ---

TEST(BarTrailing, SellTrailingByOffsetFollowsThePathThenTriggers) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.trailing_stop_offset(h.sym, Side::sell, fx(1), fx(1));
    EXPECT_EQ(h.order(id).stop_price, fx(9));  // anchored at the last price 10
    // O 10.5, L 10.3 (0.2 away) first, then H 12 (stop 11), then down to C 11: triggers at 11.
    h.bar(2, "10.5", "12", "10.3", "11");
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx(11));
    EXPECT_EQ(f.leg, PathLeg::to_close);
    EXPECT_EQ(h.all<OrderTriggered>().at(0).trigger_price, fx(11));
}

TEST(BarTrailing, PercentTrailingAndTheStopMovingWithoutATrigger) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.trailing_stop_percent(h.sym, Side::sell, fx(1), fx(10));
    EXPECT_EQ(h.order(id).stop_price, fx(9));
    h.bar(2, "10", "10.5", "9.8", "10.4");  // best 10.5: stop 9.45; low 9.8 stays above
    EXPECT_EQ(h.status(id), S::open);
    EXPECT_EQ(h.order(id).stop_price, fx("9.45"));
    ASSERT_EQ(h.all<OrderModified>().size(), 1u);
    EXPECT_EQ(h.all<OrderModified>()[0].reason, ModifyReason::trail_moved);
    EXPECT_EQ(h.all<OrderModified>()[0].stop_price, fx("9.45"));
    // O 10 -> L 9.9 -> H 15 (stop 13.5) -> C 13: triggers at 13.5 on the way to the close.
    h.bar(3, "10", "15", "9.9", "13");
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("13.5"));
}

TEST(BarTrailing, BuyTrailingGapsThroughAtTheOpen) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.trailing_stop_offset(h.sym, Side::buy, fx(1), fx("0.5"));
    EXPECT_EQ(h.order(id).stop_price, fx("10.5"));
    h.bar(2, "11", "11.2", "10.9", "11.1");
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, fx(11));
    EXPECT_EQ(f.gap, GapRule::gap_through_stop);
}

}  // namespace
}  // namespace dsl::engine::test
