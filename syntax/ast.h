// The abstract syntax tree: the compiler's own node types, built from ANTLR's parse tree by
// grammar/parse.cpp and never mutated after that. Every node carries its source span.
// Analysis results (types, resolved names) live in side tables of the checker, keyed by
// node address, not in the nodes.
//
// Nodes are plain structs with a kind tag, owned through unique_ptr by their parent;
// `as<T>()` is a checked downcast.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syntax/source.h"

namespace dsl::ast {

// ---- Types as written -------------------------------------------------------------------

struct TypeRef {
    Span span;
    std::string name;  // "float", "order", "Side"
    bool is_array = false;
};

// ---- Expressions --------------------------------------------------------------------------

enum class ExprKind : uint8_t {
    IntLit,
    FloatLit,
    BoolLit,
    StringLit,
    NaLit,
    Name,
    Unary,
    Binary,
    Ternary,
    Call,
    Index,
    Field,
    ArrayLit,
    NewArray,
};

enum class UnaryOp : uint8_t { Neg, Plus, Not };
enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, Mod, Lt, Le, Gt, Ge, Eq, Ne, And, Or };

const char* op_spelling(UnaryOp op);
const char* op_spelling(BinaryOp op);

struct Expr {
    ExprKind kind;
    Span span;

    explicit Expr(ExprKind k, Span s) : kind(k), span(s) {}
    virtual ~Expr() = default;

    template <typename T>
    const T& as() const {
        assert(kind == T::kKind);
        return static_cast<const T&>(*this);
    }
    template <typename T>
    bool is() const {
        return kind == T::kKind;
    }
};
using ExprPtr = std::unique_ptr<Expr>;

struct IntLit : Expr {
    static constexpr ExprKind kKind = ExprKind::IntLit;
    int64_t value;
    IntLit(Span s, int64_t v) : Expr(kKind, s), value(v) {}
};

struct FloatLit : Expr {
    static constexpr ExprKind kKind = ExprKind::FloatLit;
    double value;
    FloatLit(Span s, double v) : Expr(kKind, s), value(v) {}
};

struct BoolLit : Expr {
    static constexpr ExprKind kKind = ExprKind::BoolLit;
    bool value;
    BoolLit(Span s, bool v) : Expr(kKind, s), value(v) {}
};

struct StringLit : Expr {
    static constexpr ExprKind kKind = ExprKind::StringLit;
    std::string value;  // escapes already decoded
    std::string raw;    // as written, between the quotes (format strings keep positions)
    StringLit(Span s, std::string v, std::string r)
        : Expr(kKind, s), value(std::move(v)), raw(std::move(r)) {}
};

struct NaLit : Expr {
    static constexpr ExprKind kKind = ExprKind::NaLit;
    explicit NaLit(Span s) : Expr(kKind, s) {}
};

