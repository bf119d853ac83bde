// OrderStore: appending, holding and sealing chunks of order records (see order_record.h).
#include "engine/order_record.h"

#include <memory>

namespace dsl::engine {

OrderRecord& OrderStore::append() {
    if (size_ % kChunk == 0) {
        Chunk& c = chunks_.emplace_back();
        c.live = spare_ ? std::move(spare_) : std::make_unique<Records>();
    }
    Chunk& c = chunks_.back();
    ++c.holds;
    return (*c.live)[size_++ % kChunk];
}

OrderSnapshot OrderStore::snapshot(std::size_t i) const {
    const Chunk& c = chunks_[i / kChunk];
    return c.live ? (*c.live)[i % kChunk].o : c.sealed.get(i % kChunk);
}

void OrderStore::release(std::size_t i) {
    std::size_t index = i / kChunk;
    Chunk& c = chunks_[index];
    assert(c.live && c.holds > 0);
    bool full = (index + 1) * kChunk <= size_;
    if (--c.holds == 0 && full) ready_.push_back(index);
}

void OrderStore::seal_queued() {
    for (std::size_t c : ready_) {
        // A chunk may be queued again after a hold and release in one command (a bracket whose
        // entry ended its chunk); what counts is that nothing holds it now.
        if (chunks_[c].live && chunks_[c].holds == 0) seal(c);
    }
    ready_.clear();
}

void OrderStore::seal(std::size_t c) {
    Chunk& chunk = chunks_[c];
    check_sealable(c);
    SealedOrdersWriter w(c * kChunk + 1, kChunk);
    for (const OrderRecord& r : *chunk.live)
        w.add(r.o);
    chunk.sealed = std::move(w).finish();
#ifndef NDEBUG
    for (std::size_t k = 0; k < kChunk; ++k)
        assert(chunk.sealed.get(k) == (*chunk.live)[k].o);
#endif
    if (!spare_) {
        for (OrderRecord& r : *chunk.live) {
            std::destroy_at(&r);
            std::construct_at(&r);
        }
        spare_ = std::move(chunk.live);
    }
    chunk.live.reset();
    ++sealed_count_;
    sealed_bytes_ += chunk.sealed.memory_bytes();
    live_tag_bytes_ -= chunk.tag_bytes;
}

// Debug builds check what the holds count promises: every order of the chunk and every order
// linked to one of them is final.
void OrderStore::check_sealable([[maybe_unused]] std::size_t c) const {
#ifndef NDEBUG
    for (const OrderRecord& r : *chunks_[c].live) {
        assert(is_final(r.o.status));
        for (OrderId link : {r.o.parent, r.o.take_profit, r.o.stop_loss, r.o.oco}) {
            assert(link == kNoOrder || sealed(link - 1) || is_final((*this)[link - 1].o.status));
        }
    }
#endif
}

}  // namespace dsl::engine
