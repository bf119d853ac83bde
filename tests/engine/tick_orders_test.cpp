// Tick mode, order by order type: buys fill at the ask and sells at the bid when quoted, stops
// trigger on the trade price, liquidity per tick, latency in milliseconds, cancel races.
#include <gtest/gtest.h>

#include "harness.h"

namespace dsl::engine::test {
namespace {

using S = OrderStatus;

Timestamp ms(int n) {
    return day(1) + n * 1'000'000LL;
}

TEST(TickMarket, BuysAtTheAskSellsAtTheBidNeverOnThePlacingTick) {
    Harness h;
    h.tick(ms(0), "10", "100", "9.99", "10.01");
    OrderId buy = h.engine.market(h.sym, Side::buy, fx(5));
    OrderId sell = h.engine.market(h.sym, Side::sell, fx(2));
    EXPECT_TRUE(h.fills().empty());
    h.tick(ms(1), "10.02", "100", "10.01", "10.03");
    EXPECT_EQ(h.fills_of(buy).at(0).price, fx("10.03"));
    EXPECT_EQ(h.fills_of(buy).at(0).leg, PathLeg::tick);
    EXPECT_EQ(h.fills_of(sell).at(0).price, fx("10.01"));
}

TEST(TickMarket, WithoutAQuoteTheTradePriceIsUsed) {
    Harness h;
    h.tick(ms(0), "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(5));
    h.tick(ms(0), "10.5");  // same timestamp, but a later event: orders work from the next tick
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("10.5"));
}

TEST(TickLimit, FillsAtTheQuoteWhenItIsAtOrBetterThanTheLimit) {
    Harness h;
    h.tick(ms(0), "10.1", "100", "10.09", "10.11");
    OrderId buy = h.engine.limit(h.sym, Side::buy, fx(1), fx(10));
    OrderId sell = h.engine.limit(h.sym, Side::sell, fx(1), fx("10.2"));
    h.tick(ms(1), "10", "100", "9.99", "10.01");  // trade at 10 but the ask 10.01 is above
    EXPECT_TRUE(h.fills().empty());
    h.tick(ms(2), "9.99", "100", "9.98", "9.995");
    EXPECT_EQ(h.fills_of(buy).at(0).price, fx("9.995"));
    EXPECT_EQ(h.fills_of(buy).at(0).gap, GapRule::through_limit);
    h.tick(ms(3), "10.2", "100", "10.2", "10.21");
    EXPECT_EQ(h.fills_of(sell).at(0).price, fx("10.2"));
    EXPECT_EQ(h.fills_of(sell).at(0).gap, GapRule::none);
}

TEST(TickStop, TriggersOnTheTradeAndFillsAtTheWorseOfStopAndAsk) {
    Harness h;
    h.tick(ms(0), "10");
    OrderId a = h.engine.stop(h.sym, Side::buy, fx(1), fx("10.2"));
    OrderId gap = h.engine.stop(h.sym, Side::sell, fx(1), fx("9.5"));
    h.tick(ms(1), "10.19", "100", "10.18", "10.2");  // the ask touches 10.2, the trade does not
    EXPECT_EQ(h.status(a), S::open);
    h.tick(ms(2), "10.2", "100", "10.19", "10.21");
    EXPECT_EQ(h.fills_of(a).at(0).price, fx("10.21"));
    EXPECT_EQ(h.fills_of(a).at(0).trigger_price, fx("10.2"));
    h.tick(ms(3), "9.3");  // jumps through 9.5: fills at 9.3, not at the stop
    EXPECT_EQ(h.fills_of(gap).at(0).price, fx("9.3"));
    EXPECT_EQ(h.fills_of(gap).at(0).gap, GapRule::gap_through_stop);
}

TEST(TickStopLimit, WaitsAsALimitWhenTheQuoteIsBeyondIt) {
    Harness h;
    h.tick(ms(0), "10");
    OrderId id = h.engine.stop_limit(h.sym, Side::buy, fx(1), fx("10.2"), fx("10.25"));
    h.tick(ms(1), "10.3", "100", "10.29", "10.31");  // triggered, ask above the limit
    EXPECT_EQ(h.status(id), S::triggered);
    h.tick(ms(2), "10.24", "100", "10.23", "10.25");
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("10.25"));
    EXPECT_EQ(h.all<OrderTriggered>().size(), 1u);
}

TEST(TickTrailing, FollowsTheBestTradeThenTriggers) {
    Harness h;
    h.tick(ms(0), "10");
    OrderId id = h.engine.trailing_stop_offset(h.sym, Side::sell, fx(1), fx(1));
    h.tick(ms(1), "10.5");
    h.tick(ms(2), "11");
    EXPECT_EQ(h.order(id).stop_price, fx(10));
    h.tick(ms(3), "10.5");
    EXPECT_EQ(h.status(id), S::open);
    h.tick(ms(4), "9.99");
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("9.99"));
    EXPECT_EQ(h.all<OrderModified>().size(), 2u);  // stop 9.5 then 10
}

