// Internals of the code generator, shared by codegen.cpp (module, functions, statements)
// and codegen_expr.cpp (expressions and calls).
//
// Register discipline: every register has one type for the whole function (the verifier
// relies on it). Locals get a register when declared and give it back at the end of their
// scope; temporaries come from per-type free lists and go back when the value is used.
// An expression compiled into a requested destination writes that destination only as its
// last step, so `x = y - x` and `b = c and b` read the old value first.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bytecode/opcodes.h"
#include "bytecode/shared_string.h"
#include "compiler/codegen.h"

namespace dsl {

using Reg = uint8_t;

// Shared tables of the module being built: constants, specs and imports are pooled.
class ModuleBuilder {
  public:
    ModuleBuilder(Module& m, Diagnostics& diags) : m_(m), diags_(diags) {}

    uint16_t constant(const Literal& value);
    uint8_t spec(const FormatSpec& spec);
    uint16_t import(BuiltinId id);

  private:
    Module& m_;
    Diagnostics& diags_;
    // Pooled constants: numbers keyed by type and exact bits, strings by their text. A string
    // key views the text of a SharedString kept in string_keys_, so however many times a
    // string constant is used, the builder holds its text once (and the pool once more).
    std::map<std::string, uint16_t> constant_index_;
    std::map<std::string_view, uint16_t> string_index_;
    std::vector<SharedString> string_keys_;
    std::map<std::string, uint8_t> spec_index_;
    std::map<BuiltinId, uint16_t> import_index_;
    bool reported_ = false;
};

class FunctionBuilder {
  public:
    FunctionBuilder(const Analysis& a, ModuleBuilder& mb, Diagnostics& diags,
                    const std::vector<uint32_t>& site_imports, Function& out,
                    const FunctionInfo* info);

    void compile_body(const ast::Block& body);
    void compile_initializers();

  private:
    struct Loop {
        bool is_for;  // continue jumps forward to the FORLOOP; for while it loops back
        uint32_t continue_target = 0;
        std::vector<uint32_t> breaks;
        std::vector<uint32_t> continues;
    };

    // A temporary register, returned to its pool when the owner goes out of scope.
    class Temp {
      public:
        Temp() = default;
        Temp(FunctionBuilder* fb, Reg r) : fb_(fb), reg_(r) {}
        Temp(Temp&& o) noexcept : fb_(o.fb_), reg_(o.reg_) { o.fb_ = nullptr; }
        Temp& operator=(Temp&& o) noexcept;
        ~Temp() { release(); }
        Reg reg() const { return reg_; }
        void release();

      private:
        FunctionBuilder* fb_ = nullptr;
        Reg reg_ = 0;
    };

    // A value in a register: either a temporary it owns or a register it borrows (a local).
    struct Value {
        Reg reg = 0;
        Temp temp;
    };

    // A shared market read (compiler/shared_reads.h) already computed, and where it is held.
    struct SharedRead {
        uint32_t group;
        Reg reg;
    };
    // Shared reads are kept by scope: a value may be reused only where the code that
    // computed it is sure to have run first. Every block has a scope, and so does each part
    // of an expression or an `if` that runs only under a condition (the right side of
    // `and`/`or`, the branches of `?:`, an `else`). Leaving a scope frees its registers.
    class ReadScope {
      public:
        explicit ReadScope(FunctionBuilder& fb) : fb_(fb) { fb_.shared_reads_.emplace_back(); }
        ~ReadScope();
        ReadScope(const ReadScope&) = delete;
        ReadScope& operator=(const ReadScope&) = delete;

      private:
        FunctionBuilder& fb_;
    };

    const Analysis& a_;
    ModuleBuilder& mb_;
    Diagnostics& diags_;
    const std::vector<uint32_t>& site_imports_;
    Function& f_;
    const FunctionInfo* info_;
    std::map<uint16_t, std::vector<Reg>> free_;  // free registers by encoded type
    std::vector<Reg> local_regs_;                // local id -> register
    std::vector<Loop> loops_;
    std::vector<std::vector<SharedRead>> shared_reads_;  // by scope, innermost last
    bool reachable_ = true;
    bool reported_registers_ = false;
    bool reported_size_ = false;
    SourcePos pos_;

