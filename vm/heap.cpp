// Allocation and the mark-and-sweep collector (invariants in heap.h).
#include "vm/heap.h"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <new>

#include "bytecode/builtins.h"
#include "vm/errors.h"

namespace dsl::vm {
namespace {

// For each record, a bit per field that holds a string (traced by the collector).
struct RecordLayout {
    uint32_t field_count = 0;
    uint64_t string_fields = 0;
};

const std::array<RecordLayout, kRecordCount>& record_layouts() {
    static const std::array<RecordLayout, kRecordCount> table = [] {
        std::array<RecordLayout, kRecordCount> out{};
        for (int r = 0; r < kRecordCount; ++r) {
            auto fields = record_fields(RecordId(r));
            if (fields.size() > 64) std::abort();  // the mask holds 64 fields
            out[size_t(r)].field_count = uint32_t(fields.size());
            for (const auto& f : fields) {
                if (f.type.kind == TypeKind::String)
                    out[size_t(r)].string_fields |= uint64_t(1) << f.index;
            }
        }
        return out;
    }();
    return table;
}

}  // namespace

uint64_t record_string_fields(RecordId record) {
    return record_layouts()[size_t(record)].string_fields;
}

namespace {

[[noreturn]] void out_of_memory(uint64_t limit) {
    throw Trap{ErrorKind::Memory, fmt::format("memory limit exceeded ({} bytes)", limit)};
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooling = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif
#else
constexpr bool kPooling = true;
#endif

constexpr size_t kChunkBytes = 64 * 1024;

}  // namespace

Heap::Heap(uint64_t limit, RootMarker mark_roots, void* owner)
    : limit_(limit), mark_roots_(mark_roots), owner_(owner) {}

Heap::~Heap() {
    for (Object* list : {objects_head_, permanent_}) {
        while (list) {
            Object* next = list->next;
            destroy(list);
            list = next;
        }
    }
    // The chunks go with chunks_.
}

uint64_t Heap::size_of(const Object* o) {
    switch (o->kind) {
        case ObjectKind::String:
            return sizeof(String) + static_cast<const String*>(o)->length;
        case ObjectKind::Array:
            return sizeof(Array) + static_cast<const Array*>(o)->capacity * sizeof(Value);
        case ObjectKind::Record:
            return sizeof(Record) + static_cast<const Record*>(o)->field_count * sizeof(Value);
    }
    return 0;
}

void Heap::destroy(Object* o) {
    if (o->kind == ObjectKind::Array) {
        std::free(static_cast<Array*>(o)->data);
        release(o, sizeof(Array));
        return;
    }
    release(o, size_of(o));
}

void* Heap::refill(size_t size_class) {
    const size_t bytes = (size_class + 1) * kPoolGranule;
    if (size_t(chunk_end_ - chunk_next_) < bytes) {
        // The rest of the old chunk (less than one block of this class) is left unused.
        std::unique_ptr<char[]> chunk(new (std::nothrow) char[kChunkBytes]);
        if (!chunk) return nullptr;
        chunk_next_ = chunk.get();
        chunk_end_ = chunk_next_ + kChunkBytes;
        chunks_.push_back(std::move(chunk));
    }
    void* p = chunk_next_;
    chunk_next_ += bytes;
    return p;
}

void Heap::release(void* p, uint64_t n) {
    if (!kPooling || n > kPoolMaxBytes) {
        std::free(p);
        return;
    }
    void*& head = free_[(n - 1) / kPoolGranule];
    *static_cast<void**>(p) = head;
    head = p;
}

void Heap::account(uint64_t n) {
    bool collected = false;
    if (stress_ || n > next_collection_ - std::min(bytes_, next_collection_)) {
        collect();
        collected = true;
    }
    if (!fits(n)) {
        if (!collected) collect();
        if (!fits(n)) out_of_memory(limit_);
    }
    bytes_ += n;
}

bool Heap::fits(uint64_t n) const {
    return n <= limit_ - std::min(bytes_ + pinned_, limit_);
}

void Heap::reserve_pinned(int64_t n) {
    if (n < 0) {
        pinned_ -= std::min(pinned_, uint64_t(-n));
        return;
    }
    if (!fits(uint64_t(n))) {
        collect();
        if (!fits(uint64_t(n))) out_of_memory(limit_);
    }
    pinned_ += uint64_t(n);
}

void* Heap::obtain(uint64_t n) {
    if (kPooling && n <= kPoolMaxBytes) {
        size_t size_class = (n - 1) / kPoolGranule;
        void* p = free_[size_class];
        if (!p) return refill(size_class);
        free_[size_class] = *static_cast<void**>(p);
        return p;
    }
    return std::malloc(size_t(n));
}

void* Heap::allocate(uint64_t n) {
    void* p = obtain(n);
    if (!p) {
        bytes_ -= n;
        out_of_memory(limit_);
    }
    return p;
}

void Heap::link(Object* o, uint64_t) {
    *objects_tail_ = o;
    objects_tail_ = &o->next;
    ++objects_;
}

String* Heap::new_string(std::string_view text) {
    return new_string(text, {});
}

String* Heap::new_string(std::string_view a, std::string_view b) {
    uint64_t length = uint64_t(a.size()) + b.size();
    if (length > limit_) out_of_memory(limit_);
    uint64_t n = sizeof(String) + length;
    account(n);
    auto* s = new (allocate(n)) String();
    s->length = length;
    if (!a.empty()) std::memcpy(s->chars(), a.data(), a.size());
    if (!b.empty()) std::memcpy(s->chars() + a.size(), b.data(), b.size());
    link(s, n);
    return s;
}

String* Heap::new_permanent_string(std::string_view text) {
    void* mem = obtain(sizeof(String) + text.size());  // permanent: not accounted
    if (!mem) throw std::bad_alloc();
    auto* s = new (mem) String();
    s->length = text.size();
    s->permanent = true;
    if (!text.empty()) std::memcpy(s->chars(), text.data(), text.size());
    s->next = permanent_;
    permanent_ = s;
    return s;
}

Array* Heap::new_array(bool holds_strings, uint64_t length, Value fill) {
    if (length > limit_ / sizeof(Value)) out_of_memory(limit_);
    uint64_t n = sizeof(Array) + length * sizeof(Value);
    account(n);
    void* mem = obtain(sizeof(Array));
    if (!mem) {
        bytes_ -= n;
        out_of_memory(limit_);
    }
    auto* a = new (mem) Array();
    a->aux = holds_strings ? 1 : 0;
    if (length > 0) {
        a->data = static_cast<Value*>(std::malloc(size_t(length) * sizeof(Value)));
        if (!a->data) {
            release(a, sizeof(Array));
            bytes_ -= n;
            out_of_memory(limit_);
        }
        for (uint64_t i = 0; i < length; ++i)
            a->data[i] = fill;
    }
    a->length = a->capacity = length;
    link(a, n);
    return a;
}

Record* Heap::new_record(RecordId record, const Value* init) {
    const RecordLayout& layout = record_layouts()[size_t(record)];
    uint64_t n = sizeof(Record) + layout.field_count * sizeof(Value);
    account(n);
    auto* r = new (allocate(n)) Record();
    r->aux = uint32_t(record);
    r->field_count = layout.field_count;
    std::memcpy(static_cast<void*>(r->fields()), init, layout.field_count * sizeof(Value));
    link(r, n);
    return r;
}

void Heap::array_push(Array* a, Value v) {
    if (a->length == a->capacity) {
        uint64_t capacity = a->capacity < 4 ? 4 : a->capacity * 2;
        if (capacity > limit_ / sizeof(Value)) out_of_memory(limit_);
        account((capacity - a->capacity) * sizeof(Value));
        void* data = std::realloc(a->data, size_t(capacity) * sizeof(Value));
        if (!data) {
            bytes_ -= (capacity - a->capacity) * sizeof(Value);
            out_of_memory(limit_);
        }
        a->data = static_cast<Value*>(data);
        a->capacity = capacity;
    }
    a->data[a->length++] = v;
}

void Heap::array_clear(Array* a) {
    a->length = 0;
}

void Heap::reserve_external(int64_t n) {
    if (n >= 0) {
        account(uint64_t(n));
    } else {
        bytes_ -= std::min(bytes_, uint64_t(-n));
    }
}

void Heap::mark_slow(Object* o) {
    o->marked = true;
    auto mark_string = [](Value v) {
        Object* s = v.as_ref();
        if (s && !s->permanent) s->marked = true;
    };
    if (o->kind == ObjectKind::Array) {
        auto* a = static_cast<Array*>(o);
        if (a->holds_strings()) {
            for (uint64_t i = 0; i < a->length; ++i)
                mark_string(a->data[i]);
            work_ += a->length;
        }
    } else if (o->kind == ObjectKind::Record) {
        auto* r = static_cast<Record*>(o);
        uint64_t strings = record_layouts()[r->aux].string_fields;
        for (uint32_t i = 0; i < r->field_count; ++i) {
            if (strings >> i & 1) mark_string(r->fields()[i]);
        }
    }
}

void Heap::collect() {
    if (collecting_) return;
    collecting_ = true;
    mark_roots_(owner_, *this);
    Object** link_to = &objects_head_;
    uint64_t freed = 0;
    work_ += objects_;
    while (Object* o = *link_to) {
        if (o->marked) {
            o->marked = false;
            link_to = &o->next;
        } else {
            *link_to = o->next;
            freed += size_of(o);
            --objects_;
            destroy(o);
        }
    }
    objects_tail_ = link_to;
    bytes_ -= std::min(bytes_, freed);
    next_collection_ = std::max(kMinCollectionBytes, bytes_ * 2);
    ++collections_;
    collecting_ = false;
}

}  // namespace dsl::vm
