// Constant folding: the value of an expression the compiler must know - a constant's value,
// an input's default, a history offset - computed exactly as the VM would compute it. Each
// operator is evaluated as the instruction the code generator emits for it
// (compiler/operators.h), through the function of bytecode/arith.h that the interpreter runs
// for that instruction, so a folded value is bit for bit the run-time one.
//
// An operation that would be a runtime error is a compile error with the runtime error's
// message and " in a constant expression", at the operator. The side of `?:`, `and` and `or`
// that the evaluation does not take must still be constant, but it is not evaluated and so
// cannot fail, as at run time: `const R = D != 0 ? N / D : 0` is 0 when D is 0.
//
// A concatenation longer than kMaxFileSize is a compile error too: the module that held it
// could not be loaded, and doubling a string a few dozen times would otherwise exhaust the
// compiler's memory. Folded strings are SharedStrings, so a constant used many times is
// stored once.
#include <cassert>

#include "bytecode/file_format.h"
#include "compiler/checker_impl.h"
#include "compiler/operators.h"

namespace dsl {
namespace {

Literal literal_of(Type t) {
    Literal l;
    l.type = t;
    return l;
}

// Instruction `op` (of one operand) on a constant, into `out`, whose type is set.
arith::Fault evaluate_unary(Op op, const Literal& x, Literal& out) {
    switch (op) {
        case Op::NEG_I:
            return arith::neg_int(x.i, out.i);
        case Op::NEG_F:
            out.f = arith::neg_float(x.f);
            break;
        case Op::NOT:
            out.i = !x.i;
            break;
        case Op::I2F:
            out.f = arith::int_to_float(x.i);
            break;
        case Op::F2I:
            return arith::float_to_int(x.f, out.i);
        default:
            assert(false && "not an instruction of one constant");
    }
    return arith::Fault::none;
}

// Instruction `op` (of two operands) on constants, into `out`, whose type is set.
arith::Fault evaluate_binary(Op op, const Literal& x, const Literal& y, Literal& out) {
    switch (op) {
        // clang-format off
        case Op::ADD_I: return arith::add_int(x.i, y.i, out.i);
        case Op::SUB_I: return arith::sub_int(x.i, y.i, out.i);
        case Op::MUL_I: return arith::mul_int(x.i, y.i, out.i);
        case Op::DIV_I: return arith::div_int(x.i, y.i, out.i);
        case Op::MOD_I: return arith::mod_int(x.i, y.i, out.i);
        case Op::ADD_F: out.f = arith::add_float(x.f, y.f); break;
        case Op::SUB_F: out.f = arith::sub_float(x.f, y.f); break;
        case Op::MUL_F: out.f = arith::mul_float(x.f, y.f); break;
        case Op::DIV_F: out.f = arith::div_float(x.f, y.f); break;
        case Op::MOD_F: out.f = arith::mod_float(x.f, y.f); break;
        case Op::EQ_Z: out.i = arith::equal_int(x.i, y.i); break;
        case Op::NE_Z: out.i = !arith::equal_int(x.i, y.i); break;
        case Op::LT_I: out.i = arith::less_int(x.i, y.i); break;
        case Op::LE_I: out.i = arith::less_equal_int(x.i, y.i); break;
        case Op::EQ_F: out.i = arith::equal_float(x.f, y.f); break;
        case Op::NE_F: out.i = !arith::equal_float(x.f, y.f); break;
        case Op::LT_F: out.i = arith::less_float(x.f, y.f); break;
        case Op::LE_F: out.i = arith::less_equal_float(x.f, y.f); break;
        case Op::EQ_S: out.i = x.s == y.s; break;
        case Op::NE_S: out.i = x.s != y.s; break;
        case Op::CONCAT: out.s = x.s.str() + y.s.str(); break;
        default: assert(false && "not an instruction of two constants");
            // clang-format on
    }
    return arith::Fault::none;
}

}  // namespace

std::optional<Literal> Checker::fold_constant(const ast::Expr& e) {
    auto t = a_.type_of(&e);
    if (!t) return std::nullopt;
    switch (e.kind) {
        case ast::ExprKind::Name: {
            auto ref = a_.names.find(&e);
            if (ref != a_.names.end() && ref->second.kind == NameRef::Kind::Constant)
                return ref->second.constant;
            return std::nullopt;
        }
        case ast::ExprKind::Field: {
            auto f = a_.fields.find(&e);
            if (f == a_.fields.end() || !f->second.is_enum_value) return std::nullopt;
            Literal l = literal_of(*t);
            l.i = f->second.ordinal;
            return l;
        }
        case ast::ExprKind::Unary:
            return fold_unary(e.as<ast::Unary>(), *t);
        case ast::ExprKind::Binary:
            return fold_binary(e.as<ast::Binary>(), *t);
        case ast::ExprKind::Ternary:
            return fold_ternary(e.as<ast::Ternary>(), *t);
        case ast::ExprKind::Call:
            return fold_conversion(e.as<ast::Call>(), *t);
        default:
            return literal_value(e);
    }
}

std::optional<Literal> Checker::fold_unevaluated(const ast::Expr& e) {
    ++unevaluated_;
    auto v = fold_constant(e);
    --unevaluated_;
    return v;
}

std::optional<Literal> Checker::fold_fault(arith::Fault f, double operand, Span at,
                                           Literal placeholder) {
    if (unevaluated_ > 0) return placeholder;  // constant, but never computed
    diags_.report(DiagKind::constant_fault, at, arith::fault_message(f, operand));
    return std::nullopt;
}

std::optional<Literal> Checker::fold_unary(const ast::Unary& e, Type t) {
    auto v = fold_constant(*e.operand);
    if (!v || e.op == ast::UnaryOp::Plus) return v;
    Literal out = literal_of(t);
    arith::Fault f = evaluate_unary(unary_instruction(e.op, v->type), *v, out);
    if (f != arith::Fault::none) return fold_fault(f, v->f, e.op_span, out);
    return out;
}

std::optional<Literal> Checker::fold_binary(const ast::Binary& e, Type t) {
    if (e.op == ast::BinaryOp::And || e.op == ast::BinaryOp::Or) return fold_logical(e);
    auto l = fold_constant(*e.lhs);
    auto r = fold_constant(*e.rhs);
    if (!l || !r) return std::nullopt;
    Type operand = operand_type(l->type, r->type);
    BinaryInstruction in = binary_instruction(e.op, operand);
    Literal x = promoted(*l, operand), y = promoted(*r, operand);
    if (in.swapped) std::swap(x, y);
    Literal out = literal_of(t);
    if (in.op == Op::CONCAT && x.s.size() + y.s.size() > kMaxFileSize) {
        if (unevaluated_ > 0) return out;  // constant, but never computed
        diags_.report(DiagKind::constant_string_too_long, e.op_span,
                      std::to_string(x.s.size() + y.s.size()), std::to_string(kMaxFileSize));
        return std::nullopt;
    }
    arith::Fault f = evaluate_binary(in.op, x, y, out);
    if (f != arith::Fault::none) return fold_fault(f, 0, e.op_span, out);
    return out;
}

// `a and b`, `a or b`: b is evaluated only when a does not decide the result.
std::optional<Literal> Checker::fold_logical(const ast::Binary& e) {
    auto l = fold_constant(*e.lhs);
    if (!l) return std::nullopt;
    bool decided = (l->i != 0) == (e.op == ast::BinaryOp::Or);
    auto r = decided ? fold_unevaluated(*e.rhs) : fold_constant(*e.rhs);
    if (!r) return std::nullopt;
    return decided ? l : r;
}

std::optional<Literal> Checker::fold_ternary(const ast::Ternary& e, Type t) {
    auto c = fold_constant(*e.cond);
    if (!c) return std::nullopt;
    bool then = c->i != 0;
    auto a = then ? fold_constant(*e.then_value) : fold_unevaluated(*e.then_value);
    auto b = then ? fold_unevaluated(*e.else_value) : fold_constant(*e.else_value);
    if (!a || !b) return std::nullopt;
    return promoted(then ? *a : *b, t);
}

// `int(x)` and `float(i)`; other calls are not constant.
std::optional<Literal> Checker::fold_conversion(const ast::Call& e, Type t) {
    auto target = a_.calls.find(&e);
    if (target == a_.calls.end() || target->second.kind != CallTarget::Kind::Conversion)
        return std::nullopt;
    auto v = fold_constant(*e.args[0]);
    if (!v || v->type == t) return v;
    Literal out = literal_of(t);
    Op op = t.kind == TypeKind::Float ? Op::I2F : Op::F2I;
    arith::Fault f = evaluate_unary(op, *v, out);
    if (f != arith::Fault::none) return fold_fault(f, v->f, e.span, out);
    return out;
}

}  // namespace dsl
