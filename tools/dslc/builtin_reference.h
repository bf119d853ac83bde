// The builtin, handler, record and enum reference in Markdown, generated from the tables
// in bytecode/. docs/language.md embeds this output verbatim (a test keeps them equal).
#pragma once

#include <string>

namespace dsl {

std::string builtin_reference_markdown();

}  // namespace dsl
