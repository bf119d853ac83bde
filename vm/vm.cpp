// Everything of the Vm but the interpreter loop: set-up of the run-time tables, inputs,
// host objects, garbage-collection roots, and the rendering of runtime errors.
#include "vm/vm.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "bytecode/opcodes.h"
#include "vm/gas.h"

namespace dsl::vm {

// ---- Runtime errors ---------------------------------------------------------------------

std::string RuntimeError::summary() const {
    std::string where = file;
    if (line) where += fmt::format(":{}", line);
    return fmt::format("runtime error: {} in {} at {}", message, handler, where);
}

std::string RuntimeError::to_string() const {
    // Deep recursion would print thousands of identical lines: keep both ends.
    constexpr size_t kKeep = 10;
    std::string out = summary();
    for (size_t i = 0; i < stack.size(); ++i) {
        if (stack.size() > 2 * kKeep + 1 && i == kKeep) {
            out += fmt::format("\n  ... {} more frames ...", stack.size() - 2 * kKeep);
            i = stack.size() - kKeep - 1;
            continue;
        }
        const StackFrame& f = stack[i];
        out += fmt::format("\n  at {} ({}{})", f.function, file,
                           f.line ? fmt::format(":{}", f.line) : std::string());
    }
    return out;
}

// ---- Host ---------------------------------------------------------------------------------

std::optional<std::string> check_bindings(const Module& m, const Host& host) {
    for (const Import& imp : m.imports) {
        if (!host.builtins[size_t(imp.id)])
            return fmt::format("builtin {} is not available in this runner",
                               builtin_info(imp.id).name);
    }
    return std::nullopt;
}

uint32_t HostCall::line() const {
    const Vm::Frame* top = vm_.top_;
    if (!top) return 0;
    return top->fn->fn->position_at(uint32_t(top->ip - top->fn->code)).line;
}
String* HostCall::new_string(std::string_view text) {
    return vm_.new_string(text);
}
Array* HostCall::new_array(Type element, uint64_t length) {
    charge(gas_for_elements(length));
    return vm_.new_array(element, length);
}
Record* HostCall::new_record(RecordId record) {
    return vm_.new_record(record);
}
void HostCall::push(Array* a, Value v) {
    vm_.heap_.array_push(a, v);
}
void HostCall::reserve_memory(int64_t bytes) {
    vm_.heap_.reserve_external(bytes);
}
void HostCall::reserve_host_memory(int64_t bytes) {
    vm_.heap_.reserve_pinned(bytes);
}
void HostCall::error(std::string message) {
    throw Trap{ErrorKind::Builtin, std::move(message)};
}

// ---- Construction -------------------------------------------------------------------------

Vm::Vm(const VerifiedModule& verified, const Host& host, const Limits& limits,
       const VmOptions& options)
    : module_(verified.module()),
      host_(host),
      limits_(limits),
      options_(options),
      heap_(limits.memory, &Vm::mark_roots, this) {
    if (auto missing = check_bindings(module_, host_)) throw std::invalid_argument(*missing);
    if (limits_.max_call_depth < 1) limits_.max_call_depth = 1;
    handler_functions_.assign(kHandlerCount, kNoFunction);
    for (const HandlerInfo& h : all_handlers())
        handler_names_.push_back(h.name);
    for (const HandlerBinding& b : module_.handlers)
        handler_functions_[size_t(b.handler)] = b.function;
    try {
        set_up();
    } catch (Trap& t) {
        // What the set-up allocates (the register stack, the globals' zero values, constant
        // and input strings) may not fit a small memory limit: the VM then stops before
        // running anything, as on any other limit.
        record_setup_error(std::move(t));
    }
    handles_.clear();
}

void Vm::set_up() {
    empty_ = heap_.new_permanent_string("");
    // A new record's fields: "" for strings, na for floats (prices that do not apply,
    // records.def), 0 for the rest.
    for (int r = 0; r < kRecordCount; ++r) {
        for (const FieldInfo& f : record_fields(RecordId(r))) {
            std::vector<Value>& init = record_init_[size_t(r)];
            if (init.size() <= f.index) init.resize(f.index + 1);
            init[f.index] = f.type.kind == TypeKind::String ? Value::from_ref(empty_)
                            : f.type.kind == TypeKind::Float
                                ? Value::from_float(std::numeric_limits<double>::quiet_NaN())
                                : Value::from_int(0);
        }
    }

    for (const Function& f : module_.functions) {
        FunctionRt rt;
        rt.fn = &f;
        rt.code = f.code.data();
        rt.nregs = uint32_t(f.registers.size());
        rt.nparams = f.param_count;
        for (size_t r = 0; r < f.registers.size(); ++r) {
            if (f.registers[r].is_reference()) rt.ref_regs.push_back(uint8_t(r));
        }
        // The non-parameter ones are a suffix of ref_regs (registers are in order).
        size_t params = 0;
        while (params < rt.ref_regs.size() && rt.ref_regs[params] < f.param_count)
            ++params;
        rt.nzero = uint32_t(rt.ref_regs.size() - params);
        functions_.push_back(std::move(rt));
    }
    for (FunctionRt& rt : functions_)  // pointers into ref_regs, now that they stay put
        rt.zero_regs = rt.ref_regs.data() + (rt.ref_regs.size() - rt.nzero);
    for (const Import& imp : module_.imports) {
        const BuiltinInfo& b = builtin_info(imp.id);
        Type result = b.signature.result.type;
        uint64_t string_fields =
            result.kind == TypeKind::Record ? record_string_fields(result.record_id()) : 0;
        imports_.push_back({host_.builtins[size_t(imp.id)], host_.field_readers[size_t(imp.id)],
                            imp.id, int32_t(b.gas), result.kind != TypeKind::Void,
                            result.is_reference(), string_fields});
    }
    for (const Constant& k : module_.constants) {
        if (k.type.kind == TypeKind::String)
            constants_.push_back(Value::from_ref(heap_.new_permanent_string(k.s)));
        else if (k.type.kind == TypeKind::Float)
            constants_.push_back(Value::from_float(k.f));
        else
            constants_.push_back(Value::from_int(k.i));
    }

    frames_.resize(limits_.max_call_depth);
    grow_stack(kMaxRegisters);  // so that every entry frame fits without growing

    // Globals hold zero values until the initialiser runs, so that even a read before it
    // sees a valid object. Slots start null; the collector skips null while we fill them.
    globals_.assign(module_.globals.size(), Value());
    heap_.set_stress(options_.gc_stress);
    for (uint32_t g = 0; g < module_.globals.size(); ++g) {
        Type t = module_.globals[g].type;
        if (t.is_reference()) ref_globals_.push_back(g);
        globals_[g] = zero_value(t);
    }
    for (const Input& in : module_.inputs) {
        const Literal& d = in.default_value;
        if (d.type.kind == TypeKind::String)
            globals_[in.global] = Value::from_ref(heap_.new_permanent_string(d.s.view()));
        else if (d.type.kind == TypeKind::Float)
            globals_[in.global] = Value::from_float(d.f);
        else
            globals_[in.global] = Value::from_int(d.i);
    }
}

void Vm::reserve_host_memory(int64_t bytes, std::string_view what) {
    if (error_) return;
    try {
        heap_.reserve_pinned(bytes);
    } catch (Trap& t) {
        t.message += fmt::format(": {} needs {} bytes", what, bytes);
        record_setup_error(std::move(t));
    }
}

void Vm::record_setup_error(Trap trap) {
    label_ = kSetupLabel;
    record_error(std::move(trap), nullptr, nullptr);
}

Vm::~Vm() = default;

Value Vm::zero_value(Type t) {
    switch (t.kind) {
        case TypeKind::String:
            return Value::from_ref(empty_);
        case TypeKind::Array:
            return Value::from_ref(new_array(t.element(), 0));
        case TypeKind::Record:
            return Value::from_ref(new_record(t.record_id()));
        default:
            return Value::from_int(0);  // also 0.0 for floats
    }
}

void Vm::grow_stack(uint64_t needed) {
    uint64_t size = std::max<uint64_t>(stack_size_ * 2, 1024);
    while (size < needed)
        size *= 2;
    heap_.reserve_external(int64_t((size - stack_size_) * sizeof(Value)));
    std::unique_ptr<Value[]> bigger(new Value[size]);
    for (uint64_t i = 0; i < stack_size_; ++i)
        bigger[i] = stack_[i];
    if (top_) {
        for (Frame* f = frames_.data(); f <= top_; ++f)
            f->regs = bigger.get() + (f->regs - stack_.get());
    }
    stack_ = std::move(bigger);
    stack_size_ = size;
    stack_end_ = stack_.get() + size;
}

// ---- Objects ------------------------------------------------------------------------------

String* Vm::new_string(std::string_view text) {
    String* s = heap_.new_string(text);
    handles_.push_back(s);
    return s;
}

Array* Vm::new_array(Type element, uint64_t length) {
    bool strings = element.kind == TypeKind::String;
    Array* a =
        heap_.new_array(strings, length, strings ? Value::from_ref(empty_) : Value::from_int(0));
    handles_.push_back(a);
    return a;
}

uint32_t Vm::add_kept_slot() {
    kept_.push_back(nullptr);
    return uint32_t(kept_.size() - 1);
}

Record* Vm::new_record(RecordId record) {
    Record* r = heap_.new_record(record, record_init_[size_t(record)].data());
    handles_.push_back(r);
    return r;
}

void Vm::mark_roots(void* self, Heap& heap) {
    auto* vm = static_cast<Vm*>(self);
    for (uint32_t g : vm->ref_globals_)
        heap.mark(vm->globals_[g].as_ref());
    for (Object* o : vm->handles_)
        heap.mark(o);
    for (Object* o : vm->kept_)
        heap.mark(o);
    if (!vm->top_) return;
    for (const Frame* f = vm->frames_.data(); f <= vm->top_; ++f) {
        for (uint8_t r : f->fn->ref_regs)
            heap.mark(f->regs[r].as_ref());
    }
}

// ---- Inputs -------------------------------------------------------------------------------

namespace {

std::optional<Value> parse_scalar(Type t, std::string_view text) {
    switch (t.kind) {
        case TypeKind::Int: {
            int64_t v = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
            return Value::from_int(v);
        }
        case TypeKind::Float: {
            if (text == "na") return Value::from_float(std::numeric_limits<double>::quiet_NaN());
            std::string copy(text);
            char* end = nullptr;
            double v = std::strtod(copy.c_str(), &end);
            if (copy.empty() || *end != '\0' || std::isspace(static_cast<unsigned char>(copy[0])))
                return std::nullopt;
            return Value::from_float(v);
        }
        case TypeKind::Bool:
            if (text == "true") return Value::from_bool(true);
            if (text == "false") return Value::from_bool(false);
            return std::nullopt;
        case TypeKind::Enum: {
            std::string_view name = enum_name(t.enum_id());
            if (text.size() > name.size() + 1 && text.substr(0, name.size()) == name &&
                text[name.size()] == '.')
                text.remove_prefix(name.size() + 1);
            auto v = find_enum_value(t.enum_id(), text);
            if (!v) return std::nullopt;
            return Value::from_int(*v);
        }
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<std::string> Vm::set_input(std::string_view name, std::string_view value) {
    const Input* input = nullptr;
    for (const Input& in : module_.inputs) {
        if (in.name == name) input = &in;
    }
    if (!input) {
        if (module_.inputs.empty())
            return fmt::format("unknown input '{}' (the strategy has no inputs)", name);
        std::string names;
        for (const Input& in : module_.inputs)
            names += (names.empty() ? "" : ", ") + in.name;
        return fmt::format("unknown input '{}' (inputs: {})", name, names);
    }
    Type t = module_.globals[input->global].type;
    if (t.kind == TypeKind::String) {
        try {
            globals_[input->global] = Value::from_ref(heap_.new_string(value));
        } catch (const Trap& trap) {
            return fmt::format("input {}: {}", name, trap.message);
        }
        return std::nullopt;
    }
    auto v = parse_scalar(t, value);
    if (!v) {
        std::string expected = type_name(t);
        if (t.kind == TypeKind::Enum) {
            expected = "one of";
            for (int i = 0; i < enum_value_count(t.enum_id()); ++i)
                expected += fmt::format(" {}", enum_value_name(t.enum_id(), i));
        }
        const char* article = t.kind == TypeKind::Enum  ? ""
                              : t.kind == TypeKind::Int ? "an "
                                                        : "a ";
        return fmt::format("input {}: '{}' is not {}{}", name, value, article, expected);
    }
    globals_[input->global] = *v;
    return std::nullopt;
}

std::optional<std::string> Vm::set_input(std::string_view assignment) {
    size_t eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fmt::format("--input expects name=value, got '{}'", assignment);
    return set_input(assignment.substr(0, eq), assignment.substr(eq + 1));
}

// ---- Running ------------------------------------------------------------------------------

InvokeResult Vm::run_init() {
    if (module_.init_function == kNoFunction) return {0, error_ ? &*error_ : nullptr};
    return run(module_.init_function, {}, module_.functions[module_.init_function].name, nullptr);
}

InvokeResult Vm::call(uint32_t function, std::span<const Value> args, Value* result) {
    if (function >= functions_.size()) throw std::out_of_range("no such function");
    return run(function, args, module_.functions[function].name, result);
}

void Vm::gas_exhausted() const {
    if (budget_is_run_limit_)
        throw Trap{ErrorKind::RunGas,
                   fmt::format("gas limit exceeded (run limit of {})", limits_.run_gas)};
    throw Trap{ErrorKind::EventGas,
               fmt::format("gas limit exceeded (event limit of {})", limits_.event_gas)};
}

void Vm::record_error(Trap trap, const Frame* top, const uint32_t* ip) {
    RuntimeError e;
    e.kind = trap.kind;
    e.message = std::move(trap.message);
    e.handler = label_;
    e.file = module_.source_name;
    size_t depth = top ? size_t(top - frames_.data()) + 1 : 0;
    for (size_t i = depth; i-- > 0;) {
        const Frame* f = &frames_[i];
        const uint32_t* at = f == top ? ip : f->ip;
        LineInfo pos = f->fn->fn->position_at(uint32_t(at - f->fn->code));
        e.stack.push_back({f->fn->fn->name, pos.line, pos.col});
    }
    if (!e.stack.empty()) e.line = e.stack.front().line;
    error_ = std::move(e);
}

std::string Vm::symbol_text(int64_t symbol) const {
    if (!host_.symbol_name) return fmt::format("#{}", symbol);
    auto name = host_.symbol_name(host_.user, symbol);
    if (!name) throw Trap{ErrorKind::Builtin, fmt::format("invalid symbol id {}", symbol)};
    return std::string(*name);
}

}  // namespace dsl::vm
