// Semantic analysis: resolves every name, checks every type and rule of the language, and
// records the results in side tables (Analysis) that the code generator reads. The AST is
// never modified. Errors are reported and checking goes on; an expression whose type could
// not be determined is absent from `types`, and nothing is reported about expressions built
// on it, so one mistake gives one diagnostic.
#pragma once

#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bytecode/builtins.h"
#include "bytecode/module.h"
#include "bytecode/types.h"
#include "compiler/format_string.h"
#include "syntax/ast.h"
#include "syntax/diagnostics.h"

namespace dsl {

// Bars of history a strategy gets when it indexes a series with a value only known at
// run time (`close(s)[i]`); constant indexes size the history exactly.
inline constexpr uint32_t kDynamicHistoryDepth = 500;
inline constexpr int64_t kMaxHistoryIndex = int64_t(kMaxHistoryDepth) - 1;

// A local variable, parameter or loop variable of one function.
struct LocalInfo {
    std::string name;
    Type type;
    Span span;
    bool read_only = false;  // loop variables
    bool used = false;
};

struct FunctionInfo {
    const ast::FunctionDecl* decl = nullptr;
    std::string name;
    std::optional<HandlerId> handler;  // set for event handlers
    std::vector<Type> params;
    Type result = Type::void_();
    std::vector<LocalInfo> locals;  // parameters first, in order
    bool signature_ok = true;       // false: calls to it are not checked further
};

// An input or a state variable; the index is its global slot in the module.
struct GlobalInfo {
    const ast::ValueDecl* decl = nullptr;
    std::string name;
    Type type;
    bool is_input = false;
    std::optional<Literal> input_default;
};

// What a name in an expression refers to.
struct NameRef {
    enum class Kind : uint8_t { Local, Global, Constant } kind;
    uint32_t index = 0;  // local id or global index
    Literal constant;    // for constants
};

// What a call calls.
struct CallTarget {
    enum class Kind : uint8_t { User, Builtin, Conversion } kind;
    uint32_t function = 0;                   // User: index into Analysis::functions
    BuiltinId builtin = BuiltinId::abs_int;  // Builtin
    Type result;
    std::vector<Type> param_types;  // after substituting T; arguments convert to these
    // For each parameter, the argument that supplies it (nullopt: its default).
    std::vector<std::optional<uint32_t>> arg_of_param;
    std::optional<FormatString> format;  // kFormat builtins
    std::optional<uint32_t> site;        // kStateful builtins: their call site index
};

// A `.name` suffix: a record field or an enum value.
struct FieldRef {
    bool is_enum_value = false;
    uint8_t field = 0;    // record field index
    int64_t ordinal = 0;  // enum value
};

struct CallSite {
    BuiltinId builtin;
    Span span;
    uint32_t function;  // the function whose body calls it
};

struct Analysis {
    std::vector<GlobalInfo> globals;      // inputs and state, in declaration order
    std::vector<FunctionInfo> functions;  // functions and handlers, in declaration order
    std::vector<CallSite> sites;          // stateful builtin call sites, in source order
    uint32_t history_depth = 0;

    std::unordered_map<const ast::Expr*, Type> types;
    std::unordered_map<const ast::Expr*, NameRef> names;
    std::unordered_map<const ast::Expr*, CallTarget> calls;
    std::unordered_map<const ast::Expr*, FieldRef> fields;
    std::unordered_set<const ast::Expr*> history;  // Index nodes that read a series' past
    // Market reads computed once per call of their function: each read of a group of equal
    // reads, with its group (compiler/shared_reads.h).
    std::unordered_map<const ast::Expr*, uint32_t> shared_reads;
    // Local id of each declaring node (Let, ForRange, ForEach) within its function.
    std::unordered_map<const void*, uint32_t> local_ids;

    std::optional<Type> type_of(const ast::Expr* e) const {
        auto it = types.find(e);
        if (it == types.end()) return std::nullopt;
        return it->second;
    }
};

Analysis check(const ast::Program& program, Diagnostics& diags);

}  // namespace dsl
