// The indicators: O(1) work per bar (amortised where noted), independent of the VM so that
// the tests can drive them directly and compare them with straightforward O(n) reference
// implementations.
//
// Every indicator is a series transformer with two operations:
//   push(x)     a new step (bar) with input x; returns the output for that step;
//   replace(x)  the latest step's input becomes x (a second call at the same call site within
//               one market event: Pine-like, the bar's value is recomputed, the history is
//               not extended); returns the recomputed output.
// Outputs are na (NaN) until the window is full. na inputs: the windowed indicators (sma,
// stdev, highest, lowest) output na while an na is inside the window; the recursive ones
// (ema, rsi, atr) output na for that step and keep their state as it was.
//
// Numerics: sma keeps a running sum, re-anchored from the window every n steps, which bounds
// the rounding drift of add/remove over millions of bars at an amortised O(1) cost. stdev
// never removes: it merges per-value moments (count, mean, M2) in a two-stack queue (see
// Stdev), which is as accurate as a two-pass computation over the window and exactly 0 for
// a constant window, where add/remove updates leave a residue of ~1e-8 x price.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

namespace dsl::stdlib {

inline constexpr double kNa = std::numeric_limits<double>::quiet_NaN();
// Longest window an indicator accepts (a runtime error beyond).
inline constexpr int64_t kMaxIndicatorLength = 1'000'000;

// The last n inputs, oldest first; na inputs are counted and kept.
class Window {
  public:
    explicit Window(int64_t n) : values_(size_t(n)), capacity_(n) {}

    int64_t capacity() const { return capacity_; }
    int64_t size() const { return size_; }
    bool full() const { return size_ == capacity(); }
    int64_t na_count() const { return na_; }
    // Appends x; returns the value that left the window (or nullopt-like: `evicted` false).
    void push(double x, bool* evicted, double* old);
    // Replaces the newest value; returns the previous one.
    double replace_newest(double x);
    // i = 0 is the oldest value in the window.
    double at(int64_t i) const { return values_[size_t(wrap(start_ + i))]; }

  private:
    // i in [0, 2 x capacity) as an index into values_: a subtraction, not a division (every
    // step of every windowed indicator goes through here).
    int64_t wrap(int64_t i) const { return i >= capacity() ? i - capacity() : i; }

    std::vector<double> values_;
    int64_t capacity_;  // values_.size(), kept: every step asks for it several times
    int64_t start_ = 0;
    int64_t size_ = 0;
    int64_t na_ = 0;
};

class Sma {
  public:
    explicit Sma(int64_t n) : w_(n) {}
    double push(double x);
    double replace(double x);
    double value() const;

  private:
    void add(double x) { sum_ += x; }
    void reanchor();
    Window w_;
    double sum_ = 0;  // of the non-na values in the window
    int64_t since_anchor_ = 0;
};

// Count, mean and sum of squared deviations of a set of values; combine() merges two sets
// (Chan et al.), with no subtraction of squares, so M2 stays >= 0 and is exactly 0 for a
// constant window.
struct Moments {
    double n = 0, mean = 0, m2 = 0;
    static Moments of(double x);  // empty for na
    static Moments combine(const Moments& a, const Moments& b);
};

// Population standard deviation over a window kept as a two-stack queue of Moments: pushing
// merges into the back stack's running aggregate; evicting pops the front stack, refilled
// from the back stack when empty (each value moves once: amortised O(1)). No value is ever
// subtracted back out, so there is no drift to correct.
class Stdev {
  public:
    explicit Stdev(int64_t n) : w_(n) {}
    double push(double x);
    double replace(double x);
    double value() const;

  private:
    struct Entry {
        double x;
        Moments agg;  // front: this and every newer front entry; back: this and every older
    };
    void push_back(double x);
    void pop_front();
    Window w_;
    std::vector<Entry> front_;  // back() is the oldest value
    std::vector<Entry> back_;   // back() is the newest value
};

// highest (Max = true) or lowest over the window, with a monotonic deque of (step, value):
// amortised O(1) per push. replace() with a value that does not lose ground (higher for
// highest) is O(1) amortised too; otherwise it rebuilds the deque from the window in O(n)
// and reports the work through last_work() so that the caller can charge gas for it.
template <bool Max>
class Extreme {
  public:
    explicit Extreme(int64_t n) : w_(n) {}
    double push(double x);
    double replace(double x);
    double value() const;
    int64_t last_work() const { return work_; }

  private:
    static bool beats(double a, double b) { return Max ? a >= b : a <= b; }
    void insert(int64_t step, double x);
    Window w_;
    std::deque<std::pair<int64_t, double>> dq_;  // steps ascending, values strictly monotonic
    int64_t step_ = -1;                          // step of the newest value
    int64_t work_ = 0;
};
using Highest = Extreme<true>;
using Lowest = Extreme<false>;

// Exponential moving average, alpha = 2 / (n + 1), seeded with the SMA of the first n values.
class Ema {
  public:
    explicit Ema(int64_t n) : n_(n), alpha_(2.0 / double(n + 1)) {}
    double push(double x);
    double replace(double x);

  private:
    struct State {
        int64_t count = 0;
        double sum = 0;
        double ema = kNa;
    };
    double step(double x);
    int64_t n_;
    double alpha_;
    State s_, before_;  // before_: the state before the latest step (for replace)
};

// Wilder's moving average (RMA), seeded with the SMA of the first n values: rsi and atr.
struct Rma {
    int64_t n = 1;
    int64_t count = 0;
    double sum = 0;
    double avg = kNa;
    void add(double x);
};

// Relative strength index with Wilder's smoothing of gains and losses; na until n changes
// (n + 1 values) are seen. 100 when there were no losses, 0 when no gains.
class Rsi {
  public:
    explicit Rsi(int64_t n) { s_.up.n = s_.down.n = n; }
    double push(double x);
    double replace(double x);

  private:
    struct State {
        bool has_prev = false;
        double prev = 0;
        Rma up, down;
        double out = kNa;
    };
    double step(double x);
    State s_, before_;
};

// Average true range: RMA of the true range max(high - low, |high - prev close|,
// |low - prev close|), or high - low when there is no previous close.
class Atr {
  public:
    explicit Atr(int64_t n) { s_.rma.n = n; }
    // prev_close: na when there is no previous bar.
    double push(double high, double low, double prev_close);
    double replace(double high, double low, double prev_close);

  private:
    struct State {
        Rma rma;
        double out = kNa;
    };
    double step(double high, double low, double prev_close);
    State s_, before_;
};

// crossover (Over = true): a > b now and a <= b at the previous step; crossunder mirrored.
template <bool Over>
class Cross {
  public:
    bool push(double a, double b);
    bool replace(double a, double b);

  private:
    struct State {
        bool has_prev = false;
        double a = 0, b = 0;
    };
    bool step(double a, double b);
    State s_, before_;
};
using Crossover = Cross<true>;
using Crossunder = Cross<false>;

}  // namespace dsl::stdlib
