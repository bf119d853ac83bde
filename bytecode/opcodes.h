// The instruction set, expanded from opcodes.def: the Op enum, per-opcode metadata
// (name, format, operand kinds, gas, semantics) and the helpers that encode and decode
// instruction words. Nothing here knows about modules or the VM.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dsl {

enum class Op : uint8_t {
#define DSL_OP(name, format, operands, gas, semantics) name,
#include "bytecode/opcodes.def"
#undef DSL_OP
};

inline constexpr int kOpCount = 0
#define DSL_OP(name, format, operands, gas, semantics) +1
#include "bytecode/opcodes.def"
#undef DSL_OP
    ;

enum class Format : uint8_t { ABC, ABx, AsBx, sAx, ABJ, CALL, CALLW };

// What one operand field holds; parsed from the operand string of opcodes.def.
struct Operand {
    enum class Kind : uint8_t {
        None,
        Reg,       // a register; `mode` and `type` apply
        Const,     // K: constant pool index
        Global,    // G: global slot
        Function,  // F: function index
        Import,    // M: builtin import index
        Spec,      // P: format spec index
        Field,     // X: record field index
        ElemFlag,  // E: 1 when an array's elements are strings
        Imm,       // N: signed immediate
        Jump,      // J: jump offset
    };
    Kind kind = Kind::None;
    char mode = 0;  // '<' read, '>' written, '=' read and written (registers only)
    char type = 0;  // i f b s y a r z t (registers only)

    constexpr bool reads() const { return mode == '<' || mode == '='; }
    constexpr bool writes() const { return mode == '>' || mode == '='; }
};

struct OpInfo {
    std::string_view name;
    Format format;
    std::array<Operand, 3> operands;  // A, B, C (or A, Bx; or sAx alone)
    uint8_t gas;
    std::string_view semantics;
};

namespace detail {
constexpr Operand parse_operand(std::string_view tok) {
    Operand o;
    if (tok.empty() || tok == "-") return o;
    if (tok[0] == '<' || tok[0] == '>' || tok[0] == '=') {
        o.kind = Operand::Kind::Reg;
        o.mode = tok[0];
        o.type = tok.size() > 1 ? tok[1] : 0;
        return o;
    }
    switch (tok[0]) {
        case 'K':
            o.kind = Operand::Kind::Const;
            break;
        case 'G':
            o.kind = Operand::Kind::Global;
            break;
        case 'F':
            o.kind = Operand::Kind::Function;
            break;
        case 'M':
            o.kind = Operand::Kind::Import;
            break;
        case 'P':
            o.kind = Operand::Kind::Spec;
            break;
        case 'X':
            o.kind = Operand::Kind::Field;
            break;
        case 'E':
            o.kind = Operand::Kind::ElemFlag;
            break;
        case 'N':
            o.kind = Operand::Kind::Imm;
            break;
        case 'J':
            o.kind = Operand::Kind::Jump;
            break;
        default:
            break;
    }
    return o;
}

constexpr std::array<Operand, 3> parse_operands(std::string_view s) {
    std::array<Operand, 3> out{};
    size_t slot = 0;
    while (!s.empty() && slot < 3) {
        size_t space = s.find(' ');
        out[slot++] = parse_operand(s.substr(0, space));
        if (space == std::string_view::npos) break;
        s.remove_prefix(space + 1);
    }
    return out;
}
}  // namespace detail

inline constexpr std::array<OpInfo, kOpCount> kOpInfo = {{
#define DSL_OP(name, format, operands, gas, semantics) \
    {#name, Format::format, detail::parse_operands(operands), gas, semantics},
#include "bytecode/opcodes.def"
#undef DSL_OP
}};

constexpr const OpInfo& op_info(Op op) {
    return kOpInfo[static_cast<size_t>(op)];
}

// ---- Encoding ---------------------------------------------------------------------------

constexpr Op op_of(uint32_t w) {
    return Op(w & 0xFF);
}
constexpr uint8_t a_of(uint32_t w) {
    return uint8_t(w >> 8);
}
constexpr uint8_t b_of(uint32_t w) {
    return uint8_t(w >> 16);
}
constexpr uint8_t c_of(uint32_t w) {
    return uint8_t(w >> 24);
}
constexpr int8_t sc_of(uint32_t w) {
    return int8_t(w >> 24);
}
constexpr uint16_t bx_of(uint32_t w) {
    return uint16_t(w >> 16);
}
constexpr int16_t sbx_of(uint32_t w) {
    return int16_t(w >> 16);
}
constexpr int32_t sax_of(uint32_t w) {
    return int32_t(w) >> 8;
}

constexpr uint32_t encode_abc(Op op, uint8_t a, uint8_t b, uint8_t c) {
    return uint32_t(op) | uint32_t(a) << 8 | uint32_t(b) << 16 | uint32_t(c) << 24;
}
constexpr uint32_t encode_abx(Op op, uint8_t a, uint16_t bx) {
    return uint32_t(op) | uint32_t(a) << 8 | uint32_t(bx) << 16;
}
constexpr uint32_t encode_asbx(Op op, uint8_t a, int16_t sbx) {
    return uint32_t(op) | uint32_t(a) << 8 | uint32_t(uint16_t(sbx)) << 16;
}
constexpr uint32_t encode_sax(Op op, int32_t sax) {
    return uint32_t(op) | uint32_t(sax) << 8;
}

inline constexpr int32_t kMaxSax = (1 << 23) - 1;
inline constexpr int32_t kMinSax = -(1 << 23);
inline constexpr int kMaxRegisters = 256;
inline constexpr int kMaxCallArgs = 255;

// Words taken by the argument list of a CALL-format instruction with n arguments.
constexpr size_t call_arg_words(size_t n) {
    return (1 + n + 3) / 4;
}

// Where the argument words of a CALL- or CALLW-format instruction start: after the
// instruction word, and after CALLW's extra word.
constexpr size_t call_args_at(Op op) {
    return op_info(op).format == Format::CALLW ? 2 : 1;
}

// The i-th argument register of a call whose argument words start at `args`.
constexpr uint8_t call_arg(const uint32_t* args, size_t i) {
    size_t byte = i + 1;
    return uint8_t(args[byte / 4] >> (8 * (byte % 4)));
}

// Length in words of the instruction at code[0], given `avail` words from there on;
// 0 when the instruction is truncated or its opcode is unknown.
size_t instruction_length(const uint32_t* code, size_t avail);

}  // namespace dsl
