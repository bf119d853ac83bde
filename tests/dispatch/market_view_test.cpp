// The market history the market-data builtins read (runner/market_view.h): bars_ago 0 is the
// latest event's bar (kept as plain data in MarketContext), older ones come from a
// power-of-two ring of which `history` events stay readable.
#include <gtest/gtest.h>

#include "runner/market_view.h"

namespace dsl {
namespace {

stdlib::Bar bar_with_close(double close) {
    stdlib::Bar b;
    b.time_ms = int64_t(close) * 1000;
    b.open = b.high = b.low = b.close = close;
    return b;
}

double close_of(const stdlib::Bar* b) {
    return b ? b->close : -1;  // -1: no bar
}

TEST(MarketView, BarsAgoWithinTheHistoryOfEachSymbol) {
    runner::MarketView m({"A", "B"}, {0.01, 0.01}, 3);  // a ring of 4, 3 readable
    EXPECT_EQ(m.bar(0, 0), nullptr);                    // before the first event
    EXPECT_EQ(m.current_symbol(), engine::kNoSymbol);
    for (int i = 1; i <= 6; ++i) {
        m.push(0, bar_with_close(i));
        m.push(1, bar_with_close(100 + i));
    }
    EXPECT_EQ(m.current_symbol(), 1);
    EXPECT_EQ(m.event_count(0), 6u);
    EXPECT_EQ(close_of(m.bar(0, 0)), 6);
    EXPECT_EQ(close_of(m.bar(0, 1)), 5);
    EXPECT_EQ(close_of(m.bar(0, 2)), 4);
    EXPECT_EQ(m.bar(0, 3), nullptr);  // in the ring, but beyond the history
    EXPECT_EQ(m.bar(0, -1), nullptr);
    EXPECT_EQ(close_of(m.bar(1, 0)), 106);
    EXPECT_EQ(close_of(m.bar(1, 2)), 104);
    EXPECT_EQ(m.bar(2, 0), nullptr);  // no such symbol
    EXPECT_EQ(m.bar(-1, 0), nullptr);
    // A symbol the strategy names has no data: no bar, now or ago.
    int64_t c = m.intern_symbol("C");
    EXPECT_EQ(c, 2);
    EXPECT_EQ(m.bar(c, 0), nullptr);
    EXPECT_EQ(m.bar(c, 1), nullptr);
    // The latest bar follows each new event of its symbol only.
    m.push(0, bar_with_close(7));
    EXPECT_EQ(close_of(m.bar(0, 0)), 7);
    EXPECT_EQ(close_of(m.bar(0, 1)), 6);
    EXPECT_EQ(close_of(m.bar(1, 0)), 106);
    EXPECT_EQ(m.current_symbol(), 0);
}

TEST(MarketView, TheFirstEventsHaveNoOlderBars) {
    runner::MarketView m({"A"}, {0.01}, 10);
    m.push(0, bar_with_close(1));
    EXPECT_EQ(close_of(m.bar(0, 0)), 1);
    EXPECT_EQ(m.bar(0, 1), nullptr);
    m.push(0, bar_with_close(2));
    EXPECT_EQ(close_of(m.bar(0, 1)), 1);
    EXPECT_EQ(m.bar(0, 2), nullptr);
}

}  // namespace
}  // namespace dsl
