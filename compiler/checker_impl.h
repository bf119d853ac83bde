// The checker's internal class, shared by checker.cpp (declarations and statements) and
// check_expr.cpp (expressions and calls). Not part of the compiler's interface.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "bytecode/arith.h"
#include "compiler/checker.h"
#include "compiler/shared_reads.h"

namespace dsl {

class Checker {
  public:
    explicit Checker(Diagnostics& diags) : diags_(diags) {}
    Analysis run(const ast::Program& program);

  private:
    // ---- Global names
    struct GlobalSymbol {
        ast::DeclKind kind;
        uint32_t index = 0;  // global slot, function index, or const index
        Span span;
        bool ready = false;  // its value/type is known (declaration processed)
    };
    struct ConstInfo {
        Literal value;
        bool ok = false;
    };

    // Where an expression is being checked, for the rules that depend on it.
    enum class Context : uint8_t { Body, Const, InputDefault, StateInit };

    Diagnostics& diags_;
    Analysis a_;
    std::map<std::string, GlobalSymbol> globals_;
    std::vector<ConstInfo> consts_;

    // The function being checked, its scopes (name -> local id) and loop nesting.
    int fn_ = -1;
    std::vector<std::map<std::string, uint32_t>> scopes_;
    int loop_depth_ = 0;
    std::vector<std::string> conditional_;  // "an 'if'", "a loop", ... around the current code
    Context context_ = Context::Body;
    std::string init_name_;  // the state or const whose initialiser is being checked

    // Purity of state initialisers: builtins that are not kPure called directly by each
    // function, the user functions each calls, and initialisers' own calls.
    std::vector<std::map<BuiltinId, Span>> impure_calls_;
    std::vector<std::set<uint32_t>> callees_;
    std::vector<uint32_t> call_counts_;
    // Each function's first stateful call site by source position, if it has one.
    std::vector<std::optional<uint32_t>> first_site_;
    struct InitCalls {
        std::string state;
        std::vector<std::pair<uint32_t, Span>> functions;
        bool reported = false;
    };
    std::vector<InitCalls> init_calls_;
    SharedReads shared_reads_;  // of the function being checked
    // "Did you mean" hints for unknown names and functions compare the name with every name
    // of the program; only the first kMaxProgramHints get one, so that a file of many
    // unknown names still checks in time linear in its size.
    static constexpr size_t kMaxProgramHints = 100;
    size_t program_hints_ = 0;
    // " (did you mean 'x'?)", or empty; `candidates()` is called only while hints are left.
    template <typename Candidates>
    std::string program_hint(std::string_view name, Candidates candidates) {
        if (program_hints_ >= kMaxProgramHints) return "";
        ++program_hints_;
        return did_you_mean(name, candidates());
    }

    // ---- checker.cpp: declarations and statements
    void declare(const ast::Decl& d);
    bool claim_global_name(const ast::Decl& d);
    void declare_function(const ast::FunctionDecl& d);
    void check_handler_signature(const ast::FunctionDecl& d, FunctionInfo& info);
    void check_value_decl(const ast::ValueDecl& d);
    void check_function_body(uint32_t index);
    void check_initializer_purity();
    void report_unused_locals(const FunctionInfo& f);
    void report_shared_indicators();
    void report_indicators_outside_bars();
    std::optional<Type> resolve_type(const ast::TypeRef& t, const char* what);

    // Statements return whether control can reach the end of the statement.
    bool check_block(const ast::Block& b, bool new_scope = true);
    bool check_stmt(const ast::Stmt& s);
    void check_let(const ast::Let& s);
    void check_assign(const ast::Assign& s);
    std::optional<Type> check_assign_target(const ast::Assign& s, const std::string& op_text,
                                            std::string& target_name);
    bool name_assignable(const ast::Name& name, Span span, const std::string& op_text);
    void check_compound_assign(const ast::Assign& s, const std::string& op_text, Type target_type,
                               const std::string& target_name);
    void check_plain_assign(const ast::Assign& s, Type target_type, const std::string& target_name);
    bool check_if(const ast::If& s);
    bool check_while(const ast::While& w);
    void check_for_range(const ast::ForRange& f);
    void check_for_each(const ast::ForEach& f);
    void check_loop_body(const ast::Block& body);
    void check_return(const ast::Return& s);
    uint32_t declare_local(const std::string& name, Span span, Type type, bool read_only,
                           const void* node);
    // The id of local `name` in the innermost scope that declares it, if one does.
    std::optional<uint32_t> find_local(const std::string& name) const;
    std::optional<std::pair<std::string, Span>> find_visible(const std::string& name) const;

