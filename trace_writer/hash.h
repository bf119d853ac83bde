// Content hashes for the trace header: XXH3-64 (seed 0) as 16 lowercase hex digits, the same
// hash the bytecode files carry (bytecode/file_format.h), so a trace names exactly which
// bytecode and which data files produced it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dsl::trace {

// 16 lowercase hex digits, most significant first.
std::string hash_hex(std::uint64_t hash);
// XXH3-64 of `bytes`, as hex.
std::string hash_bytes(std::string_view bytes);

struct FileDigest {
    std::string hash;         // XXH3-64 of the whole file, as hex
    std::uint64_t bytes = 0;  // file size
    std::uint64_t lines = 0;  // '\n' characters, plus one for a last line without one
};

// Reads the file in large chunks (constant memory); nullopt when it cannot be read or is not a
// regular file: a pipe given as a data file must be left to the run that reads it.
std::optional<FileDigest> digest_file(const std::string& path);

}  // namespace dsl::trace
