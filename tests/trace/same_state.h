// The reader's orders and positions (the lifecycle reducer with the reader's Decimal) against the
// same reducer with the engine's Fixed, field by field: what the trace says an order is must be
// what the engine's events say it is.
#pragma once

#include <gtest/gtest.h>

#include "runner/engine_changes.h"
#include "tests/trace/printers.h"
#include "trace/model.h"

namespace dsl::trace::test {

inline Decimal dec(engine::Fixed f) {
    return Decimal::from_raw(f.raw());
}

inline void expect_same_order(const OrderState& t, const lifecycle::EngineOrder& e) {
    SCOPED_TRACE("order " + std::to_string(e.id));
    EXPECT_EQ(t.id, e.id);
    EXPECT_EQ(t.symbol, e.symbol);
    EXPECT_EQ(t.side, e.side);
    EXPECT_EQ(t.type, e.type);
    EXPECT_EQ(t.tif, e.tif);
    EXPECT_EQ(t.status, e.status);
    EXPECT_EQ(t.tag, e.tag);
    for (auto [mine, theirs] : {std::pair{t.qty, e.qty},
                                {t.filled_qty, e.filled_qty},
                                {t.limit_price, e.limit_price},
                                {t.stop_price, e.stop_price},
                                {t.trail_offset, e.trail_offset},
                                {t.trail_percent, e.trail_percent},
                                {t.avg_fill_price, e.avg_fill_price},
                                {t.last_fill_qty, e.last_fill_qty},
                                {t.last_fill_price, e.last_fill_price},
                                {t.commission, e.commission}}) {
        EXPECT_EQ(mine, dec(theirs));
    }
    EXPECT_EQ(t.triggered, e.triggered);
    EXPECT_EQ(t.reason, e.reason);
    EXPECT_EQ(t.text, e.text);
    EXPECT_EQ(t.cause, e.cause);
    EXPECT_EQ(t.parent, e.parent);
    EXPECT_EQ(t.take_profit, e.take_profit);
    EXPECT_EQ(t.stop_loss, e.stop_loss);
    EXPECT_EQ(t.oco, e.oco);
    EXPECT_EQ(t.created_ts, e.created_ts);
    EXPECT_EQ(t.updated_ts, e.updated_ts);
    EXPECT_EQ(t.accepted_ts, e.accepted_ts);
    EXPECT_EQ(t.latency_ns, e.latency_ns);
    EXPECT_EQ(t.triggered_ts, e.triggered_ts);
    EXPECT_EQ(t.finished_ts, e.finished_ts);
    EXPECT_EQ(t.cancel_effective_at, e.cancel_effective_at);
}

inline void expect_same_position(const PositionState& t, const lifecycle::EnginePosition& e) {
    EXPECT_EQ(t.symbol, e.symbol);
    EXPECT_EQ(t.qty, dec(e.qty));
    EXPECT_EQ(t.avg_price, dec(e.avg_price));
    EXPECT_EQ(t.realized_pnl, dec(e.realized_pnl));
    EXPECT_EQ(t.unrealized_pnl, dec(e.unrealized_pnl));
    EXPECT_EQ(t.commission, dec(e.commission));
    EXPECT_EQ(t.updated_ts, e.updated_ts);
}

// The engine-side reducer's state after a stream of events.
inline lifecycle::EngineBook reduced(const std::vector<engine::Event>& events,
                                     std::size_t symbols) {
    lifecycle::EngineBook book(symbols);
    for (const engine::Event& e : events) {
        if (auto c = lifecycle::change_of(e)) lifecycle::apply(book, *c);
    }
    return book;
}

}  // namespace dsl::trace::test
