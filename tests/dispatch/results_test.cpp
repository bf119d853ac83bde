// Run configuration, trade accounting and the report formats.
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runner/reports.h"
#include "runner/run_config.h"
#include "tests/dispatch/run_support.h"

namespace dsl {
namespace {

using engine::Fixed;
using test::fx;

std::string config_error(const std::string& json) {
    runner::RunConfig c;
    try {
        runner::apply_config_json(c, json, "run.json");
    } catch (const runner::ConfigError& e) {
        return e.what();
    }
    return "";
}

std::string option_error(const std::string& option, const std::string& value) {
    runner::RunConfig c;
    try {
        runner::apply_option(c, option, value);
    } catch (const runner::ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(RunConfig, JsonSetsEverySetting) {
    runner::RunConfig c;
    runner::apply_config_json(c, R"({
        "cash": "250000.5", "path": "worst_case",
        "commission": {"kind": "percent", "rate": "0.1", "minimum": 1},
        "slippage": {"kind": "ticks", "amount": "2", "atr_period": 10, "limit_orders": false},
        "liquidity": {"kind": "bar_volume", "percent": "0.001"},
        "latency": {"submit_ms": 50, "submit_jitter_ms": 10, "cancel_ms": 20, "cancel_jitter_ms": 0},
        "seed": 7, "account": {"kind": "margin", "initial_margin": "0.5", "maintenance_margin": "0.3"},
        "off_tick": "round", "session_offset_hours": -5,
        "instruments": {"ES": {"tick": "0.25", "multiplier": "50"}}
    })",
                              "run.json");
    const auto& e = c.engine;
    EXPECT_EQ(e.starting_cash, fx("250000.5"));
    EXPECT_EQ(e.path_model, engine::PathModelKind::worst_case);
    EXPECT_EQ(e.commission.kind, engine::CommissionKind::percent);
    EXPECT_EQ(e.commission.minimum, fx("1"));
    EXPECT_EQ(e.slippage.kind, engine::SlippageKind::ticks);
    EXPECT_EQ(e.slippage.atr_period, 10);
    EXPECT_FALSE(e.slippage.apply_to_limit_orders);
    EXPECT_EQ(e.liquidity.percent, fx("0.001"));
    EXPECT_EQ(e.latency.submit_ns, 50'000'000);
    EXPECT_EQ(e.latency.submit_jitter_ns, 10'000'000);
    EXPECT_EQ(e.latency.cancel_ns, 20'000'000);
    EXPECT_EQ(e.seed, 7u);
    EXPECT_EQ(e.account.kind, engine::AccountKind::margin);
    EXPECT_EQ(e.account.maintenance_margin_rate, fx("0.3"));
    EXPECT_EQ(e.off_tick, engine::OffTickPolicy::round);
    EXPECT_EQ(e.session_offset_ns, -5 * 3600 * engine::kNanosPerSecond);
    auto es = c.instrument("ES");
    EXPECT_EQ(es.tick_size, fx("0.25"));
    EXPECT_EQ(es.multiplier, fx("50"));
    EXPECT_EQ(es.lot_size, fx("1"));
    EXPECT_EQ(c.instrument("OTHER").tick_size, fx("0.000001"));
}

TEST(RunConfig, MistakesNameTheKeyAndTheChoices) {
    EXPECT_EQ(config_error(R"({"cash": "lots"})"), "run.json.cash: 'lots' is not a number");
    EXPECT_EQ(config_error(R"({"path": "random"})"),
              "run.json.path: unknown value 'random' (expected one of: nearest_extreme, ohlc, "
              "worst_case)");
    EXPECT_EQ(config_error(R"({"comission": {}})"),
              "run.json: unknown key 'comission' (expected one of: cash, path, commission, "
              "slippage, liquidity, "
              "latency, seed, account, off_tick, session_offset_hours, instruments)");
    EXPECT_EQ(config_error(R"({"commission": {"kind": "percent", "rate": "-1"}})"),
              "run.json.commission.rate: must not be negative, got -1");
    EXPECT_EQ(config_error(R"({"latency": {"submit_ms": 1.5}})"),
              "run.json.latency.submit_ms: expected a whole number");
    EXPECT_EQ(config_error(R"({"instruments": {"X": {"tick": "0"}}})"),
              "run.json.instruments.X.tick: tick must be greater than zero");
    EXPECT_NE(config_error("{").find("run.json: not valid JSON"), std::string::npos);
    // Every object lists its own keys.
    EXPECT_EQ(config_error(R"({"slippage": {"amount": "1", "kinds": "fixed"}})"),
              "run.json.slippage: unknown key 'kinds' (expected one of: kind, amount, atr_period, "
              "limit_orders)");
    EXPECT_EQ(config_error(R"({"latency": {"cancel": 5}})"),
              "run.json.latency: unknown key 'cancel' (expected one of: submit_ms, "
              "submit_jitter_ms, cancel_ms, cancel_jitter_ms)");
    EXPECT_EQ(config_error(R"({"instruments": {"X": {"size": "1"}}})"),
              "run.json.instruments.X: unknown key 'size' (expected one of: tick, lot, "
              "multiplier, initial_margin, maintenance_margin)");
    EXPECT_EQ(config_error(R"({"instruments": 3})"), "run.json.instruments: expected an object");
    EXPECT_EQ(config_error(R"({"account": ["margin"]})"), "run.json.account: expected an object");
}

TEST(RunConfig, CommandLineOptions) {
    runner::RunConfig c;
    runner::apply_option(c, "commission", "per_order:1.5:2");
    runner::apply_option(c, "slippage", "percent:0.1");
    runner::apply_option(c, "latency", "100:20");
    runner::apply_option(c, "instrument", "NVDA:tick=0.01,lot=10");
    EXPECT_EQ(c.engine.commission.kind, engine::CommissionKind::per_order);
    EXPECT_EQ(c.engine.commission.rate, fx("1.5"));
    EXPECT_EQ(c.engine.commission.minimum, fx("2"));
    EXPECT_EQ(c.engine.slippage.amount, fx("0.1"));
    EXPECT_EQ(c.engine.latency.submit_ns, 100'000'000);
    EXPECT_EQ(c.engine.latency.submit_jitter_ns, 20'000'000);
    EXPECT_EQ(c.instrument("NVDA").lot_size, fx("10"));
    EXPECT_EQ(
        option_error("slippage", "lots:3"),
        "--slippage: unknown value 'lots' (expected one of: none, fixed, ticks, percent, atr)");
    EXPECT_EQ(option_error("latency", "-5"), "--latency: latencies must not be negative");
    EXPECT_EQ(option_error("instrument", "NVDA"), "--instrument: expected SYMBOL:key=value,...");
    EXPECT_EQ(option_error("instrument", "NVDA:size=3"),
              "--instrument: unknown instrument setting 'size'");
}

TEST(Reports, TimesAreIso8601) {
    engine::Timestamp day = 16072 * engine::kNanosPerDay;  // 2014-01-02
    EXPECT_EQ(runner::format_time(day), "2014-01-02");
    EXPECT_EQ(runner::format_time(day + 52205 * engine::kNanosPerSecond), "2014-01-02T14:30:05Z");
    EXPECT_EQ(runner::format_time(day + 250'000'000), "2014-01-02T00:00:00.25Z");
    EXPECT_EQ(runner::format_time(-engine::kNanosPerDay), "1969-12-31");
    EXPECT_EQ(runner::format_time(engine::kNoTime), "-");
}

// Runs `source` over `bars` and returns the collector.
struct Run {
    std::vector<runner::Trade> trades;
    runner::Summary summary;
};

Run run_strategy(const std::string& source, const std::vector<engine::Bar>& bars,
                 const std::string& commission = "") {
    auto module = test::compile_or_die(source);
    auto setup = test::setup_for({"TEST"});
    if (!commission.empty()) {
        runner::RunConfig c;
        runner::apply_option(c, "commission", commission);
        setup.engine = c.engine;
    }
    runner::ResultCollector results(setup.engine.starting_cash);
    runner::StrategyRunner run(module, setup, results);
    run.start();
    for (const auto& b : bars)
        run.on_bar(b);
    run.finish();
    return {results.trades(), results.summary(run.gas_used(), run.engine().portfolio())};
}

TEST(Trades, AReversalClosesOneTradeAndOpensTheNext) {
    // Buy 100 on bar 0 (fills at bar 1's open, 10), sell 200 on bar 2 (fills at bar 3's open, 12).
    auto r =
        run_strategy(R"(
on_bar(s: symbol) {
    if bar_index(s) == 0 { buy(s, 100) }
    if bar_index(s) == 2 { sell(s, 200) }
}
)",
                     {test::bar(0, "9", "9", "9", "9"), test::bar(1, "10", "10", "10", "10"),
                      test::bar(2, "11", "11", "11", "11"), test::bar(3, "12", "12", "12", "12"),
                      test::bar(4, "11", "11", "11", "11")},
                     "per_order:3");
    ASSERT_EQ(r.trades.size(), 2u);
    const auto& first = r.trades[0];
    EXPECT_EQ(first.direction, 1);
    EXPECT_FALSE(first.open);
    EXPECT_EQ(first.avg_entry(), fx("10"));
    EXPECT_EQ(first.avg_exit(), fx("12"));
    EXPECT_EQ(first.gross_pnl, fx("200"));
    // The entry's commission (3) and half of the reversing fill's (1.5 of 3).
    EXPECT_EQ(first.commission, fx("4.5"));
    EXPECT_EQ(first.bars, 2u);
    const auto& second = r.trades[1];
    EXPECT_EQ(second.direction, -1);
    EXPECT_TRUE(second.open);
    EXPECT_EQ(second.max_qty, fx("100"));
    EXPECT_EQ(second.commission, fx("1.5"));
    EXPECT_EQ(r.summary.trades, 1u);
    EXPECT_EQ(r.summary.wins, 1u);
    // Short 100 from 12, marked at 11: +100 unrealized.
    EXPECT_EQ(r.summary.net_profit, fx("200") + fx("100") - fx("6"));
}

TEST(Trades, AddsAndPartialExitsStayInOneTrade) {
    auto r =
        run_strategy(R"(
on_bar(s: symbol) {
    let i = bar_index(s)
    if i == 0 { buy(s, 100) }
    if i == 1 { buy(s, 100) }
    if i == 2 { sell(s, 50) }
    if i == 3 { sell(s, 150) }
}
)",
                     {test::bar(0, "10", "10", "10", "10"), test::bar(1, "10", "10", "10", "10"),
                      test::bar(2, "12", "12", "12", "12"), test::bar(3, "14", "14", "14", "14"),
                      test::bar(4, "16", "16", "16", "16")});
    ASSERT_EQ(r.trades.size(), 1u);
    const auto& t = r.trades[0];
    EXPECT_FALSE(t.open);
    EXPECT_EQ(t.max_qty, fx("200"));
    EXPECT_EQ(t.avg_entry(), fx("11"));   // 100 at 10 and 100 at 12
    EXPECT_EQ(t.avg_exit(), fx("15.5"));  // 50 at 14, 150 at 16
    EXPECT_EQ(t.gross_pnl, fx("900"));
    EXPECT_EQ(r.summary.final_equity - r.summary.starting_cash, fx("900"));
    EXPECT_DOUBLE_EQ(r.summary.win_rate, 100.0);
    EXPECT_FALSE(r.summary.profit_factor.has_value());
}

