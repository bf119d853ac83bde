// A symbol's chart series: its candles (from bars, or one per tick for a tick-only symbol, from
// the previous tick's price to its own) with the seq and time of each, the account's equity
// sampled at each candle, and the symbol's fills, all kept in step with a trace that may still
// be growing.
//
// The x axis of the chart is the candle index, not time: gaps in the data (nights, weekends)
// take no space, as on every trading chart. Anything that happened at market event `seq` is
// drawn at candle index_at(seq): the symbol's last candle with a seq at or before it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "trace/model.h"
#include "viewer/candles.h"

namespace dsl::viewer {

// A fill as the chart places it. Compact, so that a frame zoomed out over a run with a hundred
// thousand fills reads 24 bytes of each rather than its whole record.
struct FillPoint {
    std::uint64_t seq = 0;
    double price = 0;
    std::uint32_t fill = 0;  // index into Trace::fills
    trace::Side side = trace::Side::buy;
    bool entry = true;  // see is_entry()
};

// Whether a fill opened or added to its position (else it reduced or closed it; a reversal
// counts as an entry: it opens the new position).
bool is_entry(const trace::FillRecord& fill);

class SymbolSeries {
  public:
    explicit SymbolSeries(trace::SymbolId symbol = 0) : symbol_(symbol) {}

    // Takes in what the trace gained since the last sync: new bars (or ticks) and new portfolio
    // snapshots. `complete` says no more records will come (the equity of the last candle is
    // then final even without a later snapshot).
    void sync(const trace::Trace& trace, bool complete);

    trace::SymbolId symbol() const { return symbol_; }
    bool from_ticks() const { return from_ticks_; }
    const OhlcPyramid& candles() const { return candles_; }
    // Equity at each candle as a flat candle (open = high = low = close), for aggregation.
    const OhlcPyramid& equity() const { return equity_; }
    // The symbol's fills, in seq order.
    const std::vector<FillPoint>& fills() const { return fills_; }
    std::size_t size() const { return candles_.size(); }
    std::uint64_t seq(std::size_t i) const { return seqs_[i]; }
    trace::Timestamp time(std::size_t i) const { return times_[i]; }

    // Candles with a seq at or before `seq`: what the chart shows at that replay position.
    std::size_t count_through(std::uint64_t seq) const;
    // The candle of something that happened at market event `seq`: the last candle at or before
    // it; nullopt before the symbol's first candle.
    std::optional<std::size_t> index_at(std::uint64_t seq) const;

  private:
    void sync_equity(const trace::Trace& trace, bool complete);

    trace::SymbolId symbol_ = 0;
    bool from_ticks_ = false;
    OhlcPyramid candles_;
    std::vector<std::uint64_t> seqs_;
    std::vector<trace::Timestamp> times_;
    OhlcPyramid equity_;
    std::vector<FillPoint> fills_;
};

}  // namespace dsl::viewer
