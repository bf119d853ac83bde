// Timestamps as text: the chart's time axis, the panels, and the --at option.
//
// Trace timestamps are int64 nanoseconds since the Unix epoch, UTC (docs/trace.md); the viewer
// shows them in UTC too, so that what it shows matches the trace and the data files byte for
// byte. Daily data has midnight timestamps: a time of day is shown only when it is not midnight.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "trace/model.h"

namespace dsl::viewer {

using trace::Timestamp;

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

// "2003-05-01", or "2003-05-01 14:30:05" when the time is not midnight, with ".123456789"
// when it has a fraction of a second; "-" for kNoTime.
std::string format_time(Timestamp ts);

// The forms --at accepts: "2003-05-01", "2003-05-01T14:30", "2003-05-01 14:30:05.25" (UTC), or
// a bare integer of nanoseconds since the epoch. nullopt when malformed.
std::optional<Timestamp> parse_time(std::string_view text);

// A calendar-aware step for time-axis ticks.
struct TimeStep {
    enum class Unit : std::uint8_t { nanos, days, months, years };
    Unit unit = Unit::days;
    std::int64_t count = 1;  // of the unit
};

// The bucket a timestamp falls in for a step (ticks go where the bucket changes).
std::int64_t time_bucket(Timestamp ts, TimeStep step);
// The smallest step of the ladder (1 s ... 50 years) with at most `max_ticks` buckets in `span`
// nanoseconds.
TimeStep choose_time_step(std::int64_t span, double max_ticks);
// A tick label for the step: "2003", "2003-05", "2003-05-01", "05-01 14:30", "14:30:05".
std::string format_tick(Timestamp ts, TimeStep step);

}  // namespace dsl::viewer
