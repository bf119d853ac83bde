// Why things happen: the reason codes carried by engine events, each defined once.
//
// RejectReason covers every refusal the engine can make (an order that fails validation or buying
// power, and a command such as cancel or oco that cannot be carried out). Each code has a stable
// snake_case name for traces and a default human text; events may add a specific text. The other
// enums explain cancellations, expiries, modifications and how a fill got its price.
#pragma once

#include <cstdint>
#include <string_view>

namespace dsl::engine {

// X(code, default text)
#define DSL_ENGINE_REJECT_REASONS(X)                                                      \
    X(none, "")                                                                           \
    X(invalid_quantity, "quantity must be greater than zero")                             \
    X(invalid_price, "price must be greater than zero")                                   \
    X(not_finite, "a price or quantity is NaN, infinite or beyond the fixed-point range") \
    X(out_of_range, "the order's notional value exceeds the engine's limit")              \
    X(off_tick, "price is not a multiple of the instrument's tick size")                  \
    X(off_lot, "quantity is not a multiple of the instrument's lot size")                 \
    X(unknown_symbol, "the symbol is not registered")                                     \
    X(missing_price, "the order type needs a price that was not given")                   \
    X(invalid_trail, "trailing offset must be > 0 and a trailing percent in (0, 100)")    \
    X(invalid_bracket, "bracket prices are inconsistent (buy: take profit > stop loss)")  \
    X(bracket_leg_rejected, "another order of the same bracket was rejected")             \
    X(insufficient_buying_power, "not enough buying power for the order at its price")    \
    X(no_position, "there is no position to close")                                       \
    X(unknown_order, "no order has this id")                                              \
    X(order_finished, "the order is already filled, canceled, rejected or expired")       \
    X(cancel_pending, "a cancel for this order is already in flight")                     \
    X(cancel_too_late, "the order finished before the cancel arrived")                    \
    X(invalid_link, "orders to link must be distinct, working, unlinked and of one symbol")

#define DSL_ENGINE_CANCEL_REASONS(X)                                                  \
    X(user)            /* cancel() or cancel_all() */                                 \
    X(oco_sibling)     /* the other leg of its OCO pair filled the shared quantity */ \
    X(parent_canceled) /* a bracket entry ended without any fill */                   \
    X(bracket_exit)    /* a bracket exit filled, so the rest of the entry stops */    \
    X(margin_call)     /* forced liquidation cancels every working order */

#define DSL_ENGINE_EXPIRE_REASONS(X)                               \
    X(day) /* its trading day ended */                             \
    X(ioc) /* the unfilled rest of an immediate-or-cancel order */ \
    X(fok) /* a fill-or-kill order that could not fill completely */

#define DSL_ENGINE_MODIFY_REASONS(X)                                                   \
    X(trail_moved)     /* a trailing stop's stop price followed the market */          \
    X(oco_reduced)     /* the other leg of its OCO pair filled part of the quantity */ \
    X(bracket_resized) /* a bracket exit follows its entry's filled quantity */

// How the base price of a fill relates to the order's price.
#define DSL_ENGINE_GAP_RULES(X)                                                            \
    X(none)             /* filled at the order's own price (limit or stop) or at market */ \
    X(through_limit)    /* the market was already better than the limit: filled there */   \
    X(gap_through_stop) /* the market was already past the stop: filled there, not at it */

// Where on the market event the fill happened.
#define DSL_ENGINE_PATH_LEGS(X)                                        \
    X(open)              /* the bar's opening price */                 \
    X(to_first_extreme)  /* open -> first extreme of the path model */ \
    X(to_second_extreme) /* first extreme -> second extreme */         \
    X(to_close)          /* second extreme -> close */                 \
    X(tick)              /* a tick */

#define DSL_ENGINE_COMMANDS(X) \
    X(cancel)                  \
    X(oco)

#define DSL_ENGINE_REASON_MEMBER(name, ...) name,

enum class RejectReason : std::uint8_t { DSL_ENGINE_REJECT_REASONS(DSL_ENGINE_REASON_MEMBER) };
enum class CancelReason : std::uint8_t { DSL_ENGINE_CANCEL_REASONS(DSL_ENGINE_REASON_MEMBER) };
enum class ExpireReason : std::uint8_t { DSL_ENGINE_EXPIRE_REASONS(DSL_ENGINE_REASON_MEMBER) };
enum class ModifyReason : std::uint8_t { DSL_ENGINE_MODIFY_REASONS(DSL_ENGINE_REASON_MEMBER) };
enum class GapRule : std::uint8_t { DSL_ENGINE_GAP_RULES(DSL_ENGINE_REASON_MEMBER) };
enum class PathLeg : std::uint8_t { DSL_ENGINE_PATH_LEGS(DSL_ENGINE_REASON_MEMBER) };
enum class CommandKind : std::uint8_t { DSL_ENGINE_COMMANDS(DSL_ENGINE_REASON_MEMBER) };

std::string_view to_string(RejectReason reason);
std::string_view default_text(RejectReason reason);
std::string_view to_string(CancelReason reason);
std::string_view to_string(ExpireReason reason);
std::string_view to_string(ModifyReason reason);
std::string_view to_string(GapRule rule);
std::string_view to_string(PathLeg leg);
std::string_view to_string(CommandKind kind);

}  // namespace dsl::engine
