#include "feed/decimal_simd.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>

#include "decimal/decimal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DSL_DECIMAL_SIMD 1
#else
#define DSL_DECIMAL_SIMD 0
#endif

namespace dsl::runner::simd {

#if DSL_DECIMAL_SIMD

namespace {

static_assert(decimal::kScale == 100'000'000, "the fraction fills the last 8 digits");

// A cell's shape: ints * 9 + fracs, for `ints` integer and `fracs` fraction digits (0..8).
constexpr unsigned shape_of(unsigned ints, unsigned fracs) {
    return ints * 9 + fracs;
}

// The byte shuffle for a cell of each shape: output byte j (the digit worth 10^(7-j) of the
// integer part for j < 8, of the fraction times 10^8 for j >= 8) takes the cell's byte m[j],
// or zero (0x80) where the cell has no digit for it.
struct Shuffles {
    std::array<std::array<std::uint8_t, 16>, 81> of{};  // by shape
    constexpr Shuffles() {
        for (unsigned ints = 0; ints <= 8; ++ints) {
            for (unsigned fracs = 0; fracs <= 8; ++fracs) {
                auto& m = of[shape_of(ints, fracs)];
                for (unsigned j = 0; j < 16; ++j)
                    m[j] = 0x80;
                for (unsigned i = 0; i < ints; ++i)
                    m[8 - ints + i] = static_cast<std::uint8_t>(i);
                for (unsigned f = 0; f < fracs; ++f)
                    m[8 + f] = static_cast<std::uint8_t>(ints + 1 + f);  // past the dot
            }
        }
    }
};
constexpr Shuffles kShuffles;

}  // namespace

bool supported() {
    static const bool yes = __builtin_cpu_supports("sse4.1");
    return yes;
}

namespace {

// The value * 10^8 of the cell at `start` of that shape.
__attribute__((target("sse4.1"))) inline std::int64_t convert(const char* start, unsigned shape) {
    const __m128i zero_char = _mm_set1_epi8('0');
    const __m128i tens = _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1);
    const __m128i hundreds = _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1);
    const __m128i ten_thousands = _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1);
    const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(start));
    const __m128i order =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(kShuffles.of[shape].data()));
    // 16 digits, most significant first; then pairs, fours and the two eights.
    const __m128i digits = _mm_shuffle_epi8(_mm_sub_epi8(text, zero_char), order);
    const __m128i pairs = _mm_maddubs_epi16(digits, tens);
    const __m128i fours = _mm_madd_epi16(pairs, hundreds);
    const __m128i eights = _mm_madd_epi16(_mm_packus_epi32(fours, fours), ten_thousands);
    const auto units = static_cast<std::int64_t>(_mm_cvtsi128_si32(eights));
    const auto fraction = static_cast<std::int64_t>(_mm_extract_epi32(eights, 1));
    return units * decimal::kScale + fraction;
}

// The cells of the line that the plan knows (n of them; bit i of the result: raw[i] is set).
// When that is not every cell, the plan becomes the line's: the cells kept, and no others
// until convert_cells() finds them.
template <unsigned Count>
__attribute__((target("sse4.1"))) inline unsigned convert_planned(const char* line,
                                                                  const LineMasks& masks,
                                                                  unsigned n, std::int64_t* raw,
                                                                  RowPlan& plan) {
    const unsigned all = (1u << n) - 1;
    // The bytes at which the line and the plan's row differ: a comma or a dot moved, or a byte
    // of a planned cell is no longer a digit.
    const std::uint64_t diff =
        (masks.commas ^ plan.commas) | (masks.dots ^ plan.dots) | (masks.others & plan.cells);
    if (diff == 0 && masks.length == plan.length && plan.complete) {
        // The plan's row again, digit for digit in number: most rows.
#pragma GCC unroll 8
        for (unsigned i = 0; i < n; ++i)
            raw[i] = convert(line + plan.start[i], plan.shape[i]);
        return all;
    }
    // A cell that ends before the first difference (or before the shorter line's end) has the
    // plan's start and shape: every comma before it, hence which cell it is, and its dot are
    // where they were. 65 when nothing differs: a cell of a 64-byte row ends at byte 64 at most.
    unsigned same_until = diff != 0 ? static_cast<unsigned>(std::countr_zero(diff)) : 65;
    if (masks.length != plan.length)
        same_until =
            std::min(same_until, static_cast<unsigned>(std::min(masks.length, plan.length)));
    unsigned converted = 0;
#pragma GCC unroll 8
    for (unsigned i = 0; i < n; ++i) {
        if (plan.end[i] >= same_until) continue;  // always for kNoCell
        raw[i] = convert(line + plan.start[i], plan.shape[i]);
        converted |= 1u << i;
    }
    if (converted == all) return all;  // the plan is this row's as well
    plan.length = masks.length;
    plan.commas = masks.commas;
    plan.dots = masks.dots;
    plan.cells = 0;
    for (unsigned i = 0; i < n; ++i) {
        if (converted & (1u << i))
            plan.cells |= ((std::uint64_t{1} << (plan.end[i] - plan.start[i])) - 1)
                          << plan.start[i];
        else
            plan.end[i] = RowPlan::kNoCell;
    }
    return converted;
}

