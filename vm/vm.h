// The virtual machine: runs a verified module's handlers under gas, call-depth and memory
// limits, calling builtins through the host table (vm/host.h).
//
// Lifecycle, as a runner drives it (tools/dslvm, the backtest dispatcher, the tests):
//   Vm vm(verified, host, limits);         // globals take zero values, inputs their defaults
//   vm.set_input("length=20");             // --input overrides, typed; errors are data
//   vm.run_init();                         // the state initialiser, once
//   vm.invoke(HandlerId::on_start, {});    // then handlers, as events arrive
//   ...
//   vm.invoke(HandlerId::on_stop, {});
// Each run_init()/invoke() returns the gas it used and, if the strategy failed, a
// RuntimeError (vm/errors.h). After the first error the VM is stopped: later invocations
// do nothing and return that error again, so the runner can end the run cleanly.
//
// Execution model (docs/vm.md): every function has a frame of its own registers on one
// register stack; a call copies its arguments into registers 0..n-1 of the callee's fresh
// frame, and the callee's reference registers start null so the collector can scan any
// frame at any allocation. Values are untagged (vm/value.h). The VM is single-threaded
// and deterministic: nothing it outputs depends on addresses, hashing or time.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bytecode/module.h"
#include "vm/errors.h"
#include "vm/heap.h"
#include "vm/host.h"
#include "vm/limits.h"
#include "vm/loader.h"
#include "vm/value.h"

namespace dsl::vm {

struct VmOptions {
    // Charge and check gas. Off only for measuring the cost of metering (bench/vm): without
    // it an endless loop never stops.
    bool metering = true;
    // Collect garbage before every allocation (tests).
    bool gc_stress = false;
};

// What one invocation did. Small on purpose: the host may invoke millions of handlers.
struct InvokeResult {
    int64_t gas_used = 0;
    // The error that stopped the strategy (the Vm's own, valid as long as the Vm), or null.
    const RuntimeError* error = nullptr;

    bool ok() const { return error == nullptr; }
};

class Vm {
  public:
    // `module` and the host's context must outlive the Vm. Throws std::invalid_argument when
    // the host does not bind an imported builtin (check with check_bindings() first).
    Vm(const VerifiedModule& module, const Host& host, const Limits& limits = {},
       const VmOptions& options = {});
    ~Vm();
    Vm(const Vm&) = delete;
    Vm& operator=(const Vm&) = delete;

    const Module& module() const { return module_; }
    const Limits& limits() const { return limits_; }

    // ---- Inputs: typed parse of the value text; nullopt on success, else the message
    // ("unknown input 'lenght' (inputs: length, threshold)", "input length: '1x' is not an int").
    std::optional<std::string> set_input(std::string_view name, std::string_view value);
    // "name=value", as given to `dslvm --input`.
    std::optional<std::string> set_input(std::string_view assignment);

    // ---- Running
    InvokeResult run_init();               // the state initialiser; ok and 0 gas when there is none
    bool has_handler(HandlerId h) const {  // inline: asked on every event
        return handler_functions_[static_cast<size_t>(h)] != kNoFunction;
    }
    // Runs the handler with `args` (their types are those of handlers.def; records come from
    // new_record). A handler the module does not define costs nothing. Inline: one call less on
    // every market event.
    InvokeResult invoke(HandlerId h, std::span<const Value> args) {
        const uint32_t fn = handler_functions_[size_t(h)];
        if (fn == kNoFunction) {
            handles_.clear();
            return {0, error_ ? &*error_ : nullptr};
        }
        return run(fn, args, handler_names_[size_t(h)], nullptr);
    }
    // Runs any function (tests and benchmarks); `args` must have its parameter types.
    InvokeResult call(uint32_t function, std::span<const Value> args, Value* result = nullptr);

    // Counts host-side memory that lives for the whole run (a runner's market history)
    // against the memory limit. When it does not fit, the VM stops before running anything:
    // every invocation returns a Memory error that names `what`, in the handler "<setup>".
    void reserve_host_memory(int64_t bytes, std::string_view what);
    // The handler named by errors raised before any code runs (set-up and reservations).
    static constexpr std::string_view kSetupLabel = "<setup>";

    bool stopped() const { return error_.has_value(); }
    const std::optional<RuntimeError>& error() const { return error_; }
    int64_t gas_used() const { return run_gas_used_; }

