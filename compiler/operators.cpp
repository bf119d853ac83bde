// Operators to instructions (compiler/operators.h).
#include "compiler/operators.h"

#include <cmath>

#include "bytecode/arith.h"

namespace dsl {

Type operand_type(Type lhs, Type rhs) {
    bool numeric = lhs.is_numeric() && rhs.is_numeric();
    if (numeric && (lhs.kind == TypeKind::Float || rhs.kind == TypeKind::Float))
        return Type::float_();
    return lhs;
}

BinaryInstruction binary_instruction(ast::BinaryOp op, Type operand) {
    bool is_float = operand.kind == TypeKind::Float;
    bool is_string = operand.kind == TypeKind::String;
    switch (op) {
        case ast::BinaryOp::Add:
            return {is_string ? Op::CONCAT : is_float ? Op::ADD_F : Op::ADD_I};
        case ast::BinaryOp::Sub:
            return {is_float ? Op::SUB_F : Op::SUB_I};
        case ast::BinaryOp::Mul:
            return {is_float ? Op::MUL_F : Op::MUL_I};
        case ast::BinaryOp::Div:
            return {is_float ? Op::DIV_F : Op::DIV_I};
        case ast::BinaryOp::Mod:
            return {is_float ? Op::MOD_F : Op::MOD_I};
        case ast::BinaryOp::Lt:
            return {is_float ? Op::LT_F : Op::LT_I};
        case ast::BinaryOp::Le:
            return {is_float ? Op::LE_F : Op::LE_I};
        case ast::BinaryOp::Gt:
            return {is_float ? Op::LT_F : Op::LT_I, true};
        case ast::BinaryOp::Ge:
            return {is_float ? Op::LE_F : Op::LE_I, true};
        case ast::BinaryOp::Eq:
            return {is_float ? Op::EQ_F : is_string ? Op::EQ_S : Op::EQ_Z};
        case ast::BinaryOp::Ne:
            return {is_float ? Op::NE_F : is_string ? Op::NE_S : Op::NE_Z};
        case ast::BinaryOp::And:
        case ast::BinaryOp::Or:
            break;
    }
    return {};
}

Op unary_instruction(ast::UnaryOp op, Type operand) {
    if (op == ast::UnaryOp::Not) return Op::NOT;
    if (op == ast::UnaryOp::Neg) return operand.kind == TypeKind::Float ? Op::NEG_F : Op::NEG_I;
    return Op::NOP;
}

namespace {

Literal literal_of(Type t) {
    Literal l;
    l.type = t;
    return l;
}

}  // namespace

std::optional<Literal> literal_value(const ast::Expr& e) {
    switch (e.kind) {
        case ast::ExprKind::IntLit: {
            Literal l = literal_of(Type::int_());
            l.i = e.as<ast::IntLit>().value;
            return l;
        }
        case ast::ExprKind::FloatLit: {
            Literal l = literal_of(Type::float_());
            l.f = e.as<ast::FloatLit>().value;
            return l;
        }
        case ast::ExprKind::NaLit: {
            Literal l = literal_of(Type::float_());
            l.f = std::nan("");
            return l;
        }
        case ast::ExprKind::BoolLit: {
            Literal l = literal_of(Type::bool_());
            l.i = e.as<ast::BoolLit>().value;
            return l;
        }
        case ast::ExprKind::StringLit: {
            Literal l = literal_of(Type::string());
            l.s = e.as<ast::StringLit>().value;
            return l;
        }
        default:
            return std::nullopt;
    }
}

Literal promoted(Literal v, Type to) {
    if (to.kind == TypeKind::Float && v.type.kind == TypeKind::Int) {
        v.f = arith::int_to_float(v.i);
        v.type = to;
    }
    return v;
}

}  // namespace dsl
