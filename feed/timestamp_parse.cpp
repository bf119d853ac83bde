// Timestamp parsing and formatting (see timestamp_parse.h for the accepted forms).
//
// The parser is on the hot path of every CSV row, so it works on fixed character positions
// with no allocation and no library calls; the date arithmetic is integer only.
#include "feed/timestamp_parse.h"

#include <cstdio>

namespace dsl::runner {

namespace {

using engine::kNanosPerDay;
using engine::kNanosPerSecond;
using engine::Timestamp;

constexpr Timestamp kNanosPerMinute = 60 * kNanosPerSecond;
constexpr Timestamp kNanosPerHour = 60 * kNanosPerMinute;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly n digits at text[pos..pos+n) into value; false if any is not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t n, unsigned& value) {
    if (pos + n > text.size()) return false;
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(text[i])) return false;
        v = v * 10 + static_cast<unsigned>(text[i] - '0');
    }
    value = v;
    return true;
}

TimestampResult fail(TimestampStatus status) {
    return TimestampResult{status, 0};
}

// Adds parts with overflow checks; the pieces of a valid date can still exceed int64 ns.
TimestampResult combine(std::int64_t days, Timestamp time_of_day, Timestamp offset) {
    Timestamp ts = 0;
    if (__builtin_mul_overflow(days, kNanosPerDay, &ts) ||
        __builtin_add_overflow(ts, time_of_day, &ts) || __builtin_sub_overflow(ts, offset, &ts) ||
        ts == engine::kNoTime) {
        return fail(TimestampStatus::out_of_range);
    }
    return TimestampResult{TimestampStatus::ok, ts};
}

TimestampResult parse_epoch(std::string_view text) {
    if (text.size() < 9 || text.size() > 14) return fail(TimestampStatus::malformed);
    std::int64_t value = 0;
    for (char c : text) {
        if (!is_digit(c)) return fail(TimestampStatus::malformed);
        value = value * 10 + (c - '0');  // at most 14 digits: no overflow
    }
    const Timestamp unit = text.size() <= 11 ? kNanosPerSecond : 1'000'000;
    Timestamp ts = 0;
    if (__builtin_mul_overflow(value, unit, &ts)) return fail(TimestampStatus::out_of_range);
    return TimestampResult{TimestampStatus::ok, ts};
}

// `Z`, `+HH:MM`, `-HH:MM`, `+HHMM`, `-HHMM` or nothing; the offset is local minus UTC.
bool parse_offset(std::string_view rest, Timestamp& offset) {
    offset = 0;
    if (rest.empty()) return true;
    if (rest == "Z" || rest == "z") return true;
    if (rest[0] != '+' && rest[0] != '-') return false;
    unsigned hh = 0;
    unsigned mm = 0;
    if (rest.size() == 6 && rest[3] == ':') {
        if (!digits(rest, 1, 2, hh) || !digits(rest, 4, 2, mm)) return false;
    } else if (rest.size() == 5) {
        if (!digits(rest, 1, 2, hh) || !digits(rest, 3, 2, mm)) return false;
    } else {
        return false;
    }
    if (hh > 23 || mm > 59) return false;
    offset = hh * kNanosPerHour + mm * kNanosPerMinute;
    if (rest[0] == '-') offset = -offset;
    return true;
}

// The part after the date: `HH:MM[:SS[.f]][offset]`.
bool parse_time(std::string_view text, Timestamp& time_of_day, Timestamp& offset) {
    unsigned hh = 0;
    unsigned mm = 0;
    unsigned ss = 0;
    if (text.size() < 5 || text[2] != ':' || !digits(text, 0, 2, hh) || !digits(text, 3, 2, mm)) {
        return false;
    }
    std::size_t pos = 5;
    Timestamp nanos = 0;
    if (pos < text.size() && text[pos] == ':') {
        if (!digits(text, pos + 1, 2, ss)) return false;
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            std::size_t n = 0;
            for (; pos < text.size() && is_digit(text[pos]); ++pos, ++n) {
                if (n == 9) return false;  // finer than a nanosecond cannot be represented
                nanos = nanos * 10 + (text[pos] - '0');
            }
            if (n == 0) return false;
            for (; n < 9; ++n)
                nanos *= 10;
        }
    }
    // 24:00 and leap seconds are not accepted: Timestamp has no leap seconds.
    if (hh > 23 || mm > 59 || ss > 59) return false;
    if (!parse_offset(text.substr(pos), offset)) return false;
    time_of_day = hh * kNanosPerHour + mm * kNanosPerMinute + ss * kNanosPerSecond + nanos;
    return true;
}

}  // namespace

TimestampResult parse_timestamp(std::string_view text) {
    if (text.size() < 10 || text[4] != '-') return parse_epoch(text);
    unsigned y = 0;
    unsigned m = 0;
    unsigned d = 0;
    if (!digits(text, 0, 4, y) || text[7] != '-' || !digits(text, 5, 2, m) ||
        !digits(text, 8, 2, d)) {
        return fail(TimestampStatus::malformed);
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        return fail(TimestampStatus::malformed);
    }
    const std::int64_t days = days_from_civil(y, m, d);
    if (text.size() == 10) return combine(days, 0, 0);
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
        return fail(TimestampStatus::malformed);
    }
    Timestamp time_of_day = 0;
    Timestamp offset = 0;
    if (!parse_time(text.substr(11), time_of_day, offset)) {
        return fail(TimestampStatus::malformed);
    }
    return combine(days, time_of_day, offset);
}

std::string format_timestamp(Timestamp ts) {
    // Floor division so that times before 1970 print their own (earlier) date.
    std::int64_t days = ts / kNanosPerDay;
    Timestamp rem = ts % kNanosPerDay;
    if (rem < 0) {
        rem += kNanosPerDay;
        --days;
    }
    // civil_from_days (H. Hinnant), the inverse of days_from_civil.
    std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);

    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    if (rem != 0) {
        const auto secs = static_cast<long long>(rem / kNanosPerSecond);
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n),
                           "T%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
        if (auto frac = static_cast<long long>(rem % kNanosPerSecond); frac != 0) {
            int width = 9;
            while (frac % 10 == 0) {
                frac /= 10;
                --width;
            }
            n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ".%0*lld", width,
                               frac);
        }
        buf[n++] = 'Z';
    }
    return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace dsl::runner
