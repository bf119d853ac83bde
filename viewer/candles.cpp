// The pyramid's blocks are stored only once complete, so a range query can use a block only
// when the whole block lies inside the range, which the greedy walk below guarantees.
#include "viewer/candles.h"

#include <algorithm>
#include <cmath>

namespace dsl::viewer {

void OhlcPyramid::clear() {
    base_.clear();
    volume_prefix_.assign(1, 0.0);
    levels_.clear();
}

void OhlcPyramid::push_back(const Candle& c) {
    base_.push_back(c);
    volume_prefix_.push_back(volume_prefix_.back() + c.volume);
    std::size_t i = base_.size() - 1;  // the new candle
    // Complete every block that ends with candle i.
    for (std::size_t k = 0;; ++k) {
        std::size_t span = std::size_t{2} << k;
        if ((i + 1) % span != 0) break;
        if (levels_.size() <= k) levels_.emplace_back();
        std::size_t j = i / span;
        Extremes e;
        if (k == 0) {
            const Candle& a = base_[i - 1];
            e = {std::min(a.low, c.low), std::max(a.high, c.high)};
        } else {
            const Extremes& a = levels_[k - 1][2 * j];
            const Extremes& b = levels_[k - 1][2 * j + 1];
            e = {std::min(a.low, b.low), std::max(a.high, b.high)};
        }
        levels_[k].push_back(e);  // blocks complete in order: this is levels_[k][j]
    }
}

void OhlcPyramid::truncate(std::size_t n) {
    if (n >= base_.size()) return;
    std::vector<Candle> keep(base_.begin(), base_.begin() + static_cast<std::ptrdiff_t>(n));
    clear();
    for (const Candle& c : keep)
        push_back(c);
}

void OhlcPyramid::extremes(std::size_t first, std::size_t last, double& low, double& high) const {
    low = base_[first].low;
    high = base_[first].high;
    std::size_t i = first;
    while (i < last) {
        // The largest complete block that starts at i and fits in [i, last).
        std::size_t k = 0;
        while (k < levels_.size()) {
            std::size_t span = std::size_t{2} << k;
            if (i % span != 0 || i + span > last) break;
            ++k;
        }
        if (k == 0) {
            low = std::min(low, base_[i].low);
            high = std::max(high, base_[i].high);
            ++i;
        } else {
            std::size_t span = std::size_t{1} << k;  // level k-1 holds blocks of 2^k
            const Extremes& e = levels_[k - 1][i / span];
            low = std::min(low, e.low);
            high = std::max(high, e.high);
            i += span;
        }
    }
}

Candle OhlcPyramid::range(std::size_t first, std::size_t last) const {
    Candle c;
    c.open = base_[first].open;
    c.close = base_[last - 1].close;
    extremes(first, last, c.low, c.high);
    c.volume = volume_prefix_[last] - volume_prefix_[first];
    return c;
}

std::vector<ColumnCandle> visible_candles(const OhlcPyramid& candles, std::size_t count,
                                          double left, double px_per_candle, int width) {
    std::vector<ColumnCandle> out;
    count = std::min(count, candles.size());
    if (count == 0 || width <= 0 || !(px_per_candle > 0)) return out;
    const double per_px = 1.0 / px_per_candle;
    // Candles whose left edge is at plot x in [0, width] (the last one may be cut off).
    auto clamp_index = [&](double v) {
        return static_cast<std::size_t>(std::clamp(v, 0.0, static_cast<double>(count)));
    };
    if (px_per_candle >= 1.0) {
        std::size_t first = clamp_index(std::floor(left));
        std::size_t last = clamp_index(std::ceil(left + width * per_px));
        out.reserve(last - first);
        for (std::size_t i = first; i < last; ++i)
            out.push_back({i, i + 1, candles[i]});
        return out;
    }
    out.reserve(static_cast<std::size_t>(width));
    for (int c = 0; c < width; ++c) {
        // Candle i is in column c when c <= (i - left) * px < c + 1.
        std::size_t first = clamp_index(std::ceil(left + c * per_px));
        std::size_t last = clamp_index(std::ceil(left + (c + 1) * per_px));
        if (first >= last) continue;
        out.push_back({first, last, candles.range(first, last)});
    }
    return out;
}

}  // namespace dsl::viewer
