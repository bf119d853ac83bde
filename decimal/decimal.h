// The decimal core: the one definition of how exact decimal text becomes the project's number
// (a signed 64-bit count of 1e-8) and back. engine::Fixed and the trace reader's Decimal are
// both this number; every faster parser of it (the CSV fast paths in feed/decimal_fast.h and
// feed/decimal_simd.h, the trace scanner in trace/json_line.cpp) must give exactly what
// parse() gives, and tests and fuzzers compare them with it. It links nothing of the project,
// so that the engine and the trace reader, which must not depend on each other, can share it.
//
// The number: raw = value x 10^8 in an int64. The representable range is
// +/-92,233,720,368.54775807 (+/-INT64_MAX raw); the raw value INT64_MIN is reserved as "not a
// number" and is never the result of parse().
//
// Text: [+-]digits[.digits], at least one digit (`100`, `-2.5`, `.25`, `100.`, `007`), and with
// Syntax::with_exponent an optional exponent `e` or `E`, [+-], one or more digits (`1.5e-3`: any
// JSON number, as the trace holds them). Digits beyond the 8th decimal are rounded half away from
// zero (`0.000000015` is 2 raw). Anything else - spaces, a second dot, `nan`, thousands
// separators, a value outside the range after rounding - is refused.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace dsl::decimal {

inline constexpr int kDecimals = 8;
inline constexpr std::int64_t kScale = 100'000'000;  // 10^kDecimals
inline constexpr std::int64_t kNanRaw = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kMaxRaw = std::numeric_limits<std::int64_t>::max();

// 10^0 .. 10^18: every power of ten an int64 holds.
inline constexpr std::int64_t kPow10[19] = {1,
                                            10,
                                            100,
                                            1'000,
                                            10'000,
                                            100'000,
                                            1'000'000,
                                            10'000'000,
                                            100'000'000,
                                            1'000'000'000,
                                            10'000'000'000,
                                            100'000'000'000,
                                            1'000'000'000'000,
                                            10'000'000'000'000,
                                            100'000'000'000'000,
                                            1'000'000'000'000'000,
                                            10'000'000'000'000'000,
                                            100'000'000'000'000'000,
                                            1'000'000'000'000'000'000};

// Whether an exponent is part of the text's syntax: market data and configuration are plain
// decimals; JSON numbers may have one.
enum class Syntax : std::uint8_t { plain, with_exponent };

// The raw value of `text`, or nullopt when it is malformed or out of range.
std::optional<std::int64_t> parse(std::string_view text, Syntax syntax = Syntax::plain);

// The exact value without trailing zeros or exponent: "2.179012", "100", "-0.5", "0.00000001";
// "nan" for kNanRaw. parse(format(raw)) == raw for every other raw value.
std::string format(std::int64_t raw);

}  // namespace dsl::decimal
