// The pipeline: parse, check, and generate code when there were no errors.
#include "compiler/compile.h"

#include <set>

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "compiler/checker.h"
#include "compiler/codegen.h"
#include "grammar/parse.h"

namespace dsl {
namespace {

// A program's bytecode must fit a module file (bytecode/file_format.h), as the loader requires,
// so that no tool writes a file that the VM refuses. Within the source size limit only string
// constants can add up past it (each is at most 64 MiB), so the message counts them.
void check_module_size(const Module& m, Diagnostics& diags) {
    const std::size_t bytes = write_module(m).size();
    if (bytes <= kMaxFileSize) return;
    std::size_t strings = 0;
    for (const Constant& c : m.constants)
        strings += c.s.size();
    diags.report(DiagKind::module_too_large, Span::point({1, 1}), kMaxFileSize, strings);
}

}  // namespace

CompileResult compile(std::string_view source, std::string_view file_name) {
    Diagnostics diags;
    ast::Program program = parse(source, diags);
    Analysis analysis = check(program, diags);
    CompileResult result;
    if (!diags.has_errors()) {
        Module m = generate(program, analysis, file_name, source, diags);
        if (!diags.has_errors()) check_module_size(m, diags);
        if (!diags.has_errors()) result.module = std::move(m);
    }
    // A character the lexer dropped, or a string that swallowed the rest of its line, makes
    // the rest of that line meaningless: report only the lexical error there.
    std::set<uint32_t> lexical_lines;
    for (const auto& d : diags.list()) {
        if (d.kind == DiagKind::invalid_character || d.kind == DiagKind::unterminated_string)
            lexical_lines.insert(d.span.begin.line);
    }
    for (auto& d : diags.sorted()) {
        bool lexical =
            d.kind == DiagKind::invalid_character || d.kind == DiagKind::unterminated_string;
        if (!lexical && lexical_lines.count(d.span.begin.line)) continue;
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

}  // namespace dsl
