// The indicators' definitions computed the slow, obvious way (O(n) per value, no running
// state): the references that the O(1) state machines of stdlib/indicators.h are checked
// against, directly (tests/vm/stdlib_test.cpp) and through whole runs of strategies
// (tests/dispatch/indicator_reference_test.cpp). na is NaN; a value is na until its window is
// full.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace dsl::test {

inline constexpr double kRefNa = std::numeric_limits<double>::quiet_NaN();

inline std::vector<double> ref_sma(const std::vector<double>& x, int n) {
    std::vector<double> out(x.size(), kRefNa);
    for (size_t i = size_t(n - 1); i < x.size(); ++i) {
        double sum = 0;
        for (size_t k = i + 1 - size_t(n); k <= i; ++k)
            sum += x[k];
        out[i] = sum / n;
    }
    return out;
}

// Population standard deviation of the last n values.
inline std::vector<double> ref_stdev(const std::vector<double>& x, int n) {
    std::vector<double> out(x.size(), kRefNa);
    auto mean = ref_sma(x, n);
    for (size_t i = size_t(n - 1); i < x.size(); ++i) {
        double ss = 0;
        for (size_t k = i + 1 - size_t(n); k <= i; ++k)
            ss += (x[k] - mean[i]) * (x[k] - mean[i]);
        out[i] = std::sqrt(ss / n);
    }
    return out;
}

inline std::vector<double> ref_extreme(const std::vector<double>& x, int n, bool highest) {
    std::vector<double> out(x.size(), kRefNa);
    for (size_t i = size_t(n - 1); i < x.size(); ++i) {
        auto first = x.begin() + long(i + 1) - n, last = x.begin() + long(i) + 1;
        out[i] = highest ? *std::max_element(first, last) : *std::min_element(first, last);
    }
    return out;
}

// alpha = 2 / (n + 1), seeded with the mean of the first n values.
inline std::vector<double> ref_ema(const std::vector<double>& x, int n) {
    std::vector<double> out(x.size(), kRefNa);
    double alpha = 2.0 / (n + 1);
    if (x.size() < size_t(n)) return out;
    double sum = 0;
    for (int k = 0; k < n; ++k)
        sum += x[size_t(k)];
    out[size_t(n - 1)] = sum / n;
    for (size_t i = size_t(n); i < x.size(); ++i)
        out[i] = alpha * x[i] + (1 - alpha) * out[i - 1];
    return out;
}

// Wilder's RMA of y, seeded with the mean of its first n values, starting at index `from`.
inline std::vector<double> ref_rma(const std::vector<double>& y, int n, size_t from) {
    std::vector<double> out(y.size(), kRefNa);
    if (y.size() < from + size_t(n)) return out;
    double sum = 0;
    for (size_t k = from; k < from + size_t(n); ++k)
        sum += y[k];
    size_t seed = from + size_t(n) - 1;
    out[seed] = sum / n;
    for (size_t i = seed + 1; i < y.size(); ++i)
        out[i] = (out[i - 1] * (n - 1) + y[i]) / n;
    return out;
}

// Wilder's RSI: 100 without losses, 0 without gains.
inline std::vector<double> ref_rsi(const std::vector<double>& x, int n) {
    std::vector<double> gain(x.size(), 0), loss(x.size(), 0);
    for (size_t i = 1; i < x.size(); ++i) {
        gain[i] = std::max(x[i] - x[i - 1], 0.0);
        loss[i] = std::max(x[i - 1] - x[i], 0.0);
    }
    auto up = ref_rma(gain, n, 1), down = ref_rma(loss, n, 1);
    std::vector<double> out(x.size(), kRefNa);
    for (size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(up[i])) continue;
        out[i] = down[i] == 0 ? 100 : up[i] == 0 ? 0 : 100 - 100 / (1 + up[i] / down[i]);
    }
    return out;
}

// Wilder's ATR: the RMA of the true range, max(high - low, |high - previous close|,
// |low - previous close|), which is high - low on the first bar.
inline std::vector<double> ref_atr(const std::vector<double>& high, const std::vector<double>& low,
                                   const std::vector<double>& close, int n) {
    std::vector<double> tr(high.size());
    for (size_t i = 0; i < high.size(); ++i) {
        tr[i] = high[i] - low[i];
        if (i > 0) {
            tr[i] = std::max(
                {tr[i], std::fabs(high[i] - close[i - 1]), std::fabs(low[i] - close[i - 1])});
        }
    }
    return ref_rma(tr, n, 0);
}

// crossover(a, b): a > b now and a <= b on the previous value; crossunder mirrors. False on
// the first value.
inline std::vector<bool> ref_cross(const std::vector<double>& a, const std::vector<double>& b,
                                   bool over) {
    std::vector<bool> out(a.size(), false);
    for (size_t i = 1; i < a.size(); ++i) {
        out[i] = over ? a[i] > b[i] && a[i - 1] <= b[i - 1] : a[i] < b[i] && a[i - 1] >= b[i - 1];
    }
    return out;
}

}  // namespace dsl::test
