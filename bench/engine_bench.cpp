// Order engine benchmarks (Google Benchmark); figures and commands in docs/performance.md.
//
// - SubmitFill: one market order submitted and filled per bar (the whole event cycle: timers,
//   book, matching, portfolio, five events to a null sink), and the same with many orders per bar.
// - PriceUpdate: a bar that fills `filled` limit orders while `resting` other limit orders sit
//   in the same symbol's book out of reach. Comparing resting = 10 with resting = 10,000 at the
//   same number filled shows that an update costs what it fills, not what the book holds.
// Engines are rebuilt (outside the timed region) every kRebuildEvery iterations so that the
// order history the engine keeps for queries does not grow without bound.
#include <benchmark/benchmark.h>

#include <memory>

#include "engine/engine.h"

namespace dsl::engine {
namespace {

constexpr std::int64_t kRebuildEvery = 200'000;

struct Rig {
    NullSink sink;
    std::unique_ptr<Engine> engine;
    SymbolId sym = 0;
    Timestamp ts = 0;

    explicit Rig(Fixed cash = Fixed::from_int(1'000'000'000)) {
        EngineConfig c;
        c.starting_cash = cash;
        engine = std::make_unique<Engine>(c, sink);
        InstrumentSpec spec;
        spec.name = "BENCH";
        sym = engine->add_instrument(spec);
        bar(fx(100), fx(100));
    }
    void bar(Fixed low, Fixed high) {
        Bar b;
        b.symbol = sym;
        b.ts = ts += kNanosPerSecond;
        b.open = b.close = (low + high) / fx(2);
        b.low = low;
        b.high = high;
        b.volume = fx(1'000'000);
        engine->on_bar(b);
    }
};

void SubmitFill(benchmark::State& state) {
    const auto per_bar = static_cast<int>(state.range(0));
    auto rig = std::make_unique<Rig>();
    std::int64_t done = 0;
    bool buy = true;
    for (auto _ : state) {
        if (done > 0 && done % kRebuildEvery < per_bar) {
            state.PauseTiming();
            rig = std::make_unique<Rig>();
            state.ResumeTiming();
        }
        for (int i = 0; i < per_bar; ++i) {
            rig->engine->market(rig->sym, buy ? Side::buy : Side::sell, fx(1));
        }
        rig->bar(fx(99), fx(101));
        buy = !buy;
        done += per_bar;
    }
    state.SetItemsProcessed(done);
    state.counters["fills"] = static_cast<double>(rig->engine->fill_count());
}
BENCHMARK(SubmitFill)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kNanosecond);

// Resting buy limits at 50 and sell limits at 150 never fill; each iteration places `filled`
// limits at the market (alternately buys and sells, so the position stays flat) and sends the
// bar that fills exactly them.
void PriceUpdate(benchmark::State& state) {
    const auto resting = static_cast<int>(state.range(0));
    const auto filled = static_cast<int>(state.range(1));
    auto build = [&] {
        auto rig = std::make_unique<Rig>();
        for (int i = 0; i < resting / 2; ++i) {
            rig->engine->limit(rig->sym, Side::buy, fx(1), fx(50) - Fixed::from_raw(100 * i));
            rig->engine->limit(rig->sym, Side::sell, fx(1), fx(150) + Fixed::from_raw(100 * i));
        }
        return rig;
    };
    auto rig = build();
    std::int64_t iterations = 0;
    bool buy = true;
    for (auto _ : state) {
        if (++iterations % (kRebuildEvery / filled + 1) == 0) {
            state.PauseTiming();
            rig = build();
            state.ResumeTiming();
        }
        for (int i = 0; i < filled; ++i) {
            rig->engine->limit(rig->sym, buy ? Side::buy : Side::sell, fx(1), fx(100));
        }
        // The bar reaches 100 from one side only, so only the new limits fill.
        if (buy) {
            rig->bar(fx(99), fx(100));
        } else {
            rig->bar(fx(100), fx(101));
        }
        buy = !buy;
    }
    if (rig->engine->working_order_count() != static_cast<std::size_t>(resting / 2 * 2)) {
        state.SkipWithError("the resting orders must stay unfilled");
    }
    state.SetItemsProcessed(iterations * filled);
    state.counters["resting"] = resting;
}
BENCHMARK(PriceUpdate)
    ->Args({10, 1})
    ->Args({10'000, 1})
    ->Args({10, 10})
    ->Args({10'000, 10})
    ->Args({100'000, 10})
    ->Args({10, 100})
    ->Args({10'000, 100})
    ->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace dsl::engine

BENCHMARK_MAIN();
