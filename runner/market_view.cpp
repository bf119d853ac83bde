// The rolling market history behind the strategy's market-data builtins (see market_view.h).
#include "runner/market_view.h"

#include <algorithm>
#include <bit>

namespace dsl::runner {

MarketView::MarketView(std::vector<std::string> symbols, std::vector<double> tick_sizes,
                       uint32_t history)
    : MarketContext(std::move(symbols)),
      rings_(size_t(symbol_count())),
      tick_sizes_(std::move(tick_sizes)),
      history_(std::max<uint32_t>(1, history)),
      mask_(std::bit_ceil(uint64_t(history_)) - 1) {}

uint64_t MarketView::bytes_for(uint64_t symbols, uint32_t history) {
    return symbols * std::bit_ceil(uint64_t(std::max<uint32_t>(1, history))) * sizeof(stdlib::Bar);
}

void MarketView::push(int64_t symbol, const stdlib::Bar& bar) {
    std::vector<stdlib::Bar>& ring = rings_[size_t(symbol)];
    if (ring.empty()) [[unlikely]]
        ring.resize(mask_ + 1);
    stdlib::Bar& slot = ring[event_count(symbol) & mask_];
    slot = bar;
    begin_event(symbol, &slot);
}

const stdlib::Bar* MarketView::past_bar(int64_t symbol, int64_t bars_ago) const {
    if (symbol < 0 || symbol >= data_symbol_count() || bars_ago < 0) return nullptr;
    const uint64_t count = event_count(symbol);
    if (uint64_t(bars_ago) >= count || uint64_t(bars_ago) >= history_) return nullptr;
    return &rings_[size_t(symbol)][(count - 1 - uint64_t(bars_ago)) & mask_];
}

double MarketView::tick_size(int64_t symbol) const {
    if (symbol >= 0 && size_t(symbol) < tick_sizes_.size()) return tick_sizes_[size_t(symbol)];
    return 0.000001;  // the engine's default tick for symbols without an instrument
}

}  // namespace dsl::runner
