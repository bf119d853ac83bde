// What the standard library needs to know about the market: the symbols of the run, the bars
// (or ticks) seen so far, and which market event is being handled. The runner implements it:
// the backtest dispatcher over its data files (issue 5), the tests over CSV data, and
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

namespace dsl::stdlib {

inline constexpr int64_t kNoSymbol = -1;

struct Bar {
    int64_t time_ms = 0;  // open time, ms since the Unix epoch (UTC)
    double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

class MarketContext {
  public:
    virtual ~MarketContext() = default;

    // Symbols are dense ids 0 .. symbol_count()-1, in the order the run was given them.
    virtual int64_t symbol_count() const = 0;
    virtual std::string_view symbol_name(int64_t symbol) const = 0;  // symbol < symbol_count()
    // The id of a name, adding a new symbol (without data) if the run does not know it.
    virtual int64_t intern_symbol(std::string_view name) = 0;

    // The symbol of the market event being handled, or kNoSymbol (on_start, on_stop).
    virtual int64_t current_symbol() const = 0;
    // Events (bars or ticks) of `symbol` so far, the one being handled included.
    virtual uint64_t event_count(int64_t symbol) const = 0;
    // The bar `bars_ago` events back (0: the current one); null when there is none (before
    // the symbol's first event or beyond the history kept). Valid until the market changes
    // (a pointer, not a copy: market-data builtins read one field of it on every bar).
    virtual const Bar* bar(int64_t symbol, int64_t bars_ago) const = 0;
    virtual double tick_size(int64_t symbol) const = 0;
};

// A market without data: symbols exist only once a strategy names them (dslvm before market
// data is wired in, and the tests of non-market builtins).
class NoMarket : public MarketContext {
  public:
    int64_t symbol_count() const override { return int64_t(names_.size()); }
    std::string_view symbol_name(int64_t symbol) const override { return names_[size_t(symbol)]; }
    int64_t intern_symbol(std::string_view name) override;
    int64_t current_symbol() const override { return kNoSymbol; }
    uint64_t event_count(int64_t) const override { return 0; }
    const Bar* bar(int64_t, int64_t) const override { return nullptr; }
    double tick_size(int64_t) const override { return 0.01; }

  private:
    std::vector<std::string> names_;
};

}  // namespace dsl::stdlib
