// Type names, the two-byte type encoding of bytecode files, and enum reflection.
#include "bytecode/types.h"

#include <array>
#include <vector>

namespace dsl {
namespace {

struct EnumMeta {
    std::string_view name;
    std::vector<std::string_view> values;
};

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        size_t space = s.find(' ');
        out.push_back(s.substr(0, space));
        if (space == std::string_view::npos) break;
        s.remove_prefix(space + 1);
    }
    return out;
}

const std::array<EnumMeta, kEnumCount>& enums() {
    static const std::array<EnumMeta, kEnumCount> table = {{
#define X(id, name, values) {name, split_words(values)},
        DSL_ENUMS(X)
#undef X
    }};
    return table;
}

constexpr std::array<std::string_view, kRecordCount> kRecordNames = {"order", "position",
                                                                     "portfolio"};

std::string scalar_name(TypeKind kind, uint8_t sub) {
    switch (kind) {
        case TypeKind::Void:
            return "void";
        case TypeKind::Int:
            return "int";
        case TypeKind::Float:
            return "float";
        case TypeKind::Bool:
            return "bool";
        case TypeKind::String:
            return "string";
        case TypeKind::Symbol:
            return "symbol";
        case TypeKind::Enum:
            return std::string(enum_name(EnumId(sub)));
        case TypeKind::Record:
            return std::string(kRecordNames[sub]);
        case TypeKind::Array:
            break;
    }
    return "?";
}

}  // namespace

std::string type_name(Type t) {
    if (t.is_array()) return scalar_name(t.elem, t.sub) + "[]";
    return scalar_name(t.kind, t.sub);
}

std::optional<Type> parse_type(std::string_view s) {
    if (s.size() > 2 && s.substr(s.size() - 2) == "[]") {
        auto elem = parse_type(s.substr(0, s.size() - 2));
        if (!elem || !elem->is_array_element()) return std::nullopt;
        return Type::array_of(*elem);
    }
    if (s == "void") return Type::void_();
    if (s == "int") return Type::int_();
    if (s == "float") return Type::float_();
    if (s == "bool") return Type::bool_();
    if (s == "string") return Type::string();
    if (s == "symbol") return Type::symbol();
    for (int r = 0; r < kRecordCount; ++r) {
        if (s == kRecordNames[r]) return Type::record(RecordId(r));
    }
    if (auto e = find_enum(s)) return Type::enum_(*e);
    return std::nullopt;
}

uint16_t encode_type(Type t) {
    if (t.is_array()) return uint16_t(uint8_t(t.kind) | (uint8_t(t.elem) | t.sub << 4) << 8);
    return uint16_t(uint8_t(t.kind) | t.sub << 8);
}

std::optional<Type> decode_type(uint16_t code) {
    auto kind = TypeKind(code & 0xFF);
    uint8_t hi = uint8_t(code >> 8);
    switch (kind) {
        case TypeKind::Void:
        case TypeKind::Int:
        case TypeKind::Float:
        case TypeKind::Bool:
        case TypeKind::String:
        case TypeKind::Symbol:
            if (hi != 0) return std::nullopt;
            return Type{kind};
        case TypeKind::Enum:
            if (hi >= kEnumCount) return std::nullopt;
            return Type::enum_(EnumId(hi));
        case TypeKind::Record:
            if (hi >= kRecordCount) return std::nullopt;
            return Type::record(RecordId(hi));
        case TypeKind::Array: {
            auto elem = decode_type(uint16_t((hi & 0x0F) | (hi >> 4) << 8));
            if (!elem || !elem->is_array_element()) return std::nullopt;
            return Type::array_of(*elem);
        }
    }
    return std::nullopt;
}

std::string_view record_name(RecordId r) {
    return kRecordNames[size_t(r)];
}

std::string_view enum_name(EnumId e) {
    return enums()[size_t(e)].name;
}
int enum_value_count(EnumId e) {
    return int(enums()[size_t(e)].values.size());
}
std::string_view enum_value_name(EnumId e, int ordinal) {
    const auto& values = enums()[size_t(e)].values;
    if (ordinal < 0 || size_t(ordinal) >= values.size()) return "?";
    return values[size_t(ordinal)];
}

std::optional<EnumId> find_enum(std::string_view name) {
    for (int e = 0; e < kEnumCount; ++e) {
        if (enums()[size_t(e)].name == name) return EnumId(e);
    }
    return std::nullopt;
}

std::optional<int> find_enum_value(EnumId e, std::string_view value) {
    const auto& values = enums()[size_t(e)].values;
    for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] == value) return int(i);
    }
    return std::nullopt;
}

}  // namespace dsl
