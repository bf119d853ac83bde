// The lifecycle as of each queued event (see lifecycle_view.h).
#include "runner/lifecycle_view.h"

#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

namespace dsl::runner {

namespace {

// The position of T in the variant V (a constant, for switch cases).
template <class T, class V>
struct IndexOf;
template <class T, class... Ts>
struct IndexOf<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        std::size_t i = 0;
        (void)((std::is_same_v<T, Ts> ? true : (++i, false)) || ...);
        return i;
    }();
};
template <class T>
constexpr std::size_t kIndex = IndexOf<T, engine::Event>::value;

}  // namespace

Delivery delivery_of(const engine::Event& event) {
    switch (event.index()) {
        case kIndex<engine::OrderAccepted>:
        case kIndex<engine::OrderTriggered>:
        case kIndex<engine::OrderCanceled>:
        case kIndex<engine::OrderExpired>:
        case kIndex<engine::OrderRejected>:
            return Delivery::order_update;
        case kIndex<engine::OrderPartiallyFilled>:
        case kIndex<engine::OrderFilled>:
            return Delivery::order_fill;
        case kIndex<engine::Fill>:
            return Delivery::fill;
        default:
            return Delivery::none;
    }
}

lifecycle::EngineOrder* LifecycleView::Store::add_order(
    const lifecycle::Submitted<engine::Fixed>& c) {
    if (spare.empty()) {
        auto [it, fresh] = orders.try_emplace(c.id);
        return fresh ? &it->second : nullptr;
    }
    Orders::node_type node = std::move(spare.back());
    spare.pop_back();
    node.key() = c.id;
    auto result = orders.insert(std::move(node));
    if (!result.inserted) {
        spare.push_back(std::move(result.node));
        return nullptr;
    }
    return &result.position->second;
}

LifecycleView::LifecycleView(std::size_t symbols) {
    for (std::size_t s = 0; s < symbols; ++s)
        store_.positions.emplace_back().symbol = static_cast<engine::SymbolId>(s);
}

void LifecycleView::begin() {
    if (recorded_ == 0) return;  // most market events report nothing
    for (engine::OrderId id : ended_) {
        // An order is listed once per change that named it after it ended (its last fill and
        // its order_filled, say): only the first extract finds it.
        if (Orders::node_type node = store_.orders.extract(id); !node.empty())
            store_.spare.push_back(std::move(node));
    }
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
    const Delivery delivery = delivery_of(event);
    std::visit(
        [&](const auto& e) {
            if constexpr (requires { lifecycle::change_of(e); })
                record_change(index, lifecycle::change_of(e), delivery);
        },
        event);
}

template <class Change>
void LifecycleView::record_change(std::size_t index, const Change& change, Delivery delivery) {
    constexpr bool kExecution = std::is_same_v<Change, lifecycle::Execution<engine::Fixed>>;
    if constexpr (kExecution) note_position_change(change);
    if (lifecycle::Problem p = lifecycle::apply(store_, change); p != lifecycle::Problem::none) {
        // The engine reports every change of an order it still has: a bug, never a strategy's.
        throw std::logic_error(
            "lifecycle: " + std::string(lifecycle::change_name(lifecycle::EngineChange(change))) +
            ": " + std::string(lifecycle::to_string(p)));
    }
    const lifecycle::NamedOrders named = lifecycle::named_orders(change);
    for (engine::OrderId id : named) {
        if (!store_.find_order(id)->working()) ended_.push_back(id);
    }
    if constexpr (kExecution) steps_.push_back({index, store_.positions[change.symbol]});
    if (delivery == Delivery::order_update || delivery == Delivery::order_fill) {
        order_of_.back() = static_cast<std::uint32_t>(as_of_.size());
        as_of_.push_back(*store_.find_order(named.ids[0]));
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
