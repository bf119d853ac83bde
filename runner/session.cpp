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

}  // namespace

int run_session(const vm::VerifiedModule& module, const SessionOptions& o, std::ostream& out,
                std::ostream& err) {
    FeedOptions feed_options;
    feed_options.skip_bad_rows = o.skip_bad_rows;
    uint64_t warned = 0;
    feed_options.on_skip = [&](const FeedError& e, SkipReason) {
        if (++warned <= 5) err << "dslvm: skipping " << e.to_string() << "\n";
        if (warned == 6) err << "dslvm: skipping more bad rows (counted in the summary)\n";
    };

    // The data: files, or the live stream.
    std::unique_ptr<Feed> feed;
    LiveFeed* live = nullptr;
    try {
        if (o.live) {
            std::unique_ptr<LiveFeed> l =
                o.live_fd
                    ? LiveFeed::from_fd(*o.live_fd, false, "pipe", o.live_symbols, feed_options)
                : o.live_port ? LiveFeed::listen_tcp(*o.live_port, o.live_symbols, feed_options)
                              : LiveFeed::from_stdin(o.live_symbols, feed_options);
            if (o.live_port) err << fmt::format("dslvm: listening on 127.0.0.1:{}\n", l->port());
            live = l.get();
            feed = std::move(l);
        } else if (o.data.empty()) {
            feed = std::make_unique<NoData>();
        } else {
            feed = open_files(o.data, feed_options);
        }
    } catch (const FeedError& e) {
        err << "dslvm: " << e.to_string() << "\n";
        return kExitFile;
    }

    RunnerSetup setup;
    setup.engine = o.config.engine;
    for (const auto& symbol : feed->symbols())
        setup.instruments.push_back(o.config.instrument(symbol));
    setup.limits = o.limits;
    setup.trading = o.trading_limits;
    setup.inputs = o.inputs;

    Observers observers;
    // Rows only for the files that list them: the summary needs none, so memory stays flat.
    ResultCollector results(o.config.engine.starting_cash,
                            {!o.fills_path.empty(), !o.trades_path.empty()});
    observers.add(&results);
    LogPrinter printer(out);
    if (!o.json && !o.quiet) observers.add(&printer);
    Progress progress(err);
    if (o.progress && !o.live) observers.add(&progress);
    std::unique_ptr<trace::Writer> writer;
    std::unique_ptr<TraceObserver> tracer;
    if (!o.trace_path.empty()) {
        trace::WriterOptions wo;
        if (o.live) wo.flush_every = 1;
        writer = std::make_unique<trace::Writer>(o.trace_path, wo);
        if (!writer->ok()) {
            err << fmt::format("dslvm: cannot write {}: {}\n", o.trace_path, writer->error());
            return kExitFile;
        }
        tracer = std::make_unique<TraceObserver>(*writer);
        observers.add(tracer.get());
    }

    std::unique_ptr<StrategyRunner> run;
    try {
        run = std::make_unique<StrategyRunner>(module, setup, observers.collapsed());
    } catch (const std::invalid_argument& e) {
        err << "dslvm: " << e.what() << "\n";
        return kExitUsage;
    }

    if (writer) {
        trace::RunHeader h;
        h.producer = o.producer;
        h.mode = o.live ? trace::RunMode::live : trace::RunMode::backtest;
        h.strategy = o.strategy_name;
        h.bytecode_hash = o.bytecode_hash;
        h.inputs = input_values(module, *run);
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
            h.data.push_back(f);
        }
        h.config = o.config.engine;
        h.instruments = setup.instruments;
        h.history_depth = int64_t(std::max<uint32_t>(1, module.module().history_depth));
        h.limits = {o.limits.event_gas, o.limits.run_gas, o.limits.max_call_depth, o.limits.memory};
        writer->write_header(h);
    }

    StopSignals signals;
    trace::RunStatus status = trace::RunStatus::completed;
    std::string message;
    int stop_signal = 0;
    bool ok = run->start();
    try {
        LiveRead r;  // the live feed's record lives here until the next one
        while (ok) {
            if ((stop_signal = StopSignals::requested()) != 0) {
                status = trace::RunStatus::interrupted;
                message = interruption(stop_signal, run->events(), run->engine().clock());
                err << "dslvm: interrupted: " << message << "\n";
                break;
            }
            const MarketRecord* rec = nullptr;
            if (live) {
                r = live->next_for(std::chrono::milliseconds(100));
                if (r.status == LiveStatus::timed_out) {
                    if (writer) writer->flush();
                    continue;
                }
                if (r.status == LiveStatus::ended) break;
                rec = &r.record;
            } else {
                rec = feed->next();
                if (!rec) break;
            }
            engine::SymbolId id = rec->symbol;  // the feed's symbols are the engine's, in order
            if (rec->kind == MarketRecord::Kind::bar) {
                engine::Bar b{id, rec->ts, rec->open, rec->high, rec->low, rec->close, rec->volume};
                ok = run->on_bar(b);
            } else {
                engine::Tick t{id, rec->ts, rec->price, rec->size, rec->bid, rec->ask};
                ok = run->on_tick(t);
            }
        }
    } catch (const FeedError& e) {
        status = trace::RunStatus::data_error;
        message = e.to_string();
        err << "dslvm: " << message << "\n";
    }
    progress.done();
    if (run->stopped()) {
        status = trace::RunStatus::runtime_error;
        message = run->error()->summary();
    } else if (status != trace::RunStatus::data_error) {
        run->finish();
        if (run->stopped()) {
            status = trace::RunStatus::runtime_error;
            message = run->error()->summary();
        }
    }

    Summary summary = results.summary(run->gas_used(), run->engine().portfolio());
    summary.status = status;
    summary.error = message;
    uint64_t closed = results.closed_trade_count();
    bool outputs_written = true;
    if (writer) {
        writer->write_end(trace_summary(summary, run->engine().last_order_id(),
                                        feed->stats().skipped_total(), status, message,
                                        run->engine().clock(), closed));
        if (!writer->close()) {
            err << fmt::format("dslvm: writing {} failed: {}\n", o.trace_path, writer->error());
            outputs_written = false;
        }
    }
    std::vector<std::string> names;
    for (const auto& spec : setup.instruments)
        names.push_back(spec.name);
    if (!o.fills_path.empty()) {
        outputs_written &= write_file(
            o.fills_path, [&](std::ostream& f) { write_fills_csv(f, results.fills(), names); },
            err);
    }
    if (!o.trades_path.empty()) {
        outputs_written &= write_file(
            o.trades_path, [&](std::ostream& f) { write_trades_csv(f, results.trades(), names); },
            err);
    }

    if (status == trace::RunStatus::runtime_error) err << run->error()->to_string() << "\n";
    if (feed->stats().skipped_total() > 0)
        err << fmt::format("dslvm: skipped {} bad data rows\n", feed->stats().skipped_total());
    if (o.stats) {
        const vm::Heap& heap = run->vm().heap();
        err << fmt::format(
            "dslvm: gas used {}, heap {} bytes in {} objects, {} collections, {} bytes held "
            "for the run (market history, order records)\n",
            run->gas_used(), heap.bytes(), heap.object_count(), heap.collections(),
            heap.pinned_bytes());
    }
    if (o.json)
        out << summary_json(summary);
    else
        out << "\n" << summary_text(summary);
    out.flush();
    switch (status) {
        case trace::RunStatus::runtime_error:
            return kExitRuntimeError;
        case trace::RunStatus::data_error:
            return kExitFile;
        case trace::RunStatus::interrupted:
            return kExitSignal + stop_signal;
        case trace::RunStatus::completed:
            break;
    }
    // The run completed, but not every output could be written.
    if (!out) {
        const bool reader_gone = StopSignals::requested() == SIGPIPE;
        err << fmt::format(
            "dslvm: cannot write to standard output ({}): the summary is incomplete\n",
            reader_gone ? "its reader has exited" : "a write failed");
        return reader_gone ? kExitSignal + SIGPIPE : kExitFile;
    }
    return outputs_written ? kExitOk : kExitFile;
}

}  // namespace dsl::runner
