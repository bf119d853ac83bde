// Every example strategy runs on real data with a golden record of its log, fills and
// summary (tests/examples/NAME.*), and its summary agrees with its fills to the cent: cash
// is the starting cash plus what the fills sold minus what they bought minus commissions,
// and equity is that cash plus the open positions at the last close.
//
// With DSL_UPDATE_GOLDEN=1 the golden files are rewritten (review the diff).
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runner/reports.h"
#include "runner/session.h"
#include "tests/dispatch/run_support.h"
#include "tests/support/golden.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;
using engine::Fixed;

const fs::path kSource = DSL_SOURCE_DIR;

struct Example {
    std::string name;                                          // examples/NAME.strat
    std::vector<std::string> data;                             // files in data/
    std::vector<std::pair<std::string, std::string>> options;  // run configuration
};
// How gtest shows an example (in test listings, instead of its bytes).
void PrintTo(const Example& e, std::ostream* os) {
    *os << "examples/" << e.name << ".strat";
}

const std::vector<Example> kExamples = {
    {"sma_cross", {"orcl-1995-2014.csv"}, {}},
    {"limit_pullback", {"nvda-1999-2014.txt"}, {}},
    {"breakout_stops", {"yhoo-2014.csv"}, {}},
    {"stop_limit_entry", {"orcl-1995-2014.txt"}, {}},
    {"bracket_rsi", {"nvda-1999-2014.csv"}, {{"commission", "per_order:1"}}},
    {"oco_straddle", {"yhoo-2014.txt"}, {{"slippage", "ticks:2"}}},
    {"mean_reversion_short", {"orcl-1995-2014.csv"}, {{"commission", "percent:0.05"}}},
    {"pair_trading", {"orcl-1995-2014.csv", "nvda-1999-2014.csv"}, {}},
    {"volatility_breakout", {"nvda-1999-2014.csv"}, {{"commission", "per_unit:0.005:1"}}},
};

Fixed fx(const std::string& s) {
    return *Fixed::parse(s);
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ','))
        out.push_back(cell);
    return out;
}

// The last close of each symbol's data file.
std::map<std::string, Fixed> last_closes(const Example& e) {
    std::map<std::string, Fixed> out;
    for (const auto& d : e.data) {
        std::string text = test::read_text(kSource / "data" / d);
        std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
        auto cells = split(last);
        std::string symbol = runner::symbol_from_path(d);
        out[symbol] = fx(cells[4]);  // Date/timestamp, Open, High, Low, Close
    }
    return out;
}

class Examples : public ::testing::TestWithParam<Example> {};

TEST_P(Examples, RunMatchesGoldenAndAddsUp) {
    const Example& e = GetParam();
    auto module = test::compile_or_die(test::read_text(kSource / "examples" / (e.name + ".strat")));
    runner::SessionOptions o;
    for (const auto& d : e.data)
        o.data.push_back({(kSource / "data" / d).string(), std::nullopt});
    for (const auto& [option, value] : e.options)
        runner::apply_option(o.config, option, value);
    fs::path tmp = fs::temp_directory_path();
    o.fills_path = (tmp / ("dsl-example-" + e.name + ".fills.csv")).string();
    o.trades_path = (tmp / ("dsl-example-" + e.name + ".trades.csv")).string();
    std::ostringstream out, err;
    ASSERT_EQ(runner::run_session(module, o, out, err), 0) << err.str();
    std::string fills = test::read_text(o.fills_path), trades = test::read_text(o.trades_path);
    fs::remove(o.fills_path);
    fs::remove(o.trades_path);

    fs::path golden = kSource / "tests/examples" / e.name;
    if (test::update_golden()) {
        fs::create_directories(golden.parent_path());
        test::write_text(golden.string() + ".out", out.str());
        test::write_text(golden.string() + ".fills.csv", fills);
        test::write_text(golden.string() + ".trades.csv", trades);
    }
    EXPECT_EQ(out.str(), test::read_text(golden.string() + ".out")) << "log and summary differ";
    EXPECT_EQ(fills, test::read_text(golden.string() + ".fills.csv"));
    EXPECT_EQ(trades, test::read_text(golden.string() + ".trades.csv"));

    // The summary from the fills alone, exactly.
    std::ostringstream json_out, json_err;
    runner::SessionOptions quiet = o;
    quiet.fills_path.clear();
    quiet.trades_path.clear();
    quiet.json = true;
    ASSERT_EQ(runner::run_session(module, quiet, json_out, json_err), 0);
    auto summary = nlohmann::json::parse(json_out.str());
    Fixed cash = fx(summary["starting_cash"]);
    Fixed commission;
    std::map<std::string, Fixed> position;
    std::stringstream rows(fills);
    std::string line;
    std::getline(rows, line);  // header
    while (std::getline(rows, line)) {
        auto c = split(line);  // time,fill_id,order_id,symbol,side,qty,price,commission,...
        Fixed value = fx(c[5]) * fx(c[6]);
        cash = c[4] == "buy" ? cash - value : cash + value;
        cash = cash - fx(c[7]);
        commission = commission + fx(c[7]);
        position[c[3]] = c[4] == "buy" ? position[c[3]] + fx(c[5]) : position[c[3]] - fx(c[5]);
    }
    EXPECT_EQ(cash, fx(summary["final_cash"]));
    EXPECT_EQ(commission, fx(summary["commission"]));
    Fixed equity = cash;
    auto closes = last_closes(e);
    for (const auto& [symbol, qty] : position)
        equity = equity + qty * closes[symbol];
    EXPECT_EQ(equity, fx(summary["final_equity"]));
    EXPECT_EQ(equity - fx(summary["starting_cash"]), fx(summary["net_profit"]));
}

INSTANTIATE_TEST_SUITE_P(All, Examples, ::testing::ValuesIn(kExamples),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(Examples, EveryExampleHasARun) {
    for (const auto& f : test::files_in(kSource / "examples", ".strat")) {
        bool listed = std::any_of(kExamples.begin(), kExamples.end(),
                                  [&](const Example& e) { return e.name == f.stem().string(); });
        EXPECT_TRUE(listed) << f << " has no golden run in tests/dispatch/examples_test.cpp";
    }
}

}  // namespace
}  // namespace dsl
