// Order validation: the checks a request must pass before it may work, each with a reason code.
//
// Checks, in this order (the first failure is reported): unknown_symbol; quantity NaN
// (not_finite), <= 0 (invalid_quantity), not a multiple of the lot (off_lot); the prices the type
// needs: absent (missing_price), NaN (not_finite), <= 0 (invalid_price), off the tick grid
// (off_tick, or rounded / accepted per OffTickPolicy); trailing stops: exactly one of offset > 0 or
// 0 < percent < 100 (invalid_trail); size limits (out_of_range): qty <= kMaxQty, every price <=
// kMaxPrice and qty x reference price x multiplier <= kMaxNotional, which keeps every amount the
// engine derives far inside Fixed's range. Buying power is checked by the engine afterwards.
#pragma once

#include <optional>

#include "engine/config.h"
#include "engine/instrument.h"
#include "engine/order.h"
#include "engine/reasons.h"

namespace dsl::engine {

inline constexpr Fixed kMaxQty = Fixed::from_int(1'000'000'000);
inline constexpr Fixed kMaxPrice = Fixed::from_int(1'000'000'000);
inline constexpr Fixed kMaxNotional = Fixed::from_int(10'000'000'000);

// Validates `request`, rounding its prices to the tick when the policy says so. `reference` is a
// price for market-type orders' notional check (the last price), if one is known.
RejectReason validate_order(OrderRequest& request, const InstrumentRegistry& instruments,
                            OffTickPolicy off_tick, std::optional<Fixed> reference);

}  // namespace dsl::engine
