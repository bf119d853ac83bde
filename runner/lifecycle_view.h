// The orders and positions as of each engine event of the current market event, for the
// strategy callbacks that report them: on_order_update and on_order_fill receive the order as of
// the change they report, and position() inside them answers as of that change.
//
// The dispatcher queues the engine's events and calls the strategy afterwards, depth first (a
// callback's own commands are reported right after it, before the events queued earlier), so by
// the time a callback runs the engine has moved on: its state is the end of the market event.
// This view applies every event, in the order the engine emitted it, to the lifecycle reducer
// (lifecycle/reduce.h) and keeps, per queued event, the order it reports as of that event, and
// the positions each fill left. It keeps the orders that work, and those that ended during the
// current market event (forgotten when the next one begins): no event names an order after the
// market event in which it ended.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/events.h"
#include "engine/order.h"
#include "engine/portfolio.h"
#include "runner/engine_changes.h"

namespace dsl::runner {

// What the strategy is told of an engine event.
enum class Delivery : std::uint8_t {
    none,          // nothing (the other events)
    order_update,  // on_order_update: order_accepted, _triggered, _canceled, _expired, _rejected
    order_fill,    // on_order_fill: order_partially_filled, order_filled (after their fill)
    fill,          // the fill itself: the position's opening bar is noted
};
Delivery delivery_of(const engine::Event& event);

class LifecycleView {
  public:
    explicit LifecycleView(std::size_t symbols);

    // The queue was emptied for a new market event: event indices start again from 0, and the
    // orders that ended before are forgotten.
    void begin();
    // The next event in the queue (its index is the number recorded since begin()).
    void record(const engine::Event& event);

    // The order as of queued event `index`, for an event the strategy is told of
    // (order_update, order_fill); nullptr for any other.
    const lifecycle::EngineOrder* order(std::size_t index) const;
    // The symbol's position as of queued event `index`; nullopt when no fill of this market
    // event has changed it (the engine's position is then the answer).
    std::optional<engine::PositionSnapshot> position(engine::SymbolId symbol,
                                                     std::size_t index) const;

  private:
    // The reducer's store: working orders, and those ended in this market event. The nodes of
    // forgotten orders are kept for the next ones (no allocation per order).
    using Orders = std::unordered_map<engine::OrderId, lifecycle::EngineOrder>;
    struct Store {
        Orders orders;
        std::vector<Orders::node_type> spare;
        std::vector<lifecycle::EnginePosition> positions;
        lifecycle::EngineOrder* find_order(engine::OrderId id) {
            auto it = orders.find(id);
            return it == orders.end() ? nullptr : &it->second;
        }
        lifecycle::EngineOrder* add_order(const lifecycle::Submitted<engine::Fixed>& c);
        lifecycle::EnginePosition* find_position(engine::SymbolId s) {
            return s < positions.size() ? &positions[s] : nullptr;
        }
    };
    struct Step {
        std::size_t index;  // the queued fill
        lifecycle::EnginePosition after;
    };
    static constexpr std::uint32_t kNone = UINT32_MAX;

    // Applies one event's change and keeps what its callback will need.
    template <class Change>
    void record_change(std::size_t index, const Change& change, Delivery delivery);
    void note_position_change(const lifecycle::Execution<engine::Fixed>& x);

    Store store_;
    std::size_t recorded_ = 0;
    std::vector<std::uint32_t> order_of_;            // per queued event: into as_of_, or kNone
    std::vector<lifecycle::EngineOrder> as_of_;      // the orders as of their events
    std::vector<Step> steps_;                        // the positions after each fill, in order
    std::vector<lifecycle::EnginePosition> before_;  // each changed position before its first fill
    std::vector<engine::OrderId> ended_;             // in this market event
};

}  // namespace dsl::runner
