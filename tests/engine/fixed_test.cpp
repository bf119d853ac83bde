// Fixed-point arithmetic: exact parsing and printing, rounding rules, range and NaN handling.
#include "engine/fixed.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "engine/rng.h"

namespace dsl::engine {
namespace {

TEST(Fixed, ParsesAndPrintsExactly) {
    EXPECT_EQ(fx("2.179012").raw(), 217'901'200);
    EXPECT_EQ(fx("2.179012").to_string(), "2.179012");
    EXPECT_EQ(fx("-0.5").to_string(), "-0.5");
    EXPECT_EQ(fx("100").to_string(), "100");
    EXPECT_EQ(fx("100.").to_string(), "100");
    EXPECT_EQ(fx(".25").to_string(), "0.25");
    EXPECT_EQ(fx("+3.00000001").raw(), 300'000'001);
    EXPECT_EQ(fx("0.00000001").to_string(), "0.00000001");
    EXPECT_EQ(fx("-92233720368.54775807").raw(), -std::numeric_limits<std::int64_t>::max());
}

TEST(Fixed, ParseRoundsTheNinthDecimalHalfAwayFromZero) {
    EXPECT_EQ(fx("0.000000015").raw(), 2);
    EXPECT_EQ(fx("0.000000014999").raw(), 1);
    EXPECT_EQ(fx("-0.000000015").raw(), -2);
    EXPECT_EQ(fx("0.999999995").to_string(), "1");
}

TEST(Fixed, ParseRejectsMalformedAndOutOfRange) {
    for (const char* bad : {"", "-", ".", "1.2.3", "1e5", "abc", " 1", "1 ", "--1", "0x10"}) {
        EXPECT_FALSE(Fixed::parse(bad).has_value()) << bad;
    }
    EXPECT_FALSE(Fixed::parse("92233720368.54775808").has_value());
    EXPECT_FALSE(Fixed::parse("100000000000").has_value());
    EXPECT_THROW(fx("nope"), std::invalid_argument);
}

TEST(Fixed, MultiplicationRoundsHalfAwayFromZero) {
    // 2.179012 * 0.98 = 2.13543176 exactly.
    EXPECT_EQ((fx("2.179012") * fx("0.98")).to_string(), "2.13543176");
    // 0.00000001 * 0.5 = 0.000000005 -> 0.00000001 (half away from zero), and its negative.
    EXPECT_EQ((fx("0.00000001") * fx("0.5")).raw(), 1);
    EXPECT_EQ((fx("-0.00000001") * fx("0.5")).raw(), -1);
    // 0.00000001 * 0.49999999 rounds down to zero.
    EXPECT_EQ((fx("0.00000001") * fx("0.49999999")).raw(), 0);
    EXPECT_EQ((fx(100) * fx("40.369999")).to_string(), "4036.9999");
}

TEST(Fixed, DivisionRoundsHalfAwayFromZero) {
    EXPECT_EQ((fx(1) / fx(3)).to_string(), "0.33333333");
    EXPECT_EQ((fx(2) / fx(3)).to_string(), "0.66666667");
    EXPECT_EQ((fx(-2) / fx(3)).to_string(), "-0.66666667");
    EXPECT_EQ((fx("0.00000001") / fx(2)).raw(), 1);
    EXPECT_THROW(fx(1) / Fixed(), std::domain_error);
    // By one (its own shortcut): the value itself, down to the smallest; NaN still refused
    // as every arithmetic on it is.
    EXPECT_EQ(fx("-2.12345678") / fx(1), fx("-2.12345678"));
    EXPECT_EQ(Fixed::min() / fx(1), Fixed::min());
    EXPECT_THROW(Fixed::nan() / fx(1), std::overflow_error);
}

TEST(Fixed, DirectedRoundingToSteps) {
    EXPECT_EQ(fx("363.012").floor_to(fx(1)), fx(363));
    EXPECT_EQ(fx("-363.012").floor_to(fx(1)), fx(-364));
    EXPECT_EQ(fx("2.1234565").ceil_to(fx("0.000001")), fx("2.123457"));
    EXPECT_EQ(fx("2.1234565").round_to(fx("0.000001")), fx("2.123457"));
    EXPECT_EQ(fx("2.1234564").round_to(fx("0.000001")), fx("2.123456"));
    EXPECT_EQ(fx("36301200").mul_floor(fx("0.00001")), fx("363.012"));
    EXPECT_TRUE(fx("2.179012").is_multiple_of(fx("0.000001")));
    EXPECT_FALSE(fx("2.1790125").is_multiple_of(fx("0.000001")));
}

TEST(Fixed, FromDoubleUsesTheShortestDecimal) {
    EXPECT_EQ(Fixed::from_double(0.1), fx("0.1"));
    EXPECT_EQ(Fixed::from_double(2.179012), fx("2.179012"));
    EXPECT_EQ(Fixed::from_double(-40.369999), fx("-40.369999"));
    EXPECT_EQ(Fixed::from_double(0.123456785), fx("0.12345679"));
    EXPECT_EQ(Fixed::from_double(1e-12), Fixed());
    EXPECT_TRUE(Fixed::from_double(std::numeric_limits<double>::quiet_NaN()).is_nan());
    EXPECT_TRUE(Fixed::from_double(std::numeric_limits<double>::infinity()).is_nan());
    EXPECT_TRUE(Fixed::from_double(1e12).is_nan());
    EXPECT_DOUBLE_EQ(fx("2.179012").to_double(), 2.179012);
}

TEST(Fixed, FromDoubleOfAWholeNumberIsExact) {
    // The whole-number shortcut gives what the decimal text gives, up to the range's edge.
    std::mt19937_64 rng(3);
    for (int i = 0; i < 100'000; ++i) {
        const auto n = static_cast<std::int64_t>(rng() % 92'000'000'000) * (i % 2 == 0 ? 1 : -1);
        ASSERT_EQ(Fixed::from_double(static_cast<double>(n)), fx(std::to_string(n))) << n;
    }
    for (double v :
         {1.0, -1.0, 100.0, 91'999'999'999.0, -91'999'999'999.0, 4503599627370496.0 / 65536})
        EXPECT_EQ(Fixed::from_double(v),
                  *Fixed::parse(std::to_string(static_cast<std::int64_t>(v))))
            << v;
    EXPECT_TRUE(Fixed::from_double(92'000'000'000.0).is_nan());  // the range's guard comes first
    EXPECT_EQ(Fixed::from_double(-0.0), Fixed());
    EXPECT_EQ(Fixed::from_double(100.5), fx("100.5"));  // not whole: through the text
}

TEST(Fixed, OverflowThrowsInsteadOfWrapping) {
    EXPECT_THROW(Fixed::max() + fx("0.00000001"), std::overflow_error);
    EXPECT_THROW(Fixed::min() - fx("0.00000001"), std::overflow_error);
    EXPECT_THROW(fx(1'000'000) * fx(1'000'000), std::overflow_error);
    EXPECT_THROW(Fixed::from_int(100'000'000'000), std::overflow_error);
    EXPECT_NO_THROW(fx(1'000'000) * fx(10'000));
    // NaN times one is refused like NaN times any whole number, not passed through.
    EXPECT_THROW(Fixed::nan() * fx(1), std::overflow_error);
    EXPECT_THROW(fx(1) * Fixed::nan(), std::overflow_error);
    EXPECT_EQ(Fixed::max() * fx(1), Fixed::max());
    EXPECT_EQ(fx(1) * Fixed::min(), Fixed::min());
}

// The whole-number fast paths must round exactly like the general 128-bit path.
TEST(Fixed, FastPathsAgreeWithExactRounding) {
    auto reference_mul = [](std::int64_t a, std::int64_t b) {
        __int128 n = static_cast<__int128>(a) * b;
        __int128 q = n / Fixed::kScale, r = n % Fixed::kScale;
        if ((r < 0 ? -r : r) * 2 >= Fixed::kScale) q += n < 0 ? -1 : 1;
        return static_cast<std::int64_t>(q);
    };
    auto reference_div = [](std::int64_t a, std::int64_t b) {
        __int128 n = static_cast<__int128>(a) * Fixed::kScale;
        __int128 q = n / b, r = n % b;
        if ((r < 0 ? -r : r) * 2 >= (b < 0 ? -b : b)) q += ((n < 0) != (b < 0)) ? -1 : 1;
        return static_cast<std::int64_t>(q);
    };
    SplitMix64 rng(42);
    for (int i = 0; i < 100'000; ++i) {
        auto a = static_cast<std::int64_t>(rng.next() % 2'000'000'000'000) - 1'000'000'000'000;
        auto k = static_cast<std::int64_t>(rng.next() % 20'001) - 10'000;
        Fixed x = Fixed::from_raw(a);
        Fixed whole = Fixed::from_int(k);
        Fixed frac = Fixed::from_raw(k * 12'345 + 1);
        EXPECT_EQ((x * whole).raw(), reference_mul(a, whole.raw()));
        EXPECT_EQ((whole * x).raw(), reference_mul(a, whole.raw()));
        EXPECT_EQ((x * frac).raw(), reference_mul(a, frac.raw()));
        EXPECT_EQ((x * fx(1)).raw(), a);  // the by-one path
        EXPECT_EQ((fx(1) * x).raw(), a);
        if (k != 0) {
            EXPECT_EQ((x / whole).raw(), reference_div(a, whole.raw()));
            EXPECT_EQ((x / frac).raw(), reference_div(a, frac.raw()));
        }
    }
}

TEST(Fixed, NanIsDistinctAndOrdered) {
    EXPECT_TRUE(Fixed::nan().is_nan());
    EXPECT_FALSE(Fixed::nan().is_negative());
    EXPECT_FALSE(Fixed().is_nan());
    EXPECT_EQ(Fixed::nan().to_string(), "nan");
    EXPECT_LT(fx(-1), fx(0));
    EXPECT_EQ(max(fx(1), fx(2)), fx(2));
    EXPECT_EQ(min(fx(1), fx(2)), fx(1));
}

}  // namespace
}  // namespace dsl::engine
