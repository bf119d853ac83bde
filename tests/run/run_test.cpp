// Golden run tests: every tests/run/*.strat is compiled, verified and run, and what it does is
// compared with the expectations written in its comments (Wren's test.py style):
//
//   // expect: <log line>                 the next log line, in order of appearance
//   // expect runtime error: <message>    the run stops with this message, on this line
//   // run: input n=3                     an --input override (repeatable)
//   // run: event-gas 5000                limits: event-gas, run-gas, depth, memory
//   // data: YHOO yhoo-2014.csv           bars of data/<file> for a symbol, fed to on_bar
//   // engine: latency 1000               an engine setting, as dslvm's --latency 1000
//
// The run: state initialiser, on_start, on_bar for each bar of each data file (symbols in
// turn, bar by bar), on_stop; it stops at the first runtime error, as dslvm does. A strategy
// that trades (calls an order or portfolio builtin) runs as dslvm runs it: through the
// dispatcher (runner/strategy_runner.h) and the order engine, its bars merged by timestamp, so
// that its order handlers run too. Files named fail_*.strat must expect a runtime error; the
// others must not fail.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/compile.h"
#include "feed/feed.h"
#include "runner/run_config.h"
#include "runner/strategy_runner.h"
#include "stdlib/stdlib.h"
#include "stdlib/trading.h"
#include "tests/vm/test_market.h"
#include "vm/vm.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;

struct Expectations {
    std::vector<std::string> logs;
    bool expects_error = false;
    uint32_t error_line = 0;
    std::string error_message;
    std::vector<std::string> inputs;
    vm::Limits limits;
    std::vector<std::pair<std::string, std::string>> data;    // symbol, file
    std::vector<std::pair<std::string, std::string>> engine;  // option, value
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Expectations parse_expectations(const std::string& source) {
    Expectations e;
    std::istringstream in(source);
    std::string line;
    for (uint32_t number = 1; std::getline(in, line); ++number) {
        auto after = [&](std::string_view marker) -> std::optional<std::string> {
            size_t at = line.find(marker);
            if (at == std::string::npos) return std::nullopt;
            return line.substr(at + marker.size());
        };
        if (auto text = after("// expect: ")) {
            e.logs.push_back(*text);
        } else if (auto message = after("// expect runtime error: ")) {
            e.expects_error = true;
            e.error_line = number;
            e.error_message = *message;
        } else if (auto run = after("// run: ")) {
            std::istringstream words(*run);
            std::string key, value;
            words >> key >> value;
            if (key == "input") e.inputs.push_back(value);
            if (key == "event-gas") e.limits.event_gas = std::stoll(value);
            if (key == "run-gas") e.limits.run_gas = std::stoll(value);
            if (key == "depth") e.limits.max_call_depth = uint32_t(std::stoul(value));
            if (key == "memory") e.limits.memory = std::stoull(value);
        } else if (auto data = after("// data: ")) {
            std::istringstream words(*data);
            std::string symbol, file;
            words >> symbol >> file;
            e.data.emplace_back(symbol, file);
        } else if (auto setting = after("// engine: ")) {
            std::istringstream words(*setting);
            std::string option, value;
            words >> option >> value;
            e.engine.emplace_back(option, value);
        }
    }
    return e;
}

struct Outcome {
    std::vector<std::string> logs;
    std::optional<vm::RuntimeError> error;
};

bool trades(const vm::VerifiedModule& module) {
    const auto& imports = module.module().imports;
    return std::any_of(imports.begin(), imports.end(),
                       [](const auto& i) { return stdlib::binds_trading(i.id); });
}

// The VM with the stdlib alone, over a test market: symbols in turn, bar by bar.
Outcome run_on_stdlib(const vm::VerifiedModule& module, const Expectations& want) {
    stdlib::TestMarket market;
    for (const auto& [symbol, file] : want.data) {
        auto bars = stdlib::load_csv(std::string(DSL_TEST_DATA_DIR) + "/" + file);
        EXPECT_FALSE(bars.empty()) << file;
        market.add(symbol, std::move(bars));
    }
    Outcome got;
    stdlib::Runtime runtime(module.module(), market,
                            [&](std::string_view line) { got.logs.emplace_back(line); });
    vm::Host host;
    runtime.bind(host);
    EXPECT_EQ(vm::check_bindings(module.module(), host), std::nullopt);
    vm::Vm vm(module, host, want.limits);
    for (const auto& input : want.inputs)
        EXPECT_EQ(vm.set_input(input), std::nullopt);

    auto step = [&](const vm::InvokeResult& r) {
        if (!r.ok()) got.error = *r.error;
        return r.ok();
    };
    if (step(vm.run_init()) && step(vm.invoke(HandlerId::on_start, {}))) {
        size_t longest = 0;
        for (const auto& b : market.bars)
            longest = std::max(longest, b.size());
        bool ok = true;
        for (size_t bar = 0; ok && bar < longest; ++bar) {
            for (int64_t s = 0; ok && s < int64_t(market.bars.size()); ++s) {
                if (bar >= market.bars[size_t(s)].size()) continue;
                market.step(s);
                vm::Value args[] = {vm::Value::from_int(s)};
                ok = step(vm.invoke(HandlerId::on_bar, args));
            }
        }
        market.clear_current();
        if (ok) step(vm.invoke(HandlerId::on_stop, {}));
    }
    return got;
}

// The dispatcher and the engine, as dslvm runs a backtest.
class Capture : public runner::RunObserver {
  public:
    explicit Capture(Outcome& got) : got_(got) {}
    bool needs_snapshots() const override { return false; }
    void on_log(HandlerId, engine::Timestamp, std::string_view line) override {
        got_.logs.emplace_back(line);
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp) override { got_.error = e; }

