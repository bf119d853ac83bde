// Candle aggregation: the pyramid's range candle equals a brute-force fold over the candles for
// every kind of range, appending keeps it equal, and visible_candles() never yields more than one
// entry per pixel column and covers every visible candle exactly once, also on a million
// candles. (What a frame costs is measured in docs/viewer.md "Performance", not asserted here.)
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "viewer/candles.h"

namespace dsl::viewer {
namespace {

std::vector<Candle> random_walk(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> step(0, 1);
    std::uniform_real_distribution<double> wick(0, 0.5), vol(1000, 100000);
    std::vector<Candle> out;
    double price = 100;
    for (std::size_t i = 0; i < n; ++i) {
        double open = price;
        price = std::max(1.0, price + step(rng));
        double close = price;
        out.push_back({open, std::max(open, close) + wick(rng), std::min(open, close) - wick(rng),
                       close, vol(rng)});
    }
    return out;
}

Candle fold(const std::vector<Candle>& c, std::size_t first, std::size_t last) {
    Candle r = c[first];
    r.volume = 0;
    for (std::size_t i = first; i < last; ++i) {
        r.high = std::max(r.high, c[i].high);
        r.low = std::min(r.low, c[i].low);
        r.volume += c[i].volume;
    }
    r.close = c[last - 1].close;
    return r;
}

void expect_same(const Candle& a, const Candle& b) {
    EXPECT_EQ(a.open, b.open);
    EXPECT_EQ(a.high, b.high);
    EXPECT_EQ(a.low, b.low);
    EXPECT_EQ(a.close, b.close);
    EXPECT_NEAR(a.volume, b.volume, 1e-6 * std::max(1.0, b.volume));
}

TEST(OhlcPyramid, RangeEqualsBruteForce) {
    auto candles = random_walk(1000, 1);
    OhlcPyramid p;
    for (const Candle& c : candles)
        p.push_back(c);
    ASSERT_EQ(p.size(), candles.size());
    // Every range of a small prefix, then random ranges over the whole.
    for (std::size_t a = 0; a < 70; ++a) {
        for (std::size_t b = a + 1; b <= 70; ++b)
            expect_same(p.range(a, b), fold(candles, a, b));
    }
    std::mt19937 rng(2);
    for (int k = 0; k < 2000; ++k) {
        std::size_t a = rng() % candles.size(), b = rng() % candles.size();
        if (a > b) std::swap(a, b);
        expect_same(p.range(a, b + 1), fold(candles, a, b + 1));
    }
}

TEST(OhlcPyramid, AppendingAndTruncatingKeepItExact) {
    auto candles = random_walk(300, 3);
    OhlcPyramid p;
    for (std::size_t i = 0; i < candles.size(); ++i) {
        p.push_back(candles[i]);
        expect_same(p.range(0, i + 1), fold(candles, 0, i + 1));  // the growing whole
    }
    p.truncate(129);
    ASSERT_EQ(p.size(), 129u);
    expect_same(p.range(0, 129), fold(candles, 0, 129));
    expect_same(p.range(64, 129), fold(candles, 64, 129));
    p.push_back(candles[129]);
    expect_same(p.range(1, 130), fold(candles, 1, 130));
}

// Checks the columns of a view: at most one entry per column, contiguous, exact.
void check_view(const OhlcPyramid& p, const std::vector<Candle>& candles, std::size_t count,
                double left, double ppc, int width) {
    auto cols = visible_candles(p, count, left, ppc, width);
    ASSERT_LE(cols.size(), static_cast<std::size_t>(width) + 1);
    for (std::size_t i = 0; i < cols.size(); ++i) {
        ASSERT_LT(cols[i].first, cols[i].last);
        if (i > 0) {
            EXPECT_EQ(cols[i - 1].last, cols[i].first) << "a candle is skipped";
        }
        expect_same(cols[i].candle, fold(candles, cols[i].first, cols[i].last));
    }
    if (cols.empty()) return;
    // The first and last visible candles are in.
    double first_visible = std::max(0.0, std::ceil(left - 1e-9));
    EXPECT_LE(static_cast<double>(cols.front().first), first_visible);
    double end = std::min<double>(count, left + width / ppc);
    EXPECT_GE(static_cast<double>(cols.back().last), std::floor(end));
}

TEST(VisibleCandles, OneEntryPerColumnAtEveryZoom) {
    auto candles = random_walk(20000, 4);
    OhlcPyramid p;
    for (const Candle& c : candles)
        p.push_back(c);
    for (double ppc : {32.0, 8.0, 1.0, 0.999, 0.5, 0.1, 0.037, 0.01}) {
        for (double left : {0.0, 17.3, 5000.5, 19990.0}) {
            SCOPED_TRACE(testing::Message() << "ppc " << ppc << " left " << left);
            check_view(p, candles, candles.size(), left, ppc, 900);
            check_view(p, candles, 12345, left, ppc, 900);  // a replay cursor cuts the series
        }
    }
    EXPECT_TRUE(visible_candles(p, 0, 0, 1, 900).empty());
    EXPECT_TRUE(visible_candles(p, 100, 200, 1, 900).empty());  // all off to the left
}

// A million candles: at every zoom, from all of them in half the plot to eight pixels each,
// the view has at most one entry per pixel column, every visible candle is in exactly one
// entry, and each entry is exactly the fold of its candles.
TEST(VisibleCandles, AMillionCandlesAtEveryZoom) {
    constexpr std::size_t kCount = 1'000'000;
    auto candles = random_walk(kCount, 5);
    OhlcPyramid p;
    for (const Candle& c : candles)
        p.push_back(c);
    const int width = 1000;
    const double all_in_half = width * 0.5 / kCount;
    for (double ppc : {all_in_half, 0.01, 1.0, 8.0}) {
        SCOPED_TRACE(testing::Message() << "ppc " << ppc);
        double newest_left = kCount - (width - 90) / ppc;  // pinned to the newest candle
        check_view(p, candles, kCount, std::max(0.0, newest_left), ppc, width);
    }
    // Fully zoomed out, the whole series is in view: every candle, once.
    auto cols = visible_candles(p, kCount, 0, all_in_half, width);
    ASSERT_FALSE(cols.empty());
    EXPECT_LE(cols.size(), static_cast<std::size_t>(width) / 2 + 1);
    EXPECT_EQ(cols.front().first, 0u);
    EXPECT_EQ(cols.back().last, kCount);
}

}  // namespace
}  // namespace dsl::viewer
