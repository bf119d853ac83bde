// Declarations and statements (the checker's design is in checker.h).
//
// Order of work: (1) declare every top-level name with its signature, so that functions can
// call functions declared later; (2) check constants, input defaults and state initialisers
// in source order (an initialiser may use only what is declared before it); (3) check every
// body; (4) whole-program rules: purity of initialisers, shared indicator state, unused
// locals, a strategy without handlers.
#include <algorithm>

#include "bytecode/opcodes.h"
#include "compiler/checker_impl.h"
#include "compiler/operators.h"

namespace dsl {
namespace {

const std::vector<std::string>& type_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out = {"int",    "float", "bool",     "string",
                                        "symbol", "order", "position", "portfolio"};
        for (int e = 0; e < kEnumCount; ++e)
            out.emplace_back(enum_name(EnumId(e)));
        return out;
    }();
    return names;
}

bool is_type_name(const std::string& name) {
    const auto& names = type_names();
    return name == "void" || std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> handler_names() {
    std::vector<std::string> out;
    for (const auto& h : all_handlers())
        out.emplace_back(h.name);
    return out;
}

std::string signature_text(const std::string& name, const std::vector<Param>& params) {
    std::string out = name + "(";
    for (size_t i = 0; i < params.size(); ++i) {
        if (i) out += ", ";
        out += params[i].name + ": " + type_name(params[i].type.type);
    }
    return out + ")";
}

const char* decl_noun(ast::DeclKind k) {
    switch (k) {
        case ast::DeclKind::Input:
            return "input";
        case ast::DeclKind::State:
            return "state variable";
        case ast::DeclKind::Const:
            return "constant";
        case ast::DeclKind::Function:
            return "function";
        case ast::DeclKind::Handler:
            return "handler";
    }
    return "declaration";
}

}  // namespace

Analysis check(const ast::Program& program, Diagnostics& diags) {
    return Checker(diags).run(program);
}

Analysis Checker::run(const ast::Program& program) {
    for (const auto& d : program.decls)
        declare(*d);
    impure_calls_.resize(a_.functions.size());
    callees_.resize(a_.functions.size());
    call_counts_.assign(a_.functions.size(), 0);
    first_site_.assign(a_.functions.size(), std::nullopt);
    for (const auto& d : program.decls) {
        if (d->kind == ast::DeclKind::Input || d->kind == ast::DeclKind::State ||
            d->kind == ast::DeclKind::Const)
            check_value_decl(static_cast<const ast::ValueDecl&>(*d));
    }
    for (uint32_t i = 0; i < a_.functions.size(); ++i)
        check_function_body(i);
    check_initializer_purity();
    report_indicators_outside_bars();
    report_shared_indicators();
    for (const auto& f : a_.functions)
        report_unused_locals(f);
    bool any_handler = std::any_of(a_.functions.begin(), a_.functions.end(),
                                   [](const FunctionInfo& f) { return f.handler.has_value(); });
    if (!any_handler && !program.decls.empty() && !diags_.has_errors())
        diags_.report(DiagKind::no_handlers, program.decls.front()->name_span);
    if (a_.history_depth == 0) a_.history_depth = 1;
    return std::move(a_);
}

// ---- Declarations -----------------------------------------------------------------------

std::optional<Type> Checker::resolve_type(const ast::TypeRef& t, const char* what) {
    if (t.name == "void") {
        diags_.report(DiagKind::void_type, t.span, what);
        return std::nullopt;
    }
    auto base = parse_type(t.name);
    if (!base || base->kind == TypeKind::Void) {
        diags_.report(DiagKind::unknown_type, t.span, t.name, did_you_mean(t.name, type_names()));
        return std::nullopt;
    }
    if (!t.is_array) return base;
    if (!base->is_array_element()) {
        diags_.report(DiagKind::bad_array_element, t.span, type_name(*base));
        return std::nullopt;
    }
    return Type::array_of(*base);
}

