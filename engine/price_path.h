// The intrabar path: the order in which a bar is assumed to have traded, and positions on it.
//
// A path is four points, open -> first extreme -> second extreme -> close, joined by three
// straight legs; every price between a leg's ends trades on that leg. A PathPos is a position on
// the path: leg 0 is the opening point, leg k (1..3) is the segment from points[k-1] to points[k]
// and dist is the distance travelled along it from points[k-1]. Positions compare in time order
// (leg first, then distance), which is how the engine decides which of two orders filled first.
//
// The PathModel interface decides whether the high or the low comes first; the named models are
// nearest_extreme (the default), ohlc and worst_case (see docs/engine.md for the exact rules).
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

// Which way the market hurts the strategy on this bar (worst_case uses it; see the engine).
enum class Adverse : std::uint8_t { unknown, down, up };

class PathModel {
  public:
    virtual ~PathModel() = default;
    virtual PathModelKind kind() const = 0;
    virtual bool high_first(const Bar& bar, Adverse adverse) const = 0;
};

std::unique_ptr<PathModel> make_path_model(PathModelKind kind);

}  // namespace dsl::engine
