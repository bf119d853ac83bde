// The backtest feed: CSV files read in a stream and merged by timestamp (see feed.h).
//
// Each file is one CsvFile: an fd, one LineReader buffer, the row parser of its header and its
// time-order state. FileFeed keeps one record of look-ahead per file in a binary heap ordered by
// (timestamp, file index); since every file is in time order on its own, popping the heap yields
// the merged order with ties broken by file, then row. The file whose record was just returned
// is re-read at the start of the next call, not before returning, so that an error in it
// surfaces exactly when its row would have been needed.
#include "feed/feed_files.h"

#include <algorithm>

#include "feed/csv_reader.h"
#include "feed/csv_rows.h"
#include "feed/feed.h"
#include "feed/feed_state.h"

namespace dsl::runner {

namespace {

[[noreturn]] void format_error(const std::string& file, std::uint64_t line, std::string message) {
    throw FeedError(file, line, std::move(message), FeedError::Kind::format);
}

// The first non-blank line; false at the end of the input.
bool first_line(LineReader& reader, std::string_view& line) {
    while (reader.next(line) == LineReader::Status::line) {
        if (!is_blank(line)) return true;
    }
    return false;
}

class CsvFile {
  public:
    CsvFile(const StreamSource& source, std::uint32_t index, const FeedOptions& options,
            SymbolTable& symbols, FeedStats& stats)
        : path_(source.name),
          index_(index),
          options_(options),
          symbols_(symbols),
          stats_(stats),
          open_(source.open),
          source_(open_()),
          reader_(*source_, options.buffer_bytes) {
        std::string_view header;
        if (!first_line(reader_, header))
            format_error(path_, 0, "no data rows (the file is empty)");
        header_line_ = reader_.line_number();
        parser_.emplace(parse_header(header, path_, header_line_));
        if (parser_->layout().has(Column::symbol)) {
            if (source.symbol) {
                format_error(
                    path_, header_line_,
                    "the file has a symbol column, so it cannot also be given the symbol '" +
                        *source.symbol + "'");
            }
            multi_ = true;
            prescan();
        } else {
            name_symbol(source);
        }
    }

    // The next valid record of this file; false at its end.
    bool next(MarketRecord& rec) {
        std::string_view line;
        while (reader_.next(line) == LineReader::Status::line) {
            std::string_view symbol_text;
            // RowParser::parse, taken apart so that only a row the fast path refuses is checked
            // for blankness (a blank line has one cell: the fast path never accepts it).
            const bool fast = parser_->parse_fast(line, rec, symbol_text, LineReader::kPadding);
            if (!fast && is_blank(line)) continue;
            ++stats_.rows_read;
            ++rows_;
            if ((fast || parser_->parse_general(line, rec, symbol_text, error_)) &&
                resolve(symbol_text, rec, error_) &&
                order_.accept(rec.symbol, rec.ts, reader_.line_number(),
                              multi_ ? symbol_text : std::string_view(), error_,
                              rec.kind == MarketRecord::Kind::tick)) {
                rec.file = index_;
                rec.line = reader_.line_number();
                return true;
            }
            bad_row(options_, stats_, path_, reader_.line_number(), error_);
        }
        return false;
    }

    const std::string& path() const { return path_; }
    std::uint64_t rows() const { return rows_; }

  private:
    // The symbol of a file without a symbol column: given, or from the file name.
    void name_symbol(const StreamSource& source) {
        std::string name = source.symbol ? *source.symbol : symbol_from_path(path_);
        if (std::string why = check_symbol_name(name); !why.empty()) {
            format_error(path_, 0,
                         source.symbol ? "bad symbol name: " + why
                                       : "cannot take a symbol from the file name (" + why +
                                             "); give one as NAME=path");
        }
        symbol_ = symbols_.add(name);
    }

    // Registers every symbol of a multi-symbol file, in order of first appearance, with a second
    // reader over the file (constant memory), before any record is read.
    void prescan() {
        auto source = open_();
        LineReader reader(*source, options_.buffer_bytes);
        std::string_view line;
        std::string last;
        while (reader.next(line) == LineReader::Status::line) {
            if (reader.line_number() <= header_line_) continue;
            auto symbol = parser_->symbol_cell(line);
            if (symbol && *symbol != last) {
                symbols_.add(*symbol);
                last.assign(*symbol);
            }
        }
    }

    bool resolve(std::string_view symbol_text, MarketRecord& rec, RowError& error) {
        if (!multi_) {
            rec.symbol = symbol_;
            return true;
        }
        if (symbol_text != last_text_) {
            auto id = symbols_.find(symbol_text);
            if (!id) {
                // Only possible when the file changed after it was opened and pre-scanned.
                error.reason = SkipReason::unknown_symbol;
                error.message = "symbol '" + std::string(symbol_text) +
                                "' was not in the file when it was opened";
                return false;
            }
            last_text_.assign(symbol_text);
            last_id_ = *id;
        }
        rec.symbol = last_id_;
        return true;
    }

