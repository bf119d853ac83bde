// Test support for the dispatcher: compile a strategy from source, run it over bars given in
// the test, and capture what the run produced.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "runner/strategy_runner.h"
#include "runner/summary.h"
#include "vm/loader.h"

namespace dsl::test {

inline vm::VerifiedModule compile_or_die(const std::string& source) {
    CompileResult r = compile(source, "test.strat");
    std::string errors;
    for (const auto& d : r.diagnostics)
        errors += render(d, "test.strat", source);
    if (!r.module) throw std::runtime_error("compile failed:\n" + errors);
    auto v = vm::VerifiedModule::verify(std::move(*r.module));
    if (auto* f = std::get_if<vm::LoadFailure>(&v)) throw std::runtime_error(f->message);
    return std::move(std::get<vm::VerifiedModule>(v));
}

// Keeps the log lines (with the handler that wrote them) and the errors.
class LogCapture : public runner::RunObserver {
  public:
    std::vector<std::string> lines;
    std::vector<std::string> errors;
    void on_log(HandlerId h, engine::Timestamp, std::string_view line) override {
        lines.push_back(std::string(handler_info(h).name) + ": " + std::string(line));
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp) override {
        errors.push_back(e.summary());
    }
};

// Forwards to several observers.
class Fanout : public runner::RunObserver {
  public:
    explicit Fanout(std::vector<runner::RunObserver*> to) : to_(std::move(to)) {}
    void on_bar(uint64_t s, const engine::Bar& b) override {
        for (auto* o : to_)
            o->on_bar(s, b);
    }
    void on_tick(uint64_t s, const engine::Tick& t) override {
        for (auto* o : to_)
            o->on_tick(s, t);
    }
    void on_engine_event(const engine::Event& e) override {
        for (auto* o : to_)
            o->on_engine_event(e);
    }
    void on_log(HandlerId h, engine::Timestamp ts, std::string_view l) override {
        for (auto* o : to_)
            o->on_log(h, ts, l);
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp ts) override {
        for (auto* o : to_)
            o->on_error(e, ts);
    }
    void on_equity(engine::Timestamp ts, engine::Fixed equity, bool exposed) override {
        for (auto* o : to_)
            o->on_equity(ts, equity, exposed);
    }
    bool needs_snapshots() const override {
        return std::any_of(to_.begin(), to_.end(),
                           [](const runner::RunObserver* o) { return o->needs_snapshots(); });
    }
    void on_snapshot(const engine::PortfolioSnapshot& p,
                     std::span<const engine::PositionSnapshot> ps) override {
        for (auto* o : to_)
            o->on_snapshot(p, ps);
    }

  private:
    std::vector<runner::RunObserver*> to_;
};

inline engine::Fixed fx(const char* text) {
    return *engine::Fixed::parse(text);
}

// A daily bar of symbol 0 on day `day` (days since 2020-01-01).
inline engine::Bar bar(int day, const char* o, const char* h, const char* l, const char* c,
                       const char* v = "1000000", engine::SymbolId symbol = 0) {
    engine::Timestamp base = 18262 * engine::kNanosPerDay;  // 2020-01-01
    return {symbol, base + day * engine::kNanosPerDay, fx(o), fx(h), fx(l), fx(c), fx(v)};
}

inline runner::RunnerSetup setup_for(std::vector<std::string> symbols) {
    runner::RunnerSetup s;
    for (auto& name : symbols) {
        engine::InstrumentSpec spec;
        spec.name = name;
        s.instruments.push_back(spec);
    }
    return s;
}

}  // namespace dsl::test
