// The replay position: seeking, stepping, playback at a speed, and staying at the end of a
// growing trace (follow mode) but not elsewhere.
#include <gtest/gtest.h>

#include "viewer/replay.h"

namespace dsl::viewer {
namespace {

TEST(Replay, SeeksAndStepsWithinTheTrace) {
    Replay r;
    r.sync(100);
    EXPECT_EQ(r.position(), 100u);  // opens at the end: the whole run
    EXPECT_TRUE(r.at_end());
    r.seek(10);
    r.step(5);
    EXPECT_EQ(r.position(), 15u);
    r.step(-100);
    EXPECT_EQ(r.position(), 0u);
    r.step(1000);
    EXPECT_EQ(r.position(), 100u);
    r.seek(500);
    EXPECT_EQ(r.position(), 100u);
}

TEST(Replay, StaysAtTheEndOfAGrowingTraceOnly) {
    Replay r;
    r.sync(10);
    r.sync(25);
    EXPECT_EQ(r.position(), 25u);  // live: follows the end
    r.seek(20);
    r.sync(40);
    EXPECT_EQ(r.position(), 20u);  // looking back: stays
    r.seek_end();
    r.sync(41);
    EXPECT_EQ(r.position(), 41u);
}

TEST(Replay, PlaysAtItsSpeedAndPausesAtTheEnd) {
    Replay r;
    r.sync(100);
    r.play();  // from the start when at the end
    EXPECT_EQ(r.position(), 0u);
    r.set_speed(10);
    EXPECT_TRUE(r.advance(0.55));
    EXPECT_EQ(r.position(), 5u);
    EXPECT_TRUE(r.advance(0.05));  // the carried half event completes
    EXPECT_EQ(r.position(), 6u);
    EXPECT_FALSE(r.advance(0.01));
    r.pause();
    EXPECT_FALSE(r.advance(10));
    EXPECT_EQ(r.position(), 6u);
    r.play();
    r.advance(100);
    EXPECT_EQ(r.position(), 100u);
    EXPECT_FALSE(r.playing());
}

trace::Trace events(std::initializer_list<std::pair<std::uint64_t, trace::Timestamp>> list) {
    trace::Trace t;
    for (auto [seq, ts] : list)
        t.market_events.push_back({seq, ts, 0, trace::RecordKind::bar, 0});
    return t;
}

TEST(Replay, PositionsOfTimesAndSeqs) {
    // Two bars at the same time (two symbols), a clock record, another bar.
    trace::Trace t = events({{1, 100}, {2, 100}, {2, 150}, {3, 200}});
    t.market_events[2].kind = trace::RecordKind::clock;
    EXPECT_EQ(seq_at(t, 0), 0u);
    EXPECT_EQ(seq_at(t, 3), 2u);
    EXPECT_EQ(time_at(t, 0), trace::kNoTime);
    EXPECT_EQ(time_at(t, 4), 200);
    EXPECT_EQ(position_at_time(t, 99), 0u);
    EXPECT_EQ(position_at_time(t, 100), 2u);
    EXPECT_EQ(position_at_time(t, 199), 3u);
    EXPECT_EQ(position_at_time(t, 1000), 4u);
    EXPECT_EQ(position_at_seq(t, 0), 0u);
    EXPECT_EQ(position_at_seq(t, 1), 1u);
    EXPECT_EQ(position_at_seq(t, 2), 2u);
    EXPECT_EQ(position_at_seq(t, 3), 4u);
    EXPECT_EQ(seq_at(t, position_at_seq(t, 2)), 2u);
}

}  // namespace
}  // namespace dsl::viewer
