// Texts for the differential tests of the decimal fast paths against the decimal core
// (decimal/decimal.h): edge cases, and random texts around every limit a fast path has - digit
// counts on both sides of the dot (up to 21 integer digits: 18 and 19 digit values and the
// range's edge), signs, exponents, leading and trailing junk, leading zeros, too many decimals
// with every rounding digit, and overflow.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace dsl::test {

inline std::vector<std::string> decimal_edge_texts() {
    return {"0",
            "1",
            "-0",
            "+0",
            "007",
            "1.",
            ".25",
            "-.5",
            "100.",
            "2.179012",
            "-2.5",
            "+3.00000001",
            "0.00000001",
            "0.000000015",
            "0.000000014999",
            "0.000000005",
            "0.000000004999",
            "0.999999995",
            "0.123456789",
            "9999999999",
            "9999999999.99999999",
            "9999999999.999999995",
            "10000000000",
            "99999999.99999999",
            "99999999.999999995",
            "12345678.12345678",
            "00000000001.5",
            "000000000000000000000000001",
            "92233720368.54775807",
            "92233720368.547758074",
            "92233720368.547758075",
            "92233720368.54775808",
            "-92233720368.54775807",
            "-92233720368.54775808",
            "92233720369",
            "922337203685477580",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "99999999999999999999",
            "1e5",
            "1E-8",
            "1e",
            "1e+",
            "1e-x",
            "5e-9",
            "-5e-9",
            "25e-10",
            "1e10",
            "1e11",
            "0e999999999",
            "1e-400",
            "0.1e1",
            "",
            "-",
            "+",
            ".",
            "..",
            "1.2.3",
            "1,5",
            " 1",
            "1 ",
            "\t1",
            "--1",
            "+-1",
            "0x10",
            "nan",
            "inf",
            "null",
            "\"1\"",
            "1_000",
            "$1",
            "1.5x",
            "\xD9\xA1"};
}

// A random text, most of them well-formed plain decimals of every length, some signed, some
// with an exponent, some with a byte of junk before or after or anywhere.
inline std::string random_decimal_text(std::mt19937_64& rng) {
    auto chance = [&](unsigned in) { return rng() % in == 0; };
    static const std::string junk = " \t\"x,.-+eE$_0";
    if (chance(20)) {  // anything from the number's alphabet and around it
        std::string text;
        for (std::size_t n = rng() % 24; n > 0; --n)
            text += chance(3) ? junk[rng() % junk.size()] : static_cast<char>('0' + rng() % 10);
        return text;
    }
    auto digits = [&](std::size_t count) {
        std::string out;
        const unsigned style = rng() % 8;  // random, all nines, zeros then random
        for (std::size_t i = 0; i < count; ++i) {
            char c = static_cast<char>('0' + rng() % 10);
            if (style == 0) c = '9';
            if (style == 1 && i < count / 2) c = '0';
            out += c;
        }
        return out;
    };
    std::string text;
    if (chance(30)) text += junk[rng() % junk.size()];
    if (chance(6)) text += chance(2) ? '-' : '+';
    // Integer digits: mostly 0-12, the rest up to 21 (past INT64_MAX's 19).
    text += digits(chance(4) ? rng() % 22 : rng() % 13);
    if (!chance(4)) {
        text += '.';
        // Fraction digits: mostly 0-9 (8 is the most kept), the rest up to 20.
        text += digits(chance(5) ? rng() % 21 : rng() % 10);
    }
    if (chance(10)) {
        text += chance(2) ? 'e' : 'E';
        if (chance(2)) text += chance(2) ? '-' : '+';
        text += digits(rng() % 4);
    }
    if (chance(30)) text += junk[rng() % junk.size()];
    if (chance(40) && !text.empty()) text[rng() % text.size()] = junk[rng() % junk.size()];
    return text;
}

// The digits before and after the dot of a text of the form `digits`, `digits.`, `.digits` or
// `digits.digits` (no sign, at least one digit): the canonical decimals the fast paths take,
// each up to its own digit counts. nullopt for any other text.
struct PlainShape {
    std::size_t ints = 0;
    std::size_t fracs = 0;
    bool dot = false;
};
inline std::optional<PlainShape> plain_shape(std::string_view text) {
    PlainShape shape;
    for (char c : text) {
        if (c == '.' && !shape.dot) {
            shape.dot = true;
        } else if (c >= '0' && c <= '9') {
            ++(shape.dot ? shape.fracs : shape.ints);
        } else {
            return std::nullopt;
        }
    }
    if (shape.ints + shape.fracs == 0) return std::nullopt;
    return shape;
}

}  // namespace dsl::test
