// The host interface: how the VM reaches everything outside itself.
//
// Every builtin that is not an intrinsic is called through a table indexed by BuiltinId
// that the embedder fills in (stdlib/ binds math, time, indicators, log and market data;
// the order engine's builtins are bound the same way). A null entry means "not available
// in this runner": a module importing it is refused before anything runs
// (check_bindings), so a missing binding is never discovered halfway through a run.
//
// A binding receives its arguments as untagged Values in signature order (with every
// default parameter present, and for kSeries builtins a trailing int bars_ago), writes its
// result (if not void) to *result, and talks to the VM through HostCall:
//   - objects it allocates stay rooted until it returns (it need not manage handles);
//   - it must return a valid object for a string/array/record result, never null;
//   - error() stops the strategy with a runtime error at the calling instruction;
//   - charge() adds gas for work proportional to data (kGasPerElement, vm/gas.h);
//   - reserve_memory() counts host-side state (e.g. an indicator window) against the VM's
//     memory limit; reserve_host_memory() counts what the host holds for the run outside the
//     VM (the engine's order records), which takes no part in the collector's pacing.
// Bindings must be deterministic functions of their arguments and of the state the
// embedder gives them: no clock, files or network (docs/vm.md "Host interface").
//
// A builtin that returns a record may also have a field reader, for CALLBF (the compiler's
// `builtin(..).field`): it writes the value that field of the record would hold, for the
// same arguments and state, without building the record. Readers are optional; without
// one, CALLBF calls the builtin and reads the field from its record.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bytecode/builtins.h"
#include "bytecode/module.h"
#include "vm/value.h"

namespace dsl::vm {

class Vm;
class HostCall;

using BuiltinFn = void (*)(HostCall& call, const Value* args, Value* result);
using FieldReaderFn = void (*)(HostCall& call, const Value* args, uint32_t field, Value* result);

struct Host {
    std::array<BuiltinFn, kBuiltinCount> builtins{};
    std::array<FieldReaderFn, kBuiltinCount> field_readers{};  // by BuiltinId; null: none
    // Passed back to bindings through HostCall::user(): the embedder's context.
    void* user = nullptr;
    // The name of a symbol, for FMT_Y; nullopt for an id the runner does not know (a
    // runtime error). When null, symbols print as "#<id>".
    std::optional<std::string_view> (*symbol_name)(void* user, int64_t symbol) = nullptr;

    void bind(BuiltinId id, BuiltinFn fn) { builtins[size_t(id)] = fn; }
    void bind_field_reader(BuiltinId id, FieldReaderFn fn) { field_readers[size_t(id)] = fn; }
};

// nullopt when the host binds every builtin the module imports; otherwise
// "builtin buy is not available in this runner" for the first one missing.
std::optional<std::string> check_bindings(const Module& m, const Host& host);

class HostCall {
  public:
    HostCall(Vm& vm, void* user, BuiltinId id, uint32_t site)
        : vm_(vm), user_(user), id_(id), site_(site) {}

    BuiltinId builtin() const { return id_; }
    // The call site of a CALLS instruction (kStateful builtins), an index into Module::sites.
    uint32_t site() const { return site_; }
    // Host::user (inline: every binding starts with it).
    void* user() const { return user_; }
    Vm& vm() { return vm_; }
    // The source line of the calling instruction (0 when the line table has none): for logs
    // and traces that point at the strategy's code.
    uint32_t line() const;

    String* new_string(std::string_view text);
    // length zero values (ints 0, floats 0.0, strings "") of the element type.
    Array* new_array(Type element, uint64_t length);
    // Fields: strings "", floats na, everything else 0; fill in with set_field.
    Record* new_record(RecordId record);
    static void set_field(Record* r, size_t field, Value v) { r->fields()[field] = v; }
    void push(Array* a, Value v);

    void charge(int64_t gas) { extra_gas_ += gas; }
    void reserve_memory(int64_t bytes);
    void reserve_host_memory(int64_t bytes);
    [[noreturn]] void error(std::string message);

    int64_t extra_gas() const { return extra_gas_; }

  private:
    Vm& vm_;
    void* user_;
    BuiltinId id_;
    uint32_t site_;
    int64_t extra_gas_ = 0;
};

}  // namespace dsl::vm
