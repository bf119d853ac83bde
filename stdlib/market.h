// What the standard library needs to know about the market: the symbols of the run, the bars
// (or ticks) seen so far, and which market event is being handled. The runner implements it:
// the backtest dispatcher over its data files, the tests over CSV data, and
// dslvm's no-data mode with NoMarket. The VM never sees this interface; only the bindings in
// stdlib/ do.
//
// Indicator state is keyed by (call site, symbol): the symbol of the market event being
// handled (current_symbol), or for atr its symbol argument. event_count() is how the
// indicators tell a new bar from a second call within the same one: it must increase by one
// for each event of that symbol, before the strategy's callbacks for it run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types.h"

namespace dsl::stdlib {

struct Bar {
    int64_t time_ms = 0;  // open time, ms since the Unix epoch (UTC)
    double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

class MarketContext {
  public:
    virtual ~MarketContext() = default;

    // Symbols are dense ids 0 .. symbol_count()-1, in the order the run was given them.
    int64_t symbol_count() const { return int64_t(names_.size()); }
    std::string_view symbol_name(int64_t symbol) const {  // symbol < symbol_count()
        return names_[size_t(symbol)];
    }
    // The id of a name, adding a new symbol (without data) if the run does not know it.
    int64_t intern_symbol(std::string_view name);

    // The symbol of the market event being handled, or engine::kNoSymbol (on_start, on_stop).
    int64_t current_symbol() const { return current_; }
    // Events (bars or ticks) of `symbol` so far, the one being handled included.
    uint64_t event_count(int64_t symbol) const {
        return symbol >= 0 && symbol < symbol_count() ? counts_[size_t(symbol)] : 0;
    }

    // The bar `bars_ago` events back (0: the current one); null when there is none (before
    // the symbol's first event or beyond the history kept). Valid until the market changes
    // (a pointer, not a copy: market-data builtins read one field of it on every bar).
    const Bar* bar(int64_t symbol, int64_t bars_ago) const {
        if (bars_ago != 0) return past_bar(symbol, bars_ago);
        return symbol >= 0 && symbol < symbol_count() ? latest_[size_t(symbol)] : nullptr;
    }
    virtual double tick_size(int64_t symbol) const = 0;

  protected:
    explicit MarketContext(std::vector<std::string> names = {});
    // bar() for bars_ago != 0 (a negative one has no bar).
    virtual const Bar* past_bar(int64_t symbol, int64_t bars_ago) const = 0;
    // A new event of `symbol` (< symbol_count()) is being handled: it becomes the current
    // symbol, its event count goes up by one and `latest` (the implementation's stored copy,
    // valid until the symbol's next event) is its bars_ago 0. Implementations call this as
    // they store the event.
    void begin_event(int64_t symbol, const Bar* latest) {
        current_ = symbol;
        ++counts_[size_t(symbol)];
        latest_[size_t(symbol)] = latest;
    }
    void clear_current_symbol() { current_ = engine::kNoSymbol; }

  private:
    // The counts, the current symbol and the latest bars are plain data here, not virtual
    // queries: the indicator and market-data builtins ask for them several times on every bar.
    std::vector<std::string> names_;
    std::vector<uint64_t> counts_;    // by symbol id
    std::vector<const Bar*> latest_;  // by symbol id; null before the first event
    int64_t current_ = engine::kNoSymbol;
};

// A market without data: symbols exist only once a strategy names them (dslvm before market
// data is wired in, and the tests of non-market builtins).
class NoMarket : public MarketContext {
  public:
    double tick_size(int64_t) const override { return 0.01; }

  protected:
    const Bar* past_bar(int64_t, int64_t) const override { return nullptr; }
};

}  // namespace dsl::stdlib
