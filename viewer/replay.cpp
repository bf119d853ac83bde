// Replay arithmetic; market events are in trace order with non-decreasing seq and time.
#include "viewer/replay.h"

#include <algorithm>
#include <cmath>

namespace dsl::viewer {

void Replay::sync(std::size_t count) {
    bool was_at_end = at_end();
    count_ = count;
    if (was_at_end || position_ > count_) position_ = count_;
}

void Replay::seek(std::size_t position) {
    position_ = std::min(position, count_);
    carry_ = 0;
}

void Replay::step(std::ptrdiff_t events) {
    if (events < 0) {
        auto back = static_cast<std::size_t>(-events);
        seek(back > position_ ? 0 : position_ - back);
    } else {
        seek(position_ + static_cast<std::size_t>(events));
    }
}

void Replay::play() {
    if (at_end()) seek(0);
    playing_ = count_ > 0;
    carry_ = 0;
}

void Replay::set_speed(double events_per_second) {
    speed_ = std::clamp(events_per_second, 0.1, 1e6);
}

bool Replay::advance(double seconds) {
    if (!playing_ || !(seconds > 0)) return false;
    carry_ += seconds * speed_;
    double whole = std::floor(carry_);
    carry_ -= whole;
    std::size_t before = position_;
    if (whole > 0) {
        double room = static_cast<double>(count_ - position_);
        position_ += static_cast<std::size_t>(std::min(whole, room));
    }
    if (at_end()) playing_ = false;
    return position_ != before;
}

std::uint64_t seq_at(const trace::Trace& trace, std::size_t position) {
    if (position == 0 || trace.market_events.empty()) return 0;
    position = std::min(position, trace.market_events.size());
    return trace.market_events[position - 1].seq;
}

trace::Timestamp time_at(const trace::Trace& trace, std::size_t position) {
    if (position == 0 || trace.market_events.empty()) return trace::kNoTime;
    position = std::min(position, trace.market_events.size());
    return trace.market_events[position - 1].ts;
}

std::size_t position_at_time(const trace::Trace& trace, trace::Timestamp ts) {
    const auto& ev = trace.market_events;
    auto it =
        std::upper_bound(ev.begin(), ev.end(), ts,
                         [](trace::Timestamp t, const trace::MarketEvent& e) { return t < e.ts; });
    return static_cast<std::size_t>(it - ev.begin());
}

std::size_t position_at_seq(const trace::Trace& trace, std::uint64_t seq) {
    const auto& ev = trace.market_events;
    auto it =
        std::lower_bound(ev.begin(), ev.end(), seq,
                         [](const trace::MarketEvent& e, std::uint64_t s) { return e.seq < s; });
    if (it == ev.end()) return ev.size();
    return static_cast<std::size_t>(it - ev.begin()) + (it->seq == seq ? 1 : 0);
}

}  // namespace dsl::viewer
