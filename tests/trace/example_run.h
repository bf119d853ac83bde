// The run docs/trace.md shows as its example: two ORCL bars, a bracket with a limit entry, 0.1%
// commission (the engine API example of docs/engine.md), traced by the writer.
#pragma once

#include <sstream>
#include <string>

#include "engine/engine.h"
#include "trace_writer/hash.h"
#include "trace_writer/writer.h"

namespace dsl::trace::test {

inline std::string example_run() {
    using namespace engine;
    std::ostringstream out;
    Writer w(out);
    TraceSink sink(w);
    EngineConfig config;
    config.commission = {CommissionKind::percent, fx("0.1"), Fixed()};
    Engine e(config, sink);
    InstrumentSpec spec;
    spec.name = "ORCL";
    SymbolId orcl = e.add_instrument(spec);
    sink.attach(e);
    RunHeader h;
    h.producer = "dslvm 0.1.0";
    h.strategy = "examples/bracket_dip.strat";
    h.bytecode_hash = "5be1c3e1a0f29c7d";
    h.inputs = {{"qty", "int", std::int64_t{100}}, {"take", "float", 0.05}};
    DataFile f;
    f.path = "data/orcl-1995-2014.csv";
    f.kind = "bars";
    f.symbols = {"ORCL"};
    f.rows = 5036;
    auto digest = digest_file(std::string(DSL_TRACE_TEST_DATA_DIR) + "/orcl-1995-2014.csv");
    f.bytes = digest->bytes;
    f.hash = digest->hash;
    h.data = {f};
    h.config = e.config();
    h.instruments = instrument_specs(e.instruments());
    h.history_depth = 100;
    h.limits = {10'000'000, 10'000'000'000, 1000, 268'435'456};
    w.write_header(h);
    w.write_call({engine::kNoTime, 0, "on_start", engine::kNoSymbol, 0, 4});
    Bar bar{orcl,           9'133 * kNanosPerDay, fx("2.179012"), fx("2.191358"),
            fx("2.117284"), fx("2.117284"),       fx(36'301'200)};  // 1995-01-03
    w.write_bar(bar, e.event_seq() + 1);
    e.on_bar(bar);
    w.write_call({e.clock(), e.event_seq(), "on_bar", orcl, 0, 181});
    BracketRequest b;
    b.symbol = orcl;
    b.side = engine::Side::buy;
    b.qty = fx(100);
    b.entry_limit = fx("2.117284");
    b.take_profit = fx("2.223148");
    b.stop_loss = fx("2.053765");
    b.tag = "dip";
    e.bracket(b);
    w.write_log({e.clock(), e.event_seq(), "on_bar", "bracket at 2.117284"});
    e.emit_snapshot();
    bar = Bar{orcl,           9'134 * kNanosPerDay, fx("2.123457"), fx("2.148148"),
              fx("2.092592"), fx("2.135803"),       fx(46'051'600)};
    w.write_bar(bar, e.event_seq() + 1);
    e.on_bar(bar);
    w.write_call({e.clock(), e.event_seq(), "on_order_fill", engine::kNoSymbol, 1, 95});
    w.write_log({e.clock(), e.event_seq(), "on_order_fill", "buy 100 @ 2.12"});
    w.write_call({e.clock(), e.event_seq(), "on_bar", orcl, 0, 142});
    e.emit_snapshot();
    RunSummary s;
    s.ts = e.clock();
    s.market_events = 2;
    s.orders = 3;
    s.fills = 1;
    s.gas_used = 422;
    s.starting_cash = fx(100'000);
    s.final_equity = e.portfolio().equity;
    s.net_profit = s.final_equity - s.starting_cash;
    s.commission = e.portfolio().commission;
    s.return_pct = 0.0016401716;
    s.exposure_pct = 50;
    w.write_end(s);
    return out.str();
}

}  // namespace dsl::trace::test
