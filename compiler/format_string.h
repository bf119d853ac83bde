// Format strings of format() and log(): literal text with `{}` or `{:spec}` placeholders,
// `{{` and `}}` for literal braces. Parsed from the literal as written so that errors point
// at the exact column of the placeholder.
#pragma once

#include <string>
#include <vector>

#include "bytecode/format_spec.h"
#include "syntax/ast.h"
#include "syntax/diagnostics.h"

namespace dsl {

struct FormatPiece {
    bool placeholder = false;
    std::string text;  // literal text (escapes decoded) when !placeholder
    FormatSpec spec;   // when placeholder
    Span span;         // of the placeholder, braces included
};

struct FormatString {
    std::vector<FormatPiece> pieces;
    size_t placeholders() const;
};

// Reports format_syntax errors; nullopt if there were any.
std::optional<FormatString> parse_format_string(const ast::StringLit& literal, Diagnostics& diags);

}  // namespace dsl
