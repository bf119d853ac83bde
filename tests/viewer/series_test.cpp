// Chart series kept in step with a growing trace: bars become candles, ticks become a connected
// path of candles (each from the previous tick's price to its own), equity is sampled at each
// candle once its snapshot is read, a bar the engine refused (taken back by the reader) is
// dropped, and seqs map to candles.
#include <gtest/gtest.h>

#include "viewer/series.h"

namespace dsl::viewer {
namespace {

using trace::Decimal;

Decimal d(double v) {
    return Decimal::from_raw(static_cast<std::int64_t>(v * Decimal::kScale));
}

trace::PortfolioPoint point(std::uint64_t seq, double equity) {
    trace::PortfolioPoint p;
    p.seq = seq;
    p.equity = d(equity);
    return p;
}

trace::Trace ticks_trace(std::initializer_list<double> prices) {
    trace::Trace t;
    t.symbols.resize(1);
    std::uint64_t seq = 0;
    for (double p : prices) {
        trace::TickRow r;
        r.seq = ++seq;
        r.ts = static_cast<trace::Timestamp>(seq) * 1000;
        r.price = d(p);
        r.size = d(10);
        t.symbols[0].ticks.push_back(r);
        t.portfolio.push_back(point(seq, 1000 + p));
    }
    return t;
}

TEST(SymbolSeries, TicksMakeAConnectedPath) {
    trace::Trace t = ticks_trace({10, 12, 11, 11.5});
    SymbolSeries s(0);
    s.sync(t, true);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_TRUE(s.from_ticks());
    EXPECT_EQ(s.candles()[0], (Candle{10, 10, 10, 10, 10}));
    EXPECT_EQ(s.candles()[1], (Candle{10, 12, 10, 12, 10}));
    EXPECT_EQ(s.candles()[2], (Candle{12, 12, 11, 11, 10}));
    // The aggregate of ticks 1..3 opens where tick 1's move began.
    Candle all = s.candles().range(1, 4);
    EXPECT_EQ(all.open, 10);
    EXPECT_EQ(all.high, 12);
    EXPECT_EQ(all.low, 10);
    EXPECT_EQ(all.close, 11.5);
    EXPECT_EQ(all.volume, 30);
    EXPECT_EQ(s.equity()[2].close, 1011);
}

TEST(SymbolSeries, GrowsWithTheTraceAndWaitsForSnapshots) {
    trace::Trace t = ticks_trace({10, 12});
    t.portfolio.pop_back();  // the second event's snapshot is not read yet
    SymbolSeries s(0);
    s.sync(t, false);
    EXPECT_EQ(s.size(), 2u);
    EXPECT_EQ(s.equity().size(), 1u);  // not known yet for the second candle
    t.portfolio.push_back(point(2, 1012));
    s.sync(t, false);
    EXPECT_EQ(s.equity().size(), 2u);
    EXPECT_EQ(s.equity()[1].close, 1012);
    EXPECT_EQ(s.count_through(0), 0u);
    EXPECT_EQ(s.count_through(1), 1u);
    EXPECT_EQ(s.index_at(5), std::optional<std::size_t>(1));
    EXPECT_FALSE(s.index_at(0).has_value());
}

TEST(SymbolSeries, ABarTakenBackIsDropped) {
    trace::Trace t;
    t.symbols.resize(1);
    for (std::uint64_t i = 1; i <= 3; ++i) {
        trace::BarRow b;
        b.seq = i;
        b.open = b.high = b.low = b.close = d(static_cast<double>(i));
        t.symbols[0].bars.push_back(b);
    }
    SymbolSeries s(0);
    s.sync(t, false);
    EXPECT_EQ(s.size(), 3u);
    t.symbols[0].bars.pop_back();  // market_data_rejected
    trace::BarRow b;
    b.seq = 3;
    b.open = b.high = b.low = b.close = d(7);
    t.symbols[0].bars.push_back(b);
    t.symbols[0].bars.pop_back();
    s.sync(t, false);
    EXPECT_EQ(s.size(), 2u);
    EXPECT_EQ(s.candles().range(0, 2).high, 2);
}

}  // namespace
}  // namespace dsl::viewer
