// The open trace file: read once, or followed while a run is still writing it.
//
// Not following, the file is read whole and finished at once: a missing file, a corrupt line,
// a truncated last line or a missing end record each give a message (problem()) and the model
// keeps everything before the problem. Following, poll() reads what was appended since the last
// poll (trace::FileReader) until the end record arrives; a missing file is waited for, and an
// incomplete last line is simply not read yet. stop_following() finishes the read as if not
// following. Follow mode starts by itself for a trace whose header says it is a live run and
// that has no end record yet.
#pragma once

#include <memory>
#include <string>

#include "trace/reader.h"

namespace dsl::viewer {

class TraceDocument {
  public:
    // Reads the file; follows it when `follow` (or when it is an unfinished live trace).
    TraceDocument(std::string path, bool follow);

    const std::string& path() const { return path_; }
    const trace::Trace& trace() const { return file_->trace(); }
    const trace::Reader& reader() const { return file_->reader(); }

    // Following: reads what was appended; returns whether the model changed. Stops following
    // at the end record or at an error. Not following: does nothing.
    bool poll();
    bool following() const { return following_; }
    void stop_following();

    // The run ended (end record read).
    bool complete() const { return trace().end.has_value(); }
    // Something is wrong with the file (missing, corrupt, truncated, empty, no end record when
    // not following): the message for the banner; "" when all is well.
    std::string problem() const;
    // A problem that means the file could not be read completely: missing, corrupt or truncated
    // (not an interrupted run's missing end record).
    bool read_failed() const;
    // One line for the status bar: what was read and how the reading stands.
    std::string status_text() const;

  private:
    void open(bool follow);

    std::string path_;
    std::unique_ptr<trace::FileReader> file_;
    bool following_ = false;
};

}  // namespace dsl::viewer
