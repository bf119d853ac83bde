// The order lifecycle's one reducer: apply(state, change) -> the state after the change.
//
// Every consumer of orders and positions - the trace reader, the viewer's replay and the strategy
// dispatcher - gets them by applying the changes (changes.h) in the order they happened, starting
// from nothing; none sets a status or a field by a rule of its own. The reducer needs no engine:
// each change carries the values it sets (the engine's events were made to), so apply() assigns
// and, for the few running totals (an order's commission, a position's realized PnL and
// commission), adds.
//
// Two levels:
//   - apply(Order&, const X&) applies the part of a change that concerns one order it names (a
//     link sets that order's side of it, an execution its quantities), apply(Position&, const X&)
//     the part that concerns a position. They cannot fail, apart from a sum that leaves the
//     decimal's range (Problem::overflow, the state unchanged). Replaying the changes that name
//     one order, in order, gives that order as of any of them (the viewer's replay does);
//   - apply(store, change) finds the orders and the position a change names in the caller's
//     store and applies it. A store is anything with
//         Order<Num>*    find_order(OrderId)            (nullptr: unknown)
//         Order<Num>*    add_order(const Submitted<Num>&) (nullptr: the id cannot be added)
//         Position<Num>* find_position(SymbolId)        (nullptr: unknown symbol)
//     (Book below is the plain one.) A change naming an unknown order or symbol changes nothing
//     and returns the Problem; the caller decides whether that is an error (a corrupt trace) or
//     expected (a store that forgets finished orders).
// Call it as lifecycle::apply when the change is the variant: unqualified, argument-dependent
// lookup would also find std::apply.
// tests/lifecycle checks, over random order streams, that the reducer's orders and positions
// after every engine event equal the engine's own.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <variant>
#include <vector>

#include "lifecycle/changes.h"
#include "lifecycle/state.h"

