// Run-time values and heap objects of the VM.
//
// A Value is one untagged 64-bit slot. Which member is meaningful is fixed by the static
// type of the register, global, field or array element that holds it (bytecode/types.h):
// int, bool, symbol and enums are int64, float is an IEEE double, string/array/record are
// pointers to heap objects below. The verifier proves every read sees a written value of
// the right type, so the interpreter never inspects a tag. Values are bit patterns read
// through std::bit_cast, so reinterpreting them is well defined.
//
// Heap objects share a small header (Object) that links them into the heap's list of all
// objects and carries the mark bit of the collector (vm/heap.h). Arrays hold only scalars
// or strings and records hold scalars and strings, so the object graph is at most two
// levels deep: marking never recurses.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bytecode/types.h"

namespace dsl::vm {

struct Object;
struct String;
struct Array;
struct Record;

class Value {
  public:
    constexpr Value() = default;

    static constexpr Value from_int(int64_t v) { return Value(uint64_t(v)); }
    static constexpr Value from_float(double v) { return Value(std::bit_cast<uint64_t>(v)); }
    static constexpr Value from_bool(bool v) { return Value(v ? 1 : 0); }
    static Value from_ref(const Object* o) { return Value(reinterpret_cast<uintptr_t>(o)); }

    constexpr int64_t as_int() const { return int64_t(bits_); }
    constexpr double as_float() const { return std::bit_cast<double>(bits_); }
    constexpr bool as_bool() const { return bits_ != 0; }
    Object* as_ref() const { return reinterpret_cast<Object*>(bits_); }
    String* as_string() const { return reinterpret_cast<String*>(bits_); }
    Array* as_array() const { return reinterpret_cast<Array*>(bits_); }
    Record* as_record() const { return reinterpret_cast<Record*>(bits_); }
    constexpr uint64_t bits() const { return bits_; }

  private:
    constexpr explicit Value(uint64_t bits) : bits_(bits) {}
    uint64_t bits_ = 0;
};
static_assert(sizeof(Value) == 8 && sizeof(void*) == 8, "the VM assumes 64-bit slots");

enum class ObjectKind : uint8_t { String, Array, Record };

struct Object {
    Object* next = nullptr;  // the heap's list of collectable objects (vm/heap.h)
    ObjectKind kind;
    bool marked = false;
    bool permanent = false;  // constant strings: never collected, never on the list
    uint8_t pad_ = 0;
    uint32_t aux = 0;  // String: unused; Array: 1 when elements are strings; Record: RecordId

    explicit Object(ObjectKind k) : kind(k) {}
};

// Immutable bytes (UTF-8 by convention; the VM never interprets them). The bytes follow
// the object in the same allocation.
struct String : Object {
    uint64_t length = 0;

    String() : Object(ObjectKind::String) {}
    char* chars() { return reinterpret_cast<char*>(this + 1); }
    const char* chars() const { return reinterpret_cast<const char*>(this + 1); }
    std::string_view view() const { return {chars(), size_t(length)}; }
};

// A growable vector of slots. `aux` is 1 when the elements are strings (traced by the GC).
struct Array : Object {
    uint64_t length = 0;
    uint64_t capacity = 0;
    Value* data = nullptr;  // separate allocation of `capacity` slots, owned by the heap

    Array() : Object(ObjectKind::Array) {}
    bool holds_strings() const { return aux != 0; }
};

// A read-only record (order, position, portfolio): a fixed number of field slots in the
// order of bytecode/records.def, following the object in the same allocation.
struct Record : Object {
    uint32_t field_count = 0;

    Record() : Object(ObjectKind::Record) {}
    RecordId record_id() const { return RecordId(aux); }
    Value* fields() { return reinterpret_cast<Value*>(this + 1); }
    const Value* fields() const { return reinterpret_cast<const Value*>(this + 1); }
};

}  // namespace dsl::vm
