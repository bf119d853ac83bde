// dslvm: runs a strategy.
//
//   dslvm STRATEGY --data FILE... [engine options] [--trace T] [--fills F] [--trades T] [--json]
//   dslvm STRATEGY --live --symbols A,B [--port N] [engine options] [--trace T]
//   dslvm STRATEGY [engine options]      (no market data: on_start and on_stop only, with every
//                                        builtin bound over an engine without instruments)
//
// STRATEGY is a .dslbc file, or a .strat file compiled first (its diagnostics are printed
// exactly as dslc prints them). The bytecode is verified before anything runs. Inputs are set
// (defaults, then --input overrides), the state initialiser runs, then on_start, then every
// market event in the order of docs/engine.md, then on_stop. Log lines go to stdout, then the
// run's summary; errors to stderr. docs/running.md describes every option.
//
// Exit codes (shared with dslc where they overlap; docs/vm.md):
//   0 the run completed            3 a file could not be read (common/input_file.h) or written
//   1 compile errors (.strat)      4 invalid bytecode, or it needs a builtin this runner lacks
//   2 usage error (flags, inputs)  5 the strategy stopped on a runtime error or a limit
//   130 / 143 SIGINT / SIGTERM, 141 standard output closed (SIGPIPE): the run stopped between
//   two market events, on_stop ran and every output was written (runner/session.h)
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "common/input_file.h"
#include "runner/run_config.h"
#include "runner/session.h"
#include "trace_writer/hash.h"
#include "vm/loader.h"

#ifdef DSLVM_HAVE_COMPILER
#include "compiler/compile.h"
#endif

namespace {

enum Exit : int {
    kOk = 0,
    kCompileErrors = 1,
    kUsage = 2,
    kIoError = 3,
    kBadBytecode = 4,
    kRuntimeError = 5,
};

struct Options {
    std::string file;
    std::vector<std::string> inputs;
    dsl::vm::Limits limits;
    dsl::stdlib::TradingLimits trading_limits;
    bool stats = false;
    std::string color = "auto";

