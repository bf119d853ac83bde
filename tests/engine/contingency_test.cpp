// OCO pairs and brackets: cancel or reduce on fill, ambiguous bars resolved by the path model,
// bracket exits waiting for and sized to their entry's fills, cascades on cancel.
#include <gtest/gtest.h>

#include "harness.h"

namespace dsl::engine::test {
namespace {

using S = OrderStatus;

struct OcoPair {
    OrderId limit;
    OrderId stop;
};

// The reference "oco" entry: buy limit below, buy stop above, linked.
OcoPair place_oco(Harness& h, Fixed qty = fx(100)) {
    OcoPair p{h.engine.limit(h.sym, Side::buy, qty, fx("9.7")),
              h.engine.stop(h.sym, Side::buy, qty, fx("10.3"))};
    EXPECT_TRUE(h.engine.oco(p.limit, p.stop));
    return p;
}

TEST(Oco, AFillOfOneLegCancelsTheOther) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OcoPair p = place_oco(h);
    EXPECT_EQ(h.all<OcoLinked>().size(), 1u);
    EXPECT_EQ(h.order(p.limit).oco, p.stop);
    h.bar(2, "10", "10.4", "9.9", "10.2");  // only the stop is reachable
    Fill f = h.fills_of(p.stop).at(0);
    EXPECT_EQ(f.price, fx("10.3"));
    EXPECT_EQ(f.oco_canceled, p.limit);
    EXPECT_EQ(h.status(p.limit), S::canceled);
    OrderCanceled c = h.all<OrderCanceled>().at(0);
    EXPECT_EQ(c.reason, CancelReason::oco_sibling);
    EXPECT_EQ(c.cause, p.stop);
    EXPECT_EQ(h.engine.ambiguous_bar_count(), 0u);
}

TEST(Oco, BothLegsReachableIsAnAmbiguousBarResolvedByThePath) {
    // H and L are equally far from the open; the bar closes above its open, so the
    // nearest-extreme model goes down first: the limit at 9.7 fills before the stop at 10.3.
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OcoPair p = place_oco(h);
    h.bar(2, "10", "10.5", "9.5", "10.2");
    ASSERT_EQ(h.all<AmbiguousBar>().size(), 1u);
    AmbiguousBar a = h.all<AmbiguousBar>()[0];
    EXPECT_EQ(a.first, p.limit);
    EXPECT_EQ(a.second, p.stop);
    EXPECT_EQ(a.winner, p.limit);
    EXPECT_EQ(a.event_seq, 2u);
    EXPECT_EQ(h.status(p.limit), S::filled);
    EXPECT_EQ(h.status(p.stop), S::canceled);
    EXPECT_EQ(h.engine.ambiguous_bar_count(), 1u);
    EXPECT_EQ(h.engine.position(h.sym).qty, fx(100));
}

TEST(Oco, TheOtherPathOrderPicksTheOtherLeg) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    OcoPair p = place_oco(h);
    h.bar(2, "10", "10.5", "9.5", "9.8");  // closes below its open: up first, the stop wins
    EXPECT_EQ(h.all<AmbiguousBar>().at(0).winner, p.stop);
    EXPECT_EQ(h.fills_of(p.stop).at(0).price, fx("10.3"));
    EXPECT_EQ(h.status(p.limit), S::canceled);
}

TEST(Oco, WorstCaseModelPicksTheLegThatHurts) {
    EngineConfig c;
    c.path_model = PathModelKind::worst_case;
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    OcoPair p = place_oco(h);
    // Flat with buy orders: a rise first hurts (buy high, then the bar falls).
    h.bar(2, "10", "10.5", "9.5", "10.2");
    EXPECT_EQ(h.all<AmbiguousBar>().at(0).winner, p.stop);
}

