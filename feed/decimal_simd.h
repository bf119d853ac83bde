// Decimal cells converted sixteen digits at a time (SSSE3/SSE4.1), for the CSV fast path.
//
// A price or volume cell `digits[.digits]` with at most 8 digits on each side of the dot is
// its raw value (value * 10^8) read as one 16-digit number: the integer digits right-aligned
// in the first 8 places, the fraction digits left-aligned in the last 8. One byte shuffle puts
// the cell's digits there, and three multiply-add steps turn the 16 digits into two 8-digit
// halves (the technique of simdjson and fast_float).
//
// A row of at most 64 bytes is first scanned once, 16 bytes at a time, into masks of its
// commas, dots and other bytes (scan_line). A cell's shape (digits before and after the dot)
// then takes a few bit operations on the masks instead of a loop over its bytes.
//
// Most rows of a file repeat the previous row's shape, cell for cell: the cells' shapes found
// for one row (a RowPlan) then serve the next, whose numbers go from the masks to the values
// without a look at their cells.
//
// The slow path it must equal is the decimal core's decimal::parse(cell) (decimal/decimal.h),
// as the scalar fast path (feed/decimal_fast.h) must: a cell is converted only if it has one
// of the shapes above, and then to exactly the core's value; any other cell is left to the
// scalar path. tests/feed/decimal_simd_test.cpp and decimal_fast_test.cpp check every shape
// and random and edge texts against the core, and the market data fuzzer every input.
#pragma once

#include <bit>
#include <cassert>
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
    assert(size <= 64);
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
    if (size < 64) {  // the bytes past the line (the next line's, in a file) are not its own
        m.commas &= (std::uint64_t{1} << size) - 1;
        m.dots &= (std::uint64_t{1} << size) - 1;
    }
    return m;
}
#else
constexpr bool kCanScan = false;
#endif

// Where the cells of the last row converted start and end, and their shapes: most rows of a
// file repeat most of the previous row's cells, digit for digit in number (the prices of
// data/ and of the benchmark; 81-94 % of their rows repeat every cell, the rest mostly all but
// the volume). A cell that lies before the first byte where the two rows' commas, dots or
// digits differ has the same shape in both, and is converted from the plan without looking at
// it again.
struct RowPlan {
    static constexpr std::uint8_t kNoCell = 0xFF;  // an end: the cell did not convert
    std::size_t length = 0;                        // of the row
    std::uint64_t commas = 0;
    std::uint64_t dots = 0;
    // Kept rather than derived from start and end, for the comparison made on every row:
    std::uint64_t cells = 0;     // the bytes of the converted cells
    bool complete = false;       // every cell converted (no end is kNoCell)
    std::uint8_t start[8] = {};  // each cell's first byte
    std::uint8_t end[8] = {kNoCell, kNoCell, kNoCell, kNoCell,
                           kNoCell, kNoCell, kNoCell, kNoCell};  // the byte after it
    std::uint8_t shape[8] = {};  // integer digits * 9 + fraction digits
};

// For each i < count, cell cells[i] of the line: it spans from `line` (cell 0) or from just
// after ends[cells[i] - 1], to ends[cells[i]], within the line's first 64 bytes, with 16
// readable bytes at its start. If that cell is `digits`, `digits.`, `.digits` or
// `digits.digits`, at most 16 bytes with at most 8 integer and 8 fraction digits and at least
// one digit, raw[i] = its value * 10^8. Returns the mask of the cells converted (bit i); the
// others are left to the scalar parser. count <= 8. Call only when supported().
//
// With a plan (of earlier rows, with the same `cells`), the cells it shares with this row are
// converted from it, without a look at `ends`; the plan then describes this row's cells.
unsigned decimals(const char* line, const LineMasks& masks, const char* const* ends,
                  const std::uint8_t* cells, unsigned count, std::int64_t* raw,
                  RowPlan* plan = nullptr);

}  // namespace dsl::runner::simd