// Registers a top-level name; false (with a diagnostic) when it cannot have it.
bool Checker::claim_global_name(const ast::Decl& d) {
    if (d.kind == ast::DeclKind::Handler) {
        for (const auto& f : a_.functions) {
            if (f.handler && f.name == d.name) {
                auto& diag = diags_.report(DiagKind::duplicate_definition, d.name_span, d.name);
                diag.notes.push_back(
                    Diagnostics::note(DiagKind::previous_definition, f.decl->name_span, d.name));
                return false;
            }
        }
        return true;
    }
    if (is_type_name(d.name)) {
        diags_.report(DiagKind::type_name_redefined, d.name_span, d.name, decl_noun(d.kind));
        return false;
    }
    if (d.kind == ast::DeclKind::Function) {
        if (auto h = find_handler(d.name)) {
            const auto& info = handler_info(*h);
            diags_.report(DiagKind::handler_as_function, d.name_span, d.name, d.name,
                          signature_text("", info.params));
            return false;
        }
        if (!find_builtins(d.name).empty() || d.name == "int" || d.name == "float") {
            diags_.report(DiagKind::builtin_redefined, d.name_span, d.name);
            return false;
        }
    }
    auto it = globals_.find(d.name);
    if (it != globals_.end()) {
        auto& diag = diags_.report(DiagKind::duplicate_definition, d.name_span, d.name);
        diag.notes.push_back(
            Diagnostics::note(DiagKind::previous_definition, it->second.span, d.name));
        return false;
    }
    return true;
}

void Checker::declare(const ast::Decl& d) {
    if (d.kind == ast::DeclKind::Function || d.kind == ast::DeclKind::Handler) {
        declare_function(static_cast<const ast::FunctionDecl&>(d));
        return;
    }
    if (!claim_global_name(d)) return;
    const auto& v = static_cast<const ast::ValueDecl&>(d);
    GlobalSymbol sym{d.kind, 0, d.name_span, false};
    if (d.kind == ast::DeclKind::Const) {
        sym.index = uint32_t(consts_.size());
        consts_.push_back({});
    } else {
        sym.index = uint32_t(a_.globals.size());
        GlobalInfo g;
        g.decl = &v;
        g.name = d.name;
        g.is_input = d.kind == ast::DeclKind::Input;
        a_.globals.push_back(std::move(g));
    }
    globals_[d.name] = sym;
}

void Checker::declare_function(const ast::FunctionDecl& d) {
    FunctionInfo info;
    info.decl = &d;
    info.name = d.name;
    bool named_ok = true;
    if (d.kind == ast::DeclKind::Handler) {
        info.handler = find_handler(d.name);
        if (!info.handler) {
            diags_.report(DiagKind::unknown_handler, d.name_span, d.name,
                          did_you_mean(d.name, handler_names()), d.name);
            info.signature_ok = false;
        }
    }
    named_ok = claim_global_name(d);
    for (const auto& p : d.params) {
        auto t = resolve_type(p.type, "a parameter");
        if (!t) info.signature_ok = false;
        info.params.push_back(t.value_or(Type::void_()));
        // Parameters are part of a signature; an unused one is not worth a warning.
        info.locals.push_back({p.name, t.value_or(Type::void_()), p.name_span, false, true});
    }
    if (d.result) {
        auto t = resolve_type(*d.result, "a result");
        if (t)
            info.result = *t;
        else
            info.signature_ok = false;
    }
    if (d.params.size() > kMaxCallArgs)
        diags_.report(DiagKind::too_many_arguments, d.name_span, d.name);
    if (info.handler && info.signature_ok) check_handler_signature(d, info);
    uint32_t index = uint32_t(a_.functions.size());
    a_.functions.push_back(std::move(info));
    if (named_ok && d.kind == ast::DeclKind::Function)
        globals_[d.name] = {d.kind, index, d.name_span, true};
    // Parameters may not share a name.
    for (size_t i = 0; i < d.params.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (d.params[i].name == d.params[j].name) {
                auto& diag = diags_.report(DiagKind::duplicate_definition, d.params[i].name_span,
                                           d.params[i].name);
                diag.notes.push_back(Diagnostics::note(DiagKind::previous_definition,
                                                       d.params[j].name_span, d.params[j].name));
            }
        }
    }
}

