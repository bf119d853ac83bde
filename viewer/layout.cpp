// Layout arithmetic. Sizes are chosen for the default ImGui font (13 px, 7 px per character):
// the price axis fits "92,233,720.12".
#include "viewer/layout.h"

#include <algorithm>
#include <cmath>

namespace dsl::viewer {

ScreenLayout screen_layout(int width, int height, bool wide_panel) {
    ScreenLayout s;
    width = std::max(width, 1);
    height = std::max(height, kToolbarHeight + kStatusHeight + 1);
    int panel = wide_panel ? std::max(300, static_cast<int>(std::lround(width * 0.55)))
                           : std::clamp(static_cast<int>(std::lround(width * 0.3)), 300, 460);
    panel = std::min(panel, std::max(0, width - 360));  // keep a usable chart
    int body = height - kToolbarHeight - kStatusHeight;
    s.toolbar = {0, 0, width, kToolbarHeight};
    s.chart = {0, kToolbarHeight, width - panel, body};
    s.panel = {width - panel, kToolbarHeight, panel, body};
    s.status = {0, height - kStatusHeight, width, kStatusHeight};
    return s;
}

ChartLayout chart_layout(Rect a) {
    ChartLayout c;
    int plot_w = std::max(1, a.w - kPriceAxisWidth);
    int panes = std::max(3, a.h - kTimeAxisHeight - 2);  // two 1-pixel separators
    int volume_h = static_cast<int>(std::lround(panes * 0.12));
    int equity_h = static_cast<int>(std::lround(panes * 0.22));
    int price_h = std::max(1, panes - volume_h - equity_h);
    c.price = {a.x, a.y, plot_w, price_h};
    c.volume = {a.x, c.price.bottom() + 1, plot_w, volume_h};
    c.equity = {a.x, c.volume.bottom() + 1, plot_w, equity_h};
    c.price_axis = {c.price.right(), c.price.y, a.right() - c.price.right(), c.price.h};
    c.volume_axis = {c.volume.right(), c.volume.y, c.price_axis.w, c.volume.h};
    c.equity_axis = {c.equity.right(), c.equity.y, c.price_axis.w, c.equity.h};
    c.time_axis = {a.x, c.equity.bottom(), plot_w, std::max(0, a.bottom() - c.equity.bottom())};
    return c;
}

double min_px_per_candle(std::size_t count, int width) {
    if (count == 0) return 1;
    return std::min(1.0, 0.5 * width / static_cast<double>(count));
}

void pin(Viewport& v, std::size_t count, int width) {
    v.pinned = true;
    v.left = static_cast<double>(count) - (width - kRightMargin) / v.px_per_candle;
}

Viewport default_viewport(std::size_t count, int width, std::size_t bars) {
    Viewport v;
    int usable = std::max(1, width - kRightMargin);
    if (bars > 0) {
        v.px_per_candle = std::clamp(usable / static_cast<double>(bars),
                                     min_px_per_candle(count, width), kMaxPxPerCandle);
    } else if (count > 0 && count * 2 <= static_cast<std::size_t>(usable)) {
        v.px_per_candle = std::min(14.0, usable / static_cast<double>(count));
    } else {
        v.px_per_candle = kDefaultPxPerCandle;
    }
    pin(v, count, width);
    return v;
}

void zoom(Viewport& v, double factor, double anchor, std::size_t count, int width) {
    double at = v.left + anchor / v.px_per_candle;  // the candle position under the anchor
    double ppc =
        std::clamp(v.px_per_candle * factor, min_px_per_candle(count, width), kMaxPxPerCandle);
    v.px_per_candle = ppc;
    if (v.pinned) {
        pin(v, count, width);
    } else {
        v.left = at - anchor / ppc;
    }
}

void pan(Viewport& v, double pixels, std::size_t count, int width) {
    v.left += pixels / v.px_per_candle;
    // Keep some candles on screen at either end.
    double visible = width / v.px_per_candle;
    double newest_left = static_cast<double>(count) - (width - kRightMargin) / v.px_per_candle;
    v.left = std::clamp(v.left, -0.9 * visible, std::max(newest_left, -0.9 * visible));
    v.pinned = v.left >= newest_left - 1e-9;
    if (v.pinned) v.left = newest_left;
}

double PriceScale::y(double price) const {
    return pane.y + (high - price) / (high - low) * pane.h;
}

int PriceScale::row(double price) const {
    double v = y(price);
    v = std::clamp(v, -1e6, 1e6);  // far off-pane prices stay representable
    return static_cast<int>(std::floor(v));
}

double PriceScale::price_at(double py) const {
    return high - (py - pane.y) / pane.h * (high - low);
}

PriceScale make_scale(double low, double high, Rect pane, double pad) {
    if (!(high >= low)) {  // nothing shown (or NaN)
        low = 0;
        high = 1;
    }
    if (high - low <= 0) {
        double widen = std::max(std::abs(high) * 0.01, 1e-6);
        low -= widen / 2;
        high += widen / 2;
    }
    double range = high - low;
    PriceScale s;
    s.low = low - range * pad;
    s.high = high + range * pad;
    s.pane = pane;
    return s;
}

}  // namespace dsl::viewer
