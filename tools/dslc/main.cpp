// dslc: the strategy compiler.
//
//   dslc FILE.strat [-o FILE.dslbc]   compile (the output defaults to FILE.dslbc)
//   dslc --check FILE.strat           report diagnostics only
//   dslc --disasm FILE.dslbc|.strat   print a listing (docs/bytecode.md)
//   dslc --builtins                   print the builtin reference (Markdown)
//
// Exit codes: 0 success (warnings allowed), 1 compile errors, 2 usage error, 3 a file could
// not be read or written (a directory, a device, a file over the size limit: a source over
// 4 MiB, a bytecode file over 64 MiB), 4 the bytecode file is invalid.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "builtin_reference.h"
#include "bytecode/disasm.h"
#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "common/input_file.h"
#include "compiler/compile.h"

namespace {

enum Exit : int { kOk = 0, kCompileErrors = 1, kUsage = 2, kIoError = 3, kBadBytecode = 4 };

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Options {
    std::string input;
    std::string output;
    bool check = false;
    bool disasm = false;
    bool builtins = false;
    bool werror = false;
    std::string color = "auto";
};

// Compiles `path`, printing diagnostics to stderr. Returns the module, or the exit code.
std::optional<dsl::Module> compile_file(const Options& o, const std::string& path, int& exit_code) {
    dsl::InputFile file = dsl::read_input_file(path, dsl::kMaxSourceBytes);
    if (!file.ok()) {
        std::cerr << "dslc: " << file.error << "\n";
        exit_code = kIoError;
        return std::nullopt;
    }
    const std::string& source = file.bytes;
    dsl::CompileResult r = dsl::compile(source, path);
    dsl::RenderOptions render;
    render.color = o.color == "always" || (o.color == "auto" && isatty(STDERR_FILENO));
    size_t warnings = 0, errors = 0;
    dsl::SourceLines lines(source);
    for (const auto& d : r.diagnostics) {
        std::cerr << dsl::render(d, path, lines, render);
        warnings += d.severity == dsl::Severity::Warning;
        errors += d.severity == dsl::Severity::Error;
    }
    if (errors > 0 || (o.werror && warnings > 0)) {
        std::cerr << fmt::format(
            "{}: {} error{}{}\n", path, errors, errors == 1 ? "" : "s",
            warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
        exit_code = kCompileErrors;
        return std::nullopt;
    }
    exit_code = kOk;
    return std::move(r.module);
}

int run(const Options& o) {
    if (o.builtins) {
        std::cout << dsl::builtin_reference_markdown();
        return kOk;
    }
    if (o.input.empty()) {
        std::cerr << "dslc: no input file (see dslc --help)\n";
        return kUsage;
    }
    if (o.disasm && !ends_with(o.input, ".strat")) {
        dsl::InputFile file = dsl::read_input_file(o.input, dsl::kMaxFileSize);
        if (!file.ok()) {
            std::cerr << "dslc: " << file.error << "\n";
            return kIoError;
        }
        auto loaded = dsl::read_module(
            std::span(reinterpret_cast<const uint8_t*>(file.bytes.data()), file.bytes.size()));
        if (auto* err = std::get_if<dsl::LoadError>(&loaded)) {
            std::cerr << fmt::format("{}: invalid bytecode at byte {}: {}\n", o.input, err->offset,
                                     err->message);
            return kBadBytecode;
        }
        std::cout << dsl::disassemble(std::get<dsl::Module>(loaded));
        return kOk;
    }
    int code = kOk;
    auto module = compile_file(o, o.input, code);
    if (!module) return code;
    if (o.check) return kOk;
    if (o.disasm) {
        std::cout << dsl::disassemble(*module);
        return kOk;
    }
    std::string out = o.output;
    if (out.empty())
        out = (ends_with(o.input, ".strat") ? o.input.substr(0, o.input.size() - 6) : o.input) +
              ".dslbc";
    std::vector<uint8_t> bytes = dsl::write_module(*module);
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    file.close();
    if (!file) {
        std::cerr << "dslc: cannot write " << out << ": " << std::strerror(errno) << "\n";
        return kIoError;
    }
    return kOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dslc: compiles trading strategies (.strat) to bytecode (.dslbc)"};
    app.footer(
        "Exit codes: 0 success, 1 compile errors, 2 usage error, 3 a file could not be read or\n"
        "written (among them a directory, a device, a source over 4 MiB or a bytecode file over\n"
        "64 MiB; a pipe such as /dev/stdin is read), 4 invalid bytecode file. The language is\n"
        "described in docs/language.md.");
    Options o;
    app.add_option("file", o.input, "strategy source (.strat), or bytecode (.dslbc) with --disasm");
    app.add_option("-o,--output", o.output, "where to write the bytecode (default: FILE.dslbc)");
    auto* check = app.add_flag("--check", o.check, "report diagnostics only; write nothing");
    auto* disasm = app.add_flag("--disasm", o.disasm, "print a readable listing of the bytecode");
    auto* builtins = app.add_flag("--builtins", o.builtins,
                                  "print the reference of builtins, handlers and records");
    app.add_flag("--werror", o.werror, "treat warnings as errors");
    app.add_option("--color", o.color, "color diagnostics: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.set_version_flag("--version", "dslc 0.1.0");
    check->excludes(disasm);
    builtins->excludes(check)->excludes(disasm);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    if (!o.output.empty() && (o.check || o.disasm)) {
        std::cerr << "dslc: -o cannot be combined with --check or --disasm\n";
        return kUsage;
    }
    return run(o);
}
