// A whole run: data in, strategy and engine driven, every output written (see session.h).
#include "runner/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fstream>

#include "feed/live_feed.h"
#include "runner/reports.h"
#include "runner/strategy_runner.h"
#include "runner/summary.h"
#include "trace_writer/hash.h"
#include "trace_writer/writer.h"

namespace dsl::runner {
namespace {

// The signal that asked the run to stop (0: none). Set by on_stop_signal, read by the run loop
// between market events.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

// "event_gas", "call_depth", ...: the snake_case of a vm::ErrorKind, for the trace.
std::string error_kind_name(vm::ErrorKind kind) {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> out;
#define X(name, doc) out.push_back(#name);
        DSL_VM_ERROR_KINDS(X)
#undef X
        for (auto& n : out) {
            std::string snake;
            for (char c : n) {
                if (std::isupper(static_cast<unsigned char>(c)) && !snake.empty()) snake += '_';
                snake += char(std::tolower(static_cast<unsigned char>(c)));
            }
            n = snake;
        }
        return out;
    }();
    return kNames[size_t(kind)];
}

extern "C" void on_stop_signal(int signal) {
    g_stop_signal.store(signal, std::memory_order_relaxed);
}

// For the life of a session, SIGINT, SIGTERM and SIGPIPE ask the run to stop instead of ending
// the process, so that it stops between two market events, on_stop runs and every output (the
// trace's end record above all) is written; the previous actions are put back at the end.
// - SIGINT and SIGTERM that the process ignores stay ignored (a command started in the
//   background of a script ignores SIGINT). The first one resets its action: a second Ctrl-C
//   ends the process at once.
// - SIGPIPE comes from writing to a pipe whose reader has exited (`dslvm ... | head -1`): the
//   write fails instead, and the run stops, since nobody reads its log lines any more.
// SA_RESTART: a write to standard output or a read of a data file interrupted by a signal goes
// on rather than failing.
class StopSignals {
  public:
    StopSignals() {
        g_stop_signal.store(0);
        install(SIGINT, SA_RESETHAND, old_[0]);
        install(SIGTERM, SA_RESETHAND, old_[1]);
        install(SIGPIPE, 0, old_[2]);
    }
    ~StopSignals() {
        ::sigaction(SIGINT, &old_[0], nullptr);
        ::sigaction(SIGTERM, &old_[1], nullptr);
        ::sigaction(SIGPIPE, &old_[2], nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // The signal that asked the run to stop, or 0.
    static int requested() { return g_stop_signal.load(std::memory_order_relaxed); }

  private:
    static void install(int signal, int flags, struct sigaction& old) {
        ::sigaction(signal, nullptr, &old);
        if (signal != SIGPIPE && old.sa_handler == SIG_IGN) return;
        struct sigaction action {};
        action.sa_handler = on_stop_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART | flags;
        ::sigaction(signal, &action, nullptr);
    }
    struct sigaction old_[3]{};
};

// Why and where a signal stopped the run, for the trace's end record, the summary and stderr:
// "SIGINT after market event 1234 (2014-01-02)".
std::string interruption(int signal, uint64_t events, engine::Timestamp clock) {
    std::string name = signal == SIGINT    ? "SIGINT"
                       : signal == SIGTERM ? "SIGTERM"
                       : signal == SIGPIPE ? "SIGPIPE"
                                           : fmt::format("signal {}", signal);
    std::string where = events == 0
                            ? "before the first market event"
                            : fmt::format("after market event {} ({})", events, format_time(clock));
    std::string why =
        signal == SIGPIPE ? ": the reader of an output pipe (standard output) has exited" : "";
    return name + " " + where + why;
}

// The market of a run without data: no symbols, no records. The strategy's on_start and
// on_stop run with every builtin bound, over an engine without instruments (an order for a
// symbol it names is rejected as unknown_symbol).
class NoData final : public Feed {
  public:
    const std::vector<std::string>& symbols() const override { return symbols_; }
    const MarketRecord* next() override { return nullptr; }
    const FeedStats& stats() const override { return stats_; }
    const std::string& file_name(std::uint32_t) const override { return name_; }

  private:
    std::vector<std::string> symbols_;
    FeedStats stats_;
    std::string name_ = "-";
};

// Forwards every observation to several observers, in order.
class Observers final : public RunObserver {
  public:
    void add(RunObserver* o) { list_.push_back(o); }
    // The one observer when there is only one (a quiet run without trace): the runner then
    // calls it directly, without this forwarding on every event.
    RunObserver& collapsed() { return list_.size() == 1 ? *list_.front() : *this; }
    void on_bar(uint64_t s, const engine::Bar& b) override {
        for (auto* o : list_)
            o->on_bar(s, b);
    }
    void on_tick(uint64_t s, const engine::Tick& t) override {
        for (auto* o : list_)
            o->on_tick(s, t);
    }
    void on_engine_event(const engine::Event& e) override {
        for (auto* o : list_)
            o->on_engine_event(e);
    }
    void on_callback(HandlerId h, engine::Timestamp ts) override {
        for (auto* o : list_)
            o->on_callback(h, ts);
    }
    void on_log(HandlerId h, engine::Timestamp ts, std::string_view line) override {
        for (auto* o : list_)
            o->on_log(h, ts, line);
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp ts) override {
        for (auto* o : list_)
            o->on_error(e, ts);
    }
    void on_equity(engine::Timestamp ts, engine::Fixed equity, bool exposed) override {
        for (auto* o : list_)
            o->on_equity(ts, equity, exposed);
    }
    bool needs_snapshots() const override {
        return std::any_of(list_.begin(), list_.end(),
                           [](const RunObserver* o) { return o->needs_snapshots(); });
    }
    void on_snapshot(const engine::PortfolioSnapshot& p,
                     std::span<const engine::PositionSnapshot> ps) override {
        for (auto* o : list_)
            o->on_snapshot(p, ps);
    }

  private:
    std::vector<RunObserver*> list_;
};

// Writes the run into a trace (docs/trace.md).
class TraceObserver final : public RunObserver {
  public:
    explicit TraceObserver(trace::Writer& w) : w_(w) {}
    void on_bar(uint64_t seq, const engine::Bar& b) override {
        seq_ = seq;
        w_.write_bar(b, seq);
    }
    void on_tick(uint64_t seq, const engine::Tick& t) override {
        seq_ = seq;
        w_.write_tick(t, seq);
    }
    void on_engine_event(const engine::Event& e) override { w_.write(e); }
    void on_log(HandlerId h, engine::Timestamp ts, std::string_view line) override {
        w_.write_log({ts, seq_, handler_info(h).name, line});
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp ts) override {
        trace::RunError r;
        r.ts = ts;
        r.seq = seq_;
        r.kind = error_kind_name(e.kind);
        r.message = e.message;
        r.handler = e.handler;
        r.file = e.file;
        r.line = e.line;
        for (const auto& f : e.stack)
            r.stack.push_back({f.function, f.line, f.col});
        w_.write_error(r);
    }
    void on_snapshot(const engine::PortfolioSnapshot& p,
                     std::span<const engine::PositionSnapshot> positions) override {
        open_.clear();
        for (const auto& pos : positions) {
            if (!pos.qty.is_zero()) open_.push_back(pos);
        }
        w_.write_snapshot(p, open_);
    }

  private:
    trace::Writer& w_;
    uint64_t seq_ = 0;
    std::vector<engine::PositionSnapshot> open_;
};

// The strategy's log lines on stdout, each with the time of the event being handled.
class LogPrinter final : public RunObserver {
  public:
    explicit LogPrinter(std::ostream& out) : out_(out) {}
    void on_log(HandlerId, engine::Timestamp ts, std::string_view line) override {
        out_ << format_time(ts) << "  " << line << '\n';
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp) override { error_ = e.to_string(); }
    bool needs_snapshots() const override { return false; }
    const std::string& error() const { return error_; }

  private:
    std::ostream& out_;
    std::string error_;
};

// "12,345,678 events" on one terminal line, rewritten in place.
class Progress final : public RunObserver {
  public:
    explicit Progress(std::ostream& err) : err_(err) {}
    void on_bar(uint64_t seq, const engine::Bar&) override { tick(seq); }
    void on_tick(uint64_t seq, const engine::Tick&) override { tick(seq); }
    bool needs_snapshots() const override { return false; }
    void done() {
        if (shown_) err_ << "\r\033[K" << std::flush;
    }

  private:
    void tick(uint64_t seq) {
        if (seq % 65536 != 0) return;
        err_ << fmt::format("\r{:>12} market events", seq) << std::flush;
        shown_ = true;
    }
    std::ostream& err_;
    bool shown_ = false;
};

std::vector<trace::InputValue> input_values(const vm::VerifiedModule& module,
                                            const StrategyRunner& run) {
    std::vector<trace::InputValue> out;
    for (const auto& in : module.module().inputs) {
        Type t = module.module().globals[in.global].type;
        vm::Value v = run.global(in.global);
        trace::InputValue iv;
        iv.name = in.name;
        iv.type = type_name(t);
        switch (t.kind) {
            case TypeKind::Float:
                iv.value = v.as_float();
                break;
            case TypeKind::Bool:
                iv.value = v.as_bool();
                break;
            case TypeKind::String:
                iv.value = std::string(v.as_string()->view());
                break;
            default:
                iv.value = v.as_int();
                break;
        }
        out.push_back(iv);
    }
    return out;
}

trace::RunSummary trace_summary(const Summary& s, uint64_t orders, uint64_t skipped,
                                trace::RunStatus status, const std::string& message,
                                engine::Timestamp ts, uint64_t trades) {
    trace::RunSummary r;
    r.status = status;
    r.message = message;
    r.ts = ts;
    r.market_events = s.events;
    r.orders = orders;
    r.fills = s.fills;
    r.trades = trades;
    r.ambiguous_bars = s.ambiguous_bars;
    r.gas_used = s.gas_used;
    r.skipped_rows = skipped;
    r.starting_cash = s.starting_cash;
    r.final_equity = s.final_equity;
    r.net_profit = s.net_profit;
    r.commission = s.commission;
    r.max_drawdown = s.max_drawdown;
    r.max_drawdown_pct = s.max_drawdown_pct;
    r.return_pct = s.return_pct;
    r.win_rate_pct = s.win_rate;
    r.profit_factor = s.profit_factor.value_or(std::numeric_limits<double>::infinity());
    r.sharpe = s.sharpe;
    r.exposure_pct = s.exposure;
    return r;
}

bool write_file(const std::string& path, const std::function<void(std::ostream&)>& write,
                std::ostream& err) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (file) write(file);
    file.close();
    if (!file) {
        err << fmt::format("dslvm: cannot write {}: {}\n", path, std::strerror(errno));
        return false;
    }
    return true;
}

// The market data of a run: its files, the live stream, or none. Throws FeedError.
std::unique_ptr<Feed> open_feed(const SessionOptions& o, const FeedOptions& feed_options,
                                std::ostream& err) {
    if (o.live) {
        std::unique_ptr<LiveFeed> l =
            o.live_fd ? LiveFeed::from_fd(*o.live_fd, false, "pipe", o.live_symbols, feed_options)
            : o.live_port ? LiveFeed::listen_tcp(*o.live_port, o.live_symbols, feed_options)
                          : LiveFeed::from_stdin(o.live_symbols, feed_options);
        if (o.live_port) err << fmt::format("dslvm: listening on 127.0.0.1:{}\n", l->port());
        return l;
    }
    if (o.data.empty()) return std::make_unique<NoData>();
    return open_files(o.data, feed_options);
}

// The header's entries for the data: one per file, or the live stream.
std::vector<trace::DataFile> header_data_files(const SessionOptions& o, const LiveFeed* live) {
    std::vector<trace::DataFile> out;
    for (uint32_t i = 0; i < (o.live ? 1u : uint32_t(o.data.size())); ++i) {
        trace::DataFile f;
        f.path = o.data.empty() ? "-" : o.data[i].path;
        if (o.live_port)
            f.path = fmt::format("tcp:127.0.0.1:{}", live->port());
        else if (o.live_fd)
            f.path = "pipe";
        f.kind = o.live ? "ticks" : "bars";
        if (!o.live) {
            if (auto d = trace::digest_file(f.path)) {
                f.hash = d->hash;
                f.bytes = d->bytes;
            }
            std::string symbol = o.data[i].symbol.value_or(symbol_from_path(f.path));
            // A file with a symbol column names its symbols in its rows; the header's
            // symbol table has them all.
            if (!symbol.empty()) f.symbols.push_back(symbol);
        } else {
            f.symbols = o.live_symbols;
        }
        out.push_back(f);
    }
    return out;
}

// How the run ended: completed (the data ended), interrupted by a signal, stopped by a runtime
// error or by a data error; with the message that says why.
struct RunEnd {
    trace::RunStatus status = trace::RunStatus::completed;
    std::string message;
    int signal = 0;  // the signal that interrupted it
};

// One run_session: the feed, the observers of the run and the runner, set up in that order,
// then the run and its outputs. Each step that can fail returns the exit code to end with.
class Session {
  public:
    Session(const vm::VerifiedModule& module, const SessionOptions& o, std::ostream& out,
            std::ostream& err)
        : module_(module),
          o_(o),
          out_(out),
          err_(err),
          // Rows only for the files that list them: the summary needs none, so memory stays flat.
          results_(o.config.engine.starting_cash, {!o.fills_path.empty(), !o.trades_path.empty()}),
          printer_(out),
          progress_(err) {}

