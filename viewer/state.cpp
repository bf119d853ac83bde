// Replaying an order's updates is linear in its updates (a handful per order); a frame visits
// the orders submitted by the cursor once.
#include "viewer/state.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace dsl::viewer {

using trace::OrderType;

bool finished_by(const trace::Order& o, std::uint64_t seq) {
    return !o.working() && o.finished_seq <= seq;
}

trace::OrderState replay(const trace::Order& o, std::uint64_t seq) {
    trace::OrderState at;
    for (const trace::OrderUpdate& u : o.updates) {
        if (u.seq > seq) break;
        lifecycle::apply(at, u.change);
    }
    return at;
}

OrderAt order_at(const trace::Order& o, std::uint64_t seq) {
    OrderAt a{finished_by(o, seq) ? static_cast<const trace::OrderState&>(o) : replay(o, seq)};
    a.order = &o;
    return a;
}

PositionAt position_at(const trace::Trace& trace, trace::SymbolId symbol, std::uint64_t seq) {
    PositionAt p;
    p.symbol = symbol;
    if (symbol >= trace.symbols.size()) return p;
    const trace::SymbolData& s = trace.symbols[symbol];
    // The writer lists positions in every snapshot or in none.
    bool listed = !trace.portfolio.empty() && trace.portfolio.front().has_positions;
    if (listed) {
        std::size_t n = count_through(s.positions, seq);
        if (n > 0) {
            const trace::PositionPoint& q = s.positions[n - 1];
            p.qty = q.qty;
            p.avg_price = q.avg_price;
            p.mark_price = q.mark_price;
            p.unrealized_pnl = q.unrealized_pnl;
            p.realized_pnl = q.realized_pnl;
            p.commission = q.commission;
        }
        return p;
    }
    std::size_t n = count_through(s.position_changes, seq);
    if (n == 0) return p;
    const trace::PositionChange& c = s.position_changes[n - 1];
    p.qty = c.qty;
    p.avg_price = c.avg_price;
    p.realized_pnl = c.realized_pnl;
    p.commission = c.commission;
    // The mark: the last price at or before seq.
    std::size_t bars = count_through(s.bars, seq), ticks = count_through(s.ticks, seq);
    if (bars > 0) p.mark_price = s.bars[bars - 1].close;
    if (ticks > 0 && (bars == 0 || s.ticks[ticks - 1].seq > s.bars[bars - 1].seq))
        p.mark_price = s.ticks[ticks - 1].price;
    if (!p.mark_price.is_nan() && p.open()) {
        double multiplier = 1;
        if (trace.header && symbol < trace.header->instruments.size())
            multiplier = trace.header->instruments[symbol].multiplier.to_double();
        double u =
            (p.mark_price.to_double() - p.avg_price.to_double()) * p.qty.to_double() * multiplier;
        p.unrealized_pnl = Decimal::from_raw(std::llround(u * Decimal::kScale));
    }
    return p;
}

StateAt state_at(const trace::Trace& trace, std::uint64_t seq, const OrderIndex* orders) {
    StateAt st;
    st.seq = seq;
    OrderIndex local;
    if (orders == nullptr) {
        local.sync(trace);
        orders = &local;
    }
    // Orders are in submission order, so their submission seqs do not decrease.
    for (const OrderSpan& span : orders->all()) {
        if (span.submitted > seq) break;
        ++st.submitted;
        if (span.finished <= seq) continue;  // done by then
        OrderAt a = order_at(trace.orders[span.index], seq);
        if (a.working()) st.working.push_back(a);
    }
    for (trace::SymbolId s = 0; s < trace.symbols.size(); ++s)
        st.positions.push_back(position_at(trace, s, seq));
    std::size_t n = count_through(trace.portfolio, seq);
    if (n > 0) st.portfolio = &trace.portfolio[n - 1];
    st.fills = count_through(trace.fills, seq);
    st.logs = count_through(trace.logs, seq);
    st.errors = count_through(trace.errors, seq);
    return st;
}

std::string side_text(trace::Side side) {
    return side == trace::Side::buy ? "BUY" : "SELL";
}

std::string type_text(trace::OrderType type) {
    switch (type) {
        case OrderType::market:
            return "MKT";
        case OrderType::limit:
            return "LMT";
        case OrderType::stop:
            return "STP";
        case OrderType::stop_limit:
            return "STP LMT";
        case OrderType::trailing_stop:
            return "TRAIL";
    }
    return "?";
}

std::string money_text(Decimal d) {
    if (d.is_nan()) return "-";
    // Round half away from zero to cents, exactly, on the raw value.
    std::int64_t raw = d.raw();
    constexpr std::int64_t kCent = Decimal::kScale / 100;
    bool negative = raw < 0;
    std::uint64_t mag =
        negative ? 0 - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
    std::uint64_t cents = (mag + kCent / 2) / kCent;
    std::string whole = std::to_string(cents / 100);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    return fmt::format("{}{}.{:02}", negative && cents > 0 ? "-" : "", grouped, cents % 100);
}

std::string price_text(Decimal d) {
    return d.is_nan() ? "-" : d.to_string();
}

std::string qty_text(Decimal d) {
    return d.is_nan() ? "-" : d.to_string();
}

}  // namespace dsl::viewer
