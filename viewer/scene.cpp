// Building the scene. Order of work: visible candles (aggregated per pixel column when thinner
// than a pixel) fix the price range; then every overlay is placed against that scale; the
// overlays of candles off screen are culled by their pixel extent.
#include "viewer/scene.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "viewer/state.h"
#include "viewer/time_text.h"

namespace dsl::viewer {

namespace {

using trace::OrderType;

int floor_int(double v) {
    return static_cast<int>(std::floor(std::clamp(v, -1e9, 1e9)));
}

// Body inset on each side, so that neighbouring candles do not touch.
int body_gap(double px_per_candle) {
    if (px_per_candle < 4) return 0;
    return std::max(1, static_cast<int>(px_per_candle * 0.15));
}

void place_candles(ChartScene& s, const SymbolSeries& series) {
    const Rect& plot = s.layout.price;
    const Viewport& v = s.viewport;
    for (const ColumnCandle& c :
         visible_candles(series.candles(), s.shown, v.left, v.px_per_candle, plot.w)) {
        CandleShape shape;
        shape.first = c.first;
        shape.last = c.last;
        shape.candle = c.candle;
        shape.up = c.candle.close >= c.candle.open;
        if (v.px_per_candle >= 1) {
            shape.x0 = plot.x + floor_int(candle_offset(v, static_cast<double>(c.first)));
            shape.x1 = plot.x + floor_int(candle_offset(v, static_cast<double>(c.first) + 1));
            int gap = body_gap(v.px_per_candle);
            if (shape.x1 - shape.x0 > 2 * gap) {
                shape.x0 += gap;
                shape.x1 -= gap;
            }
            shape.x1 = std::max(shape.x1, shape.x0 + 1);
        } else {
            shape.x0 = plot.x + floor_int(candle_offset(v, static_cast<double>(c.first)));
            shape.x1 = shape.x0 + 1;
        }
        shape.wick_x = (shape.x0 + shape.x1 - 1) / 2;
        s.candles.push_back(shape);
    }
}

// `include`: prices that must be on screen with the candles (working orders, the position).
void fit_scales(ChartScene& s, const SymbolSeries& series, const std::vector<double>& include) {
    double low = INFINITY, high = -INFINITY, vol = 0, eq_low = INFINITY, eq_high = -INFINITY;
    const OhlcPyramid& equity = series.equity();
    for (const CandleShape& c : s.candles) {
        low = std::min(low, c.candle.low);
        high = std::max(high, c.candle.high);
        vol = std::max(vol, c.candle.volume);
        std::size_t last = std::min(c.last, equity.size());
        if (c.first < last) {
            double lo, hi;
            equity.extremes(c.first, last, lo, hi);
            eq_low = std::min(eq_low, lo);
            eq_high = std::max(eq_high, hi);
        }
    }
    for (double p : include) {
        if (!std::isfinite(p) || !std::isfinite(low) || p <= 0) continue;
        low = std::min(low, p);
        high = std::max(high, p);
    }
    s.price = make_scale(low, high, s.layout.price, 0.06);
    s.volume = make_scale(0, vol > 0 ? vol : 1, s.layout.volume, 0);
    s.volume.low = 0;
    s.volume.high = (vol > 0 ? vol : 1) * 1.08;
    s.equity = make_scale(eq_low, eq_high, s.layout.equity, 0.1);
}

void working_prices(const SceneInput& in, const OrderIndex& orders, std::vector<double>& out) {
    for (std::uint32_t i : orders.of_symbol(in.series.symbol())) {
        const OrderSpan& span = orders.all()[i];
        if (span.submitted > in.seq) break;
        if (span.market || span.finished <= in.seq) continue;
        OrderAt at = order_at(in.trace.orders[span.index], in.seq);
        if (!at.working()) continue;
        if (!at.limit_price.is_zero()) out.push_back(at.limit_price.to_double());
        if (!at.stop_price.is_zero()) out.push_back(at.stop_price.to_double());
    }
}

void shape_rows(ChartScene& s) {
    for (CandleShape& c : s.candles) {
        c.body_top = s.price.row(std::max(c.candle.open, c.candle.close));
        c.body_bottom = s.price.row(std::min(c.candle.open, c.candle.close)) + 1;
        c.wick_top = s.price.row(c.candle.high);
        c.wick_bottom = s.price.row(c.candle.low) + 1;
        c.volume_top = std::min(s.volume.row(c.candle.volume), s.layout.volume.bottom() - 1);
    }
}

void place_equity(ChartScene& s, const SymbolSeries& series) {
    const OhlcPyramid& equity = series.equity();
    std::optional<int> previous;
    for (const CandleShape& c : s.candles) {
        std::size_t last = std::min(c.last, equity.size());
        if (c.first >= last) break;
        double lo, hi;
        equity.extremes(c.first, last, lo, hi);
        EquityStep e;
        e.x0 = c.x0;
        e.x1 = std::max(c.x1, c.x0 + 1);
        if (s.viewport.px_per_candle >= 1) {  // steps join: each spans to the next candle
            e.x0 = s.layout.price.x + floor_int(candle_offset(s.viewport, double(c.first)));
            e.x1 = s.layout.price.x + floor_int(candle_offset(s.viewport, double(c.first) + 1));
            e.x1 = std::max(e.x1, e.x0 + 1);
        }
        e.row = s.equity.row(equity[last - 1].close);
        e.top = std::min(s.equity.row(hi), e.row);
        e.bottom = std::max(s.equity.row(lo), e.row);
        if (previous) {
            e.top = std::min(e.top, *previous);
            e.bottom = std::max(e.bottom, *previous);
        }
        previous = e.row;
        s.equity_curve.push_back(e);
    }
    if (!s.candles.empty() && s.candles.back().last <= equity.size()) {
        double v = equity[s.candles.back().last - 1].close;
        s.last_equity = AxisTick{s.equity.row(v), fmt::format("{:.2f}", v)};
    }
}

// The pixel column of the candle of market event `seq`, for non-decreasing seqs: walks the
// visible shapes by their first candle's seq, so a pass over a seq-ordered list (fills,
// position changes) costs one comparison per entry plus one seq lookup per shape, instead of a
// search over a million candles per entry (which, zoomed out, was most of a frame).
class SeqColumns {
  public:
    SeqColumns(const ChartScene& scene, const SymbolSeries& series) : s_(scene), series_(series) {
        firsts_.reserve(scene.candles.size());
        for (const CandleShape& c : scene.candles)
            firsts_.push_back(series.seq(c.first));
        if (!scene.candles.empty()) last_seq_ = series.seq(scene.candles.back().last - 1);
    }

