// JsonLine: the SAX handler that fills the node array (see json_line.h).
#include "trace/json_line.h"

#include <nlohmann/json.hpp>

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

bool JsonLine::parse(std::string_view line) {
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