    int run() {
        if (auto code = open_data()) return *code;
        if (auto code = add_observers()) return *code;
        if (auto code = start_runner()) return *code;
        if (writer_) write_header();
        // From here to the last output written: a signal stops the run between two market
        // events, and a closed standard output fails a write instead of ending the process.
        StopSignals signals;
        RunEnd end = drive();
        finish(end);
        Summary summary = results_.summary(runner_->gas_used(), runner_->engine().portfolio());
        summary.status = end.status;
        summary.error = end.message;
        bool outputs_written = write_outputs(summary, end);
        report(summary, end);
        return exit_code(end, outputs_written);
    }

  private:
    std::optional<int> open_data() {
        feed_options_.skip_bad_rows = o_.skip_bad_rows;
        feed_options_.on_skip = [this](const FeedError& e, SkipReason) {
            if (++warned_ <= 5) err_ << "dslvm: skipping " << e.to_string() << "\n";
            if (warned_ == 6) err_ << "dslvm: skipping more bad rows (counted in the summary)\n";
        };
        try {
            feed_ = open_feed(o_, feed_options_, err_);
        } catch (const FeedError& e) {
            err_ << "dslvm: " << e.to_string() << "\n";
            return kExitFile;
        }
        if (o_.live) live_ = static_cast<LiveFeed*>(feed_.get());
        setup_.engine = o_.config.engine;
        for (const auto& symbol : feed_->symbols())
            setup_.instruments.push_back(o_.config.instrument(symbol));
        setup_.limits = o_.limits;
        setup_.trading = o_.trading_limits;
        setup_.inputs = o_.inputs;
        return std::nullopt;
    }