    // ---- Objects for handler arguments and builtin results. They stay reachable until the
    // builtin call that made them returns or, outside builtin calls, until the next
    // run_init/invoke/call returns.
    String* new_string(std::string_view text);
    Array* new_array(Type element, uint64_t length);
    Record* new_record(RecordId record);
    String* empty_string() const { return empty_; }
    // Objects the host keeps between calls, e.g. a record it hands out again while what it
    // describes is unchanged (records are immutable to the strategy, so sharing one is safe).
    // Each kept slot is a GC root until it is set to another object or null.
    uint32_t add_kept_slot();
    Object* kept(uint32_t slot) const { return kept_[slot]; }
    void keep(uint32_t slot, Object* o) { kept_[slot] = o; }

    // ---- Inspection (tests, traces)
    Value global(uint32_t index) const { return globals_[index]; }
    const Heap& heap() const { return heap_; }
    void collect_garbage() { heap_.collect(); }

  private:
    friend class HostCall;

    struct FunctionRt {
        const Function* fn = nullptr;
        const uint32_t* code = nullptr;
        uint32_t nregs = 0;
        uint32_t nparams = 0;
        // Reference registers that are not parameters, zeroed on entry: zero_regs[0..nzero).
        const uint8_t* zero_regs = nullptr;
        uint32_t nzero = 0;
        std::vector<uint8_t> ref_regs;  // every reference register (GC roots)
    };
    struct ImportRt {
        BuiltinFn fn = nullptr;
        FieldReaderFn read_field = nullptr;  // CALLBF's shortcut, when the host has one
        BuiltinId id{};
        int32_t gas = 0;
        bool has_result = false;
        bool ref_result = false;
        uint64_t string_fields = 0;  // for a record result: record_string_fields (vm/heap.h)
    };
    struct Frame {
        const FunctionRt* fn;
        Value* regs;             // R[0] of this frame in the register stack
        const uint32_t* ip;      // while suspended: the CALL instruction in progress
        const uint32_t* resume;  // while suspended: the instruction after that CALL
        uint8_t ret_reg;         // the caller's register for this frame's result
    };

    static void mark_roots(void* self, Heap& heap);
    // The run-time tables, constants, register stack and globals (may throw Trap{Memory}).
    void set_up();
    void record_setup_error(Trap trap);
    Value zero_value(Type t);
    // Makes the register stack hold `needed` slots, moving it if it must (frames are rebased).
    void grow_stack(uint64_t needed);
    InvokeResult run(uint32_t function, std::span<const Value> args, std::string_view label,
                     Value* result);
    template <bool Metered>
    bool execute(int64_t& gas, Value* result);
    [[noreturn]] void gas_exhausted() const;
    // CALLBF: field `field` of the record the import returns for these arguments.
    static Value read_field(const ImportRt& imp, HostCall& call, const Value* args, uint32_t field);
    void record_error(Trap trap, const Frame* top, const uint32_t* ip);
    std::string symbol_text(int64_t symbol) const;

    const Module& module_;
    Host host_;
    Limits limits_;
    VmOptions options_;
    Heap heap_;

    std::vector<FunctionRt> functions_;
    std::vector<ImportRt> imports_;
    std::vector<Value> constants_;
    std::vector<Value> globals_;
    std::vector<uint32_t> ref_globals_;
    String* empty_ = nullptr;
    std::array<std::vector<Value>, kRecordCount> record_init_;  // by RecordId: new fields

    std::unique_ptr<Value[]> stack_;
    uint64_t stack_size_ = 0;
    Value* stack_end_ = nullptr;  // stack_ + stack_size_
    std::vector<Frame> frames_;
    Frame* top_ = nullptr;  // innermost live frame, or null between invocations
    std::vector<Object*> handles_;
    std::vector<Object*> kept_;  // add_kept_slot/keep: roots the host holds between calls

    std::vector<uint32_t> handler_functions_;      // by HandlerId; kNoFunction when undefined
    std::vector<std::string_view> handler_names_;  // by HandlerId
    std::string_view label_;                       // the handler being run, for error messages
    int64_t gas_budget_ = 0;
    bool budget_is_run_limit_ = false;
    int64_t run_gas_used_ = 0;
    std::optional<RuntimeError> error_;
};

}  // namespace dsl::vm
