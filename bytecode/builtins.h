// The builtin table (builtins.def), the handler table (handlers.def) and the record
// schemas (records.def), expanded into typed metadata. Signatures are written as text in
// the .def files so that they read like the documentation; they are parsed once, on first
// use, and a malformed one is a programming error caught by the unit tests.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bytecode/shared_string.h"
#include "bytecode/types.h"

namespace dsl {

enum BuiltinFlag : uint32_t {
    kPure = 1u << 0,
    kSeries = 1u << 1,
    kStateful = 1u << 2,
    kOrder = 1u << 3,
    kFormat = 1u << 4,
    kIntrinsic = 1u << 5,
    kPrevBar = 1u << 6,
};

enum class BuiltinId : uint16_t {
#define DSL_BUILTIN(id, name, signature, flags, gas, doc) id,
#include "bytecode/builtins.def"
#undef DSL_BUILTIN
};

inline constexpr int kBuiltinCount = 0
#define DSL_BUILTIN(id, name, signature, flags, gas, doc) +1
#include "bytecode/builtins.def"
#undef DSL_BUILTIN
    ;

// The most arguments a builtin takes in bytecode (its parameters, plus bars_ago for kSeries
// builtins). The verifier makes every CALLB/CALLS pass exactly its builtin's arguments, so the
// VM can collect them in a small fixed buffer; a test checks the table against this bound.
inline constexpr size_t kMaxBuiltinArgs = 16;

// A literal default value of a parameter.
struct Literal {
    Type type;
    int64_t i = 0;   // int, bool and enum values
    double f = 0;    // float values
    SharedString s;  // string values, shared by the copies of the literal
};

// A parameter or result type that may mention the generic element type T.
struct SigType {
    enum class Generic : uint8_t { None, Elem, ArrayOfElem };  // T, T[]
    Type type;
    Generic generic = Generic::None;
};

struct Param {
    std::string name;
    SigType type;
    std::optional<Literal> default_value;
};

struct Signature {
    std::vector<Param> params;
    SigType result;
    size_t required() const;  // parameters without a default
};

struct BuiltinInfo {
    BuiltinId id;
    std::string_view name;
    std::string_view signature_text;
    uint32_t flags;
    uint16_t gas;
    std::string_view doc;
    Signature signature;

    bool has(BuiltinFlag f) const { return (flags & f) != 0; }
};

std::span<const BuiltinInfo> all_builtins();
const BuiltinInfo& builtin_info(BuiltinId id);
// Every overload of `name`, in table order; empty when there is none.
std::vector<const BuiltinInfo*> find_builtins(std::string_view name);
// The builtin a bytecode file imports as (name, signature text); nullopt if unknown.
std::optional<BuiltinId> find_builtin(std::string_view name, std::string_view signature_text);

// ---- Handlers ---------------------------------------------------------------------------

enum class HandlerId : uint8_t {
#define DSL_HANDLER(id, signature, per_bar, doc) id,
#include "bytecode/handlers.def"
#undef DSL_HANDLER
};
inline constexpr int kHandlerCount = 0
#define DSL_HANDLER(id, signature, per_bar, doc) +1
#include "bytecode/handlers.def"
#undef DSL_HANDLER
    ;

struct HandlerInfo {
    HandlerId id;
    std::string_view name;
    std::string_view signature_text;
    std::string_view doc;
    std::vector<Param> params;
    bool per_bar;  // runs once for each market event of its symbol (handlers.def)
};
std::span<const HandlerInfo> all_handlers();
const HandlerInfo& handler_info(HandlerId id);
std::optional<HandlerId> find_handler(std::string_view name);

// ---- Records ----------------------------------------------------------------------------

struct FieldInfo {
    RecordId record;
    uint8_t index;  // slot in the record object
    std::string_view name;
    Type type;
    std::string_view doc;
};
std::span<const FieldInfo> record_fields(RecordId r);
std::optional<FieldInfo> find_field(RecordId r, std::string_view name);

// The slot of a field known when compiling, from records.def (fields are numbered in the
// order they are listed there): `case field_slot(RecordId::Position, "qty"):`. A name that
// is not a field of the record does not compile.
consteval uint8_t field_slot(RecordId r, std::string_view name) {
    struct Entry {
        RecordId record;
        std::string_view name;
    };
    constexpr Entry kFields[] = {
#define DSL_FIELD(record, name, type, doc) {RecordId::record, #name},
#include "bytecode/records.def"
#undef DSL_FIELD
    };
    uint8_t slot = 0;
    for (const Entry& e : kFields) {
        if (e.record != r) continue;
        if (e.name == name) return slot;
        ++slot;
    }
    throw "field_slot: no such field";  // not a constant expression: a compile error
}

// Parses "(a: int, b: float = 1.5) -> float"; on failure, nullopt with `error` set.
std::optional<Signature> parse_signature(std::string_view text, std::string* error);

}  // namespace dsl
