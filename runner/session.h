// A whole run as dslvm performs it: market data from files (a backtest) or from a live tick
// stream, one strategy, one engine, and every output the user asked for - log lines, the
// trace, the fills and trades files, the summary as text or JSON, and a progress line on a
// terminal. Backtest and live mode share everything but where the data comes from.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/exit_codes.h"
#include "feed/feed.h"
#include "runner/run_config.h"
#include "stdlib/trading.h"
#include "vm/limits.h"
#include "vm/loader.h"

namespace dsl::runner {

struct SessionOptions {
    // Backtest: the data files. Live: the symbols, and where ticks come from.
    std::vector<DataSource> data;
    bool live = false;
    std::vector<std::string> live_symbols;
    std::optional<uint16_t> live_port;  // none: standard input (or live_fd)
    std::optional<int> live_fd;         // an open pipe or socket to read instead (tests)
    bool skip_bad_rows = false;

    RunConfig config;
    vm::Limits limits;
    stdlib::TradingLimits trading_limits;
    std::vector<std::string> inputs;  // name=value

    std::string trace_path;   // "" for none
    std::string fills_path;   // CSV of every fill
    std::string trades_path;  // CSV of every round trip
    bool json = false;        // the summary as JSON on stdout (and no log lines there)
    bool quiet = false;       // no log lines on stdout
    bool progress = false;    // a progress line on stderr (dslvm: when it is a terminal)
    bool stats = false;       // gas and VM memory use on stderr at the end

    // For the trace header.
    std::string producer = "dslvm 0.1.0";
    std::string strategy_name;
    std::string bytecode_hash;
};

// Runs the session; writes logs, the summary and messages to `out` and `err`. While it runs,
// SIGINT, SIGTERM and SIGPIPE stop the run between two market events instead of ending the
// process: on_stop runs, every output is written (the trace ends with status interrupted) and
// the result is kExitSignal + the signal. The result is an exit code of common/exit_codes.h:
// kExitOk, kExitUsage (a bad input or configuration), kExitFile (a data file or the live stream
// could not be read or had an error, or an output - the trace, fills, trades, standard output -
// could not be written), kExitRuntimeError or kExitSignal + N. One session at a time may run in
// a process.
int run_session(const vm::VerifiedModule& module, const SessionOptions& options, std::ostream& out,
                std::ostream& err);

}  // namespace dsl::runner
