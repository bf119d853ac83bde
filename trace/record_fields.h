// Typed access to the fields of one trace record, for the reader's decode functions (reader.cpp,
// reader_engine_events.cpp): Obj's accessors check presence, type and range and throw a
// DecodeError naming the record and the field, which the reader reports with the line number.
// Private to the reader.
#pragma once

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/json_line.h"
#include "trace/model.h"

namespace dsl::trace::detail {

#define DSL_TRACE_NAME(name) std::string_view(#name),
inline constexpr std::array kSideNames{DSL_LIFECYCLE_SIDES(DSL_TRACE_NAME)};
inline constexpr std::array kTypeNames{DSL_LIFECYCLE_ORDER_TYPES(DSL_TRACE_NAME)};
inline constexpr std::array kTifNames{DSL_LIFECYCLE_TIFS(DSL_TRACE_NAME)};
inline constexpr std::array kLegNames{DSL_TRACE_PATH_LEGS(DSL_TRACE_NAME)};
inline constexpr std::array kGapNames{DSL_TRACE_GAP_RULES(DSL_TRACE_NAME)};
#undef DSL_TRACE_NAME

struct DecodeError {
    std::string message;
};

[[noreturn]] inline void fail_decode(std::string message) {
    throw DecodeError{std::move(message)};
}

inline std::string_view type_name(JsonType t) {
    switch (t) {
        case JsonType::null:
            return "null";
        case JsonType::boolean:
            return "a boolean";
        case JsonType::integer:
            return "an integer";
        case JsonType::number:
            return "a number";
        case JsonType::string:
            return "a string";
        case JsonType::object:
            return "an object";
        case JsonType::array:
            return "an array";
    }
    return "a value";
}

class Arr;

// Typed access to the members of one JSON object of the current line. `where` names it in
// messages: the record type, or a path such as "header.config".
class Obj {
  public:
    Obj(const JsonLine& j, std::uint32_t node, std::string where)
        : j_(j), node_(node), where_(std::move(where)) {}

    const JsonNode& get(std::string_view key) {
        std::int64_t i = j_.find(node_, key, hint_);
        if (i < 0) fail_decode(fmt::format("{}: missing field '{}'", where_, key));
        return j_.node(static_cast<std::uint32_t>(i));
    }
    bool has(std::string_view key) { return j_.find(node_, key, hint_) >= 0; }

    [[noreturn]] void wrong(std::string_view key, std::string_view expected, const JsonNode& n) {
        fail_decode(fmt::format("{}: field '{}': expected {}, got {}", where_, key, expected,
                                type_name(n.type)));
    }
    [[noreturn]] void bad(std::string_view key, std::string_view what) {
        fail_decode(fmt::format("{}: field '{}': {}", where_, key, what));
    }

