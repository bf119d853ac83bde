// Pan and zoom as the mouse and keys drive them (viewer/layout.h): the default zoom and --bars,
// zooming about the candle under the mouse, panning that unpins and re-pins at the newest
// candle, the limits of both; and the window's regions tiling it.
#include <gtest/gtest.h>

#include "viewer/layout.h"

namespace dsl::viewer {
namespace {

constexpr int kWidth = 900;

// The candle position under plot x `anchor`.
double under(const Viewport& v, double anchor) {
    return v.left + anchor / v.px_per_candle;
}

// The newest of `count` candles sits kRightMargin from the right edge.
void expect_pinned(const Viewport& v, std::size_t count) {
    EXPECT_TRUE(v.pinned);
    EXPECT_NEAR(candle_offset(v, static_cast<double>(count)), kWidth - kRightMargin, 1e-6);
}

TEST(ViewerLayout, DefaultZoomAndBars) {
    // Few candles: all of them, at most 14 pixels each.
    Viewport few = default_viewport(20, kWidth);
    EXPECT_EQ(few.px_per_candle, 14);
    expect_pinned(few, 20);
    Viewport some = default_viewport(200, kWidth);
    EXPECT_NEAR(some.px_per_candle * 200, kWidth - kRightMargin, 1e-9);
    // Many: the newest at 8 pixels each.
    Viewport many = default_viewport(5000, kWidth);
    EXPECT_EQ(many.px_per_candle, kDefaultPxPerCandle);
    expect_pinned(many, 5000);
    // --bars N: N candles across, within the zoom limits.
    Viewport bars = default_viewport(5000, kWidth, 300);
    EXPECT_NEAR((kWidth - kRightMargin) / bars.px_per_candle, 300, 1e-9);
    expect_pinned(bars, 5000);
    EXPECT_EQ(default_viewport(5000, kWidth, 2).px_per_candle, kMaxPxPerCandle);
    EXPECT_EQ(default_viewport(5000, kWidth, 1'000'000).px_per_candle,
              min_px_per_candle(5000, kWidth));
}

TEST(ViewerLayout, ZoomKeepsTheCandleUnderTheMouse) {
    Viewport v = default_viewport(5000, kWidth);
    pan(v, -2000, 5000, kWidth);  // look back: unpinned
    ASSERT_FALSE(v.pinned);
    for (double factor : {1.15, 1.25, 0.8, 1 / 1.15}) {
        double before = under(v, 300);
        zoom(v, factor, 300, 5000, kWidth);
        EXPECT_NEAR(under(v, 300), before, 1e-9);
    }
    // Limits: at most kMaxPxPerCandle; at least all candles in half the plot.
    for (int i = 0; i < 60; ++i)
        zoom(v, 1.25, 300, 5000, kWidth);
    EXPECT_EQ(v.px_per_candle, kMaxPxPerCandle);
    for (int i = 0; i < 200; ++i)
        zoom(v, 0.8, 300, 5000, kWidth);
    EXPECT_EQ(v.px_per_candle, min_px_per_candle(5000, kWidth));
    EXPECT_NEAR(v.px_per_candle * 5000, kWidth / 2.0, 1e-9);
    // Pinned, zooming keeps the newest candle at the right.
    Viewport p = default_viewport(5000, kWidth);
    zoom(p, 0.8, 300, 5000, kWidth);
    expect_pinned(p, 5000);
}

TEST(ViewerLayout, PanUnpinsAndRepinsAtTheNewest) {
    Viewport v = default_viewport(5000, kWidth);
    double left = v.left;
    pan(v, -400, 5000, kWidth);  // drag right / A: toward older candles
    EXPECT_FALSE(v.pinned);
    EXPECT_NEAR(v.left, left - 400 / v.px_per_candle, 1e-9);
    pan(v, 100, 5000, kWidth);  // toward newer
    EXPECT_NEAR(v.left, left - 300 / v.px_per_candle, 1e-9);
    EXPECT_FALSE(v.pinned);
    pan(v, 10000, 5000, kWidth);  // past the newest: pinned again, no further
    expect_pinned(v, 5000);
    // Far back, some candles stay on screen.
    pan(v, -1e9, 5000, kWidth);
    EXPECT_LT(v.left, 0);
    EXPECT_GT(candle_offset(v, 5000), 0.0);
    // The pin follows a growing series (follow mode, replay).
    Viewport g = default_viewport(5000, kWidth);
    pin(g, 5100, kWidth);
    expect_pinned(g, 5100);
}

TEST(ViewerLayout, RegionsTileTheWindow) {
    for (bool wide : {false, true}) {
        ScreenLayout s = screen_layout(1280, 800, wide);
        EXPECT_EQ(s.toolbar, (Rect{0, 0, 1280, kToolbarHeight}));
        EXPECT_EQ(s.chart.y, s.toolbar.bottom());
        EXPECT_EQ(s.panel.x, s.chart.right());
        EXPECT_EQ(s.panel.right(), 1280);
        EXPECT_EQ(s.chart.bottom(), s.status.y);
        EXPECT_EQ(s.panel.bottom(), s.status.y);
        EXPECT_EQ(s.status.bottom(), 800);
        ChartLayout c = chart_layout(s.chart);
        EXPECT_EQ(c.volume.y, c.price.bottom() + 1);
        EXPECT_EQ(c.equity.y, c.volume.bottom() + 1);
        EXPECT_EQ(c.time_axis.y, c.equity.bottom());
        EXPECT_EQ(c.price_axis.x, c.price.right());
        EXPECT_EQ(c.price_axis.right(), s.chart.right());
        EXPECT_GT(c.price.h, c.equity.h);
        EXPECT_GT(c.equity.h, c.volume.h);
    }
    // The bytecode inspector's panel is wider.
    EXPECT_GT(screen_layout(1280, 800, true).panel.w, screen_layout(1280, 800).panel.w);
}

// A line at a price is the pixel row that price falls in; the top of the pane is the highest
// price.
TEST(ViewerLayout, PriceRows) {
    PriceScale s = make_scale(10, 20, Rect{0, 100, 50, 200}, 0);
    EXPECT_EQ(s.row(20), 100);
    EXPECT_EQ(s.row(10), 300);
    EXPECT_EQ(s.row(15), 200);
    EXPECT_TRUE(s.shows(15));
    EXPECT_FALSE(s.shows(10));  // the row below the pane
    EXPECT_NEAR(s.price_at(200), 15, 1e-12);
    PriceScale flat = make_scale(5, 5, Rect{0, 0, 10, 100}, 0);
    EXPECT_LT(flat.low, 5);
    EXPECT_GT(flat.high, 5);
}

}  // namespace
}  // namespace dsl::viewer
