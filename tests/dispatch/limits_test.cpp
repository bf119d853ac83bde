// The limits a whole run is held to, beyond what the VM meters itself: the market history a
// strategy keeps counts against its memory limit before any of it is allocated; the handlers
// of one market event may issue a bounded number of order commands, so a handler that answers
// its own updates with new commands stops with an error naming it and its line (delivery is
// iterative: never a native stack overflow); and the engine's order records count against the
// memory limit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tests/dispatch/run_support.h"

namespace dsl::test {
namespace {

// The strategy's log lines and errors over `bars` daily bars of one symbol, A, that rise by 1
// a day from 100 with a range of 2.
struct Outcome {
    std::vector<std::string> lines, errors;
    uint64_t orders = 0;
};
Outcome run_bars(const std::string& source, int bars, runner::RunnerSetup setup) {
    vm::VerifiedModule module = compile_or_die(source);
    LogCapture logs;
    runner::StrategyRunner run(module, setup, logs);
    bool ok = run.start();
    for (int d = 0; ok && d < bars; ++d) {
        std::string mid = std::to_string(100 + d), lo = std::to_string(99 + d),
                    hi = std::to_string(101 + d);
        ok = run.on_bar(bar(d, mid.c_str(), hi.c_str(), lo.c_str(), mid.c_str()));
    }
    if (ok) run.finish();
    return {logs.lines, logs.errors, run.engine().last_order_id()};
}

TEST(RunLimits, MarketHistoryCountsAgainstTheMemoryLimit) {
    vm::VerifiedModule module = compile_or_die(
        "on_bar(s: symbol) {\n"
        "    log(\"{}\", close(s)[100000])\n"
        "}\n");
    ASSERT_EQ(module.module().history_depth, 100001u);
    runner::RunnerSetup setup = setup_for({"A", "B"});
    setup.limits.memory = 8 << 20;  // the history of two symbols needs 12 MiB
    LogCapture logs;
    runner::StrategyRunner run(module, setup, logs);
    EXPECT_FALSE(run.start());
    EXPECT_FALSE(run.on_bar(bar(0, "10", "11", "9", "10")));
    ASSERT_EQ(logs.errors.size(), 1u);
    EXPECT_EQ(logs.errors[0],
              "runtime error: memory limit exceeded (8388608 bytes): the market history (100001 "
              "bars of 2 symbols) needs 12582912 bytes in <setup> at test.strat");
    EXPECT_TRUE(logs.lines.empty());

    // One symbol fits.
    setup = setup_for({"A"});
    setup.limits.memory = 8 << 20;
    LogCapture one;
    runner::StrategyRunner fits(module, setup, one);
    EXPECT_TRUE(fits.start());
    EXPECT_TRUE(fits.on_bar(bar(0, "10", "11", "9", "10")));
    EXPECT_EQ(one.lines, std::vector<std::string>{"on_bar: na"});
}

// An update handler that resubmits every rejected order: each rejection is reported at once,
// within the same market event, so the handler answers itself. It used to recurse until the
// native stack overflowed.
TEST(RunLimits, AHandlerThatResubmitsEveryRejectionStopsAtTheCommandLimit) {
    const char* source =
        "on_bar(s: symbol) {\n"
        "    if bar_index(s) == 1 { limit_buy(s, 10, -1.0) }\n"
        "}\n"
        "on_order_update(o: order) {\n"
        "    if o.status == OrderStatus.Rejected { limit_buy(o.symbol, 10, -1.0) }\n"
        "}\n";
    Outcome r = run_bars(source, 5, setup_for({"A"}));
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0],
              "runtime error: order command limit exceeded (10000 in one market event) in "
              "on_order_update at test.strat:5");
    EXPECT_EQ(r.orders, 10000u);  // the 10,001st command never reached the engine

    // The limit is the run's to set.
    runner::RunnerSetup setup = setup_for({"A"});
    setup.trading.event_commands = 3;
    r = run_bars(source, 5, setup);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.orders, 3u);
}

// Cancel and replace on every acceptance: two commands per round, and the cancel's own update.
TEST(RunLimits, CancelAndReplaceOnAcceptStopsAtTheCommandLimit) {
    Outcome r = run_bars(
        "on_bar(s: symbol) {\n"
        "    if bar_index(s) == 1 { limit_buy(s, 10, 50.0) }\n"
        "}\n"
        "on_order_update(o: order) {\n"
        "    if o.status == OrderStatus.Open {\n"
        "        cancel(o.id)\n"
        "        limit_buy(o.symbol, 10, 50.0)\n"
        "    }\n"
        "}\n",
        5, setup_for({"A"}));
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0],
              "runtime error: order command limit exceeded (10000 in one market event) in "
              "on_order_update at test.strat:7");  // the 10,001st: a replacement
}

