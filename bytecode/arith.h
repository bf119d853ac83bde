// The arithmetic of the language, defined once: every integer and float operation, comparison
// and conversion that an instruction performs (opcodes.def), as a function. The interpreter
// runs each arithmetic instruction through its function here, and the compiler's constant
// folding (compiler/fold.cpp) evaluates a constant expression with the same functions on the
// same opcodes, so a value computed at compile time is bit for bit the one the VM computes,
// and an operation that fails fails with the same Fault (docs/language.md, "Arithmetic").
//
// The rules:
// - int is 64-bit two's complement and never wraps: a +, -, * or unary - whose result is
//   outside [INT64_MIN, INT64_MAX] is an overflow, and so is INT64_MIN / -1. Division
//   truncates toward zero; x % y takes the sign of x, with x == (x / y) * y + x % y.
//   x % -1 is 0 for every x, INT64_MIN included: the remainder exists even where the
//   quotient overflows. Division and modulo by zero fail.
// - float is IEEE 754 binary64 with rounding to nearest, and never fails: x / 0.0 is ±inf
//   (na for 0.0 / 0.0), x % y is C's fmod (the sign of x; na when y is 0 or x infinite),
//   -x flips the sign (so -0.0 is distinct from 0.0), and na propagates.
// - Comparisons: ints exactly; floats by IEEE, so every comparison with na is false except
//   !=, which is true. An int compared with a float is converted to float first.
// - int -> float rounds to nearest (exact up to 2^53 in magnitude). float -> int truncates
//   toward zero; na and values outside [-2^63, 2^63) fail.
//
// The functions are inline and free of side effects; a Fault is returned, never thrown, so
// that the VM decides how to raise it (a runtime error) and the compiler how to report it (a
// compile error at the operator). fault_message() is the text of both.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

namespace dsl::arith {

enum class Fault : uint8_t {
    none,
    overflow,          // an int result out of range, INT64_MIN / -1
    division_by_zero,  // int x / 0
    modulo_by_zero,    // int x % 0
    na_to_int,         // int(na)
    out_of_int_range,  // int(x) for x outside [-2^63, 2^63)
};

// "integer overflow", "float 1e+300 is out of the int range", ...: the message of a runtime
// error, and of a compile error with " in a constant expression" after it. `operand` is the
// float that failed to convert (out_of_int_range only).
std::string fault_message(Fault f, double operand = 0);

namespace detail {
// 64-bit division is several times slower than 32-bit on x86-64: the short one is taken when
// both operands allow it (a divisor of -1 is handled before: INT32_MIN / -1 would trap).
inline bool fits32(int64_t v) {
    return uint64_t(v) + 0x80000000u <= 0xFFFFFFFFu;
}
}  // namespace detail

// ---- int

[[nodiscard]] inline Fault add_int(int64_t x, int64_t y, int64_t& out) {
    return __builtin_add_overflow(x, y, &out) ? Fault::overflow : Fault::none;
}

[[nodiscard]] inline Fault sub_int(int64_t x, int64_t y, int64_t& out) {
    return __builtin_sub_overflow(x, y, &out) ? Fault::overflow : Fault::none;
}

[[nodiscard]] inline Fault mul_int(int64_t x, int64_t y, int64_t& out) {
    return __builtin_mul_overflow(x, y, &out) ? Fault::overflow : Fault::none;
}

[[nodiscard]] inline Fault div_int(int64_t x, int64_t y, int64_t& out) {
    if (y == 0) [[unlikely]]
        return Fault::division_by_zero;
    if (y == -1) [[unlikely]] {
        if (x == INT64_MIN) return Fault::overflow;
        out = -x;
        return Fault::none;
    }
    out = detail::fits32(x) && detail::fits32(y) ? int32_t(x) / int32_t(y) : x / y;
    return Fault::none;
}

[[nodiscard]] inline Fault mod_int(int64_t x, int64_t y, int64_t& out) {
    if (y == 0) [[unlikely]]
        return Fault::modulo_by_zero;
    // x % -1 is 0 for every x; computing it would trap on INT64_MIN.
    out = y == -1 ? 0 : detail::fits32(x) && detail::fits32(y) ? int32_t(x) % int32_t(y) : x % y;
    return Fault::none;
}

[[nodiscard]] inline Fault neg_int(int64_t x, int64_t& out) {
    if (x == INT64_MIN) [[unlikely]]
        return Fault::overflow;
    out = -x;
    return Fault::none;
}

// ---- float

inline double add_float(double x, double y) {
    return x + y;
}
inline double sub_float(double x, double y) {
    return x - y;
}
inline double mul_float(double x, double y) {
    return x * y;
}
inline double div_float(double x, double y) {
    return x / y;
}
inline double mod_float(double x, double y) {
    return std::fmod(x, y);
}
inline double neg_float(double x) {
    return -x;
}

// ---- comparisons (`equal_int` compares every int-like value: bool, symbol, enum)

inline bool equal_int(int64_t x, int64_t y) {
    return x == y;
}
inline bool less_int(int64_t x, int64_t y) {
    return x < y;
}
inline bool less_equal_int(int64_t x, int64_t y) {
    return x <= y;
}
inline bool equal_float(double x, double y) {
    return x == y;
}
inline bool less_float(double x, double y) {
    return x < y;
}
inline bool less_equal_float(double x, double y) {
    return x <= y;
}

// ---- conversions

inline double int_to_float(int64_t x) {
    return double(x);
}

[[nodiscard]] inline Fault float_to_int(double x, int64_t& out) {
    // [-2^63, 2^63) converts exactly after truncation; everything else (na too) fails.
    if (!(x >= -0x1p63 && x < 0x1p63)) [[unlikely]]
        return std::isnan(x) ? Fault::na_to_int : Fault::out_of_int_range;
    out = int64_t(x);
    return Fault::none;
}

}  // namespace dsl::arith
