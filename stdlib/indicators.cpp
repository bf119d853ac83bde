// The indicator state machines (contracts in indicators.h).
#include "stdlib/indicators.h"

#include <algorithm>
#include <cmath>

namespace dsl::stdlib {

// ---- Window -------------------------------------------------------------------------------

void Window::push(double x, bool* evicted, double* old) {
    *evicted = false;
    if (full()) {
        *evicted = true;
        *old = values_[size_t(start_)];
        if (std::isnan(*old)) --na_;
        values_[size_t(start_)] = x;
        if (++start_ == capacity()) start_ = 0;
    } else {
        values_[size_t(wrap(start_ + size_))] = x;
        ++size_;
    }
    if (std::isnan(x)) ++na_;
}

double Window::replace_newest(double x) {
    size_t at = size_t(wrap(start_ + size_ - 1));
    double old = values_[at];
    if (std::isnan(old)) --na_;
    if (std::isnan(x)) ++na_;
    values_[at] = x;
    return old;
}

// ---- Sma ------------------------------------------------------------------------------------

double Sma::push(double x) {
    bool evicted;
    double old = 0;
    w_.push(x, &evicted, &old);
    if (evicted && !std::isnan(old)) sum_ -= old;
    if (!std::isnan(x)) sum_ += x;
    if (++since_anchor_ >= w_.capacity()) reanchor();
    return value();
}

double Sma::replace(double x) {
    double old = w_.replace_newest(x);
    if (!std::isnan(old)) sum_ -= old;
    if (!std::isnan(x)) sum_ += x;
    return value();
}

double Sma::value() const {
    if (!w_.full() || w_.na_count() > 0) return kNa;
    return sum_ / double(w_.capacity());
}

void Sma::reanchor() {
    double sum = 0;  // a local: summing into the member would store it on every step
    for (int64_t i = 0; i < w_.size(); ++i) {
        if (!std::isnan(w_.at(i))) sum += w_.at(i);
    }
    sum_ = sum;
    since_anchor_ = 0;
}

// ---- Stdev ----------------------------------------------------------------------------------

Moments Moments::of(double x) {
    if (std::isnan(x)) return {};
    return {1, x, 0};
}

Moments Moments::combine(const Moments& a, const Moments& b) {
    if (a.n == 0) return b;
    if (b.n == 0) return a;
    double n = a.n + b.n;
    double delta = b.mean - a.mean;
    return {n, a.mean + delta * (b.n / n), a.m2 + b.m2 + delta * delta * (a.n * b.n / n)};
}

void Stdev::push_back(double x) {
    Moments below = back_.empty() ? Moments{} : back_.back().agg;
    back_.push_back({x, Moments::combine(below, Moments::of(x))});
}

void Stdev::pop_front() {
    if (front_.empty()) {
        // Move everything but the newest value to the front stack, newest first, so that the
        // oldest ends on top; the newest stays in the back stack for replace().
        double newest = back_.back().x;
        for (size_t i = back_.size() - 1; i-- > 0;) {
            Moments newer = front_.empty() ? Moments{} : front_.back().agg;
            front_.push_back({back_[i].x, Moments::combine(Moments::of(back_[i].x), newer)});
        }
        back_.clear();
        push_back(newest);
    }
    front_.pop_back();
}

double Stdev::push(double x) {
    bool evicted;
    double old = 0;
    w_.push(x, &evicted, &old);
    push_back(x);
    if (evicted) pop_front();
    return value();
}

double Stdev::replace(double x) {
    w_.replace_newest(x);
    back_.pop_back();
    push_back(x);
    return value();
}

double Stdev::value() const {
    if (!w_.full() || w_.na_count() > 0) return kNa;
    Moments m = Moments::combine(front_.empty() ? Moments{} : front_.back().agg,
                                 back_.empty() ? Moments{} : back_.back().agg);
    return std::sqrt(std::max(0.0, m.m2 / m.n));
}

// ---- Highest / lowest -----------------------------------------------------------------------

template <bool Max>
void Extreme<Max>::insert(int64_t step, double x) {
    while (!dq_.empty() && beats(x, dq_.back().second)) {
        dq_.pop_back();
        ++work_;
    }
    dq_.emplace_back(step, x);
}

template <bool Max>
double Extreme<Max>::push(double x) {
    work_ = 0;
    ++step_;
    bool evicted;
    double old = 0;
    w_.push(x, &evicted, &old);
    if (!std::isnan(x)) insert(step_, x);
    while (!dq_.empty() && dq_.front().first <= step_ - w_.capacity())
        dq_.pop_front();
    return value();
}

template <bool Max>
double Extreme<Max>::replace(double x) {
    work_ = 0;
    double old = w_.replace_newest(x);
    bool old_in_deque = !dq_.empty() && dq_.back().first == step_;
    if (std::isnan(x) && !old_in_deque) return value();
    if (!std::isnan(x) && (!old_in_deque || beats(x, old))) {
        // x pops everything old popped, and maybe more.
        if (old_in_deque) dq_.pop_back();
        insert(step_, x);
        return value();
    }
    // x loses ground: entries old had displaced may be back in the running.
    dq_.clear();
    int64_t first_step = step_ - w_.size() + 1;
    for (int64_t i = 0; i < w_.size(); ++i) {
        if (!std::isnan(w_.at(i))) insert(first_step + i, w_.at(i));
    }
    work_ += w_.size();
    return value();
}

template <bool Max>
double Extreme<Max>::value() const {
    if (!w_.full() || w_.na_count() > 0 || dq_.empty()) return kNa;
    return dq_.front().second;
}

template class Extreme<true>;
template class Extreme<false>;

// ---- Ema ------------------------------------------------------------------------------------

double Ema::step(double x) {
    if (std::isnan(x)) return kNa;
    ++s_.count;
    if (s_.count <= n_) {
        s_.sum += x;
        if (s_.count == n_) s_.ema = s_.sum / double(n_);
        return s_.count == n_ ? s_.ema : kNa;
    }
    s_.ema = alpha_ * x + (1 - alpha_) * s_.ema;
    return s_.ema;
}

double Ema::push(double x) {
    before_ = s_;
    return step(x);
}

double Ema::replace(double x) {
    s_ = before_;
    return step(x);
}

// ---- Rma, Rsi, Atr --------------------------------------------------------------------------

void Rma::add(double x) {
    ++count;
    if (count <= n) {
        sum += x;
        if (count == n) avg = sum / double(n);
    } else {
        avg = (avg * double(n - 1) + x) / double(n);
    }
}

double Rsi::step(double x) {
    if (std::isnan(x)) return kNa;
    if (!s_.has_prev) {
        s_.has_prev = true;
        s_.prev = x;
        return s_.out = kNa;
    }
    double change = x - s_.prev;
    s_.prev = x;
    s_.up.add(std::max(change, 0.0));
    s_.down.add(std::max(-change, 0.0));
    if (s_.up.count < s_.up.n) return s_.out = kNa;
    if (s_.down.avg == 0) return s_.out = 100;
    if (s_.up.avg == 0) return s_.out = 0;
    return s_.out = 100 - 100 / (1 + s_.up.avg / s_.down.avg);
}

double Rsi::push(double x) {
    before_ = s_;
    return step(x);
}

double Rsi::replace(double x) {
    s_ = before_;
    return step(x);
}

double Atr::step(double high, double low, double prev_close) {
    if (std::isnan(high) || std::isnan(low)) return kNa;
    double tr = high - low;
    if (!std::isnan(prev_close))
        tr = std::max({tr, std::fabs(high - prev_close), std::fabs(low - prev_close)});
    s_.rma.add(tr);
    return s_.out = s_.rma.count >= s_.rma.n ? s_.rma.avg : kNa;
}

double Atr::push(double high, double low, double prev_close) {
    before_ = s_;
    return step(high, low, prev_close);
}

double Atr::replace(double high, double low, double prev_close) {
    s_ = before_;
    return step(high, low, prev_close);
}

// ---- Crossings ------------------------------------------------------------------------------

template <bool Over>
bool Cross<Over>::step(double a, double b) {
    bool crossed = s_.has_prev && (Over ? (a > b && s_.a <= s_.b) : (a < b && s_.a >= s_.b));
    s_ = {true, a, b};
    return crossed;
}

template <bool Over>
bool Cross<Over>::push(double a, double b) {
    before_ = s_;
    return step(a, b);
}

template <bool Over>
bool Cross<Over>::replace(double a, double b) {
    s_ = before_;
    return step(a, b);
}

template class Cross<true>;
template class Cross<false>;

}  // namespace dsl::stdlib