    // ---- check_expr.cpp: expressions and calls
    std::optional<Type> check_expr(const ast::Expr& e);
    std::optional<Type> check_expr_impl(const ast::Expr& e);
    std::optional<Type> check_name(const ast::Name& e);
    std::optional<Type> check_local_name(const ast::Name& e, uint32_t id);
    std::optional<Type> check_constant_name(const ast::Name& e, const GlobalSymbol& sym);
    std::optional<Type> check_global_name(const ast::Name& e, const GlobalSymbol& sym);
    void report_name_without_value(const ast::Name& e);
    std::vector<std::string> value_names() const;
    std::optional<Type> check_unary(const ast::Unary& e);
    std::optional<Type> check_binary(const ast::Binary& e);
    std::optional<Type> check_ternary(const ast::Ternary& e);
    std::optional<Type> check_index(const ast::Index& e);
    std::optional<Type> check_field(const ast::Field& e);
    std::optional<Type> check_array_literal(const ast::ArrayLit& e, std::optional<Type> expected);
    std::optional<Type> check_new_array(const ast::NewArray& e);
    std::optional<Type> check_call(const ast::Call& e);
    std::optional<Type> check_user_call(const ast::Call& e, uint32_t function);
    std::optional<std::vector<std::optional<uint32_t>>> bind_arguments(
        const ast::Call& e, const std::vector<std::string>& names, size_t required, bool report);
    std::optional<Type> check_conversion(const ast::Call& e, Type to);
    std::optional<Type> check_builtin_call(const ast::Call& e,
                                           const std::vector<const BuiltinInfo*>& overloads);
    std::optional<Type> check_format_call(const ast::Call& e, const BuiltinInfo& b);
    std::optional<Type> check_str_call(const ast::Call& e);
    void note_builtin_use(const ast::Call& e, const BuiltinInfo& b, CallTarget& target);
    std::optional<uint32_t> read_symbol(const ast::Call& e, const CallTarget& target) const;

    // Checks `e` against an expected type (int converts to float); reports with `report`
    // when it does not fit. Returns whether it fits.
    template <typename Report>
    bool check_assignable(const ast::Expr& e, Type expected, Report report);
    // An initial value for `name`, of the declared type if there is one.
    std::optional<Type> check_expr_expecting(const ast::Expr& e, std::optional<Type> expected,
                                             const std::string& name);
    // A value: like check_expr, but a call that returns nothing is an error here.
    std::optional<Type> check_value(const ast::Expr& e);
    std::optional<Type> check_after_bad_annotation(const ast::Expr& e);
    void check_condition(const ast::Expr& e);

    // ---- fold.cpp: constant folding
    // The value of `e` if it is a constant expression. An operation in it that fails is
    // reported (and the result is nothing) unless it is in a part the evaluation skips.
    std::optional<Literal> fold_constant(const ast::Expr& e);
    std::optional<Literal> fold_unevaluated(const ast::Expr& e);
    std::optional<Literal> fold_fault(arith::Fault f, double operand, Span at, Literal placeholder);
    std::optional<Literal> fold_unary(const ast::Unary& e, Type t);
    std::optional<Literal> fold_binary(const ast::Binary& e, Type t);
    std::optional<Literal> fold_logical(const ast::Binary& e);
    std::optional<Literal> fold_ternary(const ast::Ternary& e, Type t);
    std::optional<Literal> fold_conversion(const ast::Call& e, Type t);
    int unevaluated_ = 0;  // > 0 while folding a side of ?:, and, or that is not taken
    bool in_body() const { return context_ == Context::Body; }
};

// int converts implicitly to float; every other type must match exactly.
inline bool assignable(Type to, Type from) {
    return to == from || (to.kind == TypeKind::Float && from.kind == TypeKind::Int);
}

template <typename Report>
bool Checker::check_assignable(const ast::Expr& e, Type expected, Report report) {
    std::optional<Type> t;
    if (e.is<ast::ArrayLit>() && expected.is_array()) {
        t = check_array_literal(e.as<ast::ArrayLit>(), expected);
        if (t) a_.types[&e] = *t;
    } else {
        t = check_value(e);
    }
    if (!t) return false;
    if (!assignable(expected, *t)) {
        report(*t);
        return false;
    }
    return true;
}

}  // namespace dsl
