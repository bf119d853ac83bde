// The order status state machine: one exhaustive (status, transition) -> status table.
//
// An order's status changes only through transition(); every (status, transition) pair either has
// exactly one row in the table of order_status.cpp or is illegal, in which case transition()
// returns an IllegalTransition value (a typed error, never a silent change). The engine treats an
// illegal transition as an internal bug and throws IllegalTransitionError.
//
// Statuses, in their forward order (a status never moves to an earlier rank):
//   pending           submitted; submit latency not elapsed, or a bracket exit waiting for
//                     its entry
//   open              working at the (simulated) market
//   triggered         a stop, stop-limit or trailing stop whose trigger was reached and that
//                     has not filled yet (a triggered stop-limit is a working limit order)
//   partially_filled  some quantity filled, the rest keeps working
//   filled, canceled, rejected, expired   final; no transition leaves them
// "Working" means pending, open, triggered or partially_filled.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace dsl::engine {

#define DSL_ENGINE_ORDER_STATUSES(X) \
    X(pending)                       \
    X(open)                          \
    X(triggered)                     \
    X(partially_filled)              \
    X(filled)                        \
    X(canceled)                      \
    X(rejected)                      \
    X(expired)

// The inputs of the state machine (not to be confused with the engine events that report them).
#define DSL_ENGINE_ORDER_TRANSITIONS(X)                                            \
    X(accept)       /* latency elapsed / entry filled: the order starts working */ \
    X(reject)       /* validation or buying power failed */                        \
    X(trigger)      /* stop price reached */                                       \
    X(partial_fill) /* a fill that leaves quantity to fill */                      \
    X(fill)         /* a fill that completes the order */                          \
    X(cancel)       /* canceled by the user or by a contingency */                 \
    X(expire)       /* its time in force ran out */                                \
    X(modify)       /* quantity or price changed by the engine; status unchanged */

#define DSL_ENGINE_STATUS_MEMBER(name) name,

enum class OrderStatus : std::uint8_t { DSL_ENGINE_ORDER_STATUSES(DSL_ENGINE_STATUS_MEMBER) };
enum class OrderTransition : std::uint8_t {
    DSL_ENGINE_ORDER_TRANSITIONS(DSL_ENGINE_STATUS_MEMBER)
};

#define DSL_ENGINE_COUNT_ONE(name) +1
inline constexpr int kOrderStatusCount = 0 DSL_ENGINE_ORDER_STATUSES(DSL_ENGINE_COUNT_ONE);
inline constexpr int kOrderTransitionCount = 0 DSL_ENGINE_ORDER_TRANSITIONS(DSL_ENGINE_COUNT_ONE);

struct IllegalTransition {
    OrderStatus from;
    OrderTransition transition;
};

// The result of looking a pair up: the next status, or the typed error.
using TransitionResult = std::variant<OrderStatus, IllegalTransition>;

TransitionResult transition(OrderStatus from, OrderTransition input);

class IllegalTransitionError : public std::logic_error {
  public:
    explicit IllegalTransitionError(IllegalTransition t);
    IllegalTransition what_transition() const { return transition_; }

  private:
    IllegalTransition transition_;
};

// Applies the table or throws IllegalTransitionError.
OrderStatus next_status(OrderStatus from, OrderTransition input);

constexpr bool is_working(OrderStatus s) {
    return s == OrderStatus::pending || s == OrderStatus::open || s == OrderStatus::triggered ||
           s == OrderStatus::partially_filled;
}
constexpr bool is_final(OrderStatus s) {
    return !is_working(s);
}
// The forward order: pending 0, open 1, triggered 2, partially_filled 3, final statuses 4.
int status_rank(OrderStatus s);

std::string_view to_string(OrderStatus s);
std::string_view to_string(OrderTransition t);

}  // namespace dsl::engine
