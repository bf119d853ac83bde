// libFuzzer target for the whole front end: any bytes as a strategy source must give
// diagnostics or a module, never a crash, a hang or undefined behaviour, and its rendered
// diagnostics no control byte but newline and tab (common/escape.h). A module the
// compiler emits must also pass the VM's verifier and survive a write/read round trip, so
// the fuzzer checks the code generator too.
#include <cstdint>
#include <string_view>

#include "bytecode/disasm.h"
#include "bytecode/module_io.h"
#include "compiler/compile.h"
#include "vm/verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view source(reinterpret_cast<const char*>(data), size);
    dsl::CompileResult result = dsl::compile(source, "fuzz.strat");
    dsl::SourceLines lines(source);
    for (const auto& d : result.diagnostics) {
        std::string shown = dsl::render(d, "fuzz.strat", lines);
        // Whatever the input, what is printed holds no control byte but newline and tab.
        for (char c : shown) {
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
                __builtin_trap();
        }
    }
    if (!result.module) return 0;
    if (dsl::vm::verify_module(*result.module)) __builtin_trap();  // the compiler emitted bad code
    std::vector<uint8_t> bytes = dsl::write_module(*result.module);
    auto back = dsl::read_module(bytes);
    if (!std::holds_alternative<dsl::Module>(back)) __builtin_trap();
    if (dsl::write_module(std::get<dsl::Module>(back)) != bytes) __builtin_trap();
    (void)dsl::disassemble(*result.module);
    return 0;
}
