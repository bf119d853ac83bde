// The order of strategy callbacks within a market event (docs/engine.md "One market event"),
// proved by a strategy that logs every callback.
#include "tests/dispatch/run_support.h"

namespace dsl {
namespace {

const char* kLogger = R"(
var placed: bool = false

on_start() {
    log("start")
}

on_bar(s: symbol) {
    log("bar {} close {}", bar_index(s), close(s))
    if not placed {
        placed = true
        buy(s, 10, tag: "entry")            // fills at the next bar's open
        limit_sell(s, 10, 200.0)            // rests above the market
        let bad = buy(s, 0)                 // rejected at once
        log("bad order {} is {}", bad, get_order(bad).status)
    }
    if bar_index(s) == 2 {
        cancel_all(s)
    }
}

on_order_fill(o: order) {
    log("fill {} {} {} @ {}", o.id, o.side, o.last_fill_qty, o.last_fill_price)
}

on_order_update(o: order) {
    log("update {} {} {}", o.id, o.status, o.reject_reason)
}

on_position_change(p: position) {
    log("position {} {} avg {}", p.symbol, p.qty, p.avg_price)
}

on_stop() {
    log("stop")
}
)";

TEST(EventOrder, CallbacksRunInTheDocumentedOrder) {
    auto module = test::compile_or_die(kLogger);
    test::LogCapture log;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), log);
    ASSERT_TRUE(run.start());
    ASSERT_TRUE(run.on_bar(test::bar(0, "100", "101", "99", "100")));
    ASSERT_TRUE(run.on_bar(test::bar(1, "102", "103", "101", "102")));
    ASSERT_TRUE(run.on_bar(test::bar(2, "104", "105", "103", "104")));
    run.finish();
    std::vector<std::string> expected = {
        "on_start: start",
        "on_bar: bar 0 close 100",
        "on_bar: bad order 3 is Rejected",
        // What the commands of on_bar made the engine report, in its order, right after
        // on_bar returns: without latency, orders are accepted as they are placed.
        "on_order_update: update 1 Open ",
        "on_order_update: update 2 Open ",
        "on_order_update: update 3 Rejected quantity must be greater than zero",
        // Bar 1: the market order fills at the open, the position changes, then on_bar runs.
        "on_order_fill: fill 1 Buy 10 @ 102",
        "on_position_change: position TEST 10 avg 102",
        "on_bar: bar 1 close 102",
        // Bar 2: cancel_all in on_bar; the cancel is reported after on_bar returns.
        "on_bar: bar 2 close 104",
        "on_order_update: update 2 Canceled ",
        "on_stop: stop",
    };
    EXPECT_EQ(log.lines, expected);
    EXPECT_TRUE(log.errors.empty());
}

// What a callback's commands make the engine report is delivered once, right after that
// callback and before the events reported earlier, however deep the chain: an order placed
// in on_order_fill, whose acceptance places another from on_order_update. The acceptance of
// order 2 was once delivered twice (by the nested delivery and again by the outer loop).
TEST(EventOrder, EventsOfACallbacksCommandsAreDeliveredOnceRightAfterIt) {
    auto module = test::compile_or_die(R"(
on_bar(s: symbol) {
    if bar_index(s) == 0 { buy(s, 10) }
}
on_order_fill(o: order) {
    log("fill {}", o.id)
    if o.id == 1 {
        limit_sell(o.symbol, 10, 200.0)
        limit_sell(o.symbol, 10, 300.0)
    }
}
on_order_update(o: order) {
    log("update {} {}", o.id, o.status)
    if o.id == 2 and o.status == OrderStatus.Open { limit_buy(o.symbol, 1, 50.0) }
}
)");
    test::LogCapture log;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), log);
    ASSERT_TRUE(run.start());
    ASSERT_TRUE(run.on_bar(test::bar(0, "100", "101", "99", "100")));
    ASSERT_TRUE(run.on_bar(test::bar(1, "102", "103", "101", "102")));
    run.finish();
    std::vector<std::string> expected = {
        "on_order_update: update 1 Open", "on_order_fill: fill 1", "on_order_update: update 2 Open",
        "on_order_update: update 4 Open",  // placed by the update of 2: before 3's
        "on_order_update: update 3 Open",
    };
    EXPECT_EQ(log.lines, expected);
}

TEST(EventOrder, ARuntimeErrorStopsTheStrategyAndTheRun) {
    auto module = test::compile_or_die(R"(
on_bar(s: symbol) {
    log("bar {}", bar_index(s))
    if bar_index(s) == 1 {
        let zero = bar_index(s) - 1
        log("{}", 10 / zero)
    }
}
on_stop() {
    log("never: a stopped strategy gets no on_stop")
}
)");
    test::LogCapture log;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), log);
    ASSERT_TRUE(run.start());
    EXPECT_TRUE(run.on_bar(test::bar(0, "1", "1", "1", "1")));
    EXPECT_FALSE(run.on_bar(test::bar(1, "1", "1", "1", "1")));
    EXPECT_FALSE(run.on_bar(test::bar(2, "1", "1", "1", "1")));
    run.finish();
    EXPECT_EQ(log.lines, (std::vector<std::string>{"on_bar: bar 0", "on_bar: bar 1"}));
    ASSERT_EQ(log.errors.size(), 1u);
    EXPECT_EQ(log.errors[0], "runtime error: integer division by zero in on_bar at test.strat:6");
}

