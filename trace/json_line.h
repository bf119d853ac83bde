// JsonLine: one trace line parsed into a flat, reusable array of nodes (reader internals).
//
// nlohmann::json's SAX interface is the parser (strict RFC 8259, UTF-8 validated, its error
// messages). Because it costs ~30 MB/s, lines in the writer's canonical form - no whitespace,
// no escapes, ASCII strings, plain numbers - first go through a small scanner that accepts only
// that subset and builds the very same nodes; anything else, and every error, goes to the
// library. The fuzzer checks that both paths build identical nodes on every line the scanner
// accepts. Every value is kept in a node array; texts are referred to in the line (canonical
// path) or in a byte arena (library path, which unescapes them); both are cleared but not freed
// between lines, so steady-state reading allocates nothing per line. Numbers that are not integers
// keep their exact source text: the reader turns them into exact Decimals (a double would lose
// digits of 8-decimal money). Nesting is limited (kMaxDepth) so that no input can exhaust memory
// through depth.
//
// Layout: node 0 is the root; a container's children follow it, each child's `end` is the index
// after its subtree, so siblings are found by jumping from end to end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsl::trace::detail {

enum class JsonType : std::uint8_t { null, boolean, integer, number, string, object, array };

struct JsonNode {
    JsonType type = JsonType::null;
    bool negative = false;      // integer: the value is -magnitude
    bool flag = false;          // boolean value
    std::uint32_t key_off = 0;  // member name in the arena (objects' children)
    std::uint32_t key_len = 0;
    std::uint32_t text_off = 0;  // string value or number text in the arena
    std::uint32_t text_len = 0;
    std::uint32_t end = 0;        // index after this node's subtree
    std::uint64_t magnitude = 0;  // integer: |value|
    // number, canonical path only: its exact value as Decimal::raw() (a cache of what
    // Decimal::parse(text) gives, when that needs no rounding and is in range). Its slow path
    // is that parse, the decimal core's decimal::parse(text, Syntax::with_exponent): tests and
    // the fuzzer check that the two are equal.
    bool has_decimal = false;
    std::int64_t decimal_raw = 0;
};

class JsonLine {
  public:
    static constexpr int kMaxDepth = 16;

    // Parses one line; false with error() set when it is not a single valid JSON value.
    bool parse(std::string_view line);
    // The two ways parse() goes: the fast path for the writer's canonical output (false when
    // the line is anything else, which is then no error), and the library for everything.
    bool parse_canonical(std::string_view line);
    bool parse_with_library(std::string_view line);
    const std::string& error() const { return error_; }

    const JsonNode& node(std::uint32_t i) const { return nodes_[i]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(nodes_.size()); }
    // Valid until the next parse, and while the parsed line's bytes are (the canonical path
    // refers to them instead of copying).
    std::string_view key(const JsonNode& n) const { return {base_ + n.key_off, n.key_len}; }
    std::string_view text(const JsonNode& n) const { return {base_ + n.text_off, n.text_len}; }
    // The member `name` of object node `obj`, or -1. `hint` is where the search starts (members
    // are usually read in the order they were written, which makes lookups O(1)); it is updated.
    std::int64_t find(std::uint32_t obj, std::string_view name, std::uint32_t& hint) const;

  private:
    friend class JsonSax;
    std::vector<JsonNode> nodes_;
    std::vector<std::uint32_t> open_;  // containers being filled
    std::string arena_;                // the library path's unescaped texts
    const char* base_ = nullptr;       // what offsets are relative to: the line or the arena
    std::string error_;
};

}  // namespace dsl::trace::detail
