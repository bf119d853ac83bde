// Order validation (rules in validation.h).
#include "engine/validation.h"

namespace dsl::engine {

namespace {

RejectReason check_price(std::optional<Fixed>& price, Fixed tick, OffTickPolicy policy) {
    if (!price) return RejectReason::missing_price;
    if (price->is_nan()) return RejectReason::not_finite;
    if (!price->is_positive()) return RejectReason::invalid_price;
    if (*price > kMaxPrice) return RejectReason::out_of_range;
    if (price->is_multiple_of(tick)) return RejectReason::none;
    switch (policy) {
        case OffTickPolicy::reject:
            return RejectReason::off_tick;
        case OffTickPolicy::round:
            price = price->round_to(tick);
            return price->is_positive() ? RejectReason::none : RejectReason::invalid_price;
        case OffTickPolicy::accept:
            return RejectReason::none;
    }
    return RejectReason::none;
}

RejectReason check_trail(const OrderRequest& r) {
    bool has_offset = r.trail_offset.has_value();
    bool has_percent = r.trail_percent.has_value();
    if (!has_offset && !has_percent) return RejectReason::missing_price;
    if (has_offset == has_percent) return RejectReason::invalid_trail;
    Fixed v = has_offset ? *r.trail_offset : *r.trail_percent;
    if (v.is_nan()) return RejectReason::not_finite;
    if (!v.is_positive()) return RejectReason::invalid_trail;
    if (has_percent && v >= Fixed::from_int(100)) return RejectReason::invalid_trail;
    if (has_offset && v > kMaxPrice) return RejectReason::out_of_range;
    return RejectReason::none;
}

RejectReason check_prices(OrderRequest& r, Fixed tick, OffTickPolicy policy) {
    RejectReason why = RejectReason::none;
    switch (r.type) {
        case OrderType::market:
            break;
        case OrderType::limit:
            why = check_price(r.limit_price, tick, policy);
            break;
        case OrderType::stop:
            why = check_price(r.stop_price, tick, policy);
            break;
        case OrderType::stop_limit:
            why = check_price(r.stop_price, tick, policy);
            if (why == RejectReason::none) why = check_price(r.limit_price, tick, policy);
            break;
        case OrderType::trailing_stop:
            why = check_trail(r);
            break;
    }
    return why;
}

std::optional<Fixed> notional_price(const OrderRequest& r, std::optional<Fixed> reference) {
    switch (r.type) {
        case OrderType::limit:
        case OrderType::stop_limit:
            return r.limit_price;
        case OrderType::stop:
            return r.stop_price;
        case OrderType::market:
        case OrderType::trailing_stop:
            return reference;
    }
    return reference;
}

}  // namespace

RejectReason validate_order(OrderRequest& r, const InstrumentRegistry& instruments,
                            OffTickPolicy off_tick, std::optional<Fixed> reference) {
    if (!instruments.contains(r.symbol)) return RejectReason::unknown_symbol;
    const InstrumentSpec& spec = instruments.get(r.symbol).spec;
    if (r.qty.is_nan()) return RejectReason::not_finite;
    if (!r.qty.is_positive()) return RejectReason::invalid_quantity;
    if (r.qty > kMaxQty) return RejectReason::out_of_range;
    if (!r.qty.is_multiple_of(spec.lot_size)) return RejectReason::off_lot;
    if (RejectReason why = check_prices(r, spec.tick_size, off_tick); why != RejectReason::none) {
        return why;
    }
    if (auto price = notional_price(r, reference)) {
        // Compared in 128 bits, step by step: the Fixed products themselves could overflow.
        __int128 value = static_cast<__int128>(r.qty.raw()) * price->raw() / Fixed::kScale;
        if (value > kMaxNotional.raw()) return RejectReason::out_of_range;
        value = value * spec.multiplier.raw() / Fixed::kScale;
        if (value > kMaxNotional.raw()) return RejectReason::out_of_range;
    }
    return RejectReason::none;
}

}  // namespace dsl::engine
