// The bytecode inspector's model: a .dslbc file as the viewer lists it - handlers, functions,
// inputs, globals, constants, and each function's disassembly grouped under the source lines
// it came from.
//
// The module is read with read_module() (structure checked) and never verified or run: the
// viewer has no VM. Undecodable instructions are shown as such (disassemble_instruction). The
// source is the .strat given explicitly, else the text embedded in the module.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsl::viewer {

struct InstructionRow {
    std::uint32_t pc = 0;
    std::string text;     // "ADD_I r3, r1, r2"
    std::string comment;  // the disassembler's note, e.g. a constant's value
};

// Consecutive instructions from one source line.
struct SourceBlock {
    std::uint32_t line = 0;  // 0: no line information
    std::vector<InstructionRow> code;
};

struct FunctionView {
    std::uint32_t index = 0;
    std::string name;
    std::string signature;  // "F2 on_bar(r0: symbol) -> void"
    std::string role;       // "handler on_bar", "state initialiser", "function"
    std::uint32_t line = 0;
    std::vector<SourceBlock> blocks;
    bool bad_code = false;  // stopped at an instruction that cannot be decoded
};

struct BytecodeView {
    std::string path;
    std::string error;  // the file could not be read or is not valid bytecode; all else empty
    std::string hash;   // XXH3-64 of the file, 16 hex digits (the trace header's bytecode_hash)
    std::string title;  // "examples/sma_cross.strat (bytecode format 1, dslc 0.1.0)"
    std::string source_origin;           // "embedded in the module" or the .strat's path
    std::string source_note;             // e.g. the .strat differs from the embedded source
    std::vector<std::string> source;     // source[i] is line i + 1
    std::vector<std::string> handlers;   // "on_bar -> F1 on_bar"
    std::vector<std::string> inputs;     // "fast_len: int = 10  (G0)"
    std::vector<std::string> globals;    // "G2 trades: int"
    std::vector<std::string> constants;  // "K0 float 100"
    std::vector<FunctionView> functions;
    std::string listing;  // the whole `dslc --disasm` text

    bool ok() const { return error.empty(); }
    // The source text of a line ("" when out of range).
    const std::string& source_line(std::uint32_t line) const;
};

// Loads `path`; `source_path` ("" for none) names the .strat to show beside it.
BytecodeView load_bytecode(const std::string& path, const std::string& source_path = "");

}  // namespace dsl::viewer
