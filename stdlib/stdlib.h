// The standard library: the bindings of the builtins (bytecode/builtins.def) to the VM's
// host table, and the run-time context they share.
//
// Runtime is the context of one run: the market it reads (stdlib/market.h), where log lines
// go, and the indicator state per (call site, symbol). bind() fills a vm::Host with every
// builtin bound so far, group by group (see kGroups in stdlib.cpp):
//   math      abs, min, max, clamp, sqrt, pow, exp, ln, log10, floor, ceil, round, ...
//   time      year, month, day, weekday, hour, minute
//   output    log
//   market    open, high, low, close, volume, time, bar_index, symbol, symbols, ...
//   indicator sma, ema, rsi, stdev, highest, lowest, atr, crossover, crossunder
// The order and portfolio builtins (buy, sell, ..., position, portfolio, equity, cash) are bound
// by the engine bridge (stdlib/trading.h, bind_trading) when a Trading is attached, over the
// same context; without one they stay unbound and a module importing them is refused before it
// runs ("builtin buy is not available in this runner").
//
// Indicator semantics (docs/vm.md "Indicators"): state per (call site, symbol of the market
// event being handled; for atr, its symbol argument). Each market event of that symbol is one
// step; a second call at the same site within the same event replaces that step's value
// instead of adding one (Pine-like). Outside market events (on_start, on_stop) every call is
// a step of its own. A site's length must be a constant 1..1000000; a change is an error.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "bytecode/module.h"
#include "stdlib/market.h"
#include "vm/host.h"

namespace dsl::stdlib {

class Trading;
using LogSink = std::function<void(std::string_view line)>;

class Runtime {
  public:
    // `module` and `market` must outlive the Runtime and every Vm bound to it.
    Runtime(const Module& module, MarketContext& market, LogSink log);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Binds every builtin of this library into `host` and points host.user at this runtime.
    void bind(vm::Host& host);

    MarketContext& market() { return market_; }

    // The order engine's side of a run (stdlib/trading.h). With one attached, bind() also binds
    // the order and portfolio builtins; without, they stay unbound and a module importing them
    // is refused before it runs.
    void attach(Trading* trading) { trading_ = trading; }
    Trading* trading() const { return trading_; }
    void log(std::string_view line) { log_(line); }

    // Indicator state of one (site, symbol) pair; created by the indicator bindings.
    struct Slot;
    Slot& slot(vm::HostCall& call, int64_t key, int64_t length);
    // Whether this call is a second one within the market event of `key` at this slot.
    bool same_event(Slot& slot, int64_t key);

  private:
    // A site's slots: 0 for calls outside market events (engine::kNoSymbol), then one per symbol.
    static size_t slot_index(int64_t key) { return key == engine::kNoSymbol ? 0 : size_t(key) + 1; }
    Slot& find_slot(vm::HostCall& call, int64_t key, int64_t length);

    const Module& module_;
    MarketContext& market_;
    LogSink log_;
    Trading* trading_ = nullptr;
    std::vector<std::vector<std::unique_ptr<Slot>>> sites_;  // [site][slot_index(symbol)]
    // Per site: the slot its last call used (slots never move: they are held by unique_ptr).
    struct LastSlot {
        int64_t key = 0;
        Slot* slot = nullptr;
    };
    std::vector<LastSlot> last_slot_;
};

// The builtins bind() provides, for documentation and tests.
bool binds(BuiltinId id);

// The Runtime of a binding's call.
inline Runtime& runtime(vm::HostCall& call) {
    return *static_cast<Runtime*>(call.user());
}

}  // namespace dsl::stdlib
