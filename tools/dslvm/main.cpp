// dslvm: runs a strategy.
//
//   dslvm FILE.dslbc|FILE.strat [--input name=value]... [--gas-limit N] [--event-gas-limit N]
//         [--max-call-depth N] [--memory-limit BYTES] [--stats]
//
// A .strat file is compiled first; its diagnostics are printed exactly as dslc prints them.
// The bytecode is verified before anything runs. The run: inputs are set (defaults, then
// --input overrides), the state initialiser runs, then on_start, then the market events
// (none yet: the data loop comes with the backtest dispatcher, issue 5), then on_stop. Log
// lines go to stdout; errors to stderr.
//
// Exit codes (shared with dslc where they overlap; docs/vm.md):
//   0 the run completed            3 a file could not be read
//   1 compile errors (.strat)      4 invalid bytecode, or it needs a builtin this runner lacks
//   2 usage error (flags, inputs)  5 the strategy stopped on a runtime error or a limit
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "stdlib/market.h"
#include "stdlib/stdlib.h"
#include "vm/loader.h"
#include "vm/vm.h"

#ifdef DSLVM_HAVE_COMPILER
#include "compiler/compile.h"
#endif

namespace {

enum Exit : int {
    kOk = 0,
    kCompileErrors = 1,
    kUsage = 2,
    kIoError = 3,
    kBadBytecode = 4,
    kRuntimeError = 5,
};

struct Options {
    std::string file;
    std::vector<std::string> inputs;
    dsl::vm::Limits limits;
    bool stats = false;
    std::string color = "auto";
};

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<dsl::vm::VerifiedModule> fail(const std::string& message, int code, int& exit_code) {
    std::cerr << "dslvm: " << message << "\n";
    exit_code = code;
    return std::nullopt;
}

// Compiles a .strat file, printing its diagnostics as dslc does.
std::optional<dsl::vm::VerifiedModule> compile_strategy(const Options& o, int& exit_code) {
#ifdef DSLVM_HAVE_COMPILER
    std::ifstream in(o.file, std::ios::binary);
    if (!in)
        return fail("cannot read " + o.file + ": " + std::strerror(errno), kIoError, exit_code);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string source = ss.str();
    dsl::CompileResult r = dsl::compile(source, o.file);
    dsl::RenderOptions render;
    render.color = o.color == "always" || (o.color == "auto" && isatty(STDERR_FILENO));
    size_t warnings = 0, errors = 0;
    for (const auto& d : r.diagnostics) {
        std::cerr << dsl::render(d, o.file, source, render);
        warnings += d.severity == dsl::Severity::Warning;
        errors += d.severity == dsl::Severity::Error;
    }
    if (errors > 0 || !r.module) {
        std::cerr << fmt::format(
            "{}: {} error{}{}\n", o.file, errors, errors == 1 ? "" : "s",
            warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
        exit_code = kCompileErrors;
        return std::nullopt;
    }
    auto verified = dsl::vm::VerifiedModule::verify(std::move(*r.module));
    if (auto* f = std::get_if<dsl::vm::LoadFailure>(&verified))
        return fail("internal compiler error: " + f->message, kBadBytecode, exit_code);
    return std::move(std::get<dsl::vm::VerifiedModule>(verified));
#else
    return fail("this build of dslvm has no compiler: compile " + o.file + " with dslc first",
                kUsage, exit_code);
#endif
}

std::optional<dsl::vm::VerifiedModule> load(const Options& o, int& exit_code) {
    if (ends_with(o.file, ".strat")) return compile_strategy(o, exit_code);
    auto loaded = dsl::vm::load_bytecode_file(o.file);
    if (auto* f = std::get_if<dsl::vm::LoadFailure>(&loaded)) {
        bool io = f->kind == dsl::vm::LoadFailure::Kind::Io;
        return fail(io ? f->message : o.file + ": " + f->message, io ? kIoError : kBadBytecode,
                    exit_code);
    }
    return std::move(std::get<dsl::vm::VerifiedModule>(loaded));
}

// Reports a runtime error; true when the run must end.
bool failed(const dsl::vm::InvokeResult& r) {
    if (r.ok()) return false;
    std::cout.flush();
    std::cerr << r.error->to_string() << "\n";
    return true;
}

int run(const Options& o) {
    int code = kOk;
    auto verified = load(o, code);
    if (!verified) return code;
    const dsl::Module& module = verified->module();

    dsl::stdlib::NoMarket market;
    dsl::stdlib::Runtime runtime(module, market,
                                 [](std::string_view line) { std::cout << line << "\n"; });
    dsl::vm::Host host;
    runtime.bind(host);
    if (auto missing = dsl::vm::check_bindings(module, host)) {
        std::cerr << "dslvm: " << o.file << ": " << *missing << "\n";
        return kBadBytecode;
    }
    dsl::vm::Vm vm(*verified, host, o.limits);
    for (const std::string& assignment : o.inputs) {
        if (auto error = vm.set_input(assignment)) {
            std::cerr << "dslvm: " << *error << "\n";
            return kUsage;
        }
    }

    int status = kOk;
    if (failed(vm.run_init()) || failed(vm.invoke(dsl::HandlerId::on_start, {}))) {
        status = kRuntimeError;
    } else {
        // Market events go here: the backtest dispatcher (issue 5) steps the market context
        // and invokes on_order_fill, on_position_change and on_bar/on_tick per event,
        // stopping the loop on the first runtime error.
        if (failed(vm.invoke(dsl::HandlerId::on_stop, {}))) status = kRuntimeError;
    }
    std::cout.flush();
    if (o.stats) {
        std::cerr << fmt::format(
            "dslvm: gas used {}, heap {} bytes in {} objects, {} collections\n", vm.gas_used(),
            vm.heap().bytes(), vm.heap().object_count(), vm.heap().collections());
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dslvm: runs a trading strategy (.dslbc bytecode, or a .strat compiled first)"};
    app.footer(
        "Exit codes: 0 the run completed, 1 compile errors, 2 usage error (flags, inputs),\n"
        "3 a file could not be read, 4 invalid bytecode or a builtin this runner lacks,\n"
        "5 the strategy stopped on a runtime error or a limit. See docs/vm.md.");
    Options o;
    dsl::vm::Limits defaults;
    app.add_option("file", o.file, "strategy bytecode (.dslbc) or source (.strat)")->required();
    app.add_option("--input", o.inputs, "set an input: name=value (repeatable)");
    app.add_option("--gas-limit", o.limits.run_gas, "gas for the whole run")
        ->default_val(defaults.run_gas)
        ->check(CLI::Range(int64_t(1), INT64_MAX));
    app.add_option("--event-gas-limit", o.limits.event_gas,
                   "gas for one handler invocation (one event)")
        ->default_val(defaults.event_gas)
        ->check(CLI::Range(int64_t(1), INT64_MAX));
    app.add_option("--max-call-depth", o.limits.max_call_depth, "nested DSL calls")
        ->default_val(defaults.max_call_depth)
        ->check(CLI::Range(1u, dsl::vm::kMaxCallDepthCap));
    app.add_option("--memory-limit", o.limits.memory,
                   "bytes of VM memory (suffixes k, m, g: powers of 1024)")
        ->default_val(defaults.memory)
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(uint64_t(1), UINT64_MAX));
    app.add_flag("--stats", o.stats, "print gas and memory use to stderr at the end");
    app.add_option("--color", o.color, "color diagnostics: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.set_version_flag("--version", "dslvm 0.1.0");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    return run(o);
}
