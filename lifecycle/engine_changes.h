// The engine's side of the lifecycle: its events as the reducer's changes, and the reducer's
// state as the engine's snapshots. The strategy dispatcher uses it to give each callback the
// order (and position) as of the event it reports; tests/lifecycle uses it to check that the
// reducer and the engine agree after every event.
#pragma once

#include <optional>

#include "engine/events.h"
#include "engine/order.h"
#include "engine/portfolio.h"
#include "lifecycle/reduce.h"

namespace dsl::lifecycle {

using EngineOrder = Order<engine::Fixed>;
using EnginePosition = Position<engine::Fixed>;
using EngineChange = Change<engine::Fixed>;
using EngineBook = Book<engine::Fixed>;

// The change an engine event makes, or nullopt for an event that changes no order and no
// position (a refused command or market data, a margin call, an ambiguous bar, a snapshot).
std::optional<EngineChange> change_of(const engine::Event& event);

// The engine's snapshot of the reducer's order: every field of OrderSnapshot (reject_reason and
// reject_text only for a rejected order, as the engine keeps them).
engine::OrderSnapshot snapshot_of(const EngineOrder& order);
// The fields a position's changes report; the mark, market value and cost basis, which no change
// carries, are 0.
engine::PositionSnapshot snapshot_of(const EnginePosition& position);

// The enums by index (tests/lifecycle/vocabulary_test.cpp checks that the names agree).
Side side_of(engine::Side v);
OrderType type_of(engine::OrderType v);
TimeInForce tif_of(engine::TimeInForce v);
OrderStatus status_of(engine::OrderStatus v);

}  // namespace dsl::lifecycle
