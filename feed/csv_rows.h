// The CSV dialect of market data: header detection and the parsing and validation of one row.
// Shared by the file feeds (feed_files.cpp) and the live feed (live_feed.cpp), so that a row
// means the same thing wherever it comes from.
//
// Dialect: fields separated by ',', no quoting of separators (a field entirely in double
// quotes has them removed), spaces and tabs around a field ignored, blank lines ignored.
// A header names the columns, case-insensitively and in any order (docs/data.md):
//   bars:  timestamp (or date, datetime, time), open, high, low, close, volume; optional
//          symbol; optional adj close (Yahoo's "Adj Close"), which is ignored.
//   ticks: timestamp (or ...), price, size; optional symbol; optional bid and ask, together.
//
// RowParser::parse is the hot path of a backtest: it splits with memchr into views, parses
// numbers with an exact integer fast path (feed/decimal_fast.h and decimal_simd.h, each equal
// to the decimal core's decimal::parse, which it falls back to for anything unusual), and
// allocates only to describe a bad row. The time order of rows needs the previous row and is
// checked by the caller.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fixed.h"
#include "feed/decimal_fast.h"  // parse_decimal()
#include "feed/decimal_simd.h"
#include "feed/feed.h"

namespace dsl::runner {

enum class Column : std::uint8_t {
    timestamp,
    symbol,
    open,
    high,
    low,
    close,
    volume,
    price,
    size,
    bid,
    ask,
};
inline constexpr std::size_t kColumnKinds = 11;
inline constexpr std::size_t kMaxColumns = 16;  // more would need an unknown or repeated name

std::string_view column_name(Column c);  // the canonical lower-case name: "timestamp", ...

struct Layout {
    MarketRecord::Kind kind = MarketRecord::Kind::bar;
    std::size_t columns = 0;  // cells in every row
    // The live feed without a header: timestamp,symbol,price,size[,bid,ask], 4 or 6 cells.
    bool live_default = false;
    std::array<std::int8_t, kColumnKinds> index{};  // cell of each Column, -1 when absent
    std::vector<std::string> names;                 // the header's names as written (trimmed)

    bool has(Column c) const { return index[static_cast<std::size_t>(c)] >= 0; }
    std::size_t at(Column c) const {
        return static_cast<std::size_t>(index[static_cast<std::size_t>(c)]);
    }
    // The name to show for a column: as the header wrote it, else the canonical one.
    std::string display_name(Column c) const;
};

// Parses a header line; throws FeedError (kind format) naming `file:line` on anything
// unexpected: an unknown, empty or repeated column, a missing required one, bar and tick
// columns mixed, bid without ask, or a first line that looks like data.
Layout parse_header(std::string_view line, const std::string& file, std::uint64_t line_no);

// The live feed's layout when its first line is not a header.
Layout live_default_layout();

// True when `line` is a header rather than data (the live feed's optional first line): its
// first cell is neither a timestamp nor a number, and one of its cells names a column. The
// names may come in any order; parse_header() then checks them.
bool looks_like_header(std::string_view line);

// Spaces and tabs removed from both ends, then one pair of enclosing double quotes.
std::string_view trim_cell(std::string_view cell);
bool is_blank(std::string_view line);

// Splits `line` into exactly `expected` cells (untrimmed). Returns the number of cells the line
// actually has (it stops filling `cells` after kMaxColumns).
std::size_t split_cells(std::string_view line, std::size_t expected,
                        std::array<std::string_view, kMaxColumns>& cells);

struct RowError {
    SkipReason reason = SkipReason::column_count;
    std::string message;
};

class RowParser {
  public:
    explicit RowParser(Layout layout);

    // Parses and validates one row. On success fills rec.kind, rec.ts and the values (not
    // symbol, file, line), sets `symbol` to the trimmed symbol cell (empty without a symbol
    // column) and returns true; otherwise describes the problem in `error`.
    //
    // Two paths with one meaning: a single pass over canonical rows (no spaces or quotes,
    // plain decimals, valid values), and the general path, which handles everything else and
    // builds the messages. The fast path only ever accepts what the general path accepts, with
    // the same result; when it meets anything else it hands the row over (the fuzzer checks
    // this equivalence on every row it makes).
    bool parse(std::string_view line, MarketRecord& rec, std::string_view& symbol,
               RowError& error) const {
        return parse_fast(line, rec, symbol) || parse_general(line, rec, symbol, error);
    }
    bool parse_general(std::string_view line, MarketRecord& rec, std::string_view& symbol,
                       RowError& error) const;
    // True when the fast path alone accepts the row (tests, the fuzzer). `readable_after`: how
    // many bytes past the line's end may be read (their values never matter); with 16 or more,
    // the numbers are converted 16 bytes at a time where the CPU can (feed/decimal_simd.h),
    // by the plan of the rows before where they share its shape. The result is the same
    // either way.
    bool parse_fast(std::string_view line, MarketRecord& rec, std::string_view& symbol,
                    std::size_t readable_after = 0) const;

    // The trimmed symbol cell of a row with the right number of cells, else nullopt (the
    // pre-scan of multi-symbol files; it must agree with parse()).
    std::optional<std::string_view> symbol_cell(std::string_view line) const;

    const Layout& layout() const { return layout_; }

  private:
    bool parse_bar(const std::array<std::string_view, kMaxColumns>& cells, MarketRecord& rec,
                   RowError& error) const;
    bool parse_tick(const std::array<std::string_view, kMaxColumns>& cells, std::size_t count,
                    MarketRecord& rec, RowError& error) const;
    bool number(const std::array<std::string_view, kMaxColumns>& cells, Column c,
                engine::Fixed& out, RowError& error) const;
    // The fast path's numbers and quote, of the line at b ending at e whose cells end at ends[]
    // (masks: the line's, when it was scanned whole, else null).
    bool fast_numbers(const char* b, const char* e, const char* const* ends,
                      const simd::LineMasks* masks, MarketRecord& rec) const;
    bool fast_quote(const char* b, const char* e, const char* const* ends, std::size_t cells,
                    MarketRecord& rec) const;

    Layout layout_;
    // The fast path's plan of a row, from the layout: which cell holds what, so that a row is
    // parsed without asking each cell's role. Cells of ignored columns are in none of these.
    std::uint8_t timestamp_cell_ = 0;
    std::int8_t symbol_cell_ = -1;  // -1: no symbol column
    // The cells of the required numbers: open, high, low, close, volume for bars; price, size
    // for ticks (the first two entries).
    std::array<std::uint8_t, 5> number_cells_{};
    std::int8_t bid_cell_ = -1, ask_cell_ = -1;  // -1: no quote columns
    bool simd_ = false;                          // simd::supported(), asked once
    // The last row's conversion plan (feed/decimal_simd.h), for the rows after it. A memo,
    // not part of the parser's meaning, which is why a const parse may update it. A parser
    // serves one file, one row at a time.
    mutable simd::RowPlan plan_;
};

}  // namespace dsl::runner
