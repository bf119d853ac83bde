// Where everything goes, in framebuffer pixels: the window's regions, the chart's panes, the
// viewport (which candles are visible, how wide) and the price scale (price <-> pixel row).
//
// The renderer places its ImGui windows on exactly these rectangles and draws the chart with
// them, and the screenshot tests compute the pixel where an element must be with the same
// functions, so the two cannot disagree. All rectangles are whole pixels; a horizontal line at
// a price is one pixel row, price_row().
#pragma once

#include <cstddef>

namespace dsl::viewer {

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
    int right() const { return x + w; }   // exclusive
    int bottom() const { return y + h; }  // exclusive
    bool contains(int px, int py) const {
        return px >= x && px < right() && py >= y && py < bottom();
    }
    bool operator==(const Rect&) const = default;
};

// The window: toolbar on top, status bar at the bottom, the chart on the left and the strategy
// panel (orders, positions, logs, inspector) on the right. `wide_panel`: the bytecode inspector
// is showing, which needs room for source and disassembly side by side.
struct ScreenLayout {
    Rect toolbar, chart, panel, status;
};
inline constexpr int kToolbarHeight = 32;
inline constexpr int kStatusHeight = 22;
ScreenLayout screen_layout(int width, int height, bool wide_panel = false);

// A message about the trace file (missing, truncated, corrupt, still being written) is a
// banner across the top of the chart area.
inline constexpr int kBannerHeight = 22;
inline Rect problem_banner_rect(const Rect& chart) {
    return {chart.x, chart.y, chart.w, kBannerHeight};
}

// The chart: price pane (candles and overlays), volume pane, equity pane, each with its axis
// column on the right, and the time axis below.
struct ChartLayout {
    Rect price, volume, equity;                 // plot areas, same x and width
    Rect price_axis, volume_axis, equity_axis;  // to their right
    Rect time_axis;                             // below the equity pane
};
inline constexpr int kPriceAxisWidth = 78;
inline constexpr int kTimeAxisHeight = 20;
ChartLayout chart_layout(Rect area);

// Which candles the plot shows: the candle position at the plot's left edge (fractional) and
// the pixels per candle (below 1, several candles share a pixel column and are aggregated).
// Pinned: the view keeps the newest shown candle at the right, kRightMargin from the edge,
// as the replay moves or the trace grows.
struct Viewport {
    double left = 0;
    double px_per_candle = 8;
    bool pinned = true;
};
inline constexpr int kRightMargin = 90;  // room for the PnL label right of the newest candle
inline constexpr double kMaxPxPerCandle = 64;
inline constexpr double kDefaultPxPerCandle = 8;

// The viewport on first showing `count` candles in a plot `width` wide: all of them when they
// fit at two pixels or more (at most 14 each), else the newest at 8 pixels each, pinned.
// `bars` > 0 asks for that many candles across (the --bars option).
Viewport default_viewport(std::size_t count, int width, std::size_t bars = 0);
// Re-pins: the newest of `count` shown candles at the right margin.
void pin(Viewport& v, std::size_t count, int width);
// The narrowest zoom: all `count` candles in half the plot.
double min_px_per_candle(std::size_t count, int width);
// Zooms by `factor` keeping the candle at plot x `anchor` (pixels from the left) in place.
void zoom(Viewport& v, double factor, double anchor, std::size_t count, int width);
// Pans by `pixels` (positive: toward newer candles); unpins when the newest is left behind.
void pan(Viewport& v, double pixels, std::size_t count, int width);

// The plot x (pixels from its left edge) of candle position `i` (its left edge).
inline double candle_offset(const Viewport& v, double i) {
    return (i - v.left) * v.px_per_candle;
}

// Prices to pixel rows of a pane: `high` at the pane's top, `low` at its bottom.
struct PriceScale {
    double low = 0, high = 1;
    Rect pane;
    double y(double price) const;
    // The pixel row a line at `price` is drawn on (may lie outside the pane).
    int row(double price) const;
    double price_at(double y) const;
    bool shows(double price) const {
        int r = row(price);
        return r >= pane.y && r < pane.bottom();
    }
};

// A scale for [low, high] with `pad` of the range added above and below (a flat range is
// widened so that it has height).
PriceScale make_scale(double low, double high, Rect pane, double pad);

}  // namespace dsl::viewer
