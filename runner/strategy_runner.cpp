// The event dispatcher (see strategy_runner.h for the order of one market event).
#include "runner/strategy_runner.h"

#include <fmt/format.h>

#include <stdexcept>

namespace dsl::runner {
namespace {

stdlib::Bar view_of(const engine::Bar& b) {
    return {stdlib::to_ms(b.ts), b.open.to_double(),  b.high.to_double(),
            b.low.to_double(),   b.close.to_double(), b.volume.to_double()};
}

stdlib::Bar view_of(const engine::Tick& t) {
    double p = t.price.to_double();
    return {stdlib::to_ms(t.ts), p, p, p, p, t.size.to_double()};
}

std::vector<std::string> names_of(const std::vector<engine::InstrumentSpec>& instruments) {
    std::vector<std::string> out;
    for (const auto& i : instruments)
        out.push_back(i.name);
    return out;
}

std::vector<double> ticks_of(const std::vector<engine::InstrumentSpec>& instruments) {
    std::vector<double> out;
    for (const auto& i : instruments)
        out.push_back(i.tick_size.to_double());
    return out;
}

}  // namespace

// Queues every engine event for the strategy and passes it on to the observer at once. The
// engine may not be called back from inside its sink, which is why the strategy's callbacks
// wait for the queue.
class StrategyRunner::QueueSink final : public engine::EventSink {
  public:
    QueueSink(std::vector<engine::Event>& queue, RunObserver& observer,
              std::unique_ptr<LifecycleView>& lifecycle)
        : queue_(queue), observer_(observer), lifecycle_(lifecycle) {}
    void on_event(const engine::Event& e) override {
        observer_.on_engine_event(e);
        if (lifecycle_) lifecycle_->record(e);
        queue_.push_back(e);
    }

