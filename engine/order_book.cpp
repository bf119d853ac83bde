// Price-ordered books (see order_book.h).
#include "engine/order_book.h"

#include <algorithm>
#include <stdexcept>

namespace dsl::engine {

namespace {

// Walks a price-ordered set from its best end while `reached(price)` holds.
template <typename Set, typename Pred>
void take_while(const Set& set, Pred reached, std::vector<OrderId>& out) {
    for (const auto& [price, id] : set) {
        if (!reached(price)) break;
        out.push_back(id);
    }
}

template <typename Set>
void erase_key(Set& set, const typename Set::key_type& key) {
    if (set.erase(key) != 1) throw std::logic_error("order book: erasing an absent order");
}

void insert_sorted(std::vector<OrderId>& ids, OrderId id) {
    ids.insert(std::lower_bound(ids.begin(), ids.end(), id), id);
}

void erase_sorted(std::vector<OrderId>& ids, OrderId id) {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id) throw std::logic_error("order book: erasing an absent order");
    ids.erase(it);
}

}  // namespace

void SymbolBook::insert(BookSlot slot, Fixed price, OrderId id) {
    Key key{price, id};
    switch (slot) {
        case BookSlot::buy_limit:
            buy_limits_.insert(key);
            return;
        case BookSlot::sell_limit:
            sell_limits_.insert(key);
            return;
        case BookSlot::buy_stop:
            buy_stops_.insert(key);
            return;
        case BookSlot::sell_stop:
            sell_stops_.insert(key);
            return;
        case BookSlot::market:
            insert_sorted(market_, id);
            return;
        case BookSlot::trailing:
            insert_sorted(trailing_, id);
            return;
        case BookSlot::none:
            return;
    }
}

void SymbolBook::erase(BookSlot slot, Fixed price, OrderId id) {
    Key key{price, id};
    switch (slot) {
        case BookSlot::buy_limit:
            erase_key(buy_limits_, key);
            return;
        case BookSlot::sell_limit:
            erase_key(sell_limits_, key);
            return;
        case BookSlot::buy_stop:
            erase_key(buy_stops_, key);
            return;
        case BookSlot::sell_stop:
            erase_key(sell_stops_, key);
            return;
        case BookSlot::market:
            erase_sorted(market_, id);
            return;
        case BookSlot::trailing:
            erase_sorted(trailing_, id);
            return;
        case BookSlot::none:
            return;
    }
}

std::size_t SymbolBook::size() const {
    return buy_limits_.size() + sell_limits_.size() + buy_stops_.size() + sell_stops_.size() +
           market_.size() + trailing_.size();
}

void SymbolBook::collect_range(Fixed low, Fixed high, std::vector<OrderId>& out) const {
    take_while(
        buy_limits_, [&](Fixed p) { return p >= low; }, out);
    take_while(
        sell_limits_, [&](Fixed p) { return p <= high; }, out);
    take_while(
        buy_stops_, [&](Fixed p) { return p <= high; }, out);
    take_while(
        sell_stops_, [&](Fixed p) { return p >= low; }, out);
    out.insert(out.end(), market_.begin(), market_.end());
    out.insert(out.end(), trailing_.begin(), trailing_.end());
}

void SymbolBook::collect_tick(Fixed trade, Fixed buy_price, Fixed sell_price,
                              std::vector<OrderId>& out) const {
    take_while(
        buy_limits_, [&](Fixed p) { return p >= buy_price; }, out);
    take_while(
        sell_limits_, [&](Fixed p) { return p <= sell_price; }, out);
    take_while(
        buy_stops_, [&](Fixed p) { return p <= trade; }, out);
    take_while(
        sell_stops_, [&](Fixed p) { return p >= trade; }, out);
    out.insert(out.end(), market_.begin(), market_.end());
    out.insert(out.end(), trailing_.begin(), trailing_.end());
}

}  // namespace dsl::engine