TEST(EventOrder, OrdersNeverFillOnTheBarThatPlacedThem) {
    auto module = test::compile_or_die(R"(
on_bar(s: symbol) {
    if bar_index(s) == 0 {
        limit_buy(s, 1, 50.0)     // bar 0 trades down to 40: still no fill on bar 0
    }
}
on_order_fill(o: order) {
    log("fill on bar {} at {}", bar_index(o.symbol), o.last_fill_price)
}
)");
    test::LogCapture log;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), log);
    run.start();
    run.on_bar(test::bar(0, "60", "61", "40", "55"));
    run.on_bar(test::bar(1, "55", "56", "45", "50"));
    run.finish();
    EXPECT_EQ(log.lines, (std::vector<std::string>{"on_order_fill: fill on bar 1 at 50"}));
}

TEST(EventOrder, PositionRecordsKnowWhenThePositionOpened) {
    auto module = test::compile_or_die(R"(
on_bar(s: symbol) {
    let p = position(s)
    if bar_index(s) == 0 {
        buy(s, 5)
    }
    if p.qty != 0 {
        log("bar {}: {} held since bar {}", bar_index(s), p.qty, p.opened_bar)
    }
    if bar_index(s) == 3 {
        close_position(s)
    }
}
)");
    test::LogCapture log;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), log);
    run.start();
    for (int d = 0; d < 6; ++d)
        run.on_bar(test::bar(d, "10", "11", "9", "10"));
    run.finish();
    EXPECT_EQ(log.lines, (std::vector<std::string>{"on_bar: bar 1: 5 held since bar 1",
                                                   "on_bar: bar 2: 5 held since bar 1",
                                                   "on_bar: bar 3: 5 held since bar 1"}));
}

}  // namespace
}  // namespace dsl

namespace dsl {
namespace {

// A bar the engine refuses (here: its time goes backwards) is not shown to the strategy, so
// the strategy's view of the market never differs from the engine's.
TEST(EventOrder, RefusedMarketDataIsNotShownToTheStrategy) {
    auto module = test::compile_or_die(
        "on_bar(s: symbol) {\n    log(\"bar {} close {}\", bar_index(s), close(s))\n}\n");
    test::LogCapture log;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), log);
    run.start();
    EXPECT_TRUE(run.on_bar(test::bar(2, "10", "10", "10", "10")));
    EXPECT_TRUE(run.on_bar(test::bar(1, "20", "20", "20", "20")));
    EXPECT_TRUE(run.on_bar(test::bar(3, "30", "30", "30", "30")));
    EXPECT_EQ(log.lines,
              (std::vector<std::string>{"on_bar: bar 0 close 10", "on_bar: bar 1 close 30"}));
}

}  // namespace
}  // namespace dsl

namespace dsl {
namespace {

// An endless loop in any handler ends at the per-event gas limit with the handler, file and
// line of the loop; the run ends cleanly.
struct LoopCase {
    const char* handler;
    const char* source;
    int line;
};
// How gtest shows a case (in test listings, instead of its bytes).
void PrintTo(const LoopCase& c, std::ostream* os) {
    *os << "an endless loop in " << c.handler;
}

class EndlessLoop : public ::testing::TestWithParam<LoopCase> {};

TEST_P(EndlessLoop, StopsAtTheEventGasLimit) {
    auto module = test::compile_or_die(GetParam().source);
    test::LogCapture log;
    auto setup = test::setup_for({"TEST"});
    setup.limits.event_gas = 100000;
    runner::StrategyRunner run(module, setup, log);
    bool ok = run.start();
    for (int d = 0; ok && d < 5; ++d) {
        engine::Tick tick{
            0, test::bar(d, "10", "10", "10", "10").ts, test::fx("10"), test::fx("5"), {}, {}};
        ok = std::string(GetParam().handler) == "on_tick"
                 ? run.on_tick(tick)
                 : run.on_bar(test::bar(d, "10", "11", "9", "10"));
    }
    EXPECT_FALSE(ok);
    ASSERT_EQ(log.errors.size(), 1u);
    EXPECT_EQ(log.errors[0],
              fmt::format("runtime error: gas limit exceeded (event limit of 100000) in {} at "
                          "test.strat:{}",
                          GetParam().handler, GetParam().line));
}

INSTANTIATE_TEST_SUITE_P(
    Handlers, EndlessLoop,
    ::testing::Values(LoopCase{"on_tick", "on_tick(s: symbol) {\n    while true {\n    }\n}\n", 2},
                      LoopCase{"on_order_fill",
                               "on_bar(s: symbol) {\n    if bar_index(s) == 0 { buy(s, 1) }\n}\n"
                               "on_order_fill(o: order) {\n    let n = 0\n    while n >= 0 {\n     "
                               "   n = (n + 1) % 7\n    }\n}\n",
                               6},
                      LoopCase{
                          "on_order_update",
                          "on_bar(s: symbol) {\n    if bar_index(s) == 0 { buy(s, 1) }\n}\n"
                          "on_order_update(o: order) {\n    for i in 0..1000000000 {\n    }\n}\n",
                          5},
                      LoopCase{"on_position_change",
                               "on_bar(s: symbol) {\n    if bar_index(s) == 0 { buy(s, 1) }\n}\n"
                               "on_position_change(p: position) {\n    while true {\n    }\n}\n",
                               5}),
    [](const auto& param_info) { return std::string(param_info.param.handler); });

}  // namespace
}  // namespace dsl
