// Commands and validation: every rejection reason, ids for rejected orders, cancel semantics
// (unknown, finished, in flight, racing a fill on bars), cancel_all, close_position, re-entrancy.
#include <gtest/gtest.h>

#include <limits>

#include "harness.h"

namespace dsl::engine::test {
namespace {

using S = OrderStatus;

RejectReason reason_of(Harness& h, OrderId id) {
    return h.order(id).reject_reason;
}

TEST(Validation, EveryOrderReasonCode) {
    InstrumentSpec spec = Harness::default_spec();
    spec.lot_size = fx(10);
    Harness h(EngineConfig{}, spec);
    h.bar(1, "10", "10", "10", "10");
    Engine& e = h.engine;
    SymbolId s = h.sym;
    EXPECT_EQ(reason_of(h, e.market(s, Side::buy, fx(0))), RejectReason::invalid_quantity);
    EXPECT_EQ(reason_of(h, e.market(s, Side::buy, fx(-10))), RejectReason::invalid_quantity);
    EXPECT_EQ(reason_of(h, e.market(s, Side::buy, Fixed::nan())), RejectReason::not_finite);
    EXPECT_EQ(reason_of(h, e.market(s, Side::buy, fx(15))), RejectReason::off_lot);
    EXPECT_EQ(reason_of(h, e.market(42, Side::buy, fx(10))), RejectReason::unknown_symbol);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::buy, fx(10), fx(0))), RejectReason::invalid_price);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::buy, fx(10), fx(-1))), RejectReason::invalid_price);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::buy, fx(10),
                                   Fixed::from_double(std::numeric_limits<double>::quiet_NaN()))),
              RejectReason::not_finite);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::buy, fx(10), fx("9.9999999"))), RejectReason::off_tick);
    EXPECT_EQ(reason_of(h, e.stop(s, Side::buy, fx(10), Fixed::from_double(1e300))),
              RejectReason::not_finite);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::buy, fx(10), fx(2'000'000'000))),
              RejectReason::out_of_range);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::sell, fx(2'000'000'000), fx(10))),
              RejectReason::out_of_range);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::sell, fx(100'000'000), fx(1000))),
              RejectReason::out_of_range);  // notional 1e11 > 1e10
    OrderRequest no_price;
    no_price.symbol = s;
    no_price.type = OrderType::stop_limit;
    no_price.qty = fx(10);
    no_price.stop_price = fx(11);
    EXPECT_EQ(reason_of(h, e.submit(no_price)), RejectReason::missing_price);
    EXPECT_EQ(reason_of(h, e.trailing_stop_percent(s, Side::sell, fx(10), fx(100))),
              RejectReason::invalid_trail);
    EXPECT_EQ(reason_of(h, e.trailing_stop_offset(s, Side::sell, fx(10), fx(-1))),
              RejectReason::invalid_trail);
    OrderRequest both;
    both.symbol = s;
    both.type = OrderType::trailing_stop;
    both.qty = fx(10);
    both.trail_offset = fx(1);
    both.trail_percent = fx(1);
    EXPECT_EQ(reason_of(h, e.submit(both)), RejectReason::invalid_trail);
    EXPECT_EQ(reason_of(h, e.limit(s, Side::buy, fx(20'000), fx(10))),
              RejectReason::insufficient_buying_power);  // 200,000 > 100,000 cash
    EXPECT_EQ(reason_of(h, e.close_position(s)), RejectReason::no_position);
    EXPECT_EQ(h.all<OrderRejected>().size(), e.last_order_id());
    EXPECT_EQ(e.working_order_count(), 0u);
    EXPECT_EQ(h.all<OrderRejected>()[0].text, "quantity must be greater than zero");
}

TEST(Validation, RejectedOrdersStillGetMonotonicIdsAndEvents) {
    Harness h;
    OrderId a = h.engine.market(h.sym, Side::buy, fx(0));
    OrderId b = h.engine.market(h.sym, Side::buy, fx(1));
    EXPECT_EQ(a, 1u);
    EXPECT_EQ(b, 2u);
    EXPECT_EQ(h.status(a), S::rejected);
    std::vector<std::string> expected{"order_submitted", "order_rejected", "order_submitted",
                                      "order_accepted"};
    EXPECT_EQ(h.names(), expected);
}

TEST(Validation, OffTickPricesCanBeRoundedOrAccepted) {
    InstrumentSpec spec = Harness::default_spec();
    spec.tick_size = fx("0.01");
    EngineConfig round;
    round.off_tick = OffTickPolicy::round;
    Harness r(round, spec);
    OrderId id = r.engine.limit(r.sym, Side::buy, fx(1), fx("10.005"));
    EXPECT_EQ(r.order(id).limit_price, fx("10.01"));  // halves away from zero
    EXPECT_EQ(r.status(id), S::open);
    EngineConfig accept;
    accept.off_tick = OffTickPolicy::accept;
    Harness a(accept, spec);
    OrderId kept = a.engine.limit(a.sym, Side::buy, fx(1), fx("10.005"));
    EXPECT_EQ(a.order(kept).limit_price, fx("10.005"));
}

TEST(BuyingPower, ACashAccountRejectsAtFillWhatTheCashCannotPayAtTheFillPrice) {
    // Reference strategy all_in_margin: floor(cash / close) shares pass at submission (priced at
    // the close) and are rejected when the next open is higher.
    EngineConfig c;
    c.starting_cash = fx(1000);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(100));
    EXPECT_EQ(h.status(id), S::open);
    h.bar(2, "10.5", "10.6", "10.4", "10.5");
    EXPECT_EQ(h.status(id), S::rejected);
    EXPECT_EQ(h.order(id).reject_reason, RejectReason::insufficient_buying_power);
    EXPECT_TRUE(h.fills().empty());
    EXPECT_EQ(h.all<OrderRejected>().at(0).text,
              "not enough buying power for 100 at the fill price 10.5");
    EXPECT_EQ(h.engine.portfolio().cash, fx(1000));
    OrderId fits = h.engine.market(h.sym, Side::buy, fx(95));  // 95 x 10.5 = 997.5
    h.bar(3, "10.5", "10.6", "10.4", "10.5");
    EXPECT_EQ(h.status(fits), S::filled);
    EXPECT_EQ(h.engine.portfolio().cash, fx("2.5"));
}

TEST(BuyingPower, CommissionCountsAgainstCash) {
    EngineConfig c;
    c.starting_cash = fx(1000);
    c.commission.kind = CommissionKind::per_order;
    c.commission.rate = fx(1);
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(100));  // 1000 + 1 commission
    EXPECT_EQ(h.order(id).reject_reason, RejectReason::insufficient_buying_power);
}

