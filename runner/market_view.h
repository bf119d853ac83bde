// The market as a strategy sees it (stdlib::MarketContext): the symbols of the run, a
// rolling window of each symbol's recent bars or ticks, and which event is being handled.
// Memory is bounded at construction: `history` events per symbol (rounded up to a power of
// two), however long the run; bytes_for() says how much, so that the runner can count it
// against the VM's memory limit before any of it is allocated (a symbol's ring is allocated
// with its first event).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stdlib/market.h"

namespace dsl::runner {

class MarketView final : public stdlib::MarketContext {
  public:
    // `history` is how many events of each symbol stay readable (at least 1: the current one).
    MarketView(std::vector<std::string> symbols, std::vector<double> tick_sizes, uint32_t history);

    // The most memory the history of `symbols` symbols can take.
    static uint64_t bytes_for(uint64_t symbols, uint32_t history);

    // A new market event of `symbol`: it becomes bars_ago 0 and the current event.
    void push(int64_t symbol, const stdlib::Bar& bar);
    // Outside market events (on_start, on_stop): no current symbol.
    void clear_current() { clear_current_symbol(); }

    double tick_size(int64_t symbol) const override;

    // Symbols that came with data (the rest were named by the strategy with symbol()).
    int64_t data_symbol_count() const { return int64_t(rings_.size()); }

  private:
    const stdlib::Bar* past_bar(int64_t symbol, int64_t bars_ago) const override;

    // The last mask_ + 1 >= history events of each symbol with data.
    std::vector<std::vector<stdlib::Bar>> rings_;
    std::vector<double> tick_sizes_;
    uint32_t history_;
    // The ring holds a power of two of events, so that finding one is a mask, not a division;
    // only `history` of them are readable.
    uint64_t mask_;
};

}  // namespace dsl::runner
