// The lifecycle's enums are the engine's, name by name, so that converting by index is exact;
// every engine event that changes an order or a position has a change of the same name.
#include <gtest/gtest.h>

#include "runner/engine_changes.h"

namespace dsl::lifecycle {
namespace {

template <class Lifecycle, class Engine>
void expect_same_names(int count) {
    for (int i = 0; i < count; ++i) {
        EXPECT_EQ(to_string(static_cast<Lifecycle>(i)), engine::to_string(static_cast<Engine>(i)))
            << i;
    }
}

TEST(Vocabulary, EnumsAreTheEnginesByName) {
    expect_same_names<Side, engine::Side>(2);
    expect_same_names<OrderType, engine::OrderType>(5);
    expect_same_names<TimeInForce, engine::TimeInForce>(4);
    expect_same_names<OrderStatus, engine::OrderStatus>(engine::kOrderStatusCount);
    for (int i = 0; i < engine::kOrderStatusCount; ++i) {
        auto s = static_cast<engine::OrderStatus>(i);
        EXPECT_EQ(is_working(status_of(s)), engine::is_working(s)) << i;
    }
}

// Each change is named after the engine event it comes from; the other events change nothing.
TEST(Vocabulary, ChangesAreNamedAfterTheirEvents) {
    std::size_t changes = 0;
    for (std::size_t k = 0; k < engine::kEventKindCount; ++k) {
        engine::Event e = [&] {
            engine::Event ev;
            // Default-construct alternative k.
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                ((I == k ? (ev = std::variant_alternative_t<I, engine::Event>{}, 0) : 0), ...);
            }
            (std::make_index_sequence<engine::kEventKindCount>{});
            return ev;
        }();
        std::optional<EngineChange> c = change_of(e);
        if (!c) continue;
        ++changes;
        EXPECT_EQ(change_name(*c), engine::event_name(e));
    }
    EXPECT_EQ(changes, kChangeKindCount);
}

}  // namespace
}  // namespace dsl::lifecycle
