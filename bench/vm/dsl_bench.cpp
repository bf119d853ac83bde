// The DSL side of the VM benchmarks: compiles a .strat, then runs it as dslvm does, with one
// symbol and, for the handler-call benchmark, N invocations of on_bar from the host.
//
//   dsl_bench FILE.strat [--input name=value]... [--handler-calls N] [--no-metering]
//
// The gas limits are lifted (the programs are long on purpose) but gas is still charged and
// checked unless --no-metering, which runs the interpreter instantiated without metering:
// the pair measures what metering costs.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "compiler/compile.h"
#include "stdlib/stdlib.h"
#include "vm/vm.h"

int main(int argc, char** argv) {
    CLI::App app{"dsl_bench: runs a benchmark strategy"};
    std::string file;
    std::vector<std::string> inputs;
    int64_t handler_calls = 0;
    bool no_metering = false;
    app.add_option("file", file)->required();
    app.add_option("--input", inputs);
    app.add_option("--handler-calls", handler_calls);
    app.add_flag("--no-metering", no_metering);
    CLI11_PARSE(app, argc, argv);

    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string source = ss.str();
    auto compiled = dsl::compile(source, file);
    if (!compiled.module) {
        for (const auto& d : compiled.diagnostics)
            std::cerr << dsl::render(d, file, source);
        return 1;
    }
    auto loaded = dsl::vm::VerifiedModule::verify(std::move(*compiled.module));
    if (auto* f = std::get_if<dsl::vm::LoadFailure>(&loaded)) {
        std::cerr << f->message << "\n";
        return 4;
    }
    const auto& verified = std::get<dsl::vm::VerifiedModule>(loaded);
    dsl::stdlib::NoMarket market;
    market.intern_symbol("BENCH");
    dsl::stdlib::Runtime runtime(verified.module(), market,
                                 [](std::string_view line) { std::cout << line << "\n"; });
    dsl::vm::Host host;
    runtime.bind(host);
    dsl::vm::Limits limits;
    limits.event_gas = limits.run_gas = INT64_MAX / 2;
    dsl::vm::VmOptions options;
    options.metering = !no_metering;
    dsl::vm::Vm vm(verified, host, limits, options);
    for (const auto& i : inputs) {
        if (auto e = vm.set_input(i)) {
            std::cerr << *e << "\n";
            return 2;
        }
    }
    auto check = [](const dsl::vm::InvokeResult& r) {
        if (!r.ok()) {
            std::cerr << r.error->to_string() << "\n";
            std::exit(5);
        }
    };
    check(vm.run_init());
    check(vm.invoke(dsl::HandlerId::on_start, {}));
    dsl::vm::Value args[] = {dsl::vm::Value::from_int(0)};
    for (int64_t i = 0; i < handler_calls; ++i)
        check(vm.invoke(dsl::HandlerId::on_bar, args));
    check(vm.invoke(dsl::HandlerId::on_stop, {}));
    std::cerr << "gas " << vm.gas_used() << "\n";
    return 0;
}
