// State the file and live feeds share: the symbol table, the time-order check of one stream,
// and the policy for a bad row (throw, or count and skip). Internal to dsl_feed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feed/csv_rows.h"
#include "feed/feed.h"
#include "feed/timestamp_parse.h"

namespace dsl::runner {

// Symbol names numbered densely from 0 in the order they are added. Lookup by string_view so
// that the hot path never builds a std::string.
class SymbolTable {
  public:
    std::uint32_t add(std::string_view name) {
        if (auto id = find(name)) return *id;
        auto id = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(name);
        ids_.emplace(names_.back(), id);
        return id;
    }
    std::optional<std::uint32_t> find(std::string_view name) const {
        auto it = ids_.find(name);
        if (it == ids_.end()) return std::nullopt;
        return it->second;
    }
    const std::vector<std::string>& names() const { return names_; }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

// The time rules of one stream (a file, or the live input): timestamps never decrease, and per
// symbol they strictly increase. The first rule is what lets the feeds merge streams by looking
// at one record of each; the second refuses a repeated bar or tick.
class TimeOrder {
  public:
    // True and remembered when `ts` may follow; otherwise `error` says why and nothing changes.
    // `symbol_name` is added to duplicate messages when the stream has several symbols. Ticks
    // of one symbol may share a timestamp (several trades in one instant); bars may not.
    // Every row passes here: the messages are built out of line, so that this inlines.
    bool accept(std::uint32_t symbol, engine::Timestamp ts, std::uint64_t line,
                std::string_view symbol_name, RowError& error, bool is_tick = false) {
        if (last_line_ != 0 && ts < last_ts_) [[unlikely]]
            return out_of_order(ts, error);
        if (symbol >= per_symbol_.size()) [[unlikely]]
            per_symbol_.resize(symbol + 1);
        Last& last = per_symbol_[symbol];
        if (last.line != 0 && last.ts == ts && !is_tick) [[unlikely]]
            return duplicate(ts, last, symbol_name, error);
        last = Last{ts, line};
        last_ts_ = ts;
        last_line_ = line;
        return true;
    }

  private:
    struct Last {
        engine::Timestamp ts = 0;
        std::uint64_t line = 0;  // 0: no row of this symbol yet
    };

    [[gnu::noinline]] bool out_of_order(engine::Timestamp ts, RowError& error) const {
        error.reason = SkipReason::out_of_order;
        error.message = "timestamp " + format_timestamp(ts) + " is before " +
                        format_timestamp(last_ts_) + " (line " + std::to_string(last_line_) + ")";
        return false;
    }
    [[gnu::noinline]] static bool duplicate(engine::Timestamp ts, const Last& last,
                                            std::string_view symbol_name, RowError& error) {
        error.reason = SkipReason::duplicate_timestamp;
        error.message = "duplicate timestamp " + format_timestamp(ts);
        if (!symbol_name.empty()) error.message += " for " + std::string(symbol_name);
        error.message += " (line " + std::to_string(last.line) + " has the same)";
        return false;
    }

    engine::Timestamp last_ts_ = 0;
    std::uint64_t last_line_ = 0;
    std::vector<Last> per_symbol_;
};

// Throws `error` (kind data), or counts and reports it when bad rows are skipped.
inline void bad_row(const FeedOptions& options, FeedStats& stats, const std::string& file,
                    std::uint64_t line, const RowError& error) {
    FeedError e(file, line, error.message, FeedError::Kind::data);
    if (!options.skip_bad_rows) throw e;
    ++stats.skipped[static_cast<std::size_t>(error.reason)];
    if (options.on_skip) options.on_skip(e, error.reason);
}

}  // namespace dsl::runner