TEST(Cancel, UnknownFinishedAndDuplicateCancelsAreRejectedWithAReason) {
    EngineConfig c;
    c.latency.cancel_ns = kNanosPerSecond;
    Harness h(c);
    h.bar(1, "10", "10", "10", "10");
    EXPECT_FALSE(h.engine.cancel(999));
    EXPECT_FALSE(h.engine.cancel(kNoOrder));
    OrderId rejected = h.engine.market(h.sym, Side::buy, fx(0));
    EXPECT_FALSE(h.engine.cancel(rejected));
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx(9));
    EXPECT_TRUE(h.engine.cancel(id));
    EXPECT_FALSE(h.engine.cancel(id));
    auto r = h.all<CommandRejected>();
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[0].reason, RejectReason::unknown_order);
    EXPECT_EQ(r[1].reason, RejectReason::unknown_order);
    EXPECT_EQ(r[2].reason, RejectReason::order_finished);
    EXPECT_EQ(r[3].reason, RejectReason::cancel_pending);
    EXPECT_EQ(h.status(id), S::open);  // the cancel is still in flight
    h.bar(2, "10", "10", "10", "10");
    EXPECT_EQ(h.status(id), S::canceled);
}

TEST(Cancel, OnBarsACancelSlowerThanTheBarLosesToTheFill) {
    // Minute bars, cancel latency 90 s: canceled after the 60 s bar, the order still fills on the
    // 120 s bar; the cancel then arrives too late.
    EngineConfig c;
    c.latency.cancel_ns = 90 * kNanosPerSecond;
    Harness h(c);
    h.bar_at(at_second(1, 0), "10", "10", "10", "10");
    OrderId id = h.engine.limit(h.sym, Side::buy, fx(1), fx("9.8"));
    h.bar_at(at_second(1, 60), "10", "10.1", "9.9", "10");
    h.engine.cancel(id);
    h.bar_at(at_second(1, 120), "9.9", "10", "9.7", "9.8");
    EXPECT_EQ(h.status(id), S::filled);
    h.bar_at(at_second(1, 180), "9.9", "10", "9.7", "9.8");
    EXPECT_EQ(h.all<CommandRejected>().at(0).reason, RejectReason::cancel_too_late);
}

