// The rolling market history behind the strategy's market-data builtins (see market_view.h).
#include "runner/market_view.h"

#include <algorithm>
#include <bit>

namespace dsl::runner {

MarketView::MarketView(std::vector<std::string> symbols, std::vector<double> tick_sizes,
                       uint32_t history)
    : names_(std::move(symbols)),
      tick_sizes_(std::move(tick_sizes)),
      history_(std::max<uint32_t>(1, history)),
      mask_(std::bit_ceil(uint64_t(history_)) - 1) {
    series_.resize(names_.size());
    for (auto& s : series_)
        s.ring.resize(mask_ + 1);
}

void MarketView::push(int64_t symbol, const stdlib::Bar& bar) {
    Series& s = series_[size_t(symbol)];
    s.ring[s.count & mask_] = bar;
    ++s.count;
    current_ = symbol;
}

int64_t MarketView::intern_symbol(std::string_view name) {
    for (size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) return int64_t(i);
    }
    names_.emplace_back(name);
    return int64_t(names_.size() - 1);
}

uint64_t MarketView::event_count(int64_t symbol) const {
    return symbol >= 0 && symbol < data_symbol_count() ? series_[size_t(symbol)].count : 0;
}

const stdlib::Bar* MarketView::bar(int64_t symbol, int64_t bars_ago) const {
    if (symbol < 0 || symbol >= data_symbol_count() || bars_ago < 0) return nullptr;
    const Series& s = series_[size_t(symbol)];
    if (uint64_t(bars_ago) >= s.count || uint64_t(bars_ago) >= history_) return nullptr;
    return &s.ring[(s.count - 1 - uint64_t(bars_ago)) & mask_];
}

double MarketView::tick_size(int64_t symbol) const {
    if (symbol >= 0 && size_t(symbol) < tick_sizes_.size()) return tick_sizes_[size_t(symbol)];
    return 0.000001;  // the engine's default tick for symbols without an instrument
}

}  // namespace dsl::runner