    std::optional<int> add_observers() {
        observers_.add(&results_);
        if (!o_.json && !o_.quiet) observers_.add(&printer_);
        if (o_.progress && !o_.live) observers_.add(&progress_);
        if (o_.trace_path.empty()) return std::nullopt;
        trace::WriterOptions wo;
        if (o_.live) wo.flush_every = 1;
        writer_ = std::make_unique<trace::Writer>(o_.trace_path, wo);
        if (!writer_->ok()) {
            err_ << fmt::format("dslvm: cannot write {}: {}\n", o_.trace_path, writer_->error());
            return kExitFile;
        }
        tracer_ = std::make_unique<TraceObserver>(*writer_);
        observers_.add(tracer_.get());
        return std::nullopt;
    }

    std::optional<int> start_runner() {
        try {
            runner_ = std::make_unique<StrategyRunner>(module_, setup_, observers_.collapsed());
        } catch (const std::invalid_argument& e) {
            err_ << "dslvm: " << e.what() << "\n";
            return kExitUsage;
        }
        return std::nullopt;
    }

    void write_header() {
        trace::RunHeader h;
        h.producer = o_.producer;
        h.mode = o_.live ? trace::RunMode::live : trace::RunMode::backtest;
        h.strategy = o_.strategy_name;
        h.bytecode_hash = o_.bytecode_hash;
        h.inputs = input_values(module_, *runner_);
        h.data = header_data_files(o_, live_);
        h.config = o_.config.engine;
        h.instruments = setup_.instruments;
        h.history_depth = int64_t(std::max<uint32_t>(1, module_.module().history_depth));
        h.limits = {o_.limits.event_gas, o_.limits.run_gas, o_.limits.max_call_depth,
                    o_.limits.memory};
        writer_->write_header(h);
    }

