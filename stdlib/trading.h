// The bridge between the strategy's order and portfolio builtins and the order engine: the
// one place where the VM's world (untagged values, DSL records and enums, float prices) meets
// the engine's (fixed-point money, OrderSnapshot, engine enums).
//
// Symbols: the DSL's symbol ids and the engine's SymbolIds are the same numbers; the runner
// registers its instruments in the order of the market's symbols. A symbol the strategy
// named with symbol("X") but for which there is no data has an id beyond the instruments,
// and the engine rejects its orders as unknown_symbol.
//
// Prices and quantities arrive as doubles and enter the engine through Fixed::from_double
// (the shortest decimal that reads back as the double, rounded to 8 places; na becomes the
// engine's "not a number", which it rejects). Nothing here rounds a price to the tick:
// round_price() is the strategy's tool for that.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/engine.h"
#include "vm/heap.h"
#include "vm/host.h"

namespace dsl::vm {
class Vm;
}

namespace dsl::stdlib {

// Milliseconds since the epoch for an engine timestamp (0 for kNoTime). Inline: every market
// event's view of its bar takes one.
inline int64_t to_ms(engine::Timestamp ts) {
    if (ts == engine::kNoTime) return 0;
    int64_t ms = ts / 1'000'000;
    return ts % 1'000'000 < 0 ? ms - 1 : ms;  // floor, for times before 1970
}

// What one strategy's orders may cost, beyond the VM's own limits.
struct TradingLimits {
    // Order commands (placing, canceling or linking orders, closing a position) that the
    // handlers of one market event may issue together. Every event a handler sees comes from
    // the market or from a command, so this bounds the handler calls of one event too: a
    // handler that answers each update with a new command stops here, not on the native stack.
    uint64_t event_commands = 10'000;
};

// Positions as of an earlier moment than the engine's now: while a callback reports an order
// change, position() answers as of that change (the runner's LifecycleView). nullopt: the
// position has not changed since, the engine's is the answer.
class PositionView {
  public:
    virtual ~PositionView() = default;
    virtual std::optional<engine::PositionSnapshot> position(engine::SymbolId symbol) const = 0;
};

class Trading {
  public:
    explicit Trading(engine::Engine& engine, TradingLimits limits = {})
        : engine_(engine), limits_(limits) {}

    engine::Engine& engine() { return engine_; }

    // A market event (or on_start, on_stop) begins: its handlers may issue
    // limits.event_commands commands.
    void begin_event() { event_commands_ = 0; }
    // Every order command passes here before it reaches the engine (a runtime error past the
    // limit) and after (the engine's order records it grew, or the chunks sealed since, are
    // counted against the VM's memory limit: order records count as strategy memory).
    void before_command(vm::HostCall& call);
    void after_command(vm::HostCall& call);

    // When each symbol's current position was opened: the engine keeps no bar numbers, so
    // the runner reports every fill's effect on the position, with the bar it happened on.
    void note_position(int64_t symbol, engine::Fixed qty_before, engine::Fixed qty_after,
                       int64_t bar_index, int64_t time_ms);
    struct Opened {
        int64_t bar = -1;
        int64_t time_ms = 0;
    };
    Opened opened(int64_t symbol) const;

    // One field of a DSL record, by slot: the value the record built from the same snapshot
    // holds there. The records below are filled with these, and the field readers of
    // position(), portfolio() and get_order() (CALLBF) call them for one field.
    vm::Value order_field(vm::Vm& vm, const engine::OrderSnapshot& order, uint8_t field) const;
    vm::Value position_field(const engine::PositionSnapshot& position, uint8_t field) const;
    vm::Value portfolio_field(const engine::PortfolioSnapshot& portfolio, uint8_t field) const;
    // The position in a symbol as the strategy sees it (the view's while one is set, else the
    // engine's now), with the symbol set (also beyond the instruments).
    engine::PositionSnapshot position_of(engine::SymbolId symbol) const;
    // Sets (or, with nullptr, ends) the view position() answers from.
    void view_positions(const PositionView* view) { view_ = view; }

    // DSL records built from engine snapshots, for builtin results and handler arguments.
    vm::Record* order_record(vm::Vm& vm, const engine::OrderSnapshot& order) const;
    vm::Record* position_record(vm::Vm& vm, const engine::PositionSnapshot& position) const;
    // The position() builtin's record: the one handed out last time for the symbol while its
    // fields are unchanged (most bars of a backtest ask for the same flat position), else new.
    // Unchanged is the engine's position_changes() count and the opening bar: no field is
    // compared (and no snapshot built) to find out.
    vm::Record* shared_position_record(vm::Vm& vm, engine::SymbolId symbol);
    vm::Record* portfolio_record(vm::Vm& vm) const;

  private:
    template <class FieldOf>
    static vm::Record* filled_record(vm::Vm& vm, RecordId id, FieldOf field_of);

    engine::Engine& engine_;
    TradingLimits limits_;
    uint64_t event_commands_ = 0;
    int64_t order_bytes_counted_ = 0;  // what the VM's memory counts for the order records
    std::vector<Opened> opened_;
    // shared_position_record: per symbol, the VM's kept slot, the last record handed out and
    // what it was made from.
    struct SharedPosition {
        uint32_t slot = 0;
        vm::Record* record = nullptr;
        uint64_t changes = 0;
        Opened opened;
    };
    std::vector<SharedPosition> shared_positions_;
    const vm::Vm* shared_vm_ = nullptr;
    const PositionView* view_ = nullptr;
};

// The order and portfolio builtins (buy ... working_orders), bound by Runtime::bind when the
// runtime has a Trading attached.
void bind_trading(vm::Host& host);
// Whether bind_trading binds `id`: a module that imports one trades (tests/run runs it through
// the engine).
bool binds_trading(BuiltinId id);

}  // namespace dsl::stdlib
