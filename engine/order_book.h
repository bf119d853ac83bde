// Per-symbol books of working orders, ordered by the price at which a move reaches them.
//
// Each accepted, working order sits in exactly one slot: buy limits by descending limit, sell
// limits by ascending limit, buy stops by ascending stop, sell stops by descending stop (a
// triggered stop-limit moves to the limit slots), market orders and triggered stop remainders in
// a market slot, untriggered trailing stops in a trailing slot (their stop moves with every price,
// so they are visited on every event of the symbol). Ties are broken by ascending order id.
// collect_*() walks each price-ordered slot from its best end and stops at the first order the
// event cannot reach, so its cost is O(orders reached + market + trailing), not O(book size);
// insertion and removal are O(log n) (O(n) in the small market and trailing slots). The engine then
// sorts what was collected by order id (submission order) before evaluating it.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::engine {

enum class BookSlot : std::uint8_t {
    none,
    buy_limit,
    sell_limit,
    buy_stop,
    sell_stop,
    market,
    trailing
};

class SymbolBook {
  public:
    void insert(BookSlot slot, Fixed price, OrderId id);
    void erase(BookSlot slot, Fixed price, OrderId id);
    std::size_t size() const;
    bool empty() const {
        return buy_limits_.empty() && sell_limits_.empty() && buy_stops_.empty() &&
               sell_stops_.empty() && market_.empty() && trailing_.empty();
    }

    // Orders a bar trading over [low, high] reaches (and all market/trailing orders).
    void collect_range(Fixed low, Fixed high, std::vector<OrderId>& out) const;
    // Orders a tick reaches: stops by the trade price, limits by the executable prices.
    void collect_tick(Fixed trade, Fixed buy_price, Fixed sell_price,
                      std::vector<OrderId>& out) const;

  private:
    using Key = std::pair<Fixed, OrderId>;
    struct Descending {
        bool operator()(const Key& a, const Key& b) const {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        }
    };
    using Ascending = std::less<Key>;

    std::set<Key, Descending> buy_limits_;
    std::set<Key, Ascending> sell_limits_;
    std::set<Key, Ascending> buy_stops_;
    std::set<Key, Descending> sell_stops_;
    // Few at a time and visited on every event: sorted vectors beat trees here.
    std::vector<OrderId> market_;
    std::vector<OrderId> trailing_;
};

}  // namespace dsl::engine