    // The next market record, or null when the data has ended. A live feed that has nothing
    // for a while gets its trace flushed and is asked again (false: ask again).
    bool next_record(const MarketRecord*& rec) {
        if (!live_) {
            rec = feed_->next();
            return true;
        }
        live_read_ = live_->next_for(std::chrono::milliseconds(100));
        if (live_read_.status == LiveStatus::timed_out) {
            if (writer_) writer_->flush();
            return false;
        }
        rec = live_read_.status == LiveStatus::ended ? nullptr : &live_read_.record;
        return true;
    }

    // Runs on_start, then every market event until the data ends, the strategy stops, the data
    // has an error or a signal asks the run to stop.
    RunEnd drive() {
        RunEnd end;
        bool ok = runner_->start();
        try {
            while (ok) {
                if ((end.signal = StopSignals::requested()) != 0) {
                    end.status = trace::RunStatus::interrupted;
                    end.message =
                        interruption(end.signal, runner_->events(), runner_->engine().clock());
                    err_ << "dslvm: interrupted: " << end.message << "\n";
                    break;
                }
                const MarketRecord* rec = nullptr;
                if (!next_record(rec)) continue;
                if (!rec) break;
                ok = dispatch(*rec);
            }
        } catch (const FeedError& e) {
            end.status = trace::RunStatus::data_error;
            end.message = e.to_string();
            err_ << "dslvm: " << end.message << "\n";
        }
        return end;
    }

