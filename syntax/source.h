// Source positions. Lines and columns are 1-based; columns count Unicode code points, as
// editors do. A span's end is exclusive and on the same line as its start unless the
// construct itself spans lines.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsl {

// The largest strategy source accepted, in bytes (docs/language.md). The tools refuse a larger
// file before reading it; the parser reports one given to it as a string.
inline constexpr size_t kMaxSourceBytes = 4u << 20;

struct SourcePos {
    uint32_t line = 0;
    uint32_t col = 0;

    friend constexpr bool operator==(SourcePos, SourcePos) = default;
    friend constexpr auto operator<=>(SourcePos, SourcePos) = default;
};

struct Span {
    SourcePos begin;
    SourcePos end;

    static constexpr Span point(SourcePos p) { return {p, {p.line, p.col + 1}}; }
    // The smallest span covering both.
    static constexpr Span cover(Span a, Span b) {
        return {a.begin < b.begin ? a.begin : b.begin, a.end < b.end ? b.end : a.end};
    }
    friend constexpr bool operator==(Span, Span) = default;
};

}  // namespace dsl
