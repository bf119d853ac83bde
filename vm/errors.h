// Runtime errors: what stops a strategy. A RuntimeError is data returned to the runner (the
// run then ends cleanly and the trace records it); its text is
//
//   runtime error: integer division by zero in on_bar at demo.strat:42
//     at helper (demo.strat:42)
//     at on_bar (demo.strat:17)
//
// The first line names the handler being run (or the state initialiser) and the source line
// of the instruction that failed; the stack lists one DSL frame per line, innermost first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsl::vm {

#define DSL_VM_ERROR_KINDS(X)                                                       \
    X(EventGas, "the handler used more gas than the per-event limit")               \
    X(RunGas, "the run used more gas than the per-run limit")                       \
    X(CallDepth, "too many nested calls")                                           \
    X(Memory, "the VM memory limit was reached")                                    \
    X(Arithmetic, "integer overflow, division by zero, bad conversion")             \
    X(Bounds, "array index out of bounds, pop of an empty array, bad length")       \
    X(Builtin, "a builtin rejected its arguments or failed (bad indicator length)") \
    X(Input, "an input value was rejected")

enum class ErrorKind : uint8_t {
#define X(name, doc) name,
    DSL_VM_ERROR_KINDS(X)
#undef X
};

struct StackFrame {
    std::string function;
    uint32_t line = 0;  // 0 when the line table has no entry for the instruction
    uint32_t col = 0;
};

struct RuntimeError {
    ErrorKind kind = ErrorKind::Builtin;
    std::string message;  // "integer division by zero"
    std::string handler;  // "on_bar", or the state initialiser's function name
    std::string file;     // the module's source name
    uint32_t line = 0;
    std::vector<StackFrame> stack;  // innermost first; stack[0] is where it failed

    // "runtime error: integer division by zero in on_bar at demo.strat:42"
    std::string summary() const;
    // The summary and the stack, one frame per line (long stacks elide their middle).
    std::string to_string() const;
};

// Thrown inside the VM and by HostCall::error(); caught by the interpreter, which turns it
// into a RuntimeError with the position and stack. Never escapes the Vm's public API.
struct Trap {
    ErrorKind kind;
    std::string message;
};

}  // namespace dsl::vm
