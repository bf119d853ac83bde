// The reducer against the engine: over thousands of random order streams (random engine
// configurations, every order kind, brackets, OCO pairs, cancels with latency, partial fills,
// margin calls; bars and ticks of the real data), the reducer applies every event the engine
// emits, and at every event its orders and its position equal the engine's own:
//   - every working order and every order the event names: snapshot_of(reducer) == engine.order();
//   - the position's quantity, average price, realized PnL and commission; its unrealized PnL
//     right after the events that report it (a fill, position_changed);
// and at the end every order of the run. Every kind of change must occur in the streams.
#include <gtest/gtest.h>

#include <array>
#include <sstream>

#include "runner/engine_changes.h"
#include "tests/engine/random_orders.h"

namespace dsl::lifecycle {
namespace {

using engine::Engine;
using engine::Event;
using engine::OrderSnapshot;
namespace et = engine::test;

std::string describe(const OrderSnapshot& o) {
    std::ostringstream s;
    s << "#" << o.id << " " << engine::to_string(o.type) << " " << engine::to_string(o.status)
      << " qty " << o.qty << " filled " << o.filled_qty << " limit " << o.limit_price << " stop "
      << o.stop_price << " avg " << o.avg_fill_price << " last " << o.last_fill_qty << "@"
      << o.last_fill_price << " comm " << o.commission << " trig " << o.triggered << " links "
      << o.parent << "/" << o.take_profit << "/" << o.stop_loss << "/" << o.oco << " ts "
      << o.created_ts << "/" << o.updated_ts << " reject " << engine::to_string(o.reject_reason)
      << " '" << o.reject_text << "'";
    return s.str();
}

// Applies every event to a Book and compares it with the engine as the event arrives.
class Mirror final : public engine::EventSink {
  public:
    Engine* engine = nullptr;
    EngineBook book{1};
    int mismatches = 0;
    std::string first_mismatch;
    std::array<std::uint64_t, kChangeKindCount> kinds{};

    void on_event(const Event& e) override {
        std::optional<EngineChange> change = change_of(e);
        if (!change) return;
        ++kinds[change->index()];
        if (Problem p = lifecycle::apply(book, *change); p != Problem::none) {
            fail(std::string(engine::event_name(e)) + ": " + std::string(to_string(p)));
            return;
        }
        std::visit([&](const auto& c) { compare_named(c, e); }, *change);
        for (engine::OrderId id : engine->working_orders())
            compare_order(id, e);
        compare_position(std::holds_alternative<Execution<engine::Fixed>>(*change) ||
                         std::holds_alternative<PositionChanged<engine::Fixed>>(*change));
    }

    void compare_all() {
        if (book.orders().size() != engine->last_order_id()) fail("order count");
        for (engine::OrderId id = 1; id <= engine->last_order_id(); ++id)
            compare_order(id, std::nullopt);
    }

  private:
    template <class C>
    void compare_named(const C& c, const Event& during) {
        for (engine::OrderId id : named_orders(c))
            compare_order(id, during);
    }

    void compare_order(engine::OrderId id, std::optional<Event> during) {
        const EngineOrder* mine = book.find_order(id);
        std::optional<OrderSnapshot> theirs = engine->order(id);
        if (mine == nullptr || !theirs) {
            fail("order " + std::to_string(id) + " missing");
            return;
        }
        OrderSnapshot reduced = snapshot_of(*mine);
        if (reduced == *theirs) return;
        std::string when =
            during ? "after " + std::string(engine::event_name(*during)) : "at the end";
        fail(when + ": reducer " + describe(reduced) + "\n   engine " + describe(*theirs));
    }

    void compare_position(bool with_unrealized) {
        const EnginePosition& mine = book.positions()[0];
        engine::PositionSnapshot theirs = engine->position(0);
        bool same = mine.qty == theirs.qty && mine.avg_price == theirs.avg_price &&
                    mine.realized_pnl == theirs.realized_pnl &&
                    mine.commission == theirs.commission;
        if (with_unrealized) same = same && mine.unrealized_pnl == theirs.unrealized_pnl;
        if (!same) fail("position");
    }

    void fail(std::string what) {
        if (mismatches++ == 0) first_mismatch = std::move(what);
    }
};

struct Outcome {
    int mismatches = 0;
    std::string first_mismatch;
    std::array<std::uint64_t, kChangeKindCount> kinds{};
};

Outcome run(const et::Stream& st) {
    et::Rand r(st.seed);
    Mirror mirror;
    Engine e(et::random_config(r), mirror);
    mirror.engine = &e;
    engine::InstrumentSpec spec;
    spec.name = "X";
    engine::SymbolId s = e.add_instrument(spec);
    et::IgnoreLinks links;
    for (std::size_t i = st.begin; i < st.end; ++i) {
        const et::CsvBar& b = (*st.bars)[i];
        et::feed(e, s, b, st.ticks);
        et::random_commands(e, links, s, b.close, r);
    }
    mirror.compare_all();
    return {mirror.mismatches, mirror.first_mismatch, mirror.kinds};
}

TEST(Differential, TheReducerAgreesWithTheEngineAfterEveryEvent) {
#ifdef DSL_ENGINE_SANITIZED
    constexpr int kStreams = 300;
#else
    constexpr int kStreams = 1500;
#endif
    std::array<std::uint64_t, kChangeKindCount> kinds{};
    int failed = 0;
    for (int i = 0; i < kStreams; ++i) {
        Outcome o = run(et::random_stream(static_cast<std::uint64_t>(50'000 + i), 150));
        for (std::size_t k = 0; k < kinds.size(); ++k)
            kinds[k] += o.kinds[k];
        if (o.mismatches > 0 && failed++ < 3) {
            ADD_FAILURE() << "stream " << i << ": " << o.mismatches
                          << " mismatches, first: " << o.first_mismatch;
        }
    }
    EXPECT_EQ(failed, 0);
    for (std::size_t k = 0; k < kinds.size(); ++k)
        EXPECT_GT(kinds[k], 0u) << "the streams never made a " << change_name(k);
}

}  // namespace
}  // namespace dsl::lifecycle
