// Unit tests of the checker's side tables: the facts the code generator relies on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler/checker.h"
#include "grammar/parse.h"

namespace dsl {
namespace {

struct Checked {
    Diagnostics diags;
    ast::Program program;
    Analysis analysis;
};

std::unique_ptr<Checked> check_source(const std::string& src) {
    auto c = std::make_unique<Checked>();
    c->program = parse(src, c->diags);
    c->analysis = check(c->program, c->diags);
    return c;
}

// The body statements of the first function or handler.
const std::vector<ast::StmtPtr>& body(const Checked& c) {
    for (const auto& d : c.program.decls) {
        if (d->kind == ast::DeclKind::Function || d->kind == ast::DeclKind::Handler)
            return static_cast<const ast::FunctionDecl&>(*d).body->statements;
    }
    static const std::vector<ast::StmtPtr> none;
    return none;
}

// The initial value of the i-th `let` of the first body.
const ast::Expr& let_value(const Checked& c, size_t i) {
    size_t seen = 0;
    for (const auto& s : body(c)) {
        if (s->kind == ast::StmtKind::Let && seen++ == i) return *s->as<ast::Let>().value;
    }
    throw std::runtime_error("no such let");
}

TEST(Checker, ArithmeticPromotesIntToFloat) {
    auto c = check_source(
        "on_start() {\n let a = 1 + 2\n let b = 1 + 2.0\n let c = 7 / 2\n let d = \"x\" + \"y\"\n"
        " let _ = a + c\n let _b = b\n let _d = d\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    EXPECT_EQ(c->analysis.type_of(&let_value(*c, 0)), Type::int_());
    EXPECT_EQ(c->analysis.type_of(&let_value(*c, 1)), Type::float_());
    EXPECT_EQ(c->analysis.type_of(&let_value(*c, 2)), Type::int_());
    EXPECT_EQ(c->analysis.type_of(&let_value(*c, 3)), Type::string());
}

TEST(Checker, OverloadsAreChosenByArgumentType) {
    auto c = check_source(
        "on_start() {\n let a = abs(-3)\n let b = abs(-3.5)\n let n = max(1, 2.5)\n"
        " let _ = a\n let _b = b + n\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    EXPECT_EQ(c->analysis.calls.at(&let_value(*c, 0)).builtin, BuiltinId::abs_int);
    EXPECT_EQ(c->analysis.calls.at(&let_value(*c, 1)).builtin, BuiltinId::abs_float);
    // No exact match for (int, float): the float version, with the int converted.
    EXPECT_EQ(c->analysis.calls.at(&let_value(*c, 2)).builtin, BuiltinId::max_float);
}

TEST(Checker, NamedArgumentsMapToParameters) {
    auto c =
        check_source("on_bar(s: symbol) {\n let id = buy(s, 10, tag: \"t\")\n let _ = id\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    const CallTarget& t = c->analysis.calls.at(&let_value(*c, 0));
    ASSERT_EQ(t.arg_of_param.size(), 4u);
    EXPECT_EQ(t.arg_of_param[0], 0u);
    EXPECT_EQ(t.arg_of_param[1], 1u);
    EXPECT_FALSE(t.arg_of_param[2].has_value());  // tif: its default
    EXPECT_EQ(t.arg_of_param[3], 2u);
    EXPECT_EQ(t.param_types[1], Type::float_());  // 10 converts to float
}

TEST(Checker, HistoryDepthComesFromConstantIndexes) {
    auto c = check_source(
        "const BACK = 3\non_bar(s: symbol) {\n let a = close(s)[BACK * 2]\n let b = high(s)[1]\n"
        " let _ = a + b\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    EXPECT_EQ(c->analysis.history_depth, 7u);
    EXPECT_EQ(c->analysis.history.size(), 2u);
}

TEST(Checker, DynamicHistoryIndexesGetTheDefaultDepth) {
    auto c = check_source("on_bar(s: symbol) {\n for i in 0..3 {\n  let _ = close(s)[i]\n }\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    EXPECT_EQ(c->analysis.history_depth, kDynamicHistoryDepth);
}

TEST(Checker, IndicatorCallSitesAreNumberedInSourceOrder) {
    auto c = check_source(
        "on_bar(s: symbol) {\n let a = sma(close(s), 3)\n let b = ema(close(s), 5)\n"
        " let x = crossover(a, b)\n let _ = x\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    ASSERT_EQ(c->analysis.sites.size(), 3u);
    EXPECT_EQ(c->analysis.sites[0].builtin, BuiltinId::sma);
    EXPECT_EQ(c->analysis.sites[1].builtin, BuiltinId::ema);
    EXPECT_EQ(c->analysis.sites[2].builtin, BuiltinId::crossover);
    EXPECT_EQ(c->analysis.calls.at(&let_value(*c, 1)).site, 1u);
}

TEST(Checker, ConstantsAndInputDefaultsAreFolded) {
    auto c = check_source(
        "const A = 6 * 7\nconst B: float = A\ninput n: float = A - 2\n"
        "on_start() {\n let x = B + n\n let _ = x\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    ASSERT_EQ(c->analysis.globals.size(), 1u);
    const auto& def = c->analysis.globals[0].input_default;
    ASSERT_TRUE(def.has_value());
    EXPECT_EQ(def->type, Type::float_());
    EXPECT_DOUBLE_EQ(def->f, 40.0);
    const auto& x = let_value(*c, 0).as<ast::Binary>();
    EXPECT_EQ(c->analysis.names.at(x.lhs.get()).kind, NameRef::Kind::Constant);
    EXPECT_DOUBLE_EQ(c->analysis.names.at(x.lhs.get()).constant.f, 42.0);
}

TEST(Checker, LocalsAreNumberedPerFunctionAfterParameters) {
    auto c = check_source(
        "fn f(a: int, b: int) -> int {\n let c = a + b\n return c\n}\non_start() {\n let _ = f(1, "
        "2)\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    const FunctionInfo& f = c->analysis.functions[0];
    ASSERT_EQ(f.locals.size(), 3u);
    EXPECT_EQ(f.locals[2].name, "c");
    EXPECT_EQ(c->analysis.local_ids.at(body(*c)[0].get()), 2u);
}

TEST(Checker, EnumValuesResolveToOrdinals) {
    auto c =
        check_source("on_order_fill(o: order) {\n let x = o.side == Side.Sell\n let _ = x\n}\n");
    ASSERT_FALSE(c->diags.has_errors());
    const auto& eq = let_value(*c, 0).as<ast::Binary>();
    EXPECT_TRUE(c->analysis.fields.at(eq.rhs.get()).is_enum_value);
    EXPECT_EQ(c->analysis.fields.at(eq.rhs.get()).ordinal, 1);
    EXPECT_EQ(c->analysis.type_of(eq.lhs.get()), Type::enum_(EnumId::Side));
}

TEST(Checker, OneMistakeGivesOneDiagnostic) {
    // The unknown name makes the whole expression untyped; nothing built on it is reported.
    auto c =
        check_source("on_start() {\n let x = (missing + 1) * 2 > 3\n if x { log(\"{}\", x) }\n}\n");
    ASSERT_EQ(c->diags.list().size(), 1u);
    EXPECT_EQ(c->diags.list()[0].kind, DiagKind::unknown_name);
}

}  // namespace
}  // namespace dsl

namespace dsl {
namespace {

// The examples together show every builtin (every order type among them) and every handler.
TEST(Examples, TogetherUseEveryBuiltinAndHandler) {
    std::set<BuiltinId> used;
    std::set<HandlerId> handlers;
    for (const auto& entry : std::filesystem::directory_iterator(DSL_EXAMPLES)) {
        if (entry.path().extension() != ".strat") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        auto c = check_source(text.str());
        ASSERT_FALSE(c->diags.has_errors()) << entry.path();
        for (const auto& [expr, target] : c->analysis.calls) {
            if (target.kind == CallTarget::Kind::Builtin) used.insert(target.builtin);
        }
        for (const auto& f : c->analysis.functions) {
            if (f.handler) handlers.insert(*f.handler);
        }
    }
    for (const auto& b : all_builtins()) {
        EXPECT_TRUE(used.count(b.id)) << b.name << b.signature_text << " is used by no example";
    }
    for (const auto& h : all_handlers())
        EXPECT_TRUE(handlers.count(h.id)) << h.name << " is in no example";
}

}  // namespace
}  // namespace dsl
