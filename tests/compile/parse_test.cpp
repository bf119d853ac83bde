// The parser's choices that no golden file shows well: where a '-', '+' or '[' belongs (to
// the expression before it whenever one can end there), and where "nested too deeply"
// points for an expression deeper than the parse tree's limit.
#include <gtest/gtest.h>

#include "compiler/compile.h"
#include "grammar/parse.h"

namespace dsl {
namespace {

// The value of the single `let` in `on_start() { let v = ... }` given as `source`.
const ast::Expr& let_value(const ast::Program& p) {
    const auto& f = static_cast<const ast::FunctionDecl&>(*p.decls.at(0));
    return *f.body->statements.at(0)->as<ast::Let>().value;
}

ast::Program parse_clean(const std::string& source) {
    Diagnostics diags;
    ast::Program p = parse(source, diags);
    EXPECT_FALSE(diags.has_errors()) << source;
    return p;
}

TEST(PrefixOperators, ContinueTheExpressionBeforeThemAcrossLines) {
    ast::Program p = parse_clean("on_start() {\n    let v = 1\n        - 2\n        + 3\n}\n");
    const ast::Expr& v = let_value(p);
    ASSERT_TRUE(v.is<ast::Binary>());
    EXPECT_EQ(v.as<ast::Binary>().op, ast::BinaryOp::Add);
    EXPECT_EQ(v.as<ast::Binary>().lhs->as<ast::Binary>().op, ast::BinaryOp::Sub);
}

TEST(PrefixOperators, StartAnExpressionAfterAnOperatorOrKeyword) {
    ast::Program p = parse_clean("on_start() {\n    let v = 1 - -2 * +3\n}\n");
    const auto& sub = let_value(p).as<ast::Binary>();
    EXPECT_EQ(sub.op, ast::BinaryOp::Sub);
    const auto& mul = sub.rhs->as<ast::Binary>();
    EXPECT_EQ(mul.op, ast::BinaryOp::Mul);
    EXPECT_TRUE(mul.lhs->is<ast::Unary>());
    EXPECT_TRUE(mul.rhs->is<ast::Unary>());
}

TEST(PrefixOperators, BracketIndexesAfterAValueAndOpensAnArrayElsewhere) {
    ast::Program p = parse_clean("on_start() {\n    let v = [10, 20][1]\n}\n");
    const ast::Expr& v = let_value(p);
    ASSERT_TRUE(v.is<ast::Index>());
    EXPECT_TRUE(v.as<ast::Index>().target->is<ast::ArrayLit>());
}

std::string chain(size_t terms) {
    std::string out = "1";
    for (size_t i = 1; i < terms; ++i)
        out += i % 2 ? " + 2" : " - 3";
    return out;
}

// The one diagnostic of compiling `source`, as "line:col: message".
std::string only_diagnostic(const std::string& source) {
    CompileResult r = compile(source, "deep.strat");
    EXPECT_EQ(r.diagnostics.size(), 1u);
    if (r.diagnostics.empty()) return "";
    const Diagnostic& d = r.diagnostics.front();
    return fmt::format("{}:{}: {}", d.span.begin.line, d.span.begin.col, d.message);
}

TEST(NestingLimit, PointsAtTheStartOfTheTooDeepExpression) {
    const std::string msg =
        "expressions and blocks are nested too deeply (the limit is 1000 levels)";
    EXPECT_EQ(only_diagnostic("on_start() {\n    let x = " + chain(5000) + "\n}\n"),
              "2:13: " + msg);
    EXPECT_EQ(only_diagnostic("const c = 0 + (" + chain(5000) + ")\non_start() {\n}\n"),
              "1:16: " + msg);
    EXPECT_EQ(only_diagnostic("fn f() -> int {\n    return 7\n}\non_start() {\n    log(\"{}\", f() "
                              "* (" +
                              chain(2000) + "))\n}\n"),
              "5:22: " + msg);
}

}  // namespace
}  // namespace dsl
