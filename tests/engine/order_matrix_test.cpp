// The order-type matrix: every order type, in bar mode and in tick mode, through partial fills
// over several events, slippage, latency, a cancel racing a fill (both outcomes) and expiry.
//
// All orders are buys placed when the price is 10:
//   market; limit 9.8; stop 10.2; stop-limit stop 10.2 limit 10.3; trailing stop offset 0.3.
// The "reaching" bar is O 10, H 10.5, L 9.5, C 10.2 (H and L equidistant, close above open:
// the path goes O -> L -> H -> C). Base prices: market 10 (open); limit 9.8 (on the way down);
// stop 10.2 and stop-limit 10.2 (on the way up; 10.2 <= 10.3); trailing: on the way down the
// best price falls to 9.5, so the stop follows to 9.8, and the way up reaches it at 9.8.
// The "reaching" ticks are 9.75 then 10.25: market and limit fill on 9.75 (9.75 < 9.8);
// stop, stop-limit (10.25 <= 10.3) and trailing (best 9.75, stop 10.05) fill on 10.25.
#include <gtest/gtest.h>

#include <ostream>

#include "harness.h"

namespace dsl::engine::test {
namespace {

using S = OrderStatus;

struct Case {
    OrderType type;
    bool ticks;
};
// How gtest shows a case (in test listings, instead of its bytes).
void PrintTo(const Case& c, std::ostream* os) {
    *os << to_string(c.type) << (c.ticks ? " on ticks" : " on bars");
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return std::string(to_string(info.param.type)) + (info.param.ticks ? "_ticks" : "_bars");
}

Timestamp tick_ts(int n) {
    return day(1) + n * 1'000'000LL;
}  // n ms into day 1

class OrderMatrix : public ::testing::TestWithParam<Case> {
  protected:
    OrderType type() const { return GetParam().type; }
    bool ticks() const { return GetParam().ticks; }

