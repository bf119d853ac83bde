// The chart's tooltips say what the trace says: a fill's provenance field by field (the first
// fill of sma_cross word for word; every fill of oco_straddle, whose fills come from limits,
// stops and gaps with slippage and cancel OCO siblings), an ambiguous bar's two orders and the
// path model that decided between them, and an order line's order as of the replay position.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/viewer/recorded.h"
#include "viewer/state.h"
#include "viewer/tooltips.h"
#include "viewer/view_model.h"

namespace dsl::viewer::test {
namespace {

trace::Reader read(const std::string& example) {
    return trace::read_trace_file(recorded(example).trace);
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(ViewerTooltip, FirstFillOfSmaCrossWordForWord) {
    trace::Reader r = read("sma_cross");
    const std::vector<std::string> expected{
        "Fill #1: BUY 100 @ 2.37037  (entry)",
        "order #1 MKT 100  tag entry",
        "time 1995-05-12  (event 92)",
        "",
        "Why this price:",
        "path leg       open",
        "trigger price  -",
        "gap rule       none",
        "base price     2.37037",
        "slippage       0",
        "latency        0.000 ms",
        "commission     0.00",
        "",
        "position after 100 @ 2.37037, realized 0.00",
    };
    EXPECT_EQ(fill_tooltip(r.trace(), 0, true), expected);
}

// Every fill of a run with limits, stops, gaps, slippage and OCO pairs: each line of the
// provenance is the fill record's own field.
TEST(ViewerTooltip, EveryFillSaysWhyItGotItsPrice) {
    trace::Reader r = read("oco_straddle");
    const trace::Trace& t = r.trace();
    ASSERT_FALSE(t.fills.empty());
    std::size_t triggered = 0, gapped = 0, slipped = 0, oco = 0;
    for (std::uint32_t i = 0; i < t.fills.size(); ++i) {
        const trace::FillRecord& f = t.fills[i];
        SCOPED_TRACE(testing::Message() << "fill #" << f.fill_id);
        auto lines = fill_tooltip(t, i, is_entry(f));
        EXPECT_EQ(
            lines.front().rfind("Fill #" + std::to_string(f.fill_id) + ": " + side_text(f.side) +
                                    " " + qty_text(f.qty) + " @ " + price_text(f.price),
                                0),
            0u)
            << lines.front();
        EXPECT_TRUE(has(lines, "path leg       " + std::string(trace::to_string(f.leg))));
        EXPECT_TRUE(has(lines, "gap rule       " + std::string(trace::to_string(f.gap))));
        EXPECT_TRUE(has(lines, "base price     " + price_text(f.base_price)));
        EXPECT_TRUE(has(lines, "slippage       " + price_text(f.slippage)));
        EXPECT_TRUE(has(
            lines,
            "trigger price  " + (f.trigger_price.is_zero() ? "-" : price_text(f.trigger_price))));
        EXPECT_EQ(has(lines, "OCO sibling    #" + std::to_string(f.oco_canceled) + " canceled"),
                  f.oco_canceled != 0);
        triggered += !f.trigger_price.is_zero();
        gapped += f.gap != trace::GapRule::none;
        slipped += !f.slippage.is_zero();
        oco += f.oco_canceled != 0;
    }
    // The run has each kind of provenance.
    EXPECT_GT(triggered, 0u);
    EXPECT_GT(gapped, 0u);
    EXPECT_GT(slipped, 0u);
    EXPECT_GT(oco, 0u);
}

TEST(ViewerTooltip, AmbiguousBarNamesBothOrdersAndThePathModel) {
    trace::Reader r = read("bracket_rsi");
    const trace::Trace& t = r.trace();
    ASSERT_FALSE(t.ambiguous_bars.empty());
    const trace::AmbiguousBarRecord& a = t.ambiguous_bars.front();
    auto lines = ambiguous_tooltip(t, 0);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1], "orders #" + std::to_string(a.first) + " and #" + std::to_string(a.second) +
                            " could both fill on this bar;");
    EXPECT_EQ(lines[2], "the intrabar path (nearest_extreme) filled #" + std::to_string(a.winner) +
                            " first.");
}

// An order line's tooltip is the order as of the replay position: working before its fill,
// filled after.
TEST(ViewerTooltip, OrderAsOfTheReplayPosition) {
    trace::Reader r = read("oco_straddle");
    const trace::Trace& t = r.trace();
    auto it = std::find_if(t.orders.begin(), t.orders.end(), [](const trace::Order& o) {
        return o.type == trace::OrderType::limit && o.status == trace::OrderStatus::filled &&
               o.oco != 0 && o.finished_seq > o.submitted_seq;
    });
    ASSERT_NE(it, t.orders.end());
    const trace::Order& o = *it;
    auto before = order_tooltip(t, o.id, "label", o.submitted_seq);
    EXPECT_EQ(before.front(), "label");
    EXPECT_EQ(before[1], "status open, filled 0");
    EXPECT_TRUE(has(before, "OCO with #" + std::to_string(o.oco)));
    auto after = order_tooltip(t, o.id, "label", o.finished_seq);
    EXPECT_EQ(after[1], "status filled, filled " + qty_text(o.filled_qty));
}

}  // namespace
}  // namespace dsl::viewer::test
