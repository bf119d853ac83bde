// The disassembler. Operands are rendered from the opcode table, so a new opcode needs no
// code here unless it has a new operand kind.
#include "bytecode/disasm.h"

#include <fmt/format.h>

#include <cmath>

#include "bytecode/file_format.h"
#include "bytecode/opcodes.h"

namespace dsl {
namespace {

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20)
                    out += fmt::format("\\x{:02x}", c);
                else
                    out += c;
        }
    }
    return out + "\"";
}

// A placeholder as it is written in source: {} or {:spec}.
std::string spec_text(const FormatSpec& spec) {
    return spec.text.empty() ? "{}" : "{:" + spec.text + "}";
}

std::string reg_type_name(const Function& f, size_t r) {
    return r < f.registers.size() ? type_name(f.registers[r]) : "?";
}

struct OperandText {
    std::string text;
    std::string comment;
};

// The name of field `field` of the record that import `import` returns (CALLBF), or fieldN
// when the import or the field does not exist (the disassembler also shows invalid code).
std::string called_field_name(const Module& m, uint32_t import, uint32_t field) {
    if (import < m.imports.size()) {
        Type result = builtin_info(m.imports[import].id).signature.result.type;
        if (result.kind == TypeKind::Record) {
            auto fields = record_fields(result.record_id());
            if (field < fields.size()) return std::string(fields[field].name);
        }
    }
    return fmt::format("field{}", field);
}

OperandText render(const Module& m, const Function& f, Operand op, int64_t value, uint32_t next_pc,
                   uint8_t record_reg) {
    using K = Operand::Kind;
    switch (op.kind) {
        case K::None:
            return {};
        case K::Reg:
            return {fmt::format("r{}", value), {}};
        case K::Const: {
            std::string c;
            if (size_t(value) < m.constants.size()) {
                const auto& k = m.constants[size_t(value)];
                c = literal_text(k.type, k.i, k.f, k.s);
            }
            return {fmt::format("K{}", value), c};
        }
        case K::Global:
            return {fmt::format("G{}", value),
                    size_t(value) < m.globals.size() ? m.globals[size_t(value)].name : ""};
        case K::Function:
            return {fmt::format("F{}", value),
                    size_t(value) < m.functions.size() ? m.functions[size_t(value)].name : ""};
        case K::Import:
            return {fmt::format("M{}", value),
                    size_t(value) < m.imports.size()
                        ? std::string(builtin_info(m.imports[size_t(value)].id).name)
                        : ""};
        case K::Spec:
            return {fmt::format("P{}", value),
                    size_t(value) < m.specs.size() ? spec_text(m.specs[size_t(value)]) : ""};
        case K::Field: {
            if (record_reg < f.registers.size() &&
                f.registers[record_reg].kind == TypeKind::Record) {
                auto fields = record_fields(f.registers[record_reg].record_id());
                if (size_t(value) < fields.size())
                    return {std::string(fields[size_t(value)].name), {}};
            }
            return {fmt::format("field{}", value), {}};
        }
        case K::ElemFlag:
        case K::Imm:
            return {fmt::format("{}", value), {}};
        case K::Jump:
            return {fmt::format("-> {}", int64_t(next_pc) + value), {}};
    }
    return {};
}

}  // namespace

std::string literal_text(Type t, int64_t i, double f, const std::string& s) {
    switch (t.kind) {
        case TypeKind::Int:
            return fmt::format("{}", i);
        case TypeKind::Bool:
            return i ? "true" : "false";
        case TypeKind::Float: {
            if (std::isnan(f)) return "na";
            std::string text = fmt::format("{}", f);
            if (text.find_first_of(".eni") == std::string::npos) text += ".0";
            return text;
        }
        case TypeKind::String:
            return quoted(s);
        case TypeKind::Enum:
            return fmt::format("{}.{}", enum_name(t.enum_id()),
                               enum_value_name(t.enum_id(), int(i)));
        default:
            return "?";
    }
}