struct Name : Expr {
    static constexpr ExprKind kKind = ExprKind::Name;
    std::string name;
    Name(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

struct Unary : Expr {
    static constexpr ExprKind kKind = ExprKind::Unary;
    UnaryOp op;
    Span op_span;
    ExprPtr operand;
    Unary(Span s, UnaryOp o, Span os, ExprPtr e)
        : Expr(kKind, s), op(o), op_span(os), operand(std::move(e)) {}
};

struct Binary : Expr {
    static constexpr ExprKind kKind = ExprKind::Binary;
    BinaryOp op;
    Span op_span;
    ExprPtr lhs, rhs;
    Binary(Span s, BinaryOp o, Span os, ExprPtr l, ExprPtr r)
        : Expr(kKind, s), op(o), op_span(os), lhs(std::move(l)), rhs(std::move(r)) {}
};

struct Ternary : Expr {
    static constexpr ExprKind kKind = ExprKind::Ternary;
    ExprPtr cond, then_value, else_value;
    Ternary(Span s, ExprPtr c, ExprPtr t, ExprPtr e)
        : Expr(kKind, s), cond(std::move(c)), then_value(std::move(t)), else_value(std::move(e)) {}
};

// A call; `arg_names[i]` is the name of a named argument (`tag: "x"`), empty if positional.
struct Call : Expr {
    static constexpr ExprKind kKind = ExprKind::Call;
    std::string callee;
    Span callee_span;
    std::vector<ExprPtr> args;
    std::vector<std::string> arg_names;
    std::vector<Span> arg_name_spans;
    Call(Span s, std::string c, Span cs, std::vector<ExprPtr> a, std::vector<std::string> names,
         std::vector<Span> name_spans)
        : Expr(kKind, s),
          callee(std::move(c)),
          callee_span(cs),
          args(std::move(a)),
          arg_names(std::move(names)),
          arg_name_spans(std::move(name_spans)) {}
    bool has_named_args() const {
        for (const auto& n : arg_names) {
            if (!n.empty()) return true;
        }
        return false;
    }
};

struct Index : Expr {
    static constexpr ExprKind kKind = ExprKind::Index;
    ExprPtr target, index;
    Index(Span s, ExprPtr t, ExprPtr i)
        : Expr(kKind, s), target(std::move(t)), index(std::move(i)) {}
};

struct Field : Expr {
    static constexpr ExprKind kKind = ExprKind::Field;
    ExprPtr target;
    std::string field;
    Span field_span;
    Field(Span s, ExprPtr t, std::string f, Span fs)
        : Expr(kKind, s), target(std::move(t)), field(std::move(f)), field_span(fs) {}
};

struct ArrayLit : Expr {
    static constexpr ExprKind kKind = ExprKind::ArrayLit;
    std::vector<ExprPtr> elements;
    ArrayLit(Span s, std::vector<ExprPtr> e) : Expr(kKind, s), elements(std::move(e)) {}
};

struct NewArray : Expr {
    static constexpr ExprKind kKind = ExprKind::NewArray;
    TypeRef element;
    ExprPtr length;
    NewArray(Span s, TypeRef t, ExprPtr n)
        : Expr(kKind, s), element(std::move(t)), length(std::move(n)) {}
};

// ---- Statements ---------------------------------------------------------------------------

enum class StmtKind : uint8_t {
    Let,
    MisplacedState,
    Assign,
    If,
    While,
    ForRange,
    ForEach,
    Break,
    Continue,
    Return,
    ExprStmt,
    Block,
};

struct Stmt {
    StmtKind kind;
    Span span;

    explicit Stmt(StmtKind k, Span s) : kind(k), span(s) {}
    virtual ~Stmt() = default;

    template <typename T>
    const T& as() const {
        assert(kind == T::kKind);
        return static_cast<const T&>(*this);
    }
};
using StmtPtr = std::unique_ptr<Stmt>;

struct Block : Stmt {
    static constexpr StmtKind kKind = StmtKind::Block;
    std::vector<StmtPtr> statements;
    Block(Span s, std::vector<StmtPtr> st) : Stmt(kKind, s), statements(std::move(st)) {}
};
using BlockPtr = std::unique_ptr<Block>;

// `let name: type = value` (a local) and, when misplaced inside a body, `var ...`.
struct Let : Stmt {
    static constexpr StmtKind kKind = StmtKind::Let;
    std::string name;
    Span name_span;
    std::optional<TypeRef> type;
    ExprPtr value;
    Let(StmtKind k, Span s, std::string n, Span ns, std::optional<TypeRef> t, ExprPtr v)
        : Stmt(k, s), name(std::move(n)), name_span(ns), type(std::move(t)), value(std::move(v)) {}
};

// `target = value` or `target op= value`.
struct Assign : Stmt {
    static constexpr StmtKind kKind = StmtKind::Assign;
    std::optional<BinaryOp> op;  // set for compound assignment
    Span op_span;
    ExprPtr target, value;
    Assign(Span s, std::optional<BinaryOp> o, Span os, ExprPtr t, ExprPtr v)
        : Stmt(kKind, s), op(o), op_span(os), target(std::move(t)), value(std::move(v)) {}
};

struct If : Stmt {
    static constexpr StmtKind kKind = StmtKind::If;
    ExprPtr cond;
    BlockPtr then_block;
    StmtPtr else_branch;  // a Block, another If, or null
    If(Span s, ExprPtr c, BlockPtr t, StmtPtr e)
        : Stmt(kKind, s), cond(std::move(c)), then_block(std::move(t)), else_branch(std::move(e)) {}
};

struct While : Stmt {
    static constexpr StmtKind kKind = StmtKind::While;
    ExprPtr cond;
    BlockPtr body;
    While(Span s, ExprPtr c, BlockPtr b) : Stmt(kKind, s), cond(std::move(c)), body(std::move(b)) {}
};

// `for name in from..to { }`: name runs from `from` up to `to` - 1.
struct ForRange : Stmt {
    static constexpr StmtKind kKind = StmtKind::ForRange;
    std::string var;
    Span var_span;
    ExprPtr from, to;
    BlockPtr body;
    ForRange(Span s, std::string v, Span vs, ExprPtr f, ExprPtr t, BlockPtr b)
        : Stmt(kKind, s),
          var(std::move(v)),
          var_span(vs),
          from(std::move(f)),
          to(std::move(t)),
          body(std::move(b)) {}
};

// `for name in array { }`.
struct ForEach : Stmt {
    static constexpr StmtKind kKind = StmtKind::ForEach;
    std::string var;
    Span var_span;
    ExprPtr array;
    BlockPtr body;
    ForEach(Span s, std::string v, Span vs, ExprPtr a, BlockPtr b)
        : Stmt(kKind, s),
          var(std::move(v)),
          var_span(vs),
          array(std::move(a)),
          body(std::move(b)) {}
};

struct Break : Stmt {
    static constexpr StmtKind kKind = StmtKind::Break;
    explicit Break(Span s) : Stmt(kKind, s) {}
};

struct Continue : Stmt {
    static constexpr StmtKind kKind = StmtKind::Continue;
    explicit Continue(Span s) : Stmt(kKind, s) {}
};

struct Return : Stmt {
    static constexpr StmtKind kKind = StmtKind::Return;
    ExprPtr value;  // null for a bare `return`
    Return(Span s, ExprPtr v) : Stmt(kKind, s), value(std::move(v)) {}
};

struct ExprStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::ExprStmt;
    ExprPtr expr;
    ExprStmt(Span s, ExprPtr e) : Stmt(kKind, s), expr(std::move(e)) {}
};

// ---- Declarations -------------------------------------------------------------------------

enum class DeclKind : uint8_t { Input, State, Const, Function, Handler };

struct Param {
    std::string name;
    Span name_span;
    TypeRef type;
};

struct Decl {
    DeclKind kind;
    Span span;
    std::string name;
    Span name_span;

