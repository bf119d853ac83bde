// The named slippage models and the clamping rule (see slippage.h).
#include "engine/slippage.h"

namespace dsl::engine {

namespace {

class NoSlippage final : public SlippageModel {
  public:
    SlippageKind kind() const override { return SlippageKind::none; }
    Fixed amount(const SlippageInput&) const override { return Fixed(); }
};

class ConfiguredSlippage final : public SlippageModel {
  public:
    explicit ConfiguredSlippage(const SlippageConfig& c) : kind_(c.kind), amount_(c.amount) {}
    SlippageKind kind() const override { return kind_; }
    Fixed amount(const SlippageInput& in) const override {
        switch (kind_) {
            case SlippageKind::none:
                return Fixed();
            case SlippageKind::fixed:
                return amount_;
            case SlippageKind::ticks:
                return amount_ * in.tick_size;
            case SlippageKind::percent:
                return Fixed::mul_div(in.base_price, amount_, Fixed::from_int(100));
            case SlippageKind::atr:
                return amount_ * in.atr;
        }
        return Fixed();
    }

  private:
    SlippageKind kind_;
    Fixed amount_;
};

}  // namespace

std::unique_ptr<SlippageModel> make_slippage_model(const SlippageConfig& config) {
    if (config.kind == SlippageKind::none) return std::make_unique<NoSlippage>();
    return std::make_unique<ConfiguredSlippage>(config);
}

Fixed apply_slippage(Side side, Fixed base, Fixed amount, std::optional<Fixed> tick,
                     std::optional<Fixed> limit, std::optional<PriceRange> range) {
    if (amount.is_zero()) return base;
    if (side == Side::buy) {
        Fixed p = base + amount;
        if (tick) p = p.ceil_to(*tick);
        std::optional<Fixed> cap = limit;
        if (range) cap = cap ? min(*cap, range->high) : range->high;
        if (cap && p > *cap) p = tick ? cap->floor_to(*tick) : *cap;
        return max(p, base);
    }
    Fixed p = base - amount;
    if (tick) p = p.floor_to(*tick);
    std::optional<Fixed> floor = limit;
    if (range) floor = floor ? max(*floor, range->low) : range->low;
    if (floor && p < *floor) p = tick ? floor->ceil_to(*tick) : *floor;
    return min(p, base);
}

}  // namespace dsl::engine