DecodedText disassemble_instruction(const Module& m, const Function& f, uint32_t pc) {
    DecodedText out;
    const uint32_t* code = f.code.data() + pc;
    size_t len = instruction_length(code, f.code.size() - pc);
    if (len == 0) return out;
    uint32_t w = code[0];
    Op op = op_of(w);
    const OpInfo& info = op_info(op);
    uint32_t next = pc + uint32_t(len);
    std::vector<OperandText> parts;
    std::string args;
    switch (info.format) {
        case Format::ABC:
            parts.push_back(render(m, f, info.operands[0], a_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[1], b_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[2],
                                   info.operands[2].kind == Operand::Kind::Imm ? sc_of(w) : c_of(w),
                                   next, b_of(w)));
            break;
        case Format::ABx:
            parts.push_back(render(m, f, info.operands[0], a_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[1], bx_of(w), next, 0));
            break;
        case Format::AsBx:
            parts.push_back(render(m, f, info.operands[0], a_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[1], sbx_of(w), next, 0));
            break;
        case Format::sAx:
            parts.push_back(render(m, f, info.operands[0], sax_of(w), next, 0));
            break;
        case Format::ABJ:
            parts.push_back(render(m, f, info.operands[0], a_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[1], b_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[2], int32_t(code[1]), next, 0));
            break;
        case Format::CALL:
        case Format::CALLW: {
            // A call whose result is void has no destination to show.
            Type result = Type::int_();
            if (op == Op::CALL && bx_of(w) < m.functions.size())
                result = m.functions[bx_of(w)].result;
            if (op != Op::CALL && bx_of(w) < m.imports.size())
                result = builtin_info(m.imports[bx_of(w)].id).signature.result.type;
            if (result.kind != TypeKind::Void)
                parts.push_back(render(m, f, info.operands[0], a_of(w), next, 0));
            parts.push_back(render(m, f, info.operands[1], bx_of(w), next, 0));
            const uint32_t* argw = code + call_args_at(op);
            size_t n = argw[0] & 0xFF;
            if (op == Op::CALLS) parts.back().text += fmt::format(" S{}", code[1]);
            args.push_back('(');
            for (size_t i = 0; i < n; ++i)
                args += fmt::format("{}r{}", i ? ", " : "", call_arg(argw, i));
            args += ")";
            if (op == Op::CALLBF) args += "." + called_field_name(m, bx_of(w), code[1]);
            break;
        }
    }
    std::string text;
    std::string comment;
    for (const auto& p : parts) {
        if (p.text.empty()) continue;
        if (!text.empty()) text += ", ";
        text += p.text;
        if (p.comment.empty()) continue;
        if (!comment.empty()) comment += "  ";
        comment += p.comment;
    }
    out.text = fmt::format("{:<9} {}{}", info.name, text, args);
    while (!out.text.empty() && out.text.back() == ' ')
        out.text.pop_back();
    out.comment = comment;
    out.length = len;
    return out;
}

std::string opcode_reference_markdown() {
    static constexpr const char* kFormats[] = {"ABC", "ABx", "AsBx", "sAx", "ABJ", "CALL", "CALLW"};
    std::string out = "| opcode | format | operands | gas | semantics |\n|---|---|---|---|---|\n";
#define DSL_OP(name, layout, operands, gas, semantics)            \
    out += fmt::format("| `{}` | {} | `{}` | {} | {} |\n", #name, \
                       kFormats[size_t(Format::layout)], operands, gas, semantics);
#include "bytecode/opcodes.def"
#undef DSL_OP
    return out;
}

