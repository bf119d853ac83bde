// The named liquidity models (see liquidity.h).
#include "engine/liquidity.h"

namespace dsl::engine {

namespace {

Fixed share(Fixed amount, Fixed percent, Fixed lot) {
    // Rounded down (to 1e-8, then to the lot) so that the cap never exceeds the share.
    return Fixed::mul_div_floor(amount, percent, Fixed::from_int(100)).floor_to(lot);
}

class ConfiguredLiquidity final : public LiquidityModel {
  public:
    explicit ConfiguredLiquidity(const LiquidityConfig& c) : kind_(c.kind), percent_(c.percent) {}
    LiquidityKind kind() const override { return kind_; }
    Fixed bar_cap(const Bar& bar, Fixed lot) const override {
        if (kind_ != LiquidityKind::bar_volume) return Fixed::max();
        return share(bar.volume, percent_, lot);
    }
    Fixed tick_cap(const Tick& tick, Fixed lot) const override {
        if (kind_ != LiquidityKind::tick_size) return Fixed::max();
        return share(tick.size, percent_, lot);
    }

  private:
    LiquidityKind kind_;
    Fixed percent_;
};

}  // namespace

std::unique_ptr<LiquidityModel> make_liquidity_model(const LiquidityConfig& config) {
    return std::make_unique<ConfiguredLiquidity>(config);
}

}  // namespace dsl::engine
