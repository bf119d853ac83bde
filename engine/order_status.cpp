// The order status transition table. One row per legal (status, transition) pair; every pair not
// listed is illegal. Keep the rows grouped by source status and in enum order.
#include "engine/order_status.h"

#include <array>

namespace dsl::engine {

namespace {

using S = OrderStatus;
using T = OrderTransition;

struct Row {
    S from;
    T input;
    S to;
};

// clang-format off
constexpr std::array kTable{
    Row{S::pending,          T::accept,       S::open},
    Row{S::pending,          T::reject,       S::rejected},
    Row{S::pending,          T::cancel,       S::canceled},
    Row{S::pending,          T::expire,       S::expired},
    Row{S::pending,          T::modify,       S::pending},

    Row{S::open,             T::reject,       S::rejected},
    Row{S::open,             T::trigger,      S::triggered},
    Row{S::open,             T::partial_fill, S::partially_filled},
    Row{S::open,             T::fill,         S::filled},
    Row{S::open,             T::cancel,       S::canceled},
    Row{S::open,             T::expire,       S::expired},
    Row{S::open,             T::modify,       S::open},

    Row{S::triggered,        T::reject,       S::rejected},
    Row{S::triggered,        T::partial_fill, S::partially_filled},
    Row{S::triggered,        T::fill,         S::filled},
    Row{S::triggered,        T::cancel,       S::canceled},
    Row{S::triggered,        T::expire,       S::expired},
    Row{S::triggered,        T::modify,       S::triggered},

    Row{S::partially_filled, T::reject,       S::rejected},
    Row{S::partially_filled, T::partial_fill, S::partially_filled},
    Row{S::partially_filled, T::fill,         S::filled},
    Row{S::partially_filled, T::cancel,       S::canceled},
    Row{S::partially_filled, T::expire,       S::expired},
    Row{S::partially_filled, T::modify,       S::partially_filled},
};
// clang-format on

// Dense lookup built once from the rows; -1 marks an illegal pair.
struct Lookup {
    std::array<std::array<std::int8_t, kOrderTransitionCount>, kOrderStatusCount> next{};
    constexpr Lookup() {
        for (auto& row : next)
            row.fill(-1);
        for (const Row& r : kTable) {
            next[static_cast<int>(r.from)][static_cast<int>(r.input)] =
                static_cast<std::int8_t>(r.to);
        }
    }
};
constexpr Lookup kLookup;

#define DSL_ENGINE_STATUS_NAME(name) #name,
constexpr std::array kStatusNames{DSL_ENGINE_ORDER_STATUSES(DSL_ENGINE_STATUS_NAME)};
constexpr std::array kTransitionNames{DSL_ENGINE_ORDER_TRANSITIONS(DSL_ENGINE_STATUS_NAME)};

std::string describe(IllegalTransition t) {
    return "illegal order transition: " + std::string(to_string(t.transition)) + " from " +
           std::string(to_string(t.from));
}

}  // namespace

TransitionResult transition(OrderStatus from, OrderTransition input) {
    std::int8_t to = kLookup.next.at(static_cast<int>(from)).at(static_cast<int>(input));
    if (to < 0) return IllegalTransition{from, input};
    return static_cast<OrderStatus>(to);
}

IllegalTransitionError::IllegalTransitionError(IllegalTransition t)
    : std::logic_error(describe(t)), transition_(t) {}

OrderStatus next_status(OrderStatus from, OrderTransition input) {
    TransitionResult r = transition(from, input);
    if (const auto* bad = std::get_if<IllegalTransition>(&r)) throw IllegalTransitionError(*bad);
    return std::get<OrderStatus>(r);
}

int status_rank(OrderStatus s) {
    switch (s) {
        case S::pending:
            return 0;
        case S::open:
            return 1;
        case S::triggered:
            return 2;
        case S::partially_filled:
            return 3;
        case S::filled:
        case S::canceled:
        case S::rejected:
        case S::expired:
            return 4;
    }
    return 4;
}

std::string_view to_string(OrderStatus s) {
    return kStatusNames.at(static_cast<std::size_t>(s));
}
std::string_view to_string(OrderTransition t) {
    return kTransitionNames.at(static_cast<std::size_t>(t));
}

}  // namespace dsl::engine
