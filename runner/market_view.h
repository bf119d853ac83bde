// The market as a strategy sees it (stdlib::MarketContext): the symbols of the run, a
// rolling window of each symbol's recent bars or ticks, and which event is being handled.
// Memory is fixed at construction: `history` events per symbol (rounded up to a power of
// two), however long the run.
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

    // A new market event of `symbol`: it becomes bars_ago 0 and the current event.
    void push(int64_t symbol, const stdlib::Bar& bar);
    // Outside market events (on_start, on_stop): no current symbol.
    void clear_current() { current_ = stdlib::kNoSymbol; }

    int64_t symbol_count() const override { return int64_t(names_.size()); }
    std::string_view symbol_name(int64_t symbol) const override { return names_[size_t(symbol)]; }
    int64_t intern_symbol(std::string_view name) override;
    int64_t current_symbol() const override { return current_; }
    uint64_t event_count(int64_t symbol) const override;
    const stdlib::Bar* bar(int64_t symbol, int64_t bars_ago) const override;
    double tick_size(int64_t symbol) const override;

    // Symbols that came with data (the rest were named by the strategy with symbol()).
    int64_t data_symbol_count() const { return int64_t(series_.size()); }

  private:
    struct Series {
        std::vector<stdlib::Bar> ring;  // the last mask_ + 1 >= history events
        uint64_t count = 0;             // events so far
    };
    std::vector<std::string> names_;
    std::vector<double> tick_sizes_;
    std::vector<Series> series_;
    uint32_t history_;
    // The ring holds a power of two of events, so that finding one is a mask, not a division;
    // only `history` of them are readable.
    uint64_t mask_;
    int64_t current_ = stdlib::kNoSymbol;
};

}  // namespace dsl::runner
