// Messages name the file and say what the user sees: "everything before it is shown".
#include "viewer/document.h"

#include <fmt/format.h>

namespace dsl::viewer {

TraceDocument::TraceDocument(std::string path, bool follow) : path_(std::move(path)) {
    open(follow);
}

void TraceDocument::open(bool follow) {
    file_ = std::make_unique<trace::FileReader>(path_);
    following_ = true;
    poll();
    bool live_unfinished = trace().header && trace().header->mode == "live" && !complete();
    if (!follow && !live_unfinished) stop_following();
}

bool TraceDocument::poll() {
    if (!following_) return false;
    std::uint64_t records = trace().records;
    std::size_t errors = reader().errors().size();
    file_->poll();
    if (complete() || reader().failed()) stop_following();
    return trace().records != records || reader().errors().size() != errors || !following_;
}

void TraceDocument::stop_following() {
    if (!following_) return;
    following_ = false;
    file_->finish();
}

bool TraceDocument::read_failed() const {
    using trace::ReadStatus;
    ReadStatus s = reader().status();
    return s == ReadStatus::failed || s == ReadStatus::truncated ||
           (s != ReadStatus::reading && !trace().header);
}

std::string TraceDocument::problem() const {
    using trace::ReadStatus;
    const trace::Reader& r = reader();
    switch (r.status()) {
        case ReadStatus::reading:
            if (!file_->opened()) return fmt::format("waiting for {} to be created", path_);
            return "";
        case ReadStatus::complete:
            return "";
        case ReadStatus::incomplete:
            if (!trace().header)
                return fmt::format("{}: the file is empty (no trace header)", path_);
            return fmt::format(
                "{}: no end record: the run was interrupted or is still being written "
                "(everything recorded is shown; --follow to watch it grow)",
                path_);
        case ReadStatus::truncated:  // the reader's message says what is shown
            return r.status_text();
        case ReadStatus::failed:
            if (!trace().header && trace().records == 0 && r.lines() <= 1)
                return fmt::format("{} (not a readable trace)", r.status_text());
            return fmt::format("{} (everything before that line is shown)", r.status_text());
    }
    return "";
}

std::string TraceDocument::status_text() const {
    const trace::Trace& t = trace();
    std::string what = fmt::format("{} records, {} market events, {} orders, {} fills", t.records,
                                   t.market_events.size(), t.orders.size(), t.fills.size());
    std::string how;
    if (following_) {
        how = file_->opened() ? "following (live)" : "waiting for the file";
    } else if (complete()) {
        how = fmt::format("complete: {}", t.end->status);
    } else {
        how = std::string(trace::to_string(reader().status()));
    }
    return fmt::format("{}  |  {}", what, how);
}

}  // namespace dsl::viewer
