// The market data input of a run: bars and ticks read from CSV files (or a live stream, see
// live_feed.h), validated, and delivered one record at a time in timestamp order.
//
// Usage (backtest):
//
//     runner::FeedOptions options;                  // skip_bad_rows = false: first bad row throws
//     auto feed = runner::open_files({{"data/orcl-1995-2014.csv", std::nullopt},
//                                     {"prices.csv", "NVDA"}}, options);   // throws FeedError
//     std::vector<engine::SymbolId> ids;
//     for (const auto& name : feed->symbols()) ids.push_back(engine.add_instrument({name}));
//     while (const runner::MarketRecord* rec = feed->next()) {              // throws FeedError
//         if (rec->kind == runner::MarketRecord::Kind::bar)
//             engine.on_bar(runner::to_bar(*rec, ids));
//         else
//             engine.on_tick(runner::to_tick(*rec, ids));
//     }
//
// Invariants a consumer can rely on (docs/data.md has the formats and every rule):
// - symbols() is complete when open_files() returns (instruments are registered before the
//   first record) and never changes; MarketRecord::symbol indexes it. Symbols are numbered in
//   the order they are first given: file by file, and inside a file with a symbol column in
//   the order of first appearance.
// - next() yields records in non-decreasing timestamp order; ties are broken by the order the
//   files were given, then by row order. Per symbol, timestamps strictly increase.
// - Every yielded record passed validation: bars have 0 < low <= open, close <= high and
//   volume >= 0; ticks have price > 0, size >= 0 and either no quote or 0 < bid <= ask. So
//   engine::check_bar/check_tick accept every record.
// - Memory is constant in the length of the data: each open file holds one read buffer
//   (FeedOptions::buffer_bytes) and one record of look-ahead, plus per-symbol state.
// - Errors are FeedError values naming file and line; with skip_bad_rows a bad row is skipped
//   and counted per reason in stats() instead. Structural problems (a file that cannot be read,
//   a bad header, a line longer than the buffer, a file without data rows) always throw.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fixed.h"
#include "engine/market.h"
#include "engine/types.h"

namespace dsl::runner {

// One bar or tick, as read. `symbol` indexes Feed::symbols(); `file` indexes the list given to
// open_files() (0 for a live feed) and `line` is the 1-based physical line of the row.
struct MarketRecord {
    enum class Kind : std::uint8_t { bar, tick };
    Kind kind = Kind::bar;
    std::uint32_t symbol = 0;
    engine::Timestamp ts = 0;
    engine::Fixed open, high, low, close, volume;  // bars
    engine::Fixed price, size;                     // ticks
    std::optional<engine::Fixed> bid, ask;         // ticks: both or neither
    std::uint32_t file = 0;
    std::uint64_t line = 0;
};

// The reasons a data row is refused, in the fixed order in which FeedStats counts them and a
// summary prints them. X(name, what) with a one-line description (docs/data.md lists them).
#define DSL_FEED_SKIP_REASONS(X)                                                    \
    X(cut_line, "a live line the input ended in the middle of")                     \
    X(column_count, "wrong number of columns")                                      \
    X(bad_timestamp, "unparsable or out-of-range timestamp")                        \
    X(bad_symbol, "empty or malformed symbol")                                      \
    X(bad_number, "unparsable number")                                              \
    X(non_positive_price, "a price <= 0")                                           \
    X(high_below_low, "high below low")                                             \
    X(outside_range, "open or close outside [low, high]")                           \
    X(negative_volume, "negative volume or size")                                   \
    X(bad_quote, "only one of bid and ask")                                         \
    X(crossed_quote, "bid above ask")                                               \
    X(out_of_order, "timestamp earlier than the previous row's")                    \
    X(duplicate_timestamp, "same timestamp as the previous row of the same symbol") \
    X(unknown_symbol, "a symbol not in the live feed's symbol list")

#define DSL_FEED_ENUM_MEMBER(name, what) name,
enum class SkipReason : std::uint8_t { DSL_FEED_SKIP_REASONS(DSL_FEED_ENUM_MEMBER) };
#undef DSL_FEED_ENUM_MEMBER
#define DSL_FEED_COUNT(name, what) +1
inline constexpr std::size_t kSkipReasonCount = 0 DSL_FEED_SKIP_REASONS(DSL_FEED_COUNT);
#undef DSL_FEED_COUNT

std::string_view to_string(SkipReason reason);  // "column_count", ...
std::string_view describe(SkipReason reason);   // "wrong number of columns", ...

struct FeedStats {
    std::uint64_t rows_read = 0;  // data rows read (not the header, not blank lines)
    std::uint64_t rows_used = 0;  // records next() returned
    std::array<std::uint64_t, kSkipReasonCount> skipped{};  // indexed by SkipReason