namespace dsl::lifecycle {

enum class Problem : std::uint8_t {
    none,
    unknown_order,   // a change names an order the store does not have
    order_exists,    // Submitted for an id the store refused (already there, or out of order)
    unknown_symbol,  // an execution or position change names a symbol the store does not have
    overflow,        // a running total would leave the decimal's range
};

std::string_view to_string(Problem p);

namespace detail {

// to + v, exactly; false (and `to` unchanged) when it leaves the range. nan stays nan.
template <class Num>
bool add(Num& to, Num v) {
    if (to.is_nan() || v.is_nan()) {
        to = Num::nan();
        return true;
    }
    std::int64_t sum = 0;
    if (__builtin_add_overflow(to.raw(), v.raw(), &sum) ||
        sum == std::numeric_limits<std::int64_t>::min()) {
        return false;
    }
    to = Num::from_raw(sum);
    return true;
}

template <class Num>
void finish(Order<Num>& o, OrderStatus status, Timestamp ts) {
    o.status = status;
    o.updated_ts = o.finished_ts = ts;
    o.cancel_effective_at = kNoTime;
}

}  // namespace detail

// ---- One order or position ----

template <class Num>
void apply(Order<Num>& o, const Submitted<Num>& c) {
    o = Order<Num>{};
    o.id = c.id;
    o.symbol = c.symbol;
    o.side = c.side;
    o.type = c.type;
    o.tif = c.tif;
    o.qty = c.qty;
    o.limit_price = c.limit_price;
    o.stop_price = c.stop_price;
    o.trail_offset = c.trail_offset;
    o.trail_percent = c.trail_percent;
    o.parent = c.parent;
    o.tag = c.tag;
    o.created_ts = o.updated_ts = c.ts;
}

template <class Num>
void apply(Order<Num>& o, const Accepted<Num>& c) {
    o.status = OrderStatus::open;
    o.qty = c.qty;
    o.stop_price = c.stop_price;
    o.latency_ns = c.latency_ns;
    o.accepted_ts = o.updated_ts = c.ts;
}

template <class Num>
void apply(Order<Num>& o, const Rejected<Num>& c) {
    detail::finish(o, OrderStatus::rejected, c.ts);
    o.reason = c.reason;
    o.text = c.text;
}

template <class Num>
void apply(Order<Num>& o, const Triggered<Num>& c) {
    o.status = OrderStatus::triggered;
    o.triggered = true;
    o.stop_price = c.trigger_price;
    o.triggered_ts = o.updated_ts = c.ts;
}

template <class Num>
void apply(Order<Num>& o, const Modified<Num>& c) {
    o.qty = c.qty;
    o.limit_price = c.limit_price;
    o.stop_price = c.stop_price;
    o.updated_ts = c.ts;
}

template <class Num>
void apply(Order<Num>& o, const PartiallyFilled<Num>& c) {
    o.status = OrderStatus::partially_filled;
    o.filled_qty = c.filled_qty;
    o.avg_fill_price = c.avg_fill_price;
    o.updated_ts = c.ts;
}

template <class Num>
void apply(Order<Num>& o, const Filled<Num>& c) {
    detail::finish(o, OrderStatus::filled, c.ts);
    o.filled_qty = c.filled_qty;
    o.avg_fill_price = c.avg_fill_price;
}

template <class Num>
void apply(Order<Num>& o, const Canceled<Num>& c) {
    detail::finish(o, OrderStatus::canceled, c.ts);
    o.reason = c.reason;
    o.filled_qty = c.filled_qty;
    o.cause = c.cause;
}

template <class Num>
void apply(Order<Num>& o, const Expired<Num>& c) {
    detail::finish(o, OrderStatus::expired, c.ts);
    o.reason = c.reason;
    o.filled_qty = c.filled_qty;
}

template <class Num>
void apply(Order<Num>& o, const CancelRequested<Num>& c) {
    o.cancel_effective_at = c.effective_at;
}

// The order's part of an execution: its status and average follow in (Partially)Filled.
template <class Num>
Problem apply(Order<Num>& o, const Execution<Num>& c) {
    Num filled = o.filled_qty;
    Num commission = o.commission;
    if (!detail::add(filled, c.qty) || !detail::add(commission, c.commission))
        return Problem::overflow;
    o.filled_qty = filled;
    o.commission = commission;
    o.last_fill_qty = c.qty;
    o.last_fill_price = c.price;
    return Problem::none;
}

// The position's part of an execution.
template <class Num>
Problem apply(Position<Num>& p, const Execution<Num>& c) {
    Num realized = p.realized_pnl;
    Num commission = p.commission;
    if (!detail::add(realized, c.realized_pnl) || !detail::add(commission, c.commission))
        return Problem::overflow;
    p.qty = c.position_after;
    p.avg_price = c.avg_price_after;
    p.realized_pnl = realized;
    p.commission = commission;
    p.unrealized_pnl = c.unrealized_pnl_after;
    p.updated_ts = c.ts;
    return Problem::none;
}

template <class Num>
void apply(Position<Num>& p, const PositionChanged<Num>& c) {
    p.qty = c.qty;
    p.avg_price = c.avg_price;
    p.realized_pnl = c.realized_pnl;
    p.unrealized_pnl = c.unrealized_pnl;
    p.commission = c.commission;
    p.updated_ts = c.ts;
}

// One side of an OCO link: the order names the other.
template <class Num>
void apply(Order<Num>& o, const OcoLinked<Num>& c) {
    o.oco = o.id == c.first ? c.second : c.first;
    o.updated_ts = c.ts;
}

// One order of a bracket: the entry names its exits, each exit the other (linking is part of the
// bracket's submission: no order's updated_ts moves).
template <class Num>
void apply(Order<Num>& o, const BracketLinked<Num>& c) {
    if (o.id == c.entry) {
        o.take_profit = c.take_profit;
        o.stop_loss = c.stop_loss;
    } else if (o.id == c.take_profit) {
        o.oco = c.stop_loss;
    } else if (o.id == c.stop_loss) {
        o.oco = c.take_profit;
    }
}

// An order's part of any change that names it (a position change names none: nothing to do).
template <class Num, class... Cs>
Problem apply(Order<Num>& o, const std::variant<Cs...>& change) {
    return std::visit(
        [&](const auto& c) {
            if constexpr (std::is_same_v<std::decay_t<decltype(c)>, PositionChanged<Num>>) {
                return Problem::none;
            } else if constexpr (std::is_same_v<decltype(apply(o, c)), Problem>) {
                return apply(o, c);
            } else {
                apply(o, c);
                return Problem::none;
            }
        },
        change);
}

// The orders a change names, in the order of its fields (none for a position change).
struct NamedOrders {
    std::array<OrderId, 3> ids{};
    std::size_t count = 0;
    const OrderId* begin() const { return ids.data(); }
    const OrderId* end() const { return ids.data() + count; }
};

template <class C>
NamedOrders named_orders(const C& c) {
    if constexpr (requires { c.id; })
        return {{c.id}, 1};
    else if constexpr (requires { c.order_id; })
        return {{c.order_id}, 1};
    else if constexpr (requires { c.first; })
        return {{c.first, c.second}, 2};
    else if constexpr (requires { c.entry; })
        return {{c.entry, c.take_profit, c.stop_loss}, 3};
    else
        return {};
}

template <class... Cs>
NamedOrders named_orders(const std::variant<Cs...>& change) {
    return std::visit([](const auto& c) { return named_orders(c); }, change);
}

// ---- Through a store ----

template <class Store, class Num>
Problem apply(Store& store, const Submitted<Num>& c) {
    Order<Num>* o = store.add_order(c);
    if (o == nullptr) return Problem::order_exists;
    apply(*o, c);
    return Problem::none;
}

// A link names several orders: all must be known before any changes.
template <class Store, class Link>
requires requires(const Link& c) {
    c.ts;
} &&(
    requires(const Link& c) { c.first; } || requires(const Link& c) { c.entry; }) Problem
    apply(Store& store, const Link& c) {
    NamedOrders named = named_orders(c);
    for (OrderId id : named) {
        if (store.find_order(id) == nullptr) return Problem::unknown_order;
    }
    for (OrderId id : named)
        apply(*store.find_order(id), c);
    return Problem::none;
}

template <class Store, class Num>
Problem apply(Store& store, const Execution<Num>& c) {
    Order<Num>* o = store.find_order(c.order_id);
    if (o == nullptr) return Problem::unknown_order;
    Position<Num>* p = store.find_position(c.symbol);
    if (p == nullptr) return Problem::unknown_symbol;
    Position<Num> position = *p;
    if (Problem bad = apply(position, c); bad != Problem::none) return bad;
    if (Problem bad = apply(*o, c); bad != Problem::none) return bad;
    *p = position;
    return Problem::none;
}

template <class Store, class Num>
Problem apply(Store& store, const PositionChanged<Num>& c) {
    Position<Num>* p = store.find_position(c.symbol);
    if (p == nullptr) return Problem::unknown_symbol;
    apply(*p, c);
    return Problem::none;
}

// Every other change names one order by `id`.
template <class Store, class OrderChange>
requires requires(const OrderChange& c) {
    c.id;
}
Problem apply(Store& store, const OrderChange& c) {
    auto* o = store.find_order(c.id);
    if (o == nullptr) return Problem::unknown_order;
    apply(*o, c);
    return Problem::none;
}

template <class Store, class... Cs>
Problem apply(Store& store, const std::variant<Cs...>& change) {
    return std::visit([&](const auto& c) { return apply(store, c); }, change);
}

// The plain store: every order by id (dense from 1), every position by symbol. The differential
// tests use it; consumers with their own containers bring their own store.
template <class Num>
class Book {
  public:
    explicit Book(std::size_t symbols = 0) {
        for (std::size_t s = 0; s < symbols; ++s)
            positions_.emplace_back().symbol = static_cast<SymbolId>(s);
    }

    Order<Num>* find_order(OrderId id) {
        return id >= 1 && id <= orders_.size() ? &orders_[id - 1] : nullptr;
    }
    Order<Num>* add_order(const Submitted<Num>& c) {
        if (c.id != orders_.size() + 1) return nullptr;
        return &orders_.emplace_back();
    }
    Position<Num>* find_position(SymbolId s) {
        return s < positions_.size() ? &positions_[s] : nullptr;
    }

    const std::vector<Order<Num>>& orders() const { return orders_; }
    const std::vector<Position<Num>>& positions() const { return positions_; }

  private:
    std::vector<Order<Num>> orders_;
    std::vector<Position<Num>> positions_;
};

}  // namespace dsl::lifecycle
