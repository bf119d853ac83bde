// Market reads a function computes once.
//
// Market data does not change while a handler (or a function it calls) runs, so two reads
// of the same series for the same symbol at the same offset give the same value:
// `sma(close(s), 10)` and `sma(close(s), 30)` read one close. The checker notes every read
// of a kSeries builtin (open, high, low, close, volume, time) whose offset is a constant
// and whose symbol cannot change during the call: a parameter or local the function never
// assigns. (State may be assigned by any function the handler calls; constants and inputs
// are never symbols.) Reads with the same builtin, symbol and offset form a group; groups
// of two or more go to Analysis::shared_reads. The code generator computes a
// group's value at the first read that the later ones are sure to follow, keeps it in a
// register, and reuses it (docs/language.md "Market data and history", codegen_impl.h
// "SharedRead").
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "bytecode/builtins.h"
#include "syntax/ast.h"

namespace dsl {

class SharedReads {
  public:
    // A read of `id` at offset 0 for the symbol in local (or parameter) `symbol`; nullopt for
    // a symbol given any other way.
    void note_read(const ast::Call& call, BuiltinId id, std::optional<uint32_t> symbol);
    // The read is indexed (`close(s)[k]`): at offset k, or at a computed offset (nullopt),
    // which is never shared.
    void note_offset(const ast::Call& call, std::optional<int64_t> bars_ago);
    void note_assigned(uint32_t local);
    // At the end of each function: adds each read of a group of two or more to `out` (call ->
    // group, unique in the module), and forgets the function.
    void end_function(std::unordered_map<const ast::Expr*, uint32_t>& out);

  private:
    struct Read {
        const ast::Call* call;
        BuiltinId id;
        std::optional<uint32_t> symbol;
        std::optional<int64_t> bars_ago = 0;
    };
    std::vector<Read> reads_;      // of the function being checked, in source order
    std::set<uint32_t> assigned_;  // its locals that are assigned somewhere
    uint32_t next_group_ = 0;
};

}  // namespace dsl
