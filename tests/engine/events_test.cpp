// The event list: names derive from the one X-macro and stay stable; reason names likewise.
#include "engine/events.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/config.h"
#include "engine/reasons.h"
#include "engine/sink.h"
#include "engine/types.h"

namespace dsl::engine {
namespace {

TEST(Events, NamesFollowTheVariantOrder) {
    EXPECT_EQ(event_name(Event{OrderSubmitted{}}), "order_submitted");
    EXPECT_EQ(event_name(Event{Fill{}}), "fill");
    EXPECT_EQ(event_name(Event{AmbiguousBar{}}), "ambiguous_bar");
    EXPECT_EQ(event_name(Event{PortfolioSnapshot{}}), "portfolio_snapshot");
    std::set<std::string> names;
    for (std::size_t i = 0; i < kEventKindCount; ++i)
        names.emplace(event_name(i));
    EXPECT_EQ(names.size(), kEventKindCount) << "event names must be unique";
    EXPECT_EQ(kEventKindCount, std::variant_size_v<Event>);
}

TEST(Events, TimestampAndEqualityWorkForEveryKind) {
    Fill a;
    a.ts = 42;
    a.qty = fx(3);
    Fill b = a;
    EXPECT_EQ(event_ts(Event{a}), 42);
    EXPECT_EQ(Event{a}, Event{b});
    b.price = fx(1);
    EXPECT_NE(Event{a}, Event{b});
}

TEST(Events, SinksForwardInOrder) {
    RecordingSink first;
    int calls = 0;
    FunctionSink counter([&](const Event&) { ++calls; });
    TeeSink tee;
    tee.add(first);
    tee.add(counter);
    OrderAccepted accepted;
    accepted.id = 7;
    tee.on_event(accepted);
    tee.on_event(OrderFilled{});
    ASSERT_EQ(first.events().size(), 2u);
    EXPECT_EQ(std::get<OrderAccepted>(first.events()[0]).id, 7u);
    EXPECT_EQ(calls, 2);
}

TEST(Reasons, NamesAndTextsAreStable) {
    EXPECT_EQ(to_string(RejectReason::off_tick), "off_tick");
    EXPECT_EQ(default_text(RejectReason::unknown_order), "no order has this id");
    EXPECT_EQ(to_string(CancelReason::oco_sibling), "oco_sibling");
    EXPECT_EQ(to_string(ExpireReason::fok), "fok");
    EXPECT_EQ(to_string(GapRule::gap_through_stop), "gap_through_stop");
    EXPECT_EQ(to_string(PathLeg::to_second_extreme), "to_second_extreme");
    EXPECT_EQ(to_string(OrderType::trailing_stop), "trailing_stop");
    EXPECT_EQ(to_string(TimeInForce::ioc), "ioc");
    EXPECT_EQ(to_string(PathModelKind::worst_case), "worst_case");
    EXPECT_EQ(to_string(LiquidityKind::bar_volume), "bar_volume");
}

TEST(Config, DefaultsAreValidAndBadValuesAreNamed) {
    EngineConfig c;
    EXPECT_EQ(validate_config(c), "");
    c.latency.submit_ns = -1;
    EXPECT_EQ(validate_config(c), "latencies must be >= 0");
    c = EngineConfig{};
    c.account.maintenance_margin_rate = fx("0.6");
    EXPECT_EQ(validate_config(c), "margin rates must satisfy 0 < maintenance <= initial <= 1");
    c = EngineConfig{};
    c.liquidity.percent = Fixed();
    EXPECT_EQ(validate_config(c), "liquidity percent must be in (0, 100]");
}

}  // namespace
}  // namespace dsl::engine
