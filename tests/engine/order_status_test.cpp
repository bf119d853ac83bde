// The order state machine: every (status, transition) pair is checked against an expected table
// written out independently here, so a changed row in order_status.cpp shows up as a failure.
#include "engine/order_status.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace dsl::engine {
namespace {

using S = OrderStatus;
using T = OrderTransition;

// The legal pairs; everything else must be an IllegalTransition.
const std::map<std::pair<S, T>, S>& expected_table() {
    static const std::map<std::pair<S, T>, S> table = {
        {{S::pending, T::accept}, S::open},
        {{S::pending, T::reject}, S::rejected},
        {{S::pending, T::cancel}, S::canceled},
        {{S::pending, T::expire}, S::expired},
        {{S::pending, T::modify}, S::pending},
        {{S::open, T::reject}, S::rejected},
        {{S::open, T::trigger}, S::triggered},
        {{S::open, T::partial_fill}, S::partially_filled},
        {{S::open, T::fill}, S::filled},
        {{S::open, T::cancel}, S::canceled},
        {{S::open, T::expire}, S::expired},
        {{S::open, T::modify}, S::open},
        {{S::triggered, T::reject}, S::rejected},
        {{S::triggered, T::partial_fill}, S::partially_filled},
        {{S::triggered, T::fill}, S::filled},
        {{S::triggered, T::cancel}, S::canceled},
        {{S::triggered, T::expire}, S::expired},
        {{S::triggered, T::modify}, S::triggered},
        {{S::partially_filled, T::reject}, S::rejected},
        {{S::partially_filled, T::partial_fill}, S::partially_filled},
        {{S::partially_filled, T::fill}, S::filled},
        {{S::partially_filled, T::cancel}, S::canceled},
        {{S::partially_filled, T::expire}, S::expired},
        {{S::partially_filled, T::modify}, S::partially_filled},
    };
    return table;
}

TEST(OrderStatus, EveryPairMatchesTheExpectedTable) {
    int legal = 0;
    for (int s = 0; s < kOrderStatusCount; ++s) {
        for (int t = 0; t < kOrderTransitionCount; ++t) {
            auto from = static_cast<S>(s);
            auto input = static_cast<T>(t);
            TransitionResult r = transition(from, input);
            auto it = expected_table().find({from, input});
            SCOPED_TRACE(std::string(to_string(from)) + " + " + std::string(to_string(input)));
            if (it == expected_table().end()) {
                ASSERT_TRUE(std::holds_alternative<IllegalTransition>(r));
                EXPECT_EQ(std::get<IllegalTransition>(r).from, from);
                EXPECT_EQ(std::get<IllegalTransition>(r).transition, input);
                EXPECT_THROW(next_status(from, input), IllegalTransitionError);
            } else {
                ++legal;
                ASSERT_TRUE(std::holds_alternative<OrderStatus>(r));
                EXPECT_EQ(std::get<OrderStatus>(r), it->second);
                EXPECT_EQ(next_status(from, input), it->second);
            }
        }
    }
    EXPECT_EQ(legal, static_cast<int>(expected_table().size()));
    EXPECT_EQ(kOrderStatusCount * kOrderTransitionCount, 64);
}

TEST(OrderStatus, NoTransitionLeavesAFinalStatus) {
    for (S final_status : {S::filled, S::canceled, S::rejected, S::expired}) {
        EXPECT_TRUE(is_final(final_status));
        for (int t = 0; t < kOrderTransitionCount; ++t) {
            EXPECT_TRUE(std::holds_alternative<IllegalTransition>(
                transition(final_status, static_cast<T>(t))));
        }
    }
}

TEST(OrderStatus, LegalTransitionsOnlyMoveForward) {
    for (const auto& [key, to] : expected_table()) {
        EXPECT_GE(status_rank(to), status_rank(key.first))
            << to_string(key.first) << " -> " << to_string(to);
    }
}

TEST(OrderStatus, IllegalTransitionErrorNamesThePair) {
    try {
        next_status(S::filled, T::cancel);
        FAIL() << "expected IllegalTransitionError";
    } catch (const IllegalTransitionError& e) {
        EXPECT_STREQ(e.what(), "illegal order transition: cancel from filled");
        EXPECT_EQ(e.what_transition().from, S::filled);
    }
}

TEST(OrderStatus, NamesAreStable) {
    EXPECT_EQ(to_string(S::partially_filled), "partially_filled");
    EXPECT_EQ(to_string(T::partial_fill), "partial_fill");
    EXPECT_TRUE(is_working(S::pending));
    EXPECT_TRUE(is_working(S::triggered));
    EXPECT_FALSE(is_working(S::expired));
}

}  // namespace
}  // namespace dsl::engine