    std::uint64_t skipped_total() const;
    std::uint64_t skipped_count(SkipReason r) const { return skipped[static_cast<std::size_t>(r)]; }
};

// What went wrong, where. `line` is 0 when the problem is not on one line (a file that cannot be
// opened). to_string() gives `orcl.csv:17: high 2.1 is below low 2.2`; what() returns the same
// text as it was at construction.
struct FeedError : std::exception {
    enum class Kind : std::uint8_t {
        io,      // the file cannot be opened or read, or the socket failed
        format,  // structural: bad header, line too long, no data rows, bad symbol mapping
        data,    // a bad row (the kind that skip_bad_rows skips)
    };

    FeedError(std::string in_file, std::uint64_t at_line, std::string text,
              Kind error_kind = Kind::data);

    std::string file;
    std::uint64_t line = 0;
    std::string message;
    Kind kind = Kind::data;

    std::string to_string() const;
    const char* what() const noexcept override { return what_.c_str(); }

  private:
    std::string what_;  // to_string(), kept for what()
};

struct FeedOptions {
    // Skip rows that fail validation (counted per reason in stats()) instead of throwing.
    bool skip_bad_rows = false;
    // Called for every skipped row, e.g. to print the first few as warnings. May be empty.
    std::function<void(const FeedError&, SkipReason)> on_skip;
    // Read buffer per open file (at least 64 bytes). A line must fit in it.
    std::size_t buffer_bytes = 256 * 1024;
};

// The stream of records. Not thread-safe; one consumer.
class Feed {
  public:
    virtual ~Feed();
    virtual const std::vector<std::string>& symbols() const = 0;
    // The next record, or null at the end of the data. The record stays valid until the next
    // call (the feed's own storage: nothing is copied per record). Throws FeedError on a bad
    // row (or skips it when configured) and on read errors.
    virtual const MarketRecord* next() = 0;
    virtual const FeedStats& stats() const = 0;
    // Name of file `index` as given (for messages); the live feed's is its source ("stdin").
    virtual const std::string& file_name(std::uint32_t index) const = 0;
};

// A data file and, optionally, the symbol its rows belong to (the caller's `NAME=path`). A file
// with a symbol column must not be given one.
struct DataSource {
    std::string path;
    std::optional<std::string> symbol;
};

// Opens every file, reads the headers, collects the symbols (pre-scanning files that have a
// symbol column) and reads each file's first record, so that a missing file, a bad header or a
// file without data rows is reported here. Throws FeedError. At least one source is required.
std::unique_ptr<Feed> open_files(const std::vector<DataSource>& sources,
                                 const FeedOptions& options);

// The symbol of a file without a symbol column and without a given one: the part of the base
// name before the first '-', '_' or '.', upper-cased: `data/orcl-1995-2014.csv` -> `ORCL`.
// Empty when there is no such part (`.csv`, `-x.csv`).
std::string symbol_from_path(std::string_view path);

// "" when `name` is usable as a symbol, else why not (empty, too long, a space, comma, quote or
// control character).
std::string check_symbol_name(std::string_view name);

// The engine's view of a record; `ids[rec.symbol]` is the engine's id of that symbol.
engine::Bar to_bar(const MarketRecord& rec, const std::vector<engine::SymbolId>& ids);
engine::Tick to_tick(const MarketRecord& rec, const std::vector<engine::SymbolId>& ids);

}  // namespace dsl::runner
