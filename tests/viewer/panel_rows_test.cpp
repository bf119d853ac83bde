// The strategy panel's lists as of the replay position, and their filters: the orders tab lists
// the working orders or every order submitted by then (newest first), the fills and logs tabs
// what had happened by then; a filter keeps exactly the rows whose text it passes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/viewer/recorded.h"
#include "trace/reader.h"
#include "viewer/panel_rows.h"
#include "viewer/replay.h"
#include "viewer/time_text.h"

namespace dsl::viewer::test {
namespace {

RowFilter containing(const std::string& word) {
    return [word](const std::string& text) { return text.find(word) != std::string::npos; };
}

// Halfway through a run.
StateAt halfway(const trace::Trace& t) {
    return state_at(t, seq_at(t, t.market_events.size() / 2));
}

TEST(ViewerPanel, OrdersWorkingOrAllNewestFirst) {
    trace::Reader r = trace::read_trace_file(recorded("oco_straddle").trace);
    const trace::Trace& t = r.trace();
    StateAt st = halfway(t);
    ASSERT_GT(st.submitted, 10u);
    OrderRows working(t, st, true);
    ASSERT_EQ(working.size(), st.working.size());
    for (std::size_t i = 0; i < working.size(); ++i)
        EXPECT_TRUE(working[i].working());
    OrderRows all(t, st, false);
    ASSERT_EQ(all.size(), st.submitted);
    EXPECT_EQ(all[0].order, &t.orders[st.submitted - 1]);
    EXPECT_EQ(all[all.size() - 1].order, &t.orders[0]);
    for (std::size_t i = 0; i < all.size(); ++i)
        EXPECT_LE(all[i].order->submitted_seq, st.seq);
}

TEST(ViewerPanel, OrderFilterKeepsTheRowsItPasses) {
    trace::Reader r = trace::read_trace_file(recorded("oco_straddle").trace);
    const trace::Trace& t = r.trace();
    StateAt st = halfway(t);
    std::size_t sells = static_cast<std::size_t>(std::count_if(
        t.orders.begin(), t.orders.begin() + static_cast<std::ptrdiff_t>(st.submitted),
        [](const trace::Order& o) { return o.side == trace::Side::sell; }));
    ASSERT_GT(sells, 0u);
    OrderRows rows(t, st, false, containing(" SELL "));
    EXPECT_EQ(rows.size(), sells);
    for (std::size_t i = 0; i < rows.size(); ++i)
        EXPECT_EQ(rows[i].order->side, trace::Side::sell);
    // One order by its id; none for a word no row has.
    std::string id = fmt::format("#{} ", t.orders[3].id);
    OrderRows one(t, st, false, [&](const std::string& text) { return text.rfind(id, 0) == 0; });
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].order, &t.orders[3]);
    EXPECT_EQ(OrderRows(t, st, false, containing("no such word")).size(), 0u);
    EXPECT_EQ(order_row_text(t, one[0]).rfind(id + "YHOO ", 0), 0u) << order_row_text(t, one[0]);
}

TEST(ViewerPanel, FillsAndLogsByThenAndFiltered) {
    trace::Reader r = trace::read_trace_file(recorded("sma_cross").trace);
    const trace::Trace& t = r.trace();
    StateAt st = halfway(t);
    ASSERT_GT(st.fills, 4u);
    EXPECT_EQ(fill_rows(t, st).size(), st.fills);
    std::vector<std::size_t> buys = fill_rows(t, st, containing(" BUY "));
    ASSERT_FALSE(buys.empty());
    EXPECT_LT(buys.size(), st.fills);
    for (std::size_t i : buys)
        EXPECT_EQ(t.fills[i].side, trace::Side::buy);
    // A date picks that day's fills.
    std::string day = format_time(t.fills[2].ts);
    std::vector<std::size_t> that_day = fill_rows(t, st, containing(day));
    EXPECT_NE(std::find(that_day.begin(), that_day.end(), 2u), that_day.end());
    // Logs: by then, by text, by handler.
    ASSERT_GT(st.logs, 4u);
    EXPECT_EQ(log_rows(t, st).size(), st.logs);
    std::vector<std::size_t> sells = log_rows(t, st, containing(" Sell "));
    ASSERT_FALSE(sells.empty());
    for (std::size_t i : sells)
        EXPECT_NE(t.logs[i].text.find(" Sell "), std::string::npos) << t.logs[i].text;
    EXPECT_EQ(log_rows(t, st, containing("on_order_fill")).size(), st.logs);
    // Later in the replay, more.
    StateAt end = state_at(t, seq_at(t, t.market_events.size()));
    EXPECT_GT(fill_rows(t, end).size(), st.fills);
    EXPECT_GT(log_rows(t, end).size(), st.logs);
}

}  // namespace
}  // namespace dsl::viewer::test