namespace {

// The module's tables of values, each under its heading; an empty one is left out.
void append_value_tables(const Module& m, std::string& out) {
    if (!m.inputs.empty()) {
        out += "\ninputs:\n";
        for (const auto& in : m.inputs) {
            out += fmt::format("  {}: {} = {}  (G{})\n", in.name, type_name(in.default_value.type),
                               literal_text(in.default_value.type, in.default_value.i,
                                            in.default_value.f, in.default_value.s),
                               in.global);
        }
    }
    if (!m.globals.empty()) {
        out += "\nglobals:\n";
        for (size_t i = 0; i < m.globals.size(); ++i)
            out += fmt::format("  G{:<3} {}: {}\n", i, m.globals[i].name,
                               type_name(m.globals[i].type));
    }
    if (!m.constants.empty()) {
        out += "\nconstants:\n";
        for (size_t i = 0; i < m.constants.size(); ++i) {
            const auto& k = m.constants[i];
            out += fmt::format("  K{:<3} {:<6} {}\n", i, type_name(k.type),
                               literal_text(k.type, k.i, k.f, k.s));
        }
    }
    if (!m.specs.empty()) {
        out += "\nformat specs:\n";
        for (size_t i = 0; i < m.specs.size(); ++i) {
            const FormatSpec& spec = m.specs[i];
            std::string of;
            if (spec.enum_id < kEnumCount)
                of = fmt::format("  ({} names)", enum_name(EnumId(spec.enum_id)));
            out += fmt::format("  P{:<3} {}{}\n", i, spec_text(spec), of);
        }
    }
}

// The tables of what the code calls and of who calls it: imports, indicator sites, handlers.
void append_call_tables(const Module& m, std::string& out) {
    if (!m.imports.empty()) {
        out += "\nimports:\n";
        for (size_t i = 0; i < m.imports.size(); ++i) {
            const auto& b = builtin_info(m.imports[i].id);
            out += fmt::format("  M{:<3} {}{}\n", i, b.name, b.signature_text);
        }
    }
    if (!m.sites.empty()) {
        out += "\nindicator sites:\n";
        for (size_t i = 0; i < m.sites.size(); ++i) {
            const auto& s = m.sites[i];
            std::string name = s.import < m.imports.size()
                                   ? std::string(builtin_info(m.imports[s.import].id).name)
                                   : "?";
            out += fmt::format("  S{:<3} {} at {}:{}\n", i, name, s.line, s.col);
        }
    }
    if (!m.handlers.empty()) {
        out += "\nhandlers:\n";
        for (const auto& h : m.handlers)
            out += fmt::format("  {} -> F{}\n", handler_info(h.handler).name, h.function);
    }
}

// A function's signature, size and registers beyond its parameters.
void append_function_header(const Module& m, size_t fi, std::string& out) {
    const auto& f = m.functions[fi];
    out += fmt::format("\nF{} {}(", fi, f.name);
    for (uint32_t p = 0; p < f.param_count; ++p)
        out += fmt::format("{}r{}: {}", p ? ", " : "", p, reg_type_name(f, p));
    out += fmt::format(") -> {}  line {}, {} registers, {} words{}\n", type_name(f.result), f.line,
                       f.registers.size(), f.code.size(),
                       fi == m.init_function ? ", state initialiser" : "");
    if (f.registers.size() > f.param_count) {
        std::string regs;
        for (size_t r = f.param_count; r < f.registers.size(); ++r)
            regs +=
                fmt::format("{}r{}: {}", regs.empty() ? "" : ", ", r, type_name(f.registers[r]));
        out += fmt::format("  registers {}\n", regs);
    }
}

// A function's instructions, each source line shown once above the first instruction compiled
// from it; the listing stops at the first word that does not decode.
void append_code(const Module& m, const Function& f, std::string& out) {
    uint32_t shown_line = 0;
    for (uint32_t pc = 0; pc < f.code.size();) {
        LineInfo pos = f.position_at(pc);
        if (pos.line != 0 && pos.line != shown_line) {
            out += fmt::format("      ; {:>4} | {}\n", pos.line, m.source_line(pos.line));
            shown_line = pos.line;
        }
        DecodedText d = disassemble_instruction(m, f, pc);
        if (d.length == 0) {
            out += fmt::format("  {:>4}  <bad instruction 0x{:08x}>\n", pc, f.code[pc]);
            break;
        }
        std::string line = fmt::format("  {:>4}  {}", pc, d.text);
        if (!d.comment.empty()) line = fmt::format("{:<40} ; {}", line, d.comment);
        out += line + "\n";
        pc += uint32_t(d.length);
    }
}

}  // namespace

std::string disassemble(const Module& m) {
    std::string out;
    out +=
        fmt::format("; {}  (bytecode format {}, {})\n", m.source_name, kFormatVersion, m.compiler);
    out +=
        fmt::format("; history depth {} bar{}\n", m.history_depth, m.history_depth == 1 ? "" : "s");
    append_value_tables(m, out);
    append_call_tables(m, out);
    for (size_t fi = 0; fi < m.functions.size(); ++fi) {
        append_function_header(m, fi, out);
        append_code(m, m.functions[fi], out);
    }
    return out;
}

}  // namespace dsl
