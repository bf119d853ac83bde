// The CSV fast path of decimals (feed/decimal_fast.h) against its slow path, the decimal core:
// on edge texts and random ones of every digit count, sign, exponent, junk and overflow, each
// fast conversion gives exactly decimal::parse's value when it takes a text, takes every text
// of the shapes it promises, and parse_decimal() gives the core's value or refusal for all.
// (The 16-digit variant is checked the same way in decimal_simd_test.cpp.)
#include "feed/decimal_fast.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "decimal/decimal.h"
#include "tests/support/decimal_texts.h"

namespace dsl::runner {
namespace {

std::vector<std::string> texts(std::uint64_t seed, int random_count) {
    std::mt19937_64 rng(seed);
    std::vector<std::string> out = dsl::test::decimal_edge_texts();
    for (int i = 0; i < random_count; ++i)
        out.push_back(dsl::test::random_decimal_text(rng));
    return out;
}

// What may follow a cell in a line: more cells, or bytes past the line's end.
std::string following(std::mt19937_64& rng) {
    static const std::string bytes = "0123456789.,-e x";
    std::string out;
    for (int i = 0; i < 16; ++i)
        out += bytes[rng() % bytes.size()];
    return out;
}

std::string show(std::optional<std::int64_t> raw) {
    return raw ? std::to_string(*raw) : "refused";
}

TEST(DecimalFast, ParseDecimalEqualsTheCore) {
    for (const std::string& text : texts(1, 500'000)) {
        const std::optional<engine::Fixed> fast = parse_decimal(text);
        const std::optional<std::int64_t> core = decimal::parse(text);
        ASSERT_EQ(show(fast ? std::optional(fast->raw()) : std::nullopt), show(core)) << text;
    }
}

TEST(DecimalFast, ShortDecimalEqualsTheCoreOrDeclines) {
    // A cell of 1 to 8 digits in at most 9 bytes, the dot (if any) within the first 8, is
    // converted; nothing else is; what is converted has the core's value.
    std::mt19937_64 rng(2);
    int converted = 0;
    for (const std::string& text : texts(3, 300'000)) {
        const std::string line = text + following(rng);
        std::int64_t raw = -7;
        const bool taken = fast::short_decimal(line.data(), line.data() + text.size(), raw);
        const auto shape = dsl::test::plain_shape(text);
        const bool promised = shape && text.size() <= 9 && shape->ints + shape->fracs <= 8 &&
                              (!shape->dot || shape->ints < 8);
        ASSERT_EQ(taken, promised) << text;
        if (!taken) {
            ASSERT_EQ(raw, -7) << text;  // untouched
            continue;
        }
        ++converted;
        ASSERT_EQ(show(raw), show(decimal::parse(text))) << text;
    }
    EXPECT_GT(converted, 10'000);
}

TEST(DecimalFast, PlainDecimalEqualsTheCoreOrDeclines) {
    // A cell ending at a comma or at the line's end, of at most 10 integer and 8 fraction digits,
    // is converted; nothing else is; what is converted has the core's value.
    std::mt19937_64 rng(4);
    int converted = 0;
    for (const std::string& text : texts(5, 300'000)) {
        const bool at_line_end = rng() % 2 == 0;
        const std::string line = at_line_end ? text : text + "," + following(rng);
        const char* const cell_end = line.data() + text.size();
        std::int64_t raw = -7;
        const char* const stop = fast::plain_decimal(line.data(), line.data() + line.size(), raw);
        const bool taken = stop == cell_end;
        const auto shape = dsl::test::plain_shape(text);
        ASSERT_EQ(taken, shape && shape->ints <= 10 && shape->fracs <= 8) << text;
        if (!taken) continue;
        ++converted;
        ASSERT_EQ(show(raw), show(decimal::parse(text))) << text;
    }
    EXPECT_GT(converted, 100'000);
}

}  // namespace
}  // namespace dsl::runner
