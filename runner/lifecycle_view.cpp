// The lifecycle as of each queued event (see lifecycle_view.h).
#include "runner/lifecycle_view.h"

#include <stdexcept>
#include <string>
#include <type_traits>

namespace dsl::runner {

Delivery delivery_of(const engine::Event& event) {
    return std::visit(
        [](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, engine::OrderAccepted> ||
                          std::is_same_v<T, engine::OrderTriggered> ||
                          std::is_same_v<T, engine::OrderCanceled> ||
                          std::is_same_v<T, engine::OrderExpired> ||
                          std::is_same_v<T, engine::OrderRejected>) {
                return Delivery::order_update;
            } else if constexpr (std::is_same_v<T, engine::OrderPartiallyFilled> ||
                                 std::is_same_v<T, engine::OrderFilled>) {
                return Delivery::order_fill;
            } else if constexpr (std::is_same_v<T, engine::Fill>) {
                return Delivery::fill;
            } else {
                return Delivery::none;
            }
        },
        event);
}

LifecycleView::LifecycleView(std::size_t symbols) {
    for (std::size_t s = 0; s < symbols; ++s)
        store_.positions.emplace_back().symbol = static_cast<engine::SymbolId>(s);
}

void LifecycleView::begin() {
    for (engine::OrderId id : ended_)
        store_.orders.erase(id);
    ended_.clear();
    recorded_ = 0;
    order_of_.clear();
    as_of_.clear();
    steps_.clear();
    before_.clear();
}

void LifecycleView::record(const engine::Event& event) {
    const std::size_t index = recorded_++;
    order_of_.push_back(kNone);
    std::optional<lifecycle::EngineChange> change = lifecycle::change_of(event);
    if (!change) return;
    if (const auto* x = std::get_if<lifecycle::Execution<engine::Fixed>>(&*change))
        note_position_change(*x);
    if (lifecycle::Problem p = lifecycle::apply(store_, *change); p != lifecycle::Problem::none) {
        // The engine reports every change of an order it still has: a bug, never a strategy's.
        throw std::logic_error("lifecycle: " + std::string(engine::event_name(event)) + ": " +
                               std::string(lifecycle::to_string(p)));
    }
    for (engine::OrderId id : lifecycle::named_orders(*change)) {
        if (!store_.find_order(id)->working()) ended_.push_back(id);
    }
    if (const auto* x = std::get_if<lifecycle::Execution<engine::Fixed>>(&*change))
        steps_.push_back({index, store_.positions[x->symbol]});
    Delivery d = delivery_of(event);
    if (d == Delivery::order_update || d == Delivery::order_fill) {
        order_of_.back() = static_cast<std::uint32_t>(as_of_.size());
        as_of_.push_back(*store_.find_order(lifecycle::named_orders(*change).ids[0]));
    }
}

// A symbol's first fill of the market event keeps its position before, for the events queued
// before that fill.
void LifecycleView::note_position_change(const lifecycle::Execution<engine::Fixed>& x) {
    if (x.symbol >= store_.positions.size()) return;  // apply() reports it
    for (const lifecycle::EnginePosition& b : before_) {
        if (b.symbol == x.symbol) return;
    }
    before_.push_back(store_.positions[x.symbol]);
}

const lifecycle::EngineOrder* LifecycleView::order(std::size_t index) const {
    if (index >= order_of_.size() || order_of_[index] == kNone) return nullptr;
    return &as_of_[order_of_[index]];
}

std::optional<engine::PositionSnapshot> LifecycleView::position(engine::SymbolId symbol,
                                                                std::size_t index) const {
    const lifecycle::EnginePosition* found = nullptr;
    for (const Step& s : steps_) {
        if (s.index > index) break;
        if (s.after.symbol == symbol) found = &s.after;
    }
    if (found == nullptr) {
        for (const lifecycle::EnginePosition& b : before_) {
            if (b.symbol == symbol) found = &b;
        }
    }
    if (found == nullptr) return std::nullopt;
    return lifecycle::snapshot_of(*found);
}

}  // namespace dsl::runner