  private:
    Outcome& got_;
};

Outcome run_with_engine(const vm::VerifiedModule& module, const Expectations& want) {
    std::vector<runner::DataSource> sources;
    for (const auto& [symbol, file] : want.data)
        sources.push_back({std::string(DSL_TEST_DATA_DIR) + "/" + file, symbol});
    auto feed = runner::open_files(sources, {});
    runner::RunConfig config;
    for (const auto& [option, value] : want.engine)
        runner::apply_option(config, option, value);
    runner::RunnerSetup setup;
    setup.engine = config.engine;
    for (const auto& name : feed->symbols())
        setup.instruments.push_back(config.instrument(name));
    setup.limits = want.limits;
    setup.inputs = want.inputs;
    Outcome got;
    Capture capture(got);
    runner::StrategyRunner run(module, setup, capture);
    std::vector<engine::SymbolId> ids;
    for (engine::SymbolId s = 0; s < feed->symbols().size(); ++s)
        ids.push_back(s);
    bool ok = run.start();
    while (const runner::MarketRecord* r = ok ? feed->next() : nullptr) {
        ok = r->kind == runner::MarketRecord::Kind::bar ? run.on_bar(runner::to_bar(*r, ids))
                                                        : run.on_tick(runner::to_tick(*r, ids));
    }
    run.finish();
    return got;
}

std::vector<fs::path> golden_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(DSL_RUN_TEST_DIR)) {
        if (entry.path().extension() == ".strat") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

class GoldenRun : public testing::TestWithParam<fs::path> {};

TEST_P(GoldenRun, MatchesExpectations) {
    const fs::path& path = GetParam();
    std::string source = read_text(path);
    Expectations want = parse_expectations(source);
    std::string name = path.filename().string();

    CompileResult compiled = compile(source, name);
    std::string diagnostics;
    for (const auto& d : compiled.diagnostics) {
        if (d.severity == Severity::Error) diagnostics += render(d, name, source);
    }
    ASSERT_TRUE(compiled.module) << diagnostics;
    auto verified = vm::VerifiedModule::verify(std::move(*compiled.module));
    if (auto* f = std::get_if<vm::LoadFailure>(&verified)) FAIL() << f->message;
    const vm::VerifiedModule& module = std::get<vm::VerifiedModule>(verified);

    Outcome got = trades(module) ? run_with_engine(module, want) : run_on_stdlib(module, want);

    EXPECT_EQ(got.logs, want.logs);
    EXPECT_EQ(name.rfind("fail_", 0) == 0, want.expects_error)
        << "fail_*.strat files, and only they, expect a runtime error";
    if (want.expects_error) {
        ASSERT_TRUE(got.error) << "expected runtime error: " << want.error_message;
        EXPECT_EQ(got.error->message, want.error_message) << got.error->to_string();
        EXPECT_EQ(got.error->line, want.error_line) << got.error->to_string();
        EXPECT_EQ(got.error->file, name);
    } else {
        EXPECT_FALSE(got.error) << got.error->to_string();
    }
}

INSTANTIATE_TEST_SUITE_P(Strategies, GoldenRun, testing::ValuesIn(golden_files()),
                         [](const testing::TestParamInfo<fs::path>& param) {
                             std::string n = param.param.stem().string();
                             for (char& c : n) {
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             }
                             return n;
                         });

}  // namespace
}  // namespace dsl