    // nullopt before the symbol's first candle.
    std::optional<int> x(std::uint64_t seq) {
        if (firsts_.empty() || seq < firsts_.front() || seq > last_seq_) {  // off screen
            auto i = series_.index_at(seq);
            if (!i) return std::nullopt;
            return s_.candle_x(*i);
        }
        while (k_ + 1 < firsts_.size() && firsts_[k_ + 1] <= seq)
            ++k_;
        return s_.candles[k_].wick_x;
    }

    // Whether market events `from` <= `to` are shown by one visible shape; `from` must not
    // decrease from call to call (it walks as x() does), `to` may be anything.
    bool same_shape(std::uint64_t from, std::uint64_t to) {
        if (firsts_.empty() || from < firsts_.front() || from > last_seq_) return false;
        while (k_ + 1 < firsts_.size() && firsts_[k_ + 1] <= from)
            ++k_;
        return to < (k_ + 1 < firsts_.size() ? firsts_[k_ + 1] : last_seq_ + 1);
    }

  private:
    const ChartScene& s_;
    const SymbolSeries& series_;
    std::vector<std::uint64_t> firsts_;  // seq of each shape's first candle
    std::uint64_t last_seq_ = 0;         // of the last visible candle
    std::size_t k_ = 0;                  // the shape of the last query
};

// The seqs of the visible candles' market events: [first, last].
std::pair<std::uint64_t, std::uint64_t> visible_seqs(const ChartScene& s,
                                                     const SymbolSeries& series) {
    if (s.candles.empty()) return {1, 0};
    return {series.seq(s.candles.front().first), series.seq(s.candles.back().last - 1)};
}

// One price level of an order over a span of market events.
struct Piece {
    LineKind kind;
    double price;
    std::uint64_t from_seq;
};

// The levels an order had from its submission up to `seq`, in order: its updates replayed by the
// lifecycle reducer, a level at its submission and at each modification, a stop-limit's limit
// from its trigger on, and a level changed by its acceptance (a trailing stop's first stop).
std::vector<Piece> order_pieces(const trace::Order& o, std::uint64_t seq) {
    std::vector<Piece> pieces;
    const bool limit_type = o.type == OrderType::limit;
    const LineKind kind = limit_type ? LineKind::limit : LineKind::stop;
    trace::OrderState at;
    for (const trace::OrderUpdate& u : o.updates) {
        if (u.seq > seq) break;
        const trace::Decimal before = limit_type ? at.limit_price : at.stop_price;
        lifecycle::apply(at, u.change);
        const trace::Decimal level = limit_type ? at.limit_price : at.stop_price;
        const bool limit_now = o.type == OrderType::stop_limit && at.triggered;
        if (std::holds_alternative<lifecycle::Triggered<trace::Decimal>>(u.change)) {
            if (o.type == OrderType::stop_limit)
                pieces.push_back({LineKind::limit, at.limit_price.to_double(), u.seq});
        } else if (std::holds_alternative<lifecycle::Submitted<trace::Decimal>>(u.change) ||
                   std::holds_alternative<lifecycle::Modified<trace::Decimal>>(u.change)) {
            if (!limit_now) pieces.push_back({kind, level.to_double(), u.seq});
        } else if (std::holds_alternative<lifecycle::Accepted<trace::Decimal>>(u.change) &&
                   level != before) {
            pieces.push_back({kind, level.to_double(), u.seq});
        }
    }
    return pieces;
}

Rect label_box(const std::string& text, const SceneOptions& o, int x, int y) {
    return {x, y, static_cast<int>(text.size()) * o.char_width + 6, o.line_height + 2};
}

void place_orders(ChartScene& s, const SceneInput& in, const OrderIndex& orders,
                  std::size_t cursor_candle) {
    const Rect& plot = s.layout.price;
    std::size_t finished_labels = 0;
    // Orders that finished before the first visible candle cannot show.
    std::uint64_t first_seq = s.candles.empty() ? 0 : in.series.seq(s.candles.front().first);
    // Zoomed out, an order that was placed and finished within one pixel column would be a dot,
    // not a line: it gets none (its fills keep their markers). This is decided from the order's
    // span alone, so a run of a hundred thousand short-lived orders costs a scan of the index
    // per frame, not a hundred thousand lines.
    const bool zoomed_out = s.viewport.px_per_candle < 1;
    SeqColumns columns(s, in.series);
    for (std::uint32_t i : orders.of_symbol(in.series.symbol())) {
        const OrderSpan& span = orders.all()[i];
        if (span.submitted > in.seq) break;  // in submission order
        if (span.market) continue;
        if (span.finished <= in.seq && span.finished < first_seq) continue;
        if (zoomed_out && span.finished <= in.seq &&
            columns.same_shape(span.submitted, span.finished))
            continue;
        const trace::Order& o = in.trace.orders[span.index];
        OrderAt at = order_at(o, in.seq);
        bool working = at.working();
        if (!working && !in.options.finished_orders) continue;
        std::uint64_t end_seq = working ? in.seq : o.finished_seq;
        std::vector<Piece> pieces = order_pieces(o, in.seq);
        for (std::size_t p = 0; p < pieces.size(); ++p) {
            bool last_piece = p + 1 == pieces.size();
            std::uint64_t to_seq = last_piece ? end_seq : pieces[p + 1].from_seq;
            // A later piece in the same candle replaces this one.
            std::size_t from = in.series.index_at(pieces[p].from_seq).value_or(0);
            std::size_t to =
                working && last_piece ? cursor_candle : in.series.index_at(to_seq).value_or(0);
            if (!last_piece && to == from) continue;
            OrderLine line;
            line.id = o.id;
            line.kind = pieces[p].kind;
            line.side = o.side;
            line.working = working && last_piece;
            line.price = pieces[p].price;
            line.row = s.price.row(line.price);
            line.x0 = s.candle_x(from);
            line.x1 = s.candle_x(to) + 1;
            if (line.working) line.x1 += kRightMargin / 2;  // runs on past the cursor
            line.x0 = std::max(line.x0, plot.x);
            line.x1 = std::min(line.x1, plot.right());
            if (line.x1 <= line.x0 || !s.price.shows(line.price)) continue;
            line.label = order_label(o, line.price);
            Rect box = label_box(line.label, in.options, 0, line.row - in.options.line_height - 3);
            if (line.working) {
                box.x = std::clamp(line.x1 - box.w, plot.x, std::max(plot.x, plot.right() - box.w));
                line.label_rect = box;
            } else if (last_piece && line.x1 - line.x0 >= box.w &&
                       finished_labels < in.options.max_finished_labels) {
                box.x = line.x0;
                line.label_rect = box;
                ++finished_labels;
            }
            if (line.label_rect && line.label_rect->y < plot.y) line.label_rect->y = line.row + 2;
            s.orders.push_back(std::move(line));
        }
    }
    // Working orders last, so that they draw over finished ones.
    std::stable_partition(s.orders.begin(), s.orders.end(),
                          [](const OrderLine& l) { return !l.working; });
}

void place_fills(ChartScene& s, const SceneInput& in) {
    const Rect& plot = s.layout.price;
    const std::vector<FillPoint>& fills = in.series.fills();
    auto [first_seq, last_seq] = visible_seqs(s, in.series);
    // Zoomed out, many fills share a few pixels: one marker per kind and marker-sized cell.
    const int cell = s.viewport.px_per_candle < 1 ? kMarkerRadius : 1;
    // Markers come column by column: the cells taken in the current column of cells, as flags
    // by (cell row, kind) with the list of those set (a column may see thousands of fills).
    int cell_column = INT32_MIN;
    std::vector<bool> taken(static_cast<std::size_t>(plot.h / cell + 1) * 4);
    std::vector<std::size_t> set;
    SeqColumns columns(s, in.series);
    auto from = std::partition_point(fills.begin(), fills.end(),
                                     [&](const FillPoint& f) { return f.seq < first_seq; });
    for (auto it = from; it != fills.end(); ++it) {
        const FillPoint& f = *it;
        if (f.seq > in.seq || f.seq > last_seq) break;
        auto x = columns.x(f.seq);
        if (!x) continue;
        FillMarker m;
        m.fill = f.fill;
        m.x = *x;
        m.y = s.price.row(f.price);
        m.side = f.side;
        m.entry = f.entry;
        if (m.x < plot.x || m.x >= plot.right() || !plot.contains(plot.x, m.y)) continue;
        if (m.x / cell != cell_column) {
            cell_column = m.x / cell;
            for (std::size_t k : set)
                taken[k] = false;
            set.clear();
        }
        std::size_t key = static_cast<std::size_t>((m.y - plot.y) / cell) * 4 +
                          (m.side == trace::Side::buy ? 2u : 0u) + (m.entry ? 1u : 0u);
        if (taken[key]) continue;
        taken[key] = true;
        set.push_back(key);
        s.fills.push_back(m);
    }
}

void place_position(ChartScene& s, const SceneInput& in, std::size_t cursor_candle) {
    const Rect& plot = s.layout.price;
    const trace::SymbolData& data = in.trace.symbols[in.series.symbol()];
    std::size_t n = count_through(data.position_changes, in.seq);
    // From the change in force at the first visible candle on.
    auto [first_seq, last_seq] = visible_seqs(s, in.series);
    std::size_t first = count_through(data.position_changes, first_seq);
    first = first > 0 ? first - 1 : 0;
    SeqColumns start(s, in.series), end(s, in.series);  // two non-decreasing sequences
    const bool zoomed_out = s.viewport.px_per_candle < 1;
    // Before the symbol's first candle: at it (looked up only then: it is a search).
    auto or_first = [&](std::optional<int> x) { return x ? *x : s.candle_x(0); };
    for (std::size_t j = first; j < n; ++j) {
        const trace::PositionChange& c = data.position_changes[j];
        if (!s.candles.empty() && c.seq > last_seq) break;
        bool current = j + 1 == n;  // in force at the cursor
        int x0 = or_first(start.x(c.seq));
        int x1 = (current ? s.candle_x(cursor_candle)
                          : or_first(end.x(data.position_changes[j + 1].seq))) +
                 1;
        if (c.qty.is_zero() || c.qty.is_nan()) continue;
        // Zoomed out, a position held within one pixel column is no line (as for orders): at
        // most one segment starts in each column, however many trades the run made.
        if (zoomed_out && !current && x1 - x0 <= 1) continue;
        PositionSegment seg;
        seg.price = c.avg_price.to_double();
        seg.row = s.price.row(seg.price);
        seg.x0 = std::max(x0, plot.x);
        seg.x1 = std::min(x1, plot.right());
        if (seg.x1 <= seg.x0 || !s.price.shows(seg.price)) continue;
        // Zoomed out, segments on one row that touch are one.
        if (!s.position.empty() && s.position.back().row == seg.row &&
            s.position.back().x1 >= seg.x0) {
            s.position.back().x1 = std::max(s.position.back().x1, seg.x1);
            continue;
        }
        s.position.push_back(seg);
    }
    PositionAt p = position_at(in.trace, in.series.symbol(), in.seq);
    if (!p.open() || s.shown == 0) return;
    PnlLabel label;
    label.text = pnl_text(p.qty, p.avg_price, p.unrealized_pnl);
    label.profit = !p.unrealized_pnl.is_negative();
    // Right of the newest candle, just above the line (below it at the pane's top), so that
    // neither the line nor the newest candle is hidden.
    int row = s.price.row(p.avg_price.to_double());
    int x = s.candle_x(cursor_candle) + 8;
    Rect box = label_box(label.text, in.options, x, 0);
    if (box.right() > plot.right() - 2) {
        label.text = pnl_text(p.unrealized_pnl);
        box = label_box(label.text, in.options, x, 0);
    }
    box.y = row - box.h - 1;
    if (box.y < plot.y) box.y = row + 2;
    box.x = std::clamp(box.x, plot.x, std::max(plot.x, plot.right() - box.w - 2));
    box.y = std::clamp(box.y, plot.y, std::max(plot.y, plot.bottom() - box.h));
    label.rect = box;
    s.pnl = std::move(label);
    s.position_tag = AxisTick{row, price_text(p.avg_price)};
}

void place_ambiguous(ChartScene& s, const SceneInput& in) {
    const Rect& plot = s.layout.price;
    const trace::SymbolData& data = in.trace.symbols[in.series.symbol()];
    for (std::uint32_t index : data.ambiguous) {
        const trace::AmbiguousBarRecord& a = in.trace.ambiguous_bars[index];
        if (a.seq > in.seq) break;
        auto candle = in.series.index_at(a.seq);
        if (!candle) continue;
        AmbiguousMark m;
        m.index = index;
        m.x = s.candle_x(*candle);
        m.y = std::max(plot.y + 5, s.price.row(in.series.candles()[*candle].high) - 8);
        if (m.x < plot.x || m.x >= plot.right()) continue;
        s.ambiguous.push_back(m);
    }
}

void place_time_ticks(ChartScene& s, const SymbolSeries& series) {
    if (s.candles.empty()) return;
    trace::Timestamp t0 = series.time(s.candles.front().first);
    trace::Timestamp t1 = series.time(s.candles.back().last - 1);
    // Spread over the shown candles' pixel span, not the plot's.
    int span_px = std::max(1, s.candles.back().x1 - s.candles.front().x0);
    TimeStep step = choose_time_step(std::max<std::int64_t>(t1 - t0, 1), span_px / 110.0);
    std::optional<std::int64_t> previous;
    int last_x = -1000;
    for (const CandleShape& c : s.candles) {
        trace::Timestamp t = series.time(c.first);
        std::int64_t bucket = time_bucket(t, step);
        if (previous && bucket != *previous && c.wick_x - last_x >= 70) {
            s.time_ticks.push_back({c.wick_x, format_tick(t, step)});
            last_x = c.wick_x;
        }
        previous = bucket;
    }
}

}  // namespace

int ChartScene::candle_x(std::size_t i) const {
    if (!candles.empty() && i >= candles.front().first && i < candles.back().last) {
        auto it = std::upper_bound(candles.begin(), candles.end(), i,
                                   [](std::size_t v, const CandleShape& c) { return v < c.first; });
        const CandleShape& c = *std::prev(it);
        if (i < c.last) return c.wick_x;
    }
    const Viewport& v = viewport;
    if (v.px_per_candle >= 1) {
        int x0 = layout.price.x + floor_int(candle_offset(v, static_cast<double>(i)));
        int x1 = layout.price.x + floor_int(candle_offset(v, static_cast<double>(i) + 1));
        int gap = body_gap(v.px_per_candle);
        if (x1 - x0 > 2 * gap) {
            x0 += gap;
            x1 -= gap;
        }
        return (x0 + std::max(x1, x0 + 1) - 1) / 2;
    }
    return layout.price.x + floor_int(candle_offset(v, static_cast<double>(i)));
}

const CandleShape* ChartScene::shape_at(int x) const {
    auto it = std::upper_bound(candles.begin(), candles.end(), x,
                               [](int v, const CandleShape& c) { return v < c.x0; });
    if (it == candles.begin()) return nullptr;
    const CandleShape& c = *std::prev(it);
    return x < std::max(c.x1, c.x0 + 1) + body_gap(viewport.px_per_candle) ? &c : nullptr;
}

const FillMarker* ChartScene::fill_at(int x, int y) const {
    const FillMarker* best = nullptr;
    int best_d = kMarkerRadius * kMarkerRadius + 1;
    for (const FillMarker& m : fills) {
        int d = (m.x - x) * (m.x - x) + (m.y - y) * (m.y - y);
        if (d < best_d) {
            best = &m;
            best_d = d;
        }
    }
    return best;
}

const AmbiguousMark* ChartScene::ambiguous_at(int x, int y) const {
    for (const AmbiguousMark& m : ambiguous) {
        if (std::abs(m.x - x) <= 5 && std::abs(m.y - y) <= 5) return &m;
    }
    return nullptr;
}

ChartScene build_scene(const SceneInput& in) {
    ChartScene s;
    s.layout = in.layout;
    s.viewport = in.viewport;
    if (in.series.symbol() >= in.trace.symbols.size()) return s;
    s.shown = in.series.count_through(in.seq);
    std::size_t cursor_candle = s.shown > 0 ? s.shown - 1 : 0;
    place_candles(s, in.series);

    // The open position's entry price and the working orders' prices belong on screen with the
    // candles: they are what the viewer is for.
    std::vector<double> include;
    PositionAt p = position_at(in.trace, in.series.symbol(), in.seq);
    if (in.options.position && p.open()) include.push_back(p.avg_price.to_double());
    OrderIndex local;
    const OrderIndex* orders = in.orders;
    if (orders == nullptr) {
        local.sync(in.trace);
        orders = &local;
    }
    if (in.options.orders) working_prices(in, *orders, include);
    fit_scales(s, in.series, include);
    shape_rows(s);
    if (in.options.equity) place_equity(s, in.series);
    if (in.options.orders) place_orders(s, in, *orders, cursor_candle);
    if (in.options.position) place_position(s, in, cursor_candle);
    if (in.options.fills) place_fills(s, in);
    if (in.options.ambiguous) place_ambiguous(s, in);

    s.price_ticks = scale_ticks(s.price, 48);
    s.equity_ticks = scale_ticks(s.equity, 36);
    place_time_ticks(s, in.series);
    if (s.shown > 0 && !s.candles.empty()) {
        double close = in.series.candles()[s.shown - 1].close;
        s.last_price = AxisTick{s.price.row(close), fmt::format("{}", close)};
    }
    return s;
}

std::string order_label(const trace::Order& o, double price) {
    return fmt::format("#{} {} {} {} @ {}", o.id, side_text(o.side), type_text(o.type),
                       qty_text(o.qty), price);
}

std::string pnl_text(trace::Decimal pnl) {
    std::string money = money_text(pnl);
    return "PnL " + (pnl.is_negative() ? money : "+" + money);
}

std::string pnl_text(trace::Decimal qty, trace::Decimal avg_price, trace::Decimal pnl) {
    bool short_side = qty.is_negative();
    trace::Decimal mag = short_side ? trace::Decimal::from_raw(-qty.raw()) : qty;
    return fmt::format("{} {} @ {}  {}", short_side ? "SHORT" : "LONG", qty_text(mag),
                       price_text(avg_price), pnl_text(pnl));
}

std::vector<AxisTick> scale_ticks(const PriceScale& scale, int spacing) {
    std::vector<AxisTick> ticks;
    if (scale.pane.h <= 0 || !(scale.high > scale.low)) return ticks;
    double raw = (scale.high - scale.low) * spacing / scale.pane.h;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= raw) break;
    }
    int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    double units = step * std::pow(10.0, decimals);
    if (std::abs(units - std::round(units)) > 1e-6) ++decimals;  // 2.5 x 10^k
    for (double v = std::ceil(scale.low / step) * step; v <= scale.high; v += step) {
        int row = scale.row(v);
        if (row < scale.pane.y + 6 || row >= scale.pane.bottom() - 6) continue;
        ticks.push_back({row, fmt::format("{:.{}f}", v, decimals)});
    }
    return ticks;
}

}  // namespace dsl::viewer
