// Property tests: thousands of random order streams on the real daily data of data/*.csv, each
// under a random engine configuration (path model, liquidity, slippage, commission, latency with
// jitter, cash or margin account), in bar mode or with every bar replayed as four ticks. At every
// event a checking sink verifies:
//   - the equity identity, exactly;
//   - no order is over-filled, fills add up to the order's filled quantity, limit prices hold and
//     bar-mode fills lie inside the bar;
//   - statuses only move forward and final statuses never change;
//   - the two legs of an OCO pair never fill beyond their shared quantity, and bracket exits
//     never fill beyond their entry's fills;
//   - positions equal the signed sum of their fills;
// and replaying a stream gives an identical event stream.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "engine/engine.h"
#include "random_orders.h"

namespace dsl::engine::test {
namespace {

// A sink that checks the invariants at every event.
class Checker final : public EventSink {
  public:
    Engine* engine = nullptr;
    bool bar_mode = true;
    Fixed bar_low, bar_high;
    int violations = 0;
    std::string first_violation;
    std::vector<Event>* record = nullptr;

    void link(OrderId a, OrderId b) {
        oco_[a] = b;
        oco_[b] = a;
        shared_[a] = shared_[b] = max(engine->order(a)->qty, engine->order(b)->qty);
    }
    void bracket(const BracketIds& ids) {
        entry_of_[ids.take_profit] = ids.entry;
        entry_of_[ids.stop_loss] = ids.entry;
        exits_[ids.entry] = {ids.take_profit, ids.stop_loss};
    }

    void on_event(const Event& e) override {
        if (record) record->push_back(e);
        PortfolioSnapshot p = engine->portfolio();
        expect(p.equity == engine->config().starting_cash + p.realized_pnl + p.unrealized_pnl -
                               p.commission,
               "equity identity");
        std::visit([&](const auto& ev) { check(ev); }, e);
    }

    void final_checks() {
        std::size_t working = 0;
        for (OrderId id = 1; id <= engine->last_order_id(); ++id) {
            check_order(id);
            if (engine->order(id)->working()) ++working;
        }
        expect(working == engine->working_order_count(), "working order count");
    }

  private:
    // Every order event: the order's state (a rejected command may name an unknown id).
    template <typename T>
    void check(const T& ev) {
        if constexpr (!std::is_same_v<T, CommandRejected> && requires { ev.id; }) {
            check_order(ev.id);
        }
    }
    void check(const Fill& f) {
        check_order(f.order_id);
        OrderSnapshot o = *engine->order(f.order_id);
        expect(f.qty.is_positive(), "fill qty > 0");
        // An order fills at most once per market event (the dispatcher relies on it).
        auto [last, first_fill] = last_fill_event_.try_emplace(f.order_id, f.event_seq);
        expect(first_fill || last->second != f.event_seq, "one fill per order and event");
        last->second = f.event_seq;
        filled_[f.order_id] += f.qty;
        expect(filled_[f.order_id] == o.filled_qty, "fills add up to the filled qty");
        bool limit_like = o.type == OrderType::limit || o.type == OrderType::stop_limit;
        if (limit_like) {
            expect(o.side == Side::buy ? f.price <= o.limit_price : f.price >= o.limit_price,
                   "limit price respected");
        }
        if (bar_mode) expect(bar_low <= f.price && f.price <= bar_high, "fill inside the bar");
        // Every price of the data, the orders and the quotes is on the tick, so every fill is.
        expect(f.price.is_multiple_of(kDefaultTickSize), "fill on the tick");
        account(o.side, f);
        expect(f.position_after == position_, "position after the fill");
        if (auto it = oco_.find(f.order_id); it != oco_.end()) {
            Fixed both = o.filled_qty + engine->order(it->second)->filled_qty;
            expect(both <= shared_[f.order_id], "OCO legs within the shared qty");
        }
        if (auto it = entry_of_.find(f.order_id); it != entry_of_.end()) {
            auto [tp, sl] = exits_[it->second];
            Fixed exits = engine->order(tp)->filled_qty + engine->order(sl)->filled_qty;
            expect(exits <= engine->order(it->second)->filled_qty, "exits within the entry");
        }
    }
    void check(const PositionChanged& pc) {
        expect(pc.qty == position_, "position equals the sum of fills");
        expect(engine->position(pc.symbol).qty == pc.qty, "position query");
        expect(pc.realized_pnl == realized_, "realized PnL matches the oracle");
        expect(engine->portfolio().cash == cash_, "cash matches the oracle");
    }

