// A recorded engine run on real data: the first 250 daily bars of ORCL with a scripted strategy
// (brackets, limits, stops, trailing stops, OCO pairs, cancels with latency, DAY and IOC orders,
// partial fills under a volume cap, a rejected order, position closes), every engine event and
// a portfolio snapshot per bar written through TraceSink. The trace read back must agree with
// the engine field by field: bars, every fill, every order's final state, every snapshot and
// position change, the event counts; and two runs must give the same bytes.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "engine/engine.h"
#include "tests/trace/printers.h"
#include "tests/trace/same_state.h"
#include "trace/reader.h"
#include "trace_writer/hash.h"
#include "trace_writer/writer.h"

namespace dsl::trace::test {
namespace {

using namespace engine;
// The engine's names, not the reader's namesakes (dsl::trace::Side, ...).
using engine::GapRule;
using engine::is_working;
using engine::kNoSymbol;
using engine::kNoTime;
using engine::OrderId;
using engine::OrderStatus;
using engine::OrderType;
using engine::PathLeg;
using engine::Side;
using engine::SymbolId;
using engine::TimeInForce;
using engine::Timestamp;

const std::string kDataFile = std::string(DSL_TRACE_TEST_DATA_DIR) + "/orcl-1995-2014.csv";
constexpr std::size_t kBars = 250;

// Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// `timestamp,open,high,low,close,volume` with ISO dates: the first `n` rows.
std::vector<Bar> read_bars(const std::string& path, std::size_t n) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<Bar> bars;
    while (bars.size() < n && std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');)
            cells.push_back(cell);
        if (cells.size() != 6) throw std::runtime_error("bad line: " + line);
        long long days = days_from_civil(std::stoll(cells[0].substr(0, 4)),
                                         static_cast<unsigned>(std::stoul(cells[0].substr(5, 2))),
                                         static_cast<unsigned>(std::stoul(cells[0].substr(8, 2))));
        bars.push_back({0, days * kNanosPerDay, fx(cells[1]), fx(cells[2]), fx(cells[3]),
                        fx(cells[4]), fx(cells[5])});
    }
    return bars;
}

Decimal dec(Fixed f) {
    return Decimal::from_raw(f.raw());
}

Fixed on_tick(Fixed price) {
    return price.round_to(kDefaultTickSize);
}

// The engine, its listeners and the trace of one run.
struct RecordedRun {
    RecordingSink recorded;
    std::ostringstream out;
    Writer writer{out};
    TraceSink trace_sink{writer};
    TeeSink tee;
    std::unique_ptr<Engine> engine;
    std::vector<Bar> bars;

    RecordedRun() {
        tee.add(recorded);
        tee.add(trace_sink);
        EngineConfig c;
        c.commission = {CommissionKind::per_unit, fx("0.005"), fx(1)};
        c.slippage = {SlippageKind::ticks, fx(100), 14, true};
        c.liquidity = {LiquidityKind::bar_volume, fx("0.002")};
        c.latency.cancel_ns = kNanosPerDay / 2;
        engine = std::make_unique<Engine>(c, tee);
        InstrumentSpec spec;
        spec.name = "ORCL";
        engine->add_instrument(spec);
        trace_sink.attach(*engine);
        bars = read_bars(kDataFile, kBars);

        RunHeader h;
        h.producer = "engine_run_test";
        h.strategy = "scripted";
        h.bytecode_hash = hash_bytes("scripted");
        h.inputs = {{"size", "int", std::int64_t{1000}}};
        DataFile f;
        f.path = "data/orcl-1995-2014.csv";
        f.kind = "bars";
        f.symbols = {"ORCL"};
        f.rows = bars.size();
        if (auto d = digest_file(kDataFile)) {
            f.bytes = d->bytes;
            f.hash = d->hash;
        }
        h.data = {f};
        h.config = engine->config();
        h.instruments = instrument_specs(engine->instruments());
        h.history_depth = 50;
        writer.write_header(h);

        for (std::size_t i = 0; i < bars.size(); ++i) {
            writer.write_bar(bars[i], engine->event_seq() + 1);
            engine->on_bar(bars[i]);
            strategy(i, bars[i]);
            engine->emit_snapshot();
        }
        RunSummary s;
        s.ts = engine->clock();
        s.market_events = engine->event_seq();
        s.orders = engine->last_order_id();
        s.fills = engine->fill_count();
        s.ambiguous_bars = engine->ambiguous_bar_count();
        s.starting_cash = engine->config().starting_cash;
        s.final_equity = engine->portfolio().equity;
        s.net_profit = s.final_equity - s.starting_cash;
        s.commission = engine->portfolio().commission;
        writer.write_end(s);
    }

