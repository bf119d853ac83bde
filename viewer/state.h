// The strategy's state as of a replay position: orders with their status then, positions, the
// portfolio, and how many fills, logs and errors had happened. Computed from the trace model
// on demand (a frame asks once), never stored, so that it is always the trace's own account.
//
// An order's state at seq k is its updates with seq <= k (trace::Order::updates) applied by the
// lifecycle reducer (lifecycle/reduce.h), the one that made its final state: an order that is
// filled at the end of the run shows as working on the bars before its fill. An order already
// finished by k is its final state at once, so a frame's cost is dominated by the orders working
// at the cursor, not by every order of the run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/model.h"
#include "viewer/order_index.h"

namespace dsl::viewer {

using trace::Decimal;

// An order as of a replay position: the lifecycle's state then (status, quantities, prices: 0
// when the type has none, a trailing stop's level then).
struct OrderAt : trace::OrderState {
    const trace::Order* order = nullptr;
};

// Whether the order had reached its final status (filled, canceled, ...) by seq.
bool finished_by(const trace::Order& order, std::uint64_t seq);
// The order as of seq: its updates up to seq, replayed (its submission must be at or before seq).
trace::OrderState replay(const trace::Order& order, std::uint64_t seq);
OrderAt order_at(const trace::Order& order, std::uint64_t seq);

struct PositionAt {
    trace::SymbolId symbol = 0;
    Decimal qty;  // signed: negative is short
    Decimal avg_price;
    Decimal mark_price = Decimal::nan();
    Decimal unrealized_pnl;
    Decimal realized_pnl;
    Decimal commission;
    bool open() const { return !qty.is_zero() && !qty.is_nan(); }
};

// A symbol's position as of seq: from the portfolio snapshots that list positions, else (a
// trace without them) from position_changed records and the last price.
PositionAt position_at(const trace::Trace& trace, trace::SymbolId symbol, std::uint64_t seq);

struct StateAt {
    std::uint64_t seq = 0;
    std::size_t submitted = 0;          // trace.orders[0, submitted) had been submitted by then
    std::vector<OrderAt> working;       // the orders working then, in id order
    std::vector<PositionAt> positions;  // per symbol, in symbol order
    const trace::PortfolioPoint* portfolio = nullptr;  // the last snapshot by then, if any
    std::size_t fills = 0;                             // trace.fills[0, fills) had happened
    std::size_t logs = 0;                              // trace.logs[0, logs)
    std::size_t errors = 0;                            // trace.errors[0, errors)
};

// `orders`: the trace's order index (one is built when not given).
StateAt state_at(const trace::Trace& trace, std::uint64_t seq, const OrderIndex* orders = nullptr);

// How many of a seq-ordered vector's entries have seq <= `seq`.
template <typename T>
std::size_t count_through(const std::vector<T>& v, std::uint64_t seq) {
    std::size_t lo = 0, hi = v.size();
    while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        if (v[mid].seq <= seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// Text for the panels and labels.
std::string side_text(trace::Side side);       // "BUY", "SELL"
std::string type_text(trace::OrderType type);  // "MKT", "LMT", "STP", "STP LMT", "TRAIL"
std::string money_text(Decimal d);             // 2 decimals, thousands separators: "-1,234.50"
std::string price_text(Decimal d);             // the exact price: "38.93", "2.37037"
std::string qty_text(Decimal d);               // "100", "0.5"

}  // namespace dsl::viewer
