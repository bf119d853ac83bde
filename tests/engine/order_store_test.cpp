// The order history's storage: sealed chunks (engine/order_record.h, engine/sealed_orders.h).
// Finished orders are re-encoded compactly once nothing can change or reach them; these tests
// check that a sealed order reads back exactly as it was, that a chunk is not sealed while one of
// its orders, an order linked to one, a timer or a first evaluation can still reach it, and that
// commands naming sealed orders answer as before.
#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "csv_bars.h"
#include "engine/engine.h"
#include "engine/sealed_orders.h"
#include "harness.h"
#include "random_orders.h"

namespace dsl::engine::test {
namespace {

constexpr std::size_t kChunk = OrderStore::kChunk;

// --- The encoding alone ---

// Raw values that stress the encoding: 0, extremes, NaN, whole and fractional decimals.
std::int64_t random_raw(Rand& r) {
    switch (r.below(8)) {
        case 0:
            return 0;
        case 1:
            return std::numeric_limits<std::int64_t>::min();  // Fixed::nan(), kNoTime
        case 2:
            return std::numeric_limits<std::int64_t>::max();
        case 3:
            return -std::int64_t{r.below(1'000'000)} * 100'000'000;
        case 4:
            return std::int64_t{r.below(1'000'000'000)} * 100;
        case 5:
            return static_cast<std::int64_t>(r.g.next());
        default:
            return std::int64_t{r.below(100'000)} * 1'000'000;
    }
}

Fixed random_fixed(Rand& r) {
    return Fixed::from_raw(random_raw(r));
}

std::string random_text(Rand& r) {
    static const char* const kTexts[] = {
        "", "", "", "entry", "exit", "margin_call", "a tag longer than the small string buffer"};
    if (r.chance(10)) return "t" + std::to_string(r.below(100'000));
    return kTexts[r.below(7)];
}

OrderId random_link(Rand& r, OrderId id) {
    auto k = static_cast<OrderId>(r.below(3));
    switch (r.below(4)) {
        case 0:
            return kNoOrder;
        case 1:
            return id + 1 + k;
        case 2:
            return id > 3 ? id - 1 - k : kNoOrder;
        default:
            return 1 + static_cast<OrderId>(r.below(static_cast<int>(id) + 5000));
    }
}

OrderSnapshot random_snapshot(Rand& r, OrderId id, Timestamp& clock) {
    OrderSnapshot o;
    o.id = id;
    o.symbol = r.chance(70) ? 0 : static_cast<SymbolId>(r.below(5));
    if (r.chance(2)) o.symbol = kNoSymbol;
    o.side = r.chance(50) ? Side::buy : Side::sell;
    o.type = static_cast<OrderType>(r.below(5));
    o.status = static_cast<OrderStatus>(r.below(kOrderStatusCount));
    o.tif = static_cast<TimeInForce>(r.below(4));
    o.qty = random_fixed(r);
    // Often equal to a neighbour, as in real orders; sometimes not.
    o.filled_qty = r.chance(50) ? o.qty : random_fixed(r);
    o.limit_price = random_fixed(r);
    o.stop_price = random_fixed(r);
    o.trail_offset = random_fixed(r);
    o.trail_percent = random_fixed(r);
    o.avg_fill_price = random_fixed(r);
    o.last_fill_qty = r.chance(50) ? o.filled_qty : random_fixed(r);
    o.last_fill_price = r.chance(50) ? o.avg_fill_price : random_fixed(r);
    o.commission = random_fixed(r);
    o.triggered = r.chance(30);
    o.tag = random_text(r);
    o.reject_reason = r.chance(70) ? RejectReason::none : static_cast<RejectReason>(r.below(20));
    o.reject_text = random_text(r);
    o.parent = random_link(r, id);
    o.take_profit = random_link(r, id);
    o.stop_loss = random_link(r, id);
    o.oco = random_link(r, id);
    if (r.chance(5)) {
        clock = random_raw(r);
    } else if (clock < std::numeric_limits<Timestamp>::max() - kNanosPerDay) {
        clock += r.below(3) * 60 * kNanosPerSecond;
    }
    o.created_ts = clock;
    o.updated_ts = r.chance(30) ? clock : random_raw(r);
    return o;
}

TEST(SealedOrders, RandomSnapshotsDecodeFieldByField) {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        Rand r(seed);
        const OrderId first = 1 + seed * 1000;
        const std::size_t n = 1000 + seed;  // groups of 16 that do not divide it
        std::vector<OrderSnapshot> in;
        Timestamp clock = kNoTime;
        for (std::size_t i = 0; i < n; ++i)
            in.push_back(random_snapshot(r, first + i, clock));
        SealedOrdersWriter w(first);
        for (const OrderSnapshot& o : in)
            w.add(o);
        SealedOrders sealed = std::move(w).finish();
        ASSERT_EQ(sealed.size(), n);
        EXPECT_EQ(sealed.first_id(), first);
        for (std::size_t i = 0; i < n; ++i) {
            OrderSnapshot out = sealed.get(i);
            ASSERT_EQ(out, in[i]) << "seed " << seed << ", order " << i;
        }
    }
}

// --- Sealing inside the engine ---

const std::vector<CsvBar>& orcl() {
    static const std::vector<CsvBar> bars =
        read_csv_bars(std::string(DSL_ENGINE_TEST_DATA_DIR) + "/orcl-1995-2014.csv");
    return bars;
}

// Every order's snapshot as of the last event that named it (or the command that created or
// linked it): what the order was before any sealing, to compare its decoded form with.
class Shadow {
  public:
    explicit Shadow(EngineConfig config)
        : sink_([this](const Event& e) { on_event(e); }), engine(std::move(config), sink_) {}

    void refresh(OrderId id) {
        if (id == kNoOrder || id > engine.last_order_id()) return;
        if (seen.size() < id) seen.resize(id);
        seen[id - 1] = *engine.order(id);
    }

  private:
    void on_event(const Event& e) {
        std::visit(
            [&](const auto& ev) {
                if constexpr (requires { ev.id; }) refresh(ev.id);
                if constexpr (requires { ev.order_id; }) refresh(ev.order_id);
                if constexpr (requires { ev.first; }) refresh(ev.first);
                if constexpr (requires { ev.second; }) refresh(ev.second);
            },
            e);
    }

    FunctionSink sink_;

  public:
    Engine engine;
    std::vector<OrderSnapshot> seen;
};

// What every random action draws first, whether it uses it or not.
struct Draw {
    SymbolId s;
    Fixed close;
    Side side;
    bool buy;
    Fixed qty;
    OrderOptions opt;
};

Draw draw(SymbolId s, Fixed close, Rand& r) {
    Side side = r.chance(50) ? Side::buy : Side::sell;
    Fixed qty = fx(1 + r.below(400));
    OrderOptions opt{random_tif(r), r.chance(30) ? "tag" + std::to_string(r.below(3)) : ""};
    return {s, close, side, side == Side::buy, qty, std::move(opt)};
}

// Action `kind` 0..5: one order of each single-order type, priced near the close.
OrderId place_order(Engine& e, int kind, const Draw& d, Rand& r) {
    const bool buy = d.buy;
    switch (kind) {
        case 0:
            return e.market(d.s, d.side, d.qty, d.opt);
        case 1:
            return e.limit(d.s, d.side, d.qty, near(d.close, r, buy ? -30 : 0, buy ? 0 : 30),
                           d.opt);
        case 2:
            return e.stop(d.s, d.side, d.qty, near(d.close, r, buy ? 0 : -30, buy ? 30 : 0), d.opt);
        case 3: {
            Fixed stop = near(d.close, r, buy ? 0 : -20, buy ? 20 : 0);
            return e.stop_limit(d.s, d.side, d.qty, stop,
                                near(stop, r, buy ? -10 : -5, buy ? 5 : 10), d.opt);
        }
        case 4:
            return e.trailing_stop_offset(d.s, d.side, d.qty, near(d.close, r, -980, -960), d.opt);
        default:
            return e.trailing_stop_percent(d.s, d.side, d.qty, fx(1 + r.below(4)), d.opt);
    }
}

// Actions 6..13: linked orders, cancels (of any id, long-finished and sealed ones too),
// closing the position, an off-tick price, all the cash, cancelling everything.
void other_action(Engine& e, int kind, const Draw& d, Rand& r, std::vector<OrderId>& created) {
    switch (kind) {
        case 6: {
            BracketRequest b = random_bracket(d.s, d.side, d.qty, d.close, r);
            b.tag = d.opt.tag;
            BracketIds ids = e.bracket(b);
            created.insert(created.end(), {ids.entry, ids.take_profit, ids.stop_loss});
            break;
        }
        case 7: {
            OrderId a = e.limit(d.s, Side::buy, d.qty, near(d.close, r, -30, -5));
            OrderId b = e.stop(d.s, Side::buy, d.qty, near(d.close, r, 5, 30));
            e.oco(a, b);
            created.insert(created.end(), {a, b});
            break;
        }
        case 8: {
            auto working = e.working_orders();
            if (!working.empty()) {
                e.cancel(
                    working[static_cast<std::size_t>(r.below(static_cast<int>(working.size())))]);
            }
            break;
        }
        case 9:
            e.cancel(static_cast<OrderId>(1 + r.below(static_cast<int>(e.last_order_id()) + 2)));
            break;
        case 10:
            created.push_back(e.close_position(d.s, d.opt));
            break;
        case 11:
            created.push_back(e.limit(d.s, d.side, d.qty, d.close + Fixed::from_raw(1), d.opt));
            break;
        case 12: {
            // All the cash at the close: rejected at the fill when the next bar opens higher.
            Fixed cash = e.portfolio().cash;
            if (cash.is_positive()) {
                created.push_back(
                    e.market(d.s, Side::buy, (cash / d.close).floor_to(fx(1)), d.opt));
            }
            break;
        }
        default:
            e.cancel_all();
            break;
    }
}

// A few orders of every kind after each bar.
void trade(Shadow& t, SymbolId s, Fixed close, Rand& r) {
    std::vector<OrderId> created;
    for (int n = r.below(4); n > 0; --n) {
        Draw d = draw(s, close, r);
        int kind = r.below(14);
        if (kind < 6)
            created.push_back(place_order(t.engine, kind, d, r));
        else
            other_action(t.engine, kind, d, r, created);
    }
    for (OrderId id : created)
        t.refresh(id);
}

EngineConfig trading_config() {
    EngineConfig c;
    c.liquidity = {LiquidityKind::bar_volume, fx("0.001")};  // partial fills
    c.commission = {CommissionKind::percent, fx("0.1"), fx(1)};
    c.latency.cancel_ns = kNanosPerDay / 2;  // cancels in flight, some too late
    c.slippage = {SlippageKind::ticks, fx(2), 14, true};
    return c;
}

TEST(OrderStore, EveryKindOfOrderReadsBackExactlyOnceSealed) {
    Shadow t(trading_config());
    InstrumentSpec spec;
    spec.name = "ORCL";
    SymbolId s = t.engine.add_instrument(spec);
    Rand r(7);
    for (const CsvBar& b : orcl()) {
        t.engine.on_bar(Bar{s, b.ts, b.open, b.high, b.low, b.close, b.volume});
        trade(t, s, b.close, r);
    }
    t.engine.cancel_all();
    t.engine.advance_time(orcl().back().ts + 30 * kNanosPerDay);  // in-flight cancels land

    const OrderStore& store = t.engine.order_store();
    const OrderId last = t.engine.last_order_id();
    ASSERT_GT(last, 5 * kChunk);
    EXPECT_EQ(t.engine.working_order_count(), 0u);
    EXPECT_EQ(store.sealed_chunks(), last / kChunk);  // every full chunk; the last is not full
    ASSERT_EQ(t.seen.size(), last);

    // What the sealed orders cover: every type, every final status, the flags and texts.
    std::map<std::pair<OrderType, OrderStatus>, int> kinds;
    int partial = 0, triggered = 0, tagged = 0, fill_time_rejects = 0, default_rejects = 0;
    int brackets = 0, oco = 0;
    for (OrderId id = 1; id <= store.sealed_chunks() * kChunk; ++id) {
        ASSERT_TRUE(store.sealed(id - 1));
        const OrderSnapshot& before = t.seen[id - 1];
        ASSERT_EQ(*t.engine.order(id), before) << "order " << id;
        ++kinds[{before.type, before.status}];
        partial += before.filled_qty.is_positive() && before.filled_qty < before.qty;
        triggered += before.triggered;
        tagged += !before.tag.empty();
        fill_time_rejects += before.reject_text.starts_with("not enough buying power for");
        default_rejects += before.reject_reason == RejectReason::off_tick;
        brackets += before.take_profit != kNoOrder;
        oco += before.oco != kNoOrder && before.parent == kNoOrder;
    }
    for (OrderType type : {OrderType::market, OrderType::limit, OrderType::stop,
                           OrderType::stop_limit, OrderType::trailing_stop}) {
        for (OrderStatus status : {OrderStatus::filled, OrderStatus::canceled,
                                   OrderStatus::rejected, OrderStatus::expired}) {
            if (type == OrderType::market && status == OrderStatus::canceled) continue;
            EXPECT_GT((kinds[{type, status}]), 0) << to_string(type) << " " << to_string(status);
        }
    }
    EXPECT_GT(partial, 0);
    EXPECT_GT(triggered, 0);
    EXPECT_GT(tagged, 0);
    EXPECT_GT(fill_time_rejects, 0);
    EXPECT_GT(default_rejects, 0);
    EXPECT_GT(brackets, 0);
    EXPECT_GT(oco, 0);
    EXPECT_LE(store.sealed_bytes() / (store.sealed_chunks() * kChunk), 40u);
}

TEST(OrderStore, ATrendFollowerKeepsAboutTwentyBytesAnOrder) {
    Harness h([] {
        EngineConfig c;
        c.commission = {CommissionKind::percent, fx("0.1"), Fixed()};
        return c;
    }());
    // Long after an up close, flat after a down close (market orders of 100, as the e2e
    // benchmark's crossover places them), over the ORCL file twice.
    const std::vector<CsvBar>& bars = orcl();
    const Timestamp span = bars.back().ts - bars.front().ts + kNanosPerDay;
    bool long_now = false;
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 1; i < bars.size(); ++i) {
            const CsvBar& b = bars[i];
            h.engine.on_bar(
                Bar{h.sym, b.ts + pass * span, b.open, b.high, b.low, b.close, b.volume});
            if ((b.close > bars[i - 1].close) != long_now) {
                long_now = !long_now;
                h.engine.market(h.sym, long_now ? Side::buy : Side::sell, fx(100));
            }
        }
    }
    const OrderStore& store = h.engine.order_store();
    ASSERT_GE(store.sealed_chunks(), 3u);
    EXPECT_EQ(store.sealed_chunks(), h.engine.last_order_id() / kChunk);
    EXPECT_LE(store.sealed_bytes() / (store.sealed_chunks() * kChunk), 20u);
}

// A harness whose first chunk is all rejected orders (final at once) but for the ids given.
class ChunkTest : public ::testing::Test {
  protected:
    explicit ChunkTest(EngineConfig config = {}) : h(config) { h.bar(0, "10", "10", "10", "10"); }

    // Rejected orders (quantity 0) until the next id is `id`.
    void fill_to(OrderId id) {
        while (h.engine.last_order_id() + 1 < id)
            h.engine.market(h.sym, Side::buy, fx(0));
    }
    bool chunk0_sealed() const { return h.engine.order_store().sealed(0); }
    void bars(int from, int to) {
        for (int d = from; d <= to; ++d)
            h.bar(d, "10", "10.5", "9.5", "10");
    }

    Harness h;
};

TEST_F(ChunkTest, NotSealedWhileOneOfItsOrdersWorks) {
    OrderId resting = h.engine.limit(h.sym, Side::buy, fx(1), fx(5));
    fill_to(kChunk + 1);
    bars(1, 5);
    EXPECT_FALSE(chunk0_sealed());
    EXPECT_TRUE(h.engine.cancel(resting));
    EXPECT_FALSE(chunk0_sealed());  // commands do not seal; the next market input does
    bars(6, 6);
    EXPECT_TRUE(chunk0_sealed());
    EXPECT_EQ(h.status(resting), OrderStatus::canceled);
    EXPECT_EQ(h.engine.order_store().sealed_chunks(), 1u);
}

TEST_F(ChunkTest, NotSealedWhileAnOcoSiblingInALaterChunkWorks) {
    OrderId a = h.engine.limit(h.sym, Side::buy, fx(1), fx(5));
    fill_to(kChunk + 1);
    OrderId b = h.engine.stop(h.sym, Side::buy, fx(1), fx(15));
    ASSERT_TRUE(h.engine.oco(a, b));
    h.engine.cancel(a);  // every order of chunk 0 is final now; b still names a
    bars(1, 5);
    EXPECT_FALSE(chunk0_sealed());
    h.engine.cancel(b);
    bars(6, 6);
    EXPECT_TRUE(chunk0_sealed());
    EXPECT_EQ(h.order(a).oco, b);
    EXPECT_EQ(h.order(b).oco, a);
}

TEST_F(ChunkTest, NotSealedWhileABracketEntrysExitsWork) {
    fill_to(kChunk);  // the entry is the chunk's last order, its exits open chunk 1
    BracketIds ids = h.engine.bracket({.symbol = h.sym,
                                       .side = Side::buy,
                                       .qty = fx(10),
                                       .entry_limit = std::nullopt,  // a market entry
                                       .take_profit = fx(20),
                                       .stop_loss = fx(5),
                                       .tif = TimeInForce::gtc,
                                       .tag = "bracket"});
    ASSERT_EQ(ids.entry, kChunk);
    bars(1, 5);
    ASSERT_EQ(h.status(ids.entry), OrderStatus::filled);
    EXPECT_FALSE(chunk0_sealed());
    OrderSnapshot entry = h.order(ids.entry);
    h.engine.cancel(ids.take_profit);  // the stop loss still protects the position
    bars(6, 7);
    EXPECT_FALSE(chunk0_sealed());
    h.engine.cancel(ids.stop_loss);
    bars(8, 8);
    ASSERT_TRUE(chunk0_sealed());
    EXPECT_EQ(h.order(ids.entry), entry);
    EXPECT_EQ(h.order(ids.stop_loss).parent, ids.entry);
}

class CancelLatencyChunkTest : public ChunkTest {
  protected:
    static EngineConfig config() {
        EngineConfig c;
        c.latency.cancel_ns = kNanosPerDay + kNanosPerDay / 2;
        return c;
    }
    CancelLatencyChunkTest() : ChunkTest(config()) {}
};

TEST_F(CancelLatencyChunkTest, NotSealedWhileACancelIsInFlight) {
    OrderId id = h.engine.market(h.sym, Side::buy, fx(1));
    ASSERT_TRUE(h.engine.cancel(id));  // lands at day 1.5: the fill on day 1 wins the race
    fill_to(kChunk + 1);
    bars(1, 1);
    ASSERT_EQ(h.status(id), OrderStatus::filled);
    EXPECT_FALSE(chunk0_sealed());  // the cancel's timer still names the order
    h.clear();
    bars(2, 2);
    auto rejected = h.all<CommandRejected>();
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_EQ(rejected[0].id, id);
    EXPECT_EQ(rejected[0].reason, RejectReason::cancel_too_late);
    EXPECT_TRUE(chunk0_sealed());
}

TEST(OrderStore, NotSealedWhileAFirstEvaluationIsQueued) {
    Harness h;
    SymbolId b = h.add_symbol("OTHER");
    h.bar(0, "10", "10", "10", "10");
    h.engine.on_bar(make_bar(b, day(0), "10", "10", "10", "10"));
    OrderId day_order = h.engine.limit(b, Side::buy, fx(1), fx(5), {TimeInForce::day, ""});
    h.engine.cancel(day_order);  // final, but still queued for its first evaluation on b
    while (h.engine.last_order_id() < kChunk + 1)
        h.engine.market(h.sym, Side::buy, fx(0));
    for (int d = 1; d <= 3; ++d)
        h.bar(d, "10", "10.5", "9.5", "10");
    EXPECT_FALSE(h.engine.order_store().sealed(0));
    h.engine.on_bar(make_bar(b, day(4), "10", "10", "10", "10"));
    EXPECT_TRUE(h.engine.order_store().sealed(0));
}

TEST_F(ChunkTest, CommandsOnSealedOrdersAnswerAsBefore) {
    OrderId filled = h.engine.market(h.sym, Side::buy, fx(1));
    OrderId working = h.engine.limit(h.sym, Side::buy, fx(1), fx(5));
    fill_to(kChunk + 1);
    OrderId later = h.engine.limit(h.sym, Side::buy, fx(1), fx(6));
    bars(1, 1);
    ASSERT_EQ(h.status(filled), OrderStatus::filled);
    OrderSnapshot before = h.order(filled);

    // Before sealing: the answers to compare with.
    h.clear();
    EXPECT_FALSE(h.engine.cancel(filled));
    EXPECT_FALSE(h.engine.oco(filled, later));
    EXPECT_FALSE(h.engine.oco(later, filled));
    std::vector<Event> unsealed = h.events;

    h.engine.cancel(working);
    bars(2, 2);
    ASSERT_TRUE(chunk0_sealed());
    h.clear();
    EXPECT_FALSE(h.engine.cancel(filled));
    EXPECT_FALSE(h.engine.oco(filled, later));
    EXPECT_FALSE(h.engine.oco(later, filled));
    ASSERT_EQ(h.events.size(), unsealed.size());
    for (std::size_t i = 0; i < h.events.size(); ++i) {
        auto& now = std::get<CommandRejected>(h.events[i]);
        auto then = std::get<CommandRejected>(unsealed[i]);
        EXPECT_EQ(now.reason, RejectReason::order_finished);
        then.ts = now.ts;  // one bar later
        EXPECT_EQ(now, then);
    }
    EXPECT_EQ(h.order(filled), before);
    EXPECT_EQ(h.engine.cancel_all(), 1u);  // the working order of chunk 1 only
    EXPECT_EQ(h.engine.working_orders().size(), 0u);
    EXPECT_FALSE(h.engine.order(h.engine.last_order_id() + 1).has_value());
}

}  // namespace
}  // namespace dsl::engine::test
