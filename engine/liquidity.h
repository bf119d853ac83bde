// Liquidity: the most one market event can fill for one symbol.
//
// The cap is shared by all orders of the symbol on that event, consumed in the order fills are
// applied, and is always a multiple of the lot size (rounded down). Named models: none
// (unlimited), tick_size (a tick fills at most percent% of its size; bars are not capped) and
// bar_volume (a bar fills at most percent% of its volume, e.g. 0.001% of 36,301,200 -> 363;
// ticks are not capped). A quantity the cap leaves over keeps working (status partially_filled).
#pragma once

#include <memory>

#include "engine/config.h"
#include "engine/fixed.h"
#include "engine/market.h"

namespace dsl::engine {

class LiquidityModel {
  public:
    virtual ~LiquidityModel() = default;
    virtual LiquidityKind kind() const = 0;
    // Fixed::max() means unlimited.
    virtual Fixed bar_cap(const Bar& bar, Fixed lot_size) const = 0;
    virtual Fixed tick_cap(const Tick& tick, Fixed lot_size) const = 0;
};

std::unique_ptr<LiquidityModel> make_liquidity_model(const LiquidityConfig& config);

}  // namespace dsl::engine
