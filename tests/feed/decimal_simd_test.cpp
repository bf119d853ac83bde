// The 16-digit decimal conversion of the CSV fast path (feed/decimal_simd.h): the line
// masks, and every cell shape and random and edge texts against its slow path, the decimal
// core (decimal::parse), whatever bytes follow the cell.
#include "feed/decimal_simd.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "decimal/decimal.h"
#include "feed_test_util.h"
#include "tests/support/decimal_texts.h"

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
        std::string buffer = line + ".,.,.,.,.,.,.,.,";  // commas and dots past it never count
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

TEST(DecimalSimd, EveryShapeAgreesWithTheCore) {
    SKIP_WITHOUT_SIMD();
    // Integer digits 0..10, fraction digits 0..10 (with and without a dot), random digits,
    // random bytes after the cell: converted exactly when the shape fits (at most 8 digits a
    // side, 16 bytes, one digit at least), and then to the core's value.
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
                const auto exact = decimal::parse(text);
                ASSERT_TRUE(exact.has_value()) << text;
                ASSERT_EQ(raw, *exact) << text;
            }
        }
    }
    // With a dot: ints 0..8 x fracs 0..8, less "." and the 17 bytes of 8 + 8; without: 1..8.
    EXPECT_EQ(converted, (9 * 9 - 2 + 8) * 50);
}