    // Step 4 of each bar: a scripted strategy that exercises every order type and contingency.
    void strategy(std::size_t i, const Bar& bar) {
        Engine& e = *engine;
        const SymbolId s = 0;
        const Fixed c = bar.close;
        auto pct = [&](const char* p) { return on_tick(c * fx(p)); };
        auto log = [&](const std::string& text) {
            writer.write_log({e.clock(), e.event_seq(), "on_bar", text});
        };
        writer.write_call({e.clock(), e.event_seq(), "on_bar", s, kNoOrder, 100});
        switch (i % 25) {
            case 1: {  // a bracket with tight exits: both often inside one bar (ambiguous)
                BracketRequest b;
                b.symbol = s;
                b.side = Side::buy;
                b.qty = fx(1000);
                b.entry_limit = pct("0.995");
                b.take_profit = pct("1.01");
                b.stop_loss = pct("0.99");
                b.tag = "bracket";
                e.bracket(b);
                log("bracket at " + b.entry_limit->to_string());
                break;
            }
            case 5:
                e.limit(s, Side::buy, fx(600), pct("0.98"), {TimeInForce::day, "dip"});
                e.stop(s, Side::buy, fx(300), pct("1.02"), {TimeInForce::gtc, "breakout"});
                break;
            case 8: {  // an OCO straddle
                OrderId up = e.stop_limit(s, Side::buy, fx(400), pct("1.01"), pct("1.03"));
                OrderId down = e.stop(s, Side::sell, fx(400), pct("0.99"));
                e.oco(up, down);
                break;
            }
            case 11:
                if (e.position(s).qty.is_positive()) {
                    e.trailing_stop_percent(s, Side::sell, e.position(s).qty, fx(2), {});
                }
                e.market(s, Side::buy, fx(200), {TimeInForce::ioc, "ioc"});
                break;
            case 14:
                e.cancel_all(s);  // with cancel latency: cancel_requested, some lose to fills
                e.limit(s, Side::sell, fx(100), fx("0.0000001"), {});  // off tick: rejected
                e.cancel(999'999);                                     // unknown: rejected
                break;
            case 18:
                e.trailing_stop_offset(s, Side::sell, fx(100), pct("0.03") + fx("0.000001"), {});
                break;
            case 21:
                e.close_position(s, {TimeInForce::gtc, "flat"});
                log("closing " + e.position(s).qty.to_string());
                break;
            default:
                break;
        }
    }
};

class EngineRun : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        run_ = new RecordedRun();
        reader_ = new Reader("engine_run.jsonl");
        reader_->feed(run_->out.str());
        reader_->finish();
    }
    static void TearDownTestSuite() {
        delete reader_;
        delete run_;
    }
    const Trace& t() const { return reader_->trace(); }
    template <typename T>
    std::vector<T> recorded() const {
        std::vector<T> out;
        for (const Event& e : run_->recorded.events()) {
            if (const T* x = std::get_if<T>(&e)) out.push_back(*x);
        }
        return out;
    }

    static RecordedRun* run_;
    static Reader* reader_;
};
RecordedRun* EngineRun::run_ = nullptr;
Reader* EngineRun::reader_ = nullptr;

TEST_F(EngineRun, ReadsCompleteWithoutErrors) {
    EXPECT_TRUE(run_->writer.ok());
    EXPECT_EQ(reader_->status(), ReadStatus::complete) << reader_->status_text();
    EXPECT_EQ(t().end->records, t().records - 1);
    EXPECT_EQ(t().end->engine_events, run_->recorded.events().size());
    EXPECT_EQ(t().header->data.at(0).hash.size(), 16u);
    EXPECT_EQ(t().header->instruments.at(0).name, "ORCL");
}

