// The portfolio: cash, positions, PnL and margin, changed only by fills and marks.
//
// Accounting (all exact in Fixed; docs/engine.md gives the formulas):
// - A fill's notional is round(round(qty x price) x multiplier); cash moves by it and by the
//   commission. Each position keeps a signed cost basis (the notional paid to open it, negative
//   for shorts). Closing k of |q| units removes basis x k / |q| (all of it when k == |q|) and
//   realizes proceeds - removed basis. A fill through zero is split: the closing part realizes, the
//   opening part becomes the new basis.
// - value = notional(qty, mark) (signed); unrealized = value - basis; the mark is the last fill or
//   market price of the symbol; avg_price = |basis| / (|qty| x multiplier).
// - equity = cash + sum of values, which equals start cash + realized + unrealized - commission
//   exactly, by construction (tests check it at every event).
// - Margin: each position needs |value| x rate (initial for new exposure, maintenance to stay
//   open). A cash account uses rate 1 for longs and shorts and never calls margin.
// - A fill is affordable when it only reduces a position, or when after it (with the symbol marked
//   at the fill price) equity >= the initial margin of all positions. The submission check is the
//   same with the held position left at its mark and only the order valued at its price, and may
//   count reductions of other positions that working orders will make (Reductions).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/config.h"
#include "engine/events.h"
#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::engine {

struct PositionSnapshot {
    SymbolId symbol = kNoSymbol;
    Fixed qty;  // signed: > 0 long, < 0 short
    Fixed avg_price;
    Fixed cost_basis;  // signed
    Fixed mark_price;
    Fixed market_value;  // signed
    Fixed realized_pnl;
    Fixed unrealized_pnl;
    Fixed commission;
};

// What working orders that close parts of positions will free once filled at the marks: the
// initial margin of the parts they close, and the commission they will cost. The submission check
// counts it toward the buying power of an order of another symbol (a rotation).
struct Reductions {
    Fixed freed_margin;
    Fixed commission;
};

// What a fill did to its position (marked at the fill's price).
struct FillEffect {
    Fixed realized_pnl;
    Fixed qty_before;
    Fixed qty_after;
    Fixed avg_price_after;
    Fixed unrealized_after;
};

class Portfolio {
  public:
    Portfolio(Fixed starting_cash, const AccountConfig& account);

    void add_symbol(Fixed multiplier, Fixed initial_rate, Fixed maintenance_rate);

    FillEffect apply_fill(SymbolId symbol, Side side, Fixed qty, Fixed price, Fixed commission);
    void mark(SymbolId symbol, Fixed price);

    // False for a fill that only reduces |position|.
    bool increases_exposure(SymbolId symbol, Side side, Fixed qty) const;
    // at_fill: the symbol trades at `price`, so its whole position is re-marked there (the
    // fill-time check); otherwise (the submission check) the held position keeps its mark and only
    // the order is valued at `price`. `pending`: reductions of other positions counted as done.
    bool can_afford(SymbolId symbol, Side side, Fixed qty, Fixed price, Fixed commission,
                    bool at_fill = true, Reductions pending = {}) const;
    // The initial margin of qty units of the symbol's position at its mark.
    Fixed margin_of(SymbolId symbol, Fixed qty) const;
    bool below_maintenance() const {  // inline: asked after every market event
        return kind_ == AccountKind::margin && gross_.is_positive() && equity() < maintenance_;
    }

    Fixed starting_cash() const { return starting_cash_; }
    Fixed cash() const { return cash_; }
    Fixed equity() const { return cash_ + total_value_; }
    // The equity were `symbol` marked at `price` (the others at their marks).
    Fixed equity_at(SymbolId symbol, Fixed price) const {
        const Position& p = positions_.at(symbol);
        return cash_ + total_value_ - p.value + notional(p, p.qty, price);
    }
    Fixed realized_pnl() const { return realized_; }
    Fixed unrealized_pnl() const { return total_value_ - total_basis_; }
    Fixed commission() const { return commission_; }
    Fixed margin_used() const { return margin_; }
    Fixed maintenance_margin() const { return maintenance_; }
    Fixed buying_power() const;
    Fixed net_qty(SymbolId symbol) const { return positions_.at(symbol).qty; }
    bool has_position(SymbolId symbol) const { return !positions_.at(symbol).qty.is_zero(); }
    // How many symbols have a position (qty != 0): "is anything held" without a scan.
    std::size_t open_positions() const { return open_positions_; }
    std::size_t symbol_count() const { return positions_.size(); }

    PositionSnapshot position(SymbolId symbol) const;
    PortfolioSnapshot snapshot(Timestamp ts) const;

    // Change counters, for callers that rebuild a view of the portfolio after every event and
    // want to skip it when nothing moved. changes() counts every change to cash, positions or
    // valuation: equal counts give equal snapshots (apart from the time). position_changes(s)
    // counts the changes to one position's qty, cost basis, value, realized PnL or
    // commission: equal counts give equal position snapshots, apart from the mark of a flat
    // position (which moves with every price and shows in nothing else).
    std::uint64_t changes() const { return changes_; }
    std::uint64_t position_changes(SymbolId symbol) const { return positions_.at(symbol).changes; }

  private:
    struct Position {
        Fixed qty;
        Fixed basis;
        Fixed mark;
        Fixed value;
        Fixed margin;
        Fixed maintenance;
        Fixed realized;
        Fixed commission;
        Fixed multiplier;
        Fixed initial_rate;
        Fixed maintenance_rate;
        // |basis| / (|qty| x multiplier), 0 when flat: changes only with a fill, so it is kept
        // rather than divided out at every query.
        Fixed avg_price;
        std::uint64_t changes = 0;  // position_changes()
    };

    Fixed notional(const Position& p, Fixed qty, Fixed price) const;
    void revalue(Position& p, Fixed mark);
    void set_basis(Position& p, Fixed basis);

    Fixed starting_cash_;
    AccountKind kind_;
    Fixed account_initial_rate_;
    Fixed cash_;
    std::size_t open_positions_ = 0;
    Fixed realized_;
    Fixed commission_;
    Fixed total_value_;
    Fixed total_basis_;
    Fixed gross_;
    Fixed margin_;
    Fixed maintenance_;
    std::uint64_t changes_ = 0;  // changes()
    std::vector<Position> positions_;
};

// Inline: the runner asks for both after every market event.
inline PositionSnapshot Portfolio::position(SymbolId symbol) const {
    const Position& p = positions_.at(symbol);
    PositionSnapshot s;
    s.symbol = symbol;
    s.qty = p.qty;
    s.cost_basis = p.basis;
    s.mark_price = p.mark;
    s.market_value = p.value;
    s.realized_pnl = p.realized;
    s.unrealized_pnl = p.value - p.basis;
    s.commission = p.commission;
    s.avg_price = p.avg_price;
    return s;
}

inline PortfolioSnapshot Portfolio::snapshot(Timestamp ts) const {
    PortfolioSnapshot s;
    s.ts = ts;
    s.cash = cash_;
    s.equity = equity();
    s.realized_pnl = realized_;
    s.unrealized_pnl = unrealized_pnl();
    s.commission = commission_;
    s.margin_used = margin_;
    s.maintenance_margin = maintenance_;
    s.buying_power = buying_power();
    s.gross_exposure = gross_;
    return s;
}

}  // namespace dsl::engine