TEST(Oco, PartialFillsReduceTheOtherLegByTheFilledQuantity) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(10);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "100");
    OcoPair p = place_oco(h, fx(30));
    h.bar(2, "9.8", "9.9", "9.6", "9.8", "100");  // limit only: 10 of 30
    EXPECT_EQ(h.order(p.limit).filled_qty, fx(10));
    EXPECT_EQ(h.order(p.stop).qty, fx(20));
    EXPECT_EQ(h.fills_of(p.limit).at(0).oco_reduced, p.stop);
    OrderModified m = h.all<OrderModified>().at(0);
    EXPECT_EQ(m.reason, ModifyReason::oco_reduced);
    EXPECT_EQ(m.id, p.stop);
    EXPECT_EQ(m.qty, fx(20));
    h.bar(3, "10.4", "10.5", "10.35", "10.4", "100");  // stop only: 10 of its 20
    EXPECT_EQ(h.order(p.stop).filled_qty, fx(10));
    EXPECT_EQ(h.order(p.limit).qty, fx(20));           // 30 - 10: 10 more may fill
    h.bar(4, "10.4", "10.5", "10.35", "10.4", "100");  // the stop's last 10 end the pair
    EXPECT_EQ(h.status(p.stop), S::filled);
    EXPECT_EQ(h.status(p.limit), S::canceled);
    EXPECT_EQ(h.order(p.limit).filled_qty + h.order(p.stop).filled_qty, fx(30));
    EXPECT_EQ(h.engine.position(h.sym).qty, fx(30));
}

TEST(Oco, LinkingIsValidated) {
    Harness h;
    SymbolId b = h.add_symbol("OTHER");
    h.bar(1, "10", "10", "10", "10");
    OrderId x = h.engine.limit(h.sym, Side::buy, fx(1), fx(9));
    OrderId y = h.engine.limit(h.sym, Side::buy, fx(1), fx(8));
    OrderId z = h.engine.limit(b, Side::buy, fx(1), fx(8));
    EXPECT_FALSE(h.engine.oco(x, x));
    EXPECT_FALSE(h.engine.oco(x, z));
    EXPECT_FALSE(h.engine.oco(x, 999));
    EXPECT_TRUE(h.engine.oco(x, y));
    EXPECT_FALSE(h.engine.oco(x, y));  // already linked
    h.engine.cancel(z);
    OrderId w = h.engine.limit(b, Side::buy, fx(1), fx(8));
    EXPECT_FALSE(h.engine.oco(z, w));  // z is finished
    auto r = h.all<CommandRejected>();
    ASSERT_EQ(r.size(), 5u);
    EXPECT_EQ(r[0].reason, RejectReason::invalid_link);
    EXPECT_EQ(r[1].reason, RejectReason::invalid_link);
    EXPECT_EQ(r[2].reason, RejectReason::unknown_order);
    EXPECT_EQ(r[3].reason, RejectReason::invalid_link);
    EXPECT_EQ(r[4].reason, RejectReason::order_finished);
    EXPECT_EQ(r[4].command, CommandKind::oco);
}

BracketRequest bracket_buy(SymbolId sym, const char* qty, std::optional<Fixed> entry,
                           const char* tp, const char* sl) {
    BracketRequest b;
    b.symbol = sym;
    b.side = Side::buy;
    b.qty = fx(qty);
    b.entry_limit = entry;
    b.take_profit = fx(tp);
    b.stop_loss = fx(sl);
    return b;
}

TEST(Bracket, ExitsWaitForTheEntryThenTakeProfitCancelsStopLoss) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "100", std::nullopt, "11", "9"));
    EXPECT_EQ(ids.entry, 1u);
    EXPECT_EQ(ids.take_profit, 2u);
    EXPECT_EQ(ids.stop_loss, 3u);
    EXPECT_EQ(h.status(ids.entry), S::open);
    EXPECT_EQ(h.status(ids.take_profit), S::pending);
    EXPECT_EQ(h.order(ids.take_profit).qty, Fixed());
    EXPECT_EQ(h.order(ids.take_profit).parent, ids.entry);
    EXPECT_EQ(h.order(ids.take_profit).oco, ids.stop_loss);
    EXPECT_EQ(h.order(ids.entry).take_profit, ids.take_profit);
    h.bar(2, "10", "10.5", "9.8", "10.2");  // entry at 10; neither exit reached
    EXPECT_EQ(h.status(ids.entry), S::filled);
    EXPECT_EQ(h.status(ids.take_profit), S::open);
    EXPECT_EQ(h.order(ids.stop_loss).qty, fx(100));
    EXPECT_EQ(h.order(ids.stop_loss).side, Side::sell);
    h.bar(3, "10.5", "11.2", "10.4", "11");
    EXPECT_EQ(h.fills_of(ids.take_profit).at(0).price, fx(11));
    EXPECT_EQ(h.fills_of(ids.take_profit).at(0).oco_canceled, ids.stop_loss);
    EXPECT_EQ(h.status(ids.stop_loss), S::canceled);
    EXPECT_EQ(h.engine.position(h.sym).qty, Fixed());
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx(100));
    EXPECT_EQ(h.engine.working_order_count(), 0u);
}

