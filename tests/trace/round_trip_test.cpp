// Write then read: every record type, every engine event and every field arrives in the model
// with its value; reading in arbitrary chunks gives the same model as reading at once; the
// reader's enum names are the engine's.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/config.h"
#include "engine/order_status.h"
#include "tests/trace/printers.h"
#include "tests/trace/same_state.h"
#include "tests/trace/sample.h"
#include "trace/reader.h"

namespace dsl::trace::test {
namespace {

// The model with NaN doubles replaced, so that == compares it as a whole.
Trace comparable(Trace t) {
    if (t.end) {
        for (double* d : {&t.end->max_drawdown_pct, &t.end->return_pct, &t.end->win_rate_pct,
                          &t.end->profit_factor, &t.end->sharpe, &t.end->exposure_pct}) {
            if (std::isnan(*d)) *d = -12345;
        }
    }
    return t;
}

Reader read_all_at_once(const std::string& text) {
    Reader r("sample.jsonl");
    r.feed(text);
    r.finish();
    return r;
}

class SampleTrace : public ::testing::Test {
  protected:
    void SetUp() override {
        reader_ = std::make_unique<Reader>(read_all_at_once(sample_trace()));
        ASSERT_EQ(reader_->status(), ReadStatus::complete) << reader_->status_text();
        ASSERT_TRUE(reader_->errors().empty());
    }
    const Trace& t() const { return reader_->trace(); }
    std::unique_ptr<Reader> reader_;
};

TEST_F(SampleTrace, Header) {
    RunHeader in = sample_header();
    ASSERT_TRUE(t().header.has_value());
    const Header& h = *t().header;
    EXPECT_EQ(h.format, "dsl-trace");
    EXPECT_EQ(h.version_major, 1);
    EXPECT_EQ(h.version_minor, 1);
    EXPECT_EQ(h.producer, in.producer);
    EXPECT_EQ(h.mode, "backtest");
    EXPECT_EQ(h.strategy, in.strategy);
    EXPECT_EQ(h.bytecode_hash, in.bytecode_hash);
    ASSERT_EQ(h.inputs.size(), 5u);
    EXPECT_EQ(h.inputs[0], (Input{"fast_len", "int", "10"}));
    EXPECT_EQ(h.inputs[1], (Input{"k", "float", "0.1"}));
    EXPECT_EQ(h.inputs[2], (Input{"enabled", "bool", "true"}));
    EXPECT_EQ(h.inputs[3], (Input{"sym", "symbol", "ORCL"}));
    EXPECT_EQ(h.inputs[4], (Input{"note", "string", "say \"hi\"\n"}));
    ASSERT_EQ(h.data.size(), 2u);
    EXPECT_EQ(h.data[0],
              (DataSource{
                  "data/orcl-1995-2014.csv", "bars", {"ORCL"}, 4988, 260'417, "fedcba9876543210"}));
    EXPECT_EQ(h.data[1], (DataSource{"-", "ticks", {"NVDA"}, std::nullopt, std::nullopt, ""}));
    ASSERT_EQ(h.instruments.size(), 2u);
    EXPECT_EQ(h.instruments[0],
              (Instrument{0, "ORCL", dec(engine::fx("0.000001")), dec(engine::fx(1)),
                          dec(engine::fx(1)), Decimal::nan(), Decimal::nan()}));
    EXPECT_EQ(h.instruments[1],
              (Instrument{1, "NVDA", dec(engine::fx("0.01")), dec(engine::fx(10)),
                          dec(engine::fx(50)), dec(engine::fx("0.3")), dec(engine::fx("0.2"))}));
    const EngineSettings& c = h.config;
    EXPECT_EQ(c.starting_cash, dec(in.config.starting_cash));
    EXPECT_EQ(c.path_model, "worst_case");
    EXPECT_EQ(c.slippage_kind, "ticks");
    EXPECT_EQ(c.slippage_amount, dec(engine::fx(2)));
    EXPECT_EQ(c.atr_period, 20);
    EXPECT_FALSE(c.slippage_on_limit_orders);
    EXPECT_EQ(c.liquidity_kind, "bar_volume");
    EXPECT_EQ(c.liquidity_percent, dec(engine::fx("2.5")));
    EXPECT_EQ(c.submit_latency_ns, 5 * kSecond);
    EXPECT_EQ(c.submit_jitter_ns, kSecond);
    EXPECT_EQ(c.cancel_latency_ns, 2 * kSecond);
    EXPECT_EQ(c.cancel_jitter_ns, 3);
    EXPECT_EQ(c.seed, in.config.seed);
    EXPECT_EQ(c.commission_kind, "percent");
    EXPECT_EQ(c.commission_rate, dec(engine::fx("0.1")));
    EXPECT_EQ(c.commission_minimum, dec(engine::fx(1)));
    EXPECT_EQ(c.account_kind, "margin");
    EXPECT_EQ(c.initial_margin_rate, dec(engine::fx("0.5")));
    EXPECT_EQ(c.maintenance_margin_rate, dec(engine::fx("0.25")));
    EXPECT_EQ(c.off_tick, "round");
    EXPECT_EQ(c.session_offset_ns, in.config.session_offset_ns);
    EXPECT_EQ(h.history_depth, 500);
    EXPECT_EQ(h.event_gas_limit, in.limits.event_gas);
    EXPECT_EQ(h.run_gas_limit, in.limits.run_gas);
    EXPECT_EQ(h.max_call_depth, in.limits.max_call_depth);
    EXPECT_EQ(h.memory_limit, in.limits.memory);
    ASSERT_EQ(t().symbols.size(), 2u);
    EXPECT_EQ(t().symbols[0].name, "ORCL");
    EXPECT_EQ(t().symbols[1].name, "NVDA");
}

TEST_F(SampleTrace, MarketEvents) {
    engine::Bar b = sample_bar(0, kT0);
    ASSERT_EQ(t().symbols[0].bars.size(), 1u);
    EXPECT_EQ(t().symbols[0].bars[0],
              (BarRow{1, kT0, dec(b.open), dec(b.high), dec(b.low), dec(b.close), dec(b.volume)}));
    ASSERT_EQ(t().symbols[1].ticks.size(), 2u);
    EXPECT_EQ(t().symbols[1].ticks[0],
              (TickRow{2, kT0 + kSecond / 2, dec(engine::fx("101.25")), dec(engine::fx(300)),
                       dec(engine::fx("101.2")), dec(engine::fx("101.3"))}));
    EXPECT_EQ(t().symbols[1].ticks[1], (TickRow{3, kT0 + kSecond / 2, dec(engine::fx("101.26")),
                                                Decimal(), Decimal::nan(), Decimal::nan()}));
    ASSERT_EQ(t().market_events.size(), 4u);
    EXPECT_EQ(t().market_events[0], (MarketEvent{1, kT0, 0, RecordKind::bar, 0}));
    EXPECT_EQ(t().market_events[2], (MarketEvent{3, kT0 + kSecond / 2, 1, RecordKind::tick, 1}));
    EXPECT_EQ(t().market_events[3],
              (MarketEvent{3, kT0 + kSecond, kNoSymbol, RecordKind::clock, 0}));
    EXPECT_EQ(t().last_seq, 3u);
    EXPECT_EQ(t().last_ts, kT0 + 2 * kSecond);
}

// Every engine event of the sample (sample_events(): one of each kind, all about order 1),
// field by field, in the model.
class SampleEvents : public SampleTrace {
  protected:
    void SetUp() override {
        SampleTrace::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_EQ(t().orders.size(), 1u);
    }
    const Order& order() const { return t().orders[0]; }
    std::vector<engine::Event> events = sample_events();
};

TEST_F(SampleEvents, OrderUpdatesAreWhatTheReducerMakesOfThem) {
    using namespace engine;
    const Order& o = order();
    const auto& updates = o.updates;
    // One update per record that names order 1, in order, with the change it made.
    std::vector<std::string_view> kinds;
    for (const OrderUpdate& u : updates)
        kinds.push_back(lifecycle::change_name(u.change));
    EXPECT_EQ(kinds,
              (std::vector<std::string_view>{
                  "order_submitted", "order_accepted", "order_rejected", "order_triggered",
                  "order_modified", "order_partially_filled", "order_filled", "order_canceled",
                  "order_expired", "cancel_requested", "oco_linked", "bracket_linked", "fill"}));
    for (const OrderUpdate& u : updates) {
        EXPECT_EQ(u.seq, 3u);
        EXPECT_EQ(u.ts(), kT0 + kSecond);
    }
    // The order and its symbol's position are what the reducer makes of the engine's events.
    lifecycle::EngineBook book = reduced(events, 2);
    expect_same_order(o, book.orders().at(0));
    expect_same_position(t().symbols[0].position, book.positions().at(0));
    EXPECT_EQ(std::get<lifecycle::Accepted<Decimal>>(updates[1].change).stop_price,
              dec(fx("2.15")));
    EXPECT_EQ(std::get<lifecycle::Triggered<Decimal>>(updates[3].change).market_price,
              dec(fx("2.149")));
    EXPECT_EQ(std::get<lifecycle::Execution<Decimal>>(updates[12].change).unrealized_pnl_after,
              dec(fx("0.4")));
}

TEST_F(SampleEvents, WhatOnlyTheTraceKnows) {
    using namespace engine;
    const Order& o = order();
    auto submitted = std::get<OrderSubmitted>(events[0]);
    EXPECT_EQ(o.initial_qty, dec(submitted.qty));
    EXPECT_EQ(o.submitted_seq, 3u);
    EXPECT_EQ(o.placed_price, dec(fx("2.135803")));  // the ORCL bar's close
    EXPECT_EQ(o.finished_seq, 3u);
    EXPECT_EQ(o.status, OrderStatus::expired);
    EXPECT_EQ(o.reason, "fok");

    auto command = std::get<CommandRejected>(events[10]);
    ASSERT_EQ(t().command_rejections.size(), 1u);
    EXPECT_EQ(t().command_rejections[0],
              (CommandRejection{3, command.ts, "oco", 1, 7, "invalid_link", "no"}));

    EXPECT_EQ(o.oco, 1u);          // oco_linked {1, 1}
    EXPECT_EQ(o.take_profit, 1u);  // bracket_linked {1, 1, 1}
}

TEST_F(SampleEvents, FillAndPositionChange) {
    using namespace engine;
    auto f = std::get<Fill>(events[13]);
    ASSERT_EQ(t().fills.size(), 1u);
    FillRecord expected_fill{f.fill_id,
                             f.event_seq,
                             f.ts,
                             f.order_id,
                             f.symbol,
                             Side::sell,
                             dec(f.qty),
                             dec(f.price),
                             PathLeg::to_second_extreme,
                             dec(f.trigger_price),
                             GapRule::through_limit,
                             dec(f.base_price),
                             dec(f.slippage),
                             f.latency_ns,
                             dec(f.commission),
                             f.liquidity_capped,
                             f.oco_canceled,
                             f.oco_reduced,
                             dec(f.realized_pnl),
                             dec(f.position_after),
                             dec(f.avg_price_after)};
    EXPECT_EQ(t().fills[0], expected_fill);
    EXPECT_EQ(order().fills, (std::vector<std::uint32_t>{0}));
    EXPECT_EQ(t().symbols[0].fills, (std::vector<std::uint32_t>{0}));

    auto pc = std::get<PositionChanged>(events[14]);
    ASSERT_EQ(t().symbols[0].position_changes.size(), 1u);
    EXPECT_EQ(t().symbols[0].position_changes[0],
              (PositionChange{3, pc.ts, dec(pc.qty), dec(pc.avg_price), dec(pc.realized_pnl),
                              dec(pc.unrealized_pnl), dec(pc.commission)}));
}

TEST_F(SampleEvents, MarginCallAmbiguousBarAndRejectedData) {
    using namespace engine;
    auto mc = std::get<MarginCall>(events[15]);
    ASSERT_EQ(t().margin_calls.size(), 1u);
    EXPECT_EQ(t().margin_calls[0],
              (MarginCallRecord{3, mc.ts, dec(mc.equity), dec(mc.maintenance_required), {1}}));
    EXPECT_TRUE(order().liquidation);  // forced_liquidation names order 1

    auto ab = std::get<AmbiguousBar>(events[17]);
    ASSERT_EQ(t().ambiguous_bars.size(), 1u);
    EXPECT_EQ(t().ambiguous_bars[0], (AmbiguousBarRecord{2, ab.ts, 0, 1, 1, 1}));
    EXPECT_EQ(t().symbols[0].ambiguous, (std::vector<std::uint32_t>{0}));

    auto md = std::get<MarketDataRejected>(events[18]);
    ASSERT_EQ(t().market_data_rejections.size(), 1u);
    EXPECT_EQ(t().market_data_rejections[0],
              (MarketDataRejection{3, md.ts, kNoSymbol, "unknown symbol"}));
}

TEST_F(SampleEvents, PortfolioAndPositionSnapshots) {
    using namespace engine;
    auto ps = std::get<PortfolioSnapshot>(events[19]);
    ASSERT_EQ(t().portfolio.size(), 2u);  // the event (positions null), then with positions
    PortfolioPoint expected_point{3,
                                  ps.ts,
                                  dec(ps.cash),
                                  dec(ps.equity),
                                  dec(ps.realized_pnl),
                                  dec(ps.unrealized_pnl),
                                  dec(ps.commission),
                                  dec(ps.margin_used),
                                  dec(ps.maintenance_margin),
                                  dec(ps.buying_power),
                                  dec(ps.gross_exposure),
                                  false};
    EXPECT_EQ(t().portfolio[0], expected_point);
    expected_point.has_positions = true;
    EXPECT_EQ(t().portfolio[1], expected_point);

    PositionSnapshot p = sample_position();
    ASSERT_EQ(t().symbols[0].positions.size(), 1u);
    EXPECT_EQ(t().symbols[0].positions[0],
              (PositionPoint{3, ps.ts, dec(p.qty), dec(p.avg_price), dec(p.cost_basis),
                             dec(p.mark_price), dec(p.market_value), dec(p.realized_pnl),
                             dec(p.unrealized_pnl), dec(p.commission)}));
    EXPECT_TRUE(t().symbols[1].positions.empty());
}

// One record of each engine event kind, but two portfolio snapshots (the last kind): the event's,
// then the one that lists the positions.
TEST_F(SampleEvents, EveryKindIsCounted) {
    using namespace engine;
    for (std::size_t k = 0; k < kEventKindCount; ++k)
        EXPECT_EQ(t().count(static_cast<RecordKind>(k)), k == kEventKindCount - 1 ? 2u : 1u);
}

TEST_F(SampleTrace, StrategyOutputAndEnd) {
    ASSERT_EQ(t().calls.size(), 3u);
    EXPECT_EQ(t().calls[0], (HandlerCallRecord{0, kNoTime, "on_start", kNoSymbol, 0, 12}));
    EXPECT_EQ(t().calls[1],
              (HandlerCallRecord{3, kT0 + kSecond, "on_order_fill", kNoSymbol, 1, 345}));
    EXPECT_EQ(t().calls[2], (HandlerCallRecord{3, kT0 + kSecond, "on_bar", 0, 0, 6789}));
    ASSERT_EQ(t().logs.size(), 2u);
    EXPECT_EQ(t().logs[0], (LogRecord{0, kNoTime, "on_start", "starting \xF0\x9F\x9A\x80 \x01"}));
    EXPECT_EQ(t().logs[1], (LogRecord{3, kT0 + kSecond, "on_bar", "sma=2.1 rsi=71.5\ttab"}));

    RunError e = sample_error();
    ASSERT_EQ(t().errors.size(), 1u);
    EXPECT_EQ(t().errors[0], (RuntimeErrorRecord{e.seq,
                                                 e.ts,
                                                 e.kind,
                                                 e.message,
                                                 e.handler,
                                                 e.file,
                                                 e.line,
                                                 {{"helper", 42, 13}, {"on_bar", 17, 5}}}));

    RunSummary s = sample_summary();
    ASSERT_TRUE(t().end.has_value());
    const RunEnd& end = *t().end;
    EXPECT_EQ(end.status, "runtime_error");
    EXPECT_FALSE(end.completed());
    EXPECT_EQ(end.message, s.message);
    EXPECT_EQ(end.ts, s.ts);
    EXPECT_EQ(end.records, t().records - 1);
    EXPECT_EQ(end.engine_events, engine::kEventKindCount + 1);
    EXPECT_EQ(end.market_events, s.market_events);
    EXPECT_EQ(end.orders, s.orders);
    EXPECT_EQ(end.fills, s.fills);
    EXPECT_EQ(end.trades, s.trades);
    EXPECT_EQ(end.ambiguous_bars, s.ambiguous_bars);
    EXPECT_EQ(end.gas_used, s.gas_used);
    EXPECT_EQ(end.skipped_rows, s.skipped_rows);
    EXPECT_EQ(end.starting_cash, dec(s.starting_cash));
    EXPECT_EQ(end.final_equity, dec(s.final_equity));
    EXPECT_EQ(end.net_profit, dec(s.net_profit));
    EXPECT_EQ(end.commission, dec(s.commission));
    EXPECT_EQ(end.max_drawdown, dec(s.max_drawdown));
    EXPECT_EQ(end.max_drawdown_pct, s.max_drawdown_pct);
    EXPECT_EQ(end.return_pct, s.return_pct);
    EXPECT_EQ(end.win_rate_pct, s.win_rate_pct);
    EXPECT_TRUE(std::isnan(end.profit_factor));  // infinite: written as null
    EXPECT_EQ(end.sharpe, s.sharpe);
    EXPECT_EQ(end.exposure_pct, s.exposure_pct);
}

TEST(TraceRoundTrip, ChunkedReadingEqualsReadingAtOnce) {
    std::string text = sample_trace();
    Trace whole = comparable(read_all_at_once(text).trace());
    std::mt19937 rng(7);
    for (std::size_t fixed : {1, 2, 3, 7, 64, 4096}) {
        Reader r("sample.jsonl");
        for (std::size_t i = 0; i < text.size(); i += fixed)
            r.feed(std::string_view(text).substr(i, fixed));
        r.finish();
        EXPECT_EQ(r.status(), ReadStatus::complete) << fixed;
        EXPECT_TRUE(comparable(r.trace()) == whole) << "chunks of " << fixed;
    }
    for (int round = 0; round < 50; ++round) {
        Reader r("sample.jsonl");
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t n = std::uniform_int_distribution<std::size_t>(0, 300)(rng);
            r.feed(std::string_view(text).substr(i, n));
            i += n;
        }
        r.finish();
        ASSERT_TRUE(comparable(r.trace()) == whole) << "round " << round;
    }
}

// Snapshots list the open positions; a symbol no longer listed gets one flat point.
TEST(TraceRoundTrip, PositionPointsFromSnapshots) {
    std::ostringstream out;
    Writer w(out);
    w.write_header(sample_header());
    engine::PositionSnapshot a = sample_position();
    engine::PositionSnapshot b = sample_position();
    b.symbol = 1;
    engine::PositionSnapshot a_flat = a;
    a_flat.qty = engine::Fixed();
    engine::PortfolioSnapshot account;
    std::vector<std::vector<engine::PositionSnapshot>> listings = {{a, b}, {a}, {a_flat}, {}, {}};
    std::uint64_t seq = 0;
    for (const auto& listing : listings) {
        ++seq;
        w.write_bar(sample_bar(0, kT0 + static_cast<engine::Timestamp>(seq) * kSecond), seq);
        w.write_snapshot(account, listing);
        w.write(engine::Event(account));  // positions: null changes nothing
    }
    w.write_end({});
    Reader r("positions.jsonl");
    r.feed(out.str());
    r.finish();
    ASSERT_EQ(r.status(), ReadStatus::complete) << r.status_text();
    const auto& pa = r.trace().symbols[0].positions;
    const auto& pb = r.trace().symbols[1].positions;
    ASSERT_EQ(pa.size(), 3u);  // open, open, listed flat; nothing after
    EXPECT_EQ(pa[0].seq, 1u);
    EXPECT_EQ(pa[1].seq, 2u);
    EXPECT_EQ(pa[2].seq, 3u);
    EXPECT_TRUE(pa[2].qty.is_zero());
    ASSERT_EQ(pb.size(), 2u);  // open, then flat when no longer listed
    EXPECT_EQ(pb[1].seq, 2u);
    EXPECT_TRUE(pb[1].qty.is_zero());
    EXPECT_EQ(r.trace().portfolio.size(), 10u);
}

TEST(TraceRoundTrip, ReadingWhileWritingSeesEveryFlushedEvent) {
    std::ostringstream out;
    WriterOptions options;
    options.flush_every = 1;
    Writer w(out, options);
    Reader r("live.jsonl");
    std::size_t consumed = 0;
    auto poll = [&] {
        std::string s = out.str();
        r.feed(std::string_view(s).substr(consumed));
        consumed = s.size();
    };
    w.write_header(sample_header());
    for (std::uint64_t i = 1; i <= 5; ++i) {
        w.write_bar(sample_bar(0, kT0 + static_cast<engine::Timestamp>(i) * kSecond), i);
        w.write_snapshot({}, {});
        poll();
        EXPECT_EQ(r.trace().symbols[0].bars.size(), i);
        EXPECT_EQ(r.trace().portfolio.size(), i);
        EXPECT_EQ(r.pending_bytes(), 0u);
        EXPECT_EQ(r.status(), ReadStatus::reading);
    }
    w.write_end({});
    poll();
    r.finish();
    EXPECT_EQ(r.status(), ReadStatus::complete);
}

#define DSL_TRACE_TEST_NAME(name, ...) std::string_view(#name),
template <typename Enum>
std::vector<std::string_view> reader_names(std::size_t count) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(to_string(static_cast<Enum>(i)));
    return out;
}

// The reader cannot include the engine, so it repeats these name lists; they must not drift.
TEST(TraceRoundTrip, ReaderEnumsAreTheEngines) {
    std::vector<std::string_view> sides{DSL_ENGINE_SIDES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> types{DSL_ENGINE_ORDER_TYPES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> tifs{DSL_ENGINE_TIFS(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> statuses{DSL_ENGINE_ORDER_STATUSES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> legs{DSL_ENGINE_PATH_LEGS(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> gaps{DSL_ENGINE_GAP_RULES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> r_sides{DSL_LIFECYCLE_SIDES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> r_types{DSL_LIFECYCLE_ORDER_TYPES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> r_tifs{DSL_LIFECYCLE_TIFS(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> r_statuses{DSL_LIFECYCLE_ORDER_STATUSES(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> r_legs{DSL_TRACE_PATH_LEGS(DSL_TRACE_TEST_NAME)};
    std::vector<std::string_view> r_gaps{DSL_TRACE_GAP_RULES(DSL_TRACE_TEST_NAME)};
    EXPECT_EQ(sides, r_sides);
    EXPECT_EQ(types, r_types);
    EXPECT_EQ(tifs, r_tifs);
    EXPECT_EQ(statuses, r_statuses);
    EXPECT_EQ(legs, r_legs);
    EXPECT_EQ(gaps, r_gaps);
    EXPECT_EQ(reader_names<Side>(sides.size()), sides);
    EXPECT_EQ(reader_names<OrderType>(types.size()), types);
    EXPECT_EQ(reader_names<TimeInForce>(tifs.size()), tifs);
    EXPECT_EQ(reader_names<OrderStatus>(statuses.size()), statuses);
    EXPECT_EQ(reader_names<PathLeg>(legs.size()), legs);
    EXPECT_EQ(reader_names<GapRule>(gaps.size()), gaps);
}
#undef DSL_TRACE_TEST_NAME

}  // namespace
}  // namespace dsl::trace::test
