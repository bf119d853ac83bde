// A sample run for the trace tests: a header with every field set, one instance of every engine
// event with a distinct non-default value in each field, and the other records, written in the
// order a runner would write them. Used by the golden file, the round trip and the error tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "engine/events.h"
#include "trace_writer/writer.h"

namespace dsl::trace::test {

using engine::fx;

inline constexpr engine::Timestamp kT0 = 1'700'000'000'000'000'000;  // 2023-11-14T22:13:20Z
inline constexpr engine::Timestamp kSecond = 1'000'000'000;

inline RunHeader sample_header() {
    RunHeader h;
    h.producer = "dslvm 0.1.0";
    h.mode = RunMode::backtest;
    h.strategy = "examples/bracket_rsi.strat";
    h.bytecode_hash = "0123456789abcdef";
    h.inputs = {{"fast_len", "int", std::int64_t{10}},
                {"k", "float", 0.1},
                {"enabled", "bool", true},
                {"sym", "symbol", std::string("ORCL")},
                {"note", "string", std::string("say \"hi\"\n")}};
    DataFile f;
    f.path = "data/orcl-1995-2014.csv";
    f.kind = "bars";
    f.symbols = {"ORCL"};
    f.rows = 4988;
    f.bytes = 260'417;
    f.hash = "fedcba9876543210";
    DataFile live;
    live.path = "-";
    live.kind = "ticks";
    live.symbols = {"NVDA"};
    h.data = {f, live};
    h.config.starting_cash = fx(100'000);
    h.config.path_model = engine::PathModelKind::worst_case;
    h.config.slippage = {engine::SlippageKind::ticks, fx(2), 20, false};
    h.config.liquidity = {engine::LiquidityKind::bar_volume, fx("2.5")};
    h.config.latency = {5 * kSecond, kSecond, 2 * kSecond, 3};
    h.config.commission = {engine::CommissionKind::percent, fx("0.1"), fx(1)};
    h.config.account = {engine::AccountKind::margin, fx("0.5"), fx("0.25")};
    h.config.off_tick = engine::OffTickPolicy::round;
    h.config.session_offset_ns = -4 * 3600 * kSecond;
    h.config.seed = 18'446'744'073'709'551'615ull;
    engine::InstrumentSpec orcl;
    orcl.name = "ORCL";
    engine::InstrumentSpec nvda;
    nvda.name = "NVDA";
    nvda.tick_size = fx("0.01");
    nvda.lot_size = fx(10);
    nvda.multiplier = fx(50);
    nvda.initial_margin_rate = fx("0.3");
    nvda.maintenance_margin_rate = fx("0.2");
    h.instruments = {orcl, nvda};
    h.history_depth = 500;
    h.limits = {10'000'000, 10'000'000'000, 1000, 268'435'456};
    return h;
}

inline engine::Bar sample_bar(engine::SymbolId sym, engine::Timestamp ts) {
    return {sym,           ts, fx("2.179012"), fx("2.191358"), fx("2.117284"), fx("2.135803"),
            fx(36'301'200)};
}

// One of every engine event, in the order of engine/events.h, each field set to a value that
// differs from its default, and consistent with each other (orders 1-4 exist before use).
inline std::vector<engine::Event> sample_events() {
    using namespace engine;
    // The engine's enums, not the reader's namesakes in dsl::trace.
    using engine::GapRule;
    using engine::kNoSymbol;
    using engine::OrderType;
    using engine::PathLeg;
    using engine::Side;
    using engine::TimeInForce;
    using engine::Timestamp;
    std::vector<Event> out;
    Timestamp t = kT0 + kSecond;
    out.push_back(OrderSubmitted{t, 1, 0, Side::sell, OrderType::stop_limit, TimeInForce::day,
                                 fx(100), fx("2.1"), fx("2.15"), fx("0.05"), fx("1.5"), 0,
                                 "entry \"A\""});
    out.push_back(OrderAccepted{t, 1, fx(100), 5 * kSecond, fx("2.15")});
    out.push_back(OrderRejected{t, 1, RejectReason::insufficient_buying_power, "not enough"});
    out.push_back(OrderTriggered{t, 1, fx("2.15"), fx("2.149"), PathLeg::to_first_extreme});
    out.push_back(OrderModified{t, 1, ModifyReason::oco_reduced, fx(60), fx("2.1"), fx("2.16"), 2});
    out.push_back(OrderPartiallyFilled{t, 1, fx(40), fx(60), fx("2.1")});
    out.push_back(OrderFilled{t, 1, fx(100), fx("2.10000001")});
    out.push_back(OrderCanceled{t, 1, CancelReason::oco_sibling, fx(40), 2});
    out.push_back(OrderExpired{t, 1, ExpireReason::fok, fx(40)});
    out.push_back(CancelRequested{t, 1, t + 3 * kSecond});
    out.push_back(CommandRejected{t, CommandKind::oco, 1, 7, RejectReason::invalid_link, "no"});
    out.push_back(OcoLinked{t, 1, 1});
    out.push_back(BracketLinked{t, 1, 1, 1});
    out.push_back(Fill{t,
                       3,
                       2,
                       1,
                       0,
                       Side::sell,
                       fx(40),
                       fx("2.09"),
                       PathLeg::to_second_extreme,
                       fx("2.1"),
                       GapRule::through_limit,
                       fx("2.1"),
                       fx("0.01"),
                       5 * kSecond,
                       fx("0.0836"),
                       true,
                       4,
                       5,
                       fx("-12.5"),
                       fx(-40),
                       fx("2.09"),
                       fx("0.4")});
    out.push_back(PositionChanged{t, 0, fx(-40), fx("2.09"), fx("-12.5"), fx("0.4"), fx("0.0836")});
    out.push_back(MarginCall{t, fx("-1234.5"), fx("2000.25")});
    out.push_back(ForcedLiquidation{t, 0, 1, Side::buy, fx(40)});
    out.push_back(AmbiguousBar{t, 0, 2, 1, 1, 1});
    out.push_back(MarketDataRejected{t, kNoSymbol, "unknown symbol"});
    out.push_back(PortfolioSnapshot{t, fx("100083.6"), fx("100070.7164"), fx("-12.5"), fx("0.4"),
                                    fx("0.0836"), fx("41.8"), fx("20.9"), fx("200057.8328"),
                                    fx("83.6")});
    return out;
}

inline engine::PositionSnapshot sample_position() {
    engine::PositionSnapshot p;
    p.symbol = 0;
    p.qty = fx(-40);
    p.avg_price = fx("2.09");
    p.cost_basis = fx("-83.6");
    p.mark_price = fx("2.08");
    p.market_value = fx("-83.2");
    p.realized_pnl = fx("-12.5");
    p.unrealized_pnl = fx("0.4");
    p.commission = fx("0.0836");
    return p;
}

inline RunError sample_error() {
    RunError e;
    e.ts = kT0 + 2 * kSecond;
    e.seq = 2;
    e.kind = "arithmetic";
    e.message = "integer division by zero";
    e.handler = "on_bar";
    e.file = "bracket_rsi.strat";
    e.line = 42;
    e.stack = {{"helper", 42, 13}, {"on_bar", 17, 5}};
    return e;
}

inline RunSummary sample_summary() {
    RunSummary s;
    s.status = RunStatus::runtime_error;
    s.message = "runtime error: integer division by zero in on_bar at bracket_rsi.strat:42";
    s.ts = kT0 + 2 * kSecond;
    s.market_events = 2;
    s.orders = 1;
    s.fills = 1;
    s.trades = 1;
    s.ambiguous_bars = 1;
    s.gas_used = 123'456;
    s.skipped_rows = 3;
    s.starting_cash = engine::fx(100'000);
    s.final_equity = engine::fx("100070.7164");
    s.net_profit = engine::fx("70.7164");
    s.commission = engine::fx("0.0836");
    s.max_drawdown = engine::fx("12.5");
    s.max_drawdown_pct = 0.0125;
    s.return_pct = 0.0707164;
    s.win_rate_pct = 100;
    s.profit_factor = std::numeric_limits<double>::infinity();  // no losing trade: null
    s.sharpe = -1.25;
    s.exposure_pct = 50;
    return s;
}

// Writes the sample run: every record type, every engine event.
inline void write_sample(Writer& w) {
    w.write_header(sample_header());
    w.write_call({engine::kNoTime, 0, "on_start", engine::kNoSymbol, 0, 12});
    w.write_log({engine::kNoTime, 0, "on_start", "starting \xF0\x9F\x9A\x80 \x01"});
    w.write_bar(sample_bar(0, kT0), 1);
    engine::Tick tick{1, kT0 + kSecond / 2, fx("101.25"), fx(300), fx("101.2"), fx("101.3")};
    w.write_tick(tick, 2);
    engine::Tick bare{1, kT0 + kSecond / 2, fx("101.26"), fx(0), std::nullopt, std::nullopt};
    w.write_tick(bare, 3);
    w.write_clock(kT0 + kSecond);
    for (const engine::Event& e : sample_events())
        w.write(e);
    engine::PositionSnapshot pos = sample_position();
    w.write_snapshot(std::get<engine::PortfolioSnapshot>(sample_events().back()), {&pos, 1});
    w.write_call({kT0 + kSecond, 3, "on_order_fill", engine::kNoSymbol, 1, 345});
    w.write_call({kT0 + kSecond, 3, "on_bar", 0, 0, 6789});
    w.write_log({kT0 + kSecond, 3, "on_bar", "sma=2.1 rsi=71.5\ttab"});
    w.write_error(sample_error());
    w.write_end(sample_summary());
}

inline std::string sample_trace() {
    std::ostringstream out;
    {
        Writer w(out);
        write_sample(w);
    }
    return out.str();
}

}  // namespace dsl::trace::test