void Checker::check_handler_signature(const ast::FunctionDecl& d, FunctionInfo& info) {
    const HandlerInfo& h = handler_info(*info.handler);
    bool ok = d.params.size() == h.params.size() && !d.result;
    for (size_t i = 0; ok && i < h.params.size(); ++i)
        ok = info.params[i] == h.params[i].type.type;
    if (ok) return;
    std::string expected = signature_text(d.name, h.params);
    std::string extra = d.result ? ", with no result" : "";
    diags_.report(
        DiagKind::handler_signature,
        Span::cover(d.name_span, d.params.empty() ? d.name_span : d.params.back().type.span),
        d.name, expected, extra);
    info.signature_ok = false;
}

void Checker::check_value_decl(const ast::ValueDecl& d) {
    auto it = globals_.find(d.name);
    bool owns = it != globals_.end() && it->second.span == d.name_span;
    std::optional<Type> declared;
    if (d.type)
        declared =
            resolve_type(*d.type, d.kind == ast::DeclKind::Input ? "an input" : "a variable");

    if (d.kind == ast::DeclKind::Const) {
        context_ = Context::Const;
        init_name_ = d.name;
        std::optional<Literal> value;
        if (d.value) {
            size_t errors = diags_.error_count();
            auto t = check_expr_expecting(*d.value, declared, d.name);
            if (t) value = fold_constant(*d.value);
            if (t && !value && diags_.error_count() == errors)
                diags_.report(DiagKind::not_constant, d.value->span,
                              "the value of constant '" + d.name + "'");
            if (t && value && declared && !assignable(*declared, value->type)) value.reset();
            if (value && declared) value = promoted(*value, *declared);
        }
        if (owns) {
            consts_[it->second.index] = {value.value_or(Literal{}), value.has_value()};
            it->second.ready = true;
        }
        context_ = Context::Body;
        return;
    }

    GlobalInfo* g = owns ? &a_.globals[it->second.index] : nullptr;
    if (d.kind == ast::DeclKind::Input) {
        context_ = Context::InputDefault;
        init_name_ = d.name;
        if (declared && !(declared->kind == TypeKind::Int || declared->kind == TypeKind::Float ||
                          declared->kind == TypeKind::Bool || declared->kind == TypeKind::String)) {
            diags_.report(DiagKind::input_type, d.type->span, d.name, type_name(*declared));
            declared.reset();
        }
        if (d.value && declared) {
            size_t errors = diags_.error_count();
            auto t = check_expr_expecting(*d.value, declared, d.name);
            auto v = t ? fold_constant(*d.value) : std::nullopt;
            if (t && !v && diags_.error_count() == errors)
                diags_.report(DiagKind::not_constant, d.value->span,
                              "the default of input '" + d.name + "'");
            if (t && v && g) g->input_default = promoted(*v, *declared);
        }
        if (g && declared) g->type = *declared;
        if (g && !g->input_default) g->type = Type::void_();  // unusable: errors reported
    } else {
        context_ = Context::StateInit;
        init_name_ = d.name;
        init_calls_.push_back({d.name, {}});
        std::optional<Type> t;
        if (d.value && d.type && !declared)
            check_after_bad_annotation(*d.value);
        else if (d.value)
            t = check_expr_expecting(*d.value, declared, d.name);
        if (g) g->type = declared ? *declared : t.value_or(Type::void_());
        if (g && t && t->kind == TypeKind::Void) {
            g->type = Type::void_();
        }
    }
    if (owns) it->second.ready = g && g->type.kind != TypeKind::Void;
    context_ = Context::Body;
}

// ---- Bodies ---------------------------------------------------------------------------------

