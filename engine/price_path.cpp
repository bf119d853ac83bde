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
    bool high_first(const Bar& bar, Adverse) const override { return nearest_high_first(bar); }
};

class Ohlc final : public PathModel {
  public:
    PathModelKind kind() const override { return PathModelKind::ohlc; }
    bool high_first(const Bar&, Adverse) const override { return true; }
};

// The adverse extreme first; without a known adverse direction it behaves like nearest_extreme.
class WorstCase final : public PathModel {
  public:
    PathModelKind kind() const override { return PathModelKind::worst_case; }
    bool high_first(const Bar& bar, Adverse adverse) const override {
        switch (adverse) {
            case Adverse::up:
                return true;
            case Adverse::down:
                return false;
            case Adverse::unknown:
                break;
        }
        return nearest_high_first(bar);
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
