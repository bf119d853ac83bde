// Timestamps as the viewer shows them and as --at reads them; time-axis steps.
#include <gtest/gtest.h>

#include "viewer/time_text.h"

namespace dsl::viewer {
namespace {

constexpr Timestamp k2003_05_01 = 1051747200LL * kNanosPerSecond;

TEST(TimeText, FormatsDatesAndTimes) {
    EXPECT_EQ(format_time(k2003_05_01), "2003-05-01");
    EXPECT_EQ(format_time(k2003_05_01 + (14 * 3600 + 30 * 60 + 5) * kNanosPerSecond),
              "2003-05-01 14:30:05");
    EXPECT_EQ(format_time(k2003_05_01 + 250'000'000), "2003-05-01 00:00:00.25");
    EXPECT_EQ(format_time(0), "1970-01-01");
    EXPECT_EQ(format_time(-kNanosPerDay), "1969-12-31");
    EXPECT_EQ(format_time(trace::kNoTime), "-");
}

TEST(TimeText, ParsesWhatItFormats) {
    EXPECT_EQ(parse_time("2003-05-01"), k2003_05_01);
    EXPECT_EQ(parse_time("2003-05-01T14:30"), k2003_05_01 + (14 * 60 + 30) * 60 * kNanosPerSecond);
    EXPECT_EQ(parse_time("2003-05-01 14:30:05.25"),
              k2003_05_01 + (14 * 3600 + 30 * 60 + 5) * kNanosPerSecond + 250'000'000);
    EXPECT_EQ(parse_time("1051747200000000000"), k2003_05_01);
    EXPECT_EQ(parse_time("-5"), -5);
    for (Timestamp t : {k2003_05_01, k2003_05_01 + 123456789, Timestamp{0}})
        EXPECT_EQ(parse_time(format_time(t)), t) << format_time(t);
}

TEST(TimeText, RejectsMalformedTimes) {
    for (const char* bad : {"", "2003-13-01", "2003-02-30", "2003-5-1", "2003-05-01T25:00",
                            "2003-05-01T14:30:61", "2003-05-01X", "yesterday", "12-", "1.5",
                            "2003-05-01T14:30:05.", "2003-05-01T14:30:05.1234567890"}) {
        EXPECT_FALSE(parse_time(bad).has_value()) << bad;
    }
}

TEST(TimeText, TickStepsFollowTheSpan) {
    using U = TimeStep::Unit;
    // Twenty years of daily bars across ~8 ticks: years.
    TimeStep years = choose_time_step(20 * 365 * kNanosPerDay, 8);
    EXPECT_EQ(years.unit, U::years);
    EXPECT_EQ(years.count, 5);
    EXPECT_EQ(format_tick(k2003_05_01, years), "2003");
    // A year: months or quarters.
    TimeStep months = choose_time_step(365 * kNanosPerDay, 8);
    EXPECT_EQ(months.unit, U::months);
    EXPECT_EQ(format_tick(k2003_05_01, months), "2003-05");
    // An hour of ticks: minutes.
    TimeStep minutes = choose_time_step(3600 * kNanosPerSecond, 8);
    EXPECT_EQ(minutes.unit, U::nanos);
    EXPECT_EQ(
        format_tick(k2003_05_01 + 3600 * kNanosPerSecond * 9 + 60 * kNanosPerSecond * 15, minutes),
        "09:15");
    // Buckets change exactly at calendar boundaries.
    TimeStep month{U::months, 1};
    EXPECT_NE(time_bucket(k2003_05_01 - 1, month), time_bucket(k2003_05_01, month));
    EXPECT_EQ(time_bucket(k2003_05_01, month), time_bucket(k2003_05_01 + 20 * kNanosPerDay, month));
}

}  // namespace
}  // namespace dsl::viewer
