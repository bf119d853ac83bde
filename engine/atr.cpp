// Wilder's average true range (see atr.h).
#include "engine/atr.h"

namespace dsl::engine {

void WilderAtr::update(const Bar& bar) {
    Fixed tr = bar.high - bar.low;
    if (prev_close_) {
        tr = max(tr, max((bar.high - *prev_close_).abs(), (bar.low - *prev_close_).abs()));
    }
    prev_close_ = bar.close;
    if (count_ < period_) {
        ++count_;
        sum_ += tr;
        atr_ = sum_ / Fixed::from_int(count_);
    } else {
        Fixed n = Fixed::from_int(period_);
        atr_ = (atr_ * (n - Fixed::from_int(1)) + tr) / n;
    }
}

}  // namespace dsl::engine