  private:
    std::vector<engine::Event>& queue_;
    RunObserver& observer_;
    std::unique_ptr<LifecycleView>& lifecycle_;
};

StrategyRunner::StrategyRunner(const vm::VerifiedModule& module, RunnerSetup setup,
                               RunObserver& observer)
    : module_(module),
      observer_(observer),
      full_snapshots_(observer.needs_snapshots()),
      market_(names_of(setup.instruments), ticks_of(setup.instruments),
              module.module().history_depth),
      sink_(std::make_unique<QueueSink>(queue_, observer, lifecycle_)),
      engine_(std::make_unique<engine::Engine>(setup.engine, *sink_)),
      trading_(*engine_, setup.trading) {
    for (auto& spec : setup.instruments) {
        engine::SymbolId id = engine_->add_instrument(spec);
        if (id + 1 != engine_->instruments().size())
            throw std::logic_error("instruments must be registered in symbol order");
    }
    runtime_ = std::make_unique<stdlib::Runtime>(
        module.module(), market_,
        [this](std::string_view line) { observer_.on_log(current_handler_, current_ts_, line); });
    runtime_->attach(&trading_);
    runtime_->bind(host_);
    if (auto missing = vm::check_bindings(module.module(), host_))
        throw std::invalid_argument(*missing);
    vm_ = std::make_unique<vm::Vm>(module, host_, setup.limits);
    if (vm_->has_handler(HandlerId::on_order_update) || vm_->has_handler(HandlerId::on_order_fill))
        lifecycle_ = std::make_unique<LifecycleView>(setup.instruments.size());
    positions_as_of_.view = lifecycle_.get();
    const uint64_t symbols = setup.instruments.size();
    const uint32_t history = module.module().history_depth;
    vm_->reserve_host_memory(
        int64_t(MarketView::bytes_for(symbols, history)),
        fmt::format("the market history ({} bar{} of {} symbol{})", history,
                    history == 1 ? "" : "s", symbols, symbols == 1 ? "" : "s"));
    for (const auto& input : setup.inputs) {
        if (auto problem = vm_->set_input(input)) throw std::invalid_argument(*problem);
    }
    changed_.assign(setup.instruments.size(), 0);
}

StrategyRunner::~StrategyRunner() = default;

bool StrategyRunner::start() {
    current_handler_ = HandlerId::on_start;
    vm::InvokeResult init = vm_->run_init();
    if (!init.ok()) {
        observer_.on_error(*init.error, current_ts_);
        return false;
    }
    trading_.begin_event();
    return run_handler(HandlerId::on_start, {}, engine::kNoTime);
}

bool StrategyRunner::on_bar(const engine::Bar& bar) {
    if (stopped()) return false;
    observer_.on_bar(++seq_, bar);
    begin_queue();
    trading_.begin_event();
    engine_->on_bar(bar);
    if (refused()) return true;
    return market_event(bar.symbol, bar.ts, view_of(bar), HandlerId::on_bar);
}

bool StrategyRunner::on_tick(const engine::Tick& tick) {
    if (stopped()) return false;
    observer_.on_tick(++seq_, tick);
    begin_queue();
    trading_.begin_event();
    engine_->on_tick(tick);
    if (refused()) return true;
    return market_event(tick.symbol, tick.ts, view_of(tick), HandlerId::on_tick);
}

// A market event (or a clock move) starts a new queue of engine events.
void StrategyRunner::begin_queue() {
    queue_.clear();
    if (lifecycle_) lifecycle_->begin();
}

// Whether the engine refused the market event it was just given (MarketDataRejected, already
// passed on to the observer). The strategy does not see a refused event: its view of the
// market must stay the engine's.
bool StrategyRunner::refused() const {
    return queue_.size() == 1 && std::holds_alternative<engine::MarketDataRejected>(queue_.front());
}

void StrategyRunner::advance_time(engine::Timestamp ts) {
    if (stopped()) return;
    begin_queue();
    trading_.begin_event();
    engine_->advance_time(ts);
    market_.clear_current();
    deliver(0, ts, nullptr);
}

// Steps (4) and (5) of a market event whose engine part has run.
bool StrategyRunner::market_event(engine::SymbolId symbol, engine::Timestamp ts,
                                  const stdlib::Bar& bar, HandlerId handler) {
    market_.push(int64_t(symbol), bar);
    // The last event's marks are exactly its listed positions: clear those, not every symbol.
    for (const auto& p : positions_) {
        if (p.symbol < changed_.size()) changed_[p.symbol] = 0;
    }
    positions_.clear();
    bool ok = queue_.empty() || deliver(0, ts, &positions_);
    // By index: the handlers below never add to positions_ (only the top-level deliver does).
    // Without the handler, no record is built (each would be a VM allocation).
    const bool position_handler = vm_->has_handler(HandlerId::on_position_change);
    for (size_t i = 0; ok && position_handler && i < positions_.size(); ++i) {
        engine::PositionSnapshot snap = engine_->position(positions_[i].symbol);
        vm::Value arg = vm::Value::from_ref(trading_.position_record(*vm_, snap));
        ok = run_handler(HandlerId::on_position_change, {&arg, 1}, ts);
    }
    if (ok) {
        vm::Value arg = vm::Value::from_int(int64_t(symbol));
        ok = run_handler(handler, {&arg, 1}, ts);
    }
    snapshot();
    return ok;
}

// Runs a handler. What its commands make the engine report is left in the queue.
bool StrategyRunner::invoke(HandlerId h, std::span<const vm::Value> args, engine::Timestamp ts) {
    if (!vm_->has_handler(h)) return !stopped();
    current_handler_ = h;
    current_ts_ = ts;
    observer_.on_callback(h, ts);
    vm::InvokeResult r = vm_->invoke(h, args);
    if (!r.ok()) {
        observer_.on_error(*r.error, ts);
        return false;
    }
    return true;
}

// Runs a handler, then delivers what its commands made the engine report at once.
bool StrategyRunner::run_handler(HandlerId h, std::span<const vm::Value> args,
                                 engine::Timestamp ts) {
    size_t before = queue_.size();
    if (!invoke(h, args, ts)) return false;
    return queue_.size() == before || deliver(before, ts, nullptr);  // most handlers issue nothing
}

// The strategy's callbacks for queued engine events from index `from` on. What a callback's
// commands make the engine report is delivered right after that callback, before the events
// queued earlier: depth first, with an explicit stack of ranges rather than recursion, so that
// a handler answering its own updates with new commands is stopped by the command limit
// (stdlib::TradingLimits), never by the native stack. Position changes are collected into
// `positions` (one per symbol, the last) when it is given.
bool StrategyRunner::deliver(size_t from, engine::Timestamp ts,
                             std::vector<engine::PositionChanged>* positions) {
    pending_.clear();
    pending_.push_back({from, queue_.size()});
    while (!pending_.empty()) {
        Pending& range = pending_.back();
        if (range.next == range.end) {
            pending_.pop_back();
            continue;
        }
        const size_t i = range.next++;
        // A copy: the handlers it runs may append to the queue and so move its elements.
        // Order events are few next to market events; bars without them never get here.
        const engine::Event e = queue_[i];
        if (const auto* p = std::get_if<engine::PositionChanged>(&e)) {
            if (!positions) continue;
            if (p->symbol < changed_.size() && changed_[p->symbol]) {
                for (auto& q : *positions) {
                    if (q.symbol == p->symbol) q = *p;
                }
            } else {
                if (p->symbol < changed_.size()) changed_[p->symbol] = 1;
                positions->push_back(*p);
            }
            continue;
        }
        const size_t before = queue_.size();
        if (!deliver_order(e, i, ts)) return false;
        if (queue_.size() > before) pending_.push_back({before, queue_.size()});
    }
    return true;
}

// One queued event for the strategy: a fill notes when its position opened; an order change
// goes to on_order_update or on_order_fill with the order as of that change, position()
// answering as of it too.
bool StrategyRunner::deliver_order(const engine::Event& e, size_t index, engine::Timestamp ts) {
    const Delivery delivery = delivery_of(e);
    if (delivery == Delivery::fill) {
        const auto& f = std::get<engine::Fill>(e);
        engine::Fixed before = f.position_after - (f.side == engine::Side::buy ? f.qty : -f.qty);
        uint64_t count = market_.event_count(int64_t(f.symbol));
        trading_.note_position(int64_t(f.symbol), before, f.position_after,
                               count ? int64_t(count - 1) : 0, stdlib::to_ms(f.ts));
        return true;
    }
    if (delivery == Delivery::none || !lifecycle_) return true;
    const HandlerId handler =
        delivery == Delivery::order_fill ? HandlerId::on_order_fill : HandlerId::on_order_update;
    const lifecycle::EngineOrder* order = lifecycle_->order(index);
    if (!vm_->has_handler(handler) || order == nullptr) return true;
    vm::Value arg =
        vm::Value::from_ref(trading_.order_record(*vm_, lifecycle::snapshot_of(*order)));
    positions_as_of_.index = index;
    trading_.view_positions(&positions_as_of_);
    const bool ok = invoke(handler, {&arg, 1}, ts);
    trading_.view_positions(nullptr);
    return ok;
}

// Step 5: the brief form always, the full snapshot when an observer needs it.
void StrategyRunner::snapshot() {
    observer_.on_equity(engine_->clock(), engine_->equity(), engine_->has_open_position());
    if (!full_snapshots_) return;
    const uint64_t changes = engine_->portfolio_changes();
    if (snapshot_reusable_ && changes == snapshot_changes_) {
        // Nothing moved: no fill and no re-mark of an open position, so every field but the
        // time is as it was, and so is the list (open positions only).
        snapshot_portfolio_.ts = engine_->clock();
        observer_.on_snapshot(snapshot_portfolio_, {snapshot_positions_.data(), snapshot_count_});
        return;
    }
    // Written in place into storage sized once (a push_back per bar was most of this cost).
    const size_t symbols = engine_->instruments().size();
    if (snapshot_positions_.size() < symbols) snapshot_positions_.resize(symbols);
    size_t n = 0;
    bool lists_changed = false;
    for (engine::SymbolId s = 0; s < symbols; ++s) {
        const bool changed = s < changed_.size() && changed_[s];
        lists_changed = lists_changed || changed;
        if (engine_->has_position(s) || changed) snapshot_positions_[n++] = engine_->position(s);
    }
    snapshot_portfolio_ = engine_->portfolio();
    snapshot_count_ = n;
    snapshot_changes_ = changes;
    snapshot_reusable_ = !lists_changed;
    observer_.on_snapshot(snapshot_portfolio_, {snapshot_positions_.data(), n});
}

void StrategyRunner::finish() {
    market_.clear_current();
    engine::Timestamp ts = engine_->clock();
    trading_.begin_event();
    if (!stopped()) run_handler(HandlerId::on_stop, {}, ts);
    snapshot();
}

}  // namespace dsl::runner
