// The 16-digit decimal conversion of the CSV fast path (runner/decimal_simd.h): the line
// masks, and every cell shape against the scalar definition (parse_decimal, which equals
// Fixed::parse), whatever bytes follow the cell.
#include "runner/decimal_simd.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "feed_test_util.h"
#include "runner/csv_rows.h"

namespace dsl::runner {
namespace {

// The bits of `line` where pred(byte) holds.
template <class Pred>
std::uint64_t mask_of(std::string_view line, Pred pred) {
    std::uint64_t m = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
        if (pred(line[i])) m |= std::uint64_t{1} << i;
    return m;
}

// Converts cell 0 of the line `text + "," + after`, which has 16 readable bytes after it.
bool convert_first_cell(const std::string& text, const std::string& after, std::int64_t& raw) {
    std::string buffer = text + "," + after;
    const std::size_t size = std::min<std::size_t>(buffer.size(), 64);
    buffer += std::string(16, 'x');  // the readable bytes past the line
    const simd::LineMasks masks = simd::scan_line(buffer.data(), size);
    const char* ends[2] = {buffer.data() + text.size(), buffer.data() + size};
    const std::uint8_t cells[1] = {0};
    return simd::decimals(buffer.data(), masks, ends, cells, 1, &raw) == 1;
}

#define SKIP_WITHOUT_SIMD()                                                         \
    do {                                                                            \
        if (!simd::kCanScan || !simd::supported())                                  \
            GTEST_SKIP() << "this CPU converts decimals with the scalar path only"; \
    } while (0)

TEST(DecimalSimd, LineMasksMarkCommasDotsAndOtherBytes) {
    SKIP_WITHOUT_SIMD();
    const std::string samples[] = {
        "946684860,99.86,100.00,99.76,99.92,9074",
        "2014-01-02,ORCL,40.5,100,,",
        "",
        ",",
        "1.2.3,-4,+5, 6,7e8,abc,9",
        std::string(64, ','),
        std::string(63, '7') + ".",
        "0123456789012345,0123456789012345.0123456789012345,.,..,9",
    };
    for (const std::string& line : samples) {
        std::string buffer = line + std::string(16, ',');  // commas past the line never count
        const simd::LineMasks m = simd::scan_line(buffer.data(), line.size());
        const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
        EXPECT_EQ(m.commas, mask_of(line, [](char c) { return c == ','; })) << line;
        EXPECT_EQ(m.dots, mask_of(line, [](char c) { return c == '.'; })) << line;
        // Only the line's own bytes are required; bits past it are not looked at.
        const std::uint64_t in = line.size() >= 64 ? ~0ULL : (std::uint64_t{1} << line.size()) - 1;
        EXPECT_EQ(m.others & in, mask_of(line, [&](char c) { return !is_digit(c) && c != '.'; }))
            << line;
    }
}

TEST(DecimalSimd, EveryShapeAgreesWithTheScalarParser) {
    SKIP_WITHOUT_SIMD();
    // Integer digits 0..10, fraction digits 0..10 (with and without a dot), random digits,
    // random bytes after the cell: converted exactly when the shape fits (at most 8 digits a
    // side, 16 bytes, one digit at least), and then to parse_decimal's value.
    std::mt19937_64 rng(7);
    const std::string junk = "0123456789.,-+ eE\t\"x";
    int converted = 0;
    for (int ints = 0; ints <= 10; ++ints) {
        for (int fracs = -1; fracs <= 10; ++fracs) {  // -1: no dot
            for (int trial = 0; trial < 50; ++trial) {
                const std::string text = test::random_decimal(rng, ints, fracs);
                std::string after;
                for (int i = 0; i < 20; ++i)
                    after += junk[rng() % junk.size()];
                std::int64_t raw = -1;
                const bool done = convert_first_cell(text, after, raw);
                const int frac_count = fracs < 0 ? 0 : fracs;
                const bool fits =
                    ints <= 8 && frac_count <= 8 && ints + frac_count > 0 && text.size() <= 16;
                ASSERT_EQ(done, fits) << text;
                if (!done) continue;
                ++converted;
                const auto exact = parse_decimal(text);
                ASSERT_TRUE(exact.has_value()) << text;
                ASSERT_EQ(raw, exact->raw()) << text;
            }
        }
    }
    // With a dot: ints 0..8 x fracs 0..8, less "." and the 17 bytes of 8 + 8; without: 1..8.
    EXPECT_EQ(converted, (9 * 9 - 2 + 8) * 50);
}

TEST(DecimalSimd, AnythingElseIsLeftToTheScalarParser) {
    SKIP_WITHOUT_SIMD();
    for (const char* text :
         {"", ".", "-1", "+1", " 1", "1 ", "1e5", "1.2.3", "..5", "0x10", "123456789",
          "1.123456789", "12345678.12345678", "\"1\"", "1.5\t", "nan", "inf"}) {
        std::int64_t raw = 0;
        EXPECT_FALSE(convert_first_cell(text, "", raw)) << text;
    }
}

TEST(DecimalSimd, ExtremesAndLeadingZeros) {
    SKIP_WITHOUT_SIMD();
    const std::pair<const char*, std::int64_t> cases[] = {
        {"0", 0},
        {"0.0", 0},
        {"0000000.00000000", 0},
        {"9999999.99999999", 999'999'999'999'999},
        {"99999999.9999999", 9'999'999'999'999'990},
        {"99999999", 9'999'999'900'000'000},
        {".00000001", 1},
        {"5.", 500'000'000},
        {".5", 50'000'000},
        {"007.50", 750'000'000},
        {"12345678.9", 1'234'567'890'000'000},
    };
    for (const auto& [text, raw] : cases) {
        std::int64_t got = -1;
        ASSERT_TRUE(convert_first_cell(text, "99999999", got)) << text;
        EXPECT_EQ(got, raw) << text;
    }
}

// A row of five decimal cells (the bar's numbers, with a timestamp cell before them), each
// with the digits before and after its dot that `shape` gives (-1 fraction digits: no dot).
std::string row_of_shape(std::mt19937_64& rng, const std::pair<int, int> (&shape)[5]) {
    std::string row = "946684860";
    for (const auto& [ints, fracs] : shape)
        row += "," + test::random_decimal(rng, ints, fracs);
    return row;
}

struct Converted {
    unsigned mask = 0;
    std::int64_t raw[5] = {};
};

// decimals() of the five number cells of `row`, recording the plan into `plan` when given.
Converted convert_row(const std::string& row, simd::RowShape* plan) {
    std::string buffer = row + std::string(16, '7');
    const simd::LineMasks masks = simd::scan_line(buffer.data(), row.size());
    const char* ends[6];
    std::size_t n = 0;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (row[i] == ',') ends[n++] = buffer.data() + i;
    ends[n] = buffer.data() + row.size();
    const std::uint8_t cells[5] = {1, 2, 3, 4, 5};
    Converted c;
    c.mask = simd::decimals(buffer.data(), masks, ends, cells, 5, c.raw, plan);
    return c;
}

TEST(DecimalSimd, ARowOfThePlansShapeConvertsByThePlan) {
    SKIP_WITHOUT_SIMD();
    // Random shapes; for each, a plan from one row, then other rows: of the same shape (new
    // digits), converted by the plan to what decimals() gives them; and of other shapes, or
    // with a byte that is not a digit where a digit was, which the plan must not take.
    std::mt19937_64 rng(13);
    const std::string not_digits = "-+ ex,.\"";
    int planned = 0;
    int refused = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        // Any shape decimals() converts (at most 8 digits a side, 16 bytes, a digit at
        // least), in a row of at most 64 bytes.
        std::pair<int, int> shape[5];
        std::size_t length = 0;
        do {
            length = 9;
            for (auto& [ints, fracs] : shape) {
                ints = int(rng() % 9);
                fracs = int(rng() % 10) - 1;
                if (ints == 0 && fracs <= 0) ints = 1;
                if (ints == 8 && fracs == 8) fracs = 7;
                length += 1 + std::size_t(ints) + (fracs >= 0 ? 1 + std::size_t(fracs) : 0);
            }
        } while (length > 64);
        simd::RowShape plan;
        const std::string first = row_of_shape(rng, shape);
        ASSERT_EQ(convert_row(first, &plan).mask, 0b11111u) << first;
        for (int k = 0; k < 20; ++k) {
            std::string row = row_of_shape(rng, shape);
            std::string buffer = row + std::string(16, '7');
            const simd::LineMasks masks = simd::scan_line(buffer.data(), row.size());
            ASSERT_TRUE(simd::same_shape(masks, plan)) << first << " / " << row;
            std::int64_t raw[5];
            simd::decimals_like(buffer.data(), plan, raw);
            const Converted direct = convert_row(row, nullptr);
            ASSERT_EQ(direct.mask, 0b11111u) << row;
            for (int i = 0; i < 5; ++i)
                ASSERT_EQ(raw[i], direct.raw[i]) << row << " cell " << i;
            ++planned;

            // One byte of a number that is not a digit (not a dot: that moves the dots), or
            // one digit more or less in a cell: a different shape.
            std::string changed = row;
            const std::size_t at = 10 + rng() % (row.size() - 10);
            if (rng() % 2 == 0 && changed[at] != ',' && changed[at] != '.') {
                changed[at] = not_digits[rng() % not_digits.size()];
            } else {
                const std::size_t cell = 1 + rng() % 5;
                std::size_t comma = 0;
                for (std::size_t c = 0; c < cell; ++c)
                    comma = changed.find(',', comma + 1);
                changed.insert(comma + 1, 1, '4');
            }
            buffer = changed + std::string(16, '7');
            const simd::LineMasks other = simd::scan_line(buffer.data(), changed.size());
            EXPECT_FALSE(simd::same_shape(other, plan)) << first << " / " << changed;
            ++refused;
        }
    }
    EXPECT_EQ(planned, 40'000);
    EXPECT_EQ(refused, 40'000);
}

TEST(DecimalSimd, NoPlanWhenACellIsLeftToTheScalarParser) {
    SKIP_WITHOUT_SIMD();
    simd::RowShape plan;
    ASSERT_EQ(convert_row("946684860,1.5,2,3,4,5", &plan).mask, 0b11111u);
    EXPECT_EQ(plan.count, 5u);
    // A cell of nine integer digits is the scalar parser's: the plan is dropped, and nothing,
    // not even an empty line, has the shape of no plan.
    EXPECT_EQ(convert_row("946684860,1.5,2,3,4,123456789", &plan).mask, 0b01111u);
    EXPECT_EQ(plan.length, simd::RowShape::kNone);
    std::string empty(16, '\0');
    EXPECT_FALSE(simd::same_shape(simd::scan_line(empty.data(), 0), plan));
    EXPECT_FALSE(simd::same_shape(simd::scan_line(empty.data(), 0), simd::RowShape{}));
}

}  // namespace
}  // namespace dsl::runner