TEST(Summary, DrawdownAndExposure) {
    auto r = run_strategy(
        R"(
on_bar(s: symbol) {
    if bar_index(s) == 0 { buy(s, 10) }
    if bar_index(s) == 3 { close_position(s) }
}
)",
        {test::bar(0, "100", "100", "100", "100"), test::bar(1, "100", "100", "100", "100"),
         test::bar(2, "80", "80", "80", "80"), test::bar(3, "90", "90", "90", "90"),
         test::bar(4, "95", "95", "95", "95"), test::bar(5, "95", "95", "95", "95")});
    EXPECT_EQ(r.summary.max_drawdown, fx("200"));  // 10 x (100 - 80)
    EXPECT_NEAR(r.summary.max_drawdown_pct, 0.2, 1e-12);
    // Held after bars 1, 2, 3 (sold at bar 4's open): 3 of 6 events.
    EXPECT_DOUBLE_EQ(r.summary.exposure, 50.0);
    EXPECT_EQ(r.summary.net_profit, fx("-50"));
    EXPECT_EQ(r.summary.trades, 1u);
    EXPECT_EQ(r.summary.losses, 1u);
}

// A trade that closes at exactly its cost is neither won nor lost: it is counted as even, so
// that the parts of the trade count add up to the total, in the text and in the JSON.
TEST(Summary, BreakEvenTradesAreCountedAndShown) {
    auto r = run_strategy(
        R"(
on_bar(s: symbol) {
    let i = bar_index(s)
    if i == 0 or i == 2 or i == 4 { buy(s, 10) }
    if i == 1 or i == 3 or i == 5 { close_position(s) }
}
)",
        {test::bar(0, "100", "100", "100", "100"), test::bar(1, "100", "100", "100", "100"),
         test::bar(2, "100", "100", "100", "100"), test::bar(3, "100", "100", "100", "100"),
         test::bar(4, "102", "102", "102", "102"), test::bar(5, "102", "102", "102", "102"),
         test::bar(6, "98", "98", "98", "98")});
    // Orders fill at the next bar's open: bought at 100 and sold at 100, bought at 100 and
    // sold at 102, bought at 102 and sold at 98.
    EXPECT_EQ(r.summary.trades, 3u);
    EXPECT_EQ(r.summary.wins, 1u);
    EXPECT_EQ(r.summary.losses, 1u);
    EXPECT_EQ(r.summary.break_even, 1u);
    std::string text = runner::summary_text(r.summary);
    EXPECT_NE(text.find("trades          3 (1 won, 1 lost, 1 even)\n"), std::string::npos) << text;
    auto json = nlohmann::json::parse(runner::summary_json(r.summary));
    EXPECT_EQ(json["break_even"], 1);
    // Without one, the line is as it always was.
    r.summary.break_even = 0;
    r.summary.trades = 2;
    EXPECT_NE(runner::summary_text(r.summary).find("trades          2 (1 won, 1 lost)\n"),
              std::string::npos);
}

