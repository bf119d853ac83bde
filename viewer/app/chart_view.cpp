// The chart: draws a ChartScene primitive by primitive (whole-pixel rectangles for candles and
// lines, so that each lands on exactly the pixels the scene names), then the axes, the readout,
// the problem banner, mouse pan and zoom, and the tooltips that explain fills and ambiguous bars.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "viewer/app/app.h"
#include "viewer/time_text.h"
#include "viewer/tooltips.h"

namespace dsl::viewer {

namespace {

ImVec2 v2(int x, int y) {
    return ImVec2(static_cast<float>(x), static_cast<float>(y));
}

void fill(ImDrawList* dl, int x0, int y0, int x1, int y1, Rgb c) {
    if (x1 > x0 && y1 > y0) dl->AddRectFilled(v2(x0, y0), v2(x1, y1), im_colour(c));
}

void fill(ImDrawList* dl, const Rect& r, Rgb c) {
    fill(dl, r.x, r.y, r.right(), r.bottom(), c);
}

Rgb line_colour(const OrderLine& l) {
    Rgb c = l.kind == LineKind::limit
                ? (l.side == trace::Side::buy ? palette::kLimitBuy : palette::kLimitSell)
                : (l.side == trace::Side::buy ? palette::kStopBuy : palette::kStopSell);
    return l.working ? c : mix(c, palette::kBackground, palette::kFinishedDim);
}

// A stop's dashes are 6 pixels on, 4 off, aligned to absolute columns so they do not crawl
// when the line's start moves.
void dashed_row(ImDrawList* dl, int x0, int x1, int row, Rgb c) {
    for (int x = x0 - ((x0 % 10) + 10) % 10; x < x1; x += 10)
        fill(dl, std::max(x, x0), row, std::min(x + 6, x1), row + 1, c);
}

// 43.6M, 1.2K, 350.
std::string volume_text(double v) {
    if (v >= 1e9) return fmt::format("{:.2f}B", v / 1e9);
    if (v >= 1e6) return fmt::format("{:.2f}M", v / 1e6);
    if (v >= 1e4) return fmt::format("{:.1f}K", v / 1e3);
    return fmt::format("{:g}", v);
}

void text(ImDrawList* dl, int x, int y, Rgb c, const std::string& s) {
    dl->AddText(v2(x, y), im_colour(c), s.c_str());
}

// Grid lines at the axes' ticks: prices and equity across their panes, times down all three.
void draw_grid(ImDrawList* dl, const ChartScene& s) {
    const ChartLayout& L = s.layout;
    for (const AxisTick& t : s.price_ticks)
        fill(dl, L.price.x, t.pos, L.price.right(), t.pos + 1, palette::kGrid);
    for (const AxisTick& t : s.equity_ticks)
        fill(dl, L.equity.x, t.pos, L.equity.right(), t.pos + 1, palette::kGrid);
    for (const AxisTick& t : s.time_ticks) {
        fill(dl, t.pos, L.price.y, t.pos + 1, L.price.bottom(), palette::kGrid);
        fill(dl, t.pos, L.volume.y, t.pos + 1, L.volume.bottom(), palette::kGrid);
        fill(dl, t.pos, L.equity.y, t.pos + 1, L.equity.bottom(), palette::kGrid);
    }
}

// Candles, clipped to the price pane, and their volume bars when shown.
void draw_candles(ImDrawList* dl, const ChartScene& s, bool volume) {
    const ChartLayout& L = s.layout;
    dl->PushClipRect(v2(L.price.x, L.price.y), v2(L.price.right(), L.price.bottom()), true);
    for (const CandleShape& c : s.candles) {
        Rgb colour = c.up ? palette::kCandleUp : palette::kCandleDown;
        fill(dl, c.wick_x, c.wick_top, c.wick_x + 1, c.wick_bottom, colour);
        fill(dl, c.x0, c.body_top, c.x1, c.body_bottom, colour);
    }
    dl->PopClipRect();
    if (!volume) return;
    for (const CandleShape& c : s.candles) {
        fill(dl, c.x0, c.volume_top, c.x1, L.volume.bottom(),
             c.up ? palette::kVolumeUp : palette::kVolumeDown);
    }
}

// The equity curve: a step line over a filled area, clipped to its pane.
void draw_equity(ImDrawList* dl, const ChartScene& s) {
    const ChartLayout& L = s.layout;
    dl->PushClipRect(v2(L.equity.x, L.equity.y), v2(L.equity.right(), L.equity.bottom()), true);
    for (const EquityStep& e : s.equity_curve) {
        fill(dl, e.x0, e.row + 1, e.x1, L.equity.bottom(), palette::kEquityArea);
        fill(dl, e.x0, e.row, e.x1, e.row + 1, palette::kEquityLine);
        fill(dl, e.x0, e.top, e.x0 + 1, e.bottom + 1, palette::kEquityLine);
    }
    dl->PopClipRect();
}

// Order lines (limits solid, stops dashed) and the position's line, then their labels, then
// the PnL label: labels above lines.
void draw_order_lines(ImDrawList* dl, const ChartScene& s) {
    for (const OrderLine& l : s.orders) {
        Rgb c = line_colour(l);
        if (l.kind == LineKind::limit)
            fill(dl, l.x0, l.row, l.x1, l.row + 1, c);
        else
            dashed_row(dl, l.x0, l.x1, l.row, c);
    }
    for (const PositionSegment& p : s.position)
        fill(dl, p.x0, p.row, p.x1, p.row + 1, palette::kPositionLine);
    for (const OrderLine& l : s.orders) {
        if (!l.label_rect) continue;
        const Rect& b = *l.label_rect;
        Rgb c = line_colour(l);
        if (l.working) {
            fill(dl, b, c);
            text(dl, b.x + 3, b.y + 1, palette::kBackground, l.label);
        } else {
            text(dl, b.x + 3, b.y + 1, c, l.label);
        }
    }
    if (s.pnl) {
        fill(dl, s.pnl->rect, s.pnl->profit ? palette::kPnlProfit : palette::kPnlLoss);
        text(dl, s.pnl->rect.x + 3, s.pnl->rect.y + 1, palette::kLabelText, s.pnl->text);
    }
}

// A fill's triangle points the way it traded (up for a buy); an exit's has an outline.
void draw_fill_marker(ImDrawList* dl, const FillMarker& m) {
    float x = static_cast<float>(m.x) + 0.5f, y = static_cast<float>(m.y) + 0.5f;
    float r = kMarkerRadius;
    ImVec2 a, b, c;
    if (m.side == trace::Side::buy) {  // pointing up
        a = ImVec2(x, y - r);
        b = ImVec2(x + r, y + r * 0.75f);
        c = ImVec2(x - r, y + r * 0.75f);
    } else {
        a = ImVec2(x, y + r);
        b = ImVec2(x - r, y - r * 0.75f);
        c = ImVec2(x + r, y - r * 0.75f);
    }
    Rgb colour = m.side == trace::Side::buy ? palette::kFillBuy : palette::kFillSell;
    dl->AddTriangleFilled(a, b, c, im_colour(colour));
    if (!m.entry) dl->AddTriangle(a, b, c, im_colour(palette::kExitOutline), 1.0f);
}

// Ambiguous bars' diamonds, then the fills.
void draw_marks(ImDrawList* dl, const ChartScene& s) {
    for (const AmbiguousMark& m : s.ambiguous) {
        float x = static_cast<float>(m.x) + 0.5f, y = static_cast<float>(m.y) + 0.5f;
        dl->AddQuadFilled(ImVec2(x, y - 5), ImVec2(x + 5, y), ImVec2(x, y + 5), ImVec2(x - 5, y),
                          im_colour(palette::kAmbiguous));
    }
    for (const FillMarker& m : s.fills)
        draw_fill_marker(dl, m);
}

}  // namespace

void App::draw_scene(ImDrawList* dl, const ChartScene& s) {
    const ChartLayout& L = s.layout;
    draw_grid(dl, s);
    draw_candles(dl, s, scene_options_.volume);
    draw_equity(dl, s);
    // Overlays on the price pane. Marks last: a fill is what the chart is about, labels must
    // not hide one.
    dl->PushClipRect(v2(L.price.x, L.price.y), v2(L.price.right(), L.price.bottom()), true);
    draw_order_lines(dl, s);
    draw_marks(dl, s);
    dl->PopClipRect();
}

void App::draw_axes(ImDrawList* dl, const ChartScene& s) {
    const ChartLayout& L = s.layout;
    fill(dl, L.price.right(), L.price.y, L.price.right() + 1, L.equity.bottom(),
         palette::kSeparator);
    fill(dl, L.price.x, L.price.bottom(), L.price_axis.right(), L.price.bottom() + 1,
         palette::kSeparator);
    fill(dl, L.price.x, L.volume.bottom(), L.price_axis.right(), L.volume.bottom() + 1,
         palette::kSeparator);
    fill(dl, L.price.x, L.equity.bottom(), L.price_axis.right(), L.equity.bottom() + 1,
         palette::kSeparator);
    // Tick labels give way to the newest value's tag.
    auto clear_of = [](const std::optional<AxisTick>& tag, int row) {
        return !tag || std::abs(tag->pos - row) >= 14;
    };
    for (const AxisTick& t : s.price_ticks) {
        if (clear_of(s.last_price, t.pos) && clear_of(s.position_tag, t.pos))
            text(dl, L.price_axis.x + 6, t.pos - 7, palette::kAxisText, t.text);
    }
    for (const AxisTick& t : s.equity_ticks) {
        if (clear_of(s.last_equity, t.pos))
            text(dl, L.equity_axis.x + 6, t.pos - 7, palette::kAxisText, t.text);
    }
    for (const AxisTick& t : s.time_ticks)
        text(dl, t.pos + 3, L.time_axis.y + 3, palette::kAxisText, t.text);
    text(dl, L.volume_axis.x + 6, L.volume_axis.y + 2, palette::kAxisText, "volume");
    text(dl, L.equity.x + 6, L.equity.y + 3, palette::kAxisText, "equity");
    if (s.position_tag && s.position_tag->pos >= L.price.y &&
        s.position_tag->pos < L.price.bottom()) {
        // Beside the last price's tag rather than under it.
        int y = s.position_tag->pos - 8;
        if (s.last_price && std::abs(s.last_price->pos - s.position_tag->pos) < 16)
            y = s.position_tag->pos >= s.last_price->pos ? s.last_price->pos + 8
                                                         : s.last_price->pos - 24;
        Rect tag{L.price_axis.x + 1, y, L.price_axis.w - 1, 16};
        fill(dl, tag, palette::kPositionLine);
        text(dl, tag.x + 5, tag.y + 1, palette::kBackground, s.position_tag->text);
    }
    if (s.last_price && s.last_price->pos >= L.price.y && s.last_price->pos < L.price.bottom()) {
        bool up = s.candles.empty() || s.candles.back().up;
        Rect tag{L.price_axis.x + 1, s.last_price->pos - 8, L.price_axis.w - 1, 16};
        fill(dl, tag, up ? palette::kCandleUp : palette::kCandleDown);
        text(dl, tag.x + 5, tag.y + 1, palette::kLabelText, s.last_price->text);
    }
    if (s.last_equity && s.last_equity->pos >= L.equity.y &&
        s.last_equity->pos < L.equity.bottom()) {
        Rect tag{L.equity_axis.x + 1, s.last_equity->pos - 8, L.equity_axis.w - 1, 16};
        fill(dl, tag, palette::kEquityLine);
        text(dl, tag.x + 5, tag.y + 1, palette::kBackground, s.last_equity->text);
    }
}

void App::draw_readout(ImDrawList* dl, const ChartScene& s, const CandleShape* hovered) {
    const trace::Trace& t = model_.trace();
    const SymbolSeries& series = model_.series();
    std::string line;
    if (model_.symbol() < t.symbols.size()) line = t.symbols[model_.symbol()].name;
    const CandleShape* c = hovered;
    if (c == nullptr && !s.candles.empty()) c = &s.candles.back();
    if (c != nullptr) {
        const Candle& k = c->candle;
        std::string when = format_time(series.time(c->first));
        if (c->last - c->first > 1) when += " .. " + format_time(series.time(c->last - 1));
        line += fmt::format("  {}  O {:g}  H {:g}  L {:g}  C {:g}  V {}", when, k.open, k.high,
                            k.low, k.close, volume_text(k.volume));
    } else if (series.size() == 0) {
        line += "  (no bars or ticks)";
    }
    int below_banner = model_.document().problem().empty() ? 0 : kBannerHeight;
    text(dl, s.layout.price.x + 6, s.layout.price.y + 4 + below_banner, palette::kAxisText, line);
}

void App::problem_banner(ImDrawList* dl, const Rect& chart) {
    std::string problem = model_.document().problem();
    if (problem.empty()) return;
    Rect b = problem_banner_rect(chart);
    fill(dl, b, model_.document().read_failed() ? palette::kErrorBanner : palette::kNoticeBanner);
    dl->PushClipRect(v2(b.x, b.y), v2(b.right(), b.bottom()), true);
    text(dl, b.x + 8, b.y + 4, palette::kLabelText, problem);
    dl->PopClipRect();
}

void App::chart_mouse(const ChartScene& s) {
    const Rect& plot = s.layout.price;
    ImGuiIO& io = ImGui::GetIO();
    // The whole chart area takes the mouse (so dragging never moves a window).
    ImGui::SetCursorScreenPos(v2(plot.x, plot.y));
    ImGui::InvisibleButton("##plot", v2(plot.w, s.layout.time_axis.bottom() - plot.y));
    bool hovered = ImGui::IsItemHovered();
    dragging_ = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f);
    std::size_t shown = s.shown;
    Viewport& v = model_.viewport(plot.w);
    if (dragging_ && io.MouseDelta.x != 0) pan(v, -io.MouseDelta.x, shown, plot.w);
    if (hovered && io.MouseWheel != 0) {
        double anchor = io.MousePos.x - plot.x;
        zoom(v, std::pow(1.15, io.MouseWheel), anchor, shown, plot.w);
    }
    if (hovered && io.MouseWheelH != 0) pan(v, -io.MouseWheelH * 40, shown, plot.w);
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        // Replay to the candle under the mouse.
        if (const CandleShape* c = s.shape_at(static_cast<int>(io.MousePos.x)))
            model_.replay().seek(position_at_seq(model_.trace(), model_.series().seq(c->last - 1)));
    }
}

