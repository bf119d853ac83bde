// The matching core (rules in matching.h). Bars are walked leg by leg from a start position;
// each leg is monotone, so "the path reaches p on leg k" is "p lies between the leg's ends".
#include "engine/matching.h"

namespace dsl::engine {

namespace {

// Buy limit at p is marketable when market <= p; sell when market >= p.
bool limit_reached(Side side, Fixed market, Fixed limit) {
    return side == Side::buy ? market <= limit : market >= limit;
}
// Buy stop triggers when market >= stop; sell when market <= stop.
bool stop_reached(Side side, Fixed market, Fixed stop) {
    return side == Side::buy ? market >= stop : market <= stop;
}
Fixed worse(Side side, Fixed a, Fixed b) {
    return side == Side::buy ? max(a, b) : min(a, b);
}
bool between(Fixed p, Fixed a, Fixed b) {
    return min(a, b) <= p && p <= max(a, b);
}

struct Hit {
    PathPos pos;
    Fixed market;  // price at pos
};

// The legs to walk from `from`: start price of each (the current price on the first).
template <typename Visit>
void walk_legs(const PricePath& path, PathPos from, Visit&& visit) {
    for (int k = from.leg == 0 ? 1 : from.leg; k <= 3; ++k) {
        Fixed start = k == from.leg ? path.price_at(from) : path.point(k - 1);
        if (visit(k, start, path.point(k))) return;
    }
}

std::optional<Hit> find_limit(Side side, Fixed limit, const PricePath& path, PathPos from,
                              bool open_only) {
    Fixed now = path.price_at(from);
    if (limit_reached(side, now, limit)) return Hit{from, now};
    if (open_only) return std::nullopt;
    std::optional<Hit> hit;
    walk_legs(path, from, [&](int k, Fixed start, Fixed end) {
        if (!between(limit, start, end)) return false;
        hit = Hit{path.pos_on_leg(k, limit), limit};
        return true;
    });
    return hit;
}

std::optional<Hit> find_stop(Side side, Fixed stop, const PricePath& path, PathPos from,
                             bool open_only) {
    Fixed now = path.price_at(from);
    if (stop_reached(side, now, stop)) return Hit{from, now};
    if (open_only) return std::nullopt;
    std::optional<Hit> hit;
    walk_legs(path, from, [&](int k, Fixed start, Fixed end) {
        if (!between(stop, start, end)) return false;
        hit = Hit{path.pos_on_leg(k, stop), stop};
        return true;
    });
    return hit;
}

void set_fill(Match& m, PathPos pos, Fixed base, Fixed trigger, GapRule gap) {
    m.fills = true;
    m.fill_pos = pos;
    m.leg = PricePath::leg_name(pos.leg);
    m.base_price = base;
    m.fill_trigger_price = trigger;
    m.gap = gap;
}

void set_trigger(Match& m, const Hit& hit, Fixed stop) {
    m.triggered_now = true;
    m.trigger_price = stop;
    m.trigger_market = hit.market;
    m.trigger_leg = PricePath::leg_name(hit.pos.leg);
}

// A triggered stop fills at once at the worse of stop and market.
void fill_stop(Match& m, Side side, const Hit& hit, Fixed stop) {
    Fixed base = worse(side, stop, hit.market);
    set_fill(m, hit.pos, base, stop, base == stop ? GapRule::none : GapRule::gap_through_stop);
}

void fill_limit(Match& m, const Hit& hit, Fixed limit) {
    set_fill(m, hit.pos, hit.market, limit,
             hit.market == limit ? GapRule::none : GapRule::through_limit);
    m.limit_cap = limit;
}

Match trailing_on_path(const OrderTerms& o, const PricePath& path, PathPos from, bool open_only) {
    Match m;
    bool buy = o.side == Side::buy;
    Fixed now = path.price_at(from);
    Fixed anchor =
        o.trail_anchor ? (buy ? min(*o.trail_anchor, now) : max(*o.trail_anchor, now)) : now;
    auto stop_for = [&](Fixed a) {
        return trailing_stop_price(o.side, a, o.trail_offset, o.trail_percent, o.tick_size);
    };
    Fixed stop = stop_for(anchor);
    std::optional<Hit> hit;
    if (stop_reached(o.side, now, stop)) {
        hit = Hit{from, now};
    } else if (!open_only) {
        walk_legs(path, from, [&](int k, Fixed start, Fixed end) {
            bool favourable = buy ? end < start : end > start;
            if (favourable) {
                // The stop follows the best price; on a favourable leg the price stays beyond it.
                anchor = buy ? min(anchor, end) : max(anchor, end);
                stop = stop_for(anchor);
                return false;
            }
            if (!between(stop, start, end)) return false;
            hit = Hit{path.pos_on_leg(k, stop), stop};
            return true;
        });
    }
    m.trail_anchor = anchor;
    m.trail_stop = stop;
    if (hit) {
        set_trigger(m, *hit, stop);
        fill_stop(m, o.side, *hit, stop);
    }
    return m;
}

}  // namespace

Fixed trailing_stop_price(Side side, Fixed anchor, Fixed offset, Fixed percent, Fixed tick) {
    Fixed hundred = Fixed::from_int(100);
    if (side == Side::sell) {
        Fixed raw = offset.is_positive() ? anchor - offset
                                         : Fixed::mul_div(anchor, hundred - percent, hundred);
        return raw.floor_to(tick);
    }
    Fixed raw =
        offset.is_positive() ? anchor + offset : Fixed::mul_div(anchor, hundred + percent, hundred);
    return raw.ceil_to(tick);
}

Match match_on_path(const OrderTerms& o, const PricePath& path, PathPos from, bool open_only) {
    Match m;
    bool acts_as_market =
        o.type == OrderType::market ||
        (o.triggered && (o.type == OrderType::stop || o.type == OrderType::trailing_stop));
    if (acts_as_market) {
        set_fill(m, from, path.price_at(from), Fixed(), GapRule::none);
        return m;
    }
    switch (o.type) {
        case OrderType::limit:
            if (auto hit = find_limit(o.side, o.limit_price, path, from, open_only)) {
                fill_limit(m, *hit, o.limit_price);
            }
            return m;
        case OrderType::stop:
            if (auto hit = find_stop(o.side, o.stop_price, path, from, open_only)) {
                set_trigger(m, *hit, o.stop_price);
                fill_stop(m, o.side, *hit, o.stop_price);
            }
            return m;
        case OrderType::stop_limit: {
            PathPos limit_from = from;
            if (!o.triggered) {
                auto hit = find_stop(o.side, o.stop_price, path, from, open_only);
                if (!hit) return m;
                set_trigger(m, *hit, o.stop_price);
                limit_from = hit->pos;
            }
            if (auto hit = find_limit(o.side, o.limit_price, path, limit_from, open_only)) {
                fill_limit(m, *hit, o.limit_price);
                // A fill at a gapped trigger point owes its price to the gap through the stop.
                if (m.triggered_now && hit->pos == limit_from && m.trigger_market != o.stop_price) {
                    m.gap = GapRule::gap_through_stop;
                }
            }
            return m;
        }
        case OrderType::trailing_stop:
            return trailing_on_path(o, path, from, open_only);
        case OrderType::market:
            break;
    }
    return m;
}

Match match_on_tick(const OrderTerms& o, const TickQuote& q) {
    Match m;
    Fixed exec = o.side == Side::buy ? q.buy_price : q.sell_price;
    PathPos here;
    auto fill_at_exec = [&](Fixed trigger, GapRule gap) {
        set_fill(m, here, exec, trigger, gap);
        m.leg = PathLeg::tick;
    };
    auto trigger_at = [&](Fixed stop) {
        m.triggered_now = true;
        m.trigger_price = stop;
        m.trigger_market = q.trade;
        m.trigger_leg = PathLeg::tick;
    };
    auto fill_as_stop = [&](Fixed stop) {
        Fixed base = worse(o.side, stop, exec);
        fill_at_exec(stop, base == stop ? GapRule::none : GapRule::gap_through_stop);
        m.base_price = base;
    };
    auto fill_as_limit = [&]() {
        if (!limit_reached(o.side, exec, o.limit_price)) return;
        fill_at_exec(o.limit_price, exec == o.limit_price ? GapRule::none : GapRule::through_limit);
        m.limit_cap = o.limit_price;
    };

    switch (o.type) {
        case OrderType::market:
            fill_at_exec(Fixed(), GapRule::none);
            break;
        case OrderType::limit:
            fill_as_limit();
            break;
        case OrderType::stop:
            if (o.triggered) {
                fill_at_exec(Fixed(), GapRule::none);
            } else if (stop_reached(o.side, q.trade, o.stop_price)) {
                trigger_at(o.stop_price);
                fill_as_stop(o.stop_price);
            }
            break;
        case OrderType::stop_limit:
            if (!o.triggered) {
                if (!stop_reached(o.side, q.trade, o.stop_price)) break;
                trigger_at(o.stop_price);
            }
            fill_as_limit();
            break;
        case OrderType::trailing_stop: {
            if (o.triggered) {
                fill_at_exec(Fixed(), GapRule::none);
                break;
            }
            bool buy = o.side == Side::buy;
            Fixed anchor = o.trail_anchor ? (buy ? min(*o.trail_anchor, q.trade)
                                                 : max(*o.trail_anchor, q.trade))
                                          : q.trade;
            Fixed stop =
                trailing_stop_price(o.side, anchor, o.trail_offset, o.trail_percent, o.tick_size);
            m.trail_anchor = anchor;
            m.trail_stop = stop;
            if (stop_reached(o.side, q.trade, stop)) {
                trigger_at(stop);
                fill_as_stop(stop);
            }
            break;
        }
    }
    return m;
}

}  // namespace dsl::engine