    // An independent average-cost oracle (multiplier 1): signed basis, realized on reduction.
    void account(Side side, const Fill& f) {
        Fixed flow = f.qty * f.price;
        Fixed delta = f.qty;
        if (side == Side::sell) {
            flow = -flow;
            delta = -delta;
        }
        cash_ -= flow + f.commission;
        bool adds = position_.is_zero() || (position_.is_positive() == delta.is_positive());
        Fixed realized;
        if (adds) {
            basis_ += flow;
        } else {
            Fixed held = position_.abs();
            Fixed closing = min(f.qty, held);
            Fixed removed = closing == held ? basis_ : Fixed::mul_div(basis_, closing, held);
            Fixed close_flow = closing * f.price;
            if (side == Side::sell) close_flow = -close_flow;
            realized = -close_flow - removed;
            basis_ = basis_ - removed + (flow - close_flow);
        }
        realized_ += realized;
        position_ += delta;
        expect(f.realized_pnl == realized, "fill realized PnL matches the oracle");
    }

    void check_order(OrderId id) {
        std::optional<OrderSnapshot> o = engine->order(id);
        if (!o) {
            expect(false, "event names an unknown order");
            return;
        }
        expect(!o->filled_qty.is_negative() && o->filled_qty <= o->qty, "filled within qty");
        auto [it, fresh] = last_.try_emplace(id, o->status);
        if (!fresh) {
            OrderStatus before = it->second;
            expect(status_rank(o->status) >= status_rank(before), "status moves forward");
            expect(!is_final(before) || before == o->status, "final status never changes");
            it->second = o->status;
        }
    }

    void expect(bool ok, const char* what) {
        if (ok) return;
        if (violations++ == 0) first_violation = what;
    }

    std::map<OrderId, OrderStatus> last_;
    std::map<OrderId, Fixed> filled_;
    std::map<OrderId, std::uint64_t> last_fill_event_;
    std::map<OrderId, OrderId> oco_;
    std::map<OrderId, Fixed> shared_;
    std::map<OrderId, OrderId> entry_of_;
    std::map<OrderId, std::pair<OrderId, OrderId>> exits_;
    Fixed position_;
    Fixed basis_;
    Fixed realized_;

  public:
    Fixed cash_;
};

struct Outcome {
    int violations = 0;
    std::string first_violation;
    std::size_t events = 0;
    std::uint64_t fills = 0;
};

Outcome run(const Stream& st, std::vector<Event>* record) {
    Rand r(st.seed);
    Checker checker;
    checker.bar_mode = !st.ticks;
    checker.record = record;
    Engine e(random_config(r), checker);
    checker.engine = &e;
    checker.cash_ = e.config().starting_cash;
    InstrumentSpec spec;
    spec.name = "X";
    SymbolId s = e.add_instrument(spec);
    std::size_t events = 0;
    for (std::size_t i = st.begin; i < st.end; ++i) {
        const CsvBar& b = (*st.bars)[i];
        checker.bar_low = b.low;
        checker.bar_high = b.high;
        feed(e, s, b, st.ticks);
        random_commands(e, checker, s, b.close, r);
        if (r.chance(10)) e.emit_snapshot();
        ++events;
    }
    checker.final_checks();
    return Outcome{checker.violations, checker.first_violation, events, e.fill_count()};
}

TEST(Property, InvariantsHoldOnThousandsOfRandomStreams) {
#ifdef DSL_ENGINE_SANITIZED
    constexpr int kStreams = 1000;  // the sanitizers slow the engine ~30x; still 150k bars
#else
    constexpr int kStreams = 3000;
#endif
    std::uint64_t total_fills = 0;
    int failed = 0;
    for (int i = 0; i < kStreams; ++i) {
        Outcome o = run(random_stream(static_cast<std::uint64_t>(i), 150), nullptr);
        total_fills += o.fills;
        if (o.violations > 0 && failed++ < 5) {
            ADD_FAILURE() << "stream " << i << ": " << o.violations
                          << " violations, first: " << o.first_violation;
        }
    }
    EXPECT_EQ(failed, 0);
    EXPECT_GT(total_fills, 50'000u);  // the streams really trade
}

TEST(Property, ReplayGivesIdenticalEventStreams) {
    for (int i = 0; i < 100; ++i) {
        Stream st = random_stream(static_cast<std::uint64_t>(10'000 + i), 250);
        std::vector<Event> first, second;
        run(st, &first);
        run(st, &second);
        ASSERT_FALSE(first.empty());
        ASSERT_EQ(first.size(), second.size()) << "stream " << i;
        EXPECT_TRUE(first == second) << "stream " << i;
    }
}

TEST(Property, WholeFilesRunCleanInEveryPathModel) {
    for (const std::string& file : kDataFiles) {
        const auto& bars = data_file(file);
        for (std::uint64_t seed = 0; seed < 3; ++seed) {
            Outcome o = run(Stream{&bars, 0, bars.size(), 90'000 + seed, false}, nullptr);
            EXPECT_EQ(o.violations, 0) << file << ": " << o.first_violation;
            EXPECT_EQ(o.events, bars.size());
        }
    }
}

}  // namespace
}  // namespace dsl::engine::test
