// The state at a replay position, checked against an independent replay of the trace's raw
// JSON lines: at every market event of real runs, the working orders, each symbol's position,
// the equity and the counts of fills and logs are those the lines recorded so far say.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/viewer/recorded.h"
#include "trace/reader.h"
#include "viewer/state.h"
#include "viewer/time_text.h"
#include "viewer/view_model.h"

namespace dsl::viewer::test {
namespace {

using nlohmann::json;

// What the lines read so far say.
struct Oracle {
    std::set<std::uint64_t> working;
    std::map<std::uint64_t, double> position;  // by symbol
    double equity = NAN;
    std::size_t fills = 0, logs = 0;
    std::map<std::uint64_t, std::uint64_t> order_symbol;
};

void check(const trace::Trace& t, std::uint64_t seq, const Oracle& o) {
    SCOPED_TRACE(testing::Message() << "at seq " << seq);
    StateAt st = state_at(t, seq);
    std::set<std::uint64_t> working;
    for (const OrderAt& a : st.working) {
        EXPECT_TRUE(a.working());
        working.insert(a.order->id);
    }
    // The rest of the submitted orders are not working then.
    for (std::size_t i = 0; i < st.submitted; ++i) {
        if (!working.count(t.orders[i].id)) {
            EXPECT_FALSE(order_at(t.orders[i], seq).working());
        }
    }
    if (st.submitted < t.orders.size()) {
        EXPECT_GT(t.orders[st.submitted].submitted_seq, seq);
    }
    EXPECT_EQ(working, o.working);
    for (const PositionAt& p : st.positions) {
        auto it = o.position.find(p.symbol);
        double expected = it == o.position.end() ? 0.0 : it->second;
        EXPECT_DOUBLE_EQ(p.qty.to_double(), expected) << "symbol " << p.symbol;
    }
    if (!std::isnan(o.equity)) {
        ASSERT_NE(st.portfolio, nullptr);
        EXPECT_DOUBLE_EQ(st.portfolio->equity.to_double(), o.equity);
    }
    EXPECT_EQ(st.fills, o.fills);
    EXPECT_EQ(st.logs, o.logs);
}

void replay_lines(const std::string& example) {
    const Recorded& r = recorded(example);
    trace::Reader reader = trace::read_trace_file(r.trace);
    ASSERT_EQ(reader.status(), trace::ReadStatus::complete) << reader.status_text();
    const trace::Trace& t = reader.trace();
    std::istringstream lines(slurp(r.trace));
    Oracle o;
    std::uint64_t seq = 0;
    std::size_t checks = 0;
    for (std::string line; std::getline(lines, line);) {
        json j = json::parse(line);
        std::string type = j["t"];
        if (type == "bar" || type == "tick") {
            check(t, seq, o);  // everything up to the previous event
            ++checks;
            seq = j["seq"];
        } else if (type == "order_submitted") {
            o.working.insert(j["id"].get<std::uint64_t>());
        } else if (type == "order_filled" || type == "order_canceled" || type == "order_rejected" ||
                   type == "order_expired") {
            o.working.erase(j["id"].get<std::uint64_t>());
        } else if (type == "fill") {
            o.position[j["symbol"].get<std::uint64_t>()] = j["position_after"].get<double>();
            ++o.fills;
        } else if (type == "log") {
            ++o.logs;
        } else if (type == "portfolio_snapshot") {
            o.equity = j["equity"].get<double>();
        }
    }
    check(t, seq, o);
    EXPECT_GT(checks, 200u);
}

TEST(StateAt, MatchesTheLinesAtEveryEvent_MarketOrders) {
    replay_lines("sma_cross");
}
TEST(StateAt, MatchesTheLinesAtEveryEvent_OcoLimitAndStop) {
    replay_lines("oco_straddle");
}
TEST(StateAt, MatchesTheLinesAtEveryEvent_Brackets) {
    replay_lines("bracket_rsi");
}
TEST(StateAt, MatchesTheLinesAtEveryEvent_TwoSymbols) {
    replay_lines("pair_trading");
}

// An order's own history: working with its price from submission until its fill, filled from
// the fill's event on, and the filled quantity is the fills' sum.
TEST(StateAt, OrderHistoryOfALimitOrder) {
    trace::Reader reader = trace::read_trace_file(recorded("oco_straddle").trace);
    const trace::Trace& t = reader.trace();
    const trace::Order* limit = nullptr;
    for (const trace::Order& o : t.orders) {
        if (o.type == trace::OrderType::limit && o.status == trace::OrderStatus::filled) {
            limit = &o;
            break;
        }
    }
    ASSERT_NE(limit, nullptr);
    const trace::FillRecord& fill = t.fills[limit->fills.front()];
    for (std::uint64_t seq = limit->submitted_seq; seq < fill.seq; ++seq) {
        OrderAt a = order_at(*limit, seq);
        EXPECT_TRUE(a.working()) << seq;
        EXPECT_EQ(a.limit_price, limit->limit_price);
        EXPECT_TRUE(a.filled_qty.is_zero());
    }
    OrderAt done = order_at(*limit, fill.seq);
    EXPECT_EQ(done.status, trace::OrderStatus::filled);
    EXPECT_EQ(done.filled_qty, limit->filled_qty);
}

TEST(StateAt, Texts) {
    using trace::Decimal;
    EXPECT_EQ(money_text(*Decimal::parse("-1234.505")), "-1,234.51");
    EXPECT_EQ(money_text(*Decimal::parse("604.0001")), "604.00");
    EXPECT_EQ(money_text(*Decimal::parse("1234567.5")), "1,234,567.50");
    EXPECT_EQ(money_text(*Decimal::parse("-0.001")), "0.00");
    EXPECT_EQ(money_text(Decimal::nan()), "-");
    EXPECT_EQ(price_text(*Decimal::parse("2.370370")), "2.37037");
    EXPECT_EQ(type_text(trace::OrderType::stop_limit), "STP LMT");
}

// The view model opened --at a time shows the state of the last market event at or before it.
TEST(ViewModel, OpensAtTheRequestedTime) {
    ViewerOptions options;
    options.trace_path = recorded("sma_cross").trace;
    options.at = parse_time("2003-05-01");
    ViewModel vm(options);
    EXPECT_FALSE(vm.document().following());
    EXPECT_LE(vm.time(), *options.at);
    EXPECT_GT(vm.time(), *options.at - 5 * kNanosPerDay);
    EXPECT_FALSE(vm.replay().at_end());
    const SymbolSeries& s = vm.series();
    EXPECT_EQ(s.size(), vm.trace().symbols[0].bars.size());
    std::size_t shown = s.count_through(vm.seq());
    ASSERT_GT(shown, 0u);
    EXPECT_EQ(s.time(shown - 1), vm.time());
    // Stepping to the next fill lands on the fill's event.
    ASSERT_TRUE(vm.seek_fill(+1));
    std::uint64_t seq = vm.seq();
    bool fill_here = false;
    for (const trace::FillRecord& f : vm.trace().fills)
        fill_here |= f.seq == seq;
    EXPECT_TRUE(fill_here);
}

// The symbol selector: --symbol picks the chart's symbol; choosing another shows its series,
// its fills only, at a new default zoom; an unknown --symbol falls back to the first.
TEST(ViewModel, SymbolSelector) {
    ViewerOptions options;
    options.trace_path = recorded("pair_trading").trace;
    options.symbol = "NVDA";
    ViewModel vm(options);
    const trace::Trace& t = vm.trace();
    ASSERT_EQ(t.symbols.size(), 2u);
    EXPECT_EQ(t.symbols[vm.symbol()].name, "NVDA");
    ChartLayout layout = chart_layout(screen_layout(1280, 800).chart);
    auto check_shown = [&] {
        const SymbolSeries& s = vm.series();
        EXPECT_EQ(s.symbol(), vm.symbol());
        EXPECT_EQ(s.size(), t.symbols[vm.symbol()].bars.size());
        ChartScene scene = vm.scene(layout);
        ASSERT_FALSE(scene.fills.empty());
        for (const FillMarker& m : scene.fills)
            EXPECT_EQ(t.fills[m.fill].symbol, vm.symbol());
        EXPECT_EQ(scene.candles.back().candle.close,
                  t.symbols[vm.symbol()].bars.back().close.to_double());
    };
    check_shown();
    Viewport& v = vm.viewport(layout.price.w);
    zoom(v, 0.5, 100, vm.series().size(), layout.price.w);
    trace::SymbolId other = vm.symbol() == 0 ? 1 : 0;
    vm.select_symbol(other);
    EXPECT_EQ(t.symbols[vm.symbol()].name, "ORCL");
    check_shown();
    EXPECT_EQ(vm.viewport(layout.price.w).px_per_candle, kDefaultPxPerCandle);

    options.symbol = "XYZ";
    ViewModel unknown(options);
    EXPECT_EQ(unknown.symbol(), 0u);
}

}  // namespace
}  // namespace dsl::viewer::test
