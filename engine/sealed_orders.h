// Finished orders, compactly: the snapshots of a run of consecutive order ids (one chunk of the
// OrderStore) re-encoded as a byte string once none of them can change again, about 20 bytes an
// order instead of the ~300 of a full OrderRecord.
//
// Encoding, per order in id order (the id itself is implied by the position):
//   - a varint of flags: status, side, type, tif, triggered; which fields are present (a Fixed
//     that is 0, an empty string, a missing link are left out) and which equal a neighbour
//     (filled_qty == qty, last_fill_qty == filled_qty, last_fill_price == avg_fill_price);
//   - the present Fixed fields, each as a varint of (zigzag(m) << 4 | e) where raw = m x 10^e
//     (e <= 15): prices and quantities are 1e-8 counts with many trailing zeros, so 100 shares
//     take 1 byte and 2.37 takes 2;
//   - the symbol when it differs from the previous order's; the links (parent, take_profit,
//     stop_loss, oco) as zigzag differences from the order's id; reject_reason as a byte;
//   - created_ts as the difference from the previous order's, updated_ts as the difference from
//     created_ts, in the same decimal form, with wrapping arithmetic (every int64 round-trips,
//     kNoTime included);
//   - tag and reject_text as indexes into the chunk's string table (each string stored once).
// Orders are grouped by 16: a group starts afresh (previous symbol 0, previous time 0) and its
// byte offset is kept, so reading one order decodes at most 16.
//
// Invariant: get(i) equals, field by field, the i-th snapshot given to the SealedOrdersWriter.
// A field added to OrderSnapshot stops the build (sealed_orders.cpp) until it is encoded.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/order.h"

namespace dsl::engine {

class SealedOrders {
  public:
    SealedOrders() = default;

    std::size_t size() const { return count_; }
    OrderId first_id() const { return first_id_; }
    OrderSnapshot get(std::size_t i) const;
    // Heap bytes held (the encoded orders, the group offsets and the string table).
    std::size_t memory_bytes() const;

    static constexpr std::size_t kGroup = 16;

  private:
    friend class SealedOrdersWriter;
    class Reader;

    OrderId first_id_ = kNoOrder;
    std::size_t count_ = 0;
    std::vector<std::uint8_t> bytes_;
    std::vector<std::uint32_t> groups_;  // byte offset of each group of kGroup orders
    std::vector<std::string> strings_;
};

// Builds a SealedOrders from snapshots of consecutive ids, starting at first_id.
class SealedOrdersWriter {
  public:
    // `expected`: how many orders will be added (a capacity hint).
    explicit SealedOrdersWriter(OrderId first_id, std::size_t expected = 0);
    void add(const OrderSnapshot& o);  // o.id must be first_id + the number added so far
    SealedOrders finish() &&;

  private:
    void put_varint(std::uint64_t v);
    void put_decimal(std::int64_t v);
    void put_string(const std::string& s);

    SealedOrders out_;
    std::map<std::string, std::uint32_t, std::less<>> index_;
    SymbolId prev_symbol_ = 0;
    Timestamp prev_created_ = 0;
};

}  // namespace dsl::engine