    // ---- registers and emission (codegen.cpp)
    Reg new_register(Type t);
    Temp temp(Type t);
    Reg fresh_pair_int();
    // A register taken out of the pool until give_back(): a local's, or a shared read's.
    Reg hold_register(Type t);
    void give_back(Reg r);
    void at(Span s);
    uint32_t pc() const { return uint32_t(f_.code.size()); }
    void emit(uint32_t word);
    void emit_abc(Op op, uint8_t a, uint8_t b, uint8_t c) { emit(encode_abc(op, a, b, c)); }
    void emit_abx(Op op, uint8_t a, uint16_t bx) { emit(encode_abx(op, a, bx)); }
    uint32_t emit_jump(Op op, uint8_t a = 0, uint8_t b = 0);  // forward, to be patched
    void patch(uint32_t at, uint32_t target);
    void patch_here(const std::vector<uint32_t>& jumps);
    void emit_loop(uint32_t target);
    // `word`: the extra word of a CALLW-format call (CALLS's site, CALLBF's field).
    void emit_call(Op op, uint8_t dst, uint16_t callee, std::optional<uint32_t> word,
                   const std::vector<Reg>& args);
    void too_large();

    // ---- statements (codegen.cpp)
    void block(const ast::Block& b);
    void statement(const ast::Stmt& s);
    void let(const ast::Let& s);
    void assign(const ast::Assign& s);
    void if_statement(const ast::If& s);
    void while_loop(const ast::While& s);
    void for_range(const ast::ForRange& s);
    void for_each(const ast::ForEach& s);
    // Compiles a loop's body inside `loop`; returns it with the jumps its body left to patch.
    Loop loop_body(const ast::Block& body, Loop loop);
    void for_body(const ast::Block& block, Span span, Reg i, uint32_t prep, uint32_t body);
    void return_statement(const ast::Return& s);
    Reg declare_local(const void* node, Type t);

    // ---- expressions (codegen_expr.cpp)
    Type type_of(const ast::Expr& e) const;
    // The value of `e` converted to `want`, in `dst` if given.
    Value value_as(const ast::Expr& e, Type want, std::optional<Reg> dst = std::nullopt);
    Value value(const ast::Expr& e, std::optional<Reg> dst = std::nullopt);
    void into(const ast::Expr& e, Type want, Reg dst);
    Value result(Type t, std::optional<Reg> dst);
    Value literal(const Literal& lit, std::optional<Reg> dst);
    Value name(const ast::Name& e, std::optional<Reg> dst);
    Value unary(const ast::Unary& e, std::optional<Reg> dst);
    Value binary(const ast::Binary& e, std::optional<Reg> dst);
    // `lhs op rhs` for an arithmetic or comparison operator (also `x op= y`), of type `t`.
    Value operation(const ast::Expr& lhs, ast::BinaryOp op, const ast::Expr& rhs, Span op_span,
                    Type t, std::optional<Reg> dst);
    Value logical(const ast::Binary& e, std::optional<Reg> dst);
    Value ternary(const ast::Ternary& e, std::optional<Reg> dst);
    Value index(const ast::Index& e, std::optional<Reg> dst);
    Value field(const ast::Field& e, std::optional<Reg> dst);
    Value array_literal(const ast::ArrayLit& e, std::optional<Reg> dst);
    Value new_array(const ast::NewArray& e, std::optional<Reg> dst);
    Value call(const ast::Call& e, std::optional<Reg> dst, const ast::Expr* bars_ago = nullptr);
    // With `field`, the value of that field of the builtin's record result (CALLBF).
    Value builtin_call(const ast::Call& e, const CallTarget& t, std::optional<Reg> dst,
                       const ast::Expr* bars_ago, std::optional<uint8_t> field = std::nullopt);
    Value emit_builtin_call(const ast::Call& e, const CallTarget& t, std::optional<Reg> dst,
                            const ast::Expr* bars_ago, std::optional<uint8_t> field);
    // A read of a shared group: the value held in scope, or computed now and held.
    Value shared_read(const ast::Call& e, const CallTarget& t, std::optional<Reg> dst,
                      const ast::Expr* bars_ago, uint32_t group);
    std::vector<Value> arguments(const ast::Call& e, const CallTarget& t,
                                 const std::vector<Param>* params);
    Value intrinsic_call(const ast::Call& e, const CallTarget& t, std::optional<Reg> dst);
    Value format(const ast::Call& e, const FormatString& fmt, const std::vector<Type>& types,
                 size_t first_arg, std::optional<Reg> dst);
    static size_t format_first_arg(const ast::Call& e);
    Value format_value(Reg src, Type t, const FormatSpec& spec, std::optional<Reg> dst);
    Value move_into(Value v, Type t, std::optional<Reg> dst);
    // Jumps taken when `e` evaluates to `when`; falls through otherwise.
    void jump_if(const ast::Expr& e, bool when, std::vector<uint32_t>& jumps);
};

}  // namespace dsl
