// Buying power across symbols: a rotation (close one symbol's position and buy another with the
// proceeds, in one handler) works whichever symbol's bar comes first at the next timestamp; a
// buy beyond what the account and the sale can pay is still rejected, at submission or at the
// fill; and a differential test on random rotation strategies checks that the order in which the
// two symbols' bars of each timestamp arrive changes nothing in the state after both.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "harness.h"
#include "random_orders.h"

namespace dsl::engine::test {
namespace {

using S = OrderStatus;

// Two symbols: A (the harness's) and B, 10,000 cash all in 200 A at 50 after day 2.
struct Rotation {
    Harness h;
    SymbolId a;
    SymbolId b;

    static EngineConfig config() {
        EngineConfig c;
        c.starting_cash = fx(10'000);
        return c;
    }
    Rotation() : h(config()), a(h.sym), b(h.add_symbol("B")) {
        day(1, "50", "20", true);
        h.engine.market(a, Side::buy, fx(200));
        day(2, "50", "20", true);
    }
    // Flat bars of A and B at the given prices, in the given order.
    void day(int d, const char* price_a, const char* price_b, bool a_first) {
        Bar bar_a = make_bar(a, test::day(d), price_a, price_a, price_a, price_a);
        Bar bar_b = make_bar(b, test::day(d), price_b, price_b, price_b, price_b);
        h.engine.on_bar(a_first ? bar_a : bar_b);
        h.engine.on_bar(a_first ? bar_b : bar_a);
    }
    // The rotation of one handler: close A, buy B with `qty`.
    std::pair<OrderId, OrderId> rotate(Fixed qty) {
        OrderId close = h.engine.close_position(a);
        return {close, h.engine.market(b, Side::buy, qty)};
    }
};

TEST(Rotation, CloseOneSymbolAndBuyAnotherWithTheProceedsInEitherOrder) {
    for (bool a_first : {true, false}) {
        Rotation r;
        EXPECT_EQ(r.h.engine.portfolio().cash, Fixed());
        // All the cash and A's value at B's close: 10,000 / 20.
        Fixed qty = (r.h.engine.portfolio().cash + r.h.engine.position(r.a).market_value) / fx(20);
        EXPECT_EQ(qty, fx(500));
        auto [close, buy] = r.rotate(qty);
        EXPECT_EQ(r.h.status(buy), S::open) << "accepted at submission";
        r.day(3, "51", "20", a_first);
        EXPECT_EQ(r.h.status(close), S::filled) << a_first;
        EXPECT_EQ(r.h.status(buy), S::filled) << a_first;
        EXPECT_EQ(r.h.engine.position(r.b).qty, fx(500));
        EXPECT_EQ(r.h.engine.portfolio().cash, fx(200));  // 200 x 51 - 500 x 20
        EXPECT_EQ(r.h.identity_violations, 0);
    }
}

TEST(Rotation, TheBuyWaitsForTheSaleWithinItsTimestamp) {
    Rotation r;
    auto [close, buy] = r.rotate(fx(500));
    r.h.clear();
    r.h.engine.on_bar(make_bar(r.b, day(3), "20", "20", "20", "20"));
    // 10,000 for B with no cash yet: the fill waits for A's sale at this timestamp.
    std::uint64_t b_event = r.h.engine.event_seq();
    EXPECT_TRUE(r.h.fills().empty());
    EXPECT_EQ(r.h.status(buy), S::open);
    r.h.engine.on_bar(make_bar(r.a, day(3), "51", "51", "51", "51"));
    std::vector<std::string> expected{"fill", "order_filled", "position_changed",
                                      "fill", "order_filled", "position_changed"};
    EXPECT_EQ(r.h.names(), expected);
    Fill f = r.h.fills_of(buy).at(0);
    EXPECT_EQ(f.event_seq, b_event);  // the fill of B's bar, applied once A's sale paid for it
    EXPECT_EQ(f.ts, day(3));
    EXPECT_EQ(f.price, fx(20));
    EXPECT_EQ(r.h.engine.position(r.b).qty, fx(500));
    EXPECT_EQ(r.h.engine.portfolio().cash, fx(200));
    EXPECT_EQ(r.h.identity_violations, 0);
}

TEST(Rotation, ABuyBeyondTheAccountAndTheSaleIsRejected) {
    {
        Rotation r;
        auto [close, buy] = r.rotate(fx(520));  // 10,400 against 10,000
        EXPECT_EQ(r.h.status(buy), S::rejected);
        EXPECT_EQ(r.h.order(buy).reject_reason, RejectReason::insufficient_buying_power);
        EXPECT_EQ(r.h.status(close), S::open);
    }
    for (bool a_first : {true, false}) {
        Rotation r;
        auto [close, buy] = r.rotate(fx(500));
        r.day(3, "48", "20", a_first);  // A gaps down: 9,600 does not pay 10,000
        EXPECT_EQ(r.h.status(close), S::filled) << a_first;
        EXPECT_EQ(r.h.status(buy), S::rejected) << a_first;
        EXPECT_EQ(r.h.order(buy).reject_reason, RejectReason::insufficient_buying_power);
        EXPECT_EQ(r.h.engine.portfolio().cash, fx(9'600));
        EXPECT_EQ(r.h.engine.position(r.b).qty, Fixed());
    }
}

TEST(Rotation, OnlyMarketOrdersCountAtSubmission) {
    // A limit sell may never fill: the buy it would pay for is rejected.
    Rotation r;
    r.h.engine.limit(r.a, Side::sell, fx(200), fx(60));
    OrderId buy = r.h.engine.market(r.b, Side::buy, fx(500));
    EXPECT_EQ(r.h.status(buy), S::rejected);
}

TEST(Rotation, AWaitingBuyIsRejectedWhenTheSaleDoesNotComeAtItsTime) {
    Rotation r;
    auto [close, buy] = r.rotate(fx(500));
    r.h.engine.on_bar(make_bar(r.b, day(3), "20", "20", "20", "20"));  // no bar of A on day 3
    EXPECT_EQ(r.h.status(buy), S::open);
    r.h.clear();
    r.h.engine.on_bar(make_bar(r.a, day(4), "51", "51", "51", "51"));
    // Before anything of day 4, at day 3's clock: nothing paid for it at its time.
    OrderRejected rejected = r.h.all<OrderRejected>().at(0);
    EXPECT_EQ(rejected.id, buy);
    EXPECT_EQ(rejected.ts, day(3));
    EXPECT_EQ(r.h.names().front(), "order_rejected");
    EXPECT_EQ(r.h.status(close), S::filled);
    EXPECT_EQ(r.h.engine.portfolio().cash, fx(10'200));
}

TEST(Rotation, AWaitingEvaluationKeepsTheOrdersItNamesLive) {
    Rotation r;
    SymbolId c = r.h.add_symbol("C");
    r.h.engine.on_bar(make_bar(c, day(2), "5", "5", "5", "5"));
    // Rejected orders (off the tick) that fill the order store's chunks around the two buys.
    auto pad_to_chunk_end = [&] {
        while (r.h.engine.last_order_id() % OrderStore::kChunk != 0)
            r.h.engine.limit(r.a, Side::sell, fx(1), fx("60.0000001"));
    };
    r.h.engine.close_position(r.a);
    OrderId first = r.h.engine.market(r.b, Side::buy, fx(400));
    pad_to_chunk_end();
    OrderId second = r.h.engine.market(r.b, Side::buy, fx(100));
    pad_to_chunk_end();
    r.h.engine.on_bar(make_bar(r.b, day(3), "20", "20", "20", "20"));  // `first` waits
    EXPECT_EQ(r.h.status(first), S::open);
    r.h.engine.cancel(second);  // its chunk is now all final, but the waiting evaluation names it
    r.h.engine.on_bar(make_bar(c, day(3), "5", "5", "5", "5"));  // still waiting for A
    EXPECT_EQ(r.h.engine.order_store().sealed_chunks(), 0u);
    r.h.engine.on_bar(make_bar(r.a, day(3), "51", "51", "51", "51"));
    EXPECT_EQ(r.h.status(first), S::filled);
    EXPECT_EQ(r.h.status(second), S::canceled);
    r.h.engine.on_bar(make_bar(c, day(4), "5", "5", "5", "5"));
    EXPECT_EQ(r.h.engine.order_store().sealed_chunks(), 2u);  // held no more
}

// --- Differential: the order of the symbols' bars at one timestamp changes nothing ---

struct RandomBars {
    Fixed close;
    Bar next(SymbolId s, int d, Rand& r) {
        Fixed open = near(close, r, -20, 20);
        Fixed c = near(close, r, -25, 25);
        Fixed high = max(open, c) + (near(close, r, 0, 15) - close);
        Fixed low = min(open, c) - (near(close, r, 0, 15) - close);
        close = c;
        return Bar{s, day(d), open, high, low, c, fx(1'000'000)};
    }
};

// A rotation strategy with random signals and sizes (some beyond what the account can pay),
// protective stops and take-profit limits on the held symbol, run after both bars of each day.
// Returns the buy of a rotation that the cash alone could not pay, if it placed one.
OrderId rotation_strategy(Engine& e, const std::vector<SymbolId>& syms, Rand& r) {
    SymbolId held = kNoSymbol;
    for (SymbolId s : syms) {
        if (e.position(s).qty.is_positive()) held = s;
    }
    auto budget = [&](SymbolId s) {
        Fixed money = e.portfolio().cash;
        if (held != kNoSymbol) money += e.position(held).market_value;
        Fixed share = Fixed::from_int(90 + r.below(16)) / Fixed::from_int(100);  // 90% .. 105%
        return (money * share / *e.last_price(s)).floor_to(fx(1));
    };
    if (held == kNoSymbol) {
        if (e.working_order_count() == 0 && r.chance(30)) {
            SymbolId s = syms[static_cast<std::size_t>(r.below(2))];
            Fixed qty = budget(s);
            if (qty.is_positive()) e.market(s, Side::buy, qty);
        }
        return kNoOrder;
    }
    SymbolId other = held == syms[0] ? syms[1] : syms[0];
    if (r.chance(15)) {
        e.cancel_all(held);
        e.close_position(held);
        Fixed qty = budget(other);
        if (!qty.is_positive()) return kNoOrder;
        bool needs_the_sale = qty * *e.last_price(other) > e.portfolio().cash;
        OrderId buy = e.market(other, Side::buy, qty);
        return needs_the_sale ? buy : kNoOrder;
    }
    if (e.working_order_count(held) == 0 && r.chance(50)) {
        Fixed qty = e.position(held).qty;
        Fixed close = *e.last_price(held);
        OrderId stop = e.stop(held, Side::sell, qty, near(close, r, -60, -20));
        OrderId take = e.limit(held, Side::sell, qty, near(close, r, 20, 60));
        e.oco(stop, take);
    }
    return kNoOrder;
}

// Everything a strategy could see after both bars of a day, apart from event sequence numbers.
std::string state(const Engine& e, const std::vector<SymbolId>& syms) {
    std::ostringstream out;
    PortfolioSnapshot p = e.portfolio();
    out << p.cash.to_string() << ' ' << p.equity.to_string() << ' ' << p.realized_pnl.to_string()
        << ' ' << p.commission.to_string() << '\n';
    for (SymbolId s : syms) {
        PositionSnapshot pos = e.position(s);
        out << pos.qty.to_string() << ' ' << pos.avg_price.to_string() << '\n';
    }
    for (OrderId id = 1; id <= e.last_order_id(); ++id) {
        OrderSnapshot o = *e.order(id);
        out << id << ' ' << static_cast<int>(o.status) << ' ' << o.filled_qty.to_string() << ' '
            << o.avg_fill_price.to_string() << ' ' << static_cast<int>(o.reject_reason) << '\n';
    }
    return out.str();
}

struct RotationRun {
    std::vector<std::string> states;  // after every day
    int paid_by_sales = 0;            // rotation buys the cash alone could not pay, filled
};

// One random run, each day's bars A first or B first.
RotationRun run_rotation(std::uint64_t seed, bool b_first) {
    Rand config_rand(seed);
    EngineConfig c = random_config(config_rand);
    c.latency = LatencyConfig{};  // commands act before the next timestamp's bars
    // A margin account is checked at the end of every event: between the two symbols' bars of a
    // timestamp, a margin call (canceling the other symbol's close) may depend on their order.
    c.account = AccountConfig{};
    c.starting_cash = fx(10'000);
    NullSink sink;
    Engine e(c, sink);
    std::vector<SymbolId> syms;
    for (const char* name : {"A", "B"}) {
        InstrumentSpec spec;
        spec.name = name;
        syms.push_back(e.add_instrument(spec));
    }
    Rand market(seed * 31 + 7);
    Rand strategy(seed * 17 + 3);
    std::vector<RandomBars> walks{{fx(50)}, {fx(20)}};
    RotationRun run;
    std::vector<OrderId> needy;
    for (int d = 1; d <= 120; ++d) {
        std::vector<Bar> bars{walks[0].next(syms[0], d, market), walks[1].next(syms[1], d, market)};
        if (market.chance(5)) bars.erase(bars.begin() + market.below(2));  // a day without a bar
        if (b_first) std::reverse(bars.begin(), bars.end());
        for (const Bar& bar : bars)
            e.on_bar(bar);
        run.states.push_back(state(e, syms));
        if (OrderId buy = rotation_strategy(e, syms, strategy)) needy.push_back(buy);
    }
    for (OrderId id : needy)
        run.paid_by_sales += e.order(id)->status == OrderStatus::filled;
    return run;
}

TEST(Rotation, TheOrderOfTheSymbolsBarsAtOneTimestampChangesNothing) {
    int paid_by_sales = 0;
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        RotationRun a_first = run_rotation(seed, false);
        RotationRun b_first = run_rotation(seed, true);
        ASSERT_EQ(a_first.states.size(), b_first.states.size());
        for (std::size_t d = 0; d < a_first.states.size(); ++d) {
            ASSERT_EQ(a_first.states[d], b_first.states[d]) << "seed " << seed << ", day " << d + 1;
        }
        paid_by_sales += b_first.paid_by_sales;
    }
    EXPECT_GT(paid_by_sales, 300);  // rotations really needed the sales' proceeds
}

}  // namespace
}  // namespace dsl::engine::test
