// Built on the disassembler (bytecode/disasm.h), so the inspector shows exactly what
// `dslc --disasm` prints, regrouped by source line.
#include "viewer/inspector.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <sstream>
#include <variant>

#include "bytecode/disasm.h"
#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "common/input_file.h"

namespace dsl::viewer {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// Bytecode and its source: a regular file or a pipe, bounded like the tools' own reads (the
// format's largest file), never a device read without end.
InputFile read_file(const std::string& path) {
    return read_input_file(path, kMaxFileSize);
}

std::string role_of(const Module& m, std::uint32_t index) {
    for (const HandlerBinding& h : m.handlers) {
        if (h.function == index) return fmt::format("handler {}", handler_info(h.handler).name);
    }
    if (index == m.init_function) return "state initialiser";
    return "function";
}

FunctionView function_view(const Module& m, std::uint32_t index) {
    const Function& f = m.functions[index];
    FunctionView v;
    v.index = index;
    v.name = f.name;
    v.line = f.line;
    v.role = role_of(m, index);
    std::string params;
    for (std::uint32_t p = 0; p < f.param_count && p < f.registers.size(); ++p)
        params += fmt::format("{}r{}: {}", p ? ", " : "", p, type_name(f.registers[p]));
    v.signature = fmt::format("F{} {}({}) -> {}", index, f.name, params, type_name(f.result));
    for (std::uint32_t pc = 0; pc < f.code.size();) {
        std::uint32_t line = f.position_at(pc).line;
        if (v.blocks.empty() || v.blocks.back().line != line) v.blocks.push_back({line, {}});
        DecodedText d = disassemble_instruction(m, f, pc);
        if (d.length == 0) {
            v.blocks.back().code.push_back(
                {pc, fmt::format("<bad instruction 0x{:08x}>", f.code[pc]), ""});
            v.bad_code = true;
            break;
        }
        v.blocks.back().code.push_back({pc, d.text, d.comment});
        pc += static_cast<std::uint32_t>(d.length);
    }
    return v;
}

}  // namespace

const std::string& BytecodeView::source_line(std::uint32_t line) const {
    static const std::string kNone;
    return line >= 1 && line <= source.size() ? source[line - 1] : kNone;
}

BytecodeView load_bytecode(const std::string& path, const std::string& source_path) {
    BytecodeView v;
    v.path = path;
    InputFile file = read_file(path);
    if (!file.ok()) {
        v.error = file.error;
        return v;
    }
    const std::string& bytes = file.bytes;
    v.hash = fmt::format("{:016x}", XXH3_64bits(bytes.data(), bytes.size()));
    auto loaded = read_module(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    if (auto* e = std::get_if<LoadError>(&loaded)) {
        v.error =
            fmt::format("{}: not valid bytecode (at byte {}): {}", path, e->offset, e->message);
        return v;
    }
    const Module& m = std::get<Module>(loaded);
    v.title = fmt::format("{} (bytecode format {}, {})", m.source_name, kFormatVersion, m.compiler);
    v.source = split_lines(m.source_text);
    v.source_origin = "embedded in the module";
    if (!source_path.empty()) {
        InputFile source = read_file(source_path);
        if (source.ok()) {
            const std::string& text = source.bytes;
            v.source = split_lines(text);
            v.source_origin = source_path;
            if (text != m.source_text)
                v.source_note = fmt::format(
                    "{} differs from the source the bytecode was compiled from: line numbers "
                    "may not match",
                    source_path);
        } else {
            v.source_note = fmt::format("{}; showing the embedded source", source.error);
        }
    }
    for (const HandlerBinding& h : m.handlers) {
        std::string fname = h.function < m.functions.size() ? m.functions[h.function].name : "?";
        v.handlers.push_back(
            fmt::format("{} -> F{} {}", handler_info(h.handler).name, h.function, fname));
    }
    for (const Input& in : m.inputs) {
        v.inputs.push_back(fmt::format("{}: {} = {}  (G{})", in.name,
                                       type_name(in.default_value.type),
                                       literal_text(in.default_value.type, in.default_value.i,
                                                    in.default_value.f, in.default_value.s),
                                       in.global));
    }
    for (std::size_t i = 0; i < m.globals.size(); ++i)
        v.globals.push_back(
            fmt::format("G{} {}: {}", i, m.globals[i].name, type_name(m.globals[i].type)));
    for (std::size_t i = 0; i < m.constants.size(); ++i) {
        const Constant& k = m.constants[i];
        v.constants.push_back(
            fmt::format("K{} {} {}", i, type_name(k.type), literal_text(k.type, k.i, k.f, k.s)));
    }
    for (std::uint32_t i = 0; i < m.functions.size(); ++i)
        v.functions.push_back(function_view(m, i));
    v.listing = disassemble(m);
    return v;
}

}  // namespace dsl::viewer