void Checker::check_function_body(uint32_t index) {
    FunctionInfo& f = a_.functions[index];
    if (f.decl->body_broken) return;
    fn_ = int(index);
    scopes_.assign(1, {});
    for (uint32_t i = 0; i < f.locals.size(); ++i) {
        scopes_[0][f.locals[i].name] = i;
    }
    loop_depth_ = 0;
    conditional_.clear();
    bool falls_through = check_block(*f.decl->body, false);
    shared_reads_.end_function(a_.shared_reads);
    if (falls_through && f.result.kind != TypeKind::Void && f.signature_ok) {
        const auto& body = *f.decl->body;
        diags_.report(DiagKind::missing_return,
                      Span::point({body.span.end.line, body.span.end.col - 1}), f.name);
    }
    fn_ = -1;
    scopes_.clear();
}

bool Checker::check_block(const ast::Block& b, bool new_scope) {
    if (new_scope) scopes_.emplace_back();
    bool reachable = true;
    bool warned = false;
    for (const auto& s : b.statements) {
        if (!reachable && !warned) {
            diags_.report(DiagKind::unreachable_code, s->span);
            warned = true;
        }
        bool through = check_stmt(*s);
        reachable = reachable && through;
    }
    if (new_scope) scopes_.pop_back();
    return reachable;
}

std::optional<uint32_t> Checker::find_local(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
        auto found = it->find(name);
        if (found != it->end()) return found->second;
    }
    return std::nullopt;
}

std::optional<std::pair<std::string, Span>> Checker::find_visible(const std::string& name) const {
    if (auto id = find_local(name))
        return std::pair{name, a_.functions[size_t(fn_)].locals[*id].span};
    auto g = globals_.find(name);
    if (g != globals_.end() && g->second.kind != ast::DeclKind::Function)
        return std::pair{name, g->second.span};
    return std::nullopt;
}

uint32_t Checker::declare_local(const std::string& name, Span span, Type type, bool read_only,
                                const void* node) {
    FunctionInfo& f = a_.functions[size_t(fn_)];
    if (auto previous = find_visible(name)) {
        auto& diag = diags_.report(DiagKind::duplicate_definition, span, name);
        diag.notes.push_back(
            Diagnostics::note(DiagKind::previous_definition, previous->second, name));
    } else if (is_type_name(name)) {
        diags_.report(DiagKind::type_name_redefined, span, name, "variable");
    }
    uint32_t id = uint32_t(f.locals.size());
    f.locals.push_back({name, type, span, read_only, false});
    scopes_.back()[name] = id;
    a_.local_ids[node] = id;
    return id;
}

bool Checker::check_stmt(const ast::Stmt& s) {
    switch (s.kind) {
        case ast::StmtKind::Let:
            check_let(s.as<ast::Let>());
            return true;
        case ast::StmtKind::MisplacedState: {
            diags_.report(DiagKind::misplaced_state, Span::point(s.span.begin));
            check_let(static_cast<const ast::Let&>(s));
            return true;
        }
        case ast::StmtKind::Assign:
            check_assign(s.as<ast::Assign>());
            return true;
        case ast::StmtKind::If:
            return check_if(s.as<ast::If>());
        case ast::StmtKind::While:
            return check_while(s.as<ast::While>());
        case ast::StmtKind::ForRange:
            check_for_range(s.as<ast::ForRange>());
            return true;
        case ast::StmtKind::ForEach:
            check_for_each(s.as<ast::ForEach>());
            return true;
        case ast::StmtKind::Break:
            if (loop_depth_ == 0) diags_.report(DiagKind::break_outside_loop, s.span);
            return false;
        case ast::StmtKind::Continue:
            if (loop_depth_ == 0) diags_.report(DiagKind::continue_outside_loop, s.span);
            return false;
        case ast::StmtKind::Return:
            check_return(s.as<ast::Return>());
            return false;
        case ast::StmtKind::ExprStmt: {
            const auto& e = *s.as<ast::ExprStmt>().expr;
            check_expr(e);
            if (!e.is<ast::Call>()) diags_.report(DiagKind::expression_unused, e.span);
            return true;
        }
        case ast::StmtKind::Block:
            return check_block(s.as<ast::Block>());
    }
    return true;
}

