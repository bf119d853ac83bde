// Traces of an older minor version are read as their own readers read them: the 1.0 golden
// traces (written before 1.1 added order_accepted.stop_price, fill.unrealized_pnl_after and the
// bracket_linked record) give the orders and positions the 1.1 traces of the same runs give.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/golden.h"
#include "tests/trace/example_run.h"
#include "tests/trace/printers.h"
#include "tests/trace/same_state.h"
#include "tests/trace/sample.h"
#include "trace/reader.h"

namespace dsl::trace::test {
namespace {

namespace fs = std::filesystem;

Trace read(const std::string& name, const std::string& text) {
    Reader r(name);
    r.feed(text);
    r.finish();
    EXPECT_EQ(r.status(), ReadStatus::complete) << r.status_text();
    return r.take();
}

Trace read_golden(const std::string& file) {
    return read(file, dsl::test::read_text(fs::path(DSL_TRACE_GOLDEN_DIR) / file));
}

// A bracket of 1.0 has no bracket_linked record: its links come from its exits' submissions.
TEST(OldVersions, ABracketOf10IsLinkedAsIn11) {
    Trace old = read_golden("bracket-1.0.jsonl");
    Trace now = read("example.jsonl", example_run());
    ASSERT_EQ(old.header->version_minor, 0);
    ASSERT_EQ(now.header->version_minor, 1);
    ASSERT_EQ(old.orders.size(), 3u);
    EXPECT_EQ(old.orders[0].take_profit, 2u);
    EXPECT_EQ(old.orders[0].stop_loss, 3u);
    EXPECT_EQ(old.orders[1].oco, 3u);
    EXPECT_EQ(old.orders[2].oco, 2u);
    ASSERT_EQ(now.orders.size(), old.orders.size());
    for (std::size_t i = 0; i < now.orders.size(); ++i) {
        EXPECT_EQ(static_cast<const OrderState&>(old.orders[i]),
                  static_cast<const OrderState&>(now.orders[i]))
            << "order " << i + 1;
        EXPECT_EQ(old.orders[i].finished_seq, now.orders[i].finished_seq);
    }
    EXPECT_EQ(old.symbols[0].position, now.symbols[0].position);
}

// 1.0 fills do not carry the position's unrealized PnL: unknown until position_changed; an
// acceptance keeps the order's stop.
TEST(OldVersions, WhatA10TraceDoesNotSayIsUnknownUntilItIsSaid) {
    Trace old = read_golden("sample-1.0.jsonl");
    Trace now = read("sample.jsonl", sample_trace());
    const Order& o = old.orders.at(0);
    EXPECT_EQ(std::get<lifecycle::Accepted<Decimal>>(o.updates.at(1).change).stop_price,
              o.updates.at(0).change.index() == 0
                  ? std::get<lifecycle::Submitted<Decimal>>(o.updates[0].change).stop_price
                  : Decimal());
    const auto& fill = std::get<lifecycle::Execution<Decimal>>(o.updates.back().change);
    EXPECT_TRUE(fill.unrealized_pnl_after.is_nan());
    EXPECT_EQ(old.symbols[0].position, now.symbols[0].position);  // position_changed said it
    // Apart from the bracket link the 1.0 sample has no record of, the order is the same.
    OrderState linked = now.orders.at(0);
    linked.take_profit = linked.stop_loss = 0;
    EXPECT_EQ(static_cast<const OrderState&>(o), linked);
}

}  // namespace
}  // namespace dsl::trace::test
