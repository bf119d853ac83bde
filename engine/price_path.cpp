// PricePath geometry and the three named path models (see price_path.h and docs/engine.md).
#include "engine/price_path.h"

namespace dsl::engine {

PricePath::PricePath(const Bar& bar, bool high_first)
    : points_{bar.open, high_first ? bar.high : bar.low, high_first ? bar.low : bar.high,
              bar.close},
      low_(bar.low),
      high_(bar.high),
      high_first_(high_first) {}

Fixed PricePath::price_at(PathPos pos) const {
    if (pos.leg == 0) return points_[0];
    Fixed a = points_[pos.leg - 1u];
    return points_[pos.leg] >= a ? a + pos.dist : a - pos.dist;
}

PathPos PricePath::pos_on_leg(int leg, Fixed p) const {
    Fixed a = points_[static_cast<std::size_t>(leg - 1)];
    return PathPos{static_cast<std::uint8_t>(leg), (p - a).abs()};
}

PathLeg PricePath::leg_name(int leg) {
    switch (leg) {
        case 0:
            return PathLeg::open;
        case 1:
            return PathLeg::to_first_extreme;
        case 2:
            return PathLeg::to_second_extreme;
        default:
            return PathLeg::to_close;
    }
}

namespace {

// Nearer extreme first; on a tie, the bar's direction decides as in MetaTrader's OHLC modelling:
// a bar that closes at or above its open went down first (O-L-H-C), otherwise up first.
bool nearest_high_first(const Bar& bar) {
    Fixed to_high = bar.high - bar.open;
    Fixed to_low = bar.open - bar.low;
    if (to_high != to_low) return to_high < to_low;
    return bar.close < bar.open;
}

class NearestExtreme final : public PathModel {
  public:
    PathModelKind kind() const override { return PathModelKind::nearest_extreme; }
    bool high_first(const Bar& bar, PathOutcomes&) const override {
        return nearest_high_first(bar);
    }
};

class Ohlc final : public PathModel {
  public:
    PathModelKind kind() const override { return PathModelKind::ohlc; }
    bool high_first(const Bar&, PathOutcomes&) const override { return true; }
};

// Of the two paths, the one after which the strategy's equity at the close is lower. Every other
// model picks one of these two paths, so no other model ends a bar with less equity from the same
// state. Equal outcomes (or orders whose fills cannot depend on the path) take nearest_extreme's
// path.
class WorstCase final : public PathModel {
  public:
    PathModelKind kind() const override { return PathModelKind::worst_case; }
    bool high_first(const Bar& bar, PathOutcomes& outcomes) const override {
        bool nearest = nearest_high_first(bar);
        if (!outcomes.order_matters()) return nearest;
        Fixed high = outcomes.equity_at_close(true);
        Fixed low = outcomes.equity_at_close(false);
        return high == low ? nearest : high < low;
    }
};

}  // namespace

std::unique_ptr<PathModel> make_path_model(PathModelKind kind) {
    switch (kind) {
        case PathModelKind::nearest_extreme:
            return std::make_unique<NearestExtreme>();
        case PathModelKind::ohlc:
            return std::make_unique<Ohlc>();
        case PathModelKind::worst_case:
            return std::make_unique<WorstCase>();
    }
    return std::make_unique<NearestExtreme>();
}

}  // namespace dsl::engine
