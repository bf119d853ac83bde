// Loading bytecode for execution: read_module() checks the file's structure, verify_module()
// its code; only a VerifiedModule can be given to the VM (vm/vm.h), so nothing unverified
// ever runs. Every failure is data with a one-line message:
//   cannot read x.dslbc: No such file or directory
//   bad bytecode: byte 16: content hash mismatch (the file is corrupt)
//   bad bytecode: function on_bar, pc 12: ADD_I: operand B (r3) is float, expected int
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "bytecode/module.h"

namespace dsl::vm {

struct LoadFailure {
    enum class Kind : uint8_t {
        Io,      // the file could not be read
        Format,  // read_module rejected the bytes
        Verify,  // verify_module rejected the code
    };
    Kind kind;
    std::string message;
};

// A module that passed verify_module(). Immutable; the VM keeps a reference to it, so it
// must outlive every Vm built from it.
class VerifiedModule {
  public:
    static std::variant<VerifiedModule, LoadFailure> verify(Module m);
    const Module& module() const { return m_; }

  private:
    explicit VerifiedModule(Module m) : m_(std::move(m)) {}
    Module m_;
};

std::variant<VerifiedModule, LoadFailure> load_bytecode(std::span<const uint8_t> bytes);
std::variant<VerifiedModule, LoadFailure> load_bytecode_file(const std::string& path);

}  // namespace dsl::vm
