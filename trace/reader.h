// Reader: builds the data model of model.h from trace bytes, incrementally.
//
// feed() takes any chunk of bytes (a whole file, or what a file being written grew by) and reads
// every complete line in it; an incomplete last line waits for the next feed(). finish() says no
// more bytes will come: a partial last line is then reported as truncated. The model after
// feeding a file in any chunks is the same as after feeding it at once.
//
// Errors are data, never exceptions or crashes, whatever the input (a fuzzer checks it): each is
// reported with its line as "NAME:LINE: message", e.g.
//   trace.jsonl:123: fill: field 'price': expected a number, got a string
// By default reading stops at the first error and everything before that line stays in the
// model; with stop_at_first_error = false bad lines are skipped and reported. A trace of a newer
// major version is refused at its header; a newer minor version is read, its unknown record
// types skipped and unknown fields ignored (format.h).
//
// FileReader adds the file: poll() reads what was appended since the last poll (follow mode).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trace/model.h"

namespace dsl::trace {

struct ReaderOptions {
    std::size_t max_line_bytes = 64u << 20;  // longer lines are errors (no record is this big)
    bool stop_at_first_error = true;
    std::size_t max_errors = 100;  // when not stopping: errors kept (later ones are counted)
};

struct ReadError {
    std::uint64_t line = 0;  // 1-based; 0 when about the file as a whole (cannot open it)
    std::string message;     // without the location
    std::string text;        // "NAME:LINE: message" (or "NAME: message")
};

enum class ReadStatus : std::uint8_t {
    reading,     // finish() not called: more may come
    complete,    // finished; the end record was read; no error
    incomplete,  // finished without an end record: the run was interrupted (or still running)
    truncated,   // finished in the middle of a line; everything before it was read
    failed,      // a corrupt line (or an unreadable file); everything before it was read
};

std::string_view to_string(ReadStatus status);

class Reader {
  public:
    // `name` prefixes error messages (usually the file name).
    explicit Reader(std::string name = "trace.jsonl", ReaderOptions options = {});
    ~Reader();
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;

    // Reads every complete line of the bytes fed so far; returns the records read now.
    std::size_t feed(std::string_view bytes);
    // No more input: reports an incomplete last line as truncated.
    void finish();
    // A problem with the input as a whole (e.g. the file cannot be opened), reported as "NAME:
    // message"; reading stops.
    void fail(std::string message);

    const Trace& trace() const;
    // Moves the model out (the reader is then empty).
    Trace take();
    ReadStatus status() const;
    // One line for a status bar: "complete", "reading", or what is wrong and where.
    std::string status_text() const;
    const std::vector<ReadError>& errors() const;
    bool failed() const;
    std::uint64_t error_count() const;  // including those beyond max_errors
    std::uint64_t lines() const;        // complete lines read
    std::uint64_t bytes() const;        // bytes fed
    std::size_t pending_bytes() const;  // of an incomplete last line
    const std::string& name() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

// A trace file, read whole or followed while it is being written.
class FileReader {
  public:
    explicit FileReader(std::string path, ReaderOptions options = {});
    ~FileReader();
    FileReader(const FileReader&) = delete;
    FileReader& operator=(const FileReader&) = delete;

    // Reads what was appended since the last poll (the whole file the first time) and returns
    // the number of bytes read. While the file does not exist yet this returns 0 (the writer
    // may not have created it yet); finish() then reports it. A file that shrinks (rewritten)
    // is an error.
    std::size_t poll();
    // Polls once more and finishes: a partial last line is then truncated.
    void finish();

    Reader& reader() { return reader_; }
    const Reader& reader() const { return reader_; }
    const Trace& trace() const { return reader_.trace(); }
    bool opened() const { return file_ != nullptr; }

  private:
    std::string path_;
    Reader reader_;
    std::FILE* file_ = nullptr;
    std::uint64_t offset_ = 0;
    std::string open_error_;
    std::vector<char> chunk_;
};

// Reads a whole trace file (FileReader + finish()).
Reader read_trace_file(const std::string& path, ReaderOptions options = {});

}  // namespace dsl::trace
