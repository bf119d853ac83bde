// The replay position: how many of the trace's market events the screen shows, and playback.
//
// Position p means "the first p market events have happened": 0 is before the first (only
// on_start's doings), count() is the whole trace. Everything on screen is the state as of
// seq_at(p) (trace/model.h: "as of replay position k" means seq <= k). The position moves by
// whole market events: within one event the engine's steps are not separately observable (the
// snapshot the chart shows is recorded at the event's end, docs/engine.md).
//
// At the end, the position stays at the end as the trace grows (follow mode shows the live
// state); anywhere else it stays where the user put it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "trace/model.h"

namespace dsl::viewer {

class Replay {
  public:
    // The trace now has `count` market events.
    void sync(std::size_t count);

    std::size_t position() const { return position_; }
    std::size_t count() const { return count_; }
    bool at_end() const { return position_ == count_; }

    void seek(std::size_t position);  // clamped to [0, count]
    void seek_end() { seek(count_); }
    void step(std::ptrdiff_t events);

    bool playing() const { return playing_; }
    void play();  // from the start when at the end
    void pause() { playing_ = false; }
    void toggle() { playing_ ? pause() : play(); }
    double speed() const { return speed_; }  // market events per second
    void set_speed(double events_per_second);
    // Moves playback on by `seconds` of wall time; returns whether the position changed.
    // Playback pauses at the end.
    bool advance(double seconds);

  private:
    std::size_t position_ = 0;
    std::size_t count_ = 0;
    bool playing_ = false;
    double speed_ = 20;
    double carry_ = 0;  // fraction of an event owed to the next advance()
};

// The seq that position p shows (0 for p = 0).
std::uint64_t seq_at(const trace::Trace& trace, std::size_t position);
// The time of position p's market event (kNoTime for p = 0).
trace::Timestamp time_at(const trace::Trace& trace, std::size_t position);
// The position that shows everything up to time `ts`: market events at or before it.
std::size_t position_at_time(const trace::Trace& trace, trace::Timestamp ts);
// The position that first shows what happened at market event `seq`.
std::size_t position_at_seq(const trace::Trace& trace, std::uint64_t seq);

}  // namespace dsl::viewer
