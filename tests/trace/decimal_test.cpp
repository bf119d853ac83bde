// The reader's Decimal: exact parsing of any JSON number text, the engine's rounding beyond 8
// decimals, the range limits, and formatting equal to the engine's Fixed.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/fixed.h"
#include "tests/trace/printers.h"
#include "trace/decimal.h"

namespace dsl::trace {
namespace {

std::int64_t raw(std::string_view text) {
    auto d = Decimal::parse(text);
    EXPECT_TRUE(d.has_value()) << text;
    return d ? d->raw() : -1;
}

TEST(TraceDecimal, ParsesExactly) {
    EXPECT_EQ(raw("0"), 0);
    EXPECT_EQ(raw("-0"), 0);
    EXPECT_EQ(raw("100"), 10'000'000'000);
    EXPECT_EQ(raw("2.179012"), 217'901'200);
    EXPECT_EQ(raw("-0.5"), -50'000'000);
    EXPECT_EQ(raw("0.00000001"), 1);
    EXPECT_EQ(raw("12345678.12345678"), 1'234'567'812'345'678);
    EXPECT_EQ(raw("92233720368.54775807"), INT64_MAX);
    EXPECT_EQ(raw("-92233720368.54775807"), -INT64_MAX);
    EXPECT_EQ(raw("000123.4500"), 12'345'000'000);
}

TEST(TraceDecimal, ExponentsAndRounding) {
    EXPECT_EQ(raw("1e2"), 10'000'000'000);
    EXPECT_EQ(raw("1.5E-3"), 150'000);
    EXPECT_EQ(raw("25e-10"), 0);  // 0.0000000025 rounds to 0.00000000
    EXPECT_EQ(raw("5e-9"), 1);    // half: away from zero
    EXPECT_EQ(raw("-5e-9"), -1);
    EXPECT_EQ(raw("0.123456784999"), 12'345'678);
    EXPECT_EQ(raw("0.123456785"), 12'345'679);
    EXPECT_EQ(raw("1e-400"), 0);
    EXPECT_EQ(raw("0e999999999"), 0);
    EXPECT_EQ(raw("0.1e1"), 100'000'000);
}

TEST(TraceDecimal, RefusesMalformedAndOutOfRange) {
    for (std::string_view bad : {"", "-", ".", "1.2.3", "abc", "1e", "1e+", "92233720368.54775808",
                                 "-92233720368.54775808", "1e11", "1e999999999", "0x10"}) {
        EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
    }
    EXPECT_FALSE(Decimal::from_int(92'233'720'369).has_value());
    EXPECT_EQ(Decimal::from_int(-3)->raw(), -300'000'000);
}

TEST(TraceDecimal, FormatsLikeTheEngine) {
    for (std::int64_t r = -2'000'000'011; r < 2'000'000'011; r += 7'777'777) {
        EXPECT_EQ(Decimal::from_raw(r).to_string(), engine::Fixed::from_raw(r).to_string());
        EXPECT_EQ(Decimal::parse(engine::Fixed::from_raw(r).to_string())->raw(), r);
    }
    EXPECT_EQ(Decimal::from_raw(INT64_MAX).to_string(), "92233720368.54775807");
    EXPECT_EQ(Decimal::nan().to_string(), "nan");
    EXPECT_TRUE(std::isnan(Decimal::nan().to_double()));
    EXPECT_DOUBLE_EQ(Decimal::from_raw(217'901'200).to_double(), 2.179012);
}

}  // namespace
}  // namespace dsl::trace
