// The engine's private record of one order: the public snapshot plus the bookkeeping that
// timing, matching and contingencies need, and the store of every order. Used only inside
// engine/*.cpp (tests read the store through Engine::order_store()).
//
// Invariants: `o.status` changes only through Engine::transition(); `slot`/`book_price` say where
// the order sits in its symbol's book (BookSlot::none when not in a book: pending, final, or a
// bracket exit waiting for its entry); filled_notional is the exact sum of the fills' notionals.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/sealed_orders.h"

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

    // Matching state. A trailing stop's stop moves with its anchor while an event is evaluated;
    // o.stop_price shows the move when it is reported (OrderModified at the event's end, or
    // OrderTriggered), so that the snapshot is always what the events so far say.
    std::optional<Fixed> trail_anchor;
    Fixed trail_stop;
    Fixed filled_notional;
    BookSlot slot = BookSlot::none;
    Fixed book_price;

    bool liquidation = false;  // submitted by a margin call: exempt from buying power checks
};

// Every order ever created, indexed by id - 1, in chunks of kChunk: appending never moves an
// existing record (references stay valid while cascades create orders) and never copies the
// history the way a growing vector would.
//
// Sealing. A full chunk whose orders can no longer change is re-encoded compactly (SealedOrders,
// ~20 bytes an order) and its records are freed. What keeps a chunk live is counted in `holds`:
//   - each of its orders that is still working (from append() until the engine's finish());
//   - each link (parent, take_profit, stop_loss, oco) from a working order to one of its orders
//     (links are symmetric, so an order is held by every working order it is linked to);
//   - each queued timer and each first-evaluation entry naming one of its orders.
// The engine calls hold()/release() for each; a full chunk whose count drops to 0 is queued, and
// seal_ready() seals the queued chunks whose count is still 0. The engine calls seal_ready() only
// at the end of a market input (on_bar, on_tick, advance_time), when no per-event list holds an
// id. Every other way the engine reaches a record - its books, candidate lists and contingencies -
// goes through a working order or one of the held references, so a sealed order is never reached
// as a record: operator[] asserts it. Reads use snapshot(), which decodes sealed orders, and
// sealed(), which commands use to answer for an old id (a sealed order is final).
class OrderStore {
  public:
    static constexpr std::size_t kChunk = 1024;

    // The new record holds its chunk until release(i) for its own end.
    OrderRecord& append();
    OrderRecord& operator[](std::size_t i) {
        assert(!sealed(i));
        return (*chunks_[i / kChunk].live)[i % kChunk];
    }
    const OrderRecord& operator[](std::size_t i) const {
        assert(!sealed(i));
        return (*chunks_[i / kChunk].live)[i % kChunk];
    }
    std::size_t size() const { return size_; }

    bool sealed(std::size_t i) const { return chunks_[i / kChunk].live == nullptr; }
    // The order's snapshot, live or sealed.
    OrderSnapshot snapshot(std::size_t i) const;

    void hold(std::size_t i) {
        assert(!sealed(i));
        ++chunks_[i / kChunk].holds;
    }
    void release(std::size_t i);
    // Seals every queued chunk that nothing holds any more. Deterministic: chunks are sealed in
    // the order their count reached 0. Inline: the engine asks at the end of every market input.
    void seal_ready() {
        if (!ready_.empty()) seal_queued();
    }

    // The order at index i carries a tag of `bytes` bytes (counted while its chunk is live).
    void note_tag(std::size_t i, std::size_t bytes) {
        chunks_[i / kChunk].tag_bytes += bytes;
        live_tag_bytes_ += bytes;
    }

    // Introspection (tests, memory accounting).
    std::size_t chunk_count() const { return chunks_.size(); }
    std::size_t sealed_chunks() const { return sealed_count_; }
    std::size_t sealed_bytes() const { return sealed_bytes_; }  // the sealed chunks' encodings
    // Heap bytes the store holds, kept as it changes (O(1)): live chunks' records and their
    // orders' tags, the spare records, the sealed encodings and the chunk list.
    std::size_t memory_bytes() const {
        return (chunks_.size() - sealed_count_ + (spare_ ? 1 : 0)) * sizeof(Records) +
               live_tag_bytes_ + sealed_bytes_ + chunks_.capacity() * sizeof(Chunk);
    }

  private:
    using Records = std::array<OrderRecord, kChunk>;
    struct Chunk {
        std::unique_ptr<Records> live;  // null once sealed
        SealedOrders sealed;
        std::uint32_t holds = 0;
        std::size_t tag_bytes = 0;  // of its orders' tags, while live
    };

    void seal_queued();
    void seal(std::size_t c);
    void check_sealable(std::size_t c) const;

    std::vector<Chunk> chunks_;
    std::vector<std::size_t> ready_;  // full chunks whose holds dropped to 0
    std::unique_ptr<Records> spare_;  // a sealed chunk's records, reset, for the next chunk
    std::size_t size_ = 0;
    std::size_t sealed_count_ = 0;
    std::size_t sealed_bytes_ = 0;
    std::size_t live_tag_bytes_ = 0;
};

}  // namespace dsl::engine
