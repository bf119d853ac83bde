// Candles and their aggregation: what keeps the chart at one candle per pixel column however
// many bars the trace has.
//
// OhlcPyramid keeps a symbol's candles and, above them, levels of high/low extremes over
// aligned blocks of 2, 4, 8, ... candles, plus prefix sums of volume. The candle of any range
// [first, last) is then open of the first, close of the last, extremes from O(log n) blocks and
// volume from two prefix sums: a frame costs O(columns * log n), not O(bars). Appending is
// amortised O(1) (a block is built when its last candle arrives), which is what follow mode
// needs. Doubles are fine here: candles are only drawn; the panels show the trace's Decimals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsl::viewer {

struct Candle {
    double open = 0, high = 0, low = 0, close = 0, volume = 0;
    bool operator==(const Candle&) const = default;
};

class OhlcPyramid {
  public:
    void clear();
    void push_back(const Candle& c);
    // Keeps the first n candles (rebuilds what depended on the rest).
    void truncate(std::size_t n);
    std::size_t size() const { return base_.size(); }
    bool empty() const { return base_.empty(); }
    const Candle& operator[](std::size_t i) const { return base_[i]; }

    // The candles [first, last) as one candle. Requires first < last <= size().
    Candle range(std::size_t first, std::size_t last) const;
    // Lowest low and highest high of [first, last) (first < last <= size()).
    void extremes(std::size_t first, std::size_t last, double& low, double& high) const;

  private:
    struct Extremes {
        double low, high;
    };
    std::vector<Candle> base_;
    std::vector<double> volume_prefix_{0.0};  // [i] = volume of candles [0, i)
    // levels_[k] holds blocks of 2^(k+1) candles: levels_[k][j] covers [j << (k+1), ...).
    std::vector<std::vector<Extremes>> levels_;
};

// One drawn candle: a bar (when candles are at least a pixel wide) or one pixel column's
// aggregate of the candles [first, last).
struct ColumnCandle {
    std::size_t first = 0, last = 0;
    Candle candle;
};

// The candles of [0, count) that fall in a plot `width` pixels wide whose left edge is at
// candle position `left` (fractional), at `px_per_candle` pixels per candle. With
// px_per_candle >= 1 each visible candle is its own entry; below 1, pixel column c holds the
// candles whose left edge falls in [c, c+1) and they are aggregated into one entry, so the
// result never has more entries than width + 1.
std::vector<ColumnCandle> visible_candles(const OhlcPyramid& candles, std::size_t count,
                                          double left, double px_per_candle, int width);

}  // namespace dsl::viewer
