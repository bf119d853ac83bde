// A readable listing of a module: tables, then each function's instructions with the
// source lines they came from. The layout is described in docs/bytecode.md and pinned by
// the golden disassembly tests.
#pragma once

#include <string>

#include "bytecode/module.h"

namespace dsl {

// The listing of every table and function. Instructions that cannot be decoded (only in a
// module that has not been verified) are shown as `<bad instruction>` and stop that function.
std::string disassemble(const Module& m);

// One instruction at code[pc]: its text and its length in words (0 if it cannot be decoded).
struct DecodedText {
    std::string text;
    std::string comment;
    size_t length = 0;
};
DecodedText disassemble_instruction(const Module& m, const Function& f, uint32_t pc);

// The instruction set as a Markdown table (one row per opcode of opcodes.def), for
// docs/bytecode.md; a test keeps the document's copy equal to this.
std::string opcode_reference_markdown();

// A constant or literal as source would write it: 42, 1.5, na, "text", TimeInForce.GTC.
std::string literal_text(Type t, int64_t i, double f, const std::string& s);

}  // namespace dsl
