// The event dispatcher: drives one strategy (a VM) and one order engine through market
// events, in the fixed order of docs/engine.md "One market event":
//
//   (1)-(3) the engine takes the bar or tick: market state, working orders in submission
//           order, fills applied to the portfolio (its events are queued, not yet acted on);
//   (4)     strategy callbacks: on_order_update for each accepted, triggered, canceled,
//           expired or rejected order and on_order_fill for each fill (at the order's
//           order_filled / order_partially_filled), in the order the engine reported them, each
//           with the order as of that change and position() answering as of it
//           (runner/lifecycle_view.h); then on_position_change for each position the event
//           changed; then on_bar / on_tick for the event's symbol. Orders the callbacks place
//           work from the next market event on; what a callback's commands make the engine
//           report at once (an acceptance without latency, a rejection, a cancel) is delivered
//           right after that callback returns, before the events queued earlier, still within
//           this event;
//   (5)     a portfolio snapshot.
// Handlers the strategy does not define are skipped. Everything the run produces goes to a
// RunObserver (the trace, the fills file, the summary, tests), in that same order.
//
// A runtime error or limit in any handler stops the strategy: the error goes to the
// observer, no further handler runs (on_stop neither) and the runner accepts no more market
// events; the caller ends the run cleanly.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "runner/lifecycle_view.h"
#include "runner/market_view.h"
#include "stdlib/stdlib.h"
#include "stdlib/trading.h"
#include "vm/vm.h"

namespace dsl::runner {

// What a run produces, in order. Every method has a default that ignores it.
class RunObserver {
  public:
    virtual ~RunObserver() = default;
    // A market event, before the engine sees it; seq counts market events from 1.
    virtual void on_bar(uint64_t, const engine::Bar&) {}
    virtual void on_tick(uint64_t, const engine::Tick&) {}
    // Every engine event, as the engine emits it (commands' events included).
    virtual void on_engine_event(const engine::Event&) {}
    // A handler is about to run for the current event (for traces that record callbacks).
    virtual void on_callback(HandlerId, engine::Timestamp) {}
    // A line the strategy logged, with the handler and the time of the event being handled.
    virtual void on_log(HandlerId, engine::Timestamp, std::string_view) {}
    // The strategy stopped on a runtime error or limit.
    virtual void on_error(const vm::RuntimeError&, engine::Timestamp) {}
    // Step 5 in brief, after every market event and at the end: the equity, and whether any
    // position is open. Always given; it costs next to nothing.
    virtual void on_equity(engine::Timestamp, engine::Fixed /*equity*/, bool /*exposed*/) {}
    // Step 5 in full: the portfolio after the event, and the positions that are open or changed.
    // Building it costs more than the rest of a quiet event while a position is held (its value
    // moves with every price), so it is given (after every event and at the end) only when an
    // observer says it needs it; the runner asks once, at construction.
    virtual bool needs_snapshots() const { return true; }
    virtual void on_snapshot(const engine::PortfolioSnapshot&,
                             std::span<const engine::PositionSnapshot>) {}
};

struct RunnerSetup {
    engine::EngineConfig engine;
    // The instruments of the run, in symbol order: symbol i of the market is instrument i.
    std::vector<engine::InstrumentSpec> instruments;
    vm::Limits limits;
    // `name=value` overrides of the strategy's inputs.
    std::vector<std::string> inputs;
    stdlib::TradingLimits trading;
};

class StrategyRunner {
  public:
    // Throws std::invalid_argument for a bad engine configuration or instrument, an unknown
    // input or a bad input value, or a builtin this runner cannot provide.
    StrategyRunner(const vm::VerifiedModule& module, RunnerSetup setup, RunObserver& observer);
    ~StrategyRunner();
    StrategyRunner(const StrategyRunner&) = delete;
    StrategyRunner& operator=(const StrategyRunner&) = delete;

    // Runs the state initialiser and on_start. False when the strategy stopped.
    bool start();
    // One market event. False when the strategy has stopped (now or before).
    bool on_bar(const engine::Bar& bar);
    bool on_tick(const engine::Tick& tick);
    // Live mode: moves the engine's clock when no data arrives (latency and DAY timers).
    void advance_time(engine::Timestamp ts);
    // Runs on_stop (unless the strategy stopped) and ends with step 5 once more.
    void finish();

    bool stopped() const { return vm_->stopped(); }
    const std::optional<vm::RuntimeError>& error() const { return vm_->error(); }
    const engine::Engine& engine() const { return *engine_; }
    const MarketView& market() const { return market_; }
    int64_t gas_used() const { return vm_->gas_used(); }
    const vm::Vm& vm() const { return *vm_; }  // its heap figures, for dslvm --stats
    // A global of the strategy (inputs and state), for the trace header.
    vm::Value global(uint32_t index) const { return vm_->global(index); }
    uint64_t events() const { return seq_; }

  private:
    class QueueSink;
    bool refused() const;
    bool market_event(engine::SymbolId symbol, engine::Timestamp ts, const stdlib::Bar& bar,
                      HandlerId handler);
    bool invoke(HandlerId h, std::span<const vm::Value> args, engine::Timestamp ts);
    bool run_handler(HandlerId h, std::span<const vm::Value> args, engine::Timestamp ts);
    bool deliver(size_t from, engine::Timestamp ts,
                 std::vector<engine::PositionChanged>* positions);
    bool deliver_order(const engine::Event& e, size_t index, engine::Timestamp ts);
    void begin_queue();
    void snapshot();

    // position() inside a callback for queued event `index`: as of that event.
    struct PositionsAsOf final : stdlib::PositionView {
        const LifecycleView* view = nullptr;
        size_t index = 0;
        std::optional<engine::PositionSnapshot> position(engine::SymbolId s) const override {
            return view->position(s, index);
        }
    };

    const vm::VerifiedModule& module_;
    RunObserver& observer_;
    const bool full_snapshots_;  // observer_.needs_snapshots()
    MarketView market_;
    std::unique_ptr<QueueSink> sink_;
    std::unique_ptr<engine::Engine> engine_;
    stdlib::Trading trading_;
    std::unique_ptr<stdlib::Runtime> runtime_;
    vm::Host host_;
    std::unique_ptr<vm::Vm> vm_;

    std::vector<engine::Event> queue_;  // engine events not yet delivered to the strategy
    // The orders and positions as of each queued event; kept only when the strategy has a
    // handler that receives orders (on_order_update, on_order_fill).
    std::unique_ptr<LifecycleView> lifecycle_;
    PositionsAsOf positions_as_of_;
    // deliver(): the ranges of queue_ still to deliver, innermost (latest handler's) last.
    struct Pending {
        size_t next, end;
    };
    std::vector<Pending> pending_;
    HandlerId current_handler_ = HandlerId::on_start;
    engine::Timestamp current_ts_ = engine::kNoTime;
    uint64_t seq_ = 0;
    std::vector<char> changed_;  // per symbol: its position changed in this event
    // Per-event scratch, kept so that an event allocates nothing.
    std::vector<engine::PositionChanged> positions_;
    // The last snapshot, reused while the engine reports no portfolio change and it lists no
    // position that changed in its own event (most bars of a flat strategy).
    engine::PortfolioSnapshot snapshot_portfolio_;
    std::vector<engine::PositionSnapshot> snapshot_positions_;
    size_t snapshot_count_ = 0;
    uint64_t snapshot_changes_ = 0;
    bool snapshot_reusable_ = false;
};

}  // namespace dsl::runner
