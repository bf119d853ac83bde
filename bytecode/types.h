// The static types of the strategy language, shared by the compiler (type checking), the
// bytecode (register, global and signature types) and the VM (verification, GC roots).
//
// Every value occupies one 64-bit slot at run time. The type says how to read it:
//   int, bool, symbol, enums  - an int64 (bool is 0 or 1; symbol is a dense symbol id;
//                               an enum is its ordinal)
//   float                      - an IEEE double
//   string, arrays, records    - a reference to a heap object of the VM (never null once
//                               initialised; the verifier proves initialisation)
// Because the type of every register is fixed per function, instructions carry no tags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dsl {

// The enums a strategy sees. Their ordinals are part of the bytecode format, and they follow
// the engine's enums of the same meaning, enumerator by enumerator (stdlib/engine_enums.cpp
// checks each at compile time).
#define DSL_ENUMS(X)                                                             \
    X(Side, "Side", "Buy Sell")                                                  \
    X(OrderType, "OrderType", "Market Limit Stop StopLimit TrailingStop")        \
    X(OrderStatus, "OrderStatus",                                                \
      "Pending Open Triggered PartiallyFilled Filled Canceled Rejected Expired") \
    X(TimeInForce, "TimeInForce", "GTC DAY IOC FOK")

enum class EnumId : uint8_t {
#define X(id, name, values) id,
    DSL_ENUMS(X)
#undef X
};
inline constexpr int kEnumCount = 0
#define X(id, name, values) +1
    DSL_ENUMS(X)
#undef X
    ;

// The read-only records (their fields are listed in records.def).
enum class RecordId : uint8_t { Order, Position, Portfolio };
inline constexpr int kRecordCount = 3;

enum class TypeKind : uint8_t {
    Void,
    Int,
    Float,
    Bool,
    String,
    Symbol,
    Enum,    // which one: Type::enum_id
    Record,  // which one: Type::record_id
    Array,   // element type: Type::elem (a scalar kind, string or enum)
};

// A type value: small, comparable, hashable. Arrays are one level deep (no arrays of
// arrays and no arrays of records), which keeps the heap free of cycles.
struct Type {
    TypeKind kind = TypeKind::Void;
    TypeKind elem = TypeKind::Void;  // element kind when kind == Array
    uint8_t sub = 0;                 // EnumId or RecordId of kind (or of elem for arrays)

    static constexpr Type void_() { return {TypeKind::Void}; }
    static constexpr Type int_() { return {TypeKind::Int}; }
    static constexpr Type float_() { return {TypeKind::Float}; }
    static constexpr Type bool_() { return {TypeKind::Bool}; }
    static constexpr Type string() { return {TypeKind::String}; }
    static constexpr Type symbol() { return {TypeKind::Symbol}; }
    static constexpr Type enum_(EnumId e) { return {TypeKind::Enum, TypeKind::Void, uint8_t(e)}; }
    static constexpr Type record(RecordId r) {
        return {TypeKind::Record, TypeKind::Void, uint8_t(r)};
    }
    static constexpr Type array_of(Type element) {
        return {TypeKind::Array, element.kind, element.sub};
    }

    constexpr Type element() const { return {elem, TypeKind::Void, sub}; }
    constexpr bool is_array() const { return kind == TypeKind::Array; }
    constexpr bool is_numeric() const { return kind == TypeKind::Int || kind == TypeKind::Float; }
    // Values of these types are heap references that the garbage collector traces.
    constexpr bool is_reference() const {
        return kind == TypeKind::String || kind == TypeKind::Record || kind == TypeKind::Array;
    }
    // int, bool, symbol and enums: compared as int64.
    constexpr bool is_integral() const {
        return kind == TypeKind::Int || kind == TypeKind::Bool || kind == TypeKind::Symbol ||
               kind == TypeKind::Enum;
    }
    // Types an array may hold.
    constexpr bool is_array_element() const {
        return kind == TypeKind::Int || kind == TypeKind::Float || kind == TypeKind::Bool ||
               kind == TypeKind::String || kind == TypeKind::Symbol || kind == TypeKind::Enum;
    }
    EnumId enum_id() const { return EnumId(sub); }
    RecordId record_id() const { return RecordId(sub); }

    friend constexpr bool operator==(Type, Type) = default;
};

// Source spelling: "int", "float[]", "order", "Side", ...
std::string type_name(Type t);
// Parses a spelling produced by type_name(); nullopt for anything else.
std::optional<Type> parse_type(std::string_view spelling);

// Two-byte encoding used in bytecode files: the low byte is the kind; the high byte is the
// enum or record id, or for an array the element kind (low nibble) and its id (high nibble).
uint16_t encode_type(Type t);
std::optional<Type> decode_type(uint16_t code);

// Enum reflection, generated from DSL_ENUMS.
std::string_view enum_name(EnumId e);
int enum_value_count(EnumId e);
std::string_view enum_value_name(EnumId e, int ordinal);
std::optional<EnumId> find_enum(std::string_view name);
std::optional<int> find_enum_value(EnumId e, std::string_view value);

std::string_view record_name(RecordId r);

}  // namespace dsl
