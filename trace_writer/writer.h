// Writer: records a run as a trace (docs/trace.md) - header, market events, every engine event,
// handler calls, logs, errors, portfolio snapshots and the end summary - one JSON line each.
//
// Invariants:
// - The header is the first record and the end record the last; writing anything before the
//   header or after the end is a programming error (std::logic_error).
// - Output is byte-identical for identical calls: every number is formatted by our own code
//   (json_out.h), nothing depends on the clock, addresses or hash-map order.
// - Only complete lines ever reach the output: records are appended to a buffer that is handed
//   over (fwrite + fflush, or ostream write + flush) as a whole, so after every hand-over the
//   output ends on a line boundary and a reader following the file sees whole records.
// - Hand-overs happen when the buffer reaches WriterOptions::buffer_bytes, when the flush policy
//   says so (every `flush_every` market events, at the end of the event: its portfolio
//   snapshot, or at the latest when the next market event starts), and always after an error
//   record, after the end record and on flush()/close()/destruction.
// - I/O errors do not throw: the first one is kept (ok(), error()) and later records are dropped.
//
// Cost: no heap allocation per record once the buffer has reached its working size (strings
// are escaped straight into it); typically 50-150 ns per record (docs/performance.md "Trace").
#pragma once

#include <cstdint>
#include <cstdio>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/config.h"
#include "engine/events.h"
#include "engine/instrument.h"
#include "engine/market.h"
#include "engine/portfolio.h"
#include "engine/sink.h"
#include "trace_writer/json_out.h"

namespace dsl::engine {
class Engine;
}

namespace dsl::trace {

// An `input` parameter of the strategy with the value the run used.
struct InputValue {
    std::string name;
    std::string type;  // the DSL type: "int", "float", "bool", "string", "symbol"
    std::variant<std::int64_t, double, bool, std::string> value;
};

// A market data file the run read.
struct DataFile {
    std::string path;  // as given to the runner ("-" for stdin)
    std::string kind;  // "bars" or "ticks"
    std::vector<std::string> symbols;
    std::optional<std::uint64_t> rows;   // data rows; nullopt when not known up front (live)
    std::optional<std::uint64_t> bytes;  // file size
    std::string hash;                    // XXH3-64, 16 hex digits (hash.h); "" when unknown
};

// The VM's limits (a copy of vm::Limits: the trace does not depend on the VM).
struct VmLimits {
    std::int64_t event_gas = 0;
    std::int64_t run_gas = 0;
    std::uint32_t max_call_depth = 0;
    std::uint64_t memory = 0;
};

#define DSL_TRACE_RUN_MODES(X) \
    X(backtest)                \
    X(live)

#define DSL_TRACE_RUN_STATUSES(X)                                           \
    X(completed)     /* all market data processed, on_stop ran */           \
    X(runtime_error) /* the strategy stopped on a runtime error or limit */ \
    X(data_error)    /* a market data file had an error */                  \
    X(interrupted)   /* stopped from outside: SIGINT, SIGTERM or SIGPIPE */

#define DSL_TRACE_ENUM_MEMBER(name) name,
enum class RunMode : std::uint8_t { DSL_TRACE_RUN_MODES(DSL_TRACE_ENUM_MEMBER) };
enum class RunStatus : std::uint8_t { DSL_TRACE_RUN_STATUSES(DSL_TRACE_ENUM_MEMBER) };
#undef DSL_TRACE_ENUM_MEMBER

std::string_view to_string(RunMode mode);
std::string_view to_string(RunStatus status);

// Everything that determines the run, written first.
struct RunHeader {
    std::string producer;  // e.g. "dslvm 0.1.0"
    RunMode mode = RunMode::backtest;
    std::string strategy;       // the strategy's source name (e.g. "examples/sma_cross.strat")
    std::string bytecode_hash;  // XXH3-64 of the .dslbc bytes, 16 hex digits
    std::vector<InputValue> inputs;
    std::vector<DataFile> data;
    engine::EngineConfig config;
    std::vector<engine::InstrumentSpec> instruments;  // index = SymbolId; also the symbol table
    std::int64_t history_depth = 0;                   // bars of history kept per series
    VmLimits limits;
};

// A handler invocation (optional: lets a replay tell which handler ran for which event).
struct HandlerCall {
    engine::Timestamp ts = engine::kNoTime;
    std::uint64_t seq = 0;  // the market event being handled (0: before the first)
    std::string_view handler;
    engine::SymbolId symbol = engine::kNoSymbol;  // on_bar / on_tick
    engine::OrderId order = engine::kNoOrder;     // on_order_fill
    std::int64_t gas = 0;                         // gas the invocation used
};

struct LogLine {
    engine::Timestamp ts = engine::kNoTime;
    std::uint64_t seq = 0;
    std::string_view handler;
    std::string_view text;
};

struct ErrorFrame {
    std::string function;
    std::uint32_t line = 0;
    std::uint32_t col = 0;
};

// The runtime error that stopped the strategy (a copy of vm::RuntimeError plus its time).
struct RunError {
    engine::Timestamp ts = engine::kNoTime;
    std::uint64_t seq = 0;
    std::string kind;  // "event_gas", "run_gas", "call_depth", "memory", "arithmetic", ...
    std::string message;
    std::string handler;
    std::string file;
    std::uint32_t line = 0;
    std::vector<ErrorFrame> stack;  // innermost first
};

// The run's results, filled by the runner. Money is exact; ratios are doubles (NaN or infinite
// values are written as null, e.g. the profit factor of a run without losing trades).
struct RunSummary {
    RunStatus status = RunStatus::completed;
    std::string message;                     // why it did not complete ("" when completed)
    engine::Timestamp ts = engine::kNoTime;  // the clock at the end
    std::uint64_t market_events = 0;         // bars and ticks processed
    std::uint64_t orders = 0;
    std::uint64_t fills = 0;
    std::uint64_t trades = 0;  // round trips
    std::uint64_t ambiguous_bars = 0;
    std::int64_t gas_used = 0;
    std::uint64_t skipped_rows = 0;  // bad data rows skipped (--skip-bad-rows)
    engine::Fixed starting_cash;
    engine::Fixed final_equity;
    engine::Fixed net_profit;
    engine::Fixed commission;
    engine::Fixed max_drawdown;  // money, peak to trough of equity
    double max_drawdown_pct = 0;
    double return_pct = 0;
    double win_rate_pct = 0;
    double profit_factor = 0;
    double sharpe = 0;
    double exposure_pct = 0;  // share of market events with an open position
};

struct WriterOptions {
    // Market events between flushes: 1 for a live run (every event visible at once), 0 to hand
    // data over only when the buffer fills (plus errors and the end).
    std::uint64_t flush_every = 4096;
    // The buffer is handed to the output when it reaches this size.
    std::size_t buffer_bytes = 256 * 1024;
};

class Writer {
  public:
    // Writes to `out` (not closed by the writer).
    explicit Writer(std::FILE* out, WriterOptions options = {});
    explicit Writer(std::ostream& out, WriterOptions options = {});
    // Creates or truncates `path`; check ok() for whether that worked.
    explicit Writer(const std::string& path, WriterOptions options = {});
    ~Writer();  // flushes; closes a file the writer opened
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void write_header(const RunHeader& header);
    // A market event as fed to the engine; seq is the engine's sequence number for it
    // (engine.event_seq() + 1 when written before engine.on_bar()).
    void write_bar(const engine::Bar& bar, std::uint64_t seq);
    void write_tick(const engine::Tick& tick, std::uint64_t seq);
    // The clock moved without market data (engine.advance_time in live mode).
    void write_clock(engine::Timestamp ts);
    // Any engine event. A PortfolioSnapshot written this way has "positions": null; see
    // write_snapshot() and TraceSink for the form with positions.
    void write(const engine::Event& event);
    // Step 5: the account and every open (non-flat) position, in symbol order.
    void write_snapshot(const engine::PortfolioSnapshot& account,
                        std::span<const engine::PositionSnapshot> positions);
    void write_call(const HandlerCall& call);
    void write_log(const LogLine& line);
    void write_error(const RunError& error);    // flushes
    void write_end(const RunSummary& summary);  // flushes; no record may follow

