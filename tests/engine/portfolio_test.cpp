// Portfolio accounting: long, short, add, reduce, reverse through zero, commission, multiplier,
// buying power, margin calls and several symbols; the equity identity after every step.
#include "engine/portfolio.h"

#include <gtest/gtest.h>

#include "harness.h"

namespace dsl::engine::test {
namespace {

void expect_identity(const Portfolio& p) {
    EXPECT_EQ(p.equity(),
              p.starting_cash() + p.realized_pnl() + p.unrealized_pnl() - p.commission());
    std::size_t open = 0;
    for (SymbolId s = 0; s < p.symbol_count(); ++s)
        open += p.has_position(s);
    EXPECT_EQ(p.open_positions(), open);
}

Portfolio cash_portfolio(const char* cash = "100000") {
    Portfolio p(fx(cash), AccountConfig{});
    p.add_symbol(fx(1), fx(1), fx(1));
    return p;
}

TEST(Portfolio, Long) {
    Portfolio p = cash_portfolio();
    p.apply_fill(0, Side::buy, fx(100), fx(10), Fixed());
    p.mark(0, fx(12));
    EXPECT_EQ(p.cash(), fx(99'000));
    EXPECT_EQ(p.unrealized_pnl(), fx(200));
    EXPECT_EQ(p.equity(), fx(100'200));
    EXPECT_EQ(p.position(0).avg_price, fx(10));
    EXPECT_EQ(p.position(0).market_value, fx(1200));
    expect_identity(p);
}

TEST(Portfolio, Short) {
    Portfolio p = cash_portfolio();
    p.apply_fill(0, Side::sell, fx(100), fx(10), Fixed());
    p.mark(0, fx(9));
    EXPECT_EQ(p.cash(), fx(101'000));
    EXPECT_EQ(p.position(0).qty, fx(-100));
    EXPECT_EQ(p.position(0).cost_basis, fx(-1000));
    EXPECT_EQ(p.unrealized_pnl(), fx(100));
    EXPECT_EQ(p.equity(), fx(100'100));
    expect_identity(p);
    FillEffect cover = p.apply_fill(0, Side::buy, fx(100), fx(9), Fixed());
    EXPECT_EQ(cover.realized_pnl, fx(100));
    EXPECT_EQ(p.cash(), fx(100'100));
    EXPECT_EQ(p.unrealized_pnl(), Fixed());
    expect_identity(p);
}

TEST(Portfolio, AddReduceAndReverseThroughZero) {
    Portfolio p = cash_portfolio();
    p.apply_fill(0, Side::buy, fx(100), fx(10), Fixed());
    p.apply_fill(0, Side::buy, fx(50), fx(13), Fixed());
    EXPECT_EQ(p.position(0).avg_price, fx(11));  // (1000 + 650) / 150
    FillEffect reduce = p.apply_fill(0, Side::sell, fx(60), fx(12), Fixed());
    // Basis removed 1650 x 60 / 150 = 660; proceeds 720.
    EXPECT_EQ(reduce.realized_pnl, fx(60));
    EXPECT_EQ(reduce.qty_after, fx(90));
    EXPECT_EQ(p.position(0).cost_basis, fx(990));
    EXPECT_EQ(p.position(0).avg_price, fx(11));
    expect_identity(p);
    // Sell 200 at 12 while long 90: close 90 (realize 1080 - 990 = 90), open 110 short at 12.
    FillEffect reverse = p.apply_fill(0, Side::sell, fx(200), fx(12), Fixed());
    EXPECT_EQ(reverse.realized_pnl, fx(90));
    EXPECT_EQ(reverse.qty_after, fx(-110));
    EXPECT_EQ(reverse.avg_price_after, fx(12));
    EXPECT_EQ(p.position(0).cost_basis, fx(-1320));
    EXPECT_EQ(p.realized_pnl(), fx(150));
    p.mark(0, fx(11));
    EXPECT_EQ(p.unrealized_pnl(), fx(110));
    expect_identity(p);
}

TEST(Portfolio, FractionalAveragesRoundButTheIdentityStaysExact) {
    Portfolio p = cash_portfolio();
    p.apply_fill(0, Side::buy, fx(3), fx("10.000001"), fx("0.01"));
    p.apply_fill(0, Side::buy, fx(7), fx("10.000002"), fx("0.01"));
    // basis 30.000003 + 70.000014 = 100.000017 over 10 units
    EXPECT_EQ(p.position(0).avg_price, fx("10.0000017"));
    FillEffect f = p.apply_fill(0, Side::sell, fx(3), fx("10.5"), Fixed());
    // removed 100.000017 x 3 / 10 = 30.0000051; realized 31.5 - 30.0000051
    EXPECT_EQ(f.realized_pnl, fx("1.4999949"));
    p.mark(0, fx("9.123457"));
    expect_identity(p);
    EXPECT_EQ(p.commission(), fx("0.02"));
}

TEST(Portfolio, MultiplierScalesValueAndPnl) {
    Portfolio p(fx(100'000), AccountConfig{});
    p.add_symbol(fx(50), fx(1), fx(1));
    p.apply_fill(0, Side::buy, fx(2), fx(100), Fixed());
    EXPECT_EQ(p.cash(), fx(90'000));
    EXPECT_EQ(p.position(0).avg_price, fx(100));
    p.mark(0, fx(101));
    EXPECT_EQ(p.unrealized_pnl(), fx(100));
    expect_identity(p);
}

TEST(Portfolio, CashAccountNeedsFullCollateralForLongsAndShorts) {
    Portfolio p = cash_portfolio("1000");
    EXPECT_TRUE(p.can_afford(0, Side::buy, fx(100), fx(10), Fixed()));
    EXPECT_FALSE(p.can_afford(0, Side::buy, fx(100), fx(10), fx("0.01")));
    EXPECT_TRUE(p.can_afford(0, Side::sell, fx(100), fx(10), Fixed()));
    EXPECT_FALSE(p.can_afford(0, Side::sell, fx(101), fx(10), Fixed()));
    p.apply_fill(0, Side::buy, fx(100), fx(10), Fixed());
    EXPECT_FALSE(p.increases_exposure(0, Side::sell, fx(100)));
    EXPECT_TRUE(p.can_afford(0, Side::sell, fx(100), fx(1), Fixed()));  // closing is always fine
    EXPECT_TRUE(p.increases_exposure(0, Side::sell, fx(101)));
    EXPECT_EQ(p.buying_power(), Fixed());
}

TEST(Portfolio, MarginAccountLeverageAndMaintenance) {
    AccountConfig a;
    a.kind = AccountKind::margin;
    Portfolio p(fx(10'000), a);
    p.add_symbol(fx(1), fx("0.5"), fx("0.25"));
    EXPECT_EQ(p.buying_power(), fx(20'000));
    EXPECT_TRUE(p.can_afford(0, Side::buy, fx(400), fx(50), Fixed()));  // 20,000 x 0.5
    EXPECT_FALSE(p.can_afford(0, Side::buy, fx(401), fx(50), Fixed()));
    p.apply_fill(0, Side::buy, fx(300), fx(50), Fixed());
    EXPECT_EQ(p.margin_used(), fx(7500));
    EXPECT_EQ(p.buying_power(), fx(5000));  // (10,000 - 7,500) / 0.5
    p.mark(0, fx(30));                      // equity 4,000 >= maintenance 2,250
    EXPECT_FALSE(p.below_maintenance());
    p.mark(0, fx(20));  // equity 1,000 < maintenance 1,500
    EXPECT_EQ(p.equity(), fx(1000));
    EXPECT_EQ(p.maintenance_margin(), fx(1500));
    EXPECT_TRUE(p.below_maintenance());
    expect_identity(p);
}

// The change counters promise: equal counts, equal snapshots. So every fill and every mark
// of an open position moves them; a mark of a flat position moves only position_changes of
// nothing (it shows in no snapshot field but the flat position's own mark).
TEST(Portfolio, ChangeCountersMoveExactlyWhenASnapshotCan) {
    Portfolio p(fx(100'000), AccountConfig{});
    p.add_symbol(fx(1), fx(1), fx(1));
    p.add_symbol(fx(1), fx(1), fx(1));
    const std::uint64_t start = p.changes();
    p.mark(0, fx(10));  // flat: nothing a snapshot lists changes
    EXPECT_EQ(p.changes(), start);
    EXPECT_EQ(p.position_changes(0), 0u);

    p.apply_fill(0, Side::buy, fx(5), fx(10), fx("0.5"));
    EXPECT_GT(p.changes(), start);
    const std::uint64_t after_fill = p.changes();
    const std::uint64_t position_after_fill = p.position_changes(0);
    EXPECT_GT(position_after_fill, 0u);
    EXPECT_EQ(p.position_changes(1), 0u);  // the other symbol's position did not move

    const PortfolioSnapshot before = p.snapshot(0);
    p.mark(0, fx(11));  // an open position re-marked: value, unrealized PnL and equity move
    EXPECT_GT(p.changes(), after_fill);
    EXPECT_GT(p.position_changes(0), position_after_fill);
    EXPECT_NE(p.snapshot(0), before);

    const std::uint64_t marked = p.changes();
    p.mark(1, fx(99));  // the flat symbol again
    p.mark(0, fx(11));  // the open position at the price it is marked at already
    EXPECT_EQ(p.changes(), marked);
    EXPECT_EQ(p.position_changes(1), 0u);
}

TEST(EnginePortfolio, CommissionPercentPerFill) {
    EngineConfig c;
    c.commission.kind = CommissionKind::percent;
    c.commission.rate = fx("0.1");
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    h.engine.market(h.sym, Side::buy, fx(100));
    h.bar(2, "10", "12", "10", "12");
    h.engine.market(h.sym, Side::sell, fx(100));
    h.bar(3, "12", "12", "12", "12");
    auto fills = h.fills();
    EXPECT_EQ(fills[0].commission, fx(1));      // 0.1% of 1,000
    EXPECT_EQ(fills[1].commission, fx("1.2"));  // 0.1% of 1,200
    PortfolioSnapshot p = h.engine.portfolio();
    EXPECT_EQ(p.realized_pnl, fx(200));
    EXPECT_EQ(p.commission, fx("2.2"));
    EXPECT_EQ(p.equity, fx("100197.8"));
    EXPECT_EQ(h.engine.position(h.sym).commission, fx("2.2"));
    EXPECT_EQ(h.identity_violations, 0);
    EXPECT_TRUE(h.all<MarketDataRejected>().empty());
}

TEST(EnginePortfolio, PositionChangedAfterTheFillsOfAnEvent) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    h.engine.market(h.sym, Side::buy, fx(10));
    h.engine.market(h.sym, Side::buy, fx(30));
    h.clear();
    h.bar(2, "10", "11", "9", "10.5");
    auto names = h.names();
    EXPECT_EQ(names.back(), "position_changed");
    auto changed = h.all<PositionChanged>();
    ASSERT_EQ(changed.size(), 1u);
    EXPECT_EQ(changed[0].qty, fx(40));
    EXPECT_EQ(changed[0].avg_price, fx(10));
    EXPECT_EQ(changed[0].unrealized_pnl, fx(20));  // marked at the close 10.5
    auto fills = h.fills();
    EXPECT_EQ(fills[1].position_after, fx(40));
    EXPECT_EQ(fills[0].position_after, fx(10));
}

TEST(EnginePortfolio, MarginCallCancelsOrdersAndLiquidates) {
    EngineConfig c;
    c.starting_cash = fx(10'000);
    c.account.kind = AccountKind::margin;
    Harness h(c);
    h.bar(1, "50", "50", "50", "50");
    h.engine.market(h.sym, Side::buy, fx(300));  // 15,000 with 10,000 equity at 50% initial
    h.bar(2, "50", "50", "50", "50");
    OrderId resting = h.engine.limit(h.sym, Side::buy, fx(1), fx(10));
    h.bar(3, "30", "31", "29", "30");  // equity 4,000 >= 2,250
    EXPECT_TRUE(h.all<MarginCall>().empty());
    h.bar(4, "25", "26", "19", "20");  // equity 1,000 < 1,500
    ASSERT_EQ(h.all<MarginCall>().size(), 1u);
    EXPECT_EQ(h.all<MarginCall>()[0].equity, fx(1000));
    EXPECT_EQ(h.all<MarginCall>()[0].maintenance_required, fx(1500));
    EXPECT_EQ(h.status(resting), OrderStatus::canceled);
    EXPECT_EQ(h.all<OrderCanceled>().at(0).reason, CancelReason::margin_call);
    ForcedLiquidation l = h.all<ForcedLiquidation>().at(0);
    EXPECT_EQ(l.side, Side::sell);
    EXPECT_EQ(l.qty, fx(300));
    h.bar(5, "18", "19", "17", "18");  // no second call while the liquidation works
    EXPECT_EQ(h.all<MarginCall>().size(), 1u);
    EXPECT_EQ(h.fills_of(l.order_id).at(0).price, fx(18));
    EXPECT_EQ(h.engine.position(h.sym).qty, Fixed());
    EXPECT_EQ(h.engine.portfolio().equity, fx(400));  // 10,000 + 300 x (18 - 50)
    EXPECT_EQ(h.identity_violations, 0);
}

TEST(EnginePortfolio, SeveralSymbolsAddUp) {
    Harness h;
    InstrumentSpec fut;
    fut.name = "FUT";
    fut.multiplier = fx(10);
    SymbolId f = h.engine.add_instrument(fut);
    h.bar(1, "10", "10", "10", "10");
    h.engine.on_bar(make_bar(f, day(1), "100", "100", "100", "100"));
    h.engine.market(h.sym, Side::buy, fx(100));
    h.engine.market(f, Side::sell, fx(3));
    h.bar(2, "10", "11", "10", "11");
    h.engine.on_bar(make_bar(f, day(2), "100", "100", "95", "96"));
    EXPECT_EQ(h.engine.position(h.sym).unrealized_pnl, fx(100));
    EXPECT_EQ(h.engine.position(f).unrealized_pnl, fx(120));  // 3 x 4 x 10
    PortfolioSnapshot p = h.engine.portfolio();
    EXPECT_EQ(p.unrealized_pnl, fx(220));
    EXPECT_EQ(p.equity, fx(100'220));
    EXPECT_EQ(p.gross_exposure, fx(1100 + 2880));
    EXPECT_EQ(h.all<PositionChanged>().size(), 2u);
    EXPECT_EQ(h.identity_violations, 0);
}

}  // namespace
}  // namespace dsl::engine::test