TEST(Bracket, ATargetReachedBeforeTheEntryFilledDoesNotCount) {
    // O 10.2 -> H 11.2 -> L 8.8 -> C 10 (H is nearer). The entry (limit 10) fills on H->L; from
    // there the path falls to 8.8 through the stop loss at 9; the take profit at 11 was passed
    // before the entry existed.
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "100", fx(10), "11", "9"));
    h.bar(2, "10.2", "11.2", "8.8", "10");
    EXPECT_EQ(h.fills_of(ids.entry).at(0).price, fx(10));
    EXPECT_EQ(h.fills_of(ids.entry).at(0).leg, PathLeg::to_second_extreme);
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).price, fx(9));
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).leg, PathLeg::to_second_extreme);
    EXPECT_EQ(h.status(ids.take_profit), S::canceled);
    EXPECT_EQ(h.engine.ambiguous_bar_count(), 0u);
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx(-100));
}

TEST(Bracket, BothExitsOnOneLaterBarAreAmbiguous) {
    for (PathModelKind model :
         {PathModelKind::nearest_extreme, PathModelKind::ohlc, PathModelKind::worst_case}) {
        EngineConfig c;
        c.path_model = model;
        Harness h(c);
        h.bar(1, "10", "10", "10", "10");
        BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "10", std::nullopt, "11", "9"));
        h.bar(2, "10", "10.1", "9.9", "10");
        // Equidistant extremes, close above open: nearest-extreme goes down first, like
        // worst-case for a long; ohlc goes up first.
        h.bar(3, "10", "11.5", "8.5", "10.1");
        AmbiguousBar a = h.all<AmbiguousBar>().at(0);
        EXPECT_EQ(a.first, ids.take_profit);
        EXPECT_EQ(a.second, ids.stop_loss);
        OrderId expected = model == PathModelKind::ohlc ? ids.take_profit : ids.stop_loss;
        EXPECT_EQ(a.winner, expected) << to_string(model);
        EXPECT_EQ(h.status(expected), S::filled);
        EXPECT_EQ(h.engine.position(h.sym).qty, Fixed());
    }
}

TEST(Bracket, WorstCaseStopsOutABracketEnteredAtTheOpen) {
    // Flat at the bar's start, but the market entry fills at the open: the position is long for
    // the rest of the bar, so the fall to the stop loss comes first, although the high is nearer.
    EngineConfig c;
    c.path_model = PathModelKind::worst_case;
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "100", std::nullopt, "10.5", "9.5"));
    h.bar(2, "10", "10.6", "9.4", "10.1");
    EXPECT_EQ(h.fills_of(ids.entry).at(0).price, fx(10));
    EXPECT_EQ(h.all<AmbiguousBar>().at(0).winner, ids.stop_loss);
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).price, fx("9.5"));
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).leg, PathLeg::to_first_extreme);
    EXPECT_EQ(h.status(ids.take_profit), S::canceled);
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx(-50));
}

TEST(Bracket, ClassicBugExitsAreSizedToTheEntrysFilledQuantity) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(10);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "100");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "25", fx(10), "12", "8"));
    h.bar(2, "10", "10.1", "9.9", "10", "100");  // entry 10 of 25
    EXPECT_EQ(h.order(ids.take_profit).qty, fx(10));
    EXPECT_EQ(h.order(ids.stop_loss).qty, fx(10));
    EXPECT_EQ(h.all<OrderAccepted>().back().qty, fx(10));
    h.bar(3, "10", "10.1", "9.9", "10", "100");  // entry 20 of 25
    EXPECT_EQ(h.order(ids.take_profit).qty, fx(20));
    EXPECT_EQ(h.order(ids.stop_loss).qty, fx(20));
    OrderModified m = h.all<OrderModified>().back();
    EXPECT_EQ(m.reason, ModifyReason::bracket_resized);
    EXPECT_EQ(m.cause, ids.entry);
    h.bar(4, "11", "12.5", "10.9", "12", "100");  // take profit: 10 of 20; entry rest canceled
    EXPECT_EQ(h.order(ids.take_profit).filled_qty, fx(10));
    EXPECT_EQ(h.order(ids.stop_loss).qty, fx(10));
    EXPECT_EQ(h.status(ids.entry), S::canceled);
    EXPECT_EQ(h.all<OrderCanceled>().back().reason, CancelReason::bracket_exit);
    h.bar(5, "12", "12.5", "11.9", "12", "100");  // the last 10 at the open 12 >= 12
    EXPECT_EQ(h.status(ids.take_profit), S::filled);
    EXPECT_EQ(h.status(ids.stop_loss), S::canceled);
    EXPECT_EQ(h.engine.position(h.sym).qty, Fixed());
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx(40));  // 20 x (12 - 10)
}

