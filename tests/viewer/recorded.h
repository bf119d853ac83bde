// Traces of real runs for the viewer's tests: example strategies on the bundled daily data,
// recorded once per test program through the runner (as `dslvm --trace` records them) into a
// temporary directory, with their bytecode beside them.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bytecode/module_io.h"
#include "compiler/compile.h"
#include "runner/run_config.h"
#include "runner/session.h"
#include "trace_writer/hash.h"
#include "vm/loader.h"

namespace dsl::viewer::test {

namespace fs = std::filesystem;

inline const fs::path kSourceDir = DSL_SOURCE_DIR;

struct Recorded {
    std::string strategy;  // examples/NAME.strat
    std::string trace;     // NAME.jsonl in the temporary directory
    std::string bytecode;  // NAME.dslbc beside it
};

// Where the test program's files go; removed when the program exits.
class TempDir {
  public:
    TempDir() {
        path_ = fs::temp_directory_path() / ("dslview-tests-" + std::to_string(::getpid()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

inline const fs::path& temp_dir() {
    static TempDir dir;
    return dir.path();
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void spit(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

struct ExampleRun {
    std::string name;
    std::vector<std::string> data;  // in data/
    std::vector<std::pair<std::string, std::string>> options;
};

// The examples the tests use: market orders (sma_cross), an OCO pair of a limit and a stop
// (oco_straddle), brackets with ambiguous bars (bracket_rsi), limit entries (limit_pullback).
inline const std::vector<ExampleRun>& example_runs() {
    static const std::vector<ExampleRun> runs = {
        {"sma_cross", {"orcl-1995-2014.csv"}, {}},
        {"oco_straddle", {"yhoo-2014.txt"}, {{"slippage", "ticks:2"}}},
        {"bracket_rsi", {"nvda-1999-2014.csv"}, {{"commission", "per_order:1"}}},
        {"limit_pullback", {"nvda-1999-2014.txt"}, {}},
        {"pair_trading", {"orcl-1995-2014.csv", "nvda-1999-2014.csv"}, {}},
    };
    return runs;
}

inline Recorded record_example(const ExampleRun& run) {
    Recorded r;
    r.strategy = (kSourceDir / "examples" / (run.name + ".strat")).string();
    r.trace = (temp_dir() / (run.name + ".jsonl")).string();
    r.bytecode = (temp_dir() / (run.name + ".dslbc")).string();
    std::string source = slurp(r.strategy);
    CompileResult compiled = compile(source, "examples/" + run.name + ".strat");
    if (!compiled.module) throw std::runtime_error("cannot compile " + r.strategy);
    std::vector<std::uint8_t> bytes = write_module(*compiled.module);
    std::string byte_text(bytes.begin(), bytes.end());
    spit(r.bytecode, byte_text);
    auto verified = vm::VerifiedModule::verify(std::move(*compiled.module));
    if (std::holds_alternative<vm::LoadFailure>(verified))
        throw std::runtime_error("cannot verify " + r.strategy);
    runner::SessionOptions o;
    for (const auto& d : run.data)
        o.data.push_back({(kSourceDir / "data" / d).string(), std::nullopt});
    for (const auto& [option, value] : run.options)
        runner::apply_option(o.config, option, value);
    o.trace_path = r.trace;
    o.quiet = true;
    o.strategy_name = "examples/" + run.name + ".strat";
    o.bytecode_hash = trace::hash_bytes(byte_text);
    std::ostringstream out, err;
    if (runner::run_session(std::get<vm::VerifiedModule>(verified), o, out, err) != 0)
        throw std::runtime_error("run failed: " + err.str());
    return r;
}

// The recorded run of example `name` (recorded on first use).
inline const Recorded& recorded(const std::string& name) {
    static std::map<std::string, Recorded> cache;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    for (const ExampleRun& run : example_runs()) {
        if (run.name == name) return cache.emplace(name, record_example(run)).first->second;
    }
    throw std::runtime_error("no example run " + name);
}

}  // namespace dsl::viewer::test