void Checker::check_loop_body(const ast::Block& body) {
    ++loop_depth_;
    conditional_.push_back("a loop");
    check_block(body);
    conditional_.pop_back();
    --loop_depth_;
}

namespace {

// Whether a `break` of this loop is anywhere in its body (not counting nested loops' own).
bool has_break(const ast::Block& body) {
    std::vector<const ast::Stmt*> stack;
    for (const auto& st : body.statements)
        stack.push_back(st.get());
    while (!stack.empty()) {
        const ast::Stmt* st = stack.back();
        stack.pop_back();
        if (st->kind == ast::StmtKind::Break) return true;
        if (st->kind == ast::StmtKind::Block) {
            for (const auto& c : st->as<ast::Block>().statements)
                stack.push_back(c.get());
        } else if (st->kind == ast::StmtKind::If) {
            const auto& i = st->as<ast::If>();
            stack.push_back(i.then_block.get());
            if (i.else_branch) stack.push_back(i.else_branch.get());
        }
    }
    return false;
}

}  // namespace

bool Checker::check_while(const ast::While& w) {
    check_condition(*w.cond);
    check_loop_body(*w.body);
    // `while true` without a break never finishes normally.
    bool forever = w.cond->is<ast::BoolLit>() && w.cond->as<ast::BoolLit>().value;
    return !forever || has_break(*w.body);
}

void Checker::check_for_range(const ast::ForRange& f) {
    for (const ast::Expr* bound : {f.from.get(), f.to.get()}) {
        auto t = check_value(*bound);
        if (t && t->kind != TypeKind::Int)
            diags_.report(DiagKind::range_not_int, bound->span, type_name(*t));
    }
    scopes_.emplace_back();
    declare_local(f.var, f.var_span, Type::int_(), true, &f);
    check_loop_body(*f.body);
    scopes_.pop_back();
}

void Checker::check_for_each(const ast::ForEach& f) {
    auto t = check_value(*f.array);
    Type elem = Type::void_();
    if (t && t->is_array())
        elem = t->element();
    else if (t)
        diags_.report(DiagKind::not_iterable, f.array->span, type_name(*t));
    scopes_.emplace_back();
    uint32_t id = declare_local(f.var, f.var_span, elem, true, &f);
    if (elem.kind == TypeKind::Void) a_.functions[size_t(fn_)].locals[id].used = true;
    check_loop_body(*f.body);
    scopes_.pop_back();
}

void Checker::check_let(const ast::Let& s) {
    std::optional<Type> declared;
    if (s.type) declared = resolve_type(*s.type, "a variable");
    auto t = s.type && !declared ? check_after_bad_annotation(*s.value)
                                 : check_expr_expecting(*s.value, declared, s.name);
    Type type = declared ? *declared : t.value_or(Type::void_());
    if (!declared && t && t->kind == TypeKind::Void) type = Type::void_();
    uint32_t id = declare_local(s.name, s.name_span, type, false, &s);
    // A local whose type is unknown (its initialiser had errors) stays declared, so that its
    // uses are quietly untyped rather than "unknown name".
    if (type.kind == TypeKind::Void) a_.functions[size_t(fn_)].locals[id].used = true;
}

void Checker::check_assign(const ast::Assign& s) {
    std::string op_text = s.op ? std::string(ast::op_spelling(*s.op)) + "=" : "=";
    std::string target_name;
    std::optional<Type> target_type = check_assign_target(s, op_text, target_name);
    if (!target_type) {
        check_value(*s.value);
        return;
    }
    if (s.op)
        check_compound_assign(s, op_text, *target_type, target_name);
    else
        check_plain_assign(s, *target_type, target_name);
}

