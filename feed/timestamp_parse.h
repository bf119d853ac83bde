// Timestamps of market data: parsing the textual forms a data file may use into
// engine::Timestamp (int64 nanoseconds since 1970-01-01T00:00:00Z), and printing them back.
//
// Accepted forms (docs/data.md, "Timestamps"), nothing else:
// - `YYYY-MM-DD`: the date at 00:00 UTC;
// - `YYYY-MM-DDTHH:MM[:SS[.fraction]]`, also with a space instead of the `T`, optionally
//   followed by `Z` or a UTC offset `+HH:MM`, `-HH:MM`, `+HHMM` or `-HHMM`. Without an offset the
//   time is UTC: there are no time zones here, because a data file that silently meant local
//   time would give different results on different machines. The fraction has 1 to 9 digits.
// - unix epoch integers, decided by the number of digits: 9 to 11 digits are seconds, 12 to 14
//   milliseconds. Fewer than 9 digits are rejected (such a number is far more likely a compact
//   date like 20140102 or a row number than a time in 1970-1973), and so is anything longer.
//
// Invariants: the result is exact (no floating point); a value outside the range of Timestamp
// (about 1677-09-21 .. 2262-04-11) is reported as out of range rather than wrapped; the
// parser reads only the given characters (no terminator needed) and never allocates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/types.h"

namespace dsl::runner {

enum class TimestampStatus : std::uint8_t {
    ok,
    malformed,     // not one of the accepted forms (or an invalid date or time of day)
    out_of_range,  // well formed, but outside what an int64 of nanoseconds can hold
};

struct TimestampResult {
    TimestampStatus status = TimestampStatus::malformed;
    engine::Timestamp ts = 0;
};

TimestampResult parse_timestamp(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr bool is_leap_year(std::int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Days in month m (1..12) of year y.
constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

// The fast path of CSV rows: `YYYY-MM-DD` at p[0..10) (10 readable bytes) with a year in
// 1678..2261, where midnight cannot overflow a Timestamp. Sets the day number since 1970-01-01
// and returns true; false for anything else, which parse_timestamp() then decides. Agrees with
// parse_timestamp() wherever it returns true.
inline bool iso_date_days(const char* p, std::int64_t& days) {
    auto at = [p](int i) { return static_cast<unsigned>(p[i] - '0'); };
    const unsigned y0 = at(0), y1 = at(1), y2 = at(2), y3 = at(3);
    const unsigned m0 = at(5), m1 = at(6), d0 = at(8), d1 = at(9);
    const bool digits = (y0 <= 9) & (y1 <= 9) & (y2 <= 9) & (y3 <= 9) & (m0 <= 9) & (m1 <= 9) &
                        (d0 <= 9) & (d1 <= 9);  // & not &&: no branch per digit
    if (!digits || p[4] != '-' || p[7] != '-') return false;
    const unsigned y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    const unsigned m = m0 * 10 + m1;
    const unsigned d = d0 * 10 + d1;
    if (y < 1678 || y > 2261 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
    days = days_from_civil(y, m, d);
    return true;
}

// ISO 8601 in UTC, as short as exact: `2014-01-03` at midnight, else `2014-01-03T09:30:00Z`,
// with a fraction only when there is one (`...:00.25Z`). Used in messages and docs.
std::string format_timestamp(engine::Timestamp ts);

}  // namespace dsl::runner
