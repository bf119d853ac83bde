// JsonOut: appends one flat JSON record at a time to a reused byte buffer, deterministically.
//
// The writer's hot path: every number is formatted here by our own code, never by locale- or
// platform-dependent functions, so identical values always give identical bytes.
// - Fixed values are written exactly as their decimal text (no exponent, no trailing zeros);
//   the reserved NaN value is written as null.
// - Integers are written with std::to_chars; the "no time" timestamp (INT64_MIN) as null.
// - Doubles use std::to_chars' shortest round-trip form; NaN and infinities become null.
// - Strings are escaped per RFC 8259 and made valid UTF-8: each byte of an ill-formed sequence
//   becomes U+FFFD, so that a reader's strict JSON parser never rejects a line we wrote.
// Keys are ASCII literals from our own code and are not escaped. Nothing here allocates once
// the buffer has grown to its working size.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::trace::detail {

class JsonOut {
  public:
    explicit JsonOut(std::string& buffer) : out_(buffer) {}

    // Starts a record: {"t":"<type>"
    void begin(std::string_view type) {
        out_ += "{\"t\":\"";
        out_ += type;
        out_ += '"';
    }
    void end() { out_ += "}\n"; }

    // A nested object or array as the value of `key` (or, with an empty key, as an array element).
    void open_object(std::string_view key) { open(key, '{'); }
    void close_object() { close('}'); }
    void open_array(std::string_view key) { open(key, '['); }
    void close_array() { close(']'); }

    void fixed(std::string_view key, engine::Fixed v) {
        put_key(key);
        put_fixed(v);
    }
    void integer(std::string_view key, std::int64_t v) {
        put_key(key);
        put_int(v);
    }
    void unsigned_(std::string_view key, std::uint64_t v) {
        put_key(key);
        put_uint(v);
    }
    // A timestamp, or null for engine::kNoTime.
    void time(std::string_view key, engine::Timestamp v) {
        put_key(key);
        if (v == engine::kNoTime) {
            out_ += "null";
        } else {
            put_int(v);
        }
    }
    // A symbol id, or null for engine::kNoSymbol.
    void symbol(std::string_view key, engine::SymbolId v) {
        put_key(key);
        if (v == engine::kNoSymbol) {
            out_ += "null";
        } else {
            put_uint(v);
        }
    }
    void real(std::string_view key, double v) {
        put_key(key);
        put_double(v);
    }
    void boolean(std::string_view key, bool v) {
        put_key(key);
        put_bool(v);
    }
    void null(std::string_view key) {
        put_key(key);
        out_ += "null";
    }
    void string(std::string_view key, std::string_view v) {
        put_key(key);
        put_string(v);
    }

    // Value-only forms, for array elements and for callers that wrote the key themselves.
    void put_key(std::string_view key);
    void put_fixed(engine::Fixed v);
    void put_int(std::int64_t v) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
    }
    void put_uint(std::uint64_t v) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
    }
    void put_bool(bool v) { out_ += v ? "true" : "false"; }
    void put_double(double v);
    void put_string(std::string_view v);

  private:
    void open(std::string_view key, char bracket);
    void close(char bracket) {
        out_ += bracket;
        first_ = false;
    }

    std::string& out_;
    bool first_ = false;  // the next value is the first in its object or array (no comma)
};

}  // namespace dsl::trace::detail