// The type a value assigned to the target must have; nothing when the target cannot be
// assigned (reported) or its type is not known. `target_name` is set to what messages call it.
std::optional<Type> Checker::check_assign_target(const ast::Assign& s, const std::string& op_text,
                                                 std::string& target_name) {
    const ast::Expr& target = *s.target;
    if (target.is<ast::Name>()) {
        target_name = target.as<ast::Name>().name;
        if (!name_assignable(target.as<ast::Name>(), target.span, op_text)) return std::nullopt;
        return check_expr(target);
    }
    if (target.is<ast::Index>() && !target.as<ast::Index>().target->is<ast::Call>()) {
        target_name = "element";
        return check_expr(target);
    }
    if (target.is<ast::Field>()) {
        // A record's fields are read-only.
        auto rec = check_value(*target.as<ast::Field>().target);
        if (rec && rec->kind == TypeKind::Record)
            diags_.report(DiagKind::assign_to_field, target.span, target.as<ast::Field>().field,
                          std::string(record_name(rec->record_id())));
        else if (rec)
            diags_.report(DiagKind::assign_to_rvalue, target.span, op_text);
        return std::nullopt;
    }
    diags_.report(DiagKind::assign_to_rvalue, target.span, op_text);
    return std::nullopt;
}

// Whether a name may be assigned: a local other than a loop variable, or a state variable (a
// name that is neither is reported by check_expr). Reports why not.
bool Checker::name_assignable(const ast::Name& name, Span span, const std::string& op_text) {
    if (auto id = find_local(name.name)) {
        LocalInfo& l = a_.functions[size_t(fn_)].locals[*id];
        if (l.read_only) {
            l.used = true;
            diags_.report(DiagKind::assign_to_loop_variable, span, name.name);
            return false;
        }
        shared_reads_.note_assigned(*id);
        return true;
    }
    auto g = globals_.find(name.name);
    if (g == globals_.end()) return true;
    if (g->second.kind == ast::DeclKind::Input) {
        diags_.report(DiagKind::assign_to_input, span, name.name, name.name);
        return false;
    }
    if (g->second.kind == ast::DeclKind::Const) {
        diags_.report(DiagKind::assign_to_constant, span, name.name);
        return false;
    }
    if (g->second.kind == ast::DeclKind::Function) {
        diags_.report(DiagKind::assign_to_rvalue, span, op_text);
        return false;
    }
    return true;
}

// `a op= b` must type-check as `a = a op b`.
void Checker::check_compound_assign(const ast::Assign& s, const std::string& op_text,
                                    Type target_type, const std::string& target_name) {
    auto v = check_value(*s.value);
    if (!v) return;
    Type result;
    bool ok = false;
    if (target_type.is_numeric() && v->is_numeric()) {
        bool is_float = target_type.kind == TypeKind::Float || v->kind == TypeKind::Float;
        result = is_float ? Type::float_() : Type::int_();
        ok = true;
    } else if (*s.op == ast::BinaryOp::Add && target_type.kind == TypeKind::String &&
               v->kind == TypeKind::String) {
        result = Type::string();
        ok = true;
    }
    if (!ok) {
        diags_.report(DiagKind::binary_mismatch, s.op_span, op_text, type_name(target_type),
                      type_name(*v));
    } else if (!assignable(target_type, result)) {
        if (s.target->is<ast::Index>())
            diags_.report(DiagKind::element_assign_mismatch, s.value->span, type_name(result),
                          type_name(target_type));
        else
            diags_.report(DiagKind::assign_mismatch, s.value->span, type_name(result), target_name,
                          type_name(target_type));
    }
}

void Checker::check_plain_assign(const ast::Assign& s, Type target_type,
                                 const std::string& target_name) {
    check_assignable(*s.value, target_type, [&](Type found) {
        if (s.target->is<ast::Index>())
            diags_.report(DiagKind::element_assign_mismatch, s.value->span, type_name(found),
                          type_name(Type::array_of(target_type)));
        else
            diags_.report(DiagKind::assign_mismatch, s.value->span, type_name(found), target_name,
                          type_name(target_type));
    });
}