TEST(TickLiquidity, PartialFillsCappedByEachTicksSize) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::tick_size;
    c.liquidity.percent = fx(50);
    Harness h(c);
    h.tick(ms(0), "10", "100");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(120));
    h.tick(ms(1), "10.1", "100");
    h.tick(ms(2), "10.2", "0");  // nothing traded, nothing filled
    h.tick(ms(3), "10.3", "100");
    h.tick(ms(4), "10.4", "100");
    auto fills = h.fills_of(id);
    ASSERT_EQ(fills.size(), 3u);
    EXPECT_EQ(fills[0].qty, fx(50));
    EXPECT_EQ(fills[1].qty, fx(50));
    EXPECT_EQ(fills[1].price, fx("10.3"));
    EXPECT_EQ(fills[2].qty, fx(20));
    EXPECT_EQ(h.status(id), S::filled);
    // (50 x 10.1 + 50 x 10.3 + 20 x 10.4) / 120 = 1228 / 120
    EXPECT_EQ(h.order(id).avg_fill_price, fx("10.23333333"));
}

TEST(TickLiquidity, OneTicksCapIsSharedInSubmissionOrder) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::tick_size;
    Harness h(c);
    h.tick(ms(0), "10", "100");
    OrderId first = h.engine.market(h.sym, Side::buy, fx(70));
    OrderId second = h.engine.market(h.sym, Side::buy, fx(70));
    h.tick(ms(1), "10", "100");
    EXPECT_EQ(h.order(first).filled_qty, fx(70));
    EXPECT_EQ(h.order(second).filled_qty, fx(30));
}

TEST(TickLatency, OrderWorksOnceItsLatencyElapsed) {
    EngineConfig c;
    c.latency.submit_ns = 50'000'000;  // 50 ms
    Harness h(c);
    h.tick(ms(0), "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(1));
    h.tick(ms(10), "10.1");
    EXPECT_EQ(h.status(id), S::pending);
    h.tick(ms(50), "10.2");
    EXPECT_EQ(h.fills_of(id).at(0).price, fx("10.2"));
    EXPECT_EQ(h.fills_of(id).at(0).latency_ns, 50'000'000);
}

TEST(TickCancel, AFillWinsTheRaceAgainstACancelInFlight) {
    EngineConfig c;
    c.latency.cancel_ns = 30'000'000;  // 30 ms
    Harness h(c);
    h.tick(ms(0), "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.9"));
    EXPECT_TRUE(h.engine.cancel(id));
    ASSERT_EQ(h.all<CancelRequested>().size(), 1u);
    EXPECT_EQ(h.all<CancelRequested>()[0].effective_at, ms(30));
    h.tick(ms(20), "9.9");  // before the cancel arrives
    EXPECT_EQ(h.status(id), S::filled);
    h.tick(ms(40), "9.8");
    auto rejected = h.all<CommandRejected>();
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_EQ(rejected[0].reason, RejectReason::cancel_too_late);
    EXPECT_EQ(rejected[0].id, id);
}

TEST(TickCancel, ACancelThatArrivesFirstWins) {
    EngineConfig c;
    c.latency.cancel_ns = 30'000'000;
    Harness h(c);
    h.tick(ms(0), "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.9"));
    h.engine.cancel(id);
    h.clear();
    h.tick(ms(40), "9.8");  // would fill, but the cancel took effect at 30 ms
    EXPECT_EQ(h.status(id), S::canceled);
    EXPECT_TRUE(h.fills().empty());
    EXPECT_EQ(h.names().front(), "order_canceled");
}

TEST(TickTimeInForce, IocAndFokUseOnlyTheFirstTick) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::tick_size;
    Harness h(c);
    h.tick(ms(0), "10", "100");
    OrderId ioc = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.9"), {TimeInForce::ioc, ""});
    OrderId fok = h.engine.market(h.sym, Side::buy, fx(150), {TimeInForce::fok, ""});
    h.tick(ms(1), "10", "100");
    h.tick(ms(2), "9.8", "100");
    EXPECT_EQ(h.status(ioc), S::expired);
    EXPECT_EQ(h.status(fok), S::expired);
    EXPECT_TRUE(h.fills().empty());
}

TEST(TickTimeInForce, DayExpiresAtTheFirstTickOfTheNextDay) {
    Harness h;
    h.tick(at_second(1, 36'000), "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx(9), {TimeInForce::day, ""});
    h.tick(at_second(1, 36'001), "10");
    h.tick(at_second(1, 86'399), "9.5");
    EXPECT_EQ(h.status(id), S::open);
    h.tick(at_second(2, 1), "8");
    EXPECT_EQ(h.status(id), S::expired);
}

TEST(TickTimeInForce, SessionOffsetMovesTheDayBoundary) {
    EngineConfig c;
    c.session_offset_ns = 2 * 3600 * kNanosPerSecond;  // days start at 22:00 UTC
    Harness h(c);
    h.tick(at_second(1, 20 * 3600), "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx(9), {TimeInForce::day, ""});
    h.tick(at_second(1, 21 * 3600), "10");
    h.tick(at_second(1, 22 * 3600), "10");  // 22:00 UTC: a new trading day
    EXPECT_EQ(h.status(id), S::expired);
}

}  // namespace
}  // namespace dsl::engine::test