    Decimal decimal(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type == JsonType::null) return Decimal::nan();
        if (n.type == JsonType::integer) {
            if (n.magnitude <= static_cast<std::uint64_t>(INT64_MAX / Decimal::kScale)) {
                auto units = static_cast<std::int64_t>(n.magnitude);
                return Decimal::from_raw((n.negative ? -units : units) * Decimal::kScale);
            }
        } else if (n.type == JsonType::number) {
            if (n.has_decimal) return Decimal::from_raw(n.decimal_raw);
            if (auto d = Decimal::parse(j_.text(n))) return *d;
        } else {
            wrong(key, "a number", n);
        }
        bad(key, "number out of range (at most 92233720368.54775807 in magnitude)");
    }
    std::int64_t integer(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::integer) wrong(key, "an integer", n);
        if (n.negative) {
            if (n.magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1) bad(key, "out of range");
            return static_cast<std::int64_t>(0 - n.magnitude);
        }
        if (n.magnitude > static_cast<std::uint64_t>(INT64_MAX)) bad(key, "out of range");
        return static_cast<std::int64_t>(n.magnitude);
    }
    std::uint64_t count(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::integer) wrong(key, "an integer", n);
        if (n.negative && n.magnitude != 0) bad(key, "must not be negative");
        return n.magnitude;
    }
    std::optional<std::uint64_t> optional_count(std::string_view key) {
        if (get(key).type == JsonType::null) return std::nullopt;
        return count(key);
    }
    Timestamp time(std::string_view key) {
        if (get(key).type == JsonType::null) return kNoTime;
        return integer(key);
    }
    // A symbol id as written (null: none); not checked against the symbol table.
    SymbolId raw_symbol(std::string_view key) {
        if (get(key).type == JsonType::null) return kNoSymbol;
        std::uint64_t v = count(key);
        if (v >= kNoSymbol) bad(key, "symbol id out of range");
        return static_cast<SymbolId>(v);
    }
    bool boolean(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::boolean) wrong(key, "true or false", n);
        return n.flag;
    }
    std::string_view string_view(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::string) wrong(key, "a string", n);
        return j_.text(n);
    }
    std::string string(std::string_view key) { return std::string(string_view(key)); }
    // A string or null ("" for null).
    std::string optional_string(std::string_view key) {
        if (get(key).type == JsonType::null) return {};
        return string(key);
    }
    double real(std::string_view key) {
        const JsonNode& n = get(key);
        switch (n.type) {
            case JsonType::null:
                return std::nan("");
            case JsonType::integer: {
                auto v = static_cast<double>(n.magnitude);
                return n.negative ? -v : v;
            }
            case JsonType::number: {
                std::string_view t = j_.text(n);
                double v = 0;
                auto r = std::from_chars(t.data(), t.data() + t.size(), v);
                if (r.ec == std::errc::result_out_of_range)
                    return t.front() == '-' ? -HUGE_VAL : HUGE_VAL;
                if (r.ec != std::errc() || r.ptr != t.data() + t.size()) bad(key, "bad number");
                return v;
            }
            default:
                wrong(key, "a number", n);
        }
    }
    template <typename Enum, std::size_t N>
    Enum enumeration(std::string_view key, const std::array<std::string_view, N>& names) {
        std::string_view s = string_view(key);
        for (std::size_t i = 0; i < N; ++i) {
            if (names[i] == s) return static_cast<Enum>(i);
        }
        bad(key, fmt::format("unknown value '{}'", s));
    }
    // The JSON text of a scalar value (input values).
    std::string value_text(std::string_view key) {
        const JsonNode& n = get(key);
        switch (n.type) {
            case JsonType::null:
                return "null";
            case JsonType::boolean:
                return n.flag ? "true" : "false";
            case JsonType::integer:
                return (n.negative ? "-" : "") + std::to_string(n.magnitude);
            case JsonType::number:
                return std::string(j_.text(n));
            case JsonType::string:
                return std::string(j_.text(n));
            default:
                wrong(key, "a scalar value", n);
        }
    }
    Obj object(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::object) wrong(key, "an object", n);
        return Obj(j_, index_of(n), where_ + "." + std::string(key));
    }
    Arr array(std::string_view key);
    bool is_null(std::string_view key) { return get(key).type == JsonType::null; }

  private:
    friend class Arr;
    std::uint32_t index_of(const JsonNode& n) const {
        return static_cast<std::uint32_t>(&n - &j_.node(0));
    }

    const JsonLine& j_;
    std::uint32_t node_;
    std::string where_;
    std::uint32_t hint_ = 0;
};

// The elements of a JSON array member.
class Arr {
  public:
    Arr(const JsonLine& j, std::uint32_t node, std::string where)
        : j_(j), node_(node), where_(std::move(where)) {}

    template <typename Fn>  // fn(Obj element)
    void each_object(Fn&& fn) {
        std::size_t k = 0;
        for (std::uint32_t i = node_ + 1; i < j_.node(node_).end; i = j_.node(i).end, ++k) {
            std::string where = fmt::format("{}[{}]", where_, k);
            if (j_.node(i).type != JsonType::object) {
                fail_decode(fmt::format("{}: expected an object, got {}", where,
                                        type_name(j_.node(i).type)));
            }
            fn(Obj(j_, i, std::move(where)));
        }
    }
    std::vector<std::string> strings() {
        std::vector<std::string> out;
        std::size_t k = 0;
        for (std::uint32_t i = node_ + 1; i < j_.node(node_).end; i = j_.node(i).end, ++k) {
            if (j_.node(i).type != JsonType::string) {
                fail_decode(fmt::format("{}[{}]: expected a string, got {}", where_, k,
                                        type_name(j_.node(i).type)));
            }
            out.emplace_back(j_.text(j_.node(i)));
        }
        return out;
    }

  private:
    const JsonLine& j_;
    std::uint32_t node_;
    std::string where_;
};

inline Arr Obj::array(std::string_view key) {
    const JsonNode& n = get(key);
    if (n.type != JsonType::array) wrong(key, "an array", n);
    return Arr(j_, index_of(n), where_ + "." + std::string(key));
}

}  // namespace dsl::trace::detail
