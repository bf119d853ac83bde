// The engine's own average true range per symbol, for k x ATR slippage. O(1) per bar.
//
// True range of a bar: max(high - low, |high - previous close|, |low - previous close|) (the first
// bar has no previous close: high - low). Until `period` bars are seen the ATR is the mean of the
// true ranges so far; from then on Wilder's smoothing: atr = (atr x (period - 1) + tr) / period.
// All in Fixed, rounded half away from zero. Slippage on a bar uses the ATR of the bars before it
// (no look-ahead); override() lets the caller impose its own value instead.
#pragma once

#include <optional>

#include "engine/fixed.h"
#include "engine/market.h"

namespace dsl::engine {

class WilderAtr {
  public:
    explicit WilderAtr(int period = 14) : period_(period) {}
    void update(const Bar& bar);
    Fixed value() const { return override_ ? *override_ : atr_; }
    void override(std::optional<Fixed> value) { override_ = value; }

  private:
    int period_;
    int count_ = 0;
    std::optional<Fixed> prev_close_;
    Fixed sum_;
    Fixed atr_;
    std::optional<Fixed> override_;
};

}  // namespace dsl::engine