TEST(Cancel, APendingOrderCanBeCanceledBeforeItArrives) {
    EngineConfig c;
    c.latency.submit_ns = 10 * kNanosPerSecond;
    Harness h(c);
    h.bar_at(at_second(1, 0), "10", "10", "10", "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(1));
    EXPECT_TRUE(h.engine.cancel(id));
    EXPECT_EQ(h.status(id), S::canceled);
    h.bar_at(at_second(1, 60), "10", "10", "10", "10");
    EXPECT_TRUE(h.fills().empty());
    EXPECT_TRUE(h.all<OrderAccepted>().empty());
}

TEST(Cancel, CancelAllBySymbolAndEverything) {
    Harness h;
    SymbolId b = h.add_symbol("B");
    h.bar(1, "10", "10", "10", "10");
    h.engine.limit(h.sym, Side::buy, fx(1), fx(9));
    h.engine.limit(h.sym, Side::buy, fx(1), fx(8));
    OrderId other = h.engine.limit(b, Side::buy, fx(1), fx(8));
    EXPECT_EQ(h.engine.working_order_count(h.sym), 2u);
    EXPECT_EQ(h.engine.cancel_all(h.sym), 2u);
    EXPECT_EQ(h.engine.working_order_count(h.sym), 0u);
    EXPECT_EQ(h.status(other), S::open);
    EXPECT_EQ(h.engine.working_orders(), std::vector<OrderId>{other});
    EXPECT_EQ(h.engine.cancel_all(), 1u);
    EXPECT_EQ(h.engine.working_order_count(), 0u);
}

TEST(ClosePosition, SendsAMarketOrderForTheOppositeOfTheNetPosition) {
    Harness h;
    h.bar(1, "10", "10", "10", "10");
    h.engine.market(h.sym, Side::sell, fx(30));
    h.bar(2, "10", "10", "10", "10");
    OrderId id = h.engine.close_position(h.sym);
    EXPECT_EQ(h.order(id).side, Side::buy);
    EXPECT_EQ(h.order(id).qty, fx(30));
    EXPECT_EQ(h.order(id).type, OrderType::market);
    h.bar(3, "9", "9", "9", "9");
    EXPECT_EQ(h.engine.position(h.sym).qty, Fixed());
    EXPECT_EQ(h.engine.portfolio().realized_pnl, fx(30));
}

TEST(Engine, CallingTheEngineFromInsideTheSinkIsRefused) {
    Engine* engine = nullptr;
    bool threw = false;
    FunctionSink sink([&](const Event& e) {
        if (std::holds_alternative<OrderFilled>(e)) {
            try {
                engine->market(0, Side::sell, fx(1));
            } catch (const std::logic_error&) {
                threw = true;
            }
        }
    });
    Engine e(EngineConfig{}, sink);
    engine = &e;
    InstrumentSpec spec;
    spec.name = "X";
    SymbolId s = e.add_instrument(spec);
    e.market(s, Side::buy, fx(1));
    e.on_bar(make_bar(s, day(1), "10", "10", "10", "10"));
    EXPECT_TRUE(threw);
    EXPECT_EQ(e.last_order_id(), 1u);
    EXPECT_NO_THROW(e.market(s, Side::sell, fx(1)));  // fine again after on_bar returned
}

TEST(Engine, BadMarketDataIsRejectedAndChangesNothing) {
    Harness h;
    h.bar(2, "10", "10", "10", "10");
    OrderId id = h.engine.market(h.sym, Side::buy, fx(1));
    h.bar(3, "10", "9", "11", "10");   // high below low
    h.bar(1, "10", "10", "10", "10");  // back in time
    h.engine.on_bar(make_bar(77, day(4), "10", "10", "10", "10"));
    Tick t;
    t.symbol = h.sym;
    t.ts = day(5);
    t.price = fx(10);
    t.bid = fx(11);
    t.ask = fx(10);
    h.engine.on_tick(t);
    auto r = h.all<MarketDataRejected>();
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[0].text, "bar must satisfy low <= open, close <= high");
    EXPECT_EQ(r[1].text, "timestamp goes backwards");
    EXPECT_EQ(r[2].text, "unknown symbol");
    EXPECT_EQ(r[3].text, "tick bid must be <= ask");
    EXPECT_EQ(h.status(id), S::open);
    EXPECT_EQ(h.engine.event_seq(), 1u);
}

// check_bar's one-pass acceptance is only a shortcut: over every bar whose fields are drawn from
// NaN, a negative, zero and three prices, it gives exactly bar_problem's verdict and message.
TEST(Engine, CheckBarAgreesWithTheFullChecksOnEveryCombination) {
    const Fixed values[] = {Fixed::nan(), fx(-1), Fixed(), fx(1), fx(2), fx(3)};
    int valid = 0;
    for (Fixed o : values) {
        for (Fixed h : values) {
            for (Fixed l : values) {
                for (Fixed c : values) {
                    for (Fixed v : values) {
                        Bar b{0, day(1), o, h, l, c, v};
                        ASSERT_EQ(check_bar(b), bar_problem(b))
                            << o << " " << h << " " << l << " " << c << " " << v;
                        valid += check_bar(b).empty();
                    }
                }
            }
        }
    }
    // The valid ones: prices from 1..3 with low <= open, close <= high (for each low <= high,
    // (high - low + 1) choices of open and of close), times the volumes 0..3.
    int expected = 0;
    for (int l = 1; l <= 3; ++l)
        for (int h = l; h <= 3; ++h)
            expected += (h - l + 1) * (h - l + 1);
    EXPECT_EQ(valid, expected * 4);
}

TEST(Engine, InvalidConfigAndInstrumentsThrowAtSetUp) {
    NullSink sink;
    EngineConfig c;
    c.starting_cash = fx(-1);
    EXPECT_THROW(Engine(c, sink).clock(), std::invalid_argument);
    Engine e(EngineConfig{}, sink);
    InstrumentSpec spec;
    spec.name = "A";
    e.add_instrument(spec);
    EXPECT_THROW(e.add_instrument(spec), std::invalid_argument);
    spec.name = "B";
    spec.tick_size = Fixed();
    EXPECT_THROW(e.add_instrument(spec), std::invalid_argument);
    EXPECT_EQ(e.find_symbol("A"), SymbolId{0});
    EXPECT_FALSE(e.find_symbol("B").has_value());
}

}  // namespace
}  // namespace dsl::engine::test
