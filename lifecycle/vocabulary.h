// The words of the order lifecycle that every consumer shares: ids, timestamps and the small enums
// of an order, with their stable snake_case names.
//
// They are the engine's (engine/types.h, engine/order_status.h) by the same names in the same
// order, redefined here because this library links nothing of ours: the trace reader and the
// viewer use it without the engine. tests/lifecycle/vocabulary_test.cpp checks that both lists
// agree name by name, so a value can be converted by its index.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace dsl::lifecycle {

using OrderId = std::uint64_t;   // dense from 1; 0 = no order
using SymbolId = std::uint32_t;  // dense from 0
using Timestamp = std::int64_t;  // nanoseconds since 1970-01-01T00:00:00Z

inline constexpr OrderId kNoOrder = 0;
inline constexpr SymbolId kNoSymbol = std::numeric_limits<SymbolId>::max();
inline constexpr Timestamp kNoTime = std::numeric_limits<Timestamp>::min();

#define DSL_LIFECYCLE_SIDES(X) X(buy) X(sell)
#define DSL_LIFECYCLE_ORDER_TYPES(X) X(market) X(limit) X(stop) X(stop_limit) X(trailing_stop)
#define DSL_LIFECYCLE_TIFS(X) X(gtc) X(day) X(ioc) X(fok)
#define DSL_LIFECYCLE_ORDER_STATUSES(X) \
    X(pending) X(open) X(triggered) X(partially_filled) X(filled) X(canceled) X(rejected) X(expired)

#define DSL_LIFECYCLE_MEMBER(name) name,
enum class Side : std::uint8_t { DSL_LIFECYCLE_SIDES(DSL_LIFECYCLE_MEMBER) };
enum class OrderType : std::uint8_t { DSL_LIFECYCLE_ORDER_TYPES(DSL_LIFECYCLE_MEMBER) };
enum class TimeInForce : std::uint8_t { DSL_LIFECYCLE_TIFS(DSL_LIFECYCLE_MEMBER) };
enum class OrderStatus : std::uint8_t { DSL_LIFECYCLE_ORDER_STATUSES(DSL_LIFECYCLE_MEMBER) };
#undef DSL_LIFECYCLE_MEMBER

std::string_view to_string(Side v);
std::string_view to_string(OrderType v);
std::string_view to_string(TimeInForce v);
std::string_view to_string(OrderStatus v);

// Working = not final: the order may still fill.
constexpr bool is_working(OrderStatus s) {
    return s == OrderStatus::pending || s == OrderStatus::open || s == OrderStatus::triggered ||
           s == OrderStatus::partially_filled;
}
constexpr bool is_final(OrderStatus s) {
    return !is_working(s);
}
// The prices an order of the type carries (engine/types.h): the other is null in the trace.
constexpr bool has_limit_price(OrderType type) {
    return type == OrderType::limit || type == OrderType::stop_limit;
}
constexpr bool has_stop_price(OrderType type) {
    return type == OrderType::stop || type == OrderType::stop_limit ||
           type == OrderType::trailing_stop;
}

}  // namespace dsl::lifecycle
