// The one interface through which the engine reports what happened.
//
// The engine calls on_event() synchronously, in the deterministic order of docs/engine.md, for
// every event it emits; the backtest dispatcher, the live runner, the trace writer and the tests
// all listen through it. The event reference is valid only during the call. A sink must not call
// engine commands or feed market data from inside on_event() (the engine throws
// std::logic_error if it does): collect what you need and act after the engine call returns.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "engine/events.h"

namespace dsl::engine {

class EventSink {
  public:
    virtual ~EventSink() = default;
    virtual void on_event(const Event& event) = 0;
};

class NullSink final : public EventSink {
  public:
    void on_event(const Event&) override {}
};

// Keeps a copy of every event (tests, small tools).
class RecordingSink final : public EventSink {
  public:
    void on_event(const Event& event) override { events_.push_back(event); }
    const std::vector<Event>& events() const { return events_; }
    void clear() { events_.clear(); }

  private:
    std::vector<Event> events_;
};

// Forwards to a callable.
class FunctionSink final : public EventSink {
  public:
    explicit FunctionSink(std::function<void(const Event&)> fn) : fn_(std::move(fn)) {}
    void on_event(const Event& event) override { fn_(event); }

  private:
    std::function<void(const Event&)> fn_;
};

// Forwards every event to several sinks in the order they were added.
class TeeSink final : public EventSink {
  public:
    void add(EventSink& sink) { sinks_.push_back(&sink); }
    void on_event(const Event& event) override {
        for (EventSink* s : sinks_)
            s->on_event(event);
    }

  private:
    std::vector<EventSink*> sinks_;
};

}  // namespace dsl::engine
