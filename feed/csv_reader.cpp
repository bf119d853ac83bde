// Byte sources and the buffered line reader (see csv_reader.h).
#include "feed/csv_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "feed/feed.h"

namespace dsl::runner {

namespace {

using Clock = std::chrono::steady_clock;

std::string errno_text(int err) {
    return std::strerror(err);
}

}  // namespace

ByteSource::~ByteSource() = default;

FdSource::FdSource(int fd, bool owns, std::string name)
    : fd_(fd), owns_(owns), name_(std::move(name)) {}

FdSource::~FdSource() {
    if (owns_) ::close(fd_);
}

long FdSource::read(char* out, std::size_t size, int timeout_ms) {
    if (timeout_ms >= 0) {
        pollfd p{fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, timeout_ms);
        if (ready == 0 || (ready < 0 && errno == EINTR)) return kNothingYet;
        if (ready < 0)
            throw FeedError(name_, 0, "poll failed: " + errno_text(errno), FeedError::Kind::io);
        // POLLHUP/POLLERR: read() below reports the end or the error.
    }
    for (;;) {
        ssize_t n = ::read(fd_, out, size);
        if (n >= 0) return static_cast<long>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return kNothingYet;
        throw FeedError(name_, 0, "read error: " + errno_text(errno), FeedError::Kind::io);
    }
}

std::unique_ptr<FdSource> open_file_source(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw FeedError(path, 0, "cannot open: " + errno_text(errno), FeedError::Kind::io);
    }
    // The whole file is read once, front to back: let the kernel read ahead generously.
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::make_unique<FdSource>(fd, true, path);
}

MemorySource::MemorySource(std::string_view data, std::size_t chunk, std::string name)
    : data_(data), chunk_(std::max<std::size_t>(chunk, 1)), name_(std::move(name)) {}

long MemorySource::read(char* out, std::size_t size, int /*timeout_ms*/) {
    std::size_t n = std::min({size, chunk_, data_.size()});
    std::memcpy(out, data_.data(), n);
    data_.remove_prefix(n);
    return static_cast<long>(n);
}

LineReader::LineReader(ByteSource& source, std::size_t buffer_bytes)
    : source_(source),
      // Zeroed, padding included: bytes a parser reads past a line are never uninitialised.
      buf_(new char[std::max(buffer_bytes, kMinBuffer) + kPadding]()),
      capacity_(std::max(buffer_bytes, kMinBuffer)) {}

bool LineReader::take_line(std::string_view& line) {
    const char* base = buf_.get();
    const void* nl = std::memchr(base + begin_ + scanned_, '\n', end_ - begin_ - scanned_);
    std::size_t stop = 0;
    std::size_t next = 0;
    if (nl != nullptr) {
        stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
        next = stop + 1;
    } else if (eof_ && begin_ < end_) {
        stop = next = end_;  // the last line has no '\n'
    } else {
        scanned_ = end_ - begin_;
        return false;
    }
    std::size_t start = begin_;
    if (at_start_) {
        at_start_ = false;
        if (stop - start >= 3 && std::memcmp(base + start, "\xEF\xBB\xBF", 3) == 0) start += 3;
    }
    if (stop > start && base[stop - 1] == '\r') --stop;
    line = std::string_view(base + start, stop - start);
    line_ended_ = nl != nullptr;
    begin_ = next;
    scanned_ = 0;
    ++line_number_;
    return true;
}

// Moves the unread tail to the front so that the next read has room; a full buffer without a
// '\n' is a line too long for it.
void LineReader::make_room() {
    if (begin_ > 0) {
        std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == capacity_) {
        throw FeedError(source_.name(), line_number_ + 1,
                        "line longer than " + std::to_string(capacity_ - 1) +
                            " bytes (the read buffer); is this a text file with '\\n' line ends?",
                        FeedError::Kind::format);
    }
}

LineReader::Status LineReader::next(std::string_view& line, std::chrono::milliseconds timeout) {
    const bool bounded = timeout.count() >= 0;
    const Clock::time_point deadline = bounded ? Clock::now() + timeout : Clock::time_point::max();
    for (;;) {
        if (take_line(line)) return Status::line;
        if (eof_) return Status::end;
        make_room();
        int wait_ms = -1;
        if (bounded) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
            wait_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 1'000'000'000));
        }
        long n = source_.read(buf_.get() + end_, capacity_ - end_, wait_ms);
        if (n > 0) {
            end_ += static_cast<std::size_t>(n);
        } else if (n == 0) {
            eof_ = true;
        } else if (bounded && Clock::now() >= deadline) {
            return Status::timeout;
        }
    }
}

}  // namespace dsl::runner