    Decl(DeclKind k, Span s, std::string n, Span ns)
        : kind(k), span(s), name(std::move(n)), name_span(ns) {}
    virtual ~Decl() = default;
};
using DeclPtr = std::unique_ptr<Decl>;

// `input name: type = default`, `var name[: type] = value`, `const name[: type] = value`.
// `value` is null when it did not parse (the error is already reported).
struct ValueDecl : Decl {
    std::optional<TypeRef> type;
    ExprPtr value;
    ValueDecl(DeclKind k, Span s, std::string n, Span ns, std::optional<TypeRef> t, ExprPtr v)
        : Decl(k, s, std::move(n), ns), type(std::move(t)), value(std::move(v)) {}
};

// `fn name(params) -> result { }` and handlers `on_bar(s: symbol) { }`.
// `body_broken` marks a body that did not parse: the declaration is still known, so that
// calls to it are checked, but its body is not.
struct FunctionDecl : Decl {
    std::vector<Param> params;
    std::optional<TypeRef> result;
    BlockPtr body;
    bool body_broken = false;
    FunctionDecl(DeclKind k, Span s, std::string n, Span ns, std::vector<Param> p,
                 std::optional<TypeRef> r, BlockPtr b)
        : Decl(k, s, std::move(n), ns),
          params(std::move(p)),
          result(std::move(r)),
          body(std::move(b)) {}
};

struct Program {
    std::vector<DeclPtr> decls;  // in source order
};

}  // namespace dsl::ast
