// Code generation for modules, functions and statements (see codegen_impl.h for the
// register discipline and codegen_expr.cpp for expressions).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "bytecode/file_format.h"
#include "compiler/codegen_impl.h"

namespace dsl {

// ---- Module-level pools ---------------------------------------------------------------------

uint16_t ModuleBuilder::constant(const Literal& value) {
    bool is_string = value.type.kind == TypeKind::String;
    // Key by type and exact bits, so that 0.0 and -0.0 (and every NaN) stay distinct values.
    std::string key;
    if (is_string) {
        auto it = string_index_.find(value.s.view());
        if (it != string_index_.end()) return it->second;
    } else {
        key = std::to_string(encode_type(value.type)) + ":";
        if (value.type.kind == TypeKind::Float) {
            double f = std::isnan(value.f) ? std::nan("") : value.f;
            key += std::to_string(std::bit_cast<uint64_t>(f));
        } else {
            key += std::to_string(value.i);
        }
        auto it = constant_index_.find(key);
        if (it != constant_index_.end()) return it->second;
    }
    if (m_.constants.size() >= 65536) {
        if (!reported_)
            diags_.report(DiagKind::too_many_constants, Span::point({1, 1}), "constants");
        reported_ = true;
        return 0;
    }
    auto index = uint16_t(m_.constants.size());
    m_.constants.push_back(
        {value.type, value.i, std::isnan(value.f) ? std::nan("") : value.f, value.s.str()});
    if (is_string) {
        string_keys_.push_back(value.s);
        string_index_[string_keys_.back().view()] = index;
    } else {
        constant_index_[key] = index;
    }
    return index;
}

uint8_t ModuleBuilder::spec(const FormatSpec& spec) {
    std::string key = spec.text + "\x1f" + std::to_string(spec.enum_id);
    auto it = spec_index_.find(key);
    if (it != spec_index_.end()) return it->second;
    if (m_.specs.size() >= 256) {
        if (!reported_)
            diags_.report(DiagKind::too_many_constants, Span::point({1, 1}),
                          "distinct format specs (256)");
        reported_ = true;
        return 0;
    }
    auto index = uint8_t(m_.specs.size());
    m_.specs.push_back(spec);
    spec_index_[key] = index;
    return index;
}

uint16_t ModuleBuilder::import(BuiltinId id) {
    auto it = import_index_.find(id);
    if (it != import_index_.end()) return it->second;
    auto index = uint16_t(m_.imports.size());
    m_.imports.push_back({id});
    import_index_[id] = index;
    return index;
}

// ---- Registers and emission -------------------------------------------------------------------

FunctionBuilder::FunctionBuilder(const Analysis& a, ModuleBuilder& mb, Diagnostics& diags,
                                 const std::vector<uint32_t>& site_imports, Function& out,
                                 const FunctionInfo* info)
    : a_(a), mb_(mb), diags_(diags), site_imports_(site_imports), f_(out), info_(info) {
    if (!info_) return;
    local_regs_.assign(info_->locals.size(), 0);
    for (size_t i = 0; i < info_->params.size(); ++i)
        local_regs_[i] = new_register(info_->params[i]);
}

FunctionBuilder::Temp& FunctionBuilder::Temp::operator=(Temp&& o) noexcept {
    if (this != &o) {
        release();
        fb_ = o.fb_;
        reg_ = o.reg_;
        o.fb_ = nullptr;
    }
    return *this;
}

void FunctionBuilder::Temp::release() {
    if (fb_) fb_->give_back(reg_);
    fb_ = nullptr;
}

Reg FunctionBuilder::new_register(Type t) {
    if (f_.registers.size() >= size_t(kMaxRegisters)) {
        if (!reported_registers_)
            diags_.report(DiagKind::too_many_registers, Span::point(pos_), f_.name);
        reported_registers_ = true;
        return 0;
    }
    f_.registers.push_back(t);
    return Reg(f_.registers.size() - 1);
}

FunctionBuilder::Temp FunctionBuilder::temp(Type t) {
    auto& pool = free_[encode_type(t)];
    if (!pool.empty()) {
        Reg r = pool.back();
        pool.pop_back();
        return Temp(this, r);
    }
    return Temp(this, new_register(t));
}

// Two new adjacent int registers (FORPREP and FORLOOP use R[A] and R[A+1]).
Reg FunctionBuilder::fresh_pair_int() {
    Reg a = new_register(Type::int_());
    new_register(Type::int_());
    return a;
}

Reg FunctionBuilder::hold_register(Type t) {
    Reg r = temp(t).reg();  // the Temp gives it back to the pool; take it out again
    auto& pool = free_[encode_type(t)];
    if (auto it = std::find(pool.begin(), pool.end(), r); it != pool.end()) pool.erase(it);
    return r;
}

FunctionBuilder::ReadScope::~ReadScope() {
    for (const SharedRead& r : fb_.shared_reads_.back())
        fb_.give_back(r.reg);
    fb_.shared_reads_.pop_back();
}

void FunctionBuilder::give_back(Reg r) {
    if (r < f_.registers.size()) free_[encode_type(f_.registers[r])].push_back(r);
}

void FunctionBuilder::at(Span s) {
    pos_ = s.begin;
    if (!f_.lines.empty() && f_.lines.back().line == pos_.line && f_.lines.back().col == pos_.col)
        return;
    if (!f_.lines.empty() && f_.lines.back().pc == pc()) {
        f_.lines.back().line = pos_.line;
        f_.lines.back().col = pos_.col;
        return;
    }
    f_.lines.push_back({pc(), pos_.line, pos_.col});
}

void FunctionBuilder::emit(uint32_t word) {
    if (f_.code.size() >= kMaxCodeWords) {
        too_large();
        return;
    }
    f_.code.push_back(word);
}

void FunctionBuilder::too_large() {
    if (!reported_size_) diags_.report(DiagKind::function_too_large, Span::point(pos_), f_.name);
    reported_size_ = true;
}

uint32_t FunctionBuilder::emit_jump(Op op, uint8_t a, uint8_t b) {
    uint32_t at = pc();
    switch (op_info(op).format) {
        case Format::sAx:
            emit(encode_sax(op, 0));
            break;
        case Format::AsBx:
            emit(encode_asbx(op, a, 0));
            break;
        case Format::ABJ:
            emit_abc(op, a, b, 0);
            emit(0);
            break;
        default:
            break;
    }
    return at;
}

void FunctionBuilder::patch(uint32_t at, uint32_t target) {
    if (at >= f_.code.size()) return;
    uint32_t w = f_.code[at];
    Op op = op_of(w);
    Format format = op_info(op).format;
    int64_t offset = int64_t(target) - int64_t(at + (format == Format::ABJ ? 2 : 1));
    switch (format) {
        case Format::sAx:
            if (offset < kMinSax || offset > kMaxSax) return too_large();
            f_.code[at] = encode_sax(op, int32_t(offset));
            break;
        case Format::AsBx:
            if (offset < INT16_MIN || offset > INT16_MAX) return too_large();
            f_.code[at] = encode_asbx(op, a_of(w), int16_t(offset));
            break;
        case Format::ABJ:
            f_.code[at + 1] = uint32_t(int32_t(offset));
            break;
        default:
            break;
    }
}

void FunctionBuilder::patch_here(const std::vector<uint32_t>& jumps) {
    for (uint32_t j : jumps)
        patch(j, pc());
    if (!jumps.empty()) reachable_ = true;
}

void FunctionBuilder::emit_loop(uint32_t target) {
    uint32_t at = emit_jump(Op::LOOP);
    patch(at, target);
    reachable_ = false;
}

void FunctionBuilder::emit_call(Op op, uint8_t dst, uint16_t callee, std::optional<uint32_t> word,
                                const std::vector<Reg>& args) {
    emit_abx(op, dst, callee);
    if (word) emit(*word);
    std::vector<uint8_t> bytes{uint8_t(args.size())};
    bytes.insert(bytes.end(), args.begin(), args.end());
    while (bytes.size() % 4 != 0)
        bytes.push_back(0);
    for (size_t i = 0; i < bytes.size(); i += 4) {
        emit(uint32_t(bytes[i]) | uint32_t(bytes[i + 1]) << 8 | uint32_t(bytes[i + 2]) << 16 |
             uint32_t(bytes[i + 3]) << 24);
    }
}

// ---- Functions -------------------------------------------------------------------------------

void FunctionBuilder::compile_body(const ast::Block& body) {
    block(body);
    if (reachable_) {
        at(Span::point({body.span.end.line, body.span.end.col > 1 ? body.span.end.col - 1 : 1}));
        emit_abc(Op::RET0, 0, 0, 0);
    }
}

// The state initialiser: each `var` gets its initial value, in declaration order.
void FunctionBuilder::compile_initializers() {
    for (uint32_t g = 0; g < a_.globals.size(); ++g) {
        const GlobalInfo& info = a_.globals[g];
        if (info.is_input || !info.decl->value) continue;
        at(info.decl->span);
        Value v = value_as(*info.decl->value, info.type);
        emit_abx(Op::SETG, v.reg, uint16_t(g));
    }
    emit_abc(Op::RET0, 0, 0, 0);
}

Reg FunctionBuilder::declare_local(const void* node, Type t) {
    uint32_t id = a_.local_ids.at(node);
    Reg r = hold_register(t);  // until the local's scope ends (see block())
    local_regs_[id] = r;
    return r;
}

// ---- Statements ---------------------------------------------------------------------------

void FunctionBuilder::block(const ast::Block& b) {
    // Locals declared in this block return their registers at its end, and so do the shared
    // reads first computed in it.
    ReadScope reads(*this);
    std::vector<Reg> declared;
    for (const auto& s : b.statements) {
        if (!reachable_) break;  // dead code (the checker warned) is not compiled
        if (s->kind == ast::StmtKind::Let || s->kind == ast::StmtKind::MisplacedState) {
            let(static_cast<const ast::Let&>(*s));
            declared.push_back(local_regs_[a_.local_ids.at(s.get())]);
        } else {
            statement(*s);
        }
    }
    for (Reg r : declared)
        give_back(r);
}

void FunctionBuilder::statement(const ast::Stmt& s) {
    at(s.span);
    switch (s.kind) {
        case ast::StmtKind::Let:
        case ast::StmtKind::MisplacedState:
            let(static_cast<const ast::Let&>(s));
            break;
        case ast::StmtKind::Assign:
            assign(s.as<ast::Assign>());
            break;
        case ast::StmtKind::If:
            if_statement(s.as<ast::If>());
            break;
        case ast::StmtKind::While:
            while_loop(s.as<ast::While>());
            break;
        case ast::StmtKind::ForRange:
            for_range(s.as<ast::ForRange>());
            break;
        case ast::StmtKind::ForEach:
            for_each(s.as<ast::ForEach>());
            break;
        case ast::StmtKind::Break:
            loops_.back().breaks.push_back(emit_jump(Op::JMP));
            reachable_ = false;
            break;
        case ast::StmtKind::Continue:
            if (loops_.back().is_for)
                loops_.back().continues.push_back(emit_jump(Op::JMP));
            else
                emit_loop(loops_.back().continue_target);
            reachable_ = false;
            break;
        case ast::StmtKind::Return:
            return_statement(s.as<ast::Return>());
            break;
        case ast::StmtKind::ExprStmt:
            value(*s.as<ast::ExprStmt>().expr);
            break;
        case ast::StmtKind::Block:
            block(s.as<ast::Block>());
            break;
    }
}

void FunctionBuilder::let(const ast::Let& s) {
    at(s.span);
    Type t = info_->locals[a_.local_ids.at(&s)].type;
    into(*s.value, t, declare_local(&s, t));
}

void FunctionBuilder::assign(const ast::Assign& s) {
    const ast::Expr& target = *s.target;
    Type target_type = type_of(target);
    // The value to store: `value`, or `target op value` for compound assignment (the checker
    // made that of the target's type).
    auto compute = [&](std::optional<Reg> dst) -> Value {
        if (!s.op) return value_as(*s.value, target_type, dst);
        return operation(target, *s.op, *s.value, s.op_span, target_type, dst);
    };
    if (target.is<ast::Name>()) {
        const NameRef& ref = a_.names.at(&target);
        if (ref.kind == NameRef::Kind::Local) {
            Reg r = local_regs_[ref.index];
            Value v = compute(r);
            if (v.reg != r) emit_abc(Op::MOVE, r, v.reg, 0);
        } else {
            Value v = compute(std::nullopt);
            emit_abx(Op::SETG, v.reg, uint16_t(ref.index));
        }
        return;
    }
    const auto& idx = target.as<ast::Index>();
    Value array = value(*idx.target);
    Value i = value_as(*idx.index, Type::int_());
    Value v = compute(std::nullopt);
    at(target.span);
    emit_abc(Op::ASET, array.reg, i.reg, v.reg);
}

void FunctionBuilder::if_statement(const ast::If& s) {
    at(s.span);
    std::vector<uint32_t> to_else;
    jump_if(*s.cond, false, to_else);
    block(*s.then_block);
    if (!s.else_branch) {
        patch_here(to_else);
        return;
    }
    bool then_through = reachable_;
    std::vector<uint32_t> skip_else;
    if (then_through) skip_else.push_back(emit_jump(Op::JMP));
    reachable_ = false;
    patch_here(to_else);
    if (reachable_) {
        ReadScope reads(*this);  // an `else if` condition runs only when the `if` one fails
        statement(*s.else_branch);
    }
    patch_here(skip_else);
}

void FunctionBuilder::while_loop(const ast::While& s) {
    uint32_t top = pc();
    std::vector<uint32_t> exits;
    jump_if(*s.cond, false, exits);
    Loop loop = loop_body(*s.body, {false, top, {}, {}});
    if (reachable_) {
        at(s.span);  // a gas limit hit at the back edge names the loop, not its last statement
        emit_loop(top);
    }
    reachable_ = false;
    patch_here(exits);
    patch_here(loop.breaks);
}

FunctionBuilder::Loop FunctionBuilder::loop_body(const ast::Block& body, Loop loop) {
    loops_.push_back(std::move(loop));
    block(body);
    Loop done = std::move(loops_.back());
    loops_.pop_back();
    return done;
}

// The body of a `for` loop over the counter pair at `i`, from its first instruction at `body`
// (already emitted: FORPREP at `prep`, which skips the loop when it runs no time). The
// `continue`s land on the FORLOOP that ends it and jumps back while the counter is below the
// bound; FORPREP and the `break`s jump past it.
void FunctionBuilder::for_body(const ast::Block& block, Span span, Reg i, uint32_t prep,
                               uint32_t body) {
    Loop loop = loop_body(block, {true, 0, {}, {}});
    patch_here(loop.continues);
    if (reachable_ || !loop.continues.empty()) {
        at(span);
        uint32_t back = emit_jump(Op::FORLOOP, i);
        patch(back, body);
    }
    reachable_ = true;
    patch_here({prep});
    patch_here(loop.breaks);
}

void FunctionBuilder::for_range(const ast::ForRange& s) {
    Reg i = fresh_pair_int();
    local_regs_[a_.local_ids.at(&s)] = i;
    into(*s.from, Type::int_(), i);
    into(*s.to, Type::int_(), Reg(i + 1));
    at(s.span);
    uint32_t prep = emit_jump(Op::FORPREP, i);
    for_body(*s.body, s.span, i, prep, pc());
    give_back(i);
    give_back(Reg(i + 1));
}

void FunctionBuilder::for_each(const ast::ForEach& s) {
    Type elem = info_->locals[a_.local_ids.at(&s)].type;
    Value array = value(*s.array);
    // Hold the array in a register of its own: the body may reassign the variable.
    Temp held = temp(type_of(*s.array));
    emit_abc(Op::MOVE, held.reg(), array.reg, 0);
    Reg i = fresh_pair_int();
    emit(encode_asbx(Op::LOADI, i, 0));
    emit_abc(Op::ALEN, Reg(i + 1), held.reg(), 0);
    at(s.span);
    uint32_t prep = emit_jump(Op::FORPREP, i);
    uint32_t body = pc();
    Reg x = declare_local(&s, elem);
    emit_abc(Op::AGET, x, held.reg(), i);
    for_body(*s.body, s.span, i, prep, body);
    give_back(x);
    give_back(i);
    give_back(Reg(i + 1));
}

void FunctionBuilder::return_statement(const ast::Return& s) {
    if (!s.value || info_->result.kind == TypeKind::Void) {
        emit_abc(Op::RET0, 0, 0, 0);
    } else {
        Value v = value_as(*s.value, info_->result);
        at(s.span);
        emit_abc(Op::RET, v.reg, 0, 0);
    }
    reachable_ = false;
}

// ---- The module ------------------------------------------------------------------------------

Module generate(const ast::Program&, const Analysis& a, std::string_view file_name,
                std::string_view source, Diagnostics& diags) {
    Module m;
    m.source_name = std::string(file_name);
    m.source_text = std::string(source);
    m.compiler = "dslc 0.1.0";
    m.history_depth = a.history_depth;
    ModuleBuilder mb(m, diags);

    for (const auto& g : a.globals)
        m.globals.push_back({g.name, g.type});
    for (uint32_t g = 0; g < a.globals.size(); ++g) {
        if (a.globals[g].is_input)
            m.inputs.push_back({a.globals[g].name, g, *a.globals[g].input_default});
    }
    // Sites import their builtins first, in source order, so that numbering is stable.
    std::vector<uint32_t> site_imports;
    for (const auto& site : a.sites) {
        site_imports.push_back(mb.import(site.builtin));
        m.sites.push_back({site_imports.back(), site.span.begin.line, site.span.begin.col});
    }

    m.functions.resize(a.functions.size());
    for (uint32_t i = 0; i < a.functions.size(); ++i) {
        const FunctionInfo& info = a.functions[i];
        Function& f = m.functions[i];
        f.name = info.name;
        f.line = info.decl->name_span.begin.line;
        f.param_count = uint32_t(info.params.size());
        f.result = info.result;
        FunctionBuilder fb(a, mb, diags, site_imports, f, &info);
        fb.compile_body(*info.decl->body);
        if (info.handler) m.handlers.push_back({*info.handler, i});
    }
    bool has_state = std::any_of(a.globals.begin(), a.globals.end(),
                                 [](const GlobalInfo& g) { return !g.is_input; });
    if (has_state) {
        m.init_function = uint32_t(m.functions.size());
        Function& f = m.functions.emplace_back();
        f.name = "<init>";
        f.line = 1;
        FunctionBuilder fb(a, mb, diags, site_imports, f, nullptr);
        fb.compile_initializers();
    }
    // Whatever the strategy indexes, the history its builtins read themselves is kept.
    m.history_depth = std::max(m.history_depth, min_history_depth(m));
    return m;
}

}  // namespace dsl
