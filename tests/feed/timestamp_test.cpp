// Timestamp parsing: every accepted form, the epoch digit-count rule, offsets, fractions, the
// range limits, and what is refused; formatting back to ISO 8601.
#include "feed/timestamp_parse.h"

#include <gtest/gtest.h>

namespace dsl::runner {
namespace {

using engine::kNanosPerDay;
using engine::kNanosPerSecond;
using engine::Timestamp;

constexpr Timestamp kHour = 3600 * kNanosPerSecond;
constexpr Timestamp kMinute = 60 * kNanosPerSecond;
// 2014-01-02 00:00:00Z = 1388620800 s.
constexpr Timestamp k20140102 = 1'388'620'800 * kNanosPerSecond;

Timestamp ok(std::string_view text) {
    TimestampResult r = parse_timestamp(text);
    EXPECT_EQ(r.status, TimestampStatus::ok) << text;
    return r.ts;
}

TimestampStatus status(std::string_view text) {
    return parse_timestamp(text).status;
}

TEST(Timestamp, IsoDateIsMidnightUtc) {
    EXPECT_EQ(ok("1970-01-01"), 0);
    EXPECT_EQ(ok("2014-01-02"), k20140102);
    EXPECT_EQ(ok("1995-01-03"), days_from_civil(1995, 1, 3) * kNanosPerDay);
    EXPECT_EQ(ok("2000-02-29"), days_from_civil(2000, 2, 29) * kNanosPerDay);
    EXPECT_EQ(ok("1969-12-31"), -kNanosPerDay);  // before the epoch is fine
}

TEST(Timestamp, IsoDateTimeWithTOrSpace) {
    EXPECT_EQ(ok("2014-01-02T09:30"), k20140102 + 9 * kHour + 30 * kMinute);
    EXPECT_EQ(ok("2014-01-02 09:30"), k20140102 + 9 * kHour + 30 * kMinute);
    EXPECT_EQ(ok("2014-01-02T09:30:15"),
              k20140102 + 9 * kHour + 30 * kMinute + 15 * kNanosPerSecond);
    EXPECT_EQ(ok("2014-01-02t23:59:59"), k20140102 + kNanosPerDay - kNanosPerSecond);
}

TEST(Timestamp, FractionsUpToNanoseconds) {
    const Timestamp base = k20140102 + 9 * kHour + 30 * kMinute + 15 * kNanosPerSecond;
    EXPECT_EQ(ok("2014-01-02T09:30:15.5"), base + 500'000'000);
    EXPECT_EQ(ok("2014-01-02T09:30:15.123"), base + 123'000'000);
    EXPECT_EQ(ok("2014-01-02T09:30:15.000001"), base + 1'000);
    EXPECT_EQ(ok("2014-01-02T09:30:15.123456789"), base + 123'456'789);
    EXPECT_EQ(status("2014-01-02T09:30:15.1234567891"), TimestampStatus::malformed);
    EXPECT_EQ(status("2014-01-02T09:30:15."), TimestampStatus::malformed);
    EXPECT_EQ(status("2014-01-02T09:30.5"), TimestampStatus::malformed);  // fraction needs seconds
}

TEST(Timestamp, ZuluAndOffsets) {
    const Timestamp t = k20140102 + 9 * kHour + 30 * kMinute;
    EXPECT_EQ(ok("2014-01-02T09:30Z"), t);
    EXPECT_EQ(ok("2014-01-02T09:30:00Z"), t);
    EXPECT_EQ(ok("2014-01-02T09:30:00.000Z"), t);
    // 09:30 at UTC+02:00 is 07:30 UTC; at UTC-05:00 it is 14:30 UTC.
    EXPECT_EQ(ok("2014-01-02T09:30:00+02:00"), t - 2 * kHour);
    EXPECT_EQ(ok("2014-01-02T09:30-05:00"), t + 5 * kHour);
    EXPECT_EQ(ok("2014-01-02 09:30:00+0530"), t - 5 * kHour - 30 * kMinute);
    EXPECT_EQ(ok("2014-01-02T00:30+01:00"), k20140102 - 30 * kMinute);  // the day before in UTC
    for (const char* bad : {"2014-01-02T09:30+2", "2014-01-02T09:30+02", "2014-01-02T09:30+24:00",
                            "2014-01-02T09:30+02:60", "2014-01-02T09:30 Z", "2014-01-02T09:30ZZ",
                            "2014-01-02T09:30UTC", "2014-01-02T09:30+02:00Z"}) {
        EXPECT_EQ(status(bad), TimestampStatus::malformed) << bad;
    }
}

TEST(Timestamp, EpochDigitCountDecidesTheUnit) {
    EXPECT_EQ(ok("1388620800"), k20140102);                         // 10 digits: seconds
    EXPECT_EQ(ok("100000000"), 100'000'000 * kNanosPerSecond);      // 9 digits: seconds (1973)
    EXPECT_EQ(ok("09223372036"), 9'223'372'036 * kNanosPerSecond);  // 11 digits: seconds
    EXPECT_EQ(ok("1388620800000"), k20140102);                      // 13 digits: milliseconds
    EXPECT_EQ(ok("1388620800123"), k20140102 + 123'000'000);
    EXPECT_EQ(ok("100000000000"), 100'000'000'000 * 1'000'000);      // 12 digits: milliseconds
    EXPECT_EQ(ok("09223372036854"), 9'223'372'036'854 * 1'000'000);  // 14 digits: milliseconds
    // Fewer than 9 digits (a compact date 20140102, a row number) and more than 14 are refused.
    for (const char* bad : {"0", "60", "20140102", "99999999", "138862080000000", "-1388620800",
                            "+1388620800", "1388620800.5", "1388620800s", "1e9"}) {
        EXPECT_EQ(status(bad), TimestampStatus::malformed) << bad;
    }
    // 11-digit seconds beyond 2262 do not fit in int64 nanoseconds.
    EXPECT_EQ(status("99999999999"), TimestampStatus::out_of_range);
    EXPECT_EQ(status("09223372037"), TimestampStatus::out_of_range);
}

TEST(Timestamp, RangeLimits) {
    EXPECT_EQ(ok("2262-04-11"), days_from_civil(2262, 4, 11) * kNanosPerDay);
    EXPECT_EQ(status("2262-04-12"), TimestampStatus::out_of_range);
    EXPECT_EQ(status("9999-12-31T23:59:59Z"), TimestampStatus::out_of_range);
    EXPECT_EQ(ok("1677-09-22"), days_from_civil(1677, 9, 22) * kNanosPerDay);
    EXPECT_EQ(status("1677-09-21"), TimestampStatus::out_of_range);
    EXPECT_EQ(status("0000-01-01"), TimestampStatus::out_of_range);
}

TEST(Timestamp, InvalidDatesAndTimes) {
    for (const char* bad : {"",
                            "2014",
                            "2014-1-2",
                            "2014-01-2",
                            "2014/01/02",
                            "2014-13-01",
                            "2014-00-10",
                            "2014-01-00",
                            "2014-01-32",
                            "2014-02-29",
                            "1900-02-29",
                            "2014-04-31",
                            "2014-01-02T",
                            "2014-01-02T9:30",
                            "2014-01-02T24:00",
                            "2014-01-02T23:60",
                            "2014-01-02T23:59:60",
                            "2014-01-02X09:30",
                            "2014-01-02T09:30:1",
                            "2014-01-02T09:30:15junk",
                            "2014-01-02 ",
                            " 2014-01-02",
                            "２０１４-01-02",
                            "abcdefghij",
                            "2014-01-02T09-30"}) {
        EXPECT_EQ(status(bad), TimestampStatus::malformed) << bad;
    }
    EXPECT_EQ(ok("2012-02-29"), days_from_civil(2012, 2, 29) * kNanosPerDay);
    EXPECT_EQ(ok("2000-02-29"), days_from_civil(2000, 2, 29) * kNanosPerDay);
}

TEST(Timestamp, FastIsoDateAgreesOnEveryDay) {
    // Every day of 1678..2261 takes the fast path, with parse_timestamp's result.
    const Timestamp first = days_from_civil(1678, 1, 1) * kNanosPerDay;
    const Timestamp last = days_from_civil(2261, 12, 31) * kNanosPerDay;
    int days_checked = 0;
    for (Timestamp t = first; t <= last; t += kNanosPerDay, ++days_checked) {
        const std::string text = format_timestamp(t);
        std::int64_t days = 0;
        ASSERT_TRUE(iso_date_days(text.data(), days)) << text;
        ASSERT_EQ(days * kNanosPerDay, t) << text;
    }
    EXPECT_EQ(days_checked, 213'301);  // 584 years
    for (const char* other : {"1677-12-31", "2262-01-01", "2014-02-29", "2014-13-01", "2014-00-01",
                              "2014-01-00", "2014-01-32", "2014/01/02", "2014-01-0x", "20140-01-0",
                              "+014-01-02", "2014-1-020", "0000-01-01", "9999-12-31"}) {
        std::int64_t days = 0;
        EXPECT_FALSE(iso_date_days(other, days)) << other;
    }
}

TEST(Timestamp, FormatsAsShortExactIso) {
    EXPECT_EQ(format_timestamp(0), "1970-01-01");
    EXPECT_EQ(format_timestamp(k20140102), "2014-01-02");
    EXPECT_EQ(format_timestamp(k20140102 + 9 * kHour + 30 * kMinute), "2014-01-02T09:30:00Z");
    EXPECT_EQ(format_timestamp(k20140102 + 500'000'000), "2014-01-02T00:00:00.5Z");
    EXPECT_EQ(format_timestamp(k20140102 + 1), "2014-01-02T00:00:00.000000001Z");
    EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999999999Z");
    EXPECT_EQ(format_timestamp(-kNanosPerDay), "1969-12-31");
    // Round trip over a spread of values.
    for (Timestamp t = -5'000'000'000'000'000'000LL; t < 9'000'000'000'000'000'000LL;
         t += 123'456'789'012'345'678LL) {
        EXPECT_EQ(ok(format_timestamp(t)), t) << t;
    }
}

}  // namespace
}  // namespace dsl::runner