// The Sharpe ratio is taken over the equity at the end of each UTC day: later events of a day
// overwrite its value, and a new day starts a new one. The day-end series here differs from
// the day-start one, so either mistake changes the figure.
TEST(Summary, SharpeUsesEachDaysLastEquity) {
    runner::ResultCollector results(fx("100"));
    const struct {
        int day;
        int hour;
        const char* equity;
    } events[] = {{0, 9, "100"}, {0, 15, "90"}, {1, 9, "95"}, {1, 12, "97"},
                  {1, 15, "99"}, {2, 9, "120"}, {3, 9, "80"}, {3, 15, "118"}};
    for (const auto& e : events) {
        engine::Bar b = test::bar(e.day, "1", "1", "1", "1");
        b.ts += e.hour * 3600 * engine::kNanosPerSecond;
        results.on_bar(0, b);
        results.on_equity(b.ts, fx(e.equity), false);
    }
    const double day_end[] = {90, 99, 120, 118};
    double r[3], mean = 0, var = 0;
    for (int i = 0; i < 3; ++i) {
        r[i] = day_end[i + 1] / day_end[i] - 1;
        mean += r[i] / 3;
    }
    for (double x : r)
        var += (x - mean) * (x - mean) / 2;
    EXPECT_DOUBLE_EQ(results.summary(0, {}).sharpe, mean / std::sqrt(var) * std::sqrt(252.0));
}

}  // namespace
}  // namespace dsl