TEST(DecimalSimd, RandomAndEdgeTextsAgreeWithTheCore) {
    SKIP_WITHOUT_SIMD();
    // Every digit count, sign, exponent, junk and overflow: a cell is converted exactly when it
    // has a shape decimals() promises, and then to decimal::parse's value.
    std::mt19937_64 rng(9);
    std::vector<std::string> texts = dsl::test::decimal_edge_texts();
    for (int i = 0; i < 300'000; ++i)
        texts.push_back(dsl::test::random_decimal_text(rng));
    const std::string junk = "0123456789.,-+ eE\t\"x";
    int converted = 0;
    for (const std::string& text : texts) {
        if (text.find(',') != std::string::npos) continue;  // a comma ends the cell
        std::string after;
        for (int i = 0; i < 20; ++i)
            after += junk[rng() % junk.size()];
        std::int64_t raw = -1;
        const bool done = convert_first_cell(text, after, raw);
        const auto shape = dsl::test::plain_shape(text);
        ASSERT_EQ(done, shape && shape->ints <= 8 && shape->fracs <= 8 && text.size() <= 16)
            << text;
        if (!done) continue;
        ++converted;
        const auto exact = decimal::parse(text);
        ASSERT_TRUE(exact.has_value()) << text;
        ASSERT_EQ(raw, *exact) << text;
    }
    EXPECT_GT(converted, 50'000);
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

// decimals() of the five number cells of `row` with `plan` (none: nullptr). With `true_ends`
// false, every cell end given points at the line's start, as if every cell were empty: only
// the cells the plan converts can convert.
Converted convert_row(const std::string& row, simd::RowPlan* plan, bool true_ends = true) {
    std::string buffer = row + std::string(16, '7');
    const simd::LineMasks masks = simd::scan_line(buffer.data(), row.size());
    const char* ends[6];
    std::size_t n = 0;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (row[i] == ',') ends[n++] = buffer.data() + (true_ends ? i : 0);
    ends[n] = buffer.data() + (true_ends ? row.size() : 0);
    const std::uint8_t cells[5] = {1, 2, 3, 4, 5};
    Converted c;
    c.mask = simd::decimals(buffer.data(), masks, ends, cells, 5, c.raw, plan);
    return c;
}

// Any shape decimals() converts (at most 8 digits a side, 16 bytes, a digit at least) for the
// five cells of a row of at most 64 bytes.
void random_shape(std::mt19937_64& rng, std::pair<int, int> (&shape)[5]) {
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
}

TEST(DecimalSimd, APlanConvertsTheCellsItSharesWithTheRow) {
    SKIP_WITHOUT_SIMD();
    // Random shapes; for each, rows of that shape with new digits, and changed rows: a byte
    // of a number that is not a digit, or a digit more in one cell. With a plan carried from
    // row to row, every row converts as it does without one. A row of the plan's shape
    // converts all five cells without a look at where they end.
    std::mt19937_64 rng(13);
    const std::string not_digits = "-+ ex\"";
    int from_plan = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::pair<int, int> shape[5];
        random_shape(rng, shape);
        simd::RowPlan plan;
        for (int k = 0; k < 20; ++k) {
            const std::string row = row_of_shape(rng, shape);
            if (k > 0) {  // the plan is of the row before, of the same shape
                simd::RowPlan copy = plan;
                const Converted blind = convert_row(row, &copy, false);
                ASSERT_EQ(blind.mask, 0b11111u) << row;
                const Converted direct = convert_row(row, nullptr);
                for (int i = 0; i < 5; ++i)
                    ASSERT_EQ(blind.raw[i], direct.raw[i]) << row;
                ++from_plan;
            }
            std::string changed = row;
            const std::size_t at = 10 + rng() % (row.size() - 10);
            if (rng() % 2 == 0 && changed[at] != ',' && changed[at] != '.') {
                changed[at] = not_digits[rng() % not_digits.size()];
            } else if (changed.size() < 64) {  // a digit more in one cell
                const std::size_t cell = 1 + rng() % 5;
                std::size_t comma = 0;
                for (std::size_t c = 0; c < cell; ++c)
                    comma = changed.find(',', comma + 1);
                changed.insert(comma + 1, 1, '4');
            } else {  // a row of 64 bytes, the most a scan takes: a byte less in the first cell
                changed.erase(10, 1);
            }
            for (const std::string& r : {row, changed, row}) {
                const Converted with = convert_row(r, &plan);
                const Converted without = convert_row(r, nullptr);
                ASSERT_EQ(with.mask, without.mask) << r;
                for (int i = 0; i < 5; ++i) {
                    if (with.mask & (1u << i)) {
                        ASSERT_EQ(with.raw[i], without.raw[i]) << r;
                    }
                }
            }
        }
    }
    EXPECT_EQ(from_plan, 2000 * 19);
}

TEST(DecimalSimd, APlanKeepsOnlyTheCellsThatConverted) {
    SKIP_WITHOUT_SIMD();
    simd::RowPlan plan;
    // Nine integer digits are the scalar parser's: the volume is never planned, the prices are.
    ASSERT_EQ(convert_row("946684860,1.5,2,3,4,123456789", &plan).mask, 0b01111u);
    const Converted next = convert_row("946684920,2.5,3,4,5,987654321", &plan, false);
    EXPECT_EQ(next.mask, 0b01111u);
    EXPECT_EQ(next.raw[0], 250'000'000);
    EXPECT_EQ(next.raw[3], 500'000'000);
    // A longer volume: the prices still come from the plan, the volume is found again.
    ASSERT_EQ(convert_row("946684980,1.5,2,3,4,12345", &plan).mask, 0b11111u);
    const Converted longer = convert_row("946684980,1.5,2,3,4,123456", &plan);
    EXPECT_EQ(longer.mask, 0b11111u);
    EXPECT_EQ(longer.raw[4], 12'345'600'000'000);
    // A row of 64 bytes, the longest: its last cell ends at the last byte, and is planned too.
    std::string full = "946684860,12345678.1234567,1234567.1234567,12.5,1.25,1234567.";
    full += std::string(64 - full.size(), '9');
    ASSERT_EQ(full.size(), 64u);
    ASSERT_EQ(convert_row(full, &plan).mask, 0b11111u);
    full[63] = '8';
    EXPECT_EQ(convert_row(full, &plan, false).mask, 0b11111u);
    // The same with a plan that lacks a cell (nine integer digits): the others, the last one
    // included, still come from the plan.
    std::string partial = "946684860,123456789,1234567.1234567,12345.5,1.25,1234567.";
    partial += std::string(64 - partial.size(), '9');
    ASSERT_EQ(convert_row(partial, &plan).mask, 0b11110u);
    partial[63] = '8';
    EXPECT_EQ(convert_row(partial, &plan, false).mask, 0b11110u);
    // A fresh plan knows no cell: an empty row and a row of empty cells convert nothing.
    simd::RowPlan fresh;
    EXPECT_EQ(convert_row(",,,,,", &fresh).mask, 0u);
    EXPECT_EQ(convert_row("946684860,1,2,3,4,5", &fresh, false).mask, 0u);
}

}  // namespace
}  // namespace dsl::runner
