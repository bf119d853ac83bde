// The decimal core (decimal/decimal.h): what parse() accepts and its exact values, rounding
// beyond the 8th decimal, the range, exponents only where the syntax has them, and format();
// then the properties that tie them together on random texts (round trips, moving the dot with
// an exponent, signs, zeros, rounding digits). The fast paths are compared with the core in
// tests/feed/decimal_fast_test.cpp, decimal_simd_test.cpp and tests/trace/json_line_test.cpp.
#include "decimal/decimal.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/support/decimal_texts.h"

namespace dsl::decimal {
namespace {

constexpr Syntax kExp = Syntax::with_exponent;

std::string show(std::optional<std::int64_t> raw) {
    return raw ? std::to_string(*raw) : "refused";
}

TEST(Decimal, ParsesThePlainFormExactly) {
    const std::pair<const char*, std::int64_t> cases[] = {
        {"0", 0},
        {"-0", 0},
        {"+0", 0},
        {"100", 10'000'000'000},
        {"100.", 10'000'000'000},
        {".25", 25'000'000},
        {"-.5", -50'000'000},
        {"2.179012", 217'901'200},
        {"+3.00000001", 300'000'001},
        {"0.00000001", 1},
        {"007.50", 750'000'000},
        {"000000000000000000000000001", 100'000'000},
        {"12345678.12345678", 1'234'567'812'345'678},
        {"92233720368.54775807", kMaxRaw},
        {"-92233720368.54775807", -kMaxRaw},
    };
    for (const auto& [text, raw] : cases) {
        EXPECT_EQ(show(parse(text)), std::to_string(raw)) << text;
        EXPECT_EQ(show(parse(text, kExp)), std::to_string(raw)) << text;
    }
}

TEST(Decimal, RoundsTheNinthDecimalHalfAwayFromZero) {
    EXPECT_EQ(parse("0.000000015"), 2);
    EXPECT_EQ(parse("0.000000014999"), 1);
    EXPECT_EQ(parse("-0.000000015"), -2);
    EXPECT_EQ(parse("0.000000005"), 1);
    EXPECT_EQ(parse("0.0000000049999999999"), 0);
    EXPECT_EQ(parse("0.999999995"), kScale);
    EXPECT_EQ(parse("92233720368.547758074"), kMaxRaw);  // rounds down into the range
}

TEST(Decimal, RefusesMalformedAndOutOfRange) {
    for (const char* bad :
         {"",    "-",   "+",    ".",   "-.",  "..5",  "1.2.3", "1,5",   " 1", "1 ",
          "--1", "+-1", "0x10", "nan", "inf", "null", "\"1\"", "1_000", "$1", "1.5x"}) {
        EXPECT_EQ(show(parse(bad)), "refused") << bad;
        EXPECT_EQ(show(parse(bad, kExp)), "refused") << bad;
    }
    // Out of range, also after rounding.
    for (const char* big :
         {"92233720368.54775808", "-92233720368.54775808", "92233720368.547758075", "92233720369",
          "100000000000", "99999999999999999999999999"}) {
        EXPECT_EQ(show(parse(big)), "refused") << big;
        EXPECT_EQ(show(parse(big, kExp)), "refused") << big;
    }
}

TEST(Decimal, ExponentsOnlyWithTheirSyntax) {
    const std::pair<const char*, std::int64_t> cases[] = {
        {"1e2", 10'000'000'000}, {"1.5E-3", 150'000},
        {"25e-10", 0},           {"5e-9", 1},
        {"-5e-9", -1},           {"1e-400", 0},
        {"0e999999999", 0},      {"0.1e1", 100'000'000},
        {"1E+1", 1'000'000'000}, {"9223372036854775807e-8", kMaxRaw},
    };
    for (const auto& [text, raw] : cases) {
        EXPECT_EQ(show(parse(text, kExp)), std::to_string(raw)) << text;
        EXPECT_EQ(show(parse(text)), "refused") << text;
    }
    for (const char* bad : {"1e", "1e+", "1e-", "1ex", "1e-x", "e5", ".e5", "1e5.5", "1e11",
                            "1e999999999", "9223372036854775808e-8"}) {
        EXPECT_EQ(show(parse(bad, kExp)), "refused") << bad;
    }
}

TEST(Decimal, FormatsTheExactValueWithoutTrailingZeros) {
    EXPECT_EQ(format(217'901'200), "2.179012");
    EXPECT_EQ(format(10'000'000'000), "100");
    EXPECT_EQ(format(-50'000'000), "-0.5");
    EXPECT_EQ(format(1), "0.00000001");
    EXPECT_EQ(format(-1), "-0.00000001");
    EXPECT_EQ(format(0), "0");
    EXPECT_EQ(format(kMaxRaw), "92233720368.54775807");
    EXPECT_EQ(format(-kMaxRaw), "-92233720368.54775807");
    EXPECT_EQ(format(kNanRaw), "nan");
}

TEST(Decimal, FormatAndParseRoundTrip) {
    std::mt19937_64 rng(1);
    for (int i = 0; i < 200'000; ++i) {
        auto raw = static_cast<std::int64_t>(rng() >> (rng() % 64));
        if (i % 2 == 1) raw = -raw;
        if (raw == kNanRaw) continue;
        const std::string text = format(raw);
        ASSERT_EQ(parse(text), raw) << text;
        ASSERT_EQ(parse(text, kExp), raw) << text;
        // The shortest exact text: no trailing zero after a dot, at most 8 decimals.
        const std::size_t dot = text.find('.');
        if (dot != std::string::npos) {
            ASSERT_NE(text.back(), '0') << text;
            ASSERT_LE(text.size() - dot - 1, static_cast<std::size_t>(kDecimals)) << text;
        }
    }
}

// digits with the dot before digit `at` (0: ".123", size: "123."; npos: no dot).
std::string with_dot(const std::string& digits, std::size_t at) {
    if (at == std::string::npos) return digits;
    return digits.substr(0, at) + "." + digits.substr(at);
}

TEST(Decimal, AnExponentMovesTheDot) {
    // D x 10^e written with an exponent equals the same digits with the dot moved e places
    // (zeros added where it moves past the digits): the exponent is only notation.
    std::mt19937_64 rng(2);
    for (int i = 0; i < 200'000; ++i) {
        std::string digits;
        for (std::size_t n = 1 + rng() % 22; n > 0; --n)
            digits += static_cast<char>('0' + rng() % 10);
        const auto at = static_cast<long long>(rng() % (digits.size() + 1));
        const long long e = static_cast<long long>(rng() % 61) - 30;
        const std::string scientific =
            with_dot(digits, static_cast<std::size_t>(at)) + "e" + std::to_string(e);
        // The dot at at + e: pad with zeros on the side it leaves the digits.
        std::string moved = digits;
        long long dot = at + e;
        if (dot < 0) {
            moved.insert(0, static_cast<std::size_t>(-dot), '0');
            dot = 0;
        }
        if (dot > static_cast<long long>(moved.size()))
            moved.resize(static_cast<std::size_t>(dot), '0');
        const std::string plain = with_dot(moved, static_cast<std::size_t>(dot));
        ASSERT_EQ(show(parse(scientific, kExp)), show(parse(plain))) << scientific << " " << plain;
    }
}

TEST(Decimal, SignsAndZerosKeepTheValue) {
    std::mt19937_64 rng(3);
    for (int i = 0; i < 200'000; ++i) {
        const std::string text = test::random_decimal_text(rng);
        const std::optional<std::int64_t> value = parse(text);
        if (text.empty() || text[0] == '-' || text[0] == '+') continue;
        ASSERT_EQ(show(parse("+" + text)), show(value)) << text;
        ASSERT_EQ(show(parse("-" + text)), show(value ? std::optional(-*value) : value)) << text;
        if (!value) continue;  // (zeros could complete a text: "." is refused, "000." is 0)
        ASSERT_EQ(parse("000" + text), value) << text;
        if (text.find('.') != std::string::npos) {
            ASSERT_EQ(parse(text + "000"), value) << text;
        }
    }
}

TEST(Decimal, PlainDecimalsOfAtMostEightPlacesAreExact) {
    // An independent computation for texts that need no rounding: int x 10^8 + frac x 10^(8-k).
    std::mt19937_64 rng(4);
    for (int i = 0; i < 200'000; ++i) {
        const std::uint64_t units = rng() % 92'233'720'368;
        const std::size_t places = rng() % 9;
        std::uint64_t frac = 0;
        std::string frac_text;
        for (std::size_t k = 0; k < places; ++k) {
            const auto d = static_cast<unsigned>(rng() % 10);
            frac = frac * 10 + d;
            frac_text += static_cast<char>('0' + d);
        }
        for (std::size_t k = places; k < static_cast<std::size_t>(kDecimals); ++k)
            frac *= 10;
        const std::string text = std::to_string(units) + "." + frac_text;
        ASSERT_EQ(parse(text),
                  static_cast<std::int64_t>(units) * kScale + static_cast<std::int64_t>(frac))
            << text;
    }
}

TEST(Decimal, DigitsBeyondTheEighthRoundOnTheFirstOfThem) {
    // x followed by more digits is x, or x plus one unit away from zero when the first of them
    // is 5 or more, whatever comes after it.
    std::mt19937_64 rng(5);
    for (int i = 0; i < 200'000; ++i) {
        std::string x = std::to_string(rng() % 10'000'000'000) + ".";
        for (int k = 0; k < kDecimals; ++k)
            x += static_cast<char>('0' + rng() % 10);
        std::string rest;
        for (std::size_t n = 1 + rng() % 12; n > 0; --n)
            rest += static_cast<char>('0' + rng() % 10);
        const bool up = rest[0] >= '5';
        const bool negative = i % 2 == 1;
        const std::string sign = negative ? "-" : "";
        const std::int64_t base = *parse(sign + x);
        ASSERT_EQ(parse(sign + x + rest), base + (up ? (negative ? -1 : 1) : 0)) << x << rest;
    }
}

TEST(Decimal, EveryTextIsRefusedOrInRange) {
    // Never the NaN value, never a crash, on the edge texts and random ones, in both syntaxes;
    // without an exponent the two syntaxes agree.
    std::mt19937_64 rng(6);
    std::vector<std::string> texts = test::decimal_edge_texts();
    for (int i = 0; i < 500'000; ++i)
        texts.push_back(test::random_decimal_text(rng));
    for (const std::string& text : texts) {
        const std::optional<std::int64_t> plain = parse(text);
        const std::optional<std::int64_t> exp = parse(text, kExp);
        ASSERT_NE(plain.value_or(0), kNanRaw) << text;
        ASSERT_NE(exp.value_or(0), kNanRaw) << text;
        if (text.find_first_of("eE") == std::string::npos) {
            ASSERT_EQ(show(plain), show(exp)) << text;
        } else {
            ASSERT_FALSE(plain.has_value()) << text;
        }
    }
}

}  // namespace
}  // namespace dsl::decimal
