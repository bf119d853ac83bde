// libFuzzer target: arbitrary bytes through the trace reader. Whatever the bytes, nothing may
// crash, hang, leak or hit undefined behaviour: the reader reports errors as data. The first
// byte chooses a chunk size, and the rest is read twice - at once and in chunks of that size -
// which must give the same result (the follow mode's guarantee). A third reading skips bad
// lines instead of stopping, which walks the decoders past the first error. Every line also
// goes through both JSON paths (json_line.h), which must agree. Build with the
// `fuzz` preset; scripts/fuzz.sh trace runs it (docs/trace.md "Fuzzing").
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "decimal/decimal.h"
#include "trace/json_line.h"
#include "trace/reader.h"

namespace {

using namespace dsl::trace;
using detail::JsonLine;
using detail::JsonNode;

// The fast path for canonical lines must build exactly what the library builds.
void check_parsers_agree(std::string_view line) {
    static JsonLine fast, library;
    if (!fast.parse_canonical(line)) return;
    if (!library.parse_with_library(line) || fast.size() != library.size()) __builtin_trap();
    for (std::uint32_t i = 0; i < fast.size(); ++i) {
        const JsonNode& a = fast.node(i);
        const JsonNode& b = library.node(i);
        if (a.type != b.type || a.negative != b.negative || a.flag != b.flag || a.end != b.end ||
            a.magnitude != b.magnitude || fast.key(a) != library.key(b) ||
            fast.text(a) != library.text(b)) {
            __builtin_trap();
        }
        // The scanner's exact value of a decimal is what the decimal core gives its text,
        // and it is there whenever the core needs no rounding (at most 8 decimals).
        if (a.type == detail::JsonType::number) {
            const std::string_view text = fast.text(a);
            const std::optional<std::int64_t> core =
                dsl::decimal::parse(text, dsl::decimal::Syntax::with_exponent);
            const std::size_t places = text.size() - text.find('.') - 1;
            if (a.has_decimal != (core && places <= dsl::decimal::kDecimals)) __builtin_trap();
            if (a.has_decimal && *core != a.decimal_raw) __builtin_trap();
        }
    }
}

// A summary that must not depend on how the bytes were split.
bool same(const Reader& a, const Reader& b) {
    if (a.status() != b.status() || a.errors().size() != b.errors().size()) return false;
    for (std::size_t i = 0; i < a.errors().size(); ++i) {
        if (a.errors()[i].text != b.errors()[i].text) return false;
    }
    const Trace& x = a.trace();
    const Trace& y = b.trace();
    return x.records == y.records && x.record_counts == y.record_counts && x.orders == y.orders &&
           x.fills == y.fills && x.symbols == y.symbols && x.portfolio == y.portfolio &&
           x.logs == y.logs && x.header == y.header && a.lines() == b.lines();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = static_cast<std::size_t>(data[0] % 64) + 1;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    for (std::size_t at = 0; at <= text.size();) {
        std::size_t nl = std::min(text.find('\n', at), text.size());
        check_parsers_agree(text.substr(at, nl - at));
        at = nl + 1;
    }

    ReaderOptions options;
    options.max_line_bytes = 4096;  // small, so that the overlong-line path is reachable

    Reader whole("fuzz.jsonl", options);
    whole.feed(text);
    whole.finish();
    (void)whole.status_text();

    Reader parts("fuzz.jsonl", options);
    for (std::size_t i = 0; i < text.size(); i += chunk)
        parts.feed(text.substr(i, chunk));
    parts.finish();
    if (!same(whole, parts)) __builtin_trap();

    options.stop_at_first_error = false;
    options.max_errors = 8;
    Reader skipping("fuzz.jsonl", options);
    skipping.feed(text);
    skipping.finish();
    (void)skipping.status_text();
    for (const Order& o : skipping.trace().orders)
        (void)skipping.trace().order(o.id);
    return 0;
}
