// libFuzzer target over every market data parser: bar and tick CSV files (one to three merged
// streams), the live feed's lines, timestamps and decimals. Any bytes must give records or a
// FeedError, never a crash, a hang, undefined behaviour or another exception, and whatever the
// feed yields must hold its documented invariants (feed/feed.h): records the engine accepts,
// in time order, strictly increasing per symbol, with rows_read = rows_used + skipped. The
// data's first cell is also read as a timestamp (which must print back to itself) and by every
// decimal fast path, each of which must give the decimal core's value (decimal/decimal.h).
//
// Input layout: the first byte chooses the mode and options, the rest is the data.
//   bits 0-1  mode: 0/1 files (1 + the number of '\0' separators, at most 3 streams),
//             2 live lines, 3 rows: a header (or the live layout) and rows, each parsed by
//             both paths of RowParser, which must agree, and by the fast path again with the
//             input's following bytes readable, where the parser also converts a row of the
//             last converted row's shape by its plan (differential checks only)
//   bit 2     skip_bad_rows
//   bits 3-5  read chunk size: unlimited, 1, 2, 3, 7, 16, 64, 4096 (refills everywhere)
//   bits 6-7  read buffer: 65536, 64, 100, 1024 bytes (long-line errors)
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decimal/decimal.h"
#include "engine/fixed.h"
#include "feed/csv_rows.h"
#include "feed/decimal_fast.h"
#include "feed/decimal_simd.h"
#include "feed/feed_files.h"
#include "feed/live_feed.h"
#include "feed/timestamp_parse.h"

