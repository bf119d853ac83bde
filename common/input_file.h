// Reading a whole input file (a strategy source, a bytecode file) into memory, with an upper
// bound on its size, so that no input can make a tool read without end: `dslc /dev/zero`
// or a runaway generator on a pipe is an error, not gigabytes of memory.
//
// Accepted: regular files, and pipes (FIFOs), which is what /dev/stdin, `<(command)` and
// `command | dslc /dev/stdin` give. Refused before any byte is read: directories, devices
// (/dev/zero, a terminal) and sockets. A regular file larger than the limit is refused from
// its size; a pipe is read up to one byte past the limit.
#pragma once

#include <cstdint>
#include <string>

namespace dsl {

struct InputFile {
    std::string bytes;
    std::string error;  // empty when the file was read, else a one-line reason naming the file

    bool ok() const { return error.empty(); }
};

// Why a file of this type (a stat st_mode) is not read as an input, or nullptr when it is:
// regular files and pipes are read; directories, devices and sockets are not. For readers
// that stream a file themselves (the trace reader follows a file as it grows).
const char* input_refusal(unsigned mode);

// Reads `path` if it holds at most `max_bytes` bytes.
InputFile read_input_file(const std::string& path, uint64_t max_bytes);

// "4 MiB" for whole mebibytes, else the number of bytes.
std::string size_text(uint64_t bytes);

}  // namespace dsl
