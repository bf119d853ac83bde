// Candle aggregation: the pyramid's range candle equals a brute-force fold over the candles for
// every kind of range, appending keeps it equal, and visible_candles() never yields more than one
// entry per pixel column, covers every visible candle exactly once, and costs what
// docs/performance.md "Viewer" says (timings are printed, not asserted).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

// The chart's per-frame candle work on a million bars: building the pyramid once, then one
// frame's visible_candles() fully zoomed out, mid zoom and zoomed in.
TEST(VisibleCandles, MillionBarTiming) {
    constexpr std::size_t kBars = 1'000'000;
    auto candles = random_walk(kBars, 5);
    using Clock = std::chrono::steady_clock;
    auto t0 = Clock::now();
    OhlcPyramid p;
    for (const Candle& c : candles)
        p.push_back(c);
    double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("[ timing ] pyramid of %zu candles built in %.1f ms\n", kBars, build_ms);
    const int width = 1000;
    for (double ppc : {width * 0.5 / kBars, 0.01, 8.0}) {
        constexpr int kFrames = 200;
        std::size_t entries = 0;
        auto t1 = Clock::now();
        for (int f = 0; f < kFrames; ++f) {
            double left = ppc >= 1 ? kBars - width / ppc : (f % 7) * 13.0;
            entries += visible_candles(p, kBars, left, ppc, width).size();
        }
        double us = std::chrono::duration<double, std::micro>(Clock::now() - t1).count() / kFrames;
        std::printf("[ timing ] %.6f px/candle: %zu columns per frame, %.1f us per frame\n", ppc,
                    entries / kFrames, us);
        EXPECT_LE(entries / kFrames, static_cast<std::size_t>(width) + 1);
    }
}

}  // namespace
}  // namespace dsl::viewer
