// The engine's basic vocabulary: identifiers, timestamps and the small enums of an order.
//
// Invariants: OrderId values are dense and monotonic from 1 in submission order (0 = no order);
// SymbolId values are dense from 0 in registration order. Timestamps are int64 nanoseconds since
// the Unix epoch, UTC. Every enum here has a stable snake_case name (used by traces and docs),
// expanded from one X-macro list per enum so that names never drift from the enumerators.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace dsl::engine {

using OrderId = std::uint64_t;
using SymbolId = std::uint32_t;
using Timestamp = std::int64_t;  // nanoseconds since 1970-01-01T00:00:00Z

inline constexpr OrderId kNoOrder = 0;
inline constexpr SymbolId kNoSymbol = std::numeric_limits<SymbolId>::max();
// The clock before the first market event: orders submitted then count latency from here.
inline constexpr Timestamp kNoTime = std::numeric_limits<Timestamp>::min();
inline constexpr Timestamp kNanosPerSecond = 1'000'000'000;
inline constexpr Timestamp kNanosPerDay = 86'400 * kNanosPerSecond;

#define DSL_ENGINE_SIDES(X) \
    X(buy)                  \
    X(sell)

#define DSL_ENGINE_ORDER_TYPES(X)                                                 \
    X(market)        /* fills at the first price it meets */                      \
    X(limit)         /* fills at the limit or better */                           \
    X(stop)          /* becomes a market order when the price reaches the stop */ \
    X(stop_limit)    /* becomes a limit order when the price reaches the stop */  \
    X(trailing_stop) /* a stop that follows the best price by an offset or percent */

#define DSL_ENGINE_TIFS(X)                                                            \
    X(gtc) /* good till canceled */                                                   \
    X(day) /* expires when the trading day of its first evaluation ends */            \
    X(ioc) /* immediate or cancel: fills what it can at its first evaluation point */ \
    X(fok) /* fill or kill: fills completely at its first evaluation point, or expires */

#define DSL_ENGINE_ENUM_MEMBER(name) name,
#define DSL_ENGINE_ENUM_NAME(name) #name,

enum class Side : std::uint8_t { DSL_ENGINE_SIDES(DSL_ENGINE_ENUM_MEMBER) };
enum class OrderType : std::uint8_t { DSL_ENGINE_ORDER_TYPES(DSL_ENGINE_ENUM_MEMBER) };
enum class TimeInForce : std::uint8_t { DSL_ENGINE_TIFS(DSL_ENGINE_ENUM_MEMBER) };

std::string_view to_string(Side side);
std::string_view to_string(OrderType type);
std::string_view to_string(TimeInForce tif);

// The prices an order of each type carries: a limit price (limit, stop_limit) and a stop price
// (stop, stop_limit, and a trailing stop's current stop). An order's other price is 0 in its
// snapshot and null in the trace, and the DSL's order record gives na for it. trace/model.h
// repeats these two for the viewer (which cannot link the engine); trace/model_check.cpp keeps
// the copies equal, type by type.
constexpr bool has_limit_price(OrderType type) {
    switch (type) {
        case OrderType::limit:
        case OrderType::stop_limit:
            return true;
        case OrderType::market:
        case OrderType::stop:
        case OrderType::trailing_stop:
            return false;
    }
    return false;
}
constexpr bool has_stop_price(OrderType type) {
    switch (type) {
        case OrderType::stop:
        case OrderType::stop_limit:
        case OrderType::trailing_stop:
            return true;
        case OrderType::market:
        case OrderType::limit:
            return false;
    }
    return false;
}

constexpr Side opposite(Side side) {
    return side == Side::buy ? Side::sell : Side::buy;
}
// +1 for buy, -1 for sell: the sign a fill gives to the position.
constexpr int sign(Side side) {
    return side == Side::buy ? 1 : -1;
}

}  // namespace dsl::engine
