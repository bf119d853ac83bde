// dslc: the strategy compiler.
//
//   dslc FILE.strat [-o FILE.dslbc]   compile (the output defaults to FILE.dslbc)
//   dslc --check FILE.strat           report diagnostics only
//   dslc --disasm FILE.dslbc|.strat   print a listing (docs/bytecode.md)
//   dslc --builtins                   print the builtin reference (Markdown)
//
// Exit codes (common/exit_codes.h): 0 success (warnings allowed), 1 compile errors, 2 usage
// error, 3 a file could not be read or written (a directory, a device, a file over the size
// limit: a source over 4 MiB, a bytecode file over 64 MiB), 4 the bytecode file is invalid.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "builtin_reference.h"
#include "bytecode/disasm.h"
#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "common/input_file.h"
#include "tools/common/command_line.h"
#include "tools/common/compile_file.h"

namespace {

using namespace dsl;

constexpr std::string_view kTool = "dslc";

struct Options {
    std::string input;
    std::string output;
    bool check = false;
    bool disasm = false;
    bool builtins = false;
    bool werror = false;
    std::string color = "auto";
};

// --disasm of a bytecode file: read and listed as it is, without verification.
int disassemble_file(const std::string& path) {
    InputFile file = read_input_file(path, kMaxFileSize);
    if (!file.ok()) return tools::fail(kTool, file.error, kExitFile);
    auto loaded = read_module(
        std::span(reinterpret_cast<const uint8_t*>(file.bytes.data()), file.bytes.size()));
    if (auto* err = std::get_if<LoadError>(&loaded)) {
        std::cerr << fmt::format("{}: invalid bytecode at byte {}: {}\n", path, err->offset,
                                 err->message);
        return kExitBytecode;
    }
    std::cout << disassemble(std::get<Module>(loaded));
    return kExitOk;
}

// The bytecode file of `o.input` (FILE.strat -> FILE.dslbc) unless -o names one.
std::string output_path(const Options& o) {
    if (!o.output.empty()) return o.output;
    const std::string_view suffix = ".strat";
    std::string stem =
        o.input.ends_with(suffix) ? o.input.substr(0, o.input.size() - suffix.size()) : o.input;
    return stem + ".dslbc";
}

int write_bytecode(const Module& module, const std::string& out) {
    std::vector<uint8_t> bytes = write_module(module);
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    file.close();
    if (!file)
        return tools::fail(kTool, "cannot write " + out + ": " + std::strerror(errno), kExitFile);
    return kExitOk;
}

int run(const Options& o) {
    if (o.builtins) {
        std::cout << builtin_reference_markdown();
        return kExitOk;
    }
    if (o.input.empty()) return tools::fail(kTool, "no input file (see dslc --help)", kExitUsage);
    if (o.disasm && !o.input.ends_with(".strat")) return disassemble_file(o.input);
    auto compiled =
        tools::compile_file(o.input, {kTool, tools::color_diagnostics(o.color), o.werror});
    if (auto* code = std::get_if<ExitCode>(&compiled)) return *code;
    const Module& module = std::get<Module>(compiled);
    if (o.check) return kExitOk;
    if (o.disasm) {
        std::cout << disassemble(module);
        return kExitOk;
    }
    return write_bytecode(module, output_path(o));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dslc: compiles trading strategies (.strat) to bytecode (.dslbc)"};
    app.footer(
        "Exit codes:\n"
        "  0  success (warnings allowed)\n"
        "  1  compile errors\n"
        "  2  usage error\n"
        "  3  a file could not be read or written (among them a directory, a device, a source\n"
        "     over 4 MiB or a bytecode file over 64 MiB; a pipe such as /dev/stdin is read)\n"
        "  4  invalid bytecode file\n"
        "The language is described in docs/language.md.");
    Options o;
    app.add_option("file", o.input, "strategy source (.strat), or bytecode (.dslbc) with --disasm");
    app.add_option("-o,--output", o.output, "where to write the bytecode (default: FILE.dslbc)");
    auto* check = app.add_flag("--check", o.check, "report diagnostics only; write nothing");
    auto* disasm = app.add_flag("--disasm", o.disasm, "print a readable listing of the bytecode");
    auto* builtins = app.add_flag("--builtins", o.builtins,
                                  "print the reference of builtins, handlers and records");
    app.add_flag("--werror", o.werror, "treat warnings as errors");
    tools::add_color_option(app, o.color);
    app.set_version_flag("--version", "dslc 0.1.0");
    check->excludes(disasm);
    builtins->excludes(check)->excludes(disasm);
    if (auto code = tools::parse_command_line(app, argc, argv)) return *code;
    if (!o.output.empty() && (o.check || o.disasm))
        return tools::fail(kTool, "-o cannot be combined with --check or --disasm", kExitUsage);
    return run(o);
}
