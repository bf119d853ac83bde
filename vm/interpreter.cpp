// The interpreter loop: the one big function of the VM, on purpose.
//
// Dispatch is computed goto (a label per opcode, the table expanded from opcodes.def) on
// GCC and Clang, and a switch elsewhere (or with -DDSL_VM_SWITCH_DISPATCH). Each handler
// decodes its operands from the instruction word, charges its gas from kOpInfo (a constant
// per handler, compiled away when Metered is false), and jumps to the next handler.
//
// What the verifier proved is not checked here: operand ranges, register types, jump
// targets, definite assignment, argument lists. What depends on values is: integer
// overflow, division by zero, conversions, array bounds, limits. Every arithmetic
// instruction computes through its function of bytecode/arith.h, the definition the
// compiler's constant folding shares, and raises the Fault it returns. Errors are raised by
// throwing Trap; the catch at the bottom turns it into a RuntimeError with the current
// instruction's position and the DSL call stack. Locals modified in the try block (ip,
// frame, gas) keep their values in the handler, as C++ guarantees.
//
// Gas is checked at the safepoints only: LOOP, FORLOOP (when jumping back), CALL, RET and
// RET0. Because only the first two jump backwards (verifier), every cycle of any program
// passes one; the returns make every invocation's total checked at least when it ends, so a
// handler without loops or calls cannot run past the run's limit event after event.
#include <fmt/format.h>

#include <cassert>
#include <cmath>
#include <cstring>

#include "bytecode/arith.h"
#include "bytecode/opcodes.h"
#include "vm/gas.h"
#include "vm/vm.h"

#if (defined(__GNUC__) || defined(__clang__)) && !defined(DSL_VM_SWITCH_DISPATCH)
#define DSL_VM_COMPUTED_GOTO 1
#else
#define DSL_VM_COMPUTED_GOTO 0
#endif

