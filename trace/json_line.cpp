// JsonLine: the SAX handler that fills the node array (see json_line.h).
#include "trace/json_line.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include "decimal/decimal.h"
#include "trace/decimal.h"

namespace dsl::trace::detail {

class JsonSax {
  public:
    using json = nlohmann::json;
    explicit JsonSax(JsonLine& line) : l_(line) {}

    bool null() { return add(JsonType::null); }
    bool boolean(bool v) {
        JsonNode& n = push(JsonType::boolean);
        n.flag = v;
        return true;
    }
    bool number_integer(json::number_integer_t v) {
        JsonNode& n = push(JsonType::integer);
        n.negative = v < 0;
        n.magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
        return true;
    }
    bool number_unsigned(json::number_unsigned_t v) {
        JsonNode& n = push(JsonType::integer);
        n.magnitude = v;
        return true;
    }
    bool number_float(json::number_float_t, const json::string_t& text) {
        return add_text(JsonType::number, text);
    }
    bool string(json::string_t& v) { return add_text(JsonType::string, v); }
    bool binary(json::binary_t&) { return false; }  // not produced by the JSON parser
    bool start_object(std::size_t) { return open(JsonType::object); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(JsonType::array); }
    bool end_array() { return close(); }
    bool key(json::string_t& k) {
        key_off_ = static_cast<std::uint32_t>(l_.arena_.size());
        key_len_ = static_cast<std::uint32_t>(k.size());
        l_.arena_ += k;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& ex) {
        // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 7:
        // syntax error while parsing ..."; keep what follows the position.
        std::string_view what = ex.what();
        std::size_t column = what.find("column ");
        std::size_t colon = column == std::string_view::npos ? column : what.find(": ", column);
        std::string_view detail = colon == std::string_view::npos ? what : what.substr(colon + 2);
        l_.error_ =
            "invalid JSON at column " + std::to_string(position) + ": " + std::string(detail);
        return false;
    }

  private:
    JsonNode& push(JsonType type) {
        JsonNode n;
        n.type = type;
        n.key_off = key_off_;
        n.key_len = key_len_;
        key_len_ = 0;
        n.end = static_cast<std::uint32_t>(l_.nodes_.size() + 1);
        l_.nodes_.push_back(n);
        return l_.nodes_.back();
    }
    bool add(JsonType type) {
        push(type);
        return true;
    }
    bool add_text(JsonType type, const std::string& text) {
        JsonNode& n = push(type);
        n.text_off = static_cast<std::uint32_t>(l_.arena_.size());
        n.text_len = static_cast<std::uint32_t>(text.size());
        l_.arena_ += text;
        return true;
    }
    bool open(JsonType type) {
        if (l_.open_.size() >= JsonLine::kMaxDepth) {
            l_.error_ = "invalid record: nesting deeper than " +
                        std::to_string(JsonLine::kMaxDepth) + " levels";
            return false;
        }
        push(type);
        l_.open_.push_back(static_cast<std::uint32_t>(l_.nodes_.size() - 1));
        return true;
    }
    bool close() {
        l_.nodes_[l_.open_.back()].end = static_cast<std::uint32_t>(l_.nodes_.size());
        l_.open_.pop_back();
        return true;
    }