TEST_F(EngineRun, TheScriptExercisesEnough) {
    EXPECT_GT(recorded<Fill>().size(), 20u);
    EXPECT_GT(recorded<OrderPartiallyFilled>().size(), 0u);
    EXPECT_GT(recorded<OrderRejected>().size(), 0u);
    EXPECT_GT(recorded<OrderCanceled>().size(), 0u);
    EXPECT_GT(recorded<OrderExpired>().size(), 0u);
    EXPECT_GT(recorded<OrderTriggered>().size(), 0u);
    EXPECT_GT(recorded<OrderModified>().size(), 0u);
    EXPECT_GT(recorded<CancelRequested>().size(), 0u);
    EXPECT_GT(recorded<CommandRejected>().size(), 0u);
    EXPECT_GT(recorded<OcoLinked>().size(), 0u);
    EXPECT_GT(recorded<AmbiguousBar>().size(), 0u);
}

TEST_F(EngineRun, BarsAreTheData) {
    const auto& rows = t().symbols.at(0).bars;
    ASSERT_EQ(rows.size(), run_->bars.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Bar& b = run_->bars[i];
        EXPECT_EQ(rows[i], (BarRow{i + 1, b.ts, dec(b.open), dec(b.high), dec(b.low), dec(b.close),
                                   dec(b.volume)}));
    }
}

TEST_F(EngineRun, EveryFillWithItsProvenance) {
    std::vector<Fill> fills = recorded<Fill>();
    ASSERT_EQ(t().fills.size(), fills.size());
    for (std::size_t i = 0; i < fills.size(); ++i) {
        const Fill& f = fills[i];
        const FillRecord& r = t().fills[i];
        EXPECT_EQ(r.fill_id, f.fill_id);
        EXPECT_EQ(r.seq, f.event_seq);
        EXPECT_EQ(r.ts, f.ts);
        EXPECT_EQ(r.order_id, f.order_id);
        EXPECT_EQ(r.symbol, f.symbol);
        EXPECT_EQ(to_string(r.side), to_string(f.side));
        EXPECT_EQ(r.qty, dec(f.qty));
        EXPECT_EQ(r.price, dec(f.price));
        EXPECT_EQ(to_string(r.leg), to_string(f.leg));
        EXPECT_EQ(r.trigger_price, dec(f.trigger_price));
        EXPECT_EQ(to_string(r.gap), to_string(f.gap));
        EXPECT_EQ(r.base_price, dec(f.base_price));
        EXPECT_EQ(r.slippage, dec(f.slippage));
        EXPECT_EQ(r.latency_ns, f.latency_ns);
        EXPECT_EQ(r.commission, dec(f.commission));
        EXPECT_EQ(r.liquidity_capped, f.liquidity_capped);
        EXPECT_EQ(r.oco_canceled, f.oco_canceled);
        EXPECT_EQ(r.oco_reduced, f.oco_reduced);
        EXPECT_EQ(r.realized_pnl, dec(f.realized_pnl));
        EXPECT_EQ(r.position_after, dec(f.position_after));
        EXPECT_EQ(r.avg_price_after, dec(f.avg_price_after));
        // The market event it happened on is the bar of that seq.
        EXPECT_EQ(t().symbols[0].bars.at(r.seq - 1).ts, r.ts);
    }
}

TEST_F(EngineRun, EveryOrderEndsAsTheEngineSaysWithItsLinks) {
    const Engine& e = *run_->engine;
    ASSERT_EQ(t().orders.size(), e.last_order_id());
    for (OrderId id = 1; id <= e.last_order_id(); ++id) {
        OrderSnapshot s = *e.order(id);
        const Order* o = t().order(id);
        ASSERT_NE(o, nullptr) << id;
        SCOPED_TRACE("order " + std::to_string(id) + " " + std::string(to_string(s.type)));
        EXPECT_EQ(to_string(o->status), to_string(s.status));
        EXPECT_EQ(to_string(o->side), to_string(s.side));
        EXPECT_EQ(to_string(o->type), to_string(s.type));
        EXPECT_EQ(to_string(o->tif), to_string(s.tif));
        EXPECT_EQ(o->qty, dec(s.qty));
        EXPECT_EQ(o->filled_qty, dec(s.filled_qty));
        EXPECT_EQ(o->avg_fill_price, dec(s.avg_fill_price));
        EXPECT_EQ(o->limit_price, dec(s.limit_price));
        EXPECT_EQ(o->stop_price, dec(s.stop_price));
        EXPECT_EQ(o->triggered, s.triggered);
        EXPECT_EQ(o->tag, s.tag);
        EXPECT_EQ(o->parent, s.parent);
        EXPECT_EQ(o->oco, s.oco);
        EXPECT_EQ(o->take_profit, s.take_profit);
        EXPECT_EQ(o->stop_loss, s.stop_loss);
        if (s.status == OrderStatus::rejected) {
            EXPECT_EQ(o->reason, to_string(s.reject_reason));
        }
        EXPECT_EQ(o->created_ts, s.created_ts);
        EXPECT_EQ(o->updated_ts, s.updated_ts);
        if (!is_working(s.status)) {
            EXPECT_EQ(o->finished_ts, s.updated_ts);
        }
        Fixed fills;
        for (std::uint32_t k : o->fills)
            fills += Fixed::from_raw(t().fills[k].qty.raw());
        EXPECT_EQ(fills, s.filled_qty);
    }
}

