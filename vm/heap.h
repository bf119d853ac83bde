// The VM heap: strings, arrays and records, reclaimed by an exact mark-and-sweep collector.
//
// Invariants:
//   - every collectable object is on one singly linked list (Object::next) in allocation
//     order; sweeping walks it, so what is freed never depends on addresses or hashing;
//   - permanent objects (the module's constant strings, the shared empty string) are kept
//     in a separate list and are neither marked, swept nor counted against the limit;
//   - the roots are supplied by the owner (the Vm) through a callback: the reference-typed
//     registers of live frames, reference-typed globals and the host handle stack;
//   - bytes() counts live object bytes (array payloads at their capacity) plus "external"
//     bytes reserved by the owner (register stack, host-side state); pinned_bytes() counts
//     memory the host holds for the run outside the VM (market history, order records). An
//     allocation or reservation that would push their sum past the limit first collects; if
//     it still does not fit, it throws Trap{Memory}. Collections also run when the bytes
//     allocated since the last one exceed the live size after it (the heap may double
//     between collections), at least kMinCollectionBytes; pinned bytes take no part in that
//     pacing, so what the host holds never changes when the strategy's garbage is collected
//     (nor, through the collections' gas, the gas a run uses).
//   - memory: objects of up to kPoolMaxBytes (records, short strings, array headers) come from
//     chunks carved into 16-byte size classes and go back to a free list per class when swept,
//     so that the per-event records of a strategy cost no malloc/free; larger objects and array
//     payloads use malloc. Pooled memory is kept until the heap is destroyed. Builds with
//     AddressSanitizer use malloc for everything, so that it still sees use-after-free.
// Allocation can therefore collect: callers must have every object they still need rooted.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "bytecode/types.h"
#include "vm/value.h"

namespace dsl::vm {

inline constexpr uint64_t kMinCollectionBytes = 1u << 20;

// The fields of a record that hold strings, a bit per slot: what the collector traces.
uint64_t record_string_fields(RecordId record);

class Heap {
  public:
    using RootMarker = void (*)(void* owner, Heap& heap);

    Heap(uint64_t limit, RootMarker mark_roots, void* owner);
    ~Heap();
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    // New objects. Strings and records are initialised; arrays are filled with `fill`.
    String* new_string(std::string_view text);
    String* new_string(std::string_view a, std::string_view b);  // a followed by b
    String* new_permanent_string(std::string_view text);
    Array* new_array(bool holds_strings, uint64_t length, Value fill);
    // A record whose fields are copied from `init` (one value per field of the record).
    Record* new_record(RecordId record, const Value* init);

    void array_push(Array* a, Value v);
    void array_clear(Array* a);

    // Memory the owner uses outside objects; negative to give it back. Throws Trap{Memory}
    // when a reservation does not fit even after a collection.
    void reserve_external(int64_t bytes);
    // Memory the host holds outside the VM, counted against the limit only (see above);
    // negative to give it back. Throws Trap{Memory} when it does not fit even after a
    // collection.
    void reserve_pinned(int64_t bytes);

    // Marks an object reachable (called from the root marker).
    void mark(Object* o) {
        if (o && !o->permanent && !o->marked) mark_slow(o);
    }

    void collect();
    // Collect before every allocation (tests: shakes out missing roots).
    void set_stress(bool on) { stress_ = on; }

    uint64_t bytes() const { return bytes_; }
    uint64_t pinned_bytes() const { return pinned_; }
    uint64_t limit() const { return limit_; }
    uint64_t collections() const { return collections_; }
    // Work done by collections since the last call (objects swept plus slots marked), for
    // the interpreter to charge as gas: a strategy that keeps the heap near the memory limit
    // makes every allocation collect, and must pay for it rather than stall the run.
    uint64_t take_collection_work() {
        uint64_t w = work_;
        work_ = 0;
        return w;
    }
    uint64_t object_count() const { return objects_; }

    static constexpr uint64_t kPoolGranule = 16;
    static constexpr uint64_t kPoolMaxBytes = 256;

  private:
    void account(uint64_t bytes);     // makes room for `bytes` more, or throws
    bool fits(uint64_t bytes) const;  // within the limit, with what is held now
    // Memory for an object of `bytes`: null when there is none (obtain), or for an accounted
    // object, which is unaccounted before throwing Trap{Memory} (allocate).
    void* obtain(uint64_t bytes);
    void* allocate(uint64_t bytes);
    void release(void* p, uint64_t bytes);  // memory from allocate(bytes)
    void* refill(size_t size_class);        // a fresh block of that class from the chunks
    void link(Object* o, uint64_t bytes);
    void mark_slow(Object* o);
    static uint64_t size_of(const Object* o);
    void destroy(Object* o);

    uint64_t limit_;
    RootMarker mark_roots_;
    void* owner_;
    Object* objects_head_ = nullptr;
    Object** objects_tail_ = &objects_head_;
    Object* permanent_ = nullptr;
    uint64_t bytes_ = 0;
    uint64_t pinned_ = 0;
    uint64_t next_collection_ = kMinCollectionBytes;
    uint64_t collections_ = 0;
    uint64_t objects_ = 0;
    uint64_t work_ = 0;
    bool stress_ = false;
    bool collecting_ = false;
    // Free blocks per size class (class c holds (c + 1) x kPoolGranule bytes), linked through
    // their first word, and the chunks they are carved from.
    std::array<void*, kPoolMaxBytes / kPoolGranule> free_{};
    std::vector<std::unique_ptr<char[]>> chunks_;
    char* chunk_next_ = nullptr;
    char* chunk_end_ = nullptr;
};

}  // namespace dsl::vm
