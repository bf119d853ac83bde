// The reader's two JSON paths: the fast scanner for the writer's canonical lines must build the
// same nodes as nlohmann::json and must hand everything else to it (the fuzzer checks the same
// on random lines).
#include <gtest/gtest.h>

#include <random>

#include "decimal/decimal.h"
#include "tests/support/decimal_texts.h"
#include "tests/trace/sample.h"
#include "trace/decimal.h"
#include "trace/json_line.h"

namespace dsl::trace::detail {
namespace {

void expect_same_nodes(const JsonLine& a, const JsonLine& b, std::string_view line) {
    ASSERT_EQ(a.size(), b.size()) << line;
    for (std::uint32_t i = 0; i < a.size(); ++i) {
        const JsonNode& x = a.node(i);
        const JsonNode& y = b.node(i);
        EXPECT_EQ(x.type, y.type) << line << " node " << i;
        EXPECT_EQ(x.negative, y.negative) << line << " node " << i;
        EXPECT_EQ(x.flag, y.flag) << line << " node " << i;
        EXPECT_EQ(x.end, y.end) << line << " node " << i;
        EXPECT_EQ(x.magnitude, y.magnitude) << line << " node " << i;
        EXPECT_EQ(a.key(x), b.key(y)) << line << " node " << i;
        EXPECT_EQ(a.text(x), b.text(y)) << line << " node " << i;
        if (x.has_decimal) {
            EXPECT_EQ(x.decimal_raw, Decimal::parse(a.text(x))->raw()) << line << " node " << i;
        }
    }
}

TEST(TraceJsonLine, CanonicalLinesTakeTheFastPathAndAgreeWithTheLibrary) {
    std::istringstream in(test::sample_trace());
    int fast = 0, slow = 0;
    for (std::string line; std::getline(in, line);) {
        JsonLine a, b;
        ASSERT_TRUE(b.parse_with_library(line)) << b.error();
        if (a.parse_canonical(line)) {
            ++fast;
            expect_same_nodes(a, b, line);
        } else {
            ++slow;  // escapes or non-ASCII text
            EXPECT_TRUE(line.find('\\') != std::string::npos ||
                        line.find('\xF0') != std::string::npos)
                << line;
        }
    }
    EXPECT_EQ(slow, 4);  // header, the log with an emoji, order_submitted's tag, the log's tab
    EXPECT_EQ(fast, 29);
}

TEST(TraceJsonLine, EdgeValuesAgree) {
    for (std::string_view line :
         {R"({"a":-0,"b":0,"c":-9223372036854775808,"d":18446744073709551615,"e":-0.0})",
          R"({"a":[],"b":{},"c":[[],{}],"d":[1,"x",null,true,false,{"k":[2]}]})", R"([])",
          R"({"":""})", R"({"a":1.5,"a":2})",
          R"({"a":92233720368.54775807,"b":-92233720368.54775807,"c":92233720368.54775808})",
          R"({"a":0.123456785,"b":-0.0,"c":12345678901234567890.5,"d":"0123456789abcdefghij"})"}) {
        JsonLine a, b;
        ASSERT_TRUE(a.parse_canonical(line)) << line;
        ASSERT_TRUE(b.parse_with_library(line)) << line;
        expect_same_nodes(a, b, line);
    }
}

TEST(TraceJsonLine, EverythingElseGoesToTheLibrary) {
    for (std::string_view line : {"01",
                                  "1",
                                  "\"s\"",
                                  "null",
                                  R"({"a":01})",
                                  R"({"a":1e5})",
                                  R"({"a":1.})",
                                  R"({"a":.5})",
                                  R"( {})",
                                  R"({} )",
                                  R"({"a" :1})",
                                  R"({"a":"\n"})",
                                  "{\"a\":\"\xC3\xA9\"}",
                                  R"({"a":1,})",
                                  R"([1,])",
                                  R"({"a":tru})",
                                  R"({"a":nul})",
                                  R"({"a":-})",
                                  R"({"a":18446744073709551616})",
                                  R"({"a":-9223372036854775809})",
                                  R"({"a":1}x)",
                                  R"({"a":1)",
                                  R"({"a")",
                                  R"({a:1})",
                                  R"([1 ])",
                                  R"({"a":1000000000000000000000000000000000000000.5})",
                                  "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]"}) {
        JsonLine a;
        EXPECT_FALSE(a.parse_canonical(line)) << line;
    }
}

// A JSON number with a fraction: -?(0|[1-9][0-9]*).[0-9]+ with up to 21 integer and 20
// fraction digits (18 and 19 digit values, the range's edge and past it, 9+ decimals).
std::string random_json_decimal(std::mt19937_64& rng) {
    std::string text = rng() % 4 == 0 ? "-" : "";
    const std::size_t ints = rng() % 22;
    text += ints == 0 ? '0' : static_cast<char>('1' + rng() % 9);
    for (std::size_t i = 1; i < ints; ++i)
        text += rng() % 5 == 0 ? '9' : static_cast<char>('0' + rng() % 10);
    text += '.';
    for (std::size_t n = 1 + (rng() % 3 == 0 ? rng() % 20 : rng() % 9); n > 0; --n)
        text += static_cast<char>('0' + rng() % 10);
    return text;
}

TEST(TraceJsonLine, DecimalsGetTheCoresExactValue) {
    // The scanner's exact value of a decimal (the reader's fast path) is the decimal core's
    // (decimal::parse with exponents, which Decimal::parse is), and it is there whenever the
    // core needs no rounding; other texts (exponents, signs, junk) are left to the library.
    std::mt19937_64 rng(8);
    std::vector<std::string> texts = dsl::test::decimal_edge_texts();
    for (int i = 0; i < 200'000; ++i)
        texts.push_back(i % 2 == 0 ? random_json_decimal(rng)
                                   : dsl::test::random_decimal_text(rng));
    int exact = 0;
    for (const std::string& text : texts) {
        const std::string line = "[" + text + "]";
        JsonLine j;
        if (!j.parse_canonical(line) || j.size() != 2 || j.node(1).type != JsonType::number)
            continue;
        const JsonNode& n = j.node(1);
        const std::optional<std::int64_t> core =
            decimal::parse(text, decimal::Syntax::with_exponent);
        const std::size_t places = text.size() - text.find('.') - 1;
        ASSERT_EQ(n.has_decimal, core.has_value() && places <= decimal::kDecimals) << text;
        if (!n.has_decimal) continue;
        ++exact;
        ASSERT_EQ(n.decimal_raw, *core) << text;
    }
    EXPECT_GT(exact, 50'000);
}

TEST(TraceJsonLine, LibraryErrorsAreReportedThroughParse) {
    JsonLine j;
    EXPECT_FALSE(j.parse(R"({"a":01})"));
    EXPECT_EQ(j.error(),
              "invalid JSON at column 7: syntax error while parsing object - unexpected number "
              "literal; expected '}'");
    EXPECT_TRUE(j.parse(R"({"a" : "\u00e9"})"));
    EXPECT_EQ(j.text(j.node(1)), "\xC3\xA9");
}

}  // namespace
}  // namespace dsl::trace::detail