    bool dispatch(const MarketRecord& rec) {
        engine::SymbolId id = rec.symbol;  // the feed's symbols are the engine's, in order
        if (rec.kind == MarketRecord::Kind::bar) {
            return runner_->on_bar(
                {id, rec.ts, rec.open, rec.high, rec.low, rec.close, rec.volume});
        }
        return runner_->on_tick({id, rec.ts, rec.price, rec.size, rec.bid, rec.ask});
    }

    // on_stop, unless the strategy stopped or the data failed; a runtime error ends the run
    // as one, whenever it happened.
    void finish(RunEnd& end) {
        progress_.done();
        if (!runner_->stopped() && end.status != trace::RunStatus::data_error) runner_->finish();
        if (runner_->stopped()) {
            end.status = trace::RunStatus::runtime_error;
            end.message = runner_->error()->summary();
        }
    }

    // The trace's end record, the fills and trades files; false if one could not be written.
    bool write_outputs(const Summary& summary, const RunEnd& end) {
        bool written = true;
        if (writer_) {
            writer_->write_end(trace_summary(
                summary, runner_->engine().last_order_id(), feed_->stats().skipped_total(),
                end.status, end.message, runner_->engine().clock(), results_.closed_trade_count()));
            if (!writer_->close()) {
                err_ << fmt::format("dslvm: writing {} failed: {}\n", o_.trace_path,
                                    writer_->error());
                written = false;
            }
        }
        std::vector<std::string> names;
        for (const auto& spec : setup_.instruments)
            names.push_back(spec.name);
        if (!o_.fills_path.empty()) {
            written &= write_file(
                o_.fills_path,
                [&](std::ostream& f) { write_fills_csv(f, results_.fills(), names); }, err_);
        }
        if (!o_.trades_path.empty()) {
            written &= write_file(
                o_.trades_path,
                [&](std::ostream& f) { write_trades_csv(f, results_.trades(), names); }, err_);
        }
        return written;
    }

