// Collecting fills, trades and the run summary (definitions in summary.h).
#include "runner/summary.h"

#include <cmath>
#include <limits>

namespace dsl::runner {
namespace {

using engine::Fixed;

int64_t day_of(engine::Timestamp ts) {
    int64_t d = ts / engine::kNanosPerDay;
    return ts % engine::kNanosPerDay < 0 ? d - 1 : d;
}

Fixed abs(Fixed v) {
    return v.is_negative() ? -v : v;
}

int sign_of(Fixed v) {
    return v.is_positive() ? 1 : v.is_negative() ? -1 : 0;
}

}  // namespace

ResultCollector::ResultCollector(Fixed starting_cash, ResultRows rows)
    : starting_cash_(starting_cash), rows_(rows), peak_(starting_cash) {}

void ResultCollector::on_bar(uint64_t, const engine::Bar& bar) {
    if (symbol_events_.size() <= bar.symbol) symbol_events_.resize(bar.symbol + 1);
    ++symbol_events_[bar.symbol];
    ++events_;
    pending_event_ = true;
    last_ts_ = bar.ts;
}

void ResultCollector::on_tick(uint64_t, const engine::Tick& tick) {
    if (symbol_events_.size() <= tick.symbol) symbol_events_.resize(tick.symbol + 1);
    ++symbol_events_[tick.symbol];
    ++events_;
    pending_event_ = true;
    last_ts_ = tick.ts;
}

void ResultCollector::on_engine_event(const engine::Event& e) {
    if (const auto* f = std::get_if<engine::Fill>(&e))
        apply_fill(*f);
    else if (std::holds_alternative<engine::AmbiguousBar>(e))
        ++ambiguous_;
}

void ResultCollector::on_error(const vm::RuntimeError& error, engine::Timestamp) {
    error_ = error.summary();
}

void ResultCollector::close_trade(const Trade& t) {
    ++closed_count_;
    Fixed net = t.net_pnl();
    if (net.is_positive()) {
        ++wins_;
        gross_win_ = gross_win_ + net;
    } else if (net.is_negative()) {
        ++losses_;
        gross_loss_ = gross_loss_ - net;
    } else {
        ++break_even_;
    }
    if (rows_.trades) closed_.push_back(t);
}

void ResultCollector::apply_fill(const engine::Fill& f) {
    ++fill_count_;
    if (rows_.fills) {
        fills_.push_back({f.ts, f.fill_id, f.order_id, f.symbol, f.side, f.qty, f.price,
                          f.commission, f.position_after, f.avg_price_after, f.realized_pnl});
    }
    if (open_.size() <= f.symbol) open_.resize(f.symbol + 1);
    if (symbol_events_.size() <= f.symbol) symbol_events_.resize(f.symbol + 1);
    uint64_t now = symbol_events_[f.symbol];
    Fixed signed_qty = f.side == engine::Side::buy ? f.qty : -f.qty;
    Fixed before = f.position_after - signed_qty;
    Fixed after = f.position_after;
    // The part of the fill that reduces the open position, and the part that opens or adds.
    Fixed closing = sign_of(before) != 0 && sign_of(signed_qty) != sign_of(before)
                        ? (abs(signed_qty) < abs(before) ? abs(signed_qty) : abs(before))
                        : Fixed();
    Fixed opening = f.qty - closing;
    std::optional<Trade>& slot = open_[f.symbol];
    if (!closing.is_zero() && slot) {
        Trade& t = *slot;
        Fixed share = opening.is_zero() ? f.commission : f.commission * closing / f.qty;
        t.exit_qty = t.exit_qty + closing;
        t.exit_value = t.exit_value + closing * f.price;
        t.gross_pnl = t.gross_pnl + f.realized_pnl;
        t.commission = t.commission + share;
        if (sign_of(after) != t.direction) {
            t.exit_ts = f.ts;
            t.bars = now - t.bars;
            close_trade(t);
            slot.reset();
        }
    }
    if (!opening.is_zero()) {
        Fixed share =
            closing.is_zero() ? f.commission : f.commission - f.commission * closing / f.qty;
        if (!slot) {
            Trade t;
            t.symbol = f.symbol;
            t.direction = sign_of(signed_qty);
            t.entry_ts = f.ts;
            t.bars = now;  // the entry's event count; the exit turns it into a difference
            slot = t;
        }
        Trade& t = *slot;
        t.entry_qty = t.entry_qty + opening;
        t.entry_value = t.entry_value + opening * f.price;
        t.commission = t.commission + share;
    }
    if (slot && abs(after) > slot->max_qty) slot->max_qty = abs(after);
}

void ResultCollector::on_equity(engine::Timestamp, Fixed equity, bool exposed) {
    if (equity > peak_) peak_ = equity;
    Fixed drawdown = peak_ - equity;
    if (drawdown > max_drawdown_) {
        max_drawdown_ = drawdown;
        max_drawdown_pct_ =
            peak_.is_positive() ? 100.0 * drawdown.to_double() / peak_.to_double() : 0;
    }
    if (pending_event_) {
        exposed_events_ += exposed;
        pending_event_ = false;
        // A new UTC day opens a new daily equity; later events of the day overwrite it. The
        // day's bounds are kept so that most events need no division to find their day.
        if (last_ts_ < day_first_ || last_ts_ > day_last_) {
            constexpr engine::Timestamp kMin = std::numeric_limits<engine::Timestamp>::min();
            constexpr engine::Timestamp kMax = std::numeric_limits<engine::Timestamp>::max();
            if (__builtin_mul_overflow(day_of(last_ts_), engine::kNanosPerDay, &day_first_))
                day_first_ = kMin;  // the first day of the range, cut short
            if (__builtin_add_overflow(day_first_, engine::kNanosPerDay - 1, &day_last_))
                day_last_ = kMax;  // the last day of the range, cut short
            daily_equity_.push_back(equity.to_double());
        } else {
            daily_equity_.back() = equity.to_double();
        }
    }
}

std::vector<Trade> ResultCollector::trades() const {
    std::vector<Trade> out = closed_;
    for (size_t s = 0; s < open_.size(); ++s) {
        if (!open_[s]) continue;
        Trade t = *open_[s];
        t.open = true;
        t.bars = (s < symbol_events_.size() ? symbol_events_[s] : t.bars) - t.bars;
        out.push_back(t);
    }
    return out;
}

Summary ResultCollector::summary(int64_t gas_used, const engine::PortfolioSnapshot& end) const {
    Summary s;
    s.starting_cash = starting_cash_;
    s.final_equity = end.equity;
    s.final_cash = end.cash;
    s.realized_pnl = end.realized_pnl;
    s.unrealized_pnl = end.unrealized_pnl;
    s.commission = end.commission;
    s.net_profit = s.final_equity - starting_cash_;
    s.return_pct = starting_cash_.is_zero()
                       ? 0
                       : 100.0 * s.net_profit.to_double() / starting_cash_.to_double();
    s.max_drawdown = max_drawdown_;
    s.max_drawdown_pct = max_drawdown_pct_;
    s.trades = closed_count_;
    s.wins = wins_;
    s.losses = losses_;
    s.break_even = break_even_;
    s.win_rate = s.trades ? 100.0 * double(s.wins) / double(s.trades) : 0;
    if (!gross_loss_.is_zero()) s.profit_factor = gross_win_.to_double() / gross_loss_.to_double();
    if (daily_equity_.size() >= 3) {
        std::vector<double> r;
        for (size_t i = 1; i < daily_equity_.size(); ++i) {
            if (daily_equity_[i - 1] != 0) r.push_back(daily_equity_[i] / daily_equity_[i - 1] - 1);
        }
        double mean = 0, var = 0;
        for (double x : r)
            mean += x;
        mean /= double(r.size());
        for (double x : r)
            var += (x - mean) * (x - mean);
        var /= double(r.size() - 1);
        if (var > 0) s.sharpe = mean / std::sqrt(var) * std::sqrt(252.0);
    }
    s.exposure = events_ ? 100.0 * double(exposed_events_) / double(events_) : 0;
    s.fills = fill_count_;
    s.events = events_;
    s.ambiguous_bars = ambiguous_;
    s.gas_used = gas_used;
    s.status = error_ ? trace::RunStatus::runtime_error : trace::RunStatus::completed;
    s.error = error_.value_or("");
    return s;
}

}  // namespace dsl::runner
