// Strategy sources of several shapes and any size, generated, for the compile benchmark
// (bench/compile/run.sh, through gen_source.cpp) and the front end's scaling tests
// (tests/compile/scaling_test.cpp). Header-only and standalone: the generator program is
// built without the project. Each shape grows by repeating one unit:
//   chain          one flat `1 + 2 - 3 ...` expression: a term a unit (past 1000 terms it is
//                  refused as nested too deeply, after being parsed whole)
//   expressions    statements of 100-term flat expressions: a statement a unit
//   statements     short assignments in one function
//   calls          indicator calls in on_bar, each its own call site
//   type_errors    `let aN: int = "x"`: an error and a warning a unit
//   unknown_names  a local and a use of an unknown name beside it, for "did you mean"
//   functions      functions with an indicator call, each called twice from on_bar (a
//                  warning each)
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace dsl::test {

enum class Shape { chain, expressions, statements, calls, type_errors, unknown_names, functions };

inline constexpr std::array<Shape, 7> kAllShapes = {
    Shape::chain,       Shape::expressions,   Shape::statements, Shape::calls,
    Shape::type_errors, Shape::unknown_names, Shape::functions};

inline std::string_view shape_name(Shape s) {
    constexpr std::array<std::string_view, 7> kNames = {
        "chain", "expressions", "statements", "calls", "type_errors", "unknown_names", "functions"};
    return kNames[size_t(s)];
}

inline std::string generated_source(Shape shape, size_t units) {
    std::string out;
    auto n = [](size_t i) { return std::to_string(i); };
    switch (shape) {
        case Shape::chain:
            out += "on_start() {\n    let x = 1";
            for (size_t i = 1; i < units; ++i)
                out += (i % 2 ? " + " : " - ") + n(i % 9 + 1);
            out += "\n    log(\"{}\", x)\n}\n";
            break;
        case Shape::expressions:
            out += "on_start() {\n    let x = 0\n";
            for (size_t i = 0; i < units; ++i) {
                out += "    x = x";
                for (size_t t = 0; t < 100; ++t)
                    out += (t % 2 ? " - " : " + ") + n((i + t) % 9 + 1);
                out += "\n";
            }
            out += "    log(\"{}\", x)\n}\n";
            break;
        case Shape::statements:
            out += "on_start() {\n    let x = 0\n";
            for (size_t i = 0; i < units; ++i)
                out += "    x = x * 3 + " + n(i % 7) + "\n";
            out += "    log(\"{}\", x)\n}\n";
            break;
        case Shape::calls:
            out += "on_bar(s: symbol) {\n    let x = 0.0\n";
            for (size_t i = 0; i < units; ++i)
                out += "    x += sma(close(s), " + n(10 + i % 5) + ")\n";
            out += "    log(\"{}\", x)\n}\n";
            break;
        case Shape::type_errors:
            out += "on_start() {\n";
            for (size_t i = 0; i < units; ++i)
                out += "    let a" + n(i) + ": int = \"x\"\n";
            out += "}\n";
            break;
        case Shape::unknown_names:
            out += "on_start() {\n";
            for (size_t i = 0; i < units; ++i)
                out +=
                    "    let v" + n(i) + " = 1\n    log(\"{}\", w" + n(i) + " + v" + n(i) + ")\n";
            out += "}\n";
            break;
        case Shape::functions:
            for (size_t i = 0; i < units; ++i)
                out += "fn f" + n(i) + "(s: symbol) -> float {\n    return sma(close(s), 10)\n}\n";
            out += "on_bar(s: symbol) {\n    let x = 0.0\n";
            for (size_t i = 0; i < units; ++i)
                out += "    x += f" + n(i) + "(s) + f" + n(i) + "(s)\n";
            out += "    log(\"{}\", x)\n}\n";
            break;
    }
    return out;
}

// A source of the shape of about `bytes` bytes (within one unit).
inline std::string generated_source_of_size(Shape shape, size_t bytes) {
    const size_t sample = 1000;
    size_t per_thousand = generated_source(shape, sample).size();
    return generated_source(shape, bytes * sample / per_thousand);
}

}  // namespace dsl::test
