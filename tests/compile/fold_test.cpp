// Constant folding against the VM: every operator of the language, on edge values (the ends of
// the int range, -1, 0, na, infinities, -0.0, the floats around 2^63, ...), computed by the
// compiler as a constant and by the VM at run time, must give the same value bit for bit
// (any na matching any na) or fail with the same message (the compile error's being the
// runtime error's followed by " in a constant expression").
//
// Each operation is written four ways in one generated program per operator:
//   const R = (X) op (Y)               folded by the compiler (returned by a function)
//   fn run(a, b) { return a op b }     computed by the VM from arguments
//   fn lit() { return (X) op (Y) }     computed by the VM, the operands written as in the const
//   fn asg(a, b) { x = a; x op= b }    compound assignment, where its type allows
// A program whose constants fail does not compile: it is compiled once to collect the
// compile errors by line, then again without the failing constants, and run.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <map>

#include "compiler/compile.h"
#include "vm/vm.h"

namespace dsl {
namespace {

struct Operand {
    std::string source;  // as written in the program
    Type type;
    vm::Value value;
};

Operand int_operand(std::string source, int64_t v) {
    return {std::move(source), Type::int_(), vm::Value::from_int(v)};
}
Operand float_operand(std::string source, double v) {
    return {std::move(source), Type::float_(), vm::Value::from_float(v)};
}
Operand bool_operand(bool v) {
    return {v ? "true" : "false", Type::bool_(), vm::Value::from_bool(v)};
}

std::vector<Operand> int_operands() {
    return {int_operand("-9223372036854775808", INT64_MIN),
            int_operand("-9223372036854775807", INT64_MIN + 1),
            int_operand("-4294967296", -(int64_t(1) << 32)),
            int_operand("-2147483648", INT32_MIN),
            int_operand("-7", -7),
            int_operand("-1", -1),
            int_operand("0", 0),
            int_operand("1", 1),
            int_operand("7", 7),
            int_operand("2147483647", INT32_MAX),
            int_operand("9007199254740993", (int64_t(1) << 53) + 1),
            int_operand("9223372036854775807", INT64_MAX)};
}

std::vector<Operand> float_operands() {
    double inf = std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::max();
    return {float_operand("na", std::nan("")),
            float_operand("1e308 * 10.0", inf),
            float_operand("-(1e308 * 10.0)", -inf),
            float_operand("0.0", 0.0),
            float_operand("-0.0", -0.0),
            float_operand("5e-324", std::numeric_limits<double>::denorm_min()),
            float_operand("0.5", 0.5),
            float_operand("-2.5", -2.5),
            float_operand("1.0", 1.0),
            float_operand("-1.0", -1.0),
            float_operand("7.0", 7.0),
            float_operand("1.7976931348623157e308", max),
            float_operand("-1.7976931348623157e308", -max),
            float_operand("9223372036854775808.0", 0x1p63),
            float_operand("-9223372036854775808.0", -0x1p63),
            float_operand("9223372036854774784.0", 0x1p63 - 1024),
            float_operand("-9223372036854777856.0", -0x1p63 - 2048),
            float_operand("1e300", 1e300)};
}

std::string type_text(Type t) {
    switch (t.kind) {
        case TypeKind::Int:
            return "int";
        case TypeKind::Float:
            return "float";
        default:
            return "bool";
    }
}

// The outcome of one computation: its value's bits, or the message of its error.
struct Outcome {
    std::optional<uint64_t> bits;
    std::string error;
    bool is_float = false;

