// The snapshot after every market event (step 5) is the engine's portfolio as it is then, with
// the positions that are open or changed in that event: whether the runner built it afresh or
// reused the previous one because nothing moved (StrategyRunner::snapshot).
#include <algorithm>

#include "runner/reports.h"
#include "tests/dispatch/run_support.h"

namespace dsl {
namespace {

// Checks every snapshot against one built from the engine directly.
class SnapshotCheck : public runner::RunObserver {
  public:
    const runner::StrategyRunner* run = nullptr;
    std::vector<engine::Fixed> listed_qty;  // per snapshot: the first listed position's qty
    std::vector<size_t> listed;             // per snapshot: how many positions it lists
    int checked = 0;

    void on_engine_event(const engine::Event& e) override {
        if (const auto* p = std::get_if<engine::PositionChanged>(&e)) changed_.push_back(p->symbol);
    }
    void on_bar(uint64_t, const engine::Bar&) override { changed_.clear(); }
    void on_snapshot(const engine::PortfolioSnapshot& p,
                     std::span<const engine::PositionSnapshot> ps) override {
        const engine::Engine& e = run->engine();
        EXPECT_EQ(p, e.portfolio()) << "snapshot " << checked;
        std::vector<engine::SymbolId> expected;
        for (engine::SymbolId s = 0; s < e.instruments().size(); ++s) {
            bool changed = std::find(changed_.begin(), changed_.end(), s) != changed_.end();
            if (e.has_position(s) || changed) expected.push_back(s);
        }
        ASSERT_EQ(ps.size(), expected.size()) << "snapshot " << checked;
        for (size_t i = 0; i < ps.size(); ++i) {
            const engine::PositionSnapshot fresh = e.position(expected[i]);
            EXPECT_EQ(ps[i].symbol, fresh.symbol);
            EXPECT_EQ(ps[i].qty, fresh.qty);
            EXPECT_EQ(ps[i].mark_price, fresh.mark_price);
            EXPECT_EQ(ps[i].market_value, fresh.market_value);
            EXPECT_EQ(ps[i].unrealized_pnl, fresh.unrealized_pnl);
            EXPECT_EQ(ps[i].realized_pnl, fresh.realized_pnl);
        }
        listed.push_back(ps.size());
        listed_qty.push_back(ps.empty() ? engine::Fixed() : ps[0].qty);
        ++checked;
    }

  private:
    std::vector<engine::SymbolId> changed_;
};

// Buys on bar 1 (filled at bar 2's open), holds through bars at a new and at the same close,
// sells on bar 4 (filled at bar 5's open), then stays flat: every kind of step 5.
TEST(Snapshots, EachIsTheEnginesPortfolioWhetherBuiltOrReused) {
    auto module = test::compile_or_die(
        "on_bar(s: symbol) {\n"
        "    if bar_index(s) == 1 { buy(s, 10) }\n"
        "    if bar_index(s) == 4 { sell(s, 10) }\n"
        "}\n");
    SnapshotCheck check;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), check);
    check.run = &run;
    ASSERT_TRUE(run.start());
    const char* closes[] = {"100", "100", "101", "101", "101", "102", "102", "103"};
    for (int day = 0; day < 8; ++day)
        ASSERT_TRUE(run.on_bar(test::bar(day, closes[day], "110", "90", closes[day])));
    run.finish();
    // Flat, flat, bought (listed), held at a new close, held at the same close (reused),
    // sold (listed once more, flat, as changed in its event), then flat and not listed.
    EXPECT_EQ(check.listed, (std::vector<size_t>{0, 0, 1, 1, 1, 1, 0, 0, 0}));
    EXPECT_EQ(check.listed_qty[4], test::fx("10"));
    EXPECT_EQ(check.listed_qty[5], test::fx("0"));
    EXPECT_EQ(check.checked, 9);  // eight bars and the end of the run
}

