// Commission: what each fill costs.
//
// Commission is computed on an order's cumulative totals so that rounding never accumulates: the
// charge for a fill is total(after the fill) - total charged before, where
// total = max(minimum, raw) and raw is, by model: per_unit rate x filled qty; per_order rate (on
// the first fill, nothing after); percent rate% x filled notional (qty x price x multiplier).
// Every amount is rounded half away from zero to 1e-8. A minimum is therefore per order.
#pragma once

#include <memory>

#include "engine/config.h"
#include "engine/fixed.h"

namespace dsl::engine {

struct CommissionInput {
    Fixed filled_qty_after;       // the order's filled quantity including this fill
    Fixed filled_notional_after;  // the order's filled notional including this fill
    Fixed charged_before;         // commission already charged to the order
};

class CommissionModel {
  public:
    virtual ~CommissionModel() = default;
    virtual CommissionKind kind() const = 0;
    virtual Fixed commission(const CommissionInput& in) const = 0;  // >= 0
};

std::unique_ptr<CommissionModel> make_commission_model(const CommissionConfig& config);

}  // namespace dsl::engine
