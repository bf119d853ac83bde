// The parser front end: source text -> AST. Lexical and syntax errors are reported to
// `diags` in plain words (ANTLR's messages are rewritten); declarations that parsed are
// returned even when others did not, so that the checker can report their errors too.
// Inputs that would make a recursive parser overflow its stack (deep nesting) are
// rejected up front with a diagnostic. No input, however broken, makes this crash.
#pragma once

#include <string_view>

#include "syntax/ast.h"
#include "syntax/diagnostics.h"

namespace dsl {

inline constexpr int kMaxNesting = 200;     // brackets, unary operators, ?:, else-if chains
inline constexpr int kMaxTreeDepth = 1000;  // levels of the parse tree of one declaration

// The parser's work, for tests of its cost: every token the parser consumed, to match it or
// to look ahead before a decision. Each decision looks a bounded number of tokens ahead, so
// `steps` stays within a constant factor of `tokens`, however long an expression is.
struct ParseWork {
    size_t tokens = 0;  // tokens given to the parser (on the default channel)
    size_t steps = 0;   // tokens it consumed, matching and looking ahead
};

ast::Program parse(std::string_view source, Diagnostics& diags, ParseWork* work = nullptr);

}  // namespace dsl
