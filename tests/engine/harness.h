// Test harness for engine tests: an Engine with one instrument, a recorded event stream, helpers
// to feed bars/ticks by day or second, and a check of the equity identity at every event.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace dsl::engine::test {

inline constexpr Timestamp kDay0 = 20'000 * kNanosPerDay;  // 2024-10-04 00:00 UTC
inline Timestamp day(int n) {
    return kDay0 + n * kNanosPerDay;
}
inline Timestamp at_second(int d, int second) {
    return day(d) + second * kNanosPerSecond;
}

inline Bar make_bar(SymbolId symbol, Timestamp ts, const char* o, const char* h, const char* l,
                    const char* c, const char* volume = "1000000") {
    Bar b;
    b.symbol = symbol;
    b.ts = ts;
    b.open = fx(o);
    b.high = fx(h);
    b.low = fx(l);
    b.close = fx(c);
    b.volume = fx(volume);
    return b;
}

class Harness {
  public:
    explicit Harness(EngineConfig config = {}, InstrumentSpec spec = default_spec())
        : sink_([this](const Event& e) { record(e); }), engine(std::move(config), sink_) {
        sym = engine.add_instrument(std::move(spec));
    }

    static InstrumentSpec default_spec() {
        InstrumentSpec s;
        s.name = "TEST";
        return s;
    }
    // Another instrument with the default spec under `name` (multi-symbol tests).
    SymbolId add_symbol(const char* name) {
        InstrumentSpec s;
        s.name = name;
        return engine.add_instrument(std::move(s));
    }

    void bar(int d, const char* o, const char* h, const char* l, const char* c,
             const char* volume = "1000000") {
        engine.on_bar(make_bar(sym, day(d), o, h, l, c, volume));
    }
    void bar_at(Timestamp ts, const char* o, const char* h, const char* l, const char* c,
                const char* volume = "1000000") {
        engine.on_bar(make_bar(sym, ts, o, h, l, c, volume));
    }
    void tick(Timestamp ts, const char* price, const char* size = "1000000",
              const char* bid = nullptr, const char* ask = nullptr) {
        Tick t;
        t.symbol = sym;
        t.ts = ts;
        t.price = fx(price);
        t.size = fx(size);
        if (bid) t.bid = fx(bid);
        if (ask) t.ask = fx(ask);
        engine.on_tick(t);
    }

    OrderSnapshot order(OrderId id) const { return engine.order(id).value(); }
    OrderStatus status(OrderId id) const { return order(id).status; }

    template <typename T>
    std::vector<T> all() const {
        std::vector<T> out;
        for (const Event& e : events) {
            if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
        }
        return out;
    }
    std::vector<Fill> fills() const { return all<Fill>(); }
    std::vector<Fill> fills_of(OrderId id) const {
        std::vector<Fill> out;
        for (const Fill& f : fills()) {
            if (f.order_id == id) out.push_back(f);
        }
        return out;
    }
    // Names of the events recorded since the last clear(), for checking event order.
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const Event& e : events)
            out.emplace_back(event_name(e));
        return out;
    }
    void clear() { events.clear(); }

    std::vector<Event> events;
    int identity_violations = 0;

  private:
    void record(const Event& e) {
        events.push_back(e);
        PortfolioSnapshot p = engine.portfolio();
        if (p.equity !=
            engine.config().starting_cash + p.realized_pnl + p.unrealized_pnl - p.commission) {
            ++identity_violations;
        }
    }

    FunctionSink sink_;

  public:
    Engine engine;
    SymbolId sym = 0;
};

}  // namespace dsl::engine::test
