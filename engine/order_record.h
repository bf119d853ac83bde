// The engine's private record of one order: the public snapshot plus the bookkeeping that
// timing, matching and contingencies need. Used only inside engine/*.cpp.
//
// Invariants: `o.status` changes only through Engine::transition(); `slot`/`book_price` say where
// the order sits in its symbol's book (BookSlot::none when not in a book: pending, final, or a
// bracket exit waiting for its entry); filled_notional is the exact sum of the fills' notionals.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/order.h"
#include "engine/order_book.h"

namespace dsl::engine {

struct OrderRecord {
    OrderSnapshot o;

    // Timing. An order may be evaluated on a market event only when that event's sequence number
    // is greater than submit_seq (never on the event during whose handling it was placed), its
    // timestamp is >= active_at and, for bars, its timestamp is > submit_ts.
    std::uint64_t submit_seq = 0;
    Timestamp submit_ts = kNoTime;
    Timestamp active_at = kNoTime;
    Timestamp latency_ns = 0;
    bool cancel_in_flight = false;
    bool first_evaluated = false;

    // Matching state.
    std::optional<Fixed> trail_anchor;
    Fixed filled_notional;
    BookSlot slot = BookSlot::none;
    Fixed book_price;

    bool liquidation = false;  // submitted by a margin call: exempt from buying power checks
};

// Every order ever created, indexed by id - 1, in fixed-size chunks: appending never moves an
// existing record (references stay valid while cascades create orders) and never copies the
// history the way a growing vector would.
class OrderStore {
  public:
    OrderRecord& append() {
        if (size_ % kChunk == 0) chunks_.push_back(std::make_unique<Chunk>());
        return (*chunks_.back())[size_++ % kChunk];
    }
    OrderRecord& operator[](std::size_t i) { return (*chunks_[i / kChunk])[i % kChunk]; }
    const OrderRecord& operator[](std::size_t i) const {
        return (*chunks_[i / kChunk])[i % kChunk];
    }
    std::size_t size() const { return size_; }

  private:
    static constexpr std::size_t kChunk = 1024;
    using Chunk = std::array<OrderRecord, kChunk>;
    std::vector<std::unique_ptr<Chunk>> chunks_;
    std::size_t size_ = 0;
};

}  // namespace dsl::engine