    JsonLine& l_;
    std::uint32_t key_off_ = 0;
    std::uint32_t key_len_ = 0;
};

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// True when one of the 8 bytes of w ends a plain string or cannot be in one: '"', '\\', a
// control character or a byte above 0x7e (exact for "some byte", the classic SWAR tests).
bool special_byte(std::uint64_t w) {
    std::uint64_t quote = w ^ (kOnes * '"');
    std::uint64_t backslash = w ^ (kOnes * '\\');
    std::uint64_t zero_quote = (quote - kOnes) & ~quote;
    std::uint64_t zero_backslash = (backslash - kOnes) & ~backslash;
    std::uint64_t below_space = (w - kOnes * 0x20) & ~w;
    std::uint64_t above_tilde = (w + kOnes * (127 - 0x7e)) | w;
    return ((zero_quote | zero_backslash | below_space | above_tilde) & kHighs) != 0;
}

// A canonical number at p: -?(0|[1-9][0-9]*)(\.[0-9]+)?, no exponent.
struct CanonicalNumber {
    const char* begin = nullptr;  // its text
    bool negative = false;
    bool overflow = false;    // integer digits beyond 2^64
    std::uint64_t mag = 0;    // the integer digits' value
    bool is_decimal = false;  // has a fraction
    bool has_raw = false;     // decimal, and raw is its exact value
    std::int64_t raw = 0;
};

// Scans a canonical number at p (p < end), leaving p after it; false for any other form, an
// exponent included, and for a decimal longer than 40 bytes (short enough that no double
// overflows: the library refuses those). A decimal's exact raw value is given when no rounding
// is needed and it is in range; its slow path is decimal::parse(text, Syntax::with_exponent)
// (Decimal::parse, which the reader calls for the others), and it must equal it.
bool scan_number(const char*& p, const char* end, CanonicalNumber& n) {
    n.begin = p;
    if (*p == '-') {
        n.negative = true;
        ++p;
    }
    if (p == end || *p < '0' || *p > '9') return false;
    if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9') return false;
    for (; p < end && *p >= '0' && *p <= '9'; ++p) {
        n.overflow |= __builtin_mul_overflow(n.mag, 10u, &n.mag) ||
                      __builtin_add_overflow(n.mag, static_cast<unsigned>(*p - '0'), &n.mag);
    }
    if (p < end && (*p == 'e' || *p == 'E')) return false;
    if (p == end || *p != '.') return true;
    n.is_decimal = true;
    const char* const frac = ++p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10)
        ++p;
    if (p == frac || (p < end && (*p == 'e' || *p == 'E')) || p - n.begin > 40) return false;
    std::int64_t frac_value = 0;
    for (const char* d = frac; d < p && d - frac < Decimal::kDecimals; ++d)
        frac_value = frac_value * 10 + (*d - '0');
    std::int64_t units = 0;
    if (!n.overflow && p - frac <= Decimal::kDecimals &&
        n.mag <= static_cast<std::uint64_t>(INT64_MAX / Decimal::kScale) &&
        !__builtin_mul_overflow(static_cast<std::int64_t>(n.mag), Decimal::kScale, &units) &&
        !__builtin_add_overflow(
            units, frac_value * decimal::kPow10[Decimal::kDecimals - (p - frac)], &units)) {
        n.has_raw = true;
        n.raw = n.negative ? -units : units;
    }
    return true;
}

// The scanner of the writer's canonical lines (JsonLine::parse_canonical): the same nodes the
// SAX handler would build, into the line's arrays.
class CanonicalScanner {
  public:
    CanonicalScanner(std::string_view line, std::vector<JsonNode>& nodes,
                     std::vector<std::uint32_t>& open)
        : base_(line.data()),
          p_(line.data()),
          end_(line.data() + line.size()),
          nodes_(nodes),
          open_(open) {}

    // The whole line: one object or array, nothing after it.
    bool scan() {
        if (!value() || open_.empty()) return false;  // the root must be an object or array
        while (!open_.empty()) {
            if (p_ == end_) return false;
            const bool is_object = nodes_[open_.back()].type == JsonType::object;
            const bool first = nodes_.size() == open_.back() + 1u;  // nothing in it yet
            if (*p_ == (is_object ? '}' : ']')) {
                ++p_;
                nodes_[open_.back()].end = static_cast<std::uint32_t>(nodes_.size());
                open_.pop_back();
                continue;
            }
            if (!first && *p_++ != ',') return false;
            if (is_object && !member_name()) return false;
            if (!value()) return false;
        }
        return p_ == end_;
    }

  private:
    std::uint32_t offset(const char* at) const { return static_cast<std::uint32_t>(at - base_); }

    JsonNode& push(JsonType type) {
        JsonNode n;
        n.type = type;
        n.key_off = key_off_;
        n.key_len = key_len_;
        key_len_ = 0;
        n.end = static_cast<std::uint32_t>(nodes_.size() + 1);
        nodes_.push_back(n);
        return nodes_.back();
    }

    // A string of printable ASCII other than '"' and '\\'; p_ is after the opening quote.
    bool string(std::uint32_t& off, std::uint32_t& len) {
        const char* b = p_;
        for (;;) {
            if (end_ - p_ >= 8) {
                std::uint64_t w = 0;
                std::memcpy(&w, p_, 8);
                if (!special_byte(w)) {
                    p_ += 8;
                    continue;
                }
            }
            if (p_ == end_) return false;
            auto c = static_cast<unsigned char>(*p_);
            if (c == '"') break;
            if (c < 0x20 || c > 0x7e || c == '\\') return false;
            ++p_;
        }
        off = offset(b);
        len = static_cast<std::uint32_t>(p_ - b);
        ++p_;
        return true;
    }

