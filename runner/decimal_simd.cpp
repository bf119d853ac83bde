#include "runner/decimal_simd.h"

#include <array>
#include <bit>
#include <cstddef>

#include "engine/fixed.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DSL_DECIMAL_SIMD 1
#else
#define DSL_DECIMAL_SIMD 0
#endif

namespace dsl::runner::simd {

#if DSL_DECIMAL_SIMD

namespace {

static_assert(engine::Fixed::kScale == 100'000'000, "the fraction fills the last 8 digits");

// The byte shuffle for a cell of `ints` integer and `fracs` fraction digits: output byte j
// (the digit worth 10^(7-j) of the integer part for j < 8, of the fraction times 10^8 for
// j >= 8) takes the cell's byte m[j], or zero (0x80) where the cell has no digit for it.
struct Shuffles {
    std::array<std::array<std::array<std::uint8_t, 16>, 9>, 9> at{};
    constexpr Shuffles() {
        for (unsigned ints = 0; ints <= 8; ++ints) {
            for (unsigned fracs = 0; fracs <= 8; ++fracs) {
                auto& m = at[ints][fracs];
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

// The value * 10^8 of the cell at `start` whose shape is ints * 9 + fracs (kShuffles).
__attribute__((target("sse4.1"))) inline std::int64_t convert(const char* start, unsigned shape) {
    const __m128i zero_char = _mm_set1_epi8('0');
    const __m128i tens = _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1);
    const __m128i hundreds = _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1);
    const __m128i ten_thousands = _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1);
    const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(start));
    const __m128i order = _mm_loadu_si128(
        reinterpret_cast<const __m128i*>(kShuffles.at[shape / 9][shape % 9].data()));
    // 16 digits, most significant first; then pairs, fours and the two eights.
    const __m128i digits = _mm_shuffle_epi8(_mm_sub_epi8(text, zero_char), order);
    const __m128i pairs = _mm_maddubs_epi16(digits, tens);
    const __m128i fours = _mm_madd_epi16(pairs, hundreds);
    const __m128i eights = _mm_madd_epi16(_mm_packus_epi32(fours, fours), ten_thousands);
    const auto units = static_cast<std::int64_t>(_mm_cvtsi128_si32(eights));
    const auto fraction = static_cast<std::int64_t>(_mm_extract_epi32(eights, 1));
    return units * engine::Fixed::kScale + fraction;
}

// decimals() for Count cells (0: `count` of them), so that the usual counts unroll.
template <unsigned Count>
__attribute__((target("sse4.1"))) inline unsigned convert_cells(
    const char* line, const LineMasks& masks, const char* const* ends, const std::uint8_t* cells,
    unsigned count, std::int64_t* raw, RowShape* plan) {
    unsigned converted = 0;
    const unsigned n = Count != 0 ? Count : count;
#pragma GCC unroll 8
    for (unsigned i = 0; i < n; ++i) {
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

        raw[i] = convert(start, ints * 9 + fracs);
        converted |= 1u << i;
        if (plan) {
            plan->cells |= cell;
            plan->start[i] = static_cast<std::uint8_t>(offset);
            plan->shape[i] = static_cast<std::uint8_t>(ints * 9 + fracs);
        }
    }
    return converted;
}

// decimals_like() for Count cells (0: plan.count of them).
template <unsigned Count>
__attribute__((target("sse4.1"))) inline void convert_like(const char* line, const RowShape& plan,
                                                           std::int64_t* raw) {
    const unsigned n = Count != 0 ? Count : plan.count;
#pragma GCC unroll 8
    for (unsigned i = 0; i < n; ++i)
        raw[i] = convert(line + plan.start[i], plan.shape[i]);
}

}  // namespace

__attribute__((target("sse4.1"))) unsigned decimals(const char* line, const LineMasks& masks,
                                                    const char* const* ends,
                                                    const std::uint8_t* cells, unsigned count,
                                                    std::int64_t* raw, RowShape* plan) {
    if (plan) *plan = RowShape{};
    unsigned converted = 0;
    switch (count) {
        case 5:  // a bar's open, high, low, close and volume
            converted = convert_cells<5>(line, masks, ends, cells, 0, raw, plan);
            break;
        case 2:  // a tick's price and size
            converted = convert_cells<2>(line, masks, ends, cells, 0, raw, plan);
            break;
        default:
            converted = convert_cells<0>(line, masks, ends, cells, count, raw, plan);
    }
    if (plan) {
        if (converted == (1u << count) - 1 && count != 0) {
            plan->length = masks.length;
            plan->commas = masks.commas;
            plan->dots = masks.dots;
            plan->count = count;
        } else {
            *plan = RowShape{};
        }
    }
    return converted;
}

__attribute__((target("sse4.1"))) void decimals_like(const char* line, const RowShape& plan,
                                                     std::int64_t* raw) {
    switch (plan.count) {
        case 5:
            return convert_like<5>(line, plan, raw);
        case 2:
            return convert_like<2>(line, plan, raw);
        default:
            return convert_like<0>(line, plan, raw);
    }
}

#else

bool supported() {
    return false;
}

unsigned decimals(const char*, const LineMasks&, const char* const*, const std::uint8_t*, unsigned,
                  std::int64_t*, RowShape* plan) {
    if (plan) *plan = RowShape{};
    return 0;
}

void decimals_like(const char*, const RowShape&, std::int64_t*) {}

#endif

}  // namespace dsl::runner::simd
