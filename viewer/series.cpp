// Syncing appends; the one exception is a bar the engine refused (market_data_rejected), which
// the reader takes back out of the model: the series then drops its tail and rebuilds it.
#include "viewer/series.h"

#include <algorithm>
#include <cmath>

namespace dsl::viewer {

namespace {

Candle bar_candle(const trace::BarRow& b) {
    return {b.open.to_double(), b.high.to_double(), b.low.to_double(), b.close.to_double(),
            b.volume.to_double()};
}

// A tick's candle runs from the previous tick's price to its own, so that the ticks draw as a
// connected path (coloured by the move) and the aggregate of a range of ticks opens where the
// range began.
Candle tick_candle(const trace::TickRow& t, const trace::TickRow* previous) {
    double p = t.price.to_double();
    double from = previous != nullptr ? previous->price.to_double() : p;
    return {from, std::max(from, p), std::min(from, p), p, t.size.to_double()};
}

}  // namespace

void SymbolSeries::sync(const trace::Trace& trace, bool complete) {
    if (symbol_ >= trace.symbols.size()) return;
    const trace::SymbolData& data = trace.symbols[symbol_];
    bool ticks = data.bars.empty() && !data.ticks.empty();
    std::size_t rows = ticks ? data.ticks.size() : data.bars.size();
    if (ticks != from_ticks_ || rows < candles_.size()) {
        std::size_t keep = ticks != from_ticks_ ? 0 : rows;
        from_ticks_ = ticks;
        candles_.truncate(keep);
        seqs_.resize(keep);
        times_.resize(keep);
        equity_.truncate(std::min(keep, equity_.size()));
    }
    for (std::size_t i = candles_.size(); i < rows; ++i) {
        if (ticks) {
            candles_.push_back(tick_candle(data.ticks[i], i > 0 ? &data.ticks[i - 1] : nullptr));
            seqs_.push_back(data.ticks[i].seq);
            times_.push_back(data.ticks[i].ts);
        } else {
            candles_.push_back(bar_candle(data.bars[i]));
            seqs_.push_back(data.bars[i].seq);
            times_.push_back(data.bars[i].ts);
        }
    }
    sync_equity(trace, complete);
    for (std::size_t i = fills_.size(); i < data.fills.size(); ++i) {
        std::uint32_t index = data.fills[i];
        const trace::FillRecord& f = trace.fills[index];
        fills_.push_back({f.seq, f.price.to_double(), index, f.side, is_entry(f)});
    }
}

bool is_entry(const trace::FillRecord& f) {
    double after = f.position_after.to_double();
    double signed_qty = f.side == trace::Side::buy ? f.qty.to_double() : -f.qty.to_double();
    double before = after - signed_qty;
    if (after == 0) return false;
    if (before == 0 || (before > 0) != (after > 0)) return true;  // opened or reversed
    return std::abs(after) > std::abs(before);
}

void SymbolSeries::sync_equity(const trace::Trace& trace, bool complete) {
    const auto& points = trace.portfolio;
    for (std::size_t i = equity_.size(); i < candles_.size(); ++i) {
        // The snapshot of candle i's event comes after the candle; until it (or a later one) is
        // read the candle's equity is not known yet.
        if (!complete && (points.empty() || points.back().seq < seqs_[i])) break;
        auto it = std::upper_bound(
            points.begin(), points.end(), seqs_[i],
            [](std::uint64_t s, const trace::PortfolioPoint& p) { return s < p.seq; });
        double v = 0;
        if (it != points.begin()) {
            v = std::prev(it)->equity.to_double();
        } else if (trace.header) {
            v = trace.header->config.starting_cash.to_double();
        }
        equity_.push_back({v, v, v, v, 0});
    }
}

std::size_t SymbolSeries::count_through(std::uint64_t seq) const {
    return static_cast<std::size_t>(std::upper_bound(seqs_.begin(), seqs_.end(), seq) -
                                    seqs_.begin());
}

std::optional<std::size_t> SymbolSeries::index_at(std::uint64_t seq) const {
    std::size_t n = count_through(seq);
    if (n == 0) return std::nullopt;
    return n - 1;
}

}  // namespace dsl::viewer
