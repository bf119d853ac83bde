// The engine's side of the lifecycle: its events as the reducer's changes, and the reducer's
// state as the engine's snapshots. The strategy dispatcher uses it to give each callback the
// order (and position) as of the event it reports; tests/lifecycle uses it to check that the
// reducer and the engine agree after every event.
#pragma once

#include <concepts>
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
// position (a refused command or market data, a margin call, an ambiguous bar, a snapshot);
// and the change of each such event by its type.
// (A template, so that no other event converts to the variant to reach it.)
template <class E>
requires std::same_as<E, engine::Event> std::optional<EngineChange> change_of(const E& event);
Submitted<engine::Fixed> change_of(const engine::OrderSubmitted& event);
Accepted<engine::Fixed> change_of(const engine::OrderAccepted& event);
Rejected<engine::Fixed> change_of(const engine::OrderRejected& event);
Triggered<engine::Fixed> change_of(const engine::OrderTriggered& event);
Modified<engine::Fixed> change_of(const engine::OrderModified& event);
PartiallyFilled<engine::Fixed> change_of(const engine::OrderPartiallyFilled& event);
Filled<engine::Fixed> change_of(const engine::OrderFilled& event);
Canceled<engine::Fixed> change_of(const engine::OrderCanceled& event);
Expired<engine::Fixed> change_of(const engine::OrderExpired& event);
CancelRequested<engine::Fixed> change_of(const engine::CancelRequested& event);
OcoLinked<engine::Fixed> change_of(const engine::OcoLinked& event);
BracketLinked<engine::Fixed> change_of(const engine::BracketLinked& event);
Execution<engine::Fixed> change_of(const engine::Fill& event);
PositionChanged<engine::Fixed> change_of(const engine::PositionChanged& event);

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