    // `"name":` of an object's member.
    bool member_name() {
        if (p_ == end_ || *p_ != '"') return false;
        ++p_;
        if (!string(key_off_, key_len_) || p_ == end_ || *p_ != ':') return false;
        ++p_;
        return true;
    }

    bool literal(std::string_view lit) {
        if (static_cast<std::size_t>(end_ - p_) < lit.size() ||
            std::memcmp(p_, lit.data(), lit.size()) != 0) {
            return false;
        }
        p_ += lit.size();
        return true;
    }

    bool number() {
        CanonicalNumber n;
        if (!scan_number(p_, end_, n)) return false;
        if (n.is_decimal) {
            JsonNode& node = push(JsonType::number);
            node.text_off = offset(n.begin);
            node.text_len = static_cast<std::uint32_t>(p_ - n.begin);
            node.has_decimal = n.has_raw;
            node.decimal_raw = n.raw;
            return true;
        }
        if (n.overflow || (n.negative && n.mag > (std::uint64_t{1} << 63))) return false;
        JsonNode& node = push(JsonType::integer);
        node.negative = n.negative && n.mag != 0;
        node.magnitude = n.mag;
        return true;
    }

    // A value; a container is opened (its members follow in scan()).
    bool value() {
        if (p_ == end_) return false;
        const char c = *p_;
        if (c == '{' || c == '[') {
            if (open_.size() >= JsonLine::kMaxDepth) return false;
            push(c == '{' ? JsonType::object : JsonType::array);
            open_.push_back(static_cast<std::uint32_t>(nodes_.size() - 1));
            ++p_;
            return true;
        }
        if (c == '"') {
            ++p_;
            std::uint32_t off = 0, len = 0;
            if (!string(off, len)) return false;
            JsonNode& n = push(JsonType::string);
            n.text_off = off;
            n.text_len = len;
            return true;
        }
        if (c == 'n') return literal("null") && (push(JsonType::null), true);
        if (c == 't') return literal("true") && (push(JsonType::boolean).flag = true);
        if (c == 'f') return literal("false") && (push(JsonType::boolean), true);
        return number();
    }

    const char* const base_;
    const char* p_;
    const char* const end_;
    std::vector<JsonNode>& nodes_;
    std::vector<std::uint32_t>& open_;
    std::uint32_t key_off_ = 0;  // the name of the member whose value comes next
    std::uint32_t key_len_ = 0;
};

}  // namespace

// The writer's own output: objects, arrays, plain ASCII strings without escapes, integers and
// plain decimals, no whitespace. Builds exactly the nodes the SAX handler would (texts are
// referred to in the line itself, which has no escapes to undo, and decimals get their exact
// value at once); returns false (and nothing is decided) as soon as anything else appears.
bool JsonLine::parse_canonical(std::string_view line) {
    nodes_.clear();
    open_.clear();
    base_ = line.data();
    return CanonicalScanner(line, nodes_, open_).scan();
}

bool JsonLine::parse(std::string_view line) {
    error_.clear();
    if (parse_canonical(line)) return true;
    return parse_with_library(line);
}

bool JsonLine::parse_with_library(std::string_view line) {
    nodes_.clear();
    open_.clear();
    arena_.clear();
    error_.clear();
    JsonSax sax(*this);
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(line.begin(), line.end(), &sax);
    } catch (const std::exception& e) {  // defensive: the SAX path reports through parse_error
        error_ = std::string("invalid JSON: ") + e.what();
        ok = false;
    }
    base_ = arena_.data();  // final now: the arena does not grow any more
    if (ok && nodes_.empty()) ok = false;
    if (!ok && error_.empty()) error_ = "invalid JSON";
    return ok;
}

std::int64_t JsonLine::find(std::uint32_t obj, std::string_view name, std::uint32_t& hint) const {
    const std::uint32_t first = obj + 1;
    const std::uint32_t end = nodes_[obj].end;
    if (hint <= obj || hint >= end) hint = first;
    for (int pass = 0; pass < 2; ++pass) {
        std::uint32_t from = pass == 0 ? hint : first;
        std::uint32_t to = pass == 0 ? end : hint;
        for (std::uint32_t i = from; i < to; i = nodes_[i].end) {
            if (key(nodes_[i]) == name) {
                hint = nodes_[i].end;
                return i;
            }
        }
    }
    return -1;
}

}  // namespace dsl::trace::detail
