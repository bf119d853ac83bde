// The bounded reader of input files. The file is opened once and its type checked on the
// open descriptor, so what is read is what was checked.
#include "common/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dsl {
namespace {

class Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

}  // namespace

const char* input_refusal(unsigned mode) {
    if (S_ISREG(mode) || S_ISFIFO(mode)) return nullptr;
    if (S_ISDIR(mode)) return "it is a directory";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a file";
    return "it is not a regular file or a pipe";
}

std::string size_text(uint64_t bytes) {
    constexpr uint64_t kMiB = 1u << 20;
    if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

InputFile read_input_file(const std::string& path, uint64_t max_bytes) {
    InputFile out;
    auto fail = [&](const std::string& why) {
        out.bytes.clear();
        out.error = "cannot read " + path + ": " + why;
        return out;
    };
    auto too_large = [&] {
        return fail("the file is larger than the limit of " + size_text(max_bytes));
    };
    Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail(std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(std::strerror(errno));
    if (const char* why = input_refusal(st.st_mode)) return fail(why);
    if (S_ISREG(st.st_mode)) {
        if (uint64_t(st.st_size) > max_bytes) return too_large();
        out.bytes.reserve(size_t(st.st_size));
    }
    char buf[1 << 16];
    while (true) {
        ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(std::strerror(errno));
        if (n == 0) break;
        // A file that grows while it is read, or a pipe, stops one buffer past the limit.
        if (out.bytes.size() + size_t(n) > max_bytes) return too_large();
        out.bytes.append(buf, size_t(n));
    }
    return out;
}

}  // namespace dsl
