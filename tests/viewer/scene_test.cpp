// The chart scene of real runs: every fill of the visible candles has its marker at its candle's
// column and its price's row, working orders have lines at their prices, the open position has
// its line and PnL label (and a flat one none), ambiguous bars are marked; and on a million
// bars every overlay stays within what the plot's pixels can show (docs/viewer.md
// "Performance" measures what a frame costs; no test asserts a time).
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "tests/viewer/recorded.h"
#include "viewer/scene.h"
#include "viewer/time_text.h"
#include "viewer/view_model.h"

namespace dsl::viewer::test {
namespace {

ChartLayout default_layout() {
    return chart_layout(screen_layout(1280, 800).chart);
}

ViewModel open(const std::string& example, std::optional<std::string> at = std::nullopt,
               std::size_t bars = 0) {
    ViewerOptions o;
    o.trace_path = recorded(example).trace;
    if (at) o.at = parse_time(*at);
    o.bars = bars;
    return ViewModel(o);
}

TEST(Scene, FillMarkersSitOnTheirCandleAndPrice) {
    ViewModel vm = open("sma_cross", std::nullopt, 300);
    ChartScene s = vm.scene(default_layout());
    ASSERT_FALSE(s.candles.empty());
    EXPECT_LE(s.candles.size(), static_cast<std::size_t>(s.layout.price.w) + 1);
    const trace::Trace& t = vm.trace();
    std::size_t expected = 0;
    for (std::uint32_t f : t.symbols[0].fills) {
        std::size_t candle = *vm.series().index_at(t.fills[f].seq);
        if (candle >= s.candles.front().first && candle < s.candles.back().last) ++expected;
    }
    ASSERT_GT(expected, 2u);
    EXPECT_EQ(s.fills.size(), expected);
    for (const FillMarker& m : s.fills) {
        const trace::FillRecord& f = t.fills[m.fill];
        std::size_t candle = *vm.series().index_at(f.seq);
        EXPECT_EQ(vm.series().seq(candle), f.seq) << "a fill happens on its own bar";
        const CandleShape* shape = s.shape_at(m.x);
        ASSERT_NE(shape, nullptr);
        EXPECT_EQ(shape->first, candle);
        EXPECT_EQ(m.x, shape->wick_x);
        EXPECT_EQ(m.y, s.price.row(f.price.to_double()));
        EXPECT_TRUE(s.layout.price.contains(m.x, m.y));
        EXPECT_EQ(m.entry, f.side == trace::Side::buy);  // long only: buys enter, sells exit
        EXPECT_EQ(s.fill_at(m.x + 2, m.y - 1), &m);
    }
}

TEST(Scene, OpenPositionHasItsLineAndLabel) {
    ViewModel vm = open("sma_cross");  // the run ends long 100
    ChartScene s = vm.scene(default_layout());
    ASSERT_TRUE(s.pnl.has_value());
    // Pinned, the newest candle leaves room for the PnL alone; the entry price is on the axis.
    EXPECT_EQ(s.pnl->text, "PnL +604.00");
    EXPECT_TRUE(s.pnl->profit);
    ASSERT_TRUE(s.position_tag.has_value());
    EXPECT_EQ(s.position_tag->text, "38.93");
    EXPECT_EQ(s.position_tag->pos, s.price.row(38.93));
    EXPECT_GT(s.pnl->rect.x, s.candle_x(s.shown - 1));  // never over the newest candle
    EXPECT_LE(s.pnl->rect.right(), s.layout.price.right());
    EXPECT_TRUE(s.layout.price.contains(s.pnl->rect.x, s.pnl->rect.y));
    ASSERT_FALSE(s.position.empty());
    EXPECT_EQ(s.position.back().row, s.price.row(38.93));
    EXPECT_EQ(s.position.back().x1, s.candle_x(s.shown - 1) + 1);
    // With room right of the newest candle, the label says the whole position.
    Viewport& v = vm.viewport(s.layout.price.w);
    v.pinned = false;
    v.left += 30;  // the newest candle moves 30 candles left of the pinned place
    s = vm.scene(default_layout());
    ASSERT_TRUE(s.pnl.has_value());
    EXPECT_EQ(s.pnl->text, "LONG 100 @ 38.93  PnL +604.00");
}

TEST(Scene, FlatPositionHasNoLabel) {
    ViewModel vm = open("sma_cross");
    // The first fill's event is the first with a position; just before it there is none.
    const trace::FillRecord& first = vm.trace().fills.front();
    vm.replay().seek(position_at_seq(vm.trace(), first.seq) - 1);
    ChartScene s = vm.scene(default_layout());
    EXPECT_FALSE(s.pnl.has_value());
    EXPECT_TRUE(s.position.empty());
    EXPECT_TRUE(s.fills.empty());
    vm.replay().step(1);
    s = vm.scene(default_layout());
    EXPECT_TRUE(s.pnl.has_value());
    EXPECT_EQ(s.fills.size(), 1u);
}

TEST(Scene, WorkingOrdersHaveLinesAtTheirPrices) {
    ViewModel vm = open("oco_straddle");
    const trace::Trace& t = vm.trace();
    // A bar at which an OCO pair (limit below, stop above) is working; the limit filled later
    // (so that its price is within the candles shown after it).
    const trace::Order* limit = nullptr;
    for (const trace::Order& o : t.orders) {
        if (o.type == trace::OrderType::limit && o.oco != 0 &&
            o.status == trace::OrderStatus::filled && o.finished_seq > o.submitted_seq + 2) {
            limit = &o;
            break;
        }
    }
    ASSERT_NE(limit, nullptr);
    const trace::Order* stop = t.order(limit->oco);
    ASSERT_NE(stop, nullptr);
    vm.replay().seek(position_at_seq(t, limit->submitted_seq + 1));
    ChartScene s = vm.scene(default_layout());
    auto line_of = [&](trace::OrderId id) -> const OrderLine* {
        for (const OrderLine& l : s.orders)
            if (l.id == id && l.working) return &l;
        return nullptr;
    };
    const OrderLine* a = line_of(limit->id);
    const OrderLine* b = line_of(stop->id);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->kind, LineKind::limit);
    EXPECT_EQ(b->kind, LineKind::stop);
    EXPECT_EQ(a->row, s.price.row(limit->limit_price.to_double()));
    EXPECT_EQ(b->row, s.price.row(stop->stop_price.to_double()));
    EXPECT_EQ(a->x0, s.candle_x(*vm.series().index_at(limit->submitted_seq)));
    EXPECT_GT(a->x1, s.candle_x(s.shown - 1));
    ASSERT_TRUE(a->label_rect.has_value());
    EXPECT_EQ(a->label.rfind("#" + std::to_string(limit->id) + " BUY LMT 100 @ ", 0), 0u);
    // After the pair is done, its lines stay, dimmed (not working), ending at their finish.
    vm.replay().seek(position_at_seq(t, limit->finished_seq + 3));
    s = vm.scene(default_layout());
    bool found = false;
    for (const OrderLine& l : s.orders) {
        if (l.id != limit->id) continue;
        found = true;
        EXPECT_FALSE(l.working);
        EXPECT_EQ(l.x1, s.candle_x(*vm.series().index_at(limit->finished_seq)) + 1);
    }
    EXPECT_TRUE(found);
}

TEST(Scene, AmbiguousBarsAreMarked) {
    ViewModel vm = open("bracket_rsi");
    const trace::Trace& t = vm.trace();
    ASSERT_FALSE(t.ambiguous_bars.empty());
    const trace::AmbiguousBarRecord& a = t.ambiguous_bars.front();
    vm.replay().seek(position_at_seq(t, a.seq));
    ChartScene s = vm.scene(default_layout());
    ASSERT_FALSE(s.ambiguous.empty());
    const AmbiguousMark& m = s.ambiguous.back();
    EXPECT_EQ(m.index, 0u);
    EXPECT_EQ(m.x, s.candle_x(*vm.series().index_at(a.seq)));
    EXPECT_EQ(s.ambiguous_at(m.x, m.y), &m);
}

TEST(Scene, EveryCandleIsShownOnceWhenZoomedOut) {
    ViewModel vm = open("limit_pullback");
    ChartLayout layout = default_layout();
    Viewport& v = vm.viewport(layout.price.w);
    v.pinned = false;
    v.left = 0;
    v.px_per_candle = min_px_per_candle(vm.series().size(), layout.price.w);
    ChartScene s = vm.scene(layout);
    ASSERT_FALSE(s.candles.empty());
    EXPECT_LE(s.candles.size(), static_cast<std::size_t>(layout.price.w));
    EXPECT_EQ(s.candles.front().first, 0u);
    EXPECT_EQ(s.candles.back().last, vm.series().size());
    for (std::size_t i = 1; i < s.candles.size(); ++i) {
        EXPECT_EQ(s.candles[i].first, s.candles[i - 1].last);
        EXPECT_EQ(s.candles[i].x0, s.candles[i - 1].x0 + 1);  // one per column
    }
    // The equity curve has a step per column, inside its pane.
    EXPECT_EQ(s.equity_curve.size(), s.candles.size());
    for (const EquityStep& e : s.equity_curve) {
        EXPECT_GE(e.top, layout.equity.y);
        EXPECT_LT(e.bottom, layout.equity.bottom());
    }
    EXPECT_FALSE(s.time_ticks.empty());
    EXPECT_FALSE(s.price_ticks.empty());
}

// A million minute bars with a snapshot each, as the reader would model them. Every 47 bars a
// round trip (a market buy filled 3 bars in, a market sell 25 bars later, each changing the
// position; the last cycle ends with the position open) and a limit buy that is canceled 4
// bars after it was placed; one more limit buy, placed at bar 10, works to the end.
constexpr std::size_t kMillion = 1'000'000;
constexpr std::size_t kCycle = 47;  // prime: trades fall across column boundaries too

trace::Decimal units(std::int64_t n) {
    return trace::Decimal::from_raw(n * trace::Decimal::kScale);
}

void add_fill(trace::Trace& t, const trace::BarRow& b, trace::Side side, bool opens) {
    trace::FillRecord f;
    f.fill_id = t.fills.size() + 1;
    f.seq = b.seq;
    f.ts = b.ts;
    f.side = side;
    f.price = b.open;
    f.qty = units(1);
    f.position_after = opens ? units(1) : trace::Decimal();
    f.avg_price_after = opens ? b.open : trace::Decimal();
    t.symbols[0].fills.push_back(static_cast<std::uint32_t>(t.fills.size()));
    t.fills.push_back(f);
    trace::PositionChange c;
    c.seq = b.seq;
    c.ts = b.ts;
    c.qty = f.position_after;
    c.avg_price = f.avg_price_after;
    t.symbols[0].position_changes.push_back(c);
}

void add_limit(trace::Trace& t, const trace::BarRow& b, std::uint64_t finished_seq) {
    trace::Order o;
    o.id = t.orders.size() + 1;
    o.symbol = 0;
    o.type = trace::OrderType::limit;
    o.initial_qty = o.qty = units(1);
    o.limit_price = trace::Decimal::from_raw(b.low.raw() - trace::Decimal::kScale / 10);
    o.submitted_seq = b.seq;
    o.created_ts = b.ts;
    o.status = finished_seq != 0 ? trace::OrderStatus::canceled : trace::OrderStatus::open;
    o.finished_seq = finished_seq;
    lifecycle::Submitted<trace::Decimal> submitted;
    submitted.ts = b.ts;
    submitted.id = o.id;
    submitted.symbol = 0;
    submitted.type = o.type;
    submitted.qty = o.qty;
    submitted.limit_price = o.limit_price;
    o.updates.push_back({b.seq, submitted});
    o.updates.push_back({b.seq, lifecycle::Accepted<trace::Decimal>{b.ts, o.id, o.qty, {}, 0}});
    if (finished_seq != 0) {
        o.updates.push_back(
            {finished_seq, lifecycle::Canceled<trace::Decimal>{b.ts, o.id, "user", {}, 0}});
    }
    t.symbols[0].orders.push_back(static_cast<std::uint32_t>(t.orders.size()));
    t.orders.push_back(o);
}

trace::Trace million_bars() {
    trace::Trace t;
    t.symbols.resize(1);
    t.symbols[0].name = "SYN";
    t.symbols[0].bars.reserve(kMillion);
    t.portfolio.reserve(kMillion);
    std::int64_t price = 100 * trace::Decimal::kScale;
    std::uint64_t state = 88172645463325252ULL;
    for (std::size_t i = 0; i < kMillion; ++i) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        std::int64_t move = static_cast<std::int64_t>(state % 200'000'001) - 100'000'000;
        std::int64_t open = price;
        price = std::max<std::int64_t>(10 * trace::Decimal::kScale, price + move);
        trace::BarRow b;
        b.seq = i + 1;
        b.ts = static_cast<trace::Timestamp>(i) * 60 * kNanosPerSecond;
        b.open = trace::Decimal::from_raw(open);
        b.close = trace::Decimal::from_raw(price);
        b.high = trace::Decimal::from_raw(std::max(open, price) + 30'000'000);
        b.low = trace::Decimal::from_raw(std::min(open, price) - 30'000'000);
        b.volume = units(1000);
        t.symbols[0].bars.push_back(b);
        t.market_events.push_back(
            {b.seq, b.ts, 0, trace::RecordKind::bar, static_cast<std::uint32_t>(i)});
        trace::PortfolioPoint p;
        p.seq = b.seq;
        p.equity = trace::Decimal::from_raw(100000 * trace::Decimal::kScale + move);
        t.portfolio.push_back(p);
        if (i % kCycle == 3) add_fill(t, b, trace::Side::buy, true);
        if (i % kCycle == 28) add_fill(t, b, trace::Side::sell, false);
        if (i % kCycle == 5) add_limit(t, b, b.seq + 4);
        if (i == 10) add_limit(t, b, 0);
    }
    return t;
}

