// The results of a run: every fill, every round-trip trade, and the figures of the
// end-of-run summary, collected as a RunObserver while the run goes.
//
// Definitions (docs/engine.md "Run summary" repeats them for users):
//   net profit      final equity - starting cash (open positions at their last price)
//   return          net profit / starting cash
//   max drawdown    the largest fall of equity from a previous peak, over the snapshots
//                   taken after every market event (money, and percent of that peak)
//   trade           a round trip of one symbol: from flat to flat; a reversal closes one
//                   trade and opens the next (the reversing fill's commission is split by
//                   quantity); adds and partial exits stay within the trade
//   won, lost, even trades with net P&L > 0, < 0 and exactly 0 (they add up to trades)
//   win rate        trades with net P&L > 0 / trades
//   profit factor   sum of winning trades' net P&L / |sum of losing trades' net P&L|
//   Sharpe          mean / sample standard deviation of daily returns x sqrt(252), where a
//                   day's equity is the last snapshot of that UTC day; 0 with fewer than 3 days
//   exposure        share of market events after which some position was open
// Money is exact (engine::Fixed); only the ratios are doubles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runner/strategy_runner.h"
#include "trace_writer/writer.h"

namespace dsl::runner {

struct FillRow {
    engine::Timestamp ts;
    uint64_t fill_id;
    engine::OrderId order;
    engine::SymbolId symbol;
    engine::Side side;
    engine::Fixed qty, price, commission, position_after, avg_price_after, realized_pnl;
};

struct Trade {
    engine::SymbolId symbol = 0;
    int direction = 0;  // +1 long, -1 short
    engine::Timestamp entry_ts = 0, exit_ts = 0;
    uint64_t bars = 0;  // market events of the symbol from entry to exit
    engine::Fixed max_qty;
    engine::Fixed entry_qty, entry_value;  // all entries: their quantity and sum of qty x price
    engine::Fixed exit_qty, exit_value;
    engine::Fixed gross_pnl, commission;
    bool open = false;  // still open when the run ended

    engine::Fixed net_pnl() const { return gross_pnl - commission; }
    engine::Fixed avg_entry() const {
        return entry_qty.is_zero() ? engine::Fixed() : entry_value / entry_qty;
    }
    engine::Fixed avg_exit() const {
        return exit_qty.is_zero() ? engine::Fixed() : exit_value / exit_qty;
    }
};

struct Summary {
    engine::Fixed starting_cash, final_equity, final_cash, net_profit, realized_pnl, unrealized_pnl,
        commission;
    double return_pct = 0;
    engine::Fixed max_drawdown;
    double max_drawdown_pct = 0;
    uint64_t trades = 0, wins = 0, losses = 0,
             break_even = 0;  // wins + losses + break_even = trades
    double win_rate = 0;
    std::optional<double> profit_factor;  // none when there is no losing trade
    double sharpe = 0;
    double exposure = 0;
    uint64_t fills = 0, events = 0, ambiguous_bars = 0;
    int64_t gas_used = 0;
    // How the run ended, as the trace's end record says (completed, runtime_error, data_error,
    // interrupted), and why when it did not complete: the error's first line, the bad row, or
    // the signal and where it stopped the run.
    trace::RunStatus status = trace::RunStatus::completed;
    std::string error;
    bool completed() const { return status == trace::RunStatus::completed; }
};

// Which per-row results to keep for the caller. The summary never needs them (it is kept as
// running totals), so a run that writes no fills or trades file keeps neither and its memory
// does not grow with the number of fills.
struct ResultRows {
    bool fills = true;   // fills()
    bool trades = true;  // the closed trades in trades()
};

class ResultCollector final : public RunObserver {
  public:
    explicit ResultCollector(engine::Fixed starting_cash, ResultRows rows = {});

    void on_bar(uint64_t seq, const engine::Bar& bar) override;
    void on_tick(uint64_t seq, const engine::Tick& tick) override;
    void on_engine_event(const engine::Event& e) override;
    void on_error(const vm::RuntimeError& error, engine::Timestamp ts) override;
    // Drawdown, exposure and the daily equity: the summary needs no full snapshot.
    void on_equity(engine::Timestamp ts, engine::Fixed equity, bool exposed) override;
    bool needs_snapshots() const override { return false; }

    // The summary as of now, given the runner's gas use and the portfolio where the run ended
    // (the engine's, however the run ended: completed, stopped by an error, or by bad data).
    Summary summary(int64_t gas_used, const engine::PortfolioSnapshot& end) const;
    // Every fill (empty unless ResultRows::fills).
    const std::vector<FillRow>& fills() const { return fills_; }
    // Closed trades (only with ResultRows::trades), then any still open at the end.
    std::vector<Trade> trades() const;
    uint64_t closed_trade_count() const { return closed_count_; }

  private:
    void apply_fill(const engine::Fill& f);
    void close_trade(const Trade& t);

    engine::Fixed starting_cash_;
    ResultRows rows_;
    std::vector<FillRow> fills_;
    std::vector<Trade> closed_;
    // Running totals over the closed trades, in the order they closed.
    uint64_t fill_count_ = 0, closed_count_ = 0, wins_ = 0, losses_ = 0, break_even_ = 0;
    engine::Fixed gross_win_, gross_loss_;
    std::vector<std::optional<Trade>> open_;  // per symbol
    std::vector<uint64_t> symbol_events_;     // market events per symbol so far
    engine::Fixed peak_, max_drawdown_;
    double max_drawdown_pct_ = 0;
    uint64_t events_ = 0, exposed_events_ = 0, ambiguous_ = 0;
    bool pending_event_ = false;  // a market event awaits its equity
    engine::Timestamp last_ts_ = engine::kNoTime;
    // Equity at the end of each UTC day, for the Sharpe ratio.
    std::vector<double> daily_equity_;
    // The first and last nanosecond of the day of daily_equity_.back() (none at first).
    engine::Timestamp day_first_ = 1, day_last_ = 0;
    std::optional<std::string> error_;
};

}  // namespace dsl::runner