    // Market data and the engine (docs/running.md).
    std::vector<std::string> data;  // FILE or SYMBOL=FILE
    bool live = false;
    std::string symbols;  // live: A,B,C
    uint16_t port = 0;    // live: 0 means standard input
    bool skip_bad_rows = false;
    std::string config_file;
    std::vector<std::pair<std::string, std::string>> engine_options;  // in command-line order
    std::string trace, fills, trades;
    bool json = false, quiet = false, no_progress = false;
};

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<dsl::vm::VerifiedModule> fail(const std::string& message, int code, int& exit_code) {
    std::cerr << "dslvm: " << message << "\n";
    exit_code = code;
    return std::nullopt;
}

// Compiles a .strat file, printing its diagnostics as dslc does.
std::optional<dsl::vm::VerifiedModule> compile_strategy(const Options& o, int& exit_code) {
#ifdef DSLVM_HAVE_COMPILER
    dsl::InputFile file = dsl::read_input_file(o.file, dsl::kMaxSourceBytes);
    if (!file.ok()) return fail(file.error, kIoError, exit_code);
    const std::string& source = file.bytes;
    dsl::CompileResult r = dsl::compile(source, o.file);
    dsl::RenderOptions render;
    render.color = o.color == "always" || (o.color == "auto" && isatty(STDERR_FILENO));
    size_t warnings = 0, errors = 0;
    dsl::SourceLines lines(source);
    for (const auto& d : r.diagnostics) {
        std::cerr << dsl::render(d, o.file, lines, render);
        warnings += d.severity == dsl::Severity::Warning;
        errors += d.severity == dsl::Severity::Error;
    }
    if (errors > 0 || !r.module) {
        std::cerr << fmt::format(
            "{}: {} error{}{}\n", o.file, errors, errors == 1 ? "" : "s",
            warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
        exit_code = kCompileErrors;
        return std::nullopt;
    }
    auto verified = dsl::vm::VerifiedModule::verify(std::move(*r.module));
    if (auto* f = std::get_if<dsl::vm::LoadFailure>(&verified))
        return fail("internal compiler error: " + f->message, kBadBytecode, exit_code);
    return std::move(std::get<dsl::vm::VerifiedModule>(verified));
#else
    return fail("this build of dslvm has no compiler: compile " + o.file + " with dslc first",
                kUsage, exit_code);
#endif
}

// Loads (or compiles) the strategy; `hash` receives the XXH3-64 of its bytecode, for traces.
std::optional<dsl::vm::VerifiedModule> load(const Options& o, int& exit_code, std::string& hash) {
    if (ends_with(o.file, ".strat")) {
        auto m = compile_strategy(o, exit_code);
        if (m) {
            std::vector<uint8_t> bytes = dsl::write_module(m->module());
            hash =
                dsl::trace::hash_bytes({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
        }
        return m;
    }
    dsl::InputFile file = dsl::read_input_file(o.file, dsl::kMaxFileSize);
    if (!file.ok()) return fail(file.error, kIoError, exit_code);
    const std::string& bytes = file.bytes;
    hash = dsl::trace::hash_bytes(bytes);
    auto loaded = dsl::vm::load_bytecode(
        std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    if (auto* f = std::get_if<dsl::vm::LoadFailure>(&loaded)) {
        bool io = f->kind == dsl::vm::LoadFailure::Kind::Io;
        return fail(io ? f->message : o.file + ": " + f->message, io ? kIoError : kBadBytecode,
                    exit_code);
    }
    return std::move(std::get<dsl::vm::VerifiedModule>(loaded));
}

// A backtest over data files, a live run, or a run without data (on_start and on_stop only):
// everything goes through the runner, so every builtin is bound in each.
int run_strategy(const Options& o, const dsl::vm::VerifiedModule& verified,
                 const std::string& hash) {
    dsl::runner::SessionOptions s;
    for (const std::string& d : o.data) {
        size_t eq = d.find('=');
        if (eq != std::string::npos && eq > 0)
            s.data.push_back({d.substr(eq + 1), d.substr(0, eq)});
        else
            s.data.push_back({d, std::nullopt});
    }
    s.live = o.live;
    if (o.live) {
        std::stringstream list(o.symbols);
        std::string symbol;
        while (std::getline(list, symbol, ',')) {
            if (!symbol.empty()) s.live_symbols.push_back(symbol);
        }
        if (s.live_symbols.empty()) {
            std::cerr
                << "dslvm: --live needs --symbols A,B,... (the instruments of the live feed)\n";
            return kUsage;
        }
        if (o.port) s.live_port = o.port;
    }
    s.skip_bad_rows = o.skip_bad_rows;
    try {
        if (!o.config_file.empty()) dsl::runner::apply_config_file(s.config, o.config_file);
        for (const auto& [option, value] : o.engine_options)
            dsl::runner::apply_option(s.config, option, value);
    } catch (const dsl::runner::ConfigFileError& e) {
        std::cerr << "dslvm: " << e.what() << "\n";
        return kIoError;
    } catch (const dsl::runner::ConfigError& e) {
        std::cerr << "dslvm: " << e.what() << "\n";
        return kUsage;
    }
    s.limits = o.limits;
    s.trading_limits = o.trading_limits;
    s.inputs = o.inputs;
    s.trace_path = o.trace;
    s.fills_path = o.fills;
    s.trades_path = o.trades;
    s.json = o.json;
    s.quiet = o.quiet;
    s.progress = !o.no_progress && !o.live && isatty(STDERR_FILENO);
    s.stats = o.stats;
    s.strategy_name = o.file;
    s.bytecode_hash = hash;
    return dsl::runner::run_session(verified, s, std::cout, std::cerr);
}

int run(const Options& o) {
    int code = kOk;
    std::string hash;
    auto verified = load(o, code, hash);
    if (!verified) return code;
    return run_strategy(o, *verified, hash);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dslvm: runs a trading strategy (.dslbc bytecode, or a .strat compiled first)"};
    app.footer(
        "Exit codes: 0 the run completed, 1 compile errors, 2 usage error (flags, inputs),\n"
        "3 a file could not be read (a directory, a device, a source over 4 MiB, bytecode\n"
        "over 64 MiB) or an output written, 4 invalid bytecode or a builtin this runner\n"
        "lacks, 5 the strategy stopped on a runtime error or a limit; 130 (SIGINT, Ctrl-C),\n"
        "143 (SIGTERM) or 141 (standard output closed) stopped the run cleanly, its outputs\n"
        "complete. See docs/vm.md.");
    Options o;
    dsl::vm::Limits defaults;
    app.add_option("file", o.file, "strategy bytecode (.dslbc) or source (.strat)")->required();
    app.add_option("--input", o.inputs, "set an input: name=value (repeatable)");
    app.add_option("--gas-limit", o.limits.run_gas, "gas for the whole run")
        ->default_val(defaults.run_gas)
        ->check(CLI::Range(int64_t(1), INT64_MAX));
    app.add_option("--event-gas-limit", o.limits.event_gas,
                   "gas for one handler invocation (one event)")
        ->default_val(defaults.event_gas)
        ->check(CLI::Range(int64_t(1), INT64_MAX));
    app.add_option("--max-call-depth", o.limits.max_call_depth, "nested DSL calls")
        ->default_val(defaults.max_call_depth)
        ->check(CLI::Range(1u, dsl::vm::kMaxCallDepthCap));
    app.add_option("--memory-limit", o.limits.memory,
                   "bytes of VM memory (suffixes k, m, g: powers of 1024)")
        ->default_val(defaults.memory)
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(dsl::vm::kMinMemoryLimit, UINT64_MAX));
    app.add_option("--event-order-limit", o.trading_limits.event_commands,
                   "order commands (orders, cancels, oco, close_position) the handlers of one "
                   "market event may issue")
        ->default_val(dsl::stdlib::TradingLimits{}.event_commands)
        ->check(CLI::Range(uint64_t(1), UINT64_MAX));
    app.add_option("--color", o.color, "color diagnostics: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_flag("--stats", o.stats, "print gas and memory use to stderr at the end");

    auto* data = app.add_option("--data", o.data,
                                "market data file, or SYMBOL=FILE (repeatable); see docs/data.md")
                     ->group("Market data");
    auto* live = app.add_flag("--live", o.live, "read ticks as they arrive, from stdin or --port")
                     ->group("Market data");
    app.add_option("--symbols", o.symbols, "live: the symbols of the feed, A,B,...")
        ->group("Market data");
    app.add_option("--port", o.port, "live: listen on 127.0.0.1:PORT instead of reading stdin")
        ->group("Market data");
    app.add_flag("--skip-bad-rows", o.skip_bad_rows,
                 "skip and count bad data rows instead of stopping")
        ->group("Market data");
    data->excludes(live);

    app.add_option("--config", o.config_file, "engine configuration file (JSON; docs/running.md)")
        ->group("Engine");
    // Engine options are applied in command-line order, after --config.
    auto engine_option = [&](const char* name, const char* value, const char* help) {
        app.add_option_function<std::vector<std::string>>(
               std::string("--") + name,
               [&o, name](const std::vector<std::string>& values) {
                   for (const auto& v : values)
                       o.engine_options.emplace_back(name, v);
               },
               help)
            ->type_name(value)
            ->group("Engine");
    };
    engine_option("cash", "MONEY", "starting cash (default 100000)");
    engine_option("commission", "KIND:RATE[:MIN]",
                  "none, per_unit, per_order or percent, with its rate");
    engine_option("slippage", "KIND:AMOUNT",
                  "none, fixed (price), ticks, percent or atr (k x ATR)");
    engine_option("liquidity", "KIND:PERCENT",
                  "none, tick_size or bar_volume: the share a fill may take");
    engine_option("latency", "MS[:JITTER]", "order submit latency in milliseconds");
    engine_option("cancel-latency", "MS[:JITTER]", "cancel latency in milliseconds");
    engine_option("seed", "N", "seed of the latency jitter");
    engine_option("path", "MODEL", "intrabar path: nearest_extreme, ohlc or worst_case");
    engine_option("account", "KIND[:IM:MM]", "cash, or margin with initial and maintenance rates");
    engine_option("off-tick", "POLICY", "prices off the tick: reject, round or accept");
    engine_option("instrument", "SYM:K=V,...",
                  "tick, lot, multiplier, initial_margin, maintenance_margin");

    app.add_option("--trace", o.trace, "write the run's trace (JSON Lines; docs/trace.md)")
        ->group("Outputs");
    app.add_option("--fills", o.fills, "write every fill as CSV")->group("Outputs");
    app.add_option("--trades", o.trades, "write every round-trip trade as CSV")->group("Outputs");
    app.add_flag("--json", o.json, "print the summary as JSON (and no log lines)")
        ->group("Outputs");
    app.add_flag("--quiet", o.quiet, "print no log lines, only the summary")->group("Outputs");
    app.add_flag("--no-progress", o.no_progress, "no progress line on a terminal")
        ->group("Outputs");
    app.set_version_flag("--version", "dslvm 0.1.0");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    return run(o);
}
