// Decimal cells converted sixteen digits at a time (SSSE3/SSE4.1), for the CSV fast path.
//
// A price or volume cell `digits[.digits]` with at most 8 digits on each side of the dot is
// Fixed's raw value (value * 10^8) read as one 16-digit number: the integer digits right-aligned
// in the first 8 places, the fraction digits left-aligned in the last 8. One byte shuffle puts
// the cell's digits there, and three multiply-add steps turn the 16 digits into two 8-digit
// halves (the technique of simdjson and fast_float).
//
// A row of at most 64 bytes is first scanned once, 16 bytes at a time, into masks of its
// commas, dots and other bytes (scan_line). A cell's shape (digits before and after the dot)
// then takes a few bit operations on the masks instead of a loop over its bytes.
//
// Most rows of a file have the previous row's shape: the same commas and dots, in a line of
// the same length. The cells' shapes found for one row (a RowShape) then serve the next, whose
// numbers are converted without looking at its cells again: from the masks to the values.
//
// The scalar parsers stay the definition: a cell is converted only if it has one of the shapes
// they accept, and the conversion gives their value (tests/runner/decimal_simd_test.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dsl::runner::simd {

// True when this CPU runs decimals() (x86-64 with SSE4.1; asked once).
bool supported();

// Masks of a line's bytes, bit i for byte i.
struct LineMasks {
    std::size_t length = 0;  // of the line
    std::uint64_t commas = 0;
    std::uint64_t dots = 0;
    std::uint64_t others = 0;  // neither a digit nor a dot
};

#if defined(__SSE2__)
constexpr bool kCanScan = true;

// The masks of the `size` (<= 64) bytes at `line`; 16 bytes must be readable past them.
inline LineMasks scan_line(const char* line, std::size_t size) {
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i dot = _mm_set1_epi8('.');
    const __m128i zero = _mm_set1_epi8('0');
    const __m128i nine = _mm_set1_epi8(9);
    LineMasks m;
    m.length = size;
    for (std::size_t at = 0; at < size; at += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line + at));
        const __m128i d = _mm_sub_epi8(v, zero);  // digits become 0..9, the rest above 9
        const auto digits =
            static_cast<std::uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d)));
        const auto dots = static_cast<std::uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, dot)));
        m.commas |= static_cast<std::uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma))) << at;
        m.dots |= dots << at;
        m.others |= (~(digits | dots) & 0xFFFF) << at;
    }
    if (size < 64) m.commas &= (std::uint64_t{1} << size) - 1;
    return m;
}
#else
constexpr bool kCanScan = false;
#endif

// What decimals() learnt from a row whose cells all converted: where each cell starts and its
// shape. Rows of a file mostly repeat the previous row's shape (the same number of digits in
// every cell: 97-99 % of the rows of ../shared/data and of the benchmark's), and a row of the
// same shape is converted from this plan without looking at its cells (decimals_like).
struct RowShape {
    static constexpr std::size_t kNone = ~std::size_t{0};
    std::size_t length = kNone;  // of the line; kNone (no line's) when there is no plan
    std::uint64_t commas = 0;
    std::uint64_t dots = 0;
    std::uint64_t cells = 0;  // the bytes of the converted cells
    unsigned count = 0;
    std::uint8_t start[8] = {};  // each cell's first byte
    std::uint8_t shape[8] = {};  // integer digits * 9 + fraction digits
};

// True when a line with these masks has `plan`'s shape: the same length, commas and dots, and
// nothing but digits around the dots of its cells. Each cell then has the same number of
// digits before and after its dot as in the row the plan was made from.
inline bool same_shape(const LineMasks& masks, const RowShape& plan) {
    return masks.length == plan.length && masks.commas == plan.commas && masks.dots == plan.dots &&
           (masks.others & plan.cells) == 0;
}

// For each i < count, cell cells[i] of the line: it spans from `line` (cell 0) or from just
// after ends[cells[i] - 1], to ends[cells[i]], within the line's first 64 bytes, with 16
// readable bytes at its start. If that cell is `digits`, `digits.`, `.digits` or
// `digits.digits`, at most 16 bytes with at most 8 integer and 8 fraction digits and at least
// one digit, raw[i] = its value * 10^8. Returns the mask of the cells converted (bit i); the
// others are left to the scalar parser. count <= 8. Call only when supported().
//
// When every cell converts and `plan` is given, it receives the row's plan; otherwise it is
// reset to no plan.
unsigned decimals(const char* line, const LineMasks& masks, const char* const* ends,
                  const std::uint8_t* cells, unsigned count, std::int64_t* raw,
                  RowShape* plan = nullptr);

// decimals() of a line for which same_shape(masks, plan) holds, with 16 readable bytes
// past its end: every cell converts, raw[i] for i < plan.count.
void decimals_like(const char* line, const RowShape& plan, std::int64_t* raw);

}  // namespace dsl::runner::simd