// The limit counts one market event's commands: a strategy that issues many on every bar,
// but fewer than the limit on each, runs to the end.
TEST(RunLimits, TheCommandLimitIsPerMarketEvent) {
    runner::RunnerSetup setup = setup_for({"A"});
    setup.trading.event_commands = 10;
    Outcome r = run_bars(
        "on_bar(s: symbol) {\n"
        "    for i in 0..5 { cancel(limit_buy(s, 1, 1.0)) }\n"
        "}\n",
        50, setup);
    EXPECT_TRUE(r.errors.empty()) << r.errors.front();
    EXPECT_EQ(r.orders, 250u);
}

// Every order builtin is a command: with a limit of 1, the second call stops the strategy.
TEST(RunLimits, EveryOrderBuiltinCountsAsACommand) {
    const std::map<BuiltinId, std::string> calls = {
        {BuiltinId::buy, "buy(s, 1)"},
        {BuiltinId::sell, "sell(s, 1)"},
        {BuiltinId::limit_buy, "limit_buy(s, 1, 50.0)"},
        {BuiltinId::limit_sell, "limit_sell(s, 1, 500.0)"},
        {BuiltinId::stop_buy, "stop_buy(s, 1, 500.0)"},
        {BuiltinId::stop_sell, "stop_sell(s, 1, 50.0)"},
        {BuiltinId::stop_limit_buy, "stop_limit_buy(s, 1, 500.0, 501.0)"},
        {BuiltinId::stop_limit_sell, "stop_limit_sell(s, 1, 50.0, 49.0)"},
        {BuiltinId::trailing_stop_buy, "trailing_stop_buy(s, 1, 5.0)"},
        {BuiltinId::trailing_stop_sell, "trailing_stop_sell(s, 1, 5.0)"},
        {BuiltinId::trailing_stop_buy_pct, "trailing_stop_buy_pct(s, 1, 5.0)"},
        {BuiltinId::trailing_stop_sell_pct, "trailing_stop_sell_pct(s, 1, 5.0)"},
        {BuiltinId::bracket_buy, "bracket_buy(s, 1, na, 500.0, 50.0)"},
        {BuiltinId::bracket_sell, "bracket_sell(s, 1, na, 50.0, 500.0)"},
        {BuiltinId::oco, "oco(1, 2)"},
        {BuiltinId::cancel, "cancel(1)"},
        {BuiltinId::cancel_all, "cancel_all()"},
        {BuiltinId::cancel_all_symbol, "cancel_all(s)"},
        {BuiltinId::close_position, "close_position(s)"},
    };
    for (const BuiltinInfo& b : all_builtins()) {
        if (!b.has(kOrder)) continue;
        ASSERT_TRUE(calls.count(b.id)) << "no call of " << b.signature_text << " in this test";
    }
    for (const auto& [builtin, call] : calls) {
        const std::string id = call;
        runner::RunnerSetup setup = setup_for({"A"});
        setup.trading.event_commands = 1;
        // Bar 0 opens a position and two orders (so that every command has something to act on).
        Outcome r = run_bars(
            "on_bar(s: symbol) {\n"
            "    if bar_index(s) == 0 { limit_sell(s, 1, 900.0) }\n"
            "    if bar_index(s) == 1 { limit_sell(s, 1, 900.0) }\n"
            "    if bar_index(s) == 2 { buy(s, 1) }\n"
            "    if bar_index(s) == 4 {\n"
            "        " +
                call + "\n" + "        " + call + "\n" +
                "    }\n"
                "}\n",
            6, setup);
        ASSERT_EQ(r.errors.size(), 1u) << id;
        EXPECT_EQ(r.errors[0],
                  "runtime error: order command limit exceeded (1 in one market event) in "
                  "on_bar at test.strat:7")
            << id;
    }
}

