// The intrabar path: the order in which a bar is assumed to have traded, and positions on it.
//
// A path is four points, open -> first extreme -> second extreme -> close, joined by three
// straight legs; every price between a leg's ends trades on that leg. A PathPos is a position on
// the path: leg 0 is the opening point, leg k (1..3) is the segment from points[k-1] to points[k]
// and dist is the distance travelled along it from points[k-1]. Positions compare in time order
// (leg first, then distance), which is how the engine decides which of two orders filled first.
//
// The PathModel interface decides whether the high or the low comes first; the named models are
// nearest_extreme (the default), ohlc and worst_case (see docs/engine.md for the exact rules). A
// model may ask the engine what each order would do to the strategy (PathOutcomes): worst_case
// takes the path after which the strategy's equity at the bar's close is lower.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/config.h"
#include "engine/fixed.h"
#include "engine/market.h"
#include "engine/reasons.h"

namespace dsl::engine {

struct PathPos {
    std::uint8_t leg = 0;  // 0: the open; 1..3: the legs
    Fixed dist;            // along the leg from its start
    auto operator<=>(const PathPos&) const = default;
};

class PricePath {
  public:
    PricePath(const Bar& bar, bool high_first);

    Fixed point(int i) const { return points_[static_cast<std::size_t>(i)]; }
    Fixed low() const { return low_; }
    Fixed high() const { return high_; }
    bool high_first() const { return high_first_; }
    Fixed price_at(PathPos pos) const;
    // The position where leg k (1..3) reaches price p (p must lie on the leg).
    PathPos pos_on_leg(int leg, Fixed p) const;
    static PathLeg leg_name(int leg);

  private:
    std::array<Fixed, 4> points_;
    Fixed low_;
    Fixed high_;
    bool high_first_;
};

// What a path model may ask the engine about the bar it orders. The engine answers by evaluating
// the bar's orders along the path asked about, from the state at the bar's start, on a scratch
// copy: nothing changes and nothing is reported. Each answer costs one evaluation of the orders
// the bar reaches.
class PathOutcomes {
  public:
    virtual ~PathOutcomes() = default;
    // False when no order the bar reaches can fill differently on the two paths (market, limit
    // and stop orders fill the same whichever extreme comes first; OCO pairs, bracket entries,
    // stop-limits and trailing stops may not): the two equities are then equal.
    virtual bool order_matters() const = 0;
    // The strategy's equity at the bar's close (its fills applied, the symbol marked to the
    // close) had the bar traded along the path with the high first (true) or the low first.
    virtual Fixed equity_at_close(bool high_first) = 0;
};

class PathModel {
  public:
    virtual ~PathModel() = default;
    virtual PathModelKind kind() const = 0;
    virtual bool high_first(const Bar& bar, PathOutcomes& outcomes) const = 0;
};

std::unique_ptr<PathModel> make_path_model(PathModelKind kind);

}  // namespace dsl::engine
