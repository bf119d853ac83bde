// Reading, structural checking and verification, in that order.
#include "vm/loader.h"

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "common/input_file.h"
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
    // A file larger than the format allows is refused without being read whole.
    InputFile file = read_input_file(path, kMaxFileSize);
    if (!file.ok()) return LoadFailure{LoadFailure::Kind::Io, file.error};
    return load_bytecode(
        std::span(reinterpret_cast<const uint8_t*>(file.bytes.data()), file.bytes.size()));
}

}  // namespace dsl::vm