// The reader's orders and position are the lifecycle reducer's over the engine's own events,
// every field (the dispatcher's view of the same run), and its replay of an order's updates up
// to its end is its final state.
TEST_F(EngineRun, TheReaderReducesTheRecordsAsTheEngineEventsReduce) {
    lifecycle::EngineBook book = reduced(run_->recorded.events(), 1);
    ASSERT_EQ(book.orders().size(), t().orders.size());
    for (std::size_t i = 0; i < t().orders.size(); ++i) {
        expect_same_order(t().orders[i], book.orders()[i]);
        OrderState replayed;
        for (const OrderUpdate& u : t().orders[i].updates)
            lifecycle::apply(replayed, u.change);
        EXPECT_EQ(replayed, static_cast<const OrderState&>(t().orders[i])) << i + 1;
    }
    expect_same_position(t().symbols[0].position, book.positions()[0]);
}

TEST_F(EngineRun, SnapshotsPositionsAndCounts) {
    std::vector<PortfolioSnapshot> snapshots = recorded<PortfolioSnapshot>();
    ASSERT_EQ(t().portfolio.size(), snapshots.size());
    ASSERT_EQ(snapshots.size(), kBars);
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
        const PortfolioSnapshot& p = snapshots[i];
        EXPECT_EQ(t().portfolio[i],
                  (PortfolioPoint{i + 1, p.ts, dec(p.cash), dec(p.equity), dec(p.realized_pnl),
                                  dec(p.unrealized_pnl), dec(p.commission), dec(p.margin_used),
                                  dec(p.maintenance_margin), dec(p.buying_power),
                                  dec(p.gross_exposure), true}));
    }
    std::vector<PositionChanged> changes = recorded<PositionChanged>();
    const auto& model = t().symbols[0].position_changes;
    ASSERT_EQ(model.size(), changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const PositionChanged& c = changes[i];
        EXPECT_EQ(model[i].ts, c.ts);
        EXPECT_EQ(model[i].qty, dec(c.qty));
        EXPECT_EQ(model[i].avg_price, dec(c.avg_price));
        EXPECT_EQ(model[i].realized_pnl, dec(c.realized_pnl));
        EXPECT_EQ(model[i].unrealized_pnl, dec(c.unrealized_pnl));
        EXPECT_EQ(model[i].commission, dec(c.commission));
    }
    // The last position point is the engine's position now (or flat).
    PositionSnapshot now = run_->engine->position(0);
    const auto& points = t().symbols[0].positions;
    ASSERT_FALSE(points.empty());
    EXPECT_EQ(points.back().qty, dec(now.qty));
    if (!now.qty.is_zero()) {
        EXPECT_EQ(points.back().seq, kBars);
        EXPECT_EQ(points.back().unrealized_pnl, dec(now.unrealized_pnl));
        EXPECT_EQ(points.back().avg_price, dec(now.avg_price));
    }
    // Per kind, as many records as events.
    std::array<std::uint64_t, kEventKindCount> counts{};
    for (const Event& e : run_->recorded.events())
        ++counts[e.index()];
    for (std::size_t k = 0; k < kEventKindCount; ++k)
        EXPECT_EQ(t().count(static_cast<RecordKind>(k)), counts[k]) << event_name(k);
    EXPECT_EQ(t().ambiguous_bars.size(), run_->engine->ambiguous_bar_count());
    EXPECT_EQ(t().count(RecordKind::bar), kBars);
    EXPECT_EQ(t().calls.size(), kBars);
    EXPECT_GT(t().logs.size(), 0u);
}

TEST_F(EngineRun, TwoRunsGiveTheSameBytes) {
    RecordedRun again;
    EXPECT_EQ(again.out.str(), run_->out.str());
}

}  // namespace
}  // namespace dsl::trace::test
