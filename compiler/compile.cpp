// The pipeline: parse, check, and generate code when there were no errors.
#include "compiler/compile.h"

#include "compiler/checker.h"
#include "compiler/codegen.h"
#include "grammar/parse.h"

namespace dsl {

CompileResult compile(std::string_view source, std::string_view file_name) {
    Diagnostics diags;
    ast::Program program = parse(source, diags);
    Analysis analysis = check(program, diags);
    CompileResult result;
    if (!diags.has_errors()) {
        Module m = generate(program, analysis, file_name, source, diags);
        if (!diags.has_errors()) result.module = std::move(m);
    }
    result.diagnostics = diags.sorted();
    return result;
}

}  // namespace dsl