namespace {

using namespace dsl;
using runner::MarketRecord;

void check(bool ok) {
    if (!ok) __builtin_trap();
}

// Every decimal fast path equals its slow path, the decimal core, on `text` as a cell followed
// by a comma and `after` (feed/decimal_fast.h, feed/decimal_simd.h): parse_decimal() in value
// or refusal, the cell conversions in value whenever they take the cell.
void decimals_differential(std::string_view text, std::string_view after) {
    const std::optional<std::int64_t> core = decimal::parse(text);
    const std::optional<engine::Fixed> fast = runner::parse_decimal(text);
    check(fast.has_value() == core.has_value());
    if (fast) check(fast->raw() == *core);

    std::string line(text);
    line += ',';
    line += after.substr(0, 16);
    line.resize(text.size() + 17, '7');  // 16 readable bytes after the comma
    const char* const b = line.data();
    const char* const cell_end = b + text.size();
    auto same = [&](std::int64_t raw) { check(core.has_value() && raw == *core); };
    std::int64_t raw = 0;
    if (runner::fast::short_decimal(b, cell_end, raw)) same(raw);
    if (runner::fast::plain_decimal(b, b + line.size(), raw) == cell_end) same(raw);
    if (runner::fast::plain_decimal(b, cell_end, raw) == cell_end) same(raw);
#if defined(__SSE2__)
    if (runner::simd::kCanScan && runner::simd::supported() && text.size() < 64) {
        const runner::simd::LineMasks masks = runner::simd::scan_line(b, text.size() + 1);
        const char* const ends[2] = {cell_end, b + text.size() + 1};
        const std::uint8_t cells[1] = {0};
        if (runner::simd::decimals(b, masks, ends, cells, 1, &raw) == 1) same(raw);
    }
#endif
}

// Timestamps that parse print back to themselves; the decimals as above.
void differential(std::string_view text, std::string_view after) {
    runner::TimestampResult t = runner::parse_timestamp(text);
    if (t.status == runner::TimestampStatus::ok) {
        runner::TimestampResult back = runner::parse_timestamp(runner::format_timestamp(t.ts));
        check(back.status == runner::TimestampStatus::ok && back.ts == t.ts);
    }
    decimals_differential(text, after);
}

bool same(const MarketRecord& a, const MarketRecord& b) {
    if (a.kind != b.kind || a.ts != b.ts) return false;
    if (a.kind == MarketRecord::Kind::bar) {
        return a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close &&
               a.volume == b.volume;
    }
    return a.price == b.price && a.size == b.size && a.bid == b.bid && a.ask == b.ask;
}

// Every row the fast path accepts, the general path accepts with the same result.
void rows_differential(std::string_view data) {
    std::size_t nl = data.find('\n');
    std::string_view first = data.substr(0, nl);
    std::optional<runner::RowParser> parser;
    try {
        parser.emplace(runner::parse_header(first, "fuzz", 1));
    } catch (const runner::FeedError&) {
        parser.emplace(runner::live_default_layout());
    }
    while (nl != std::string_view::npos) {
        data.remove_prefix(nl + 1);
        nl = data.find('\n');
        std::string_view line = data.substr(0, nl);
        MarketRecord fast;
        MarketRecord general;
        std::string_view fast_symbol;
        std::string_view general_symbol;
        runner::RowError error;
        const bool general_ok = parser->parse_general(line, general, general_symbol, error);
        const bool fast_ok = parser->parse_fast(line, fast, fast_symbol);
        if (fast_ok) check(general_ok && same(fast, general) && fast_symbol == general_symbol);
        // With the input's following bytes readable, as a file's rows are read (16-digit
        // decimals when there are 16): the same verdict and values.
        MarketRecord padded;
        std::string_view padded_symbol;
        const bool padded_ok =
            parser->parse_fast(line, padded, padded_symbol, data.size() - line.size());
        check(padded_ok == fast_ok);
        if (fast_ok) check(same(fast, padded) && fast_symbol == padded_symbol);
        if (!general_ok) check(!error.message.empty());
    }
}

// Reads the feed to its end (or first error), checking every record.
void drain(runner::Feed& feed, bool live) {
    const std::size_t symbols = feed.symbols().size();
    std::vector<engine::SymbolId> ids(symbols);
    for (std::size_t i = 0; i < symbols; ++i)
        ids[i] = static_cast<engine::SymbolId>(i);
    std::vector<engine::Timestamp> last(symbols, engine::kNoTime);
    engine::Timestamp prev = engine::kNoTime;
    for (int i = 0;; ++i) {
        const MarketRecord* rec = nullptr;
        runner::LiveRead r;
        if (live && i % 2 == 0) {
            r = static_cast<runner::LiveFeed&>(feed).next_for(std::chrono::milliseconds(0));
            if (r.status == runner::LiveStatus::ended) break;
            if (r.status == runner::LiveStatus::timed_out) continue;  // memory never times out
            rec = &r.record;
        } else {
            rec = feed.next();
            if (!rec) break;
        }
        check(rec->symbol < symbols);
        check(rec->ts >= prev);
        // Per symbol, bar times strictly increase; ticks may share one (several trades in one
        // instant, docs/data.md).
        check(last[rec->symbol] == engine::kNoTime || rec->ts > last[rec->symbol] ||
              (rec->kind == MarketRecord::Kind::tick && rec->ts == last[rec->symbol]));
        prev = last[rec->symbol] = rec->ts;
        if (rec->kind == MarketRecord::Kind::bar) {
            check(engine::check_bar(runner::to_bar(*rec, ids)).empty());
        } else {
            check(engine::check_tick(runner::to_tick(*rec, ids)).empty());
        }
    }
    const runner::FeedStats& s = feed.stats();
    check(s.rows_read == s.rows_used + s.skipped_total());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    if (size == 0) return 0;
    const unsigned ctl = bytes[0];
    std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
    static constexpr std::size_t kChunks[] = {SIZE_MAX, 1, 2, 3, 7, 16, 64, 4096};
    static constexpr std::size_t kBuffers[] = {65536, 64, 100, 1024};
    const std::size_t chunk = kChunks[(ctl >> 3) & 7];
    runner::FeedOptions options;
    options.skip_bad_rows = (ctl & 4) != 0;
    options.buffer_bytes = kBuffers[(ctl >> 6) & 3];
    const unsigned mode = ctl & 3;

    const std::string_view first_cell = data.substr(0, data.find_first_of(",\n"));
    differential(first_cell, data.substr(std::min(first_cell.size() + 1, data.size())));
    if (mode == 3) {
        rows_differential(data);
        return 0;
    }
    try {
        if (mode == 2) {
            auto source = std::make_unique<runner::MemorySource>(data, chunk, "live");
            auto feed =
                runner::LiveFeed::from_source(std::move(source), {"A", "B", "ORCL", "X"}, options);
            drain(*feed, true);
            return 0;
        }
        std::vector<runner::StreamSource> streams;
        static const char* const kNames[] = {"orcl-1.csv", "nvda_2.txt", "data/mixed.csv"};
        for (std::size_t i = 0; i < 3; ++i) {
            std::size_t end = i == 2 ? data.size() : std::min(data.find('\0'), data.size());
            std::string_view part = data.substr(0, end);
            // The third stream, when there is one, is given a symbol: the NAME=path route.
            std::optional<std::string> symbol;
            if (i == 2 && (ctl & 1) != 0) symbol = "GIVEN";
            streams.push_back({kNames[i], symbol, [part, chunk, i] {
                                   return std::make_unique<runner::MemorySource>(part, chunk,
                                                                                 kNames[i]);
                               }});
            if (end == data.size()) break;
            data.remove_prefix(end + 1);
        }
        auto feed = runner::open_streams(streams, options);
        drain(*feed, false);
    } catch (const runner::FeedError& e) {
        check(!e.to_string().empty());
    }
    return 0;
}
