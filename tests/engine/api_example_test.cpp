// The usage example of docs/engine.md, kept compiling and checked here.
#include <gtest/gtest.h>

#include <vector>

#include "engine/engine.h"

namespace dsl::engine {
namespace {

TEST(ApiExample, TheDocumentedUsageWorks) {
    // --- begin docs/engine.md example ---
    RecordingSink sink;  // or any EventSink: trace writer, dispatcher, live runner
    EngineConfig config;
    config.starting_cash = fx(100'000);
    config.commission = {CommissionKind::percent, fx("0.1"), Fixed()};  // 0.1% per fill
    Engine engine(config, sink);
    InstrumentSpec spec;
    spec.name = "ORCL";
    SymbolId orcl = engine.add_instrument(spec);  // tick 0.000001, lot 1, multiplier 1

    Bar bar{orcl,          0, fx("2.179012"), fx("2.191358"), fx("2.117284"), fx("2.117284"),
            fx(36'301'200)};
    engine.on_bar(bar);  // steps 1-3: nothing is working yet
    // step 4, the strategy's on_bar: a bracket with a limit entry at the close
    BracketRequest b;
    b.symbol = orcl;
    b.side = Side::buy;
    b.qty = fx(100);
    b.entry_limit = fx("2.117284");
    b.take_profit = fx("2.223148");
    b.stop_loss = fx("2.053765");
    BracketIds ids = engine.bracket(b);
    engine.emit_snapshot();  // step 5

    bar = Bar{orcl,           kNanosPerDay,   fx("2.123457"), fx("2.148148"),
              fx("2.092592"), fx("2.135803"), fx(46'051'600)};
    engine.on_bar(bar);  // the entry fills at 2.117284 on the way down to the low
    OrderSnapshot entry = *engine.order(ids.entry);
    PositionSnapshot pos = engine.position(orcl);
    PortfolioSnapshot account = engine.portfolio();
    // --- end docs/engine.md example ---

    EXPECT_EQ(entry.status, OrderStatus::filled);
    EXPECT_EQ(entry.avg_fill_price, fx("2.117284"));
    EXPECT_EQ(pos.qty, fx(100));
    EXPECT_EQ(engine.order(ids.stop_loss)->status, OrderStatus::open);
    EXPECT_EQ(engine.order(ids.stop_loss)->qty, fx(100));
    // commission 0.1% of 211.7284 = 0.2117284; unrealized 100 x (2.135803 - 2.117284)
    EXPECT_EQ(account.commission, fx("0.2117284"));
    EXPECT_EQ(account.unrealized_pnl, fx("1.8519"));
    EXPECT_EQ(account.equity, fx("100001.6401716"));
    std::vector<std::string> kinds;
    for (const Event& e : sink.events())
        kinds.emplace_back(event_name(e));
    std::vector<std::string> expected{"order_submitted",
                                      "order_accepted",
                                      "order_submitted",
                                      "order_submitted",
                                      "bracket_linked",
                                      "portfolio_snapshot",
                                      "fill",
                                      "order_filled",
                                      "order_accepted",
                                      "order_accepted",
                                      "position_changed"};
    EXPECT_EQ(kinds, expected);
}

}  // namespace
}  // namespace dsl::engine
