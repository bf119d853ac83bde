// Civil-time conversions with std::chrono's calendar types (UTC, proleptic Gregorian).
#include "viewer/time_text.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <chrono>

namespace dsl::viewer {

namespace {

namespace chr = std::chrono;

struct Civil {
    int year = 1970;
    unsigned month = 1, day = 1;
    std::int64_t nanos_of_day = 0;
};

// Floor division, so that times before 1970 land on the right day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

Civil to_civil(Timestamp ts) {
    std::int64_t days = floor_div(ts, kNanosPerDay);
    chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
    Civil c;
    c.year = static_cast<int>(ymd.year());
    c.month = static_cast<unsigned>(ymd.month());
    c.day = static_cast<unsigned>(ymd.day());
    c.nanos_of_day = ts - days * kNanosPerDay;
    return c;
}

std::optional<std::int64_t> days_of(int year, unsigned month, unsigned day) {
    chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return chr::sys_days{ymd}.time_since_epoch().count();
}

// Reads exactly `n` digits at text[pos].
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

// "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff" (up to 9 fraction digits) as nanoseconds of the day.
std::optional<std::int64_t> parse_time_of_day(std::string_view t) {
    auto h = digits(t, 0, 2), m = digits(t, 3, 2);
    if (!h || !m || t.size() < 5 || t[2] != ':' || *h > 23 || *m > 59) return std::nullopt;
    std::int64_t ns = (*h * 3600LL + *m * 60LL) * kNanosPerSecond;
    if (t.size() == 5) return ns;
    auto s = digits(t, 6, 2);
    if (!s || t[5] != ':' || *s > 59) return std::nullopt;
    ns += *s * kNanosPerSecond;
    if (t.size() == 8) return ns;
    if (t[8] != '.' || t.size() == 9 || t.size() > 18) return std::nullopt;
    std::int64_t frac = 0, scale = kNanosPerSecond;
    for (std::size_t i = 9; i < t.size(); ++i) {
        if (t[i] < '0' || t[i] > '9') return std::nullopt;
        scale /= 10;
        frac += (t[i] - '0') * scale;
    }
    return ns + frac;
}

}  // namespace

std::string format_time(Timestamp ts) {
    if (ts == trace::kNoTime) return "-";
    Civil c = to_civil(ts);
    std::string date = fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
    if (c.nanos_of_day == 0) return date;
    std::int64_t secs = c.nanos_of_day / kNanosPerSecond;
    std::int64_t frac = c.nanos_of_day % kNanosPerSecond;
    std::string text =
        fmt::format("{} {:02}:{:02}:{:02}", date, secs / 3600, secs / 60 % 60, secs % 60);
    if (frac != 0) {
        std::string f = fmt::format("{:09}", frac);
        while (f.back() == '0')
            f.pop_back();
        text += "." + f;
    }
    return text;
}

std::optional<Timestamp> parse_time(std::string_view text) {
    if (text.empty()) return std::nullopt;
    bool all_digits = text.find_first_not_of("-0123456789") == std::string_view::npos &&
                      text.find('-', 1) == std::string_view::npos;
    if (all_digits) {
        Timestamp v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
        return v;
    }
    auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    if (!y || !mo || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto days = days_of(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
    if (!days) return std::nullopt;
    std::int64_t ns = 0;
    if (text.size() > 10) {
        if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
        auto tod = parse_time_of_day(text.substr(11));
        if (!tod) return std::nullopt;
        ns = *tod;
    } else if (text.size() != 10) {
        return std::nullopt;
    }
    return *days * kNanosPerDay + ns;
}

std::int64_t time_bucket(Timestamp ts, TimeStep step) {
    switch (step.unit) {
        case TimeStep::Unit::nanos:
            return floor_div(ts, step.count);
        case TimeStep::Unit::days:
            return floor_div(floor_div(ts, kNanosPerDay), step.count);
        case TimeStep::Unit::months: {
            Civil c = to_civil(ts);
            return floor_div(c.year * 12LL + (c.month - 1), step.count);
        }
        case TimeStep::Unit::years:
            return floor_div(to_civil(ts).year, step.count);
    }
    return 0;
}

TimeStep choose_time_step(std::int64_t span, double max_ticks) {
    using U = TimeStep::Unit;
    constexpr std::int64_t s = kNanosPerSecond, d = kNanosPerDay;
    // Each step with its approximate length, for the bucket count estimate.
    struct Rung {
        TimeStep step;
        std::int64_t length;
    };
    static const std::array kLadder{
        Rung{{U::nanos, 1 * s}, 1 * s},
        Rung{{U::nanos, 5 * s}, 5 * s},
        Rung{{U::nanos, 15 * s}, 15 * s},
        Rung{{U::nanos, 30 * s}, 30 * s},
        Rung{{U::nanos, 60 * s}, 60 * s},
        Rung{{U::nanos, 300 * s}, 300 * s},
        Rung{{U::nanos, 900 * s}, 900 * s},
        Rung{{U::nanos, 1800 * s}, 1800 * s},
        Rung{{U::nanos, 3600 * s}, 3600 * s},
        Rung{{U::nanos, 3 * 3600 * s}, 3 * 3600 * s},
        Rung{{U::nanos, 6 * 3600 * s}, 6 * 3600 * s},
        Rung{{U::nanos, 12 * 3600 * s}, 12 * 3600 * s},
        Rung{{U::days, 1}, d},
        Rung{{U::days, 7}, 7 * d},
        Rung{{U::months, 1}, 30 * d},
        Rung{{U::months, 3}, 91 * d},
        Rung{{U::months, 6}, 182 * d},
        Rung{{U::years, 1}, 365 * d},
        Rung{{U::years, 2}, 730 * d},
        Rung{{U::years, 5}, 1826 * d},
        Rung{{U::years, 10}, 3652 * d},
        Rung{{U::years, 50}, 18262 * d},
    };
    for (const Rung& r : kLadder) {
        if (static_cast<double>(span) / static_cast<double>(r.length) <= max_ticks) return r.step;
    }
    return kLadder.back().step;
}

std::string format_tick(Timestamp ts, TimeStep step) {
    Civil c = to_civil(ts);
    std::int64_t secs = c.nanos_of_day / kNanosPerSecond;
    switch (step.unit) {
        case TimeStep::Unit::years:
            return fmt::format("{}", c.year);
        case TimeStep::Unit::months:
            return fmt::format("{:04}-{:02}", c.year, c.month);
        case TimeStep::Unit::days:
            return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
        case TimeStep::Unit::nanos:
            if (step.count < 60 * kNanosPerSecond)
                return fmt::format("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
            if (c.nanos_of_day == 0) return fmt::format("{:02}-{:02}", c.month, c.day);
            return fmt::format("{:02}:{:02}", secs / 3600, secs / 60 % 60);
    }
    return {};
}

}  // namespace dsl::viewer
