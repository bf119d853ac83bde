// Writing modules to .dslbc bytes and reading them back (bytecode/file_format.h).
// Reading checks structure only: magic, version, hash, sizes, counts, indices between
// tables, type codes, builtin imports and format specs. Whether the code itself is sound
// is the verifier's job (vm/verifier.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "bytecode/module.h"

namespace dsl {

std::vector<uint8_t> write_module(const Module& m);

struct LoadError {
    uint64_t offset = 0;  // byte offset in the file where the problem was found
    std::string message;
};

std::variant<Module, LoadError> read_module(std::span<const uint8_t> bytes);

// XXH3-64 of the bytes after the header, as stored in a file's header.
uint64_t content_hash(std::span<const uint8_t> bytes_after_header);

}  // namespace dsl
