// Expressions and calls (the checker's design is in checker.h).
#include <algorithm>
#include <cmath>

#include "compiler/checker_impl.h"

namespace dsl {
namespace {

bool is_comparison(ast::BinaryOp op) {
    return op == ast::BinaryOp::Lt || op == ast::BinaryOp::Le || op == ast::BinaryOp::Gt ||
           op == ast::BinaryOp::Ge;
}

bool is_arithmetic(ast::BinaryOp op) {
    return op == ast::BinaryOp::Add || op == ast::BinaryOp::Sub || op == ast::BinaryOp::Mul ||
           op == ast::BinaryOp::Div || op == ast::BinaryOp::Mod;
}

bool formattable(Type t) {
    return t.kind != TypeKind::Void && t.kind != TypeKind::Record && !t.is_array();
}

std::string count_text(size_t n, const char* noun) {
    if (n == 0) return fmt::format("no {}s", noun);
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string arity_text(size_t required, size_t total) {
    if (required == total) return count_text(total, "argument");
    return fmt::format("{} to {} arguments", required, total);
}

std::string given_text(size_t n) {
    if (n == 0) return "none were";
    return fmt::format("{} {}", n, n == 1 ? "was" : "were");
}

}  // namespace

// ---- Entry points -------------------------------------------------------------------------

std::optional<Type> Checker::check_expr(const ast::Expr& e) {
    auto t = check_expr_impl(e);
    if (t) a_.types[&e] = *t;
    return t;
}

std::optional<Type> Checker::check_value(const ast::Expr& e) {
    auto t = check_expr(e);
    if (t && t->kind == TypeKind::Void) {
        std::string name = e.is<ast::Call>() ? e.as<ast::Call>().callee : "this";
        diags_.report(DiagKind::void_value, e.span, name);
        a_.types.erase(&e);
        return std::nullopt;
    }
    return t;
}

std::optional<Type> Checker::check_expr_expecting(const ast::Expr& e, std::optional<Type> expected,
                                                  const std::string& name) {
    if (!expected) {
        if (e.is<ast::ArrayLit>() && e.as<ast::ArrayLit>().elements.empty()) {
            diags_.report(DiagKind::empty_array_literal, e.span);
            return std::nullopt;
        }
        return check_value(e);
    }
    bool ok = check_assignable(e, *expected, [&](Type found) {
        diags_.report(DiagKind::init_mismatch, e.span, name, type_name(*expected),
                      type_name(found));
    });
    return ok ? std::optional(*expected) : std::nullopt;
}

// The initial value of a declaration whose type annotation is invalid (already reported):
// checked for its own errors, except that `[]` needs no further complaint.
std::optional<Type> Checker::check_after_bad_annotation(const ast::Expr& e) {
    if (e.is<ast::ArrayLit>() && e.as<ast::ArrayLit>().elements.empty()) return std::nullopt;
    check_value(e);
    return std::nullopt;
}

void Checker::check_condition(const ast::Expr& e) {
    auto t = check_value(e);
    if (t && t->kind != TypeKind::Bool)
        diags_.report(DiagKind::condition_not_bool, e.span, type_name(*t));
}

std::optional<Type> Checker::check_expr_impl(const ast::Expr& e) {
    switch (e.kind) {
        case ast::ExprKind::IntLit:
            return Type::int_();
        case ast::ExprKind::FloatLit:
        case ast::ExprKind::NaLit:
            return Type::float_();
        case ast::ExprKind::BoolLit:
            return Type::bool_();
        case ast::ExprKind::StringLit:
            return Type::string();
        case ast::ExprKind::Name:
            return check_name(e.as<ast::Name>());
        case ast::ExprKind::Unary:
            return check_unary(e.as<ast::Unary>());
        case ast::ExprKind::Binary:
            return check_binary(e.as<ast::Binary>());
        case ast::ExprKind::Ternary:
            return check_ternary(e.as<ast::Ternary>());
        case ast::ExprKind::Call:
            return check_call(e.as<ast::Call>());
        case ast::ExprKind::Index:
            return check_index(e.as<ast::Index>());
        case ast::ExprKind::Field:
            return check_field(e.as<ast::Field>());
        case ast::ExprKind::ArrayLit: {
            const auto& a = e.as<ast::ArrayLit>();
            if (a.elements.empty()) {
                diags_.report(DiagKind::empty_array_literal, e.span);
                return std::nullopt;
            }
            return check_array_literal(a, std::nullopt);
        }
        case ast::ExprKind::NewArray:
            return check_new_array(e.as<ast::NewArray>());
    }
    return std::nullopt;
}

// ---- Names ----------------------------------------------------------------------------------

std::optional<Type> Checker::check_name(const ast::Name& e) {
    if (fn_ >= 0) {
        if (auto id = find_local(e.name)) return check_local_name(e, *id);
    }
    auto g = globals_.find(e.name);
    if (g != globals_.end()) {
        const GlobalSymbol& sym = g->second;
        switch (sym.kind) {
            case ast::DeclKind::Const:
                return check_constant_name(e, sym);
            case ast::DeclKind::Input:
            case ast::DeclKind::State:
                return check_global_name(e, sym);
            case ast::DeclKind::Function:
                diags_.report(DiagKind::not_a_value, e.span, e.name, "a function");
                return std::nullopt;
            case ast::DeclKind::Handler:
                break;  // reported with the other names that are not values
        }
    }
    report_name_without_value(e);
    return std::nullopt;
}

std::optional<Type> Checker::check_local_name(const ast::Name& e, uint32_t id) {
    LocalInfo& l = a_.functions[size_t(fn_)].locals[id];
    l.used = true;
    if (l.type.kind == TypeKind::Void) return std::nullopt;  // its declaration had errors
    a_.names[&e] = {NameRef::Kind::Local, id, {}};
    return l.type;
}

// A constant's value is folded in. An initial value may use only the constants declared before
// it.
std::optional<Type> Checker::check_constant_name(const ast::Name& e, const GlobalSymbol& sym) {
    if (!sym.ready && (context_ == Context::Const || context_ == Context::StateInit ||
                       context_ == Context::InputDefault)) {
        diags_.report(DiagKind::initializer_uses_state, e.span, init_name_, e.name);
        return std::nullopt;
    }
    const ConstInfo& c = consts_[sym.index];
    if (!c.ok) return std::nullopt;
    a_.names[&e] = {NameRef::Kind::Constant, sym.index, c.value};
    return c.value.type;
}

// An input or state variable: not in a constant's value or an input's default (they are
// known before the run), and in a state initialiser only a state declared before it.
std::optional<Type> Checker::check_global_name(const ast::Name& e, const GlobalSymbol& sym) {
    if (context_ == Context::Const || context_ == Context::InputDefault) {
        std::string what = context_ == Context::Const ? "the value of constant '" + init_name_ + "'"
                                                      : "the default of input '" + init_name_ + "'";
        diags_.report(DiagKind::not_constant, e.span, what);
        return std::nullopt;
    }
    if (context_ == Context::StateInit && sym.kind == ast::DeclKind::State && !sym.ready) {
        diags_.report(DiagKind::initializer_uses_state, e.span, init_name_, e.name);
        return std::nullopt;
    }
    const GlobalInfo& info = a_.globals[sym.index];
    if (info.type.kind == TypeKind::Void) return std::nullopt;  // its declaration had errors
    a_.names[&e] = {NameRef::Kind::Global, sym.index, {}};
    return info.type;
}

// A name used as a value that has none: say what it names instead, or that it names nothing
// (with the closest name of the program, if one is close).
void Checker::report_name_without_value(const ast::Name& e) {
    if (find_enum(e.name)) {
        diags_.report(DiagKind::not_a_value, e.span, e.name,
                      "an enum type (its values are written like Side.Buy)");
    } else if (parse_type(e.name) || e.name == "void") {
        diags_.report(DiagKind::not_a_value, e.span, e.name, "a type");
    } else if (!find_builtins(e.name).empty()) {
        diags_.report(DiagKind::not_a_value, e.span, e.name,
                      "a builtin function (call it with arguments)");
    } else if (find_handler(e.name)) {
        diags_.report(DiagKind::not_a_value, e.span, e.name, "an event handler");
    } else {
        std::string hint = program_hint(e.name, [&] { return value_names(); });
        diags_.report(DiagKind::unknown_name, e.span, e.name, hint);
    }
}

// The names a misspelt value may have meant: the locals in scope, the globals but functions.
std::vector<std::string> Checker::value_names() const {
    std::vector<std::string> candidates;
    for (const auto& scope : scopes_) {
        for (const auto& [name, id] : scope)
            candidates.push_back(name);
    }
    for (const auto& [name, sym] : globals_) {
        if (sym.kind != ast::DeclKind::Function) candidates.push_back(name);
    }
    return candidates;
}

// ---- Operators -------------------------------------------------------------------------------

std::optional<Type> Checker::check_unary(const ast::Unary& e) {
    auto t = check_value(*e.operand);
    if (!t) return std::nullopt;
    if (e.op == ast::UnaryOp::Not) {
        if (t->kind == TypeKind::Bool) return t;
    } else if (t->is_numeric()) {
        return t;
    }
    diags_.report(DiagKind::unary_mismatch, e.op_span, ast::op_spelling(e.op), type_name(*t));
    return std::nullopt;
}

std::optional<Type> Checker::check_binary(const ast::Binary& e) {
    auto lhs = check_value(*e.lhs);
    bool short_circuit = e.op == ast::BinaryOp::And || e.op == ast::BinaryOp::Or;
    if (short_circuit)
        conditional_.push_back(fmt::format("the right side of '{}'", ast::op_spelling(e.op)));
    auto rhs = check_value(*e.rhs);
    if (short_circuit) conditional_.pop_back();
    if (!lhs || !rhs) return std::nullopt;
    Type l = *lhs, r = *rhs;
    bool numeric = l.is_numeric() && r.is_numeric();
    Type promoted =
        (l.kind == TypeKind::Float || r.kind == TypeKind::Float) ? Type::float_() : Type::int_();
    if (is_arithmetic(e.op)) {
        if (numeric) return promoted;
        if (e.op == ast::BinaryOp::Add && l.kind == TypeKind::String && r.kind == TypeKind::String)
            return l;
    } else if (is_comparison(e.op)) {
        if (numeric) return Type::bool_();
        if (l.kind == TypeKind::Bool && r.is_numeric() && e.lhs->is<ast::Binary>() &&
            is_comparison(e.lhs->as<ast::Binary>().op)) {
            const char* first = ast::op_spelling(e.lhs->as<ast::Binary>().op);
            diags_.report(DiagKind::chained_comparison, e.op_span, first, ast::op_spelling(e.op));
            return std::nullopt;
        }
    } else if (e.op == ast::BinaryOp::Eq || e.op == ast::BinaryOp::Ne) {
        if (numeric) return Type::bool_();
        bool comparable = l.kind == TypeKind::Bool || l.kind == TypeKind::String ||
                          l.kind == TypeKind::Symbol || l.kind == TypeKind::Enum;
        if (l == r && comparable) return Type::bool_();
    } else if (l.kind == TypeKind::Bool && r.kind == TypeKind::Bool) {
        return Type::bool_();
    }
    diags_.report(DiagKind::binary_mismatch, e.op_span, ast::op_spelling(e.op), type_name(l),
                  type_name(r));
    return std::nullopt;
}

std::optional<Type> Checker::check_ternary(const ast::Ternary& e) {
    check_condition(*e.cond);
    conditional_.push_back("a '?:'");
    auto a = check_value(*e.then_value);
    auto b = check_value(*e.else_value);
    conditional_.pop_back();
    if (!a || !b) return std::nullopt;
    if (*a == *b) return a;
    if (a->is_numeric() && b->is_numeric()) return Type::float_();
    diags_.report(DiagKind::ternary_mismatch, Span::cover(e.then_value->span, e.else_value->span),
                  type_name(*a), type_name(*b));
    return std::nullopt;
}

// ---- Indexing and fields ----------------------------------------------------------------------

std::optional<Type> Checker::check_index(const ast::Index& e) {
    auto target = check_value(*e.target);
    auto index = check_value(*e.index);
    if (!target) return std::nullopt;
    // History: a market data call indexed by bars ago. (A call that returns an array, such
    // as symbols(), is indexed like any array.)
    if (e.target->is<ast::Call>() && !target->is_array()) {
        auto call = a_.calls.find(e.target.get());
        if (call == a_.calls.end()) return std::nullopt;
        const CallTarget& c = call->second;
        if (c.kind != CallTarget::Kind::Builtin || !builtin_info(c.builtin).has(kSeries)) {
            diags_.report(DiagKind::history_of_non_series, e.target->span,
                          e.target->as<ast::Call>().callee);
            return std::nullopt;
        }
        if (!index) return std::nullopt;
        if (index->kind != TypeKind::Int) {
            diags_.report(DiagKind::index_not_int, e.index->span, type_name(*index));
            return std::nullopt;
        }
        size_t errors = diags_.error_count();
        if (auto k = fold_constant(*e.index)) {
            if (k->i < 0) {
                diags_.report(DiagKind::negative_history, e.index->span, k->i);
                return std::nullopt;
            }
            if (k->i > kMaxHistoryIndex) {
                diags_.report(DiagKind::history_too_deep, e.index->span, k->i, kMaxHistoryIndex);
                return std::nullopt;
            }
            a_.history_depth = std::max(a_.history_depth, uint32_t(k->i) + 1);
            shared_reads_.note_offset(e.target->as<ast::Call>(), k->i);
        } else if (diags_.error_count() != errors) {
            return std::nullopt;
        } else {
            a_.history_depth = std::max(a_.history_depth, kDynamicHistoryDepth);
            shared_reads_.note_offset(e.target->as<ast::Call>(), std::nullopt);
        }
        a_.history.insert(&e);
        return target;
    }
    if (!target->is_array()) {
        std::string hint = target->kind == TypeKind::Float
                               ? "; only arrays and market data series such as close(s)[1] can"
                               : "; only arrays can";
        diags_.report(DiagKind::not_indexable, e.target->span, type_name(*target), hint);
        return std::nullopt;
    }
    if (!index) return std::nullopt;
    if (index->kind != TypeKind::Int) {
        diags_.report(DiagKind::index_not_int, e.index->span, type_name(*index));
        return std::nullopt;
    }
    return target->element();
}

std::optional<Type> Checker::check_field(const ast::Field& e) {
    // `Enum.Value`, unless the name is also a visible value.
    if (e.target->is<ast::Name>()) {
        const std::string& name = e.target->as<ast::Name>().name;
        bool is_value = globals_.count(name) > 0;
        for (const auto& scope : scopes_)
            is_value = is_value || scope.count(name) > 0;
        if (auto en = find_enum(name); en && !is_value) {
            auto value = find_enum_value(*en, e.field);
            if (!value) {
                std::string values;
                for (int i = 0; i < enum_value_count(*en); ++i)
                    values += fmt::format("{}{}", i ? ", " : "", enum_value_name(*en, i));
                diags_.report(DiagKind::unknown_enum_value, e.field_span, name, e.field, values);
                return std::nullopt;
            }
            a_.fields[&e] = {true, 0, *value};
            return Type::enum_(*en);
        }
    }
    auto t = check_value(*e.target);
    if (!t) return std::nullopt;
    if (t->kind != TypeKind::Record) {
        diags_.report(DiagKind::no_fields, e.field_span, type_name(*t));
        return std::nullopt;
    }
    auto field = find_field(t->record_id(), e.field);
    if (!field) {
        std::vector<std::string> names;
        for (const auto& f : record_fields(t->record_id()))
            names.emplace_back(f.name);
        diags_.report(DiagKind::unknown_field, e.field_span, type_name(*t), e.field,
                      did_you_mean(e.field, names));
        return std::nullopt;
    }
    a_.fields[&e] = {false, field->index, 0};
    return field->type;
}

std::optional<Type> Checker::check_array_literal(const ast::ArrayLit& e,
                                                 std::optional<Type> expected) {
    if (expected) {
        Type elem = expected->element();
        bool ok = true;
        for (const auto& el : e.elements) {
            ok &= check_assignable(*el, elem, [&](Type found) {
                diags_.report(DiagKind::array_literal_mismatch, el->span, type_name(elem),
                              type_name(found));
            });
        }
        return ok ? expected : std::nullopt;
    }
    std::optional<Type> elem;
    bool ok = true;
    for (const auto& el : e.elements) {
        auto t = check_value(*el);
        if (!t) {
            ok = false;
            continue;
        }
        if (!elem) {
            elem = t;
            if (!t->is_array_element()) {
                diags_.report(DiagKind::bad_array_element, el->span, type_name(*t));
                return std::nullopt;
            }
        } else if (*t != *elem) {
            if (t->is_numeric() && elem->is_numeric()) {
                elem = Type::float_();
            } else {
                diags_.report(DiagKind::array_literal_mismatch, el->span, type_name(*elem),
                              type_name(*t));
                ok = false;
            }
        }
    }
    if (!ok || !elem) return std::nullopt;
    return Type::array_of(*elem);
}

std::optional<Type> Checker::check_new_array(const ast::NewArray& e) {
    auto elem = resolve_type(e.element, "an array element");
    auto n = check_value(*e.length);
    if (n && n->kind != TypeKind::Int)
        diags_.report(DiagKind::index_not_int, e.length->span, type_name(*n));
    if (!elem) return std::nullopt;
    if (!elem->is_array_element()) {
        diags_.report(DiagKind::bad_array_element, e.element.span, type_name(*elem));
        return std::nullopt;
    }
    return Type::array_of(*elem);
}

// ---- Calls ------------------------------------------------------------------------------------

std::optional<Type> Checker::check_call(const ast::Call& e) {
    // Conversions are arithmetic: constant expressions may use them (compiler/fold.cpp).
    const std::string& name = e.callee;
    if (name == "int" || name == "float")
        return check_conversion(e, name == "int" ? Type::int_() : Type::float_());
    if (context_ == Context::Const || context_ == Context::InputDefault) {
        std::string what = context_ == Context::Const ? "the value of constant '" + init_name_ + "'"
                                                      : "the default of input '" + init_name_ + "'";
        diags_.report(DiagKind::not_constant, e.span, what);
        return std::nullopt;
    }
    auto g = globals_.find(name);
    if (g != globals_.end() && g->second.kind == ast::DeclKind::Function)
        return check_user_call(e, g->second.index);
    bool is_local = false;
    for (const auto& scope : scopes_)
        is_local = is_local || scope.count(name) > 0;
    if (is_local || (g != globals_.end() && g->second.kind != ast::DeclKind::Function)) {
        for (const auto& arg : e.args)
            check_value(*arg);
        diags_.report(DiagKind::not_callable, e.callee_span, name, "a variable");
        return std::nullopt;
    }
    if (find_handler(name)) {
        for (const auto& arg : e.args)
            check_value(*arg);
        diags_.report(DiagKind::handler_called, e.callee_span, name);
        return std::nullopt;
    }
    auto overloads = find_builtins(name);
    if (!overloads.empty()) {
        if (overloads.front()->has(kFormat)) return check_format_call(e, *overloads.front());
        if (name == "str") return check_str_call(e);
        return check_builtin_call(e, overloads);
    }
    for (const auto& arg : e.args)
        check_value(*arg);
    std::string hint = program_hint(name, [&] {
        std::vector<std::string> candidates;
        for (const auto& b : all_builtins())
            candidates.emplace_back(b.name);
        for (const auto& [n, sym] : globals_) {
            if (sym.kind == ast::DeclKind::Function) candidates.push_back(n);
        }
        candidates.push_back("int");
        candidates.push_back("float");
        return candidates;
    });
    diags_.report(DiagKind::unknown_function, e.callee_span, name, hint);
    return std::nullopt;
}

std::optional<Type> Checker::check_conversion(const ast::Call& e, Type to) {
    std::vector<std::optional<Type>> args;
    for (const auto& arg : e.args)
        args.push_back(check_value(*arg));
    if (e.has_named_args()) {
        diags_.report(DiagKind::named_not_allowed, e.callee_span, e.callee);
        return std::nullopt;
    }
    if (e.args.size() != 1) {
        diags_.report(DiagKind::argument_count, e.callee_span, e.callee, arity_text(1, 1),
                      given_text(e.args.size()));
        return std::nullopt;
    }
    if (!args[0]) return std::nullopt;
    if (!args[0]->is_numeric()) {
        diags_.report(DiagKind::bad_conversion, e.args[0]->span, type_name(*args[0]),
                      type_name(to));
        return std::nullopt;
    }
    a_.calls[&e] = {
        CallTarget::Kind::Conversion, 0, BuiltinId::abs_int, to, {*args[0]}, {0}, {}, {}};
    return to;
}

// Maps arguments to parameters: positional ones in order, then named ones by name.
// bound[i] is the argument for parameter i, or nullopt when its default applies.
std::optional<std::vector<std::optional<uint32_t>>> Checker::bind_arguments(
    const ast::Call& e, const std::vector<std::string>& names, size_t required, bool report) {
    std::vector<std::optional<uint32_t>> bound(names.size());
    bool named_seen = false;
    for (uint32_t i = 0; i < e.args.size(); ++i) {
        const std::string& name = e.arg_names[i];
        if (name.empty()) {
            if (named_seen) {
                if (report) diags_.report(DiagKind::positional_after_named, e.args[i]->span);
                return std::nullopt;
            }
            if (i >= names.size()) {
                if (report)
                    diags_.report(DiagKind::argument_count, e.callee_span, e.callee,
                                  arity_text(required, names.size()), given_text(e.args.size()));
                return std::nullopt;
            }
            bound[i] = i;
            continue;
        }
        named_seen = true;
        auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
            if (report)
                diags_.report(DiagKind::unknown_argument, e.arg_name_spans[i], e.callee, name,
                              did_you_mean(name, names));
            return std::nullopt;
        }
        size_t p = size_t(it - names.begin());
        if (bound[p]) {
            if (report)
                diags_.report(DiagKind::duplicate_argument, e.arg_name_spans[i], name, e.callee);
            return std::nullopt;
        }
        bound[p] = i;
    }
    for (size_t p = 0; p < required; ++p) {
        if (bound[p]) continue;
        if (report) {
            if (!named_seen)
                diags_.report(DiagKind::argument_count, e.callee_span, e.callee,
                              arity_text(required, names.size()), given_text(e.args.size()));
            else
                diags_.report(DiagKind::missing_argument, e.callee_span, e.callee, names[p]);
        }
        return std::nullopt;
    }
    return bound;
}

std::optional<Type> Checker::check_user_call(const ast::Call& e, uint32_t function) {
    const FunctionInfo& f = a_.functions[function];
    if (context_ == Context::StateInit)
        init_calls_.back().functions.push_back({function, e.callee_span});
    else if (fn_ >= 0)
        callees_[size_t(fn_)].insert(function);
    if (fn_ != int(function)) ++call_counts_[function];
    std::vector<std::optional<Type>> args;
    for (const auto& arg : e.args) {
        if (arg->is<ast::ArrayLit>())
            args.push_back(std::nullopt);  // typed below, against its parameter
        else
            args.push_back(check_value(*arg));
    }
    std::optional<Type> result = f.signature_ok ? std::optional(f.result) : std::nullopt;
    std::vector<std::string> names;
    for (const auto& p : f.decl->params)
        names.push_back(p.name);
    auto bound = bind_arguments(e, names, names.size(), true);
    if (!bound) return result;
    if (!f.signature_ok) return std::nullopt;
    bool ok = true;
    for (size_t p = 0; p < names.size(); ++p) {
        const ast::Expr& arg = *e.args[*(*bound)[p]];
        if (arg.is<ast::ArrayLit>()) {
            ok &= check_assignable(arg, f.params[p], [&](Type found) {
                diags_.report(DiagKind::argument_mismatch, arg.span, names[p], e.callee,
                              type_name(f.params[p]), type_name(found));
            });
            continue;
        }
        auto t = args[*(*bound)[p]];
        if (!t) {
            ok = false;
            continue;
        }
        if (!assignable(f.params[p], *t)) {
            diags_.report(DiagKind::argument_mismatch, arg.span, names[p], e.callee,
                          type_name(f.params[p]), type_name(*t));
            ok = false;
        }
    }
    if (ok)
        a_.calls[&e] = {CallTarget::Kind::User,
                        function,
                        BuiltinId::abs_int,
                        f.result,
                        f.params,
                        *bound,
                        {},
                        {}};
    return result;
}

namespace {

std::vector<std::string> param_names(const BuiltinInfo& b) {
    std::vector<std::string> names;
    for (const auto& p : b.signature.params)
        names.push_back(p.name);
    return names;
}

// Whether the bound arguments fit `b`'s parameters; `exact` forbids int -> float. Reports
// the first mismatch when `report` is given. Fills the parameter types (T substituted).
template <typename Report>
bool fits(const BuiltinInfo& b, const std::vector<std::optional<uint32_t>>& bound,
          const std::vector<Type>& args, bool exact, std::vector<Type>* params, Report report) {
    const auto& ps = b.signature.params;
    std::optional<Type> elem;
    std::vector<Type> out;
    for (size_t i = 0; i < ps.size(); ++i) {
        std::optional<Type> arg;
        if (bound[i]) arg = args[*bound[i]];
        Type want;
        switch (ps[i].type.generic) {
            case SigType::Generic::None:
                want = ps[i].type.type;
                break;
            case SigType::Generic::ArrayOfElem:
                if (!arg || !arg->is_array() || (elem && *elem != arg->element())) {
                    if (arg) report(i, elem ? type_name(Type::array_of(*elem)) : "an array", *arg);
                    return false;
                }
                elem = arg->element();
                want = *arg;
                break;
            case SigType::Generic::Elem:
                if (!elem) {
                    if (!arg) return false;
                    elem = arg;
                }
                want = *elem;
                break;
        }
        if (arg && !(exact ? *arg == want : assignable(want, *arg))) {
            report(i, type_name(want), *arg);
            return false;
        }
        out.push_back(want);
    }
    if (params) *params = std::move(out);
    return true;
}

}  // namespace

std::optional<Type> Checker::check_builtin_call(const ast::Call& e,
                                                const std::vector<const BuiltinInfo*>& overloads) {
    std::vector<Type> args;
    bool args_ok = true;
    for (const auto& arg : e.args) {
        auto t = check_value(*arg);
        args_ok = args_ok && t.has_value();
        args.push_back(t.value_or(Type::void_()));
    }
    auto result_of = [](const BuiltinInfo& b, const std::vector<Type>& params) -> Type {
        switch (b.signature.result.generic) {
            case SigType::Generic::None:
                return b.signature.result.type;
            case SigType::Generic::Elem:
                return params.front().element();
            case SigType::Generic::ArrayOfElem:
                return params.front();
        }
        return Type::void_();
    };
    if (!args_ok) {
        // Stay quiet, but keep the result type when every overload agrees on it.
        const auto& r = overloads.front()->signature.result;
        bool same = r.generic == SigType::Generic::None &&
                    std::all_of(overloads.begin(), overloads.end(), [&](const BuiltinInfo* b) {
                        return b->signature.result.generic == SigType::Generic::None &&
                               b->signature.result.type == r.type;
                    });
        return same ? std::optional(r.type) : std::nullopt;
    }
    auto quiet = [](size_t, const std::string&, Type) {};
    for (bool exact : {true, false}) {
        for (const BuiltinInfo* b : overloads) {
            auto bound = bind_arguments(e, param_names(*b), b->signature.required(), false);
            std::vector<Type> params;
            if (!bound || !fits(*b, *bound, args, exact, &params, quiet)) continue;
            CallTarget target{
                CallTarget::Kind::Builtin, 0, b->id, result_of(*b, params), params, *bound, {}, {}};
            note_builtin_use(e, *b, target);
            a_.calls[&e] = std::move(target);
            return result_of(*b, params);
        }
    }
    if (overloads.size() == 1) {
        const BuiltinInfo& b = *overloads.front();
        auto bound = bind_arguments(e, param_names(b), b.signature.required(), true);
        if (!bound) return std::nullopt;
        fits(b, *bound, args, false, nullptr, [&](size_t p, const std::string& want, Type found) {
            const ast::Expr& arg = *e.args[*(*bound)[p]];
            diags_.report(DiagKind::argument_mismatch, arg.span, b.signature.params[p].name,
                          e.callee, want, type_name(found));
        });
        return std::nullopt;
    }
    std::string given, takes;
    for (size_t i = 0; i < args.size(); ++i)
        given += (i ? ", " : "") + type_name(args[i]);
    for (size_t i = 0; i < overloads.size(); ++i)
        takes += (i == 0                      ? ""
                  : i + 1 == overloads.size() ? " or "
                                              : ", ") +
                 std::string(overloads[i]->signature_text);
    diags_.report(DiagKind::no_matching_overload, e.callee_span, e.callee, given, takes);
    return std::nullopt;
}

// The local (or parameter) a market read's symbol argument names, if it names one: the
// symbols that SharedReads may find unchanged during a call.
std::optional<uint32_t> Checker::read_symbol(const ast::Call& e, const CallTarget& target) const {
    if (target.arg_of_param.size() != 1 || !target.arg_of_param[0]) return std::nullopt;
    auto ref = a_.names.find(e.args[*target.arg_of_param[0]].get());
    if (ref == a_.names.end() || ref->second.kind != NameRef::Kind::Local) return std::nullopt;
    return ref->second.index;
}

// Purity, indicator call sites and their warnings.
void Checker::note_builtin_use(const ast::Call& e, const BuiltinInfo& b, CallTarget& target) {
    if (b.has(kPure)) return;
    if (context_ == Context::StateInit) {
        // One report per initialiser: the first call that does not belong there.
        if (!init_calls_.back().reported)
            diags_.report(DiagKind::impure_initializer, e.callee_span, init_name_,
                          std::string(b.name));
        init_calls_.back().reported = true;
        return;
    }
    if (fn_ < 0) return;
    impure_calls_[size_t(fn_)].emplace(b.id, e.callee_span);
    if (b.has(kSeries)) shared_reads_.note_read(e, b.id, read_symbol(e, target));
    if (!b.has(kStateful)) return;
    target.site = uint32_t(a_.sites.size());
    a_.sites.push_back({b.id, e.span, uint32_t(fn_)});
    std::optional<uint32_t>& first = first_site_[size_t(fn_)];
    if (!first || e.span.begin < a_.sites[*first].span.begin) first = target.site;
    if (!conditional_.empty())
        diags_.report(DiagKind::indicator_in_branch, e.callee_span, std::string(b.name),
                      conditional_.back());
}

std::optional<Type> Checker::check_format_call(const ast::Call& e, const BuiltinInfo& b) {
    std::vector<std::optional<Type>> args;
    for (const auto& arg : e.args)
        args.push_back(check_value(*arg));
    Type result = b.signature.result.type;
    if (e.has_named_args()) {
        diags_.report(DiagKind::named_not_allowed, e.callee_span, e.callee);
        return result;
    }
    if (e.args.empty()) {
        diags_.report(DiagKind::argument_count, e.callee_span, e.callee,
                      "a format string and its arguments", given_text(0));
        return result;
    }
    if (!e.args[0]->is<ast::StringLit>()) {
        // A computed string alone is used as it is; with arguments it would need to be a
        // format string known at compile time.
        if (!args[0]) return result;
        if (e.args.size() == 1 && args[0]->kind == TypeKind::String) {
            FormatString whole;
            whole.pieces.push_back({true, {}, FormatSpec{}, e.args[0]->span});
            CallTarget target{CallTarget::Kind::Builtin, 0, b.id, result, {Type::string()}, {},
                              std::move(whole),          {}};
            note_builtin_use(e, b, target);
            a_.calls[&e] = std::move(target);
            return result;
        }
        diags_.report(DiagKind::format_not_literal, e.args[0]->span, e.callee);
        return result;
    }
    auto format = parse_format_string(e.args[0]->as<ast::StringLit>(), diags_);
    if (!format) return result;
    size_t placeholders = format->placeholders(), given = e.args.size() - 1;
    if (placeholders != given) {
        diags_.report(DiagKind::format_argument_count, e.args[0]->span, placeholders,
                      placeholders == 1 ? "" : "s", given, given == 1 ? "" : "s",
                      given == 1 ? "s" : "");
        return result;
    }
    std::vector<Type> types;
    size_t arg = 1;
    bool ok = true;
    for (const auto& piece : format->pieces) {
        if (!piece.placeholder) continue;
        auto t = args[arg];
        size_t index = arg++;
        if (!t) {
            ok = false;
            continue;
        }
        types.push_back(*t);
        if (!formattable(*t)) {
            diags_.report(DiagKind::not_formattable, e.args[index]->span, type_name(*t));
            ok = false;
            continue;
        }
        std::string why;
        if (!spec_accepts(piece.spec, *t, &why)) {
            diags_.report(DiagKind::format_spec_mismatch, piece.span, index, type_name(*t), why);
            ok = false;
        }
    }
    if (ok) {
        CallTarget target{CallTarget::Kind::Builtin, 0, b.id, result, std::move(types), {},
                          std::move(format),         {}};
        note_builtin_use(e, b, target);
        a_.calls[&e] = std::move(target);
    }
    return result;
}

std::optional<Type> Checker::check_str_call(const ast::Call& e) {
    std::vector<std::optional<Type>> args;
    for (const auto& arg : e.args)
        args.push_back(check_value(*arg));
    if (e.has_named_args()) {
        diags_.report(DiagKind::named_not_allowed, e.callee_span, e.callee);
        return Type::string();
    }
    if (e.args.size() != 1) {
        diags_.report(DiagKind::argument_count, e.callee_span, e.callee, arity_text(1, 1),
                      given_text(e.args.size()));
        return Type::string();
    }
    if (!args[0]) return Type::string();
    if (!formattable(*args[0])) {
        diags_.report(DiagKind::not_formattable, e.args[0]->span, type_name(*args[0]));
        return Type::string();
    }
    a_.calls[&e] = {
        CallTarget::Kind::Builtin, 0, BuiltinId::str, Type::string(), {*args[0]}, {0}, {}, {}};
    return Type::string();
}

}  // namespace dsl
