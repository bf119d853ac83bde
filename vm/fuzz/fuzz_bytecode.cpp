// libFuzzer target: arbitrary bytes through the loader, the verifier and the interpreter.
// Whatever the bytes, nothing may crash, hang, leak or hit undefined behaviour: the file is
// rejected with a message, or it runs to completion or to a runtime error within small
// limits. Build with the `fuzz` preset; scripts/fuzz.sh bytecode runs it (docs/vm.md "Fuzzing").
//
// The header's content hash and size are recomputed before loading: otherwise almost every
// mutation would stop at the hash check and the fuzzer would never reach the sections, the
// verifier or the interpreter. Builtins the standard library does not bind (the order
// engine's) get a stub that returns a zero value, so that modules using them still run.
#include <cstdint>
#include <cstring>

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "stdlib/stdlib.h"
#include "vm/vm.h"

namespace {

using namespace dsl;

void stub(vm::HostCall& call, const vm::Value*, vm::Value* result) {
    Type t = builtin_info(call.builtin()).signature.result.type;
    switch (t.kind) {
        case TypeKind::String:
            *result = vm::Value::from_ref(call.new_string(""));
            break;
        case TypeKind::Array:
            *result = vm::Value::from_ref(call.new_array(t.element(), 0));
            break;
        case TypeKind::Record:
            *result = vm::Value::from_ref(call.new_record(t.record_id()));
            break;
        default:
            *result = vm::Value::from_int(0);
    }
}

void run(const vm::VerifiedModule& verified) {
    const Module& m = verified.module();
    stdlib::NoMarket market;
    market.intern_symbol("FUZZ");
    stdlib::Runtime runtime(m, market, [](std::string_view) {});
    vm::Host host;
    runtime.bind(host);
    for (auto& fn : host.builtins) {
        if (!fn) fn = stub;
    }
    vm::Limits limits;
    limits.event_gas = 200'000;
    limits.run_gas = 2'000'000;
    limits.max_call_depth = 200;
    limits.memory = 16u << 20;
    vm::Vm vm(verified, host, limits);
    vm.run_init();
    for (const HandlerInfo& h : all_handlers()) {
        std::vector<vm::Value> args;
        for (const Param& p : h.params) {
            args.push_back(p.type.type.kind == TypeKind::Record
                               ? vm::Value::from_ref(vm.new_record(p.type.type.record_id()))
                               : vm::Value::from_int(0));
        }
        vm.invoke(h.id, args);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<uint8_t> bytes(data, data + size);
    if (bytes.size() >= kHeaderSize) {
        uint64_t hash = content_hash(std::span(bytes).subspan(kHeaderSize));
        uint64_t file_size = bytes.size();
        std::memcpy(bytes.data() + 16, &hash, 8);
        std::memcpy(bytes.data() + 24, &file_size, 8);
    }
    auto loaded = vm::load_bytecode(bytes);
    if (auto* verified = std::get_if<vm::VerifiedModule>(&loaded)) run(*verified);
    return 0;
}