namespace {

// One row per line; an empty line is a separator.
void tooltip(const std::vector<std::string>& lines) {
    ImGui::BeginTooltip();
    for (const std::string& line : lines) {
        if (line.empty())
            ImGui::Separator();
        else
            ImGui::TextUnformatted(line.c_str());
    }
    ImGui::EndTooltip();
}

}  // namespace

void App::chart_tooltips(const ChartScene& s) {
    if (!ImGui::IsItemHovered()) return;  // the plot's invisible button
    ImVec2 m = ImGui::GetIO().MousePos;
    int x = static_cast<int>(m.x), y = static_cast<int>(m.y);
    const trace::Trace& t = model_.trace();
    if (const FillMarker* f = s.fill_at(x, y)) {
        tooltip(fill_tooltip(t, f->fill, f->entry));
        return;
    }
    if (const AmbiguousMark* a = s.ambiguous_at(x, y)) {
        tooltip(ambiguous_tooltip(t, a->index));
        return;
    }
    for (auto it = s.orders.rbegin(); it != s.orders.rend(); ++it) {
        if (x >= it->x0 && x < it->x1 && std::abs(y - it->row) <= 2) {
            tooltip(order_tooltip(t, it->id, it->label, model_.seq()));
            return;
        }
    }
}

void App::chart(const Rect& r) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, im_colour(palette::kBackground));
    // No window background: the frame is cleared to the chart's background colour already.
    begin_region("##chart", r,
                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBackground);
    ChartLayout layout = chart_layout(r);
    ChartScene s = model_.scene(layout, scene_options_);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_scene(dl, s);
    draw_axes(dl, s);
    chart_mouse(s);
    const CandleShape* hovered = nullptr;
    if (ImGui::IsItemHovered()) {
        ImVec2 m = ImGui::GetIO().MousePos;
        hovered = s.shape_at(static_cast<int>(m.x));
        // Crosshair.
        int mx = static_cast<int>(m.x), my = static_cast<int>(m.y);
        dl->AddLine(v2(mx, layout.price.y), v2(mx, layout.equity.bottom()),
                    im_colour(palette::kCrosshair, 140));
        if (layout.price.contains(mx, my)) {
            dl->AddLine(v2(layout.price.x, my), v2(layout.price.right(), my),
                        im_colour(palette::kCrosshair, 140));
            text(dl, layout.price_axis.x + 6, my - 7, palette::kLabelText,
                 fmt::format("{:.6g}", s.price.price_at(my + 0.5)));
        }
    }
    draw_readout(dl, s, hovered);
    chart_tooltips(s);
    problem_banner(dl, r);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
}

}  // namespace dsl::viewer
