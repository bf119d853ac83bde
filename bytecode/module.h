// The in-memory form of a compiled strategy: what dslc produces, what bytecode files hold
// (bytecode/file_format.h) and what the VM verifies and runs. Plain data; every index in
// it is checked by the loader (structure) and the verifier (code) before anything runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bytecode/builtins.h"
#include "bytecode/format_spec.h"
#include "bytecode/types.h"

namespace dsl {

inline constexpr uint32_t kNoFunction = 0xFFFFFFFFu;

// A constant pool entry: an int, float or string.
struct Constant {
    Type type;
    int64_t i = 0;
    double f = 0;
    std::string s;
};

// A persistent variable: strategy state (`var`) or an input (`input`).
struct Global {
    std::string name;
    Type type;
};

// An input parameter: a global that the runner sets before the strategy starts, from
// its default or from the command line.
struct Input {
    std::string name;
    uint32_t global = 0;
    Literal default_value;
};

// A builtin the module calls, by table id. Files store name and signature so that a file
// from another build with a different table fails to load instead of calling the wrong one.
struct Import {
    BuiltinId id;
};

// A call site of a stateful builtin (an indicator): its state is kept per site and symbol.
struct Site {
    uint32_t import = 0;
    uint32_t line = 0;
    uint32_t col = 0;
};

// Maps the instruction starting at `pc` and those after it (until the next entry) to a
// source position.
struct LineInfo {
    uint32_t pc = 0;
    uint32_t line = 0;
    uint32_t col = 0;
};

struct Function {
    std::string name;
    uint32_t line = 0;         // where it is declared
    uint32_t param_count = 0;  // parameters arrive in registers 0 .. param_count-1
    Type result = Type::void_();
    std::vector<Type> registers;  // the fixed type of every register
    std::vector<uint32_t> code;
    std::vector<LineInfo> lines;  // sorted by pc

    // Source line of the instruction at pc (0 if unknown).
    LineInfo position_at(uint32_t pc) const;
};

struct HandlerBinding {
    HandlerId handler;
    uint32_t function = 0;
};

// The most bars of market history a module may keep: the compiler accepts history offsets up
// to kMaxHistoryDepth - 1 (`close(s)[100000]`), and the verifier rejects a larger depth.
inline constexpr uint32_t kMaxHistoryDepth = 100'001;

struct Module {
    std::string source_name;               // the .strat file name as given to the compiler
    std::string source_text;               // embedded so that listings and errors can show lines
    std::string compiler;                  // "dslc 0.1.0"
    uint32_t history_depth = 1;            // bars of market history kept (1: the current bar)
    uint32_t init_function = kNoFunction;  // sets state to its initial values

    std::vector<Constant> constants;
    std::vector<FormatSpec> specs;
    std::vector<Global> globals;
    std::vector<Input> inputs;
    std::vector<Import> imports;
    std::vector<Site> sites;
    std::vector<Function> functions;
    std::vector<HandlerBinding> handlers;

    // The function bound to a handler, or kNoFunction.
    uint32_t handler_function(HandlerId h) const;
    // Line `line` (1-based) of the embedded source, without its newline; empty if absent.
    std::string_view source_line(uint32_t line) const;
};

// The least history depth a module's imports need: 2 when one of them reads a previous bar
// itself (kPrevBar builtins such as atr), else 1 (the current bar). The compiler writes at
// least this, whatever the strategy indexes, and the verifier requires it.
uint32_t min_history_depth(const Module& m);

}  // namespace dsl
