// Compiling a source file with its diagnostics on standard error (see compile_file.h).
#include "tools/common/compile_file.h"

#include <fmt/format.h>

#include <iostream>

#include "common/input_file.h"
#include "compiler/compile.h"
#include "tools/common/command_line.h"

namespace dsl::tools {

std::variant<Module, ExitCode> compile_file(const std::string& path,
                                            const CompileFileOptions& options) {
    InputFile file = read_input_file(path, kMaxSourceBytes);
    if (!file.ok()) return fail(options.tool, file.error, kExitFile);
    const std::string& source = file.bytes;
    CompileResult r = compile(source, path);
    RenderOptions render_options;
    render_options.color = options.color;
    size_t warnings = 0, errors = 0;
    SourceLines lines(source);
    for (const auto& d : r.diagnostics) {
        std::cerr << render(d, path, lines, render_options);
        warnings += d.severity == Severity::Warning;
        errors += d.severity == Severity::Error;
    }
    if (errors > 0 || !r.module || (options.werror && warnings > 0)) {
        std::cerr << fmt::format(
            "{}: {} error{}{}\n", path, errors, errors == 1 ? "" : "s",
            warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
        return kExitCompileErrors;
    }
    return std::move(*r.module);
}

}  // namespace dsl::tools
