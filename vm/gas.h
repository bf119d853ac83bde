// Gas: the cost model that bounds how much work a strategy may do.
//
// Every instruction costs the gas of its line in bytecode/opcodes.def (the interpreter
// subtracts kOpInfo[op].gas, a constant folded into each handler). Builtins cost the gas of
// their line in bytecode/builtins.def. Work proportional to data size costs kGasPerElement
// per element or per 8 bytes touched, on top: string concatenation, comparison and
// formatting, array creation, builtins that build strings or arrays, and the garbage
// collections an allocation triggers (gas_for_collection). The counter is
// checked only at safepoints (LOOP, FORLOOP, CALL), so a handler stops at the first
// safepoint after its budget is spent: it may overrun by at most one loop-free,
// call-free stretch of code, which is bounded by the length of a function.
#pragma once

#include <cstdint>

namespace dsl::vm {

inline constexpr int64_t kGasPerElement = 1;

// Extra gas for `bytes` bytes of string work, rounded down (short strings are covered by
// the instruction's own gas).
constexpr int64_t gas_for_bytes(uint64_t bytes) {
    return int64_t(bytes / 8) * kGasPerElement;
}
constexpr int64_t gas_for_elements(uint64_t n) {
    return int64_t(n) * kGasPerElement;
}
// Garbage collection costs kGasPerElement per 8 objects swept or slots marked, charged to the
// instruction whose allocation triggered it.
constexpr int64_t gas_for_collection(uint64_t work) {
    return int64_t(work / 8) * kGasPerElement;
}

}  // namespace dsl::vm
