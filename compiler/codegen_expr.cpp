// Code generation for expressions and calls (see codegen_impl.h for the register rules).
#include <cassert>
#include <cmath>

#include "bytecode/arith.h"
#include "compiler/codegen_impl.h"
#include "compiler/operators.h"

namespace dsl {
namespace {

bool is_comparison(ast::BinaryOp op) {
    return op == ast::BinaryOp::Lt || op == ast::BinaryOp::Le || op == ast::BinaryOp::Gt ||
           op == ast::BinaryOp::Ge;
}

// A small int literal operand, for ADDK_I.
std::optional<int64_t> small_int(const ast::Expr& e) {
    if (e.is<ast::IntLit>()) {
        int64_t v = e.as<ast::IntLit>().value;
        if (v >= -127 && v <= 127) return v;
    }
    return std::nullopt;
}

}  // namespace

Type FunctionBuilder::type_of(const ast::Expr& e) const {
    return a_.types.at(&e);
}

FunctionBuilder::Value FunctionBuilder::result(Type t, std::optional<Reg> dst) {
    if (dst) return Value{*dst, {}};
    Temp tmp = temp(t);
    Reg r = tmp.reg();
    return Value{r, std::move(tmp)};
}

FunctionBuilder::Value FunctionBuilder::move_into(Value v, Type, std::optional<Reg> dst) {
    if (!dst || v.reg == *dst) return v;
    emit_abc(Op::MOVE, *dst, v.reg, 0);
    return Value{*dst, {}};
}

FunctionBuilder::Value FunctionBuilder::value_as(const ast::Expr& e, Type want,
                                                 std::optional<Reg> dst) {
    Type t = type_of(e);
    if (want.kind == TypeKind::Float && t.kind == TypeKind::Int) {
        if (e.is<ast::IntLit>()) return literal(promoted(*literal_value(e), want), dst);
        Value v = value(e);
        Value out = result(want, dst);
        emit_abc(Op::I2F, out.reg, v.reg, 0);
        return out;
    }
    return value(e, dst);
}

void FunctionBuilder::into(const ast::Expr& e, Type want, Reg dst) {
    Value v = value_as(e, want, dst);
    if (v.reg != dst) emit_abc(Op::MOVE, dst, v.reg, 0);
}

FunctionBuilder::Value FunctionBuilder::value(const ast::Expr& e, std::optional<Reg> dst) {
    if (auto lit = literal_value(e)) return literal(*lit, dst);
    switch (e.kind) {
        case ast::ExprKind::Name:
            return name(e.as<ast::Name>(), dst);
        case ast::ExprKind::Unary:
            return unary(e.as<ast::Unary>(), dst);
        case ast::ExprKind::Binary:
            return binary(e.as<ast::Binary>(), dst);
        case ast::ExprKind::Ternary:
            return ternary(e.as<ast::Ternary>(), dst);
        case ast::ExprKind::Call:
            return call(e.as<ast::Call>(), dst);
        case ast::ExprKind::Index:
            return index(e.as<ast::Index>(), dst);
        case ast::ExprKind::Field:
            return field(e.as<ast::Field>(), dst);
        case ast::ExprKind::ArrayLit:
            return array_literal(e.as<ast::ArrayLit>(), dst);
        case ast::ExprKind::NewArray:
            return new_array(e.as<ast::NewArray>(), dst);
        default:  // the literals, above
            break;
    }
    return result(Type::int_(), dst);
}

FunctionBuilder::Value FunctionBuilder::literal(const Literal& lit, std::optional<Reg> dst) {
    Value out = result(lit.type, dst);
    bool immediate = (lit.type.kind == TypeKind::Int || lit.type.kind == TypeKind::Bool ||
                      lit.type.kind == TypeKind::Enum) &&
                     lit.i >= INT16_MIN && lit.i <= INT16_MAX;
    if (immediate)
        emit(encode_asbx(Op::LOADI, out.reg, int16_t(lit.i)));
    else
        emit_abx(Op::LOADK, out.reg, mb_.constant(lit));
    return out;
}

FunctionBuilder::Value FunctionBuilder::name(const ast::Name& e, std::optional<Reg> dst) {
    const NameRef& ref = a_.names.at(&e);
    switch (ref.kind) {
        case NameRef::Kind::Local:
            return move_into(Value{local_regs_[ref.index], {}}, type_of(e), dst);
        case NameRef::Kind::Global: {
            Value out = result(type_of(e), dst);
            emit_abx(Op::GETG, out.reg, uint16_t(ref.index));
            return out;
        }
        case NameRef::Kind::Constant:
            return literal(ref.constant, dst);
    }
    return result(type_of(e), dst);
}

FunctionBuilder::Value FunctionBuilder::unary(const ast::Unary& e, std::optional<Reg> dst) {
    Type t = type_of(e);
    if (e.op == ast::UnaryOp::Plus) return value(*e.operand, dst);
    // A negated literal is loaded negated (-2.5 is one constant). The literal that cannot be
    // negated, -9223372036854775808 (the parser builds it whole), is negated at run time,
    // where it overflows as NEG_I says.
    if (e.op == ast::UnaryOp::Neg && e.operand->is<ast::FloatLit>()) {
        Literal lit;
        lit.type = Type::float_();
        lit.f = arith::neg_float(e.operand->as<ast::FloatLit>().value);
        return literal(lit, dst);
    }
    if (e.op == ast::UnaryOp::Neg && e.operand->is<ast::IntLit>()) {
        Literal lit;
        lit.type = Type::int_();
        if (arith::neg_int(e.operand->as<ast::IntLit>().value, lit.i) == arith::Fault::none)
            return literal(lit, dst);
    }
    Value v = value(*e.operand);
    Value out = result(t, dst);
    at(e.op_span);
    emit_abc(unary_instruction(e.op, t), out.reg, v.reg, 0);
    return out;
}

FunctionBuilder::Value FunctionBuilder::binary(const ast::Binary& e, std::optional<Reg> dst) {
    if (e.op == ast::BinaryOp::And || e.op == ast::BinaryOp::Or) return logical(e, dst);
    return operation(*e.lhs, e.op, *e.rhs, e.op_span, type_of(e), dst);
}

FunctionBuilder::Value FunctionBuilder::operation(const ast::Expr& lhs, ast::BinaryOp op,
                                                  const ast::Expr& rhs, Span op_span, Type t,
                                                  std::optional<Reg> dst) {
    Type operand = operand_type(type_of(lhs), type_of(rhs));
    // x + k and x - k with a small constant k.
    if (operand.kind == TypeKind::Int && (op == ast::BinaryOp::Add || op == ast::BinaryOp::Sub)) {
        if (auto k = small_int(rhs)) {
            Value l = value(lhs);
            Value out = result(t, dst);
            at(op_span);
            emit_abc(Op::ADDK_I, out.reg, l.reg,
                     uint8_t(int8_t(op == ast::BinaryOp::Add ? *k : -*k)));
            return out;
        }
    }
    Value l = value_as(lhs, operand);
    Value r = value_as(rhs, operand);
    Value out = result(t, dst);
    at(op_span);
    BinaryInstruction in = binary_instruction(op, operand);
    emit_abc(in.op, out.reg, in.swapped ? r.reg : l.reg, in.swapped ? l.reg : r.reg);
    return out;
}

// `a and b`, `a or b` as values: b is evaluated only when it decides the result.
FunctionBuilder::Value FunctionBuilder::logical(const ast::Binary& e, std::optional<Reg> dst) {
    Value out = result(Type::bool_(), std::nullopt);
    into(*e.lhs, Type::bool_(), out.reg);
    uint32_t skip = emit_jump(e.op == ast::BinaryOp::And ? Op::JMPIFNOT : Op::JMPIF, out.reg);
    {
        ReadScope reads(*this);
        into(*e.rhs, Type::bool_(), out.reg);
    }
    patch_here({skip});
    return move_into(std::move(out), Type::bool_(), dst);
}

FunctionBuilder::Value FunctionBuilder::ternary(const ast::Ternary& e, std::optional<Reg> dst) {
    Type t = type_of(e);
    std::vector<uint32_t> to_else;
    jump_if(*e.cond, false, to_else);
    Value out = result(t, dst);
    std::vector<uint32_t> to_end;
    if (reachable_) {
        ReadScope reads(*this);
        into(*e.then_value, t, out.reg);
        to_end.push_back(emit_jump(Op::JMP));
    }
    reachable_ = false;
    patch_here(to_else);
    if (reachable_) {
        ReadScope reads(*this);
        into(*e.else_value, t, out.reg);
    }
    patch_here(to_end);
    return out;
}

FunctionBuilder::Value FunctionBuilder::index(const ast::Index& e, std::optional<Reg> dst) {
    if (a_.history.count(&e)) return call(e.target->as<ast::Call>(), dst, e.index.get());
    Value array = value(*e.target);
    Value i = value_as(*e.index, Type::int_());
    Value out = result(type_of(e), dst);
    at(e.span);
    emit_abc(Op::AGET, out.reg, array.reg, i.reg);
    return out;
}

FunctionBuilder::Value FunctionBuilder::field(const ast::Field& e, std::optional<Reg> dst) {
    const FieldRef& ref = a_.fields.at(&e);
    if (ref.is_enum_value) {
        Literal lit;
        lit.type = type_of(e);
        lit.i = ref.ordinal;
        return literal(lit, dst);
    }
    // A field of a builtin's fresh record is read without building the record (CALLBF):
    // `position(s).qty` costs one call and no allocation.
    if (e.target->kind == ast::ExprKind::Call) {
        const auto& call = e.target->as<ast::Call>();
        const CallTarget& t = a_.calls.at(&call);
        if (t.kind == CallTarget::Kind::Builtin && !t.site &&
            !builtin_info(t.builtin).has(kIntrinsic) && t.result.kind == TypeKind::Record)
            return builtin_call(call, t, dst, nullptr, ref.field);
    }
    Value record = value(*e.target);
    Value out = result(type_of(e), dst);
    emit_abc(Op::GETFIELD, out.reg, record.reg, ref.field);
    return out;
}

FunctionBuilder::Value FunctionBuilder::array_literal(const ast::ArrayLit& e,
                                                      std::optional<Reg> dst) {
    Type t = type_of(e);
    Type elem = t.element();
    Value out = result(t, std::nullopt);
    {
        Temp zero = temp(Type::int_());
        emit(encode_asbx(Op::LOADI, zero.reg(), 0));
        emit_abc(Op::NEWARR, out.reg, zero.reg(), elem.kind == TypeKind::String);
    }
    for (const auto& el : e.elements) {
        Value v = value_as(*el, elem);
        emit_abc(Op::APUSH, out.reg, v.reg, 0);
    }
    return move_into(std::move(out), t, dst);
}

FunctionBuilder::Value FunctionBuilder::new_array(const ast::NewArray& e, std::optional<Reg> dst) {
    Type t = type_of(e);
    Value n = value_as(*e.length, Type::int_());
    Value out = result(t, dst);
    at(e.span);
    emit_abc(Op::NEWARR, out.reg, n.reg, t.element().kind == TypeKind::String);
    return out;
}

// ---- Calls ------------------------------------------------------------------------------------

FunctionBuilder::Value FunctionBuilder::call(const ast::Call& e, std::optional<Reg> dst,
                                             const ast::Expr* bars_ago) {
    const CallTarget& t = a_.calls.at(&e);
    switch (t.kind) {
        case CallTarget::Kind::User: {
            std::vector<Value> args = arguments(e, t, nullptr);
            std::vector<Reg> regs;
            for (const auto& v : args)
                regs.push_back(v.reg);
            bool is_void = t.result.kind == TypeKind::Void;
            Value out = is_void ? Value{} : result(t.result, dst);
            at(e.span);
            emit_call(Op::CALL, out.reg, uint16_t(t.function), std::nullopt, regs);
            return out;
        }
        case CallTarget::Kind::Conversion: {
            Type from = t.param_types[0];
            if (from == t.result) return value(*e.args[0], dst);
            Value v = value(*e.args[0]);
            Value out = result(t.result, dst);
            at(e.span);
            emit_abc(t.result.kind == TypeKind::Float ? Op::I2F : Op::F2I, out.reg, v.reg, 0);
            return out;
        }
        case CallTarget::Kind::Builtin:
            if (builtin_info(t.builtin).has(kIntrinsic)) return intrinsic_call(e, t, dst);
            return builtin_call(e, t, dst, bars_ago);
    }
    return Value{};
}

FunctionBuilder::Value FunctionBuilder::builtin_call(const ast::Call& e, const CallTarget& t,
                                                     std::optional<Reg> dst,
                                                     const ast::Expr* bars_ago,
                                                     std::optional<uint8_t> field) {
    // Shared reads are series reads (no record, so no field) in function bodies (within a block).
    if (auto shared = a_.shared_reads.find(&e); shared != a_.shared_reads.end()) {
        assert(!field && !shared_reads_.empty());
        return shared_read(e, t, dst, bars_ago, shared->second);
    }
    return emit_builtin_call(e, t, dst, bars_ago, field);
}

FunctionBuilder::Value FunctionBuilder::shared_read(const ast::Call& e, const CallTarget& t,
                                                    std::optional<Reg> dst,
                                                    const ast::Expr* bars_ago, uint32_t group) {
    for (const auto& scope : shared_reads_) {
        for (const SharedRead& r : scope) {
            if (r.group == group) return move_into(Value{r.reg, {}}, t.result, dst);
        }
    }
    Reg reg = hold_register(t.result);
    emit_builtin_call(e, t, reg, bars_ago, std::nullopt);
    shared_reads_.back().push_back({group, reg});
    return move_into(Value{reg, {}}, t.result, dst);
}

FunctionBuilder::Value FunctionBuilder::emit_builtin_call(const ast::Call& e, const CallTarget& t,
                                                          std::optional<Reg> dst,
                                                          const ast::Expr* bars_ago,
                                                          std::optional<uint8_t> field) {
    const BuiltinInfo& b = builtin_info(t.builtin);
    std::vector<Value> args;
    if (b.has(kFormat)) {
        args.push_back(format(e, *t.format, t.param_types, format_first_arg(e), std::nullopt));
    } else {
        args = arguments(e, t, &b.signature.params);
    }
    if (b.has(kSeries)) {
        if (bars_ago) {
            args.push_back(value_as(*bars_ago, Type::int_()));
        } else {
            Literal zero;
            zero.type = Type::int_();
            args.push_back(literal(zero, std::nullopt));
        }
    }
    std::vector<Reg> regs;
    for (const auto& v : args)
        regs.push_back(v.reg);
    if (field) {
        Value out = result(record_fields(t.result.record_id())[*field].type, dst);
        at(e.span);
        emit_call(Op::CALLBF, out.reg, mb_.import(t.builtin), *field, regs);
        return out;
    }
    bool is_void = t.result.kind == TypeKind::Void;
    Value out = is_void ? Value{} : result(t.result, dst);
    at(e.span);
    if (t.site)
        emit_call(Op::CALLS, out.reg, uint16_t(site_imports_[*t.site]), *t.site, regs);
    else
        emit_call(Op::CALLB, out.reg, mb_.import(t.builtin), std::nullopt, regs);
    return out;
}

// Arguments are evaluated in source order and passed in parameter order; parameters
// without an argument get their default.
std::vector<FunctionBuilder::Value> FunctionBuilder::arguments(const ast::Call& e,
                                                               const CallTarget& t,
                                                               const std::vector<Param>* params) {
    std::vector<std::optional<Value>> by_arg(e.args.size());
    std::vector<size_t> param_of_arg(e.args.size());
    for (size_t p = 0; p < t.arg_of_param.size(); ++p) {
        if (t.arg_of_param[p]) param_of_arg[*t.arg_of_param[p]] = p;
    }
    for (size_t i = 0; i < e.args.size(); ++i)
        by_arg[i] = value_as(*e.args[i], t.param_types[param_of_arg[i]]);
    std::vector<Value> out;
    for (size_t p = 0; p < t.arg_of_param.size(); ++p) {
        if (t.arg_of_param[p])
            out.push_back(std::move(*by_arg[*t.arg_of_param[p]]));
        else
            out.push_back(literal(*(*params)[p].default_value, std::nullopt));
    }
    return out;
}

FunctionBuilder::Value FunctionBuilder::intrinsic_call(const ast::Call& e, const CallTarget& t,
                                                       std::optional<Reg> dst) {
    switch (t.builtin) {
        case BuiltinId::format:
            return format(e, *t.format, t.param_types, 1, dst);
        case BuiltinId::str: {
            Value v = value(*e.args[0]);
            return format_value(v.reg, t.param_types[0], FormatSpec{}, dst);
        }
        case BuiltinId::len_string:
        case BuiltinId::len_array: {
            Value v = value(*e.args[0]);
            Value out = result(Type::int_(), dst);
            emit_abc(t.builtin == BuiltinId::len_string ? Op::SLEN : Op::ALEN, out.reg, v.reg, 0);
            return out;
        }
        case BuiltinId::push: {
            Value array = value(*e.args[0]);
            Value v = value_as(*e.args[1], t.param_types[1]);
            at(e.span);
            emit_abc(Op::APUSH, array.reg, v.reg, 0);
            return Value{};
        }
        case BuiltinId::pop: {
            Value array = value(*e.args[0]);
            Value out = result(t.result, dst);
            at(e.span);
            emit_abc(Op::APOP, out.reg, array.reg, 0);
            return out;
        }
        case BuiltinId::clear: {
            Value array = value(*e.args[0]);
            emit_abc(Op::ACLEAR, array.reg, 0, 0);
            return Value{};
        }
        default:
            return Value{};
    }
}

FunctionBuilder::Value FunctionBuilder::format_value(Reg src, Type t, const FormatSpec& spec,
                                                     std::optional<Reg> dst) {
    if (t.kind == TypeKind::String && spec.text.empty()) return move_into(Value{src, {}}, t, dst);
    FormatSpec s = spec;
    Op op = Op::FMT_I;
    switch (t.kind) {
        case TypeKind::Int:
            op = Op::FMT_I;
            break;
        case TypeKind::Float:
            op = Op::FMT_F;
            break;
        case TypeKind::Bool:
            op = Op::FMT_B;
            break;
        case TypeKind::String:
            op = Op::FMT_S;
            break;
        case TypeKind::Symbol:
            op = Op::FMT_Y;
            break;
        case TypeKind::Enum:
            op = Op::FMT_E;
            s.enum_id = t.sub;
            break;
        default:
            break;
    }
    Value out = result(Type::string(), dst);
    emit_abc(op, out.reg, src, mb_.spec(s));
    return out;
}

// Where the values of a format call start: after the format string, or at the first
// argument when that is a computed string used as it is.
size_t FunctionBuilder::format_first_arg(const ast::Call& e) {
    return e.args[0]->is<ast::StringLit>() ? 1 : 0;
}

// Builds the string of a format call piece by piece into one owned temporary.
FunctionBuilder::Value FunctionBuilder::format(const ast::Call& e, const FormatString& fmt,
                                               const std::vector<Type>& types, size_t first_arg,
                                               std::optional<Reg> dst) {
    Value acc = result(Type::string(), std::nullopt);
    bool empty = true;
    size_t arg = 0;
    for (const auto& piece : fmt.pieces) {
        Value part;
        if (piece.placeholder) {
            Value v = value(*e.args[first_arg + arg]);
            part = format_value(v.reg, types[arg], piece.spec,
                                empty ? std::optional(acc.reg) : std::nullopt);
            ++arg;
        } else {
            Literal lit;
            lit.type = Type::string();
            lit.s = piece.text;
            part = literal(lit, empty ? std::optional(acc.reg) : std::nullopt);
        }
        if (empty) {
            if (part.reg != acc.reg) emit_abc(Op::MOVE, acc.reg, part.reg, 0);
            empty = false;
        } else {
            emit_abc(Op::CONCAT, acc.reg, acc.reg, part.reg);
        }
    }
    if (empty) {
        Literal lit;
        lit.type = Type::string();
        literal(lit, acc.reg);
    }
    return move_into(std::move(acc), Type::string(), dst);
}

// ---- Conditions -----------------------------------------------------------------------------

void FunctionBuilder::jump_if(const ast::Expr& e, bool when, std::vector<uint32_t>& jumps) {
    if (e.is<ast::BoolLit>()) {
        if (e.as<ast::BoolLit>().value == when) {
            jumps.push_back(emit_jump(Op::JMP));
            reachable_ = false;
        }
        return;
    }
    if (e.is<ast::Unary>() && e.as<ast::Unary>().op == ast::UnaryOp::Not) {
        jump_if(*e.as<ast::Unary>().operand, !when, jumps);
        return;
    }
    if (e.is<ast::Binary>()) {
        const auto& b = e.as<ast::Binary>();
        if (b.op == ast::BinaryOp::And || b.op == ast::BinaryOp::Or) {
            // Jump when the whole is `when`: for `and` with when=false either side false is
            // enough; with when=true both must be true (a false left side skips the right).
            // The right side runs only as the left side decides: its reads have their scope.
            bool is_and = b.op == ast::BinaryOp::And;
            if (when != is_and) {
                jump_if(*b.lhs, when, jumps);
                ReadScope reads(*this);
                if (reachable_) jump_if(*b.rhs, when, jumps);
            } else {
                std::vector<uint32_t> skip;
                jump_if(*b.lhs, !when, skip);
                {
                    ReadScope reads(*this);
                    if (reachable_) jump_if(*b.rhs, when, jumps);
                }
                patch_here(skip);
            }
            return;
        }
        Type lt = type_of(*b.lhs), rt = type_of(*b.rhs);
        bool both_int = lt.kind == TypeKind::Int && rt.kind == TypeKind::Int;
        bool is_float = lt.is_numeric() && rt.is_numeric() && !both_int;
        if (is_comparison(b.op) && (both_int || is_float)) {
            Type operand = both_int ? Type::int_() : Type::float_();
            Value l = value_as(*b.lhs, operand);
            Value r = value_as(*b.rhs, operand);
            Reg x = l.reg, y = r.reg;
            bool strict = b.op == ast::BinaryOp::Lt || b.op == ast::BinaryOp::Gt;
            if (b.op == ast::BinaryOp::Gt || b.op == ast::BinaryOp::Ge) std::swap(x, y);
            Op op;
            if (both_int) {
                // not (x < y) is (y <= x) for ints.
                if (when)
                    op = strict ? Op::JLT_I : Op::JLE_I;
                else {
                    op = strict ? Op::JLE_I : Op::JLT_I;
                    std::swap(x, y);
                }
            } else {
                // For floats the negations are separate opcodes: na compares false.
                op = when ? (strict ? Op::JLT_F : Op::JLE_F) : (strict ? Op::JNLT_F : Op::JNLE_F);
            }
            at(b.op_span);
            jumps.push_back(emit_jump(op, x, y));
            return;
        }
        bool integral = lt == rt && lt.is_integral();
        if ((b.op == ast::BinaryOp::Eq || b.op == ast::BinaryOp::Ne) && integral) {
            Value l = value(*b.lhs);
            Value r = value(*b.rhs);
            bool eq = (b.op == ast::BinaryOp::Eq) == when;
            jumps.push_back(emit_jump(eq ? Op::JEQ_Z : Op::JNE_Z, l.reg, r.reg));
            return;
        }
    }
    Value v = value_as(e, Type::bool_());
    jumps.push_back(emit_jump(when ? Op::JMPIF : Op::JMPIFNOT, v.reg));
}

}  // namespace dsl
