// The chart scene of real runs: every fill of the visible candles has its marker at its candle's
// column and its price's row, working orders have lines at their prices, the open position has
// its line and PnL label (and a flat one none), ambiguous bars are marked; and on a million
// bars the scene keeps to one candle per pixel column (timings printed for
// docs/performance.md, not asserted).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

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

// A million minute bars with a snapshot each and a fill every 1000 bars, built as the reader
// would build them; the scene of one frame fully zoomed out, mid zoom and zoomed in.
TEST(Scene, MillionBarTiming) {
    constexpr std::size_t kBars = 1'000'000;
    using Clock = std::chrono::steady_clock;
    trace::Trace t;
    t.symbols.resize(1);
    t.symbols[0].name = "SYN";
    t.symbols[0].bars.reserve(kBars);
    t.portfolio.reserve(kBars);
    std::int64_t price = 100 * trace::Decimal::kScale;
    std::uint64_t state = 88172645463325252ULL;
    for (std::size_t i = 0; i < kBars; ++i) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        std::int64_t move = static_cast<std::int64_t>(state % 200'000'001) - 100'000'000;
        std::int64_t open = price;
        price = std::max<std::int64_t>(trace::Decimal::kScale, price + move);
        trace::BarRow b;
        b.seq = i + 1;
        b.ts = static_cast<trace::Timestamp>(i) * 60 * kNanosPerSecond;  // minute bars
        b.open = trace::Decimal::from_raw(open);
        b.close = trace::Decimal::from_raw(price);
        b.high = trace::Decimal::from_raw(std::max(open, price) + 30'000'000);
        b.low = trace::Decimal::from_raw(std::min(open, price) - 30'000'000);
        b.volume = trace::Decimal::from_raw(1000 * trace::Decimal::kScale);
        t.symbols[0].bars.push_back(b);
        t.market_events.push_back(
            {b.seq, b.ts, 0, trace::RecordKind::bar, static_cast<std::uint32_t>(i)});
        trace::PortfolioPoint p;
        p.seq = b.seq;
        p.equity = trace::Decimal::from_raw(100000 * trace::Decimal::kScale + move);
        t.portfolio.push_back(p);
        if (i % 1000 == 999) {
            trace::FillRecord f;
            f.seq = b.seq;
            f.price = b.close;
            f.qty = trace::Decimal::from_raw(trace::Decimal::kScale);
            f.side = i % 2000 == 999 ? trace::Side::buy : trace::Side::sell;
            f.position_after = f.side == trace::Side::buy ? f.qty : trace::Decimal();
            t.symbols[0].fills.push_back(static_cast<std::uint32_t>(t.fills.size()));
            t.fills.push_back(f);
        }
    }
    auto t0 = Clock::now();
    SymbolSeries series(0);
    series.sync(t, true);
    double sync_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("[ timing ] series of %zu bars (candles and equity) built in %.1f ms\n", kBars,
                sync_ms);
    ChartLayout layout = default_layout();
    const int width = layout.price.w;
    for (double ppc : {min_px_per_candle(kBars, width), 0.01, 8.0}) {
        Viewport v;
        v.px_per_candle = ppc;
        v.pinned = false;
        v.left = ppc >= 1 ? kBars - (width - kRightMargin) / ppc : 0;
        constexpr int kFrames = 50;
        std::size_t candles = 0, fills = 0;
        auto t1 = Clock::now();
        for (int f = 0; f < kFrames; ++f) {
            ChartScene s = build_scene({t, series, kBars, v, layout, {}});
            candles += s.candles.size();
            fills += s.fills.size();
        }
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t1).count() / kFrames;
        std::printf(
            "[ timing ] %.5f px/candle: %zu candle shapes, %zu fill markers, scene in "
            "%.2f ms\n",
            ppc, candles / kFrames, fills / kFrames, ms);
        EXPECT_LE(candles / kFrames, static_cast<std::size_t>(width) + 1);
    }
}

}  // namespace
}  // namespace dsl::viewer::test