// Every observer gets the brief form after every event and at the end: the engine's equity and
// whether anything is held. Full snapshots go only to an observer that needs them.
class BriefCheck : public runner::RunObserver {
  public:
    const runner::StrategyRunner* run = nullptr;
    bool full = false;  // what needs_snapshots() answers
    std::vector<bool> exposed;
    int snapshots = 0;

    bool needs_snapshots() const override { return full; }
    void on_equity(engine::Timestamp ts, engine::Fixed equity, bool held) override {
        const engine::Engine& e = run->engine();
        EXPECT_EQ(ts, e.clock());
        EXPECT_EQ(equity, e.portfolio().equity);
        bool any = false;
        for (engine::SymbolId s = 0; s < e.instruments().size(); ++s)
            any = any || e.has_position(s);
        EXPECT_EQ(held, any);
        exposed.push_back(held);
    }
    void on_snapshot(const engine::PortfolioSnapshot& p,
                     std::span<const engine::PositionSnapshot>) override {
        EXPECT_EQ(p, run->engine().portfolio());
        ++snapshots;
    }
};

// Two symbols, one bought and sold, the other bought and held to the end, so that "anything
// held" is more than one position's state.
const char* const kTwoSymbols =
    "on_bar(s: symbol) {\n"
    "    if bar_index(s) == 1 { buy(s, 10) }\n"
    "    if bar_index(s) == 4 and s == symbol(\"A\") { sell(s, 10) }\n"
    "}\n";

void feed_two_symbols(runner::StrategyRunner& run) {
    ASSERT_TRUE(run.start());
    const char* closes[] = {"100", "100", "101", "99", "101", "102", "98", "103"};
    for (int day = 0; day < 8; ++day) {
        for (engine::SymbolId s = 0; s < 2; ++s) {
            engine::Bar b = test::bar(day, closes[day], "110", "90", closes[day]);
            b.symbol = s;
            ASSERT_TRUE(run.on_bar(b));
        }
    }
    run.finish();
}

TEST(Snapshots, BriefAfterEveryEventFullOnlyWhenNeeded) {
    auto module = test::compile_or_die(kTwoSymbols);
    for (bool full : {false, true}) {
        BriefCheck check;
        check.full = full;
        runner::StrategyRunner run(module, test::setup_for({"A", "B"}), check);
        check.run = &run;
        feed_two_symbols(run);
        ASSERT_EQ(check.exposed.size(), 17u) << full;  // sixteen bars and the end of the run
        // Flat until both buys fill (day 2), then held to the end through A's exit (B stays).
        for (size_t i = 0; i < check.exposed.size(); ++i)
            EXPECT_EQ(check.exposed[i], i >= 4) << "event " << i << ", full " << full;
        EXPECT_EQ(check.snapshots, full ? 17 : 0);
    }
}

// The results come from the brief form, so they are the same whether or not another observer
// (a trace) makes the runner build full snapshots.
TEST(Snapshots, ResultsAreTheSameWithOrWithoutFullSnapshots) {
    auto module = test::compile_or_die(kTwoSymbols);
    auto summary_of = [&](bool with_full) {
        auto setup = test::setup_for({"A", "B"});
        runner::ResultCollector results(setup.engine.starting_cash);
        BriefCheck full;
        full.full = true;
        test::Fanout both({&results, &full});
        runner::RunObserver& observer = with_full ? static_cast<runner::RunObserver&>(both)
                                                  : static_cast<runner::RunObserver&>(results);
        runner::StrategyRunner run(module, setup, observer);
        full.run = &run;
        feed_two_symbols(run);
        EXPECT_EQ(full.snapshots, with_full ? 17 : 0);
        return runner::summary_json(results.summary(run.gas_used(), run.engine().portfolio()));
    };
    const std::string brief = summary_of(false);
    EXPECT_NE(brief.find("\"max_drawdown\""), std::string::npos) << brief;
    EXPECT_EQ(brief, summary_of(true));
}

}  // namespace
}  // namespace dsl