// Order records are strategy memory: working orders that pile up stop the strategy at the
// command that passes the limit; orders that end are sealed at ~20 bytes and cost little.
TEST(RunLimits, OrderRecordsCountAgainstTheMemoryLimit) {
    runner::RunnerSetup setup = setup_for({"A"});
    setup.limits.memory = 8 << 20;
    Outcome piling = run_bars(
        "on_bar(s: symbol) {\n"
        "    for i in 0..1000 { limit_buy(s, 1, 1.0) }\n"
        "}\n",
        200, setup);
    ASSERT_EQ(piling.errors.size(), 1u);
    const std::string& e = piling.errors[0];
    EXPECT_EQ(
        e.rfind("runtime error: memory limit exceeded (8388608 bytes): the order records (", 0), 0u)
        << e;
    EXPECT_NE(e.find(" in on_bar at test.strat:2"), std::string::npos) << e;
    EXPECT_LT(piling.orders, 30'000u);

    // 100,000 orders that end on the bar after they are placed (IOC) fit in the same limit.
    Outcome ending = run_bars(
        "on_bar(s: symbol) {\n"
        "    for i in 0..20 { limit_buy(s, 1, 1.0, tif: TimeInForce.IOC) }\n"
        "}\n",
        5000, setup);
    EXPECT_TRUE(ending.errors.empty()) << ending.errors.front();
    EXPECT_EQ(ending.orders, 100'000u);
}

// Every example under memory limits from one byte up: each run ends, completed or stopped by
// a memory error (in <setup> when not even the VM's own set-up fits), never by an exception
// escaping the runner. A limit below the set-up once aborted the process.
TEST(RunLimits, EveryExampleEndsCleanlyUnderAnyMemoryLimit) {
    namespace fs = std::filesystem;
    int stopped_in_setup = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(DSL_SOURCE_DIR) / "examples")) {
        if (entry.path().extension() != ".strat") continue;
        std::ifstream in(entry.path());
        std::string source((std::istreambuf_iterator<char>(in)), {});
        for (uint64_t limit : {uint64_t(1), uint64_t(5000), uint64_t(64) << 10, uint64_t(200) << 10,
                               uint64_t(1) << 20}) {
            runner::RunnerSetup setup = setup_for({"A"});
            setup.limits.memory = limit;
            Outcome r = run_bars(source, 300, setup);
            ASSERT_LE(r.errors.size(), 1u);
            if (r.errors.empty()) continue;
            EXPECT_NE(r.errors[0].find("memory limit exceeded"), std::string::npos)
                << entry.path() << " at " << limit << ": " << r.errors[0];
            if (r.errors[0].find("<setup>") != std::string::npos) ++stopped_in_setup;
        }
    }
    EXPECT_GT(stopped_in_setup, 0);
}

// Random strategies whose handlers all issue commands, in answer to each other too (updates,
// fills, position changes), under small limits: every run ends, completed or stopped by a
// runtime error of a limit or a builtin; none crashes or hangs. The ASan/UBSan build runs it
// too.
TEST(RunLimits, RandomReentrantStrategiesAlwaysEndCleanly) {
    const std::vector<std::string> commands = {
        "buy(S, 1)",
        "sell(S, 2)",
        "limit_buy(S, 1, -1.0)",  // rejected at once
        "limit_buy(S, 1, P - 1.0)",
        "limit_sell(S, 1, P + 1.0)",
        "stop_sell(S, 1, P - 3.0)",
        "bracket_buy(S, 1, na, P + 2.0, P - 2.0)",
        "close_position(S)",
        "cancel_all()",
        "cancel(N)",
        "oco(N, N - 1)",
        "for i in 0..3 { limit_buy(S, 1, P - 5.0) }",
    };
    const std::vector<std::string> guards = {"true", "false", "N % 2 == 0", "N % 3 == 1"};
    std::mt19937 rng(20261203);
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    // A handler body: a few commands under guards; S, P and N are bound per handler.
    auto body = [&](const std::string& s, const std::string& p, const std::string& n) {
        std::string out = "    let S = " + s + "\n    let P = " + p + "\n    let N = " + n + "\n";
        for (int k = int(rng() % 4); k > 0; --k)
            out += "    if " + pick(guards) + " { " + pick(commands) + " }\n";
        out += "    if S == S and P == P and N == N {}\n";  // every binding is used
        return out;
    };
    int stopped = 0;
    for (int round = 0; round < 60; ++round) {
        std::string source =
            "on_bar(s: symbol) {\n" + body("s", "close(s)", "bar_index(s)") + "}\n" +
            "on_order_update(o: order) {\n" + body("o.symbol", "close(o.symbol)", "o.id") + "}\n" +
            "on_order_fill(o: order) {\n" + body("o.symbol", "o.last_fill_price", "o.id") + "}\n" +
            "on_position_change(p: position) {\n" +
            body("p.symbol", "close(p.symbol)", "int(p.qty)") + "}\n";
        runner::RunnerSetup setup = setup_for({"A"});
        setup.trading.event_commands = 200;
        setup.limits.memory = 4 << 20;
        setup.limits.run_gas = 5'000'000;
        Outcome r = run_bars(source, 40, setup);
        ASSERT_LE(r.errors.size(), 1u) << source;
        if (r.errors.empty()) continue;
        ++stopped;
        const std::string& e = r.errors[0];
        bool known = e.find("order command limit exceeded") != std::string::npos ||
                     e.find("memory limit exceeded") != std::string::npos ||
                     e.find("gas limit exceeded") != std::string::npos;
        EXPECT_TRUE(known) << e << "\n" << source;
    }
    EXPECT_GT(stopped, 0);  // the generator does reach the limits
}

}  // namespace
}  // namespace dsl::test
