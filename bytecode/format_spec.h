// Format specifications of `format()` and `log()` placeholders: the part after the colon
// in "{:>10.2f}". Parsed by the compiler (to reject bad specs at compile time), stored as
// text in bytecode files, re-parsed by the loader and applied by the VM. One grammar:
//
//   spec   := [[fill] align] [sign] ["0"] [width] ["." precision] [type]
//   align  := "<" | ">" | "^"          sign := "+" | " "
//   width, precision := digits (at most 2 digits each)
//   "0" before the width pads numbers with zeros after their sign ({:05d} -> 00042, -0042)
//   type   := "d" (int) | "f" "e" "g" "%" (float) | "x" (int, hex) | "s" (any)
//
// An empty spec formats a value the way `str()` does: ints in decimal, floats in the
// shortest form that reads back exactly (na as "na"), bools as true/false, symbols and
// enum values by name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bytecode/types.h"

namespace dsl {

struct FormatSpec {
    std::string text;  // as written, without braces and colon: ">10.2f"
    char fill = ' ';
    char align = 0;  // 0 = natural: numbers right, text left
    char sign = 0;
    bool zero = false;  // "0": pad numbers with zeros between the sign and the digits
    int width = 0;
    int precision = -1;
    char type = 0;
    // For FMT_E: the enum whose value names are printed; unused otherwise.
    uint8_t enum_id = 0xFF;

    friend bool operator==(const FormatSpec&, const FormatSpec&) = default;
};

// nullopt with `error` set when the text is not a valid spec.
std::optional<FormatSpec> parse_format_spec(std::string_view text, std::string* error);

// Whether a value of type `t` may be formatted with this spec; an explanation if not.
bool spec_accepts(const FormatSpec& spec, Type t, std::string* why);

// Formatting primitives shared by the VM and the tests.
std::string format_int(int64_t v, const FormatSpec& spec);
std::string format_float(double v, const FormatSpec& spec);
std::string format_text(std::string_view text, const FormatSpec& spec);

}  // namespace dsl