    // The error, the skipped rows and the statistics on stderr; the summary on stdout.
    void report(const Summary& summary, const RunEnd& end) {
        if (end.status == trace::RunStatus::runtime_error)
            err_ << runner_->error()->to_string() << "\n";
        if (feed_->stats().skipped_total() > 0)
            err_ << fmt::format("dslvm: skipped {} bad data rows\n",
                                feed_->stats().skipped_total());
        if (o_.stats) {
            const vm::Heap& heap = runner_->vm().heap();
            err_ << fmt::format(
                "dslvm: gas used {}, heap {} bytes in {} objects, {} collections, {} bytes held "
                "for the run (market history, order records)\n",
                runner_->gas_used(), heap.bytes(), heap.object_count(), heap.collections(),
                heap.pinned_bytes());
        }
        if (o_.json)
            out_ << summary_json(summary);
        else
            out_ << "\n" << summary_text(summary);
        out_.flush();
    }

    int exit_code(const RunEnd& end, bool outputs_written) {
        switch (end.status) {
            case trace::RunStatus::runtime_error:
                return kExitRuntimeError;
            case trace::RunStatus::data_error:
                return kExitFile;
            case trace::RunStatus::interrupted:
                return kExitSignal + end.signal;
            case trace::RunStatus::completed:
                break;
        }
        // The run completed, but not every output could be written.
        if (!out_) {
            const bool reader_gone = StopSignals::requested() == SIGPIPE;
            err_ << fmt::format(
                "dslvm: cannot write to standard output ({}): the summary is incomplete\n",
                reader_gone ? "its reader has exited" : "a write failed");
            return reader_gone ? kExitSignal + SIGPIPE : kExitFile;
        }
        return outputs_written ? kExitOk : kExitFile;
    }

    const vm::VerifiedModule& module_;
    const SessionOptions& o_;
    std::ostream& out_;
    std::ostream& err_;

    FeedOptions feed_options_;
    uint64_t warned_ = 0;  // bad rows skipped and reported
    std::unique_ptr<Feed> feed_;
    LiveFeed* live_ = nullptr;  // the feed, when it is live
    LiveRead live_read_;        // the live feed's record lives here until the next one
    RunnerSetup setup_;

    Observers observers_;
    ResultCollector results_;
    LogPrinter printer_;
    Progress progress_;
    std::unique_ptr<trace::Writer> writer_;
    std::unique_ptr<TraceObserver> tracer_;
    std::unique_ptr<StrategyRunner> runner_;
};

}  // namespace

int run_session(const vm::VerifiedModule& module, const SessionOptions& options, std::ostream& out,
                std::ostream& err) {
    return Session(module, options, out, err).run();
}

}  // namespace dsl::runner
