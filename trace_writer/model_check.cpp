// What the reader's model (trace/model.h) repeats of the engine, because the reader and the
// viewer cannot include it, is checked here, where both are visible: the symbol and time
// sentinels, and the rules of the mirrored enums, value by value (each value also exists on
// both sides, or this does not compile). The names of the enums are the trace format's; tests
// compare them (TraceRoundTrip.ReaderEnumsAreTheEngines). Nothing here runs.
#include <type_traits>

#include "engine/order_status.h"
#include "engine/types.h"
#include "trace/model.h"

namespace dsl::trace {
namespace {

static_assert(std::is_same_v<SymbolId, engine::SymbolId> && kNoSymbol == engine::kNoSymbol,
              "trace/model.h's SymbolId and kNoSymbol must be the engine's (engine/types.h)");
static_assert(std::is_same_v<Timestamp, engine::Timestamp> && kNoTime == engine::kNoTime,
              "trace/model.h's Timestamp and kNoTime must be the engine's (engine/types.h)");
static_assert(std::is_same_v<OrderId, engine::OrderId>,
              "trace/model.h's OrderId must be the engine's (engine/types.h)");

#define DSL_TRACE_SAME_PRICES(name)                                                             \
    static_assert(                                                                              \
        has_limit_price(OrderType::name) == engine::has_limit_price(engine::OrderType::name) && \
            has_stop_price(OrderType::name) == engine::has_stop_price(engine::OrderType::name), \
        "OrderType::" #name                                                                     \
        ": trace/model.h's has_limit_price or has_stop_price "                                  \
        "differs from engine/types.h's");
DSL_ENGINE_ORDER_TYPES(DSL_TRACE_SAME_PRICES)
#undef DSL_TRACE_SAME_PRICES

#define DSL_TRACE_SAME_WORKING(name)                                                              \
    static_assert(is_working(OrderStatus::name) == engine::is_working(engine::OrderStatus::name), \
                  "OrderStatus::" #name                                                           \
                  ": trace/model.h's is_working differs from the "                                \
                  "engine's (engine/order_status.h)");
DSL_ENGINE_ORDER_STATUSES(DSL_TRACE_SAME_WORKING)
#undef DSL_TRACE_SAME_WORKING

}  // namespace
}  // namespace dsl::trace
