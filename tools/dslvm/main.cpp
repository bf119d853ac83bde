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
// Exit codes (common/exit_codes.h, shared with dslc where they overlap; docs/vm.md):
//   0 the run completed            3 a file could not be read (common/input_file.h) or written
//   1 compile errors (.strat)      4 invalid bytecode, or it needs a builtin this runner lacks
//   2 usage error (flags, inputs)  5 the strategy stopped on a runtime error or a limit
//   130 / 143 SIGINT / SIGTERM, 141 standard output closed (SIGPIPE): the run stopped between
//   two market events, on_stop ran and every output was written (runner/session.h)
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "common/input_file.h"
#include "runner/run_config.h"
#include "runner/session.h"
#include "tools/common/command_line.h"
#include "tools/common/compile_file.h"
#include "trace_writer/hash.h"
#include "vm/loader.h"

namespace {

using namespace dsl;

constexpr std::string_view kTool = "dslvm";

struct Options {
    std::string file;
    std::vector<std::string> inputs;
    vm::Limits limits;
    stdlib::TradingLimits trading_limits;
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

// A strategy ready to run, with the XXH3-64 of its bytecode (for the trace header).
struct Strategy {
    vm::VerifiedModule module;
    std::string hash;
};

// The XXH3-64 of a module's bytecode file (the trace header names the strategy's bytecode).
std::string bytecode_hash(const Module& module) {
    std::vector<uint8_t> bytes = write_module(module);
    return trace::hash_bytes({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

// Compiles a .strat file, printing its diagnostics as dslc does.
std::variant<Strategy, ExitCode> compile_strategy(const Options& o) {
    auto compiled = tools::compile_file(o.file, {kTool, tools::color_diagnostics(o.color)});
    if (auto* code = std::get_if<ExitCode>(&compiled)) return *code;
    auto verified = vm::VerifiedModule::verify(std::move(std::get<Module>(compiled)));
    if (auto* f = std::get_if<vm::LoadFailure>(&verified))
        return tools::fail(kTool, "internal compiler error: " + f->message, kExitBytecode);
    auto& module = std::get<vm::VerifiedModule>(verified);
    std::string hash = bytecode_hash(module.module());
    return Strategy{std::move(module), std::move(hash)};
}

// Loads (or compiles) the strategy; the bytecode is verified before anything runs.
std::variant<Strategy, ExitCode> load(const Options& o) {
    if (o.file.ends_with(".strat")) return compile_strategy(o);
    InputFile file = read_input_file(o.file, kMaxFileSize);
    if (!file.ok()) return tools::fail(kTool, file.error, kExitFile);
    const std::string& bytes = file.bytes;
    auto loaded =
        vm::load_bytecode(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    if (auto* f = std::get_if<vm::LoadFailure>(&loaded)) {
        bool io = f->kind == vm::LoadFailure::Kind::Io;
        return tools::fail(kTool, io ? f->message : o.file + ": " + f->message,
                           io ? kExitFile : kExitBytecode);
    }
    return Strategy{std::move(std::get<vm::VerifiedModule>(loaded)), trace::hash_bytes(bytes)};
}

// The data sources of --data: FILE, or SYMBOL=FILE.
std::vector<runner::DataSource> data_sources(const std::vector<std::string>& data) {
    std::vector<runner::DataSource> out;
    for (const std::string& d : data) {
        size_t eq = d.find('=');
        if (eq != std::string::npos && eq > 0)
            out.push_back({d.substr(eq + 1), d.substr(0, eq)});
        else
            out.push_back({d, std::nullopt});
    }
    return out;
}

// --symbols A,B,C.
std::vector<std::string> symbol_list(const std::string& symbols) {
    std::vector<std::string> out;
    std::stringstream list(symbols);
    std::string symbol;
    while (std::getline(list, symbol, ',')) {
        if (!symbol.empty()) out.push_back(symbol);
    }
    return out;
}

// The engine configuration: --config, then the engine options in command-line order.
std::optional<ExitCode> configure(const Options& o, runner::RunConfig& config) {
    try {
        if (!o.config_file.empty()) runner::apply_config_file(config, o.config_file);
        for (const auto& [option, value] : o.engine_options)
            runner::apply_option(config, option, value);
    } catch (const runner::ConfigFileError& e) {
        return tools::fail(kTool, e.what(), kExitFile);
    } catch (const runner::ConfigError& e) {
        return tools::fail(kTool, e.what(), kExitUsage);
    }
    return std::nullopt;
}

// A backtest over data files, a live run, or a run without data (on_start and on_stop only):
// everything goes through the runner, so every builtin is bound in each.
int run_strategy(const Options& o, const Strategy& strategy) {
    runner::SessionOptions s;
    s.data = data_sources(o.data);
    s.live = o.live;
    if (o.live) {
        s.live_symbols = symbol_list(o.symbols);
        if (s.live_symbols.empty()) {
            return tools::fail(kTool,
                               "--live needs --symbols A,B,... (the instruments of the live feed)",
                               kExitUsage);
        }
        if (o.port) s.live_port = o.port;
    }
    s.skip_bad_rows = o.skip_bad_rows;
    if (auto code = configure(o, s.config)) return *code;
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
    s.bytecode_hash = strategy.hash;
    return runner::run_session(strategy.module, s, std::cout, std::cerr);
}

int run(const Options& o) {
    auto strategy = load(o);
    if (auto* code = std::get_if<ExitCode>(&strategy)) return *code;
    return run_strategy(o, std::get<Strategy>(strategy));
}

// The strategy's limits, inputs and diagnostics.
void add_strategy_options(CLI::App& app, Options& o) {
    vm::Limits defaults;
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
        ->check(CLI::Range(1u, vm::kMaxCallDepthCap));
    app.add_option("--memory-limit", o.limits.memory,
                   "bytes of VM memory (suffixes k, m, g: powers of 1024)")
        ->default_val(defaults.memory)
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(vm::kMinMemoryLimit, UINT64_MAX));
    app.add_option("--event-order-limit", o.trading_limits.event_commands,
                   "order commands (orders, cancels, oco, close_position) the handlers of one "
                   "market event may issue")
        ->default_val(stdlib::TradingLimits{}.event_commands)
        ->check(CLI::Range(uint64_t(1), UINT64_MAX));
    tools::add_color_option(app, o.color);
    app.add_flag("--stats", o.stats, "print gas and memory use to stderr at the end");
}

void add_market_data_options(CLI::App& app, Options& o) {
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
}

void add_engine_options(CLI::App& app, Options& o) {
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
}

void add_output_options(CLI::App& app, Options& o) {
    app.add_option("--trace", o.trace, "write the run's trace (JSON Lines; docs/trace.md)")
        ->group("Outputs");
    app.add_option("--fills", o.fills, "write every fill as CSV")->group("Outputs");
    app.add_option("--trades", o.trades, "write every round-trip trade as CSV")->group("Outputs");
    app.add_flag("--json", o.json, "print the summary as JSON (and no log lines)")
        ->group("Outputs");
    app.add_flag("--quiet", o.quiet, "print no log lines, only the summary")->group("Outputs");
    app.add_flag("--no-progress", o.no_progress, "no progress line on a terminal")
        ->group("Outputs");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dslvm: runs a trading strategy (.dslbc bytecode, or a .strat compiled first)"};
    app.footer(
        "Exit codes:\n"
        "  0    the run completed\n"
        "  1    compile errors\n"
        "  2    usage error (flags, inputs)\n"
        "  3    a file could not be read (a directory, a device, a source over 4 MiB, bytecode\n"
        "       over 64 MiB) or an output written, or market data has an error\n"
        "  4    invalid bytecode, or a builtin this runner lacks\n"
        "  5    the strategy stopped on a runtime error or a limit\n"
        "  130  SIGINT (Ctrl-C) stopped the run cleanly between two market events, its\n"
        "       outputs complete\n"
        "  141  SIGPIPE (standard output closed): the same\n"
        "  143  SIGTERM: the same\n"
        "See docs/vm.md.");
    Options o;
    add_strategy_options(app, o);
    add_market_data_options(app, o);
    add_engine_options(app, o);
    add_output_options(app, o);
    app.set_version_flag("--version", "dslvm 0.1.0");
    if (auto code = tools::parse_command_line(app, argc, argv)) return *code;
    return run(o);
}
