// The bytecode verifier: proves, before anything runs, that a module read by read_module()
// cannot make the interpreter misbehave. The interpreter relies on every rule below and
// checks none of them again (it checks only what depends on run-time values: arithmetic,
// bounds, limits).
//
// Rules, per function:
//   - every instruction decodes (known opcode, not truncated);
//   - every operand is in range: registers < the function's register count (FORPREP and
//     FORLOOP also use A+1), constants, globals, functions, imports, format specs, record
//     fields, call sites;
//   - register types match the operand letters of bytecode/opcodes.def and the rules that
//     tie operands together: MOVE copies between registers of one type; LOADK's constant,
//     GETG/SETG's global, AGET/ASET/APUSH/APOP's element, GETFIELD's field and RET's
//     function result have the register's type; EQ_Z/NE_Z/JEQ_Z/JNE_Z compare two registers
//     of one type; LOADI puts 0/1 in a bool and a valid ordinal in an enum; NEWARR's E flag
//     says whether the elements are strings; FMT_E's spec names the register's enum and
//     every FMT_* spec accepts the value's type;
//   - calls pass exactly the callee's parameters, in type: CALL against the callee's
//     parameter registers, CALLB/CALLS against the builtin's signature with every default
//     parameter present and, for kSeries builtins, a trailing int bars_ago; a non-void
//     result goes to a register of the result type; CALLS is used exactly for kStateful
//     builtins and names a call site of the same import;
//   - jump targets are instruction starts inside the function; only LOOP and FORLOOP jump
//     backwards and they must (so every cycle passes a safepoint);
//   - no path falls off the end of the code (every reachable path ends in RET or RET0);
//     RET is used in functions with a result and RET0 in void functions;
//   - every register is assigned before it is read, on every path (a forward must-analysis
//     over the control-flow graph; parameters start assigned).
// And for the module: handler functions take the parameters of handlers.def and return
// void; the state initialiser takes no parameter and returns void; inputs are scalar
// globals (int, float, bool, string, enum), each named once.
//
// Unreachable instructions are checked for everything except definite assignment.
#pragma once

#include <optional>
#include <string>

#include "bytecode/module.h"

namespace dsl::vm {

struct VerifyError {
    std::string where;    // "function on_bar, pc 12", "handler on_bar", "input length"
    std::string message;  // "ADD_I: operand B (r3) is float, expected int"

    // "bad bytecode: function on_bar, pc 12: ADD_I: operand B (r3) is float, expected int"
    std::string to_string() const { return "bad bytecode: " + where + ": " + message; }
};

// The first rule the module breaks, or nullopt when it is sound.
std::optional<VerifyError> verify_module(const Module& m);

// Limits of the verifier itself, so that a hostile file cannot make it use unbounded memory
// or time: a function may have at most this many basic blocks, and the definite-assignment
// analysis at most this many instruction visits (compiled strategies need a few per
// instruction; the largest legal function has 2^24 words).
inline constexpr size_t kMaxBasicBlocks = 1u << 20;
inline constexpr uint64_t kMaxVerifierSteps = 1u << 26;

}  // namespace dsl::vm
