// XXH3-64 over strings and files (see hash.h).
#include "trace_writer/hash.h"

#include <sys/stat.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace dsl::trace {

std::string hash_hex(std::uint64_t hash) {
    constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kHex[hash & 15];
        hash >>= 4;
    }
    return out;
}

std::string hash_bytes(std::string_view bytes) {
    return hash_hex(XXH3_64bits(bytes.data(), bytes.size()));
}

std::optional<FileDigest> digest_file(const std::string& path) {
    // Checked before opening: opening a pipe whose writer is gone would block.
    struct stat kind {};
    if (::stat(path.c_str(), &kind) != 0 || !S_ISREG(kind.st_mode)) return std::nullopt;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) return std::nullopt;
    std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(),
                                                                          &XXH3_freeState);
    if (!state || XXH3_64bits_reset(state.get()) == XXH_ERROR) return std::nullopt;
    FileDigest d;
    std::vector<char> chunk(1 << 20);
    char last = '\n';
    for (;;) {
        std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file.get());
        if (n == 0) break;
        XXH3_64bits_update(state.get(), chunk.data(), n);
        d.bytes += n;
        d.lines += static_cast<std::uint64_t>(std::count(chunk.data(), chunk.data() + n, '\n'));
        last = chunk[n - 1];
    }
    if (std::ferror(file.get())) return std::nullopt;
    if (last != '\n') ++d.lines;
    d.hash = hash_hex(XXH3_64bits_digest(state.get()));
    return d;
}

}  // namespace dsl::trace