    bool operator==(const Outcome& o) const {
        if (bits.has_value() != o.bits.has_value()) return false;
        if (!bits) return error == o.error;
        if (is_float && std::isnan(std::bit_cast<double>(*bits)) &&
            std::isnan(std::bit_cast<double>(*o.bits)))
            return true;  // na is na whatever its bits: no operation tells them apart
        return *bits == *o.bits;
    }
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
    if (!o.bits) return os << "error \"" << o.error << "\"";
    if (o.is_float) return os << std::bit_cast<double>(*o.bits);
    return os << int64_t(*o.bits);
}

// One operation, as a constant expression and as the same expression on arguments.
struct Case {
    std::string constant;  // the operation on operands as written: `(1) + (na)`
    std::string params;    // `a: int, b: float`; empty: computed from `constant` alone
    std::string on_args;   // the operation on the parameters: `a + b`
    std::vector<vm::Value> args;
    Type result;
    std::string compound;  // the operator of `x op= b`, when that type-checks
};

std::string operand_text(const Operand& o) {
    return "(" + o.source + ")";
}

Case binary_case(const std::string& op, const Operand& x, const Operand& y, Type result,
                 bool compound) {
    return {operand_text(x) + " " + op + " " + operand_text(y),
            "a: " + type_text(x.type) + ", b: " + type_text(y.type),
            "a " + op + " b",
            {x.value, y.value},
            result,
            compound ? op : ""};
}

// `-x`, `not x`, `int(x)`, `float(x)`.
Case unary_case(const std::string& op, const Operand& x, Type result) {
    auto apply = [&](const std::string& a) {
        return op == "int" || op == "float" ? op + "(" + a + ")" : op + " " + a;
    };
    return {apply(operand_text(x)), "a: " + type_text(x.type), apply("a"), {x.value}, result, ""};
}

// The program that computes every case (those in `fold` also as constants), and the line of
// each constant.
std::string program(const std::vector<Case>& cases, const std::vector<bool>& fold,
                    std::map<uint32_t, size_t>* const_lines) {
    std::string src;
    uint32_t line = 1;
    auto add = [&](const std::string& text) {
        src += text + "\n";
        ++line;
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        std::string k = std::to_string(i), t = type_text(c.result);
        if (fold[i]) {
            if (const_lines) (*const_lines)[line] = i;
            add("const R" + k + " = " + c.constant);
            add("fn fold" + k + "() -> " + t + " { return R" + k + " }");
        }
        add("fn lit" + k + "() -> " + t + " { return " + c.constant + " }");
        if (c.params.empty()) continue;
        add("fn run" + k + "(" + c.params + ") -> " + t + " { return " + c.on_args + " }");
        if (c.compound.empty()) continue;
        add("fn asg" + k + "(" + c.params + ") -> " + t + " {");
        add("  let x = a");
        add("  x " + c.compound + "= b");
        add("  return x");
        add("}");
    }
    return src;
}

// Runs every computation of every case; the folded ones must agree with the VM's.
void check_cases(const std::vector<Case>& cases) {
    std::vector<bool> fold(cases.size(), true);
    std::map<uint32_t, size_t> const_lines;
    std::map<size_t, std::string> fold_errors;
    CompileResult first = compile(program(cases, fold, &const_lines), "fold.strat");
    for (const Diagnostic& d : first.diagnostics) {
        if (d.severity != Severity::Error) continue;
        auto c = const_lines.find(d.span.begin.line);
        ASSERT_NE(c, const_lines.end()) << "unexpected error: " << d.message;
        fold_errors[c->second] = d.message;
        fold[c->second] = false;
    }
    CompileResult compiled = compile(program(cases, fold, nullptr), "fold.strat");
    for (const Diagnostic& d : compiled.diagnostics)
        ASSERT_NE(d.severity, Severity::Error) << d.message;
    auto verified = vm::VerifiedModule::verify(std::move(*compiled.module));
    ASSERT_TRUE(std::holds_alternative<vm::VerifiedModule>(verified));
    const auto& module = std::get<vm::VerifiedModule>(verified);
    std::map<std::string, uint32_t> functions;
    for (uint32_t f = 0; f < module.module().functions.size(); ++f)
        functions[module.module().functions[f].name] = f;

    vm::Host host;
    auto vm = std::make_unique<vm::Vm>(module, host);
    auto run = [&](const std::string& fn, std::vector<vm::Value> args, bool is_float) {
        vm::Value result;
        vm::InvokeResult r = vm->call(functions.at(fn), args, &result);
        Outcome o{std::nullopt, "", is_float};
        if (r.ok())
            o.bits = result.bits();
        else
            o.error = r.error->message;
        if (!r.ok()) vm = std::make_unique<vm::Vm>(module, host);  // a VM stops at an error
        return o;
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        std::string k = std::to_string(i);
        bool is_float = c.result.kind == TypeKind::Float;
        Outcome computed = run(c.params.empty() ? "lit" + k : "run" + k, c.args, is_float);
        Outcome folded{std::nullopt, "", is_float};
        if (fold[i]) {
            folded = run("fold" + k, {}, is_float);
        } else {
            folded.error = fold_errors[i];
            std::string suffix = " in a constant expression";
            ASSERT_TRUE(folded.error.ends_with(suffix)) << folded.error;
            folded.error.resize(folded.error.size() - suffix.size());
        }
        EXPECT_EQ(folded, computed) << c.constant << ": folded, and computed by the VM";
        EXPECT_EQ(run("lit" + k, {}, is_float), computed) << c.constant << ": in code";
        if (!c.compound.empty()) {
            EXPECT_EQ(run("asg" + k, c.args, is_float), computed) << c.constant << ": as op=";
        }
    }
}

Type numeric_result(const Operand& x, const Operand& y) {
    return x.type.kind == TypeKind::Float || y.type.kind == TypeKind::Float ? Type::float_()
                                                                            : Type::int_();
}

// Every pair of numeric operands for operator `op`.
std::vector<Case> numeric_cases(const std::string& op, bool comparison) {
    std::vector<Operand> all = int_operands();
    for (const Operand& f : float_operands())
        all.push_back(f);
    std::vector<Case> cases;
    for (const Operand& x : all) {
        for (const Operand& y : all) {
            Type t = comparison ? Type::bool_() : numeric_result(x, y);
            cases.push_back(binary_case(op, x, y, t, !comparison && t == x.type));
        }
    }
    return cases;
}

class BinaryOperator : public testing::TestWithParam<std::string> {};

TEST_P(BinaryOperator, FoldsAsTheVmComputes) {
    const std::string& op = GetParam();
    bool arithmetic = op == "+" || op == "-" || op == "*" || op == "/" || op == "%";
    check_cases(numeric_cases(op, !arithmetic));
}

std::string operator_name(const testing::TestParamInfo<std::string>& info) {
    static const std::map<std::string, std::string> names = {
        {"+", "Add"}, {"-", "Sub"}, {"*", "Mul"}, {"/", "Div"}, {"%", "Mod"}, {"<", "Lt"},
        {"<=", "Le"}, {">", "Gt"},  {">=", "Ge"}, {"==", "Eq"}, {"!=", "Ne"}};
    return names.at(info.param);
}

INSTANTIATE_TEST_SUITE_P(Operators, BinaryOperator,
                         testing::Values("+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!="),
                         operator_name);

TEST(UnaryOperators, FoldAsTheVmComputes) {
    std::vector<Case> cases;
    for (const Operand& x : int_operands()) {
        cases.push_back(unary_case("-", x, Type::int_()));
        cases.push_back(unary_case("float", x, Type::float_()));
        cases.push_back(unary_case("int", x, Type::int_()));
    }
    for (const Operand& x : float_operands()) {
        cases.push_back(unary_case("-", x, Type::float_()));
        cases.push_back(unary_case("int", x, Type::int_()));
        cases.push_back(unary_case("float", x, Type::float_()));
    }
    for (bool b : {false, true})
        cases.push_back(unary_case("not", bool_operand(b), Type::bool_()));
    check_cases(cases);
}

TEST(LogicalOperators, FoldAsTheVmComputes) {
    std::vector<Case> cases;
    for (const std::string op : {"and", "or", "==", "!="}) {
        for (bool x : {false, true}) {
            for (bool y : {false, true})
                cases.push_back(
                    binary_case(op, bool_operand(x), bool_operand(y), Type::bool_(), false));
        }
    }
    check_cases(cases);
}

// The side of `?:`, `and` and `or` that is not taken is not evaluated, at compile time as at
// run time: an operation there that would fail is no error, and the side taken fails alike.
TEST(ConstantFolding, OnlyTheSidesTakenAreEvaluated) {
    std::vector<Case> cases;
    for (std::string d : {"0", "1"}) {
        std::string fails = "(1 / " + d + " == 1)";
        for (std::string e : {"false and " + fails, "true or " + fails, "true and " + fails,
                              "false or " + fails, d + " != 0 ? 7 / " + d + " : 0",
                              d + " == 0 ? 0 : 7 / " + d, d + " == 0 ? 7 / " + d + " : 0"})
            cases.push_back(
                {e, "", "", {}, e.find('?') != e.npos ? Type::int_() : Type::bool_(), ""});
    }
    check_cases(cases);
}

}  // namespace
}  // namespace dsl