    // The market at 10 before the order is placed.
    void setup(Harness& h) {
        if (ticks()) {
            h.tick(tick_ts(0), "10", "100");
        } else {
            h.bar(0, "10", "10", "10", "10", "100");
        }
    }
    OrderId place(Harness& h, Fixed qty = fx(30), OrderOptions opt = {}) {
        Engine& e = h.engine;
        switch (type()) {
            case OrderType::market:
                return e.market(h.sym, Side::buy, qty, opt);
            case OrderType::limit:
                return e.limit(h.sym, Side::buy, qty, fx("9.8"), opt);
            case OrderType::stop:
                return e.stop(h.sym, Side::buy, qty, fx("10.2"), opt);
            case OrderType::stop_limit:
                return e.stop_limit(h.sym, Side::buy, qty, fx("10.2"), fx("10.3"), opt);
            case OrderType::trailing_stop:
                return e.trailing_stop_offset(h.sym, Side::buy, qty, fx("0.3"), opt);
        }
        return kNoOrder;
    }
    // The k-th (from 1) reaching event: bar on day k, or ticks at 2k-1 and 2k ms.
    void reach(Harness& h, int k) {
        if (ticks()) {
            h.tick(tick_ts(2 * k - 1), "9.75", "100");
            h.tick(tick_ts(2 * k), "10.25", "100");
        } else {
            h.bar(k, "10", "10.5", "9.5", "10.2", "100");
        }
    }
    Fixed base_price() const {
        if (ticks()) {
            bool early = type() == OrderType::market || type() == OrderType::limit;
            return early ? fx("9.75") : fx("10.25");
        }
        switch (type()) {
            case OrderType::market:
                return fx(10);
            case OrderType::limit:
            case OrderType::trailing_stop:
                return fx("9.8");
            default:
                return fx("10.2");
        }
    }
    Timestamp ms(double n) const { return static_cast<Timestamp>(n * 1'000'000); }
};

TEST_P(OrderMatrix, FillsAtTheHandComputedPrice) {
    Harness h;
    setup(h);
    OrderId id = place(h);
    EXPECT_TRUE(h.fills().empty()) << "never on the placing event";
    reach(h, 1);
    EXPECT_EQ(h.status(id), S::filled);
    EXPECT_EQ(h.fills_of(id).at(0).price, base_price());
    EXPECT_EQ(h.identity_violations, 0);
}

TEST_P(OrderMatrix, PartialFillsOverSeveralEvents) {
    EngineConfig c;
    c.liquidity.kind = ticks() ? LiquidityKind::tick_size : LiquidityKind::bar_volume;
    c.liquidity.percent = fx(10);  // 10 of the 100 traded per event
    Harness h(c);
    setup(h);
    OrderId id = place(h);
    reach(h, 1);
    EXPECT_EQ(h.fills_of(id).at(0).qty, fx(10));
    EXPECT_EQ(h.fills_of(id).at(0).price, base_price());
    for (int k = 2; k <= 3; ++k)
        reach(h, k);
    auto fills = h.fills_of(id);
    ASSERT_GE(fills.size(), 3u);
    for (const Fill& f : fills)
        EXPECT_EQ(f.qty, fx(10));
    EXPECT_EQ(h.status(id), S::filled);
    EXPECT_EQ(h.order(id).filled_qty, fx(30));
    EXPECT_EQ(h.all<OrderPartiallyFilled>().size(), 2u);
    if (!ticks()) {
        // Remainders: a limit stays a limit (9.8 again); the others are market orders or, for
        // the stop-limit, a limit at 10.3 that the open 10 satisfies: the next open.
        Fixed second = type() == OrderType::limit ? fx("9.8") : fx(10);
        EXPECT_EQ(fills[1].price, second);
    }
}

TEST_P(OrderMatrix, SlippageAgainstTheTraderWithinLimitAndRange) {
    EngineConfig c;
    c.slippage.kind = SlippageKind::fixed;
    c.slippage.amount = fx("0.05");
    Harness h(c);
    setup(h);
    OrderId id = place(h);
    reach(h, 1);
    // Bars: +0.05 except the limit filled at its limit (no room). Ticks: +0.05, the limit capped
    // at 9.8 and the stop-limit at exactly its limit 10.3.
    Fixed expected = base_price() + fx("0.05");
    if (type() == OrderType::limit && !ticks()) expected = fx("9.8");
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, expected);
    EXPECT_EQ(f.base_price, base_price());
    EXPECT_EQ(f.slippage, expected - base_price());
}

TEST_P(OrderMatrix, LatencyDelaysTheFirstEvaluation) {
    EngineConfig c;
    c.latency.submit_ns = ticks() ? ms(2.5) : kNanosPerDay + kNanosPerDay / 2;
    Harness h(c);
    setup(h);
    OrderId id = place(h);
    reach(h, 1);  // still in flight
    EXPECT_EQ(h.status(id), S::pending);
    EXPECT_TRUE(h.fills().empty());
    reach(h, 2);
    Fill f = h.fills_of(id).at(0);
    EXPECT_EQ(f.price, base_price());
    EXPECT_EQ(f.latency_ns, c.latency.submit_ns);
}

TEST_P(OrderMatrix, AFillBeforeTheCancelArrivesWins) {
    EngineConfig c;
    c.latency.cancel_ns = ticks() ? ms(2.5) : kNanosPerDay + kNanosPerDay / 2;
    Harness h(c);
    setup(h);
    OrderId id = place(h);
    EXPECT_TRUE(h.engine.cancel(id));
    reach(h, 1);
    EXPECT_EQ(h.status(id), S::filled);
    reach(h, 2);
    ASSERT_EQ(h.all<CommandRejected>().size(), 1u);
    EXPECT_EQ(h.all<CommandRejected>()[0].reason, RejectReason::cancel_too_late);
}

TEST_P(OrderMatrix, ACancelThatArrivesFirstWins) {
    EngineConfig c;
    c.latency.cancel_ns = ticks() ? ms(0.5) : kNanosPerDay / 2;
    Harness h(c);
    setup(h);
    OrderId id = place(h);
    h.engine.cancel(id);
    reach(h, 1);
    EXPECT_EQ(h.status(id), S::canceled);
    EXPECT_TRUE(h.fills().empty());
}

TEST_P(OrderMatrix, Expiry) {
    if (type() == OrderType::market) {
        // A market order fills at its first point, so its expiry is IOC's: the part the
        // liquidity cap leaves over expires.
        EngineConfig c;
        c.liquidity.kind = ticks() ? LiquidityKind::tick_size : LiquidityKind::bar_volume;
        c.liquidity.percent = fx(10);
        Harness h(c);
        setup(h);
        OrderId id = place(h, fx(30), {TimeInForce::ioc, ""});
        reach(h, 1);
        EXPECT_EQ(h.status(id), S::expired);
        EXPECT_EQ(h.order(id).filled_qty, fx(10));
        return;
    }
    // DAY: placed on day 0, a quiet rest of the day, then the reaching event on day 1/2.
    Harness h;
    setup(h);
    OrderId id = place(h, fx(30), {TimeInForce::day, ""});
    if (ticks()) {
        h.tick(tick_ts(0) + 3600 * kNanosPerSecond, "10", "100");  // its first evaluation
        h.tick(day(2) + 1, "9.75", "100");
        h.tick(day(2) + 2, "10.25", "100");
    } else {
        h.bar(1, "10", "10.01", "9.99", "10", "100");  // its day: not reached
        h.bar(2, "10", "10.5", "9.5", "10.2", "100");
    }
    EXPECT_EQ(h.status(id), S::expired);
    EXPECT_TRUE(h.fills().empty());
    EXPECT_EQ(h.all<OrderExpired>().at(0).reason, ExpireReason::day);
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, OrderMatrix,
    ::testing::Values(Case{OrderType::market, false}, Case{OrderType::limit, false},
                      Case{OrderType::stop, false}, Case{OrderType::stop_limit, false},
                      Case{OrderType::trailing_stop, false}, Case{OrderType::market, true},
                      Case{OrderType::limit, true}, Case{OrderType::stop, true},
                      Case{OrderType::stop_limit, true}, Case{OrderType::trailing_stop, true}),
    case_name);

}  // namespace
}  // namespace dsl::engine::test
