// Every indicator, as a strategy sees it in a whole run, against its plain definition
// (tests/support/indicator_refs.h) on every bundled data file: each indicator called alone
// (so that nothing else the program reads sizes the market history it relies on: atr once
// lost the previous close that way) and all of them side by side with history reads and a
// helper function. The runs go through the file feed and the dispatcher, as dslvm's do.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "feed/feed.h"
#include "tests/dispatch/run_support.h"
#include "tests/support/indicator_refs.h"

namespace dsl::test {
namespace {

namespace fs = std::filesystem;

struct Series {
    std::vector<double> open, high, low, close;
};

// The bars of a data file as the strategy's market builtins give them (feed/feed.h).
Series read_series(const std::string& path) {
    auto feed = runner::open_files({{path, std::nullopt}}, {});
    Series s;
    while (const runner::MarketRecord* r = feed->next()) {
        s.open.push_back(r->open.to_double());
        s.high.push_back(r->high.to_double());
        s.low.push_back(r->low.to_double());
        s.close.push_back(r->close.to_double());
    }
    return s;
}

// The log lines of `source` run over the bars of `path`, split into their words.
std::vector<std::vector<std::string>> run_words(const std::string& source, const std::string& path,
                                                int n) {
    vm::VerifiedModule module = compile_or_die(source);
    auto feed = runner::open_files({{path, std::nullopt}}, {});
    runner::RunnerSetup setup = setup_for(feed->symbols());
    setup.inputs.push_back("n=" + std::to_string(n));
    LogCapture logs;
    runner::StrategyRunner run(module, setup, logs);
    EXPECT_TRUE(run.start());
    std::vector<engine::SymbolId> ids{0};
    while (const runner::MarketRecord* r = feed->next())
        EXPECT_TRUE(run.on_bar(runner::to_bar(*r, ids)));
    run.finish();
    EXPECT_TRUE(logs.errors.empty()) << logs.errors.front();
    std::vector<std::vector<std::string>> out;
    for (const std::string& line : logs.lines) {
        std::istringstream words(line.substr(line.find(": ") + 2));
        out.emplace_back();
        for (std::string w; words >> w;)
            out.back().push_back(w);
    }
    return out;
}

double value_of(const std::string& word) {
    return word == "na" ? kRefNa : std::stod(word);
}

// Column `column` of the logged words against `want`, bar by bar: na where na, else equal
// up to rounding (the state machines sum in another order than the definitions).
void expect_column(const std::vector<std::vector<std::string>>& got, size_t column,
                   const std::vector<double>& want, const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_LT(column, got[i].size()) << what;
        double v = value_of(got[i][column]);
        if (std::isnan(want[i])) {
            ASSERT_TRUE(std::isnan(v)) << what << " at bar " << i << ": " << got[i][column];
        } else {
            ASSERT_NEAR(v, want[i], 1e-9 * std::max(1.0, std::fabs(want[i])))
                << what << " at bar " << i;
        }
    }
}

void expect_flags(const std::vector<std::vector<std::string>>& got, size_t column,
                  const std::vector<bool>& want, const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(got[i].at(column), want[i] ? "true" : "false") << what << " at bar " << i;
}

// Each indicator's call, and its reference over a file's series for length n.
struct Indicator {
    std::string call;
    std::function<std::vector<double>(const Series&, int)> values;    // float results
    std::function<std::vector<bool>(const Series&)> flags = nullptr;  // bool results
};

const std::map<std::string, Indicator>& indicators() {
    static const std::map<std::string, Indicator> all = {
        {"sma", {"sma(close(s), n)", [](const Series& s, int n) { return ref_sma(s.close, n); }}},
        {"ema", {"ema(close(s), n)", [](const Series& s, int n) { return ref_ema(s.close, n); }}},
        {"rsi", {"rsi(close(s), n)", [](const Series& s, int n) { return ref_rsi(s.close, n); }}},
        {"stdev",
         {"stdev(close(s), n)", [](const Series& s, int n) { return ref_stdev(s.close, n); }}},
        {"highest",
         {"highest(high(s), n)",
          [](const Series& s, int n) { return ref_extreme(s.high, n, true); }}},
        {"lowest",
         {"lowest(low(s), n)",
          [](const Series& s, int n) { return ref_extreme(s.low, n, false); }}},
        {"atr",
         {"atr(s, n)", [](const Series& s, int n) { return ref_atr(s.high, s.low, s.close, n); }}},
        {"crossover",
         {"crossover(close(s), open(s))", nullptr,
          [](const Series& s) { return ref_cross(s.close, s.open, true); }}},
        {"crossunder",
         {"crossunder(close(s), open(s))", nullptr,
          [](const Series& s) { return ref_cross(s.close, s.open, false); }}},
    };
    return all;
}

void expect_indicator(const Indicator& ind, const std::vector<std::vector<std::string>>& got,
                      size_t column, const Series& series, int n, const std::string& what) {
    if (ind.flags)
        expect_flags(got, column, ind.flags(series), what);
    else
        expect_column(got, column, ind.values(series, n), what);
}

std::vector<fs::path> data_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(fs::path(DSL_SOURCE_DIR) / "data")) {
        if (e.path().extension() == ".csv" || e.path().extension() == ".txt")
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(IndicatorReference, EveryIndicatorCalledAloneMatchesItsDefinitionOnEveryDataFile) {
    auto files = data_files();
    ASSERT_EQ(files.size(), 6u);
    for (const fs::path& file : files) {
        Series series = read_series(file.string());
        ASSERT_GT(series.close.size(), 200u);
        for (const auto& [name, ind] : indicators()) {
            std::string source =
                "input n: int = 14\non_bar(s: symbol) {\n    log(\"{}\", " + ind.call + ")\n}\n";
            for (int n : {1, 14, 50}) {
                std::string what =
                    name + " n=" + std::to_string(n) + " alone on " + file.filename().string();
                expect_indicator(ind, run_words(source, file.string(), n), 0, series, n, what);
                if (ind.flags) break;  // no length
            }
        }
    }
}

// All at once, beside history reads (a constant and a run-time offset, which size the history
// differently) and with one indicator behind a function: each still equals its definition.
TEST(IndicatorReference, IndicatorsSideBySideMatchTheirDefinitionsOnEveryDataFile) {
    std::string calls, holes;
    std::vector<const Indicator*> order;
    for (const auto& [name, ind] : indicators()) {
        calls += ", " + ind.call;
        holes += " {}";
        order.push_back(&ind);
    }
    std::string source =
        "input n: int = 14\n"
        "fn wide(s: symbol) -> float {\n"
        "    return highest(high(s), n + 1)\n"
        "}\n"
        "on_bar(s: symbol) {\n"
        "    let back = close(s)[2] + close(s)[n]\n"
        "    log(\"{}" +
        holes + " {}\", back" + calls +
        ", wide(s))\n"
        "}\n";
    for (const fs::path& file : data_files()) {
        Series series = read_series(file.string());
        for (int n : {3, 20}) {
            auto got = run_words(source, file.string(), n);
            for (size_t i = 0; i < order.size(); ++i) {
                std::string what = order[i]->call + " n=" + std::to_string(n) +
                                   " beside others on " + file.filename().string();
                expect_indicator(*order[i], got, i + 1, series, n, what);
            }
            expect_column(got, order.size() + 1, ref_extreme(series.high, n + 1, true),
                          "highest in a function on " + file.filename().string());
        }
    }
}

}  // namespace
}  // namespace dsl::test