namespace dsl::vm {
namespace {

[[noreturn, gnu::cold, gnu::noinline]] void trap(ErrorKind kind, std::string message) {
    throw Trap{kind, std::move(message)};
}

// `operand`: the float of a failed conversion, which the message names.
[[noreturn, gnu::cold, gnu::noinline]] void arith_fault(arith::Fault f, double operand = 0) {
    trap(ErrorKind::Arithmetic, arith::fault_message(f, operand));
}

[[noreturn, gnu::cold, gnu::noinline]] void bad_index(int64_t index, uint64_t length) {
    trap(ErrorKind::Bounds, fmt::format("array index {} out of bounds (length {})", index, length));
}

[[noreturn, gnu::cold, gnu::noinline]] void bad_builtin_result(BuiltinId id) {
    trap(ErrorKind::Builtin,
         fmt::format("internal error: builtin {} returned no object", builtin_info(id).name));
}

constexpr int64_t op_gas(Op op) {
    return kOpInfo[size_t(op)].gas;
}

// Byte i of the argument list of a call whose argument words start at `args`: the words
// are little-endian (bytecode/module_io.cpp asserts it), byte 0 is the count.
inline const uint8_t* arg_bytes(const uint32_t* args) {
    return reinterpret_cast<const uint8_t*>(args) + 1;
}

// A builtin's argument buffer, left uninitialised: a call writes its own arguments and the
// binding reads only those (a Value array would zero all kMaxBuiltinArgs slots per call).
union BuiltinArgs {
    BuiltinArgs() {}
    Value v[kMaxBuiltinArgs];
};

// The length in words of a call whose argument words start at ip + args_at (1; 2 after the
// extra word of the CALLW format).
inline int64_t call_length(const uint32_t* ip, size_t args_at) {
    return int64_t(args_at + call_arg_words(ip[args_at] & 0xFF));
}

}  // namespace

Value Vm::read_field(const ImportRt& imp, HostCall& call, const Value* args, uint32_t field) {
    Value out;
    if (imp.read_field) {
        imp.read_field(call, args, field, &out);
        return out;
    }
    Value record;
    imp.fn(call, args, &record);
    if (!record.as_ref()) [[unlikely]]
        bad_builtin_result(imp.id);
    return record.as_record()->fields()[field];
}

InvokeResult Vm::run(uint32_t function, std::span<const Value> args, std::string_view label,
                     Value* result) {
    if (error_) {
        handles_.clear();
        return {0, &*error_};
    }
    const FunctionRt& fn = functions_[function];
    if (args.size() != fn.nparams) throw std::invalid_argument("wrong number of arguments");
    label_ = label;

    int64_t run_left = limits_.run_gas - run_gas_used_;
    budget_is_run_limit_ = run_left < limits_.event_gas;
    gas_budget_ = budget_is_run_limit_ ? run_left : limits_.event_gas;

    Value* regs = stack_.get();  // the stack always holds kMaxRegisters (constructor)
    for (size_t i = 0; i < args.size(); ++i)
        regs[i] = args[i];
    for (uint32_t i = 0; i < fn.nzero; ++i)
        regs[fn.zero_regs[i]] = Value();
    frames_[0] = {&fn, regs, fn.code, nullptr, 0};
    top_ = &frames_[0];
    handles_.clear();  // the arguments are rooted by the registers now

    int64_t gas = gas_budget_;
    Value ignored;
    bool ok = options_.metering ? execute<true>(gas, result ? result : &ignored)
                                : execute<false>(gas, result ? result : &ignored);
    top_ = nullptr;
    handles_.clear();
    int64_t used = gas_budget_ - gas;
    run_gas_used_ += used;
    if (!ok) return {used, &*error_};
    return {used, nullptr};
}

template <bool Metered>
bool Vm::execute(int64_t& gas_io, Value* result) {
    Frame* frame = top_;
    Frame* const entry = frame;
    Frame* const frames_end = frames_.data() + frames_.size();
    const uint32_t* ip = frame->fn->code;
    Value* R = frame->regs;
    const Value* const K = constants_.data();
    Value* const G = globals_.data();
    int64_t gas = gas_io;
    uint32_t w = 0;

#define A_ uint8_t(w >> 8)
#define B_ uint8_t(w >> 16)
#define C_ uint8_t(w >> 24)
#define SC_ int8_t(w >> 24)
#define BX_ uint16_t(w >> 16)
#define SBX_ int16_t(w >> 16)
#define SAX_ (int32_t(w) >> 8)
#define CHARGE(op)                                    \
    do {                                              \
        if constexpr (Metered) gas -= op_gas(Op::op); \
    } while (0)
#define SAFEPOINT()                   \
    do {                              \
        if constexpr (Metered) {      \
            if (gas < 0) [[unlikely]] \
                gas_exhausted();      \
        }                             \
    } while (0)

// Raises the Fault an arithmetic function of bytecode/arith.h returned, if any (`operand`:
// the float of a failed conversion).
#define CHECKED(call, operand)                                             \
    do {                                                                   \
        if (arith::Fault f = (call); f != arith::Fault::none) [[unlikely]] \
            arith_fault(f, operand);                                       \
    } while (0)

// After an instruction that allocates: the collections it triggered cost gas too.
#define CHARGE_COLLECTIONS()                                                            \
    do {                                                                                \
        if constexpr (Metered) gas -= gas_for_collection(heap_.take_collection_work()); \
    } while (0)

// The body of CALLB, CALLS and CALLBF: copy the arguments (whose words start at ip +
// args_at), make the call `invoke` (which writes `out`), drop the handles the binding left,
// charge the builtin's gas and the collections it caused, and store a non-void result
// (`ref`: it must be an object). Between instructions there are no handles (run() clears
// them once the arguments are in registers, and only bindings add any), so the objects a
// binding made are dropped by emptying the list, and most calls find it empty.
#define CALL_BUILTIN(args_at, site, invoke, ref)                                          \
    const ImportRt& imp = imports_[BX_];                                                  \
    if constexpr (Metered) gas -= imp.gas;                                                \
    BuiltinArgs argv; /* only the n arguments are written (the verifier proved n fits) */ \
    const uint8_t* arg = arg_bytes(ip + (args_at));                                       \
    for (uint32_t i = 0, n = ip[args_at] & 0xFF; i < n; ++i)                              \
        argv.v[i] = R[arg[i]];                                                            \
    frame->ip = ip;                                                                       \
    HostCall call(*this, host_.user, imp.id, (site));                                     \
    assert(handles_.empty());                                                             \
    Value out;                                                                            \
    invoke;                                                                               \
    if (!handles_.empty()) [[unlikely]]                                                   \
        handles_.clear();                                                                 \
    if constexpr (Metered) gas -= call.extra_gas();                                       \
    CHARGE_COLLECTIONS();                                                                 \
    if (imp.has_result) {                                                                 \
        if ((ref) && !out.as_ref()) [[unlikely]]                                          \
            bad_builtin_result(imp.id);                                                   \
        R[A_] = out;                                                                      \
    }

#if DSL_VM_COMPUTED_GOTO
    static const void* const kLabels[kOpCount] = {
#define DSL_OP(name, format, operands, gas, semantics) &&L_##name,
#include "bytecode/opcodes.def"
#undef DSL_OP
    };
#define OPCODE(name) L_##name:
#define DISPATCH()               \
    do {                         \
        w = *ip;                 \
        goto* kLabels[w & 0xFF]; \
    } while (0)
#else
#define OPCODE(name) case Op::name:
#define DISPATCH() goto dispatch
#endif
#define NEXT(len)    \
    do {             \
        ip += (len); \
        DISPATCH();  \
    } while (0)

    try {
#if DSL_VM_COMPUTED_GOTO
        DISPATCH();
#else
    dispatch:
        w = *ip;
        switch (Op(w & 0xFF)) {
#endif

        // ---- Moves, constants, globals
        OPCODE(NOP) {
            CHARGE(NOP);
            NEXT(1);
        }
        OPCODE(MOVE) {
            CHARGE(MOVE);
            R[A_] = R[B_];
            NEXT(1);
        }
        OPCODE(LOADI) {
            CHARGE(LOADI);
            R[A_] = Value::from_int(SBX_);
            NEXT(1);
        }
        OPCODE(LOADK) {
            CHARGE(LOADK);
            R[A_] = K[BX_];
            NEXT(1);
        }
        OPCODE(GETG) {
            CHARGE(GETG);
            R[A_] = G[BX_];
            NEXT(1);
        }
        OPCODE(SETG) {
            CHARGE(SETG);
            G[BX_] = R[A_];
            NEXT(1);
        }

        // ---- int arithmetic
// R[A] := fn(R[B], R[C]) for an int operation of bytecode/arith.h that may fail.
#define INT_OP(name, fn, y)                            \
    OPCODE(name) {                                     \
        CHARGE(name);                                  \
        int64_t r;                                     \
        CHECKED(arith::fn(R[B_].as_int(), (y), r), 0); \
        R[A_] = Value::from_int(r);                    \
        NEXT(1);                                       \
    }
        INT_OP(ADD_I, add_int, R[C_].as_int())
        INT_OP(SUB_I, sub_int, R[C_].as_int())
        INT_OP(MUL_I, mul_int, R[C_].as_int())
        INT_OP(DIV_I, div_int, R[C_].as_int())
        INT_OP(MOD_I, mod_int, R[C_].as_int())
        INT_OP(ADDK_I, add_int, int64_t(SC_))
#undef INT_OP
        OPCODE(NEG_I) {
            CHARGE(NEG_I);
            int64_t r;
            CHECKED(arith::neg_int(R[B_].as_int(), r), 0);
            R[A_] = Value::from_int(r);
            NEXT(1);
        }

        // ---- float arithmetic
#define FLOAT_OP(name, fn)                                                        \
    OPCODE(name) {                                                                \
        CHARGE(name);                                                             \
        R[A_] = Value::from_float(arith::fn(R[B_].as_float(), R[C_].as_float())); \
        NEXT(1);                                                                  \
    }
        FLOAT_OP(ADD_F, add_float)
        FLOAT_OP(SUB_F, sub_float)
        FLOAT_OP(MUL_F, mul_float)
        FLOAT_OP(DIV_F, div_float)
        FLOAT_OP(MOD_F, mod_float)
#undef FLOAT_OP
        OPCODE(NEG_F) {
            CHARGE(NEG_F);
            R[A_] = Value::from_float(arith::neg_float(R[B_].as_float()));
            NEXT(1);
        }
        OPCODE(I2F) {
            CHARGE(I2F);
            R[A_] = Value::from_float(arith::int_to_float(R[B_].as_int()));
            NEXT(1);
        }
        OPCODE(F2I) {
            CHARGE(F2I);
            double x = R[B_].as_float();
            int64_t r;
            CHECKED(arith::float_to_int(x, r), x);
            R[A_] = Value::from_int(r);
            NEXT(1);
        }

        // ---- comparisons and logic
#define COMPARE_OP(name, test, as)                              \
    OPCODE(name) {                                              \
        CHARGE(name);                                           \
        R[A_] = Value::from_bool(test(R[B_].as(), R[C_].as())); \
        NEXT(1);                                                \
    }
        COMPARE_OP(EQ_Z, arith::equal_int, as_int)
        COMPARE_OP(NE_Z, !arith::equal_int, as_int)
        COMPARE_OP(LT_I, arith::less_int, as_int)
        COMPARE_OP(LE_I, arith::less_equal_int, as_int)
        COMPARE_OP(EQ_F, arith::equal_float, as_float)
        COMPARE_OP(NE_F, !arith::equal_float, as_float)
        COMPARE_OP(LT_F, arith::less_float, as_float)
        COMPARE_OP(LE_F, arith::less_equal_float, as_float)
#undef COMPARE_OP
        OPCODE(EQ_S) {
            CHARGE(EQ_S);
            std::string_view x = R[B_].as_string()->view(), y = R[C_].as_string()->view();
            if constexpr (Metered) gas -= gas_for_bytes(std::min(x.size(), y.size()));
            R[A_] = Value::from_bool(x == y);
            NEXT(1);
        }
        OPCODE(NE_S) {
            CHARGE(NE_S);
            std::string_view x = R[B_].as_string()->view(), y = R[C_].as_string()->view();
            if constexpr (Metered) gas -= gas_for_bytes(std::min(x.size(), y.size()));
            R[A_] = Value::from_bool(x != y);
            NEXT(1);
        }
        OPCODE(NOT) {
            CHARGE(NOT);
            R[A_] = Value::from_bool(!R[B_].as_bool());
            NEXT(1);
        }

        // ---- control flow
        OPCODE(JMP) {
            CHARGE(JMP);
            NEXT(1 + SAX_);
        }
        OPCODE(LOOP) {
            CHARGE(LOOP);
            SAFEPOINT();
            NEXT(1 + SAX_);
        }
        OPCODE(JMPIF) {
            CHARGE(JMPIF);
            NEXT(R[A_].as_bool() ? 1 + SBX_ : 1);
        }
        OPCODE(JMPIFNOT) {
            CHARGE(JMPIFNOT);
            NEXT(R[A_].as_bool() ? 1 : 1 + SBX_);
        }
#define JUMP_IF_ABJ(name, cond)                         \
    OPCODE(name) {                                      \
        CHARGE(name);                                   \
        NEXT((cond) ? 2 + int64_t(int32_t(ip[1])) : 2); \
    }
        JUMP_IF_ABJ(JLT_I, arith::less_int(R[A_].as_int(), R[B_].as_int()))
        JUMP_IF_ABJ(JLE_I, arith::less_equal_int(R[A_].as_int(), R[B_].as_int()))
        JUMP_IF_ABJ(JEQ_Z, arith::equal_int(R[A_].as_int(), R[B_].as_int()))
        JUMP_IF_ABJ(JNE_Z, !arith::equal_int(R[A_].as_int(), R[B_].as_int()))
        JUMP_IF_ABJ(JLT_F, arith::less_float(R[A_].as_float(), R[B_].as_float()))
        JUMP_IF_ABJ(JLE_F, arith::less_equal_float(R[A_].as_float(), R[B_].as_float()))
        JUMP_IF_ABJ(JNLT_F, !arith::less_float(R[A_].as_float(), R[B_].as_float()))
        JUMP_IF_ABJ(JNLE_F, !arith::less_equal_float(R[A_].as_float(), R[B_].as_float()))
#undef JUMP_IF_ABJ
        OPCODE(FORPREP) {
            CHARGE(FORPREP);
            Value* r = &R[A_];
            NEXT(arith::less_int(r[0].as_int(), r[1].as_int()) ? 1 : 1 + SBX_);
        }
        OPCODE(FORLOOP) {
            CHARGE(FORLOOP);
            Value* r = &R[A_];
            int64_t i;
            // The body may have set the counter to the maximum itself.
            CHECKED(arith::add_int(r[0].as_int(), 1, i), 0);
            r[0] = Value::from_int(i);
            if (arith::less_int(i, r[1].as_int())) {
                SAFEPOINT();
                NEXT(1 + SBX_);
            }
            NEXT(1);
        }

        // ---- calls
        OPCODE(CALL) {
            CHARGE(CALL);
            SAFEPOINT();
            const FunctionRt* callee = &functions_[BX_];
            if (frame + 1 == frames_end) [[unlikely]]
                trap(ErrorKind::CallDepth,
                     fmt::format("call depth limit exceeded ({} frames)", frames_.size()));
            Value* callee_regs = R + frame->fn->nregs;
            if (callee_regs + callee->nregs > stack_end_) [[unlikely]] {
                top_ = frame;
                grow_stack(uint64_t(callee_regs - stack_.get()) + callee->nregs);
                R = frame->regs;
                callee_regs = R + frame->fn->nregs;
            }
            uint32_t nargs = ip[1] & 0xFF;
            const uint8_t* arg = arg_bytes(ip + 1);
            for (uint32_t i = 0; i < nargs; ++i)
                callee_regs[i] = R[arg[i]];
            for (uint32_t i = 0; i < callee->nzero; ++i)
                callee_regs[callee->zero_regs[i]] = Value();
            frame->ip = ip;
            frame->resume = ip + 1 + call_arg_words(nargs);
            ++frame;
            frame->fn = callee;
            frame->regs = callee_regs;
            frame->ret_reg = A_;
            top_ = frame;
            R = callee_regs;
            ip = callee->code;
            DISPATCH();
        }
        OPCODE(CALLB) {
            CHARGE(CALLB);
            CALL_BUILTIN(1, 0, imp.fn(call, argv.v, &out), imp.ref_result);
            NEXT(call_length(ip, 1));
        }
        OPCODE(CALLS) {
            CHARGE(CALLS);
            CALL_BUILTIN(2, ip[1], imp.fn(call, argv.v, &out), imp.ref_result);
            NEXT(call_length(ip, 2));
        }
        OPCODE(CALLBF) {
            CHARGE(CALLBF);
            CALL_BUILTIN(2, 0, out = read_field(imp, call, argv.v, ip[1]),
                         (imp.string_fields >> ip[1]) & 1);
            NEXT(call_length(ip, 2));
        }
        OPCODE(RET) {
            CHARGE(RET);
            SAFEPOINT();
            Value v = R[A_];
            if (frame == entry) {
                *result = v;
                gas_io = gas;
                return true;
            }
            uint8_t dst = frame->ret_reg;
            --frame;
            top_ = frame;
            R = frame->regs;
            R[dst] = v;
            ip = frame->resume;
            DISPATCH();
        }
        OPCODE(RET0) {
            CHARGE(RET0);
            SAFEPOINT();
            if (frame == entry) {
                gas_io = gas;
                return true;
            }
            --frame;
            top_ = frame;
            R = frame->regs;
            ip = frame->resume;
            DISPATCH();
        }

        // ---- strings
        OPCODE(CONCAT) {
            CHARGE(CONCAT);
            const String* x = R[B_].as_string();
            const String* y = R[C_].as_string();
            if constexpr (Metered) gas -= gas_for_bytes(x->length + y->length);
            R[A_] = Value::from_ref(heap_.new_string(x->view(), y->view()));
            CHARGE_COLLECTIONS();
            NEXT(1);
        }
        OPCODE(SLEN) {
            CHARGE(SLEN);
            R[A_] = Value::from_int(int64_t(R[B_].as_string()->length));
            NEXT(1);
        }
// The string is destroyed before dispatching: clang cannot leave the scope of an object
// with a destructor through an indirect goto.
#define FORMAT_OP(name, text)                                      \
    OPCODE(name) {                                                 \
        CHARGE(name);                                              \
        {                                                          \
            std::string s = (text);                                \
            if constexpr (Metered) gas -= gas_for_bytes(s.size()); \
            R[A_] = Value::from_ref(heap_.new_string(s));          \
        }                                                          \
        CHARGE_COLLECTIONS();                                      \
        NEXT(1);                                                   \
    }
        FORMAT_OP(FMT_I, format_int(R[B_].as_int(), module_.specs[C_]))
        FORMAT_OP(FMT_F, format_float(R[B_].as_float(), module_.specs[C_]))
        FORMAT_OP(FMT_B, format_text(R[B_].as_bool() ? "true" : "false", module_.specs[C_]))
        FORMAT_OP(FMT_S, format_text(R[B_].as_string()->view(), module_.specs[C_]))
        FORMAT_OP(FMT_Y, format_text(symbol_text(R[B_].as_int()), module_.specs[C_]))
        FORMAT_OP(FMT_E, format_text(enum_value_name(EnumId(module_.specs[C_].enum_id),
                                                     int(R[B_].as_int())),
                                     module_.specs[C_]))
#undef FORMAT_OP

        // ---- arrays
        OPCODE(NEWARR) {
            CHARGE(NEWARR);
            int64_t n = R[B_].as_int();
            if (n < 0) [[unlikely]]
                trap(ErrorKind::Bounds, fmt::format("negative array length {}", n));
            bool strings = C_ != 0;
            Array* a = heap_.new_array(strings, uint64_t(n),
                                       strings ? Value::from_ref(empty_) : Value::from_int(0));
            if constexpr (Metered) gas -= gas_for_elements(uint64_t(n));
            R[A_] = Value::from_ref(a);
            CHARGE_COLLECTIONS();
            NEXT(1);
        }
        OPCODE(ALEN) {
            CHARGE(ALEN);
            R[A_] = Value::from_int(int64_t(R[B_].as_array()->length));
            NEXT(1);
        }
        OPCODE(AGET) {
            CHARGE(AGET);
            const Array* a = R[B_].as_array();
            int64_t i = R[C_].as_int();
            if (uint64_t(i) >= a->length) [[unlikely]]
                bad_index(i, a->length);
            R[A_] = a->data[i];
            NEXT(1);
        }
        OPCODE(ASET) {
            CHARGE(ASET);
            Array* a = R[A_].as_array();
            int64_t i = R[B_].as_int();
            if (uint64_t(i) >= a->length) [[unlikely]]
                bad_index(i, a->length);
            a->data[i] = R[C_];
            NEXT(1);
        }
        OPCODE(APUSH) {
            CHARGE(APUSH);
            heap_.array_push(R[A_].as_array(), R[B_]);
            CHARGE_COLLECTIONS();
            NEXT(1);
        }
        OPCODE(APOP) {
            CHARGE(APOP);
            Array* a = R[B_].as_array();
            if (a->length == 0) [[unlikely]]
                trap(ErrorKind::Bounds, "pop from an empty array");
            R[A_] = a->data[--a->length];
            NEXT(1);
        }
        OPCODE(ACLEAR) {
            CHARGE(ACLEAR);
            heap_.array_clear(R[A_].as_array());
            NEXT(1);
        }

        // ---- records
        OPCODE(GETFIELD) {
            CHARGE(GETFIELD);
            R[A_] = R[B_].as_record()->fields()[C_];
            NEXT(1);
        }

#if !DSL_VM_COMPUTED_GOTO
    }
#endif
}
catch (Trap& t) {
    gas_io = gas;
    record_error(std::move(t), frame, ip);
    return false;
}
return false;  // not reached: every handler dispatches or returns

#undef A_
#undef B_
#undef C_
#undef SC_
#undef BX_
#undef SBX_
#undef SAX_
#undef CHARGE
#undef SAFEPOINT
#undef CHARGE_COLLECTIONS
#undef CHECKED
#undef CALL_BUILTIN
#undef OPCODE
#undef DISPATCH
#undef NEXT
}

template bool Vm::execute<true>(int64_t&, Value*);
template bool Vm::execute<false>(int64_t&, Value*);

}  // namespace dsl::vm
