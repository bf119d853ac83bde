// Slippage: how much worse than its base price a fill executes, and where that is clamped.
//
// The SlippageModel interface returns a non-negative price amount for one fill; the named models
// are none, fixed (a price amount), ticks (amount x tick size), percent (amount% of the base
// price) and atr (amount x the symbol's ATR as the engine knows it before the current bar).
// apply_slippage() moves the base price against the trader by that amount, onto the instrument's
// tick grid (buys up, sells down), and clamps the result: never past the order's limit price (for
// limit fills), never outside the bar's low..high, and never better than the base price.
#pragma once

#include <memory>
#include <optional>

#include "engine/config.h"
#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::engine {

struct SlippageInput {
    Side side = Side::buy;
    Fixed base_price;
    Fixed qty;
    Fixed tick_size;
    Fixed atr;  // 0 when unknown
};

class SlippageModel {
  public:
    virtual ~SlippageModel() = default;
    virtual SlippageKind kind() const = 0;
    virtual Fixed amount(const SlippageInput& in) const = 0;  // >= 0
};

std::unique_ptr<SlippageModel> make_slippage_model(const SlippageConfig& config);

struct PriceRange {
    Fixed low;
    Fixed high;
};

// A zero amount leaves base as it is (the market's own price, on the grid or not). Otherwise:
// buy: the lowest price on the grid at or above base + amount; if that is past the cap (the limit
// and the range's high, whichever is lower), the highest price on the grid at or below the cap;
// never below base (when no price of the grid lies between base and the cap, base itself).
// Sells mirror it. `tick` absent: no grid, the price is base -/+ amount clamped.
Fixed apply_slippage(Side side, Fixed base, Fixed amount, std::optional<Fixed> tick,
                     std::optional<Fixed> limit, std::optional<PriceRange> range);

}  // namespace dsl::engine
