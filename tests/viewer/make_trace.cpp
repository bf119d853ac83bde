// make_trace: a test helper that records the trace of a strategy run, the way
// `dslvm STRATEGY --data FILE... --trace OUT.jsonl` does, for the viewer's tests and screenshots.
//
//   make_trace STRATEGY.strat OUT.jsonl DATA.csv... [--option NAME=VALUE]... [--input N=V]...
//              [--bytecode OUT.dslbc]
//
// It compiles, verifies and runs through the runner library, so it links the whole toolchain;
// that is why it lives in tests/ and not in viewer/ (dslview links only the trace reader and the
// bytecode format). Exit codes: 0 the run completed, 1 it could not be set up, or the run's own
// exit code (docs/vm.md).
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bytecode/module_io.h"
#include "compiler/compile.h"
#include "runner/run_config.h"
#include "runner/session.h"
#include "vm/loader.h"

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"make_trace: records the trace of a strategy run (a test helper)"};
    std::string strategy, trace_path, bytecode_path;
    std::vector<std::string> data, options, inputs;
    app.add_option("strategy", strategy, "strategy source (.strat)")->required();
    app.add_option("trace", trace_path, "trace to write (.jsonl)")->required();
    app.add_option("data", data, "market data files")->required();
    app.add_option("--option", options, "run configuration NAME=VALUE (dslvm's options)");
    app.add_option("--input", inputs, "strategy input NAME=VALUE");
    app.add_option("--bytecode", bytecode_path, "also write the compiled module here");
    CLI11_PARSE(app, argc, argv);

    std::string source = read_file(strategy);
    dsl::CompileResult compiled = dsl::compile(source, strategy);
    if (!compiled.module) {
        for (const auto& d : compiled.diagnostics)
            std::cerr << dsl::render(d, strategy, source);
        return 1;
    }
    if (!bytecode_path.empty()) {
        std::vector<uint8_t> bytes = dsl::write_module(*compiled.module);
        std::ofstream(bytecode_path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
    }
    auto verified = dsl::vm::VerifiedModule::verify(std::move(*compiled.module));
    if (auto* f = std::get_if<dsl::vm::LoadFailure>(&verified)) {
        std::cerr << "make_trace: " << f->message << "\n";
        return 1;
    }
    dsl::runner::SessionOptions o;
    for (const auto& d : data)
        o.data.push_back({d, std::nullopt});
    try {
        for (const auto& option : options) {
            auto eq = option.find('=');
            if (eq == std::string::npos) throw dsl::runner::ConfigError("expected NAME=VALUE");
            dsl::runner::apply_option(o.config, option.substr(0, eq), option.substr(eq + 1));
        }
    } catch (const dsl::runner::ConfigError& e) {
        std::cerr << "make_trace: " << e.what() << "\n";
        return 1;
    }
    o.inputs = inputs;
    o.trace_path = trace_path;
    o.quiet = true;
    o.strategy_name = strategy;
    return dsl::runner::run_session(std::get<dsl::vm::VerifiedModule>(verified), o, std::cout,
                                    std::cerr);
}
