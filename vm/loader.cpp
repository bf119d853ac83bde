// Reading, structural checking and verification, in that order.
#include "vm/loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "vm/verifier.h"

namespace dsl::vm {

std::variant<VerifiedModule, LoadFailure> VerifiedModule::verify(Module m) {
    if (auto error = verify_module(m))
        return LoadFailure{LoadFailure::Kind::Verify, error->to_string()};
    return VerifiedModule(std::move(m));
}

std::variant<VerifiedModule, LoadFailure> load_bytecode(std::span<const uint8_t> bytes) {
    auto read = read_module(bytes);
    if (auto* error = std::get_if<LoadError>(&read)) {
        return LoadFailure{
            LoadFailure::Kind::Format,
            "bad bytecode: byte " + std::to_string(error->offset) + ": " + error->message};
    }
    return VerifiedModule::verify(std::move(std::get<Module>(read)));
}

std::variant<VerifiedModule, LoadFailure> load_bytecode_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return LoadFailure{LoadFailure::Kind::Io,
                           "cannot read " + path + ": " + std::strerror(errno)};
    std::vector<uint8_t> bytes;
    // Read at most one byte more than the format allows, so a huge file is rejected without
    // reading it whole.
    char buf[1 << 16];
    while (in && bytes.size() <= kMaxFileSize) {
        in.read(buf, sizeof buf);
        bytes.insert(bytes.end(), buf, buf + in.gcount());
    }
    if (in.bad()) return LoadFailure{LoadFailure::Kind::Io, "cannot read " + path + ": read error"};
    if (bytes.size() > kMaxFileSize)
        return LoadFailure{LoadFailure::Kind::Format,
                           "bad bytecode: the file is larger than 64 MiB"};
    return load_bytecode(bytes);
}

}  // namespace dsl::vm
