// The live feed: ticks arriving as text lines on stdin, a pipe, or one TCP connection to
// 127.0.0.1, delivered as they come.
//
// Protocol (docs/data.md, "Live feed"): one tick per line, `timestamp,symbol,price,size` or
// `timestamp,symbol,price,size,bid,ask`, '\n' or "\r\n" line ends, parsed and validated exactly
// like a tick CSV row. An optional first line naming the columns (in any order, see
// looks_like_header()) is accepted and then fixes the column layout. The end of the input (EOF,
// or the peer closing the connection) ends the feed. A line is complete only with its '\n': a
// last line that the input ended in the middle of is a bad row (SkipReason::cut_line), never a
// tick (unlike a file's last line, which needs no '\n').
//
// Determinism: a record's time is the timestamp in its line, never the wall clock; the clock
// only bounds how long next_for() waits. The same lines always give the same records.
//
// Usage (a live runner):
//
//     auto feed = runner::LiveFeed::listen_tcp(9000, {"ORCL", "NVDA"}, options);
//     for (;;) {
//         runner::LiveRead r = feed->next_for(std::chrono::milliseconds(100));
//         if (r.status == runner::LiveStatus::ended) break;
//         if (r.status == runner::LiveStatus::timed_out) { /* advance timers, flush */ continue; }
//         engine.on_tick(runner::to_tick(r.record, ids));
//     }
//
// The symbol list is given up front (instruments are registered before trading); a tick of
// another symbol is an error (unknown_symbol), or skipped with skip_bad_rows.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "feed/feed.h"

namespace dsl::runner {

enum class LiveStatus : std::uint8_t {
    record,     // `record` holds the next tick
    timed_out,  // nothing complete arrived within the timeout; the feed goes on
    ended,      // the input ended; every later call says so too
};

struct LiveRead {
    LiveStatus status = LiveStatus::ended;
    MarketRecord record;  // valid when status == record
};

class ByteSource;
class LineReader;
class RowParser;
class TimeOrder;
class SymbolTable;

class LiveFeed final : public Feed {
  public:
    // Reads standard input (not closed by the feed).
    static std::unique_ptr<LiveFeed> from_stdin(std::vector<std::string> symbols,
                                                const FeedOptions& options);
    // Reads an open descriptor (a pipe, a socket); closes it at destruction if `owns`.
    static std::unique_ptr<LiveFeed> from_fd(int fd, bool owns, std::string name,
                                             std::vector<std::string> symbols,
                                             const FeedOptions& options);
    // Reads any byte source (the fuzzer's memory, a custom transport).
    static std::unique_ptr<LiveFeed> from_source(std::unique_ptr<ByteSource> source,
                                                 std::vector<std::string> symbols,
                                                 const FeedOptions& options);
    // Listens on 127.0.0.1:port now (port 0: a free port, see port()), and accepts one
    // connection when the first record is asked for; further connections are refused. Throws
    // FeedError (kind io) when the port cannot be bound.
    static std::unique_ptr<LiveFeed> listen_tcp(std::uint16_t port,
                                                std::vector<std::string> symbols,
                                                const FeedOptions& options);

    ~LiveFeed() override;

    const std::vector<std::string>& symbols() const override;
    const FeedStats& stats() const override { return stats_; }
    const std::string& file_name(std::uint32_t index) const override;

    // Blocks until a tick or the end of the input. Throws FeedError on a bad line (unless
    // skipped) and on read errors.
    const MarketRecord* next() override;
    // Waits at most `timeout` (0: only what is already there) for the next tick.
    LiveRead next_for(std::chrono::milliseconds timeout);

    // The bound TCP port (listen_tcp), else 0.
    std::uint16_t port() const { return port_; }

  private:
    LiveFeed(std::unique_ptr<ByteSource> source, std::uint16_t port,
             std::vector<std::string> symbols, const FeedOptions& options);

    FeedOptions options_;
    FeedStats stats_;
    std::unique_ptr<SymbolTable> symbols_;
    std::unique_ptr<ByteSource> source_;
    std::unique_ptr<LineReader> reader_;
    std::unique_ptr<RowParser> parser_;
    std::unique_ptr<TimeOrder> order_;
    std::uint16_t port_ = 0;
    bool started_ = false;  // the first non-blank line has been seen (header or not)
    bool ended_ = false;
    MarketRecord record_;  // what next() returned last
};

}  // namespace dsl::runner