    void flush();
    // Flushes and closes a file the writer opened; returns ok().
    bool close();

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    std::uint64_t records() const { return records_; }
    std::uint64_t engine_events() const { return engine_events_; }
    std::uint64_t bytes_written() const { return bytes_written_; }
    bool ended() const { return ended_; }

  private:
    void begin_record(std::string_view type);
    void end_record();
    void before_market_event();
    void maybe_flush_after_event();
    void write_out(const char* data, std::size_t size);

    WriterOptions options_;
    std::FILE* file_ = nullptr;
    std::ostream* stream_ = nullptr;
    bool owns_file_ = false;
    detail::OutBuffer buffer_;
    std::string error_;
    std::uint64_t records_ = 0;
    std::uint64_t engine_events_ = 0;
    std::uint64_t bytes_written_ = 0;
    std::uint64_t events_since_flush_ = 0;
    bool started_ = false;
    bool ended_ = false;
};

// An EventSink that writes every engine event; the portfolio snapshot of step 5 is written with
// the open positions when an engine is attached (the engine is constructed with the sink, so it
// is attached afterwards). Other listeners can be chained with engine::TeeSink.
class TraceSink final : public engine::EventSink {
  public:
    explicit TraceSink(Writer& writer) : writer_(writer) {}
    void attach(const engine::Engine& engine) { engine_ = &engine; }
    void on_event(const engine::Event& event) override;

  private:
    Writer& writer_;
    const engine::Engine* engine_ = nullptr;
    std::vector<engine::PositionSnapshot> positions_;  // reused
};

// The instrument specs of a registry in SymbolId order (RunHeader::instruments).
std::vector<engine::InstrumentSpec> instrument_specs(const engine::InstrumentRegistry& registry);

}  // namespace dsl::trace
