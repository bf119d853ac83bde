// The chart as a list of pixel-exact primitives: candles and volume, order lines with their
// labels, fill markers, the position's entry-price line and PnL label, ambiguous-bar marks,
// the equity curve and the axes' ticks, for one symbol as of one replay position.
//
// build_scene() is the only place that decides where anything is drawn; the renderer turns
// each primitive into draw calls without moving it, and the screenshot tests look for each
// primitive's colour at the pixels the scene names. Cost: O(visible columns * log candles) for
// the candles and O(the symbol's orders, fills and position changes in view) for the overlays.
// What is drawn stays within what the plot's pixels can show, however long the run: at most
// one candle per pixel column, one fill marker of a kind per marker-sized cell when zoomed out,
// and, zoomed out, no line for an order or a position that lived within one pixel column (so at
// most one position segment starts in each column).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trace/model.h"
#include "viewer/layout.h"
#include "viewer/order_index.h"
#include "viewer/series.h"

namespace dsl::viewer {

struct SceneOptions {
    bool volume = true;
    bool equity = true;
    bool orders = true;
    bool finished_orders = true;  // lines of orders no longer working at the cursor
    bool fills = true;
    bool position = true;
    bool ambiguous = true;
    int char_width = 7;  // the font's advance and line height, for label boxes
    int line_height = 13;
    std::size_t max_finished_labels = 30;
};

struct CandleShape {
    std::size_t first = 0, last = 0;  // the candles [first, last) it shows
    Candle candle;
    int x0 = 0, x1 = 0;                 // body columns [x0, x1)
    int wick_x = 0;                     // the wick's column: where markers of these candles go
    int body_top = 0, body_bottom = 0;  // rows [top, bottom)
    int wick_top = 0, wick_bottom = 0;
    int volume_top = 0;  // rows [volume_top, volume pane bottom)
    bool up = true;      // close >= open
};

enum class LineKind : std::uint8_t { limit, stop };

struct OrderLine {
    trace::OrderId id = 0;
    LineKind kind = LineKind::limit;
    trace::Side side = trace::Side::buy;
    bool working = false;  // still working at the cursor
    double price = 0;
    int x0 = 0, x1 = 0, row = 0;  // pixels [x0, x1) of row `row`
    std::string label;            // "#12 BUY LMT 100 @ 2.37"
    std::optional<Rect> label_rect;
};

struct FillMarker {
    std::uint32_t fill = 0;  // index into Trace::fills
    int x = 0, y = 0;        // centre
    trace::Side side = trace::Side::buy;
    bool entry = true;  // opened or added to a position (else reduced or closed it)
};
inline constexpr int kMarkerRadius = 6;

struct PositionSegment {
    double price = 0;
    int x0 = 0, x1 = 0, row = 0;
};

// The open position's PnL, right of the newest candle just above the entry-price line: the
// whole text when there is room there, else the PnL alone ("PnL +604.00"); the entry price is
// also tagged on the price axis (position_tag).
struct PnlLabel {
    Rect rect;
    std::string text;  // "LONG 100 @ 38.93  PnL +604.00"
    bool profit = true;
};

struct AmbiguousMark {
    std::uint32_t index = 0;  // into Trace::ambiguous_bars
    int x = 0, y = 0;
};

// One step of the equity curve: the value `row` across [x0, x1), and the vertical stroke at x0
// over [top, bottom] that joins it to the previous step and spans the column's extremes.
struct EquityStep {
    int x0 = 0, x1 = 0, row = 0, top = 0, bottom = 0;
};

struct AxisTick {
    int pos = 0;  // row (price, equity) or column (time)
    std::string text;
};

struct ChartScene {
    ChartLayout layout;
    Viewport viewport;
    PriceScale price, volume, equity;
    std::size_t shown = 0;  // candles through the cursor
    std::vector<CandleShape> candles;
    std::vector<OrderLine> orders;
    std::vector<FillMarker> fills;
    std::vector<PositionSegment> position;
    std::optional<PnlLabel> pnl;
    std::optional<AxisTick> position_tag;  // the open position's entry price on the axis
    std::vector<AmbiguousMark> ambiguous;
    std::vector<EquityStep> equity_curve;
    std::vector<AxisTick> price_ticks, equity_ticks, time_ticks;
    std::optional<AxisTick> last_price;  // the newest shown close, on the price axis
    std::optional<AxisTick> last_equity;

    // The pixel column of candle i (its wick), also when it is off screen.
    int candle_x(std::size_t i) const;
    // The shape under pixel column x, if any.
    const CandleShape* shape_at(int x) const;
    // The fill marker nearest to (x, y) within its radius, if any.
    const FillMarker* fill_at(int x, int y) const;
    const AmbiguousMark* ambiguous_at(int x, int y) const;
};

struct SceneInput {
    const trace::Trace& trace;
    const SymbolSeries& series;
    std::uint64_t seq = 0;  // the replay position's
    Viewport viewport;
    ChartLayout layout;
    SceneOptions options;
    const OrderIndex* orders = nullptr;  // the trace's order index (built when not given)
};

ChartScene build_scene(const SceneInput& in);

// "#12 BUY LMT 100 @ 2.37" (a stop-limit shows the price of the line: stop, then limit).
std::string order_label(const trace::Order& order, double price);
// "LONG 100 @ 38.93  PnL +604.00"; without the position, "PnL +604.00".
std::string pnl_text(trace::Decimal qty, trace::Decimal avg_price, trace::Decimal pnl);
std::string pnl_text(trace::Decimal pnl);
// Ticks for a scale: round values ~`spacing` pixels apart, labelled with enough decimals.
std::vector<AxisTick> scale_ticks(const PriceScale& scale, int spacing);

}  // namespace dsl::viewer
