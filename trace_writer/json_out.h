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
// Keys are ASCII string literals from our own code (a template parameter: their length is a
// constant) and are not escaped.
//
// Speed: OutBuffer is a plain growable byte array; each value reserves its worst-case size once
// and is then written through a raw pointer, so a field costs one capacity check and no
// per-byte bookkeeping. Nothing allocates once the buffer has grown to its working size.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::trace::detail {

class OutBuffer {
  public:
    const char* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {data_.get(), size_}; }
    void clear() { size_ = 0; }
    void reserve(std::size_t capacity) {
        if (capacity > capacity_) grow(capacity);
    }
    // Room for `n` more bytes; write them from the returned pointer, then commit(end).
    char* tail(std::size_t n) {
        if (size_ + n > capacity_) grow(size_ + n);
        return data_.get() + size_;
    }
    void commit(char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }
    void append(std::string_view s) {
        char* p = tail(s.size());
        std::memcpy(p, s.data(), s.size());
        size_ += s.size();
    }

  private:
    void grow(std::size_t need);

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

class JsonOut {
  public:
    explicit JsonOut(OutBuffer& buffer) : out_(buffer) {}

    // Starts a record: {"t":"<type>"
    void begin(std::string_view type);
    // Ends it: }\n
    void end() { out_.append("}\n"); }

    // A nested object or array as the value of `key` (or, with an empty key, as an array element).
    template <std::size_t N>
    void open_object(const char (&key)[N]) {
        open(key, '{');
    }
    void close_object() { close('}'); }
    template <std::size_t N>
    void open_array(const char (&key)[N]) {
        open(key, '[');
    }
    void close_array() { close(']'); }

    template <std::size_t N>
    void fixed(const char (&key)[N], engine::Fixed v) {
        char* p = key_at(key, kMaxNumber);
        out_.commit(fixed_at(p, v));
    }
    template <std::size_t N>
    void integer(const char (&key)[N], std::int64_t v) {
        char* p = key_at(key, kMaxNumber);
        out_.commit(std::to_chars(p, p + kMaxNumber, v).ptr);
    }
    template <std::size_t N>
    void unsigned_(const char (&key)[N], std::uint64_t v) {
        char* p = key_at(key, kMaxNumber);
        out_.commit(std::to_chars(p, p + kMaxNumber, v).ptr);
    }
    // A timestamp, or null for engine::kNoTime.
    template <std::size_t N>
    void time(const char (&key)[N], engine::Timestamp v) {
        if (v == engine::kNoTime) return null(key);
        integer(key, v);
    }
    // A symbol id, or null for engine::kNoSymbol.
    template <std::size_t N>
    void symbol(const char (&key)[N], engine::SymbolId v) {
        if (v == engine::kNoSymbol) return null(key);
        unsigned_(key, v);
    }
    template <std::size_t N>
    void real(const char (&key)[N], double v) {
        put_key(key);
        put_double(v);
    }
    template <std::size_t N>
    void boolean(const char (&key)[N], bool v) {
        put_key(key);
        put_bool(v);
    }
    template <std::size_t N>
    void null(const char (&key)[N]) {
        put_key(key);
        out_.append("null");
    }
    template <std::size_t N>
    void string(const char (&key)[N], std::string_view v) {
        put_key(key);
        put_string(v);
    }

    // Value-only forms, for array elements and for callers that wrote the key themselves.
    template <std::size_t N>
    void put_key(const char (&key)[N]) {
        out_.commit(key_at(key, 0));
    }
    void put_fixed(engine::Fixed v) { out_.commit(fixed_at(out_.tail(kMaxNumber), v)); }
    void put_int(std::int64_t v) {
        char* p = out_.tail(kMaxNumber);
        out_.commit(std::to_chars(p, p + kMaxNumber, v).ptr);
    }
    void put_uint(std::uint64_t v) {
        char* p = out_.tail(kMaxNumber);
        out_.commit(std::to_chars(p, p + kMaxNumber, v).ptr);
    }
    void put_bool(bool v) { out_.append(v ? "true" : "false"); }
    void put_double(double v);
    void put_string(std::string_view v);

  private:
    // Enough for any integer, Fixed or shortest double, with sign.
    static constexpr std::size_t kMaxNumber = 32;

    // Writes [,]["key":] and returns where the value goes, with room for `value_bytes` more.
    // Keys are literals (N includes the terminating NUL), so the copy has a constant size.
    template <std::size_t N>
    char* key_at(const char (&key)[N], std::size_t value_bytes) {
        constexpr std::size_t len = N - 1;
        char* p = out_.tail(len + 4 + value_bytes);
        if (!first_) *p++ = ',';
        first_ = false;
        if constexpr (len != 0) {
            *p++ = '"';
            std::memcpy(p, key, len);
            p += len;
            *p++ = '"';
            *p++ = ':';
        }
        return p;
    }
    static char* fixed_at(char* p, engine::Fixed v);
    template <std::size_t N>
    void open(const char (&key)[N], char bracket) {
        char* p = key_at(key, 1);
        *p++ = bracket;
        out_.commit(p);
        first_ = true;
    }
    void close(char bracket) {
        char* p = out_.tail(1);
        *p++ = bracket;
        out_.commit(p);
        first_ = false;
    }

    OutBuffer& out_;
    bool first_ = false;  // the next value is the first in its object or array (no comma)
};

}  // namespace dsl::trace::detail
