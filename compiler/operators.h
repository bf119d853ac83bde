// Which instruction computes each operator of the language, and the values of literals,
// defined once for the code generator and the constant folder: the folder evaluates the very
// instruction the code generator would emit (with bytecode/arith.h, as the VM does), so a
// folded constant is what the same expression computes at run time.
#pragma once

#include <optional>

#include "bytecode/builtins.h"
#include "bytecode/opcodes.h"
#include "bytecode/types.h"
#include "syntax/ast.h"

namespace dsl {

// The type both operands of a binary operator are converted to before the instruction:
// float when both are numbers and either is a float (the int side goes through I2F), else
// the left operand's type (the checker made them agree).
Type operand_type(Type lhs, Type rhs);

// The instruction of `lhs op rhs` on operands of type `operand`, for every binary operator
// but `and` and `or` (jumps: they evaluate their right side only when it decides). With
// `swapped`, the instruction takes its operands in the other order: `a > b` is `LT b, a`.
struct BinaryInstruction {
    Op op = Op::NOP;
    bool swapped = false;
};
BinaryInstruction binary_instruction(ast::BinaryOp op, Type operand);

// The instruction of `-x` or `not x` (a unary `+` is no instruction).
Op unary_instruction(ast::UnaryOp op, Type operand);

// The value of a literal (`1`, `2.5`, `na`, `true`, `"text"`), or nothing for any other
// expression.
std::optional<Literal> literal_value(const ast::Expr& e);

// `v` as a value of type `to`: an int where a float is expected becomes the float that I2F
// makes of it; any other value is unchanged.
Literal promoted(Literal v, Type to);

}  // namespace dsl