// On a million bars the scene is bounded by the plot's pixels at every zoom: at most one candle
// per pixel column (one per column exactly when zoomed out), at most one fill marker of a kind
// per marker-sized cell, at most one position segment starting in a pixel column, and no line
// for an order that lived within one column; the order working since bar 10 keeps its line.
TEST(Scene, AMillionBarsStayWithinThePixels) {
    const trace::Trace t = million_bars();
    SymbolSeries series(0);
    series.sync(t, true);
    ASSERT_EQ(series.size(), kMillion);
    OrderIndex orders;
    orders.sync(t);
    ChartLayout layout = default_layout();
    const Rect& plot = layout.price;
    for (double ppc : {min_px_per_candle(kMillion, plot.w), 0.01, 0.5, 8.0}) {
        SCOPED_TRACE(testing::Message() << ppc << " px/candle");
        Viewport v;
        v.px_per_candle = ppc;
        pin(v, kMillion, plot.w);
        if (v.left < 0) v.left = 0;
        v.pinned = false;
        ChartScene s = build_scene({t, series, kMillion, v, layout, {}, &orders});
        ASSERT_FALSE(s.candles.empty());
        EXPECT_LE(s.candles.size(), static_cast<std::size_t>(plot.w) + 1);
        EXPECT_EQ(s.candles.back().last, kMillion);
        for (std::size_t i = 1; i < s.candles.size(); ++i) {
            EXPECT_EQ(s.candles[i].first, s.candles[i - 1].last);
            if (ppc < 1) {
                EXPECT_EQ(s.candles[i].x0, s.candles[i - 1].x0 + 1);
            }
        }
        // Fill markers: never two of one kind in a cell; some of each kind.
        const int cell = ppc < 1 ? kMarkerRadius : 1;
        std::set<std::tuple<int, int, bool, bool>> cells;
        std::size_t buys = 0, sells = 0;
        for (const FillMarker& m : s.fills) {
            EXPECT_TRUE(plot.contains(m.x, m.y));
            EXPECT_TRUE(cells
                            .insert({m.x / cell, (m.y - plot.y) / cell, m.side == trace::Side::buy,
                                     m.entry})
                            .second);
            (m.side == trace::Side::buy ? buys : sells) += 1;
            EXPECT_EQ(m.entry, m.side == trace::Side::buy);
        }
        EXPECT_GT(buys, 0u);
        EXPECT_GT(sells, 0u);
        // Position segments: each starts in a column of its own; zoomed out, each spans columns
        // but the last, the position still open at the end (drawn however short).
        EXPECT_FALSE(s.position.empty());
        EXPECT_LE(s.position.size(), static_cast<std::size_t>(plot.w));
        for (std::size_t i = 0; i < s.position.size(); ++i) {
            const PositionSegment& p = s.position[i];
            if (i > 0) {
                EXPECT_GT(p.x0, s.position[i - 1].x0);
            }
            if (ppc < 1 && p.x0 > plot.x && i + 1 < s.position.size()) {
                EXPECT_GE(p.x1 - p.x0, 2) << "segment " << i << " at " << p.x0;
            }
        }
        // Order lines: the order working since bar 10 has its line; zoomed out, a canceled one
        // has a line only when its life crossed columns.
        const trace::OrderId long_working = t.orders[1].id;  // placed at bar 10
        std::size_t working = 0, finished = 0;
        for (const OrderLine& l : s.orders) {
            SCOPED_TRACE(l.label);
            (l.working ? working : finished) += 1;
            EXPECT_EQ(l.working, l.id == long_working);
            if (!l.working && ppc < 1 && l.x0 > plot.x) {
                EXPECT_GE(l.x1 - l.x0, 2);
            }
        }
        EXPECT_EQ(working, 1u);
        if (ppc >= 0.5) {
            EXPECT_GT(finished, 0u);
        }
        std::size_t canceled_in_view = 0;
        for (const trace::Order& o : t.orders)
            canceled_in_view += o.finished_seq >= series.seq(s.candles.front().first);
        if (ppc < 0.05) {
            EXPECT_LT(finished * 4, canceled_in_view);
        }
    }
}

}  // namespace
}  // namespace dsl::viewer::test
