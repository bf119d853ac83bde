// Portfolio accounting (rules in portfolio.h and docs/engine.md). Running totals are kept
// incrementally (adding and removing exact per-position amounts) so that a mark or a fill costs
// O(1) whatever the number of symbols.
#include "engine/portfolio.h"

namespace dsl::engine {

namespace {

Fixed signed_qty(Side side, Fixed qty) {
    return side == Side::buy ? qty : -qty;
}
bool same_sign(Fixed a, Fixed b) {
    return (a.is_positive() && b.is_positive()) || (a.is_negative() && b.is_negative());
}

}  // namespace

Portfolio::Portfolio(Fixed starting_cash, const AccountConfig& account)
    : starting_cash_(starting_cash),
      kind_(account.kind),
      account_initial_rate_(account.kind == AccountKind::cash ? Fixed::from_int(1)
                                                              : account.initial_margin_rate),
      cash_(starting_cash) {}

void Portfolio::add_symbol(Fixed multiplier, Fixed initial_rate, Fixed maintenance_rate) {
    Position p;
    p.multiplier = multiplier;
    p.initial_rate = kind_ == AccountKind::cash ? Fixed::from_int(1) : initial_rate;
    p.maintenance_rate = kind_ == AccountKind::cash ? Fixed::from_int(1) : maintenance_rate;
    positions_.push_back(p);
    ++changes_;
}

Fixed Portfolio::notional(const Position& p, Fixed qty, Fixed price) const {
    return qty * price * p.multiplier;
}

// Re-marks one position and keeps the totals in step. Every change to a position goes through
// here (a fill re-marks at its price), so this is where the change counters move.
void Portfolio::revalue(Position& p, Fixed mark) {
    ++p.changes;
    ++changes_;
    total_value_ -= p.value;
    gross_ -= p.value.abs();
    margin_ -= p.margin;
    maintenance_ -= p.maintenance;
    p.mark = mark;
    p.value = notional(p, p.qty, mark);
    Fixed gross = p.value.abs();
    p.margin = gross * p.initial_rate;
    p.maintenance = gross * p.maintenance_rate;
    total_value_ += p.value;
    gross_ += gross;
    margin_ += p.margin;
    maintenance_ += p.maintenance;
}

void Portfolio::set_basis(Position& p, Fixed basis) {
    total_basis_ += basis - p.basis;
    p.basis = basis;
}

FillEffect Portfolio::apply_fill(SymbolId symbol, Side side, Fixed qty, Fixed price,
                                 Fixed commission) {
    Position& p = positions_.at(symbol);
    FillEffect effect;
    effect.qty_before = p.qty;
    Fixed delta = signed_qty(side, qty);
    Fixed flow = signed_qty(side, notional(p, qty, price));  // cash paid (> 0) or received (< 0)
    cash_ -= flow;
    cash_ -= commission;
    commission_ += commission;
    p.commission += commission;

    if (p.qty.is_zero() || same_sign(p.qty, delta)) {
        set_basis(p, p.basis + flow);
    } else {
        Fixed held = p.qty.abs();
        Fixed closing = min(qty, held);
        Fixed removed = closing == held ? p.basis : Fixed::mul_div(p.basis, closing, held);
        Fixed close_flow = closing == qty ? flow : signed_qty(side, notional(p, closing, price));
        effect.realized_pnl = -close_flow - removed;
        p.realized += effect.realized_pnl;
        realized_ += effect.realized_pnl;
        // What is left of the basis, plus the opening part of a fill that goes through zero.
        set_basis(p, p.basis - removed + (flow - close_flow));
    }
    const bool was_open = !p.qty.is_zero();
    p.qty += delta;
    if (was_open && p.qty.is_zero()) --open_positions_;
    if (!was_open && !p.qty.is_zero()) ++open_positions_;
    revalue(p, price);
    p.avg_price = p.qty.is_zero() ? Fixed() : p.basis.abs() / (p.qty.abs() * p.multiplier);
    effect.qty_after = p.qty;
    effect.avg_price_after = p.avg_price;
    effect.unrealized_after = p.value - p.basis;
    return effect;
}

void Portfolio::mark(SymbolId symbol, Fixed price) {
    Position& p = positions_.at(symbol);
    // A flat position has no value, margin or maintenance (revalue made them 0 when it went
    // flat): only the mark moves. This is most bars of most backtests.
    if (p.qty.is_zero()) {
        p.mark = price;
        return;
    }
    if (price == p.mark) return;  // the same valuation: nothing changes, nor do the counters
    revalue(p, price);
}

bool Portfolio::increases_exposure(SymbolId symbol, Side side, Fixed qty) const {
    Fixed held = positions_.at(symbol).qty;
    Fixed delta = signed_qty(side, qty);
    bool reduces_only = !held.is_zero() && !same_sign(held, delta) && qty <= held.abs();
    return !reduces_only;
}

bool Portfolio::can_afford(SymbolId symbol, Side side, Fixed qty, Fixed price, Fixed commission,
                           bool at_fill, Reductions pending) const {
    if (!increases_exposure(symbol, side, qty)) return true;
    const Position& p = positions_.at(symbol);
    Fixed flow = signed_qty(side, notional(p, qty, price));
    Fixed cash_after = cash_ - flow - commission;
    Fixed value_after =
        at_fill ? notional(p, p.qty + signed_qty(side, qty), price) : p.value + flow;
    // A reduction filled at the mark turns value into cash: equity moves only by its commission.
    Fixed equity_after = cash_after + (total_value_ - p.value + value_after) - pending.commission;
    Fixed required = margin_ - p.margin + value_after.abs() * p.initial_rate - pending.freed_margin;
    return equity_after >= required;
}

Fixed Portfolio::margin_of(SymbolId symbol, Fixed qty) const {
    const Position& p = positions_.at(symbol);
    return notional(p, qty, p.mark).abs() * p.initial_rate;
}

Fixed Portfolio::buying_power() const {
    Fixed excess = equity() - margin_;
    if (!excess.is_positive()) return Fixed();
    return excess / account_initial_rate_;
}

}  // namespace dsl::engine