bool Checker::check_if(const ast::If& s) {
    check_condition(*s.cond);
    conditional_.push_back("an 'if'");
    bool then_through = check_block(*s.then_block);
    bool else_through = true;
    if (s.else_branch) else_through = check_stmt(*s.else_branch);
    conditional_.pop_back();
    return then_through || else_through;
}

void Checker::check_return(const ast::Return& s) {
    const FunctionInfo& f = a_.functions[size_t(fn_)];
    if (f.result.kind == TypeKind::Void) {
        if (s.value) {
            check_value(*s.value);
            diags_.report(DiagKind::return_value_in_void, s.value->span, f.name);
        }
        return;
    }
    if (!s.value) {
        diags_.report(DiagKind::missing_return_value, s.span, f.name, type_name(f.result));
        return;
    }
    check_assignable(*s.value, f.result, [&](Type found) {
        diags_.report(DiagKind::return_mismatch, s.value->span, f.name, type_name(f.result),
                      type_name(found));
    });
}

// ---- Whole-program rules ----------------------------------------------------------------------

void Checker::check_initializer_purity() {
    // Transitive closure of the impure builtins each function may call.
    std::vector<std::map<BuiltinId, Span>> closure = impure_calls_;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t f = 0; f < closure.size(); ++f) {
            for (uint32_t callee : callees_[f]) {
                for (const auto& [id, span] : closure[callee]) {
                    if (closure[f].emplace(id, span).second) changed = true;
                }
            }
        }
    }
    for (const auto& init : init_calls_) {
        if (init.reported) continue;
        for (const auto& [fn, span] : init.functions) {
            if (closure[fn].empty()) continue;
            diags_.report(DiagKind::impure_initializer, span, init.state,
                          std::string(builtin_info(closure[fn].begin()->first).name));
            break;
        }
    }
}

// Indicators step once per call of their site, which is once per bar of the symbol only in
// on_bar and on_tick: called from any other handler (directly or through functions), their
// windows would hold whatever events that handler happened to run on. Reported at each
// indicator reached, naming the first such handler (in declaration order) that reaches it.
void Checker::report_indicators_outside_bars() {
    const size_t n = a_.functions.size();
    std::vector<int64_t> reached_from(n, -1);
    std::vector<uint32_t> stack;
    for (uint32_t h = 0; h < n; ++h) {
        const auto& handler = a_.functions[h].handler;
        if (!handler || handler_info(*handler).per_bar || reached_from[h] >= 0) continue;
        reached_from[h] = h;
        stack.push_back(h);
        while (!stack.empty()) {
            uint32_t f = stack.back();
            stack.pop_back();
            for (uint32_t callee : callees_[f]) {
                if (reached_from[callee] >= 0) continue;
                reached_from[callee] = h;
                stack.push_back(callee);
            }
        }
    }
    for (const CallSite& site : a_.sites) {
        if (reached_from[site.function] < 0) continue;
        const FunctionInfo& handler = a_.functions[size_t(reached_from[site.function])];
        std::string where = site.function == size_t(reached_from[site.function])
                                ? handler.name
                                : fmt::format("'{}', which {} calls",
                                              a_.functions[site.function].name, handler.name);
        diags_.report(DiagKind::indicator_outside_bars, site.span,
                      std::string(builtin_info(site.builtin).name), where);
    }
}

void Checker::report_shared_indicators() {
    for (size_t i = 0; i < a_.functions.size(); ++i) {
        const FunctionInfo& f = a_.functions[i];
        if (f.handler || call_counts_[i] < 2 || f.decl->body_broken) continue;
        if (!first_site_[i]) continue;
        std::string b(builtin_info(a_.sites[*first_site_[i]].builtin).name);
        diags_.report(DiagKind::indicator_shared, f.decl->name_span, f.name, b, call_counts_[i], b);
    }
}

void Checker::report_unused_locals(const FunctionInfo& f) {
    for (const auto& l : f.locals) {
        if (!l.used && l.name != "_" && l.name.rfind("_", 0) != 0)
            diags_.report(DiagKind::unused_local, l.span, l.name);
    }
}

}  // namespace dsl
