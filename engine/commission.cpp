// The named commission models (see commission.h).
#include "engine/commission.h"

namespace dsl::engine {

namespace {

class ConfiguredCommission final : public CommissionModel {
  public:
    explicit ConfiguredCommission(const CommissionConfig& c)
        : kind_(c.kind), rate_(c.rate), minimum_(c.minimum) {}
    CommissionKind kind() const override { return kind_; }
    Fixed commission(const CommissionInput& in) const override {
        if (kind_ == CommissionKind::none) return Fixed();
        Fixed total = max(minimum_, raw_total(in));
        return max(Fixed(), total - in.charged_before);
    }

  private:
    Fixed raw_total(const CommissionInput& in) const {
        switch (kind_) {
            case CommissionKind::none:
                return Fixed();
            case CommissionKind::per_unit:
                return rate_ * in.filled_qty_after;
            case CommissionKind::per_order:
                return rate_;
            case CommissionKind::percent:
                return Fixed::mul_div(in.filled_notional_after, rate_, Fixed::from_int(100));
        }
        return Fixed();
    }

    CommissionKind kind_;
    Fixed rate_;
    Fixed minimum_;
};

}  // namespace

std::unique_ptr<CommissionModel> make_commission_model(const CommissionConfig& config) {
    return std::make_unique<ConfiguredCommission>(config);
}

}  // namespace dsl::engine