// decimals() for Count cells (0: `count` of them), so that the usual counts unroll.
template <unsigned Count>
__attribute__((target("sse4.1"))) inline unsigned convert_cells(
    const char* line, const LineMasks& masks, const char* const* ends, const std::uint8_t* cells,
    unsigned count, std::int64_t* raw, RowPlan* plan) {
    const unsigned n = Count != 0 ? Count : count;
    unsigned converted = 0;
    if (plan) {
        converted = convert_planned<Count>(line, masks, n, raw, *plan);
        if (converted == (1u << n) - 1) return converted;
    }
#pragma GCC unroll 8
    for (unsigned i = 0; i < n; ++i) {
        if (converted & (1u << i)) continue;
        const unsigned c = cells[i];
        const char* const start = c == 0 ? line : ends[c - 1] + 1;
        const auto offset = static_cast<unsigned>(start - line);
        const auto length = static_cast<unsigned>(ends[c] - start);
        if (length - 1 >= 16) continue;  // empty, or longer than a load
        const std::uint64_t cell = ((std::uint64_t{2} << (length - 1)) - 1) << offset;
        const std::uint64_t dot = masks.dots & cell;
        if ((masks.others & cell) != 0 || (dot & (dot - 1)) != 0) continue;
        const unsigned ints =
            dot != 0 ? static_cast<unsigned>(std::countr_zero(dot)) - offset : length;
        const unsigned fracs = length - ints - (dot != 0 ? 1 : 0);
        if (ints > 8 || fracs > 8 || ints + fracs == 0) continue;

        const unsigned shape = shape_of(ints, fracs);
        raw[i] = convert(start, shape);
        converted |= 1u << i;
        if (plan) {
            plan->cells |= cell;
            plan->start[i] = static_cast<std::uint8_t>(offset);
            plan->end[i] = static_cast<std::uint8_t>(offset + length);
            plan->shape[i] = static_cast<std::uint8_t>(shape);
        }
    }
    if (plan) plan->complete = converted == (1u << n) - 1;
    return converted;
}

}  // namespace

__attribute__((target("sse4.1"))) unsigned decimals(const char* line, const LineMasks& masks,
                                                    const char* const* ends,
                                                    const std::uint8_t* cells, unsigned count,
                                                    std::int64_t* raw, RowPlan* plan) {
    switch (count) {
        case 5:  // a bar's open, high, low, close and volume
            return convert_cells<5>(line, masks, ends, cells, 0, raw, plan);
        case 2:  // a tick's price and size
            return convert_cells<2>(line, masks, ends, cells, 0, raw, plan);
        default:
            return convert_cells<0>(line, masks, ends, cells, count, raw, plan);
    }
}

#else

bool supported() {
    return false;
}

unsigned decimals(const char*, const LineMasks&, const char* const*, const std::uint8_t*, unsigned,
                  std::int64_t*, RowPlan*) {
    return 0;
}

#endif

}  // namespace dsl::runner::simd
