// Byte sources and the buffered line reader under every data parser (files, stdin, a socket,
// memory for the fuzzer).
//
// LineReader hands out each physical line as a view into its one fixed buffer: memory stays
// constant however long the input, and no line is copied or allocated. The views stay valid
// until the next call. It strips a UTF-8 byte order mark at the very start, the '\r' of CRLF
// line endings, and returns a last line that has no '\n' (line_ended() tells which: a file's
// last line often lacks it, while a stream's line without it was cut off). A line that does
// not fit in the buffer is an error (FeedError, kind format) rather than a reason to grow.
//
// Waiting: next() takes a timeout so that a live reader can give control back when no data
// arrives (the caller advances its clock); a partial line read before a timeout stays buffered
// and is completed by later calls. Files pass no timeout and simply block in read(2).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace dsl::runner {

class ByteSource {
  public:
    // read()'s result when nothing arrived (yet): the timeout passed, or the source made
    // progress that yielded no bytes (a connection was accepted). The caller may call again.
    static constexpr long kNothingYet = -1;

    virtual ~ByteSource();
    // Up to `size` bytes into `out`: the count (> 0), 0 at the end of the input, or kNothingYet.
    // timeout_ms < 0 waits as long as it takes. Throws FeedError (kind io) on a read error.
    virtual long read(char* out, std::size_t size, int timeout_ms) = 0;
    // The name used in messages: a path, "stdin", "tcp:127.0.0.1:9000".
    virtual const std::string& name() const = 0;
};

// A file descriptor: a regular file, a pipe, a terminal, a connected socket.
class FdSource final : public ByteSource {
  public:
    FdSource(int fd, bool owns, std::string name);
    ~FdSource() override;
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

    long read(char* out, std::size_t size, int timeout_ms) override;
    const std::string& name() const override { return name_; }

  private:
    int fd_;
    bool owns_;
    std::string name_;
};

// Opens `path` for reading; throws FeedError (kind io) naming the path and the system's reason.
std::unique_ptr<FdSource> open_file_source(const std::string& path);

// Bytes in memory, handed out at most `chunk` at a time (tests and the fuzzer use small chunks
// to put buffer refills at every possible position in a line).
class MemorySource final : public ByteSource {
  public:
    explicit MemorySource(std::string_view data, std::size_t chunk = SIZE_MAX,
                          std::string name = "memory");

    long read(char* out, std::size_t size, int timeout_ms) override;
    const std::string& name() const override { return name_; }

  private:
    std::string_view data_;
    std::size_t chunk_;
    std::string name_;
};

class LineReader {
  public:
    enum class Status : std::uint8_t { line, timeout, end };

    static constexpr std::size_t kMinBuffer = 64;
    // Bytes past the end of every line handed out that may be read (their values are
    // unspecified): parsers load whole 16-byte words without checking the line's end.
    static constexpr std::size_t kPadding = 16;

    // buffer_bytes is raised to kMinBuffer; the longest line accepted is buffer_bytes - 1 bytes.
    LineReader(ByteSource& source, std::size_t buffer_bytes);

    // The next line (without '\n' or "\r\n") in `line`. timeout < 0: wait without limit.
    Status next(std::string_view& line, std::chrono::milliseconds timeout);
    Status next(std::string_view& line) {
        // A line already in the buffer (almost every call) needs no clock and no read.
        if (take_line(line)) return Status::line;
        return next(line, std::chrono::milliseconds(-1));
    }

    // 1-based number of the line last returned (0 before the first).
    std::uint64_t line_number() const { return line_number_; }
    // Whether the line last returned ended with '\n': false only for a last line that the
    // input ended in the middle of.
    bool line_ended() const { return line_ended_; }
    const std::string& name() const { return source_.name(); }

  private:
    bool take_line(std::string_view& line);
    void make_room();

    ByteSource& source_;
    std::unique_ptr<char[]> buf_;
    std::size_t capacity_;
    std::size_t begin_ = 0;    // first unread byte
    std::size_t scanned_ = 0;  // bytes from begin_ known to hold no '\n'
    std::size_t end_ = 0;      // one past the last byte read
    bool eof_ = false;
    bool at_start_ = true;  // nothing returned yet: a BOM may still be ahead
    bool line_ended_ = true;
    std::uint64_t line_number_ = 0;
};

}  // namespace dsl::runner