TEST(Bracket, CancelingAnUnfilledEntryTakesTheExitsAlong) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "100", fx(9), "11", "8"));
    h.bar(2, "10", "10.5", "9.5", "10");
    h.clear();
    EXPECT_TRUE(h.engine.cancel(ids.entry));
    EXPECT_EQ(h.status(ids.take_profit), S::canceled);
    EXPECT_EQ(h.status(ids.stop_loss), S::canceled);
    auto c = h.all<OrderCanceled>();
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[0].reason, CancelReason::user);
    EXPECT_EQ(c[1].reason, CancelReason::parent_canceled);
    EXPECT_EQ(c[1].cause, ids.entry);
    EXPECT_EQ(h.engine.working_order_count(), 0u);
}

TEST(Bracket, ExitsOfAPartlyFilledEntryStayToProtectThePosition) {
    EngineConfig c;
    c.liquidity.kind = LiquidityKind::bar_volume;
    c.liquidity.percent = fx(10);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10", "100");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "25", fx(10), "12", "8"));
    h.bar(2, "10", "10.1", "9.9", "10", "100");
    h.engine.cancel(ids.entry);
    EXPECT_EQ(h.status(ids.entry), S::canceled);
    EXPECT_EQ(h.status(ids.stop_loss), S::open);
    EXPECT_EQ(h.order(ids.stop_loss).qty, fx(10));
    h.bar(3, "9", "9.1", "7.5", "7.6", "100");
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).price, fx(8));
    EXPECT_EQ(h.engine.position(h.sym).qty, Fixed());
}

TEST(Bracket, ADayEntryThatExpiresCancelsItsExits) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    BracketRequest b = bracket_buy(h.sym, "5", fx(9), "11", "8");
    b.tif = TimeInForce::day;
    BracketIds ids = h.engine.bracket(b);
    h.bar(2, "10", "10.5", "9.5", "10");
    h.bar(3, "10", "10.5", "9.5", "10");
    EXPECT_EQ(h.status(ids.entry), S::expired);
    EXPECT_EQ(h.status(ids.take_profit), S::canceled);
    EXPECT_EQ(h.status(ids.stop_loss), S::canceled);
}

TEST(Bracket, InconsistentPricesRejectAllThreeOrders) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    BracketIds ids = h.engine.bracket(bracket_buy(h.sym, "5", fx(10), "9", "11"));
    EXPECT_EQ(h.order(ids.entry).reject_reason, RejectReason::invalid_bracket);
    EXPECT_EQ(h.order(ids.take_profit).reject_reason, RejectReason::bracket_leg_rejected);
    EXPECT_EQ(h.order(ids.stop_loss).reject_reason, RejectReason::bracket_leg_rejected);
    BracketIds bad_leg = h.engine.bracket(bracket_buy(h.sym, "5", fx(10), "11", "-1"));
    EXPECT_EQ(h.order(bad_leg.entry).reject_reason, RejectReason::bracket_leg_rejected);
    EXPECT_EQ(h.order(bad_leg.stop_loss).reject_reason, RejectReason::invalid_price);
    EXPECT_EQ(h.engine.working_order_count(), 0u);
    EXPECT_EQ(h.all<OrderRejected>().size(), 6u);
}

TEST(Bracket, SellBracketMirrors) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    BracketRequest b;
    b.symbol = h.sym;
    b.side = Side::sell;
    b.qty = fx(10);
    b.take_profit = fx(9);
    b.stop_loss = fx(11);
    BracketIds ids = h.engine.bracket(b);
    h.bar(2, "10", "10.2", "9.9", "10");
    EXPECT_EQ(h.engine.position(h.sym).qty, fx(-10));
    h.bar(3, "10.5", "11.5", "10.4", "11.2");
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).price, fx(11));
    EXPECT_EQ(h.fills_of(ids.stop_loss).at(0).side, Side::buy);
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx(-10));
}

}  // namespace
}  // namespace dsl::engine::test
