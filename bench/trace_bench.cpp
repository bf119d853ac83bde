// Trace benchmarks (Google Benchmark); figures and commands in docs/performance.md ("Trace").
//
// - WriteBarSnapshot: the records a backtest writes per bar at the least - the bar and the
//   step-5 portfolio snapshot with one open position - to /dev/null, opened by path as dslvm
//   --trace does, with the
//   default flush policy (WriteBarSnapshotLive: a hand-over per event, as a live run does).
// - WriteFillEvents: a fill and the events around it (submitted, accepted, fill, filled,
//   position changed), the heaviest records.
// - ReadBarSnapshot: reading such a trace of 100,000 bars back into the model in 1 MiB chunks,
//   through the canonical fast path; ReadBarSnapshotLibrary: the same lines with a space after
//   each comma, which sends every line through nlohmann::json (the reader's slow path).
// Counters: records/s and bytes/s (MB/s in the output).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "trace/reader.h"
#include "trace_writer/writer.h"

namespace dsl::trace {
namespace {

using engine::Fixed;
using engine::fx;

// Minute bars from 1994-08-23: a million of them stay far inside the int64 nanosecond range.
constexpr engine::Timestamp kStep = 60 * engine::kNanosPerSecond;
constexpr engine::Timestamp kT0 = 9'000 * engine::kNanosPerDay;

RunHeader bench_header() {
    RunHeader h;
    h.producer = "trace_bench";
    h.strategy = "bench.strat";
    h.bytecode_hash = "0123456789abcdef";
    engine::InstrumentSpec spec;
    spec.name = "ORCL";
    h.instruments = {spec};
    return h;
}

// A bar whose prices move a little every time, with six decimals like the bundled data.
engine::Bar bar_at(std::int64_t i) {
    Fixed base = Fixed::from_raw(2'000'000'000 + (i * 7'919) % 1'000'000 * 100);  // 20.xxxxxx
    Fixed step = Fixed::from_raw(1'234'500);
    return {0,
            kT0 + i * kStep,
            base,
            base + step + step,
            base - step,
            base + step,
            fx(36'301'200) + Fixed::from_int(i % 1000)};
}

void snapshot_at(std::int64_t i, engine::PortfolioSnapshot& account,
                 engine::PositionSnapshot& position) {
    engine::Bar b = bar_at(i);
    position.symbol = 0;
    position.qty = fx(100);
    position.avg_price = Fixed::from_raw(2'012'345'600);     // 20.123456
    position.cost_basis = Fixed::from_raw(201'234'560'000);  // 2012.3456
    position.mark_price = b.close;
    position.market_value = b.close * fx(100);
    position.unrealized_pnl = position.market_value - position.cost_basis;
    position.realized_pnl = Fixed::from_raw(123'456'789'000);  // 1234.56789
    position.commission = Fixed::from_raw(1'250'000'000);      // 12.5
    account.ts = b.ts;
    account.cash = Fixed::from_raw(9'798'765'440'000);  // 97987.6544
    account.equity = account.cash + position.market_value;
    account.realized_pnl = position.realized_pnl;
    account.unrealized_pnl = position.unrealized_pnl;
    account.commission = position.commission;
    account.margin_used = position.market_value;
    account.maintenance_margin = position.market_value;
    account.buying_power = account.equity - position.market_value;
    account.gross_exposure = position.market_value;
}

void write_bars(benchmark::State& state, std::uint64_t flush_every) {
    WriterOptions options;
    options.flush_every = flush_every;
    Writer w(std::string("/dev/null"), options);  // as dslvm --trace opens its file
    w.write_header(bench_header());
    engine::PortfolioSnapshot account;
    engine::PositionSnapshot position;
    std::int64_t i = 0;
    for (auto _ : state) {
        engine::Bar b = bar_at(i);
        snapshot_at(i, account, position);
        w.write_bar(b, static_cast<std::uint64_t>(++i));
        w.write_snapshot(account, {&position, 1});
    }
    w.flush();
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(w.records()), benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(w.bytes_written()));
}

void WriteBarSnapshot(benchmark::State& state) {
    write_bars(state, 4096);
}
BENCHMARK(WriteBarSnapshot);

void WriteBarSnapshotLive(benchmark::State& state) {
    write_bars(state, 1);
}
BENCHMARK(WriteBarSnapshotLive);

void WriteFillEvents(benchmark::State& state) {
    const Fixed kHalf = fx("0.5");
    const Fixed kRealized = fx("12.34");
    Writer w(std::string("/dev/null"));
    w.write_header(bench_header());
    std::uint64_t id = 0;
    for (auto _ : state) {
        ++id;
        engine::Timestamp ts = kT0 + static_cast<engine::Timestamp>(id % 1'000'000) * kStep;
        Fixed price = bar_at(static_cast<std::int64_t>(id)).open;
        w.write(engine::OrderSubmitted{ts, id, 0, engine::Side::buy, engine::OrderType::limit,
                                       engine::TimeInForce::gtc, fx(100), price, Fixed(), Fixed(),
                                       Fixed(), 0, "entry"});
        w.write(engine::OrderAccepted{ts, id, fx(100), 0});
        w.write(engine::Fill{ts,
                             id,
                             id,
                             id,
                             0,
                             engine::Side::buy,
                             fx(100),
                             price,
                             engine::PathLeg::to_first_extreme,
                             price,
                             engine::GapRule::none,
                             price,
                             Fixed(),
                             0,
                             kHalf,
                             false,
                             0,
                             0,
                             Fixed(),
                             fx(100),
                             price});
        w.write(engine::OrderFilled{ts, id, fx(100), price});
        w.write(engine::PositionChanged{ts, 0, fx(100), price, kRealized, Fixed(), kHalf});
    }
    w.flush();
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(w.records()), benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(w.bytes_written()));
}
BENCHMARK(WriteFillEvents);

// A trace of `bars` bars with their snapshots, as text.
std::string bar_trace(std::int64_t bars) {
    std::ostringstream out;
    Writer w(out);
    w.write_header(bench_header());
    engine::PortfolioSnapshot account;
    engine::PositionSnapshot position;
    for (std::int64_t i = 0; i < bars; ++i) {
        snapshot_at(i, account, position);
        w.write_bar(bar_at(i), static_cast<std::uint64_t>(i + 1));
        w.write_snapshot(account, {&position, 1});
    }
    w.write_end({});
    w.flush();
    return out.str();
}

void read_text(benchmark::State& state, const std::string& text) {
    std::uint64_t records = 0;
    for (auto _ : state) {
        Reader r("bench.jsonl");
        for (std::size_t at = 0; at < text.size(); at += 1 << 20)
            r.feed(std::string_view(text).substr(at, 1 << 20));
        r.finish();
        if (r.status() != ReadStatus::complete) state.SkipWithError("the trace did not read");
        records += r.trace().records;
        benchmark::DoNotOptimize(r.trace().portfolio.data());
    }
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(text.size()) * state.iterations());
}

void ReadBarSnapshot(benchmark::State& state) {
    static const std::string text = bar_trace(100'000);
    read_text(state, text);
}
BENCHMARK(ReadBarSnapshot)->Unit(benchmark::kMillisecond);

void ReadBarSnapshotLibrary(benchmark::State& state) {
    static const std::string text = [] {
        std::string canonical = bar_trace(100'000), spaced;
        spaced.reserve(canonical.size() * 11 / 10);
        for (char c : canonical) {
            spaced += c;
            if (c == ',') spaced += ' ';
        }
        return spaced;
    }();
    read_text(state, text);
}
BENCHMARK(ReadBarSnapshotLibrary)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dsl::trace

BENCHMARK_MAIN();