    std::string path_;
    std::uint32_t index_;
    const FeedOptions& options_;
    SymbolTable& symbols_;
    FeedStats& stats_;
    std::function<std::unique_ptr<ByteSource>()> open_;
    std::unique_ptr<ByteSource> source_;
    LineReader reader_;
    std::optional<RowParser> parser_;
    std::uint64_t header_line_ = 0;
    bool multi_ = false;
    std::uint32_t symbol_ = 0;  // the file's one symbol when !multi_
    std::string last_text_;     // the last symbol cell seen, and its id (rows come in runs)
    std::uint32_t last_id_ = 0;
    TimeOrder order_;
    std::uint64_t rows_ = 0;
    RowError error_;  // the last bad row's; a member so that good rows construct no string
};

class FileFeed final : public Feed {
  public:
    FileFeed(const std::vector<StreamSource>& sources, const FeedOptions& options)
        : options_(options) {
        if (sources.empty()) format_error("", 0, "no data files given");
        files_.reserve(sources.size());
        for (std::size_t i = 0; i < sources.size(); ++i) {
            files_.push_back(std::make_unique<CsvFile>(sources[i], static_cast<std::uint32_t>(i),
                                                       options_, symbols_, stats_));
        }
        heads_.resize(files_.size());
        last_.resize(symbols_.names().size());
        for (std::uint32_t i = 0; i < files_.size(); ++i) {
            if (files_[i]->next(heads_[i])) {
                heap_.push_back(i);
                continue;
            }
            const CsvFile& f = *files_[i];
            format_error(f.path(), 0,
                         f.rows() == 0
                             ? std::string("no data rows (only a header)")
                             : "no valid data rows (all " + std::to_string(f.rows()) + " skipped)");
        }
        std::make_heap(heap_.begin(), heap_.end(), Later{heads_});
    }

    const std::vector<std::string>& symbols() const override { return symbols_.names(); }
    const FeedStats& stats() const override { return stats_; }
    const std::string& file_name(std::uint32_t index) const override {
        return files_.at(index)->path();
    }

    const MarketRecord* next() override {
        if (files_.size() == 1) return next_single();
        for (;;) {
            if (refill_ != kNone) {
                if (files_[refill_]->next(heads_[refill_])) {
                    heap_.push_back(refill_);
                    std::push_heap(heap_.begin(), heap_.end(), Later{heads_});
                }
                refill_ = kNone;
            }
            if (heap_.empty()) return nullptr;
            std::pop_heap(heap_.begin(), heap_.end(), Later{heads_});
            refill_ = heap_.back();
            heap_.pop_back();
            const MarketRecord& rec = heads_[refill_];
            if (files_.size() > 1 && !unique_across_files(rec)) continue;
            ++stats_.rows_used;
            return &rec;
        }
    }

  private:
    static constexpr std::uint32_t kNone = UINT32_MAX;

    // One file (the common backtest): no heap and no cross-file check, the same order.
    const MarketRecord* next_single() {
        if (refill_ != kNone) {
            refill_ = kNone;
            if (!files_[0]->next(heads_[0])) {
                heap_.clear();
                return nullptr;
            }
        } else if (heap_.empty()) {
            return nullptr;
        }
        refill_ = 0;
        ++stats_.rows_used;
        return &heads_[0];
    }

    // Heap order: the record to come first is the smallest (timestamp, file).
    struct Later {
        const std::vector<MarketRecord>& heads;
        bool operator()(std::uint32_t a, std::uint32_t b) const {
            if (heads[a].ts != heads[b].ts) return heads[a].ts > heads[b].ts;
            return a > b;
        }
    };

    // Two files with rows of one symbol at one time (the same data given twice, or overlapping
    // files) would feed the engine a repeated bar: the duplicate rule applies across files too.
    bool unique_across_files(const MarketRecord& rec) {
        Last& last = last_[rec.symbol];
        if (last.file != kNone && last.ts == rec.ts && last.file != rec.file) {
            RowError error{SkipReason::duplicate_timestamp,
                           "duplicate timestamp " + format_timestamp(rec.ts) + " for " +
                               symbols_.names()[rec.symbol] + " (" + files_[last.file]->path() +
                               ":" + std::to_string(last.line) + " has the same)"};
            bad_row(options_, stats_, files_[rec.file]->path(), rec.line, error);
            return false;
        }
        last = Last{rec.ts, rec.file, rec.line};
        return true;
    }

    struct Last {
        engine::Timestamp ts = 0;
        std::uint32_t file = kNone;
        std::uint64_t line = 0;
    };

    FeedOptions options_;
    SymbolTable symbols_;
    FeedStats stats_;
    std::vector<std::unique_ptr<CsvFile>> files_;
    std::vector<MarketRecord> heads_;  // per file: its next record, when in heap_
    std::vector<std::uint32_t> heap_;
    std::uint32_t refill_ = kNone;
    std::vector<Last> last_;  // per symbol: the last record returned
};

}  // namespace

std::unique_ptr<Feed> open_streams(const std::vector<StreamSource>& sources,
                                   const FeedOptions& options) {
    return std::make_unique<FileFeed>(sources, options);
}

std::unique_ptr<Feed> open_files(const std::vector<DataSource>& sources,
                                 const FeedOptions& options) {
    std::vector<StreamSource> streams;
    streams.reserve(sources.size());
    for (const DataSource& d : sources) {
        streams.push_back(StreamSource{
            d.path, d.symbol,
            [path = d.path] { return std::unique_ptr<ByteSource>(open_file_source(path)); }});
    }
    return open_streams(streams, options);
}

}  // namespace dsl::runner
