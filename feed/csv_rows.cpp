// Header detection and row parsing/validation (see csv_rows.h). Every message a bad row can
// produce is built here, on the cold path; docs/data.md quotes them.
#include "feed/csv_rows.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <span>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/escape.h"
#include "feed/decimal_fast.h"
#include "feed/decimal_simd.h"
#include "feed/timestamp_parse.h"

namespace dsl::runner {

namespace {

using engine::Fixed;
using Cells = std::array<std::string_view, kMaxColumns>;

constexpr std::string_view kColumnNames[kColumnKinds] = {
    "timestamp", "symbol", "open", "high", "low", "close", "volume", "price", "size", "bid", "ask",
};

// A header name that is recognised but carries nothing we use (Yahoo's adjusted close).
constexpr int kIgnored = -2;
constexpr int kUnknown = -1;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

int column_of(std::string_view lowered) {
    if (lowered == "timestamp" || lowered == "date" || lowered == "datetime" || lowered == "time") {
        return static_cast<int>(Column::timestamp);
    }
    if (lowered == "ticker") return static_cast<int>(Column::symbol);
    if (lowered == "adj close" || lowered == "adj_close" || lowered == "adjclose") return kIgnored;
    for (std::size_t i = 0; i < kColumnKinds; ++i) {
        if (lowered == kColumnNames[i]) return static_cast<int>(i);
    }
    return kUnknown;
}

// A cell as it may appear in a message: bounded in length (whole characters), control bytes and
// invalid UTF-8 escaped, so that a garbled binary row cannot flood or corrupt a terminal.
std::string shown(std::string_view text) {
    constexpr std::size_t kMaxChars = 40;
    return printable(text, kMaxChars);
}

[[noreturn]] void header_error(const std::string& file, std::uint64_t line, std::string message) {
    throw FeedError(file, line, std::move(message), FeedError::Kind::format);
}

constexpr std::string_view kKnownColumns =
    "a bar file has timestamp (or date), open, high, low, close, volume and optionally symbol "
    "and adj close; a tick file has timestamp, price, size and optionally symbol, bid and ask";

bool fail(RowError& error, SkipReason reason, std::string message) {
    error.reason = reason;
    error.message = std::move(message);
    return false;
}

// A cell that a data row would start with (a timestamp, well-formed even if out of range, or a
// number), which a header's first name never is.
bool is_data_cell(std::string_view trimmed) {
    return parse_timestamp(trimmed).status != TimestampStatus::malformed ||
           parse_decimal(trimmed).has_value();
}

bool symbol_ok(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c <= ' ' || c == ',' || c == '"' || c == 0x7f) return false;
    }
    return true;
}

}  // namespace

std::string check_symbol_name(std::string_view name) {
    if (symbol_ok(name)) return "";
    if (name.empty()) return "empty symbol";
    if (name.size() > 64) return "symbol '" + shown(name) + "' is longer than 64 characters";
    return "symbol '" + shown(name) + "' contains a space, comma, quote or control character";
}

std::string_view column_name(Column c) {
    return kColumnNames[static_cast<std::size_t>(c)];
}

std::string Layout::display_name(Column c) const {
    if (has(c) && at(c) < names.size()) return names[at(c)];
    return std::string(column_name(c));
}

std::string_view trim_cell(std::string_view cell) {
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t'))
        cell.remove_prefix(1);
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t'))
        cell.remove_suffix(1);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
        cell = cell.substr(1, cell.size() - 2);
    }
    return cell;
}

bool is_blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::size_t split_cells(std::string_view line, std::size_t expected, Cells& cells) {
    const char* p = line.data();
    const char* const e = p + line.size();
    std::size_t n = 0;
    for (;;) {
        const char* comma =
            p == e ? nullptr
                   : static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(e - p)));
        const char* stop = comma != nullptr ? comma : e;
        if (n < kMaxColumns) cells[n] = std::string_view(p, static_cast<std::size_t>(stop - p));
        ++n;
        if (comma == nullptr) return n;
        p = comma + 1;
        if (n >= expected) {  // too many: only the count matters now
            return n + 1 + static_cast<std::size_t>(std::count(p, e, ','));
        }
    }
}

Layout parse_header(std::string_view line, const std::string& file, std::uint64_t line_no) {
    Cells cells;
    std::size_t count = split_cells(line, kMaxColumns, cells);
    if (count > kMaxColumns) {
        header_error(
            file, line_no,
            "the header has " + std::to_string(count) + " columns; " + std::string(kKnownColumns));
    }
    if (is_data_cell(trim_cell(cells[0]))) {
        header_error(file, line_no,
                     "the first line looks like data, not a header: the first line must name the "
                     "columns, e.g. timestamp,open,high,low,close,volume");
    }
    Layout layout;
    layout.columns = count;
    layout.index.fill(-1);
    for (std::size_t i = 0; i < count; ++i) {
        std::string_view name = trim_cell(cells[i]);
        layout.names.emplace_back(name);
        const std::string where = " (column " + std::to_string(i + 1) + ")";
        if (name.empty()) header_error(file, line_no, "empty column name" + where);
        int col = column_of(lower(name));
        if (col == kIgnored) continue;
        if (col == kUnknown) {
            header_error(
                file, line_no,
                "unknown column '" + shown(name) + "'" + where + "; " + std::string(kKnownColumns));
        }
        auto& slot = layout.index[static_cast<std::size_t>(col)];
        if (slot >= 0) {
            header_error(file, line_no,
                         "column '" + shown(name) + "'" + where + " repeats column " +
                             std::to_string(slot + 1) + " ('" +
                             layout.names[static_cast<std::size_t>(slot)] + "')");
        }
        slot = static_cast<std::int8_t>(i);
    }
    // Ignored columns may repeat: nothing reads them.
    auto has = [&](Column c) { return layout.has(c); };
    const Column bar_cols[] = {Column::open, Column::high, Column::low, Column::close,
                               Column::volume};
    const Column tick_cols[] = {Column::price, Column::size, Column::bid, Column::ask};
    const Column* bar_seen = std::find_if(std::begin(bar_cols), std::end(bar_cols), has);
    const Column* tick_seen = std::find_if(std::begin(tick_cols), std::end(tick_cols), has);
    const bool is_bar = bar_seen != std::end(bar_cols);
    const bool is_tick = tick_seen != std::end(tick_cols);
    if (is_bar && is_tick) {
        header_error(file, line_no,
                     "the header mixes bar columns ('" + layout.display_name(*bar_seen) +
                         "') and tick columns ('" + layout.display_name(*tick_seen) + "'); " +
                         std::string(kKnownColumns));
    }
    if (!is_bar && !is_tick) {
        header_error(file, line_no,
                     "the header has no price columns; " + std::string(kKnownColumns));
    }
    layout.kind = is_bar ? MarketRecord::Kind::bar : MarketRecord::Kind::tick;
    std::vector<Column> required{Column::timestamp};
    if (is_bar) {
        required.insert(required.end(), std::begin(bar_cols), std::end(bar_cols));
    } else {
        required.insert(required.end(), {Column::price, Column::size});
    }
    for (Column c : required) {
        if (!has(c)) {
            header_error(file, line_no,
                         "missing column '" + std::string(column_name(c)) + "'; " +
                             std::string(kKnownColumns));
        }
    }
    if (has(Column::bid) != has(Column::ask)) {
        const Column present = has(Column::bid) ? Column::bid : Column::ask;
        const Column absent = has(Column::bid) ? Column::ask : Column::bid;
        header_error(file, line_no,
                     "column '" + layout.display_name(present) + "' without '" +
                         std::string(column_name(absent)) + "': give both or neither");
    }
    return layout;
}

Layout live_default_layout() {
    Layout layout;
    layout.kind = MarketRecord::Kind::tick;
    layout.columns = 6;
    layout.live_default = true;
    layout.index.fill(-1);
    const Column order[] = {Column::timestamp, Column::symbol, Column::price,
                            Column::size,      Column::bid,    Column::ask};
    for (std::size_t i = 0; i < 6; ++i) {
        layout.index[static_cast<std::size_t>(order[i])] = static_cast<std::int8_t>(i);
    }
    return layout;
}

bool looks_like_header(std::string_view line) {
    Cells cells;
    const std::size_t count = std::min(split_cells(line, kMaxColumns, cells), kMaxColumns);
    if (is_data_cell(trim_cell(cells[0]))) return false;
    for (std::size_t i = 0; i < count; ++i) {
        if (column_of(lower(trim_cell(cells[i]))) != kUnknown) return true;
    }
    return false;
}

bool RowParser::number(const Cells& cells, Column c, Fixed& out, RowError& error) const {
    std::string_view text = trim_cell(cells[layout_.at(c)]);
    if (auto v = parse_decimal(text)) {
        out = *v;
        return true;
    }
    return fail(
        error, SkipReason::bad_number,
        "column '" + layout_.display_name(c) + "': cannot parse '" + shown(text) + "' as a number");
}

RowParser::RowParser(Layout layout) : layout_(std::move(layout)), simd_(simd::supported()) {
    timestamp_cell_ = static_cast<std::uint8_t>(layout_.at(Column::timestamp));
    symbol_cell_ = layout_.index[static_cast<std::size_t>(Column::symbol)];
    bid_cell_ = layout_.index[static_cast<std::size_t>(Column::bid)];
    ask_cell_ = layout_.index[static_cast<std::size_t>(Column::ask)];
    static constexpr Column kBarNumbers[] = {Column::open, Column::high, Column::low, Column::close,
                                             Column::volume};
    static constexpr Column kTickNumbers[] = {Column::price, Column::size};
    const std::span<const Column> numbers = layout_.kind == MarketRecord::Kind::bar
                                                ? std::span<const Column>(kBarNumbers)
                                                : std::span<const Column>(kTickNumbers);
    for (std::size_t i = 0; i < numbers.size(); ++i)
        number_cells_[i] = static_cast<std::uint8_t>(layout_.at(numbers[i]));
}

namespace {

// The start of cell i of the line at b whose cells end at ends[] (each at its comma or the
// line's end).
inline const char* cell_start(const char* b, const char* const* ends, std::size_t i) {
    return i == 0 ? b : ends[i - 1] + 1;
}

// Where every cell of the line [b, e) ends, into ends[]: the number of cells, or 0 when there
// are more than `want`. Found first, 16 (or 8) bytes at a time, so that the cells can then be
// parsed independently instead of each waiting for the previous one's length; from `masks`
// when the line was scanned whole (feed/decimal_simd.h).
inline std::size_t cell_ends(const char* b, const char* e, std::size_t want,
                             const simd::LineMasks* masks, const char** ends) {
    std::size_t commas = 0;
    const char* q = b;
#if defined(__SSE2__)
    if (masks != nullptr) {
        for (std::uint64_t found = masks->commas; found != 0; found &= found - 1) {
            if (commas + 1 == want) return 0;  // too many cells
            ends[commas++] = b + std::countr_zero(found);
        }
        q = e;
    }
    const __m128i comma = _mm_set1_epi8(',');
    for (; e - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        for (auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma))); m != 0;
             m &= m - 1) {
            if (commas + 1 == want) return 0;
            ends[commas++] = q + __builtin_ctz(m);
        }
    }
#else
    (void)masks;
#endif
    for (; e - q >= 8; q += 8) {
        const std::uint64_t x = fast::load8(q) ^ 0x2C2C2C2C2C2C2C2CULL;  // commas become zero bytes
        // Bit 7 of a byte set when the byte is zero (exact: no borrow crosses bytes).
        std::uint64_t zero =
            ~(((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) & 0x8080808080808080ULL;
        for (; zero != 0; zero &= zero - 1) {
            if (commas + 1 == want) return 0;
            ends[commas++] = q + __builtin_ctzll(zero) / 8;
        }
    }
    for (; q != e; ++q) {
        if (*q != ',') continue;
        if (commas + 1 == want) return 0;
        ends[commas++] = q;
    }
    ends[commas] = e;
    return commas + 1;
}

// The timestamp cell [s, c) as parse_timestamp() reads it: ISO dates (daily bars, the common
// case) at fixed positions and Unix seconds without a call.
inline bool fast_timestamp(const char* s, const char* c, engine::Timestamp& ts) {
    std::int64_t days = 0;
    std::uint64_t secs = 0;
    constexpr auto kMaxSeconds = static_cast<std::uint64_t>(
        std::numeric_limits<engine::Timestamp>::max() / engine::kNanosPerSecond);
    if (c - s == 10 && iso_date_days(s, days)) {
        ts = days * engine::kNanosPerDay;
        return true;
    }
    // Unix seconds, 9 to 11 digits (1973 on): one word of eight digits and the rest, the value
    // parse_timestamp() gives. Beyond the nanosecond range (year 2262) it is left to
    // parse_timestamp() to refuse.
    if (c - s >= 9 && c - s <= 11 && fast::eight_digits(s, secs) == 8) {
        const char* p = s + 8;
        while (p != c && fast::is_digit(*p))
            secs = secs * 10 + static_cast<unsigned>(*p++ - '0');
        if (p == c && secs <= kMaxSeconds) {
            ts = static_cast<engine::Timestamp>(secs) * engine::kNanosPerSecond;
            return true;
        }
    }
    const TimestampResult parsed =
        parse_timestamp(std::string_view(s, static_cast<std::size_t>(c - s)));
    if (parsed.status != TimestampStatus::ok) return false;
    ts = parsed.ts;
    return true;
}

// A number that fills the cell [s, c) of a line ending at e (feed/decimal_fast.h).
inline bool fast_number(const char* s, const char* c, const char* e, Fixed& out) {
    std::int64_t raw = 0;
    if (!(e - s >= 8 && fast::short_decimal(s, c, raw)) && fast::plain_decimal(s, e, raw) != c)
        return false;
    out = Fixed::from_raw(raw);
    return true;
}

}  // namespace

bool RowParser::parse_fast(std::string_view line, MarketRecord& rec, std::string_view& symbol,
                           std::size_t readable_after) const {
    const char* const b = line.data();
    const char* const e = b + line.size();
    // Rows of up to 64 bytes are scanned once into masks of their commas, dots and other bytes
    // when the decimal cells can be converted 16 digits at a time (feed/decimal_simd.h).
    const bool masked = simd::kCanScan && simd_ && readable_after >= 16 && line.size() <= 64;
    simd::LineMasks masks;
#if defined(__SSE2__)
    if (masked) masks = simd::scan_line(b, line.size());
#endif
    const simd::LineMasks* const scanned = masked ? &masks : nullptr;
    const char* ends[kMaxColumns];
    const std::size_t cells = cell_ends(b, e, layout_.columns, scanned, ends);
    if (cells != layout_.columns && !(layout_.live_default && cells == 4)) return false;
    if (!fast_timestamp(cell_start(b, ends, timestamp_cell_), ends[timestamp_cell_], rec.ts))
        return false;
    symbol = {};
    if (symbol_cell_ >= 0) {
        const char* const s = cell_start(b, ends, static_cast<std::size_t>(symbol_cell_));
        symbol = std::string_view(s, static_cast<std::size_t>(ends[symbol_cell_] - s));
        if (!symbol_ok(symbol)) return false;
    }
    rec.kind = layout_.kind;
    if (!fast_numbers(b, e, ends, scanned, rec)) return false;
    if (layout_.kind == MarketRecord::Kind::bar)
        return engine::valid_bar_values(rec.open, rec.high, rec.low, rec.close, rec.volume);
    return fast_quote(b, e, ends, cells, rec) && rec.price.is_positive();
}

bool RowParser::fast_numbers(const char* b, const char* e, const char* const* ends,
                             const simd::LineMasks* masks, MarketRecord& rec) const {
    const bool bar = layout_.kind == MarketRecord::Kind::bar;
    const unsigned count = bar ? 5 : 2;
    unsigned converted = 0;  // bit i: the i-th number is in raw[i]
    std::int64_t raw[5];
    if (masks != nullptr)
        converted = simd::decimals(b, *masks, ends, number_cells_.data(), count, raw, &plan_);
    if (bar && converted == 0b11111) {
        // The usual bar row: all five at once, stored without the general loop below.
        rec.open = Fixed::from_raw(raw[0]);
        rec.high = Fixed::from_raw(raw[1]);
        rec.low = Fixed::from_raw(raw[2]);
        rec.close = Fixed::from_raw(raw[3]);
        rec.volume = Fixed::from_raw(raw[4]);
        return true;
    }
    Fixed* const values[] = {bar ? &rec.open : &rec.price, bar ? &rec.high : &rec.size, &rec.low,
                             &rec.close, &rec.volume};
    for (unsigned i = 0; i < count; ++i) {
        const std::size_t cell = number_cells_[i];
        if (converted & (1u << i))
            *values[i] = Fixed::from_raw(raw[i]);
        else if (!fast_number(cell_start(b, ends, cell), ends[cell], e, *values[i]))
            return false;
    }
    return true;
}

bool RowParser::fast_quote(const char* b, const char* e, const char* const* ends, std::size_t cells,
                           MarketRecord& rec) const {
    rec.bid.reset();
    rec.ask.reset();
    // Bid and ask: both cells empty (no quote) or both numbers. The live feed's default layout
    // also takes rows of 4 cells, without them.
    if (bid_cell_ < 0 || static_cast<std::size_t>(bid_cell_) >= cells) return true;
    const auto bid_at = static_cast<std::size_t>(bid_cell_);
    const auto ask_at = static_cast<std::size_t>(ask_cell_);
    const bool bid_empty = cell_start(b, ends, bid_at) == ends[bid_at];
    const bool ask_empty = cell_start(b, ends, ask_at) == ends[ask_at];
    if (bid_empty != ask_empty) return false;
    if (bid_empty) return true;
    Fixed bid, ask;
    if (!fast_number(cell_start(b, ends, bid_at), ends[bid_at], e, bid) ||
        !fast_number(cell_start(b, ends, ask_at), ends[ask_at], e, ask))
        return false;
    if (!bid.is_positive() || bid > ask) return false;
    rec.bid = bid;
    rec.ask = ask;
    return true;
}

bool RowParser::parse_general(std::string_view line, MarketRecord& rec, std::string_view& symbol,
                              RowError& error) const {
    Cells cells;
    const std::size_t count = split_cells(line, layout_.columns, cells);
    if (layout_.live_default ? (count != 4 && count != 6) : count != layout_.columns) {
        return fail(
            error, SkipReason::column_count,
            (layout_.live_default ? std::string("expected 4 or 6 columns "
                                                "(timestamp,symbol,price,size[,bid,ask])")
                                  : "expected " + std::to_string(layout_.columns) + " columns") +
                ", found " + std::to_string(count));
    }
    std::string_view ts_text = trim_cell(cells[layout_.at(Column::timestamp)]);
    TimestampResult ts = parse_timestamp(ts_text);
    if (ts.status != TimestampStatus::ok) {
        const std::string col = "column '" + layout_.display_name(Column::timestamp) + "': ";
        return fail(error, SkipReason::bad_timestamp,
                    ts.status == TimestampStatus::out_of_range
                        ? col + "timestamp '" + shown(ts_text) +
                              "' is outside the representable range 1677-09-22 .. 2262-04-11"
                        : col + "cannot parse '" + shown(ts_text) + "' as a timestamp");
    }
    rec.ts = ts.ts;
    symbol = {};
    if (layout_.has(Column::symbol)) {
        symbol = trim_cell(cells[layout_.at(Column::symbol)]);
        if (!symbol_ok(symbol)) {
            return fail(error, SkipReason::bad_symbol,
                        "column '" + layout_.display_name(Column::symbol) +
                            "': " + check_symbol_name(symbol));
        }
    }
    rec.kind = layout_.kind;
    return layout_.kind == MarketRecord::Kind::bar ? parse_bar(cells, rec, error)
                                                   : parse_tick(cells, count, rec, error);
}

bool RowParser::parse_bar(const Cells& cells, MarketRecord& rec, RowError& error) const {
    if (!number(cells, Column::open, rec.open, error) ||
        !number(cells, Column::high, rec.high, error) ||
        !number(cells, Column::low, rec.low, error) ||
        !number(cells, Column::close, rec.close, error) ||
        !number(cells, Column::volume, rec.volume, error)) {
        return false;
    }
    auto text = [&](Column c) { return shown(trim_cell(cells[layout_.at(c)])); };
    const std::pair<Column, Fixed> prices[] = {{Column::open, rec.open},
                                               {Column::high, rec.high},
                                               {Column::low, rec.low},
                                               {Column::close, rec.close}};
    for (const auto& [col, value] : prices) {
        if (!value.is_positive()) {
            return fail(error, SkipReason::non_positive_price,
                        std::string(column_name(col)) + " " + text(col) + " is not positive");
        }
    }
    if (rec.high < rec.low) {
        return fail(error, SkipReason::high_below_low,
                    "high " + text(Column::high) + " is below low " + text(Column::low));
    }
    for (Column col : {Column::open, Column::close}) {
        Fixed v = col == Column::open ? rec.open : rec.close;
        if (v < rec.low || v > rec.high) {
            return fail(error, SkipReason::outside_range,
                        std::string(column_name(col)) + " " + text(col) + " is outside [low " +
                            text(Column::low) + ", high " + text(Column::high) + "]");
        }
    }
    if (rec.volume.is_negative()) {
        return fail(error, SkipReason::negative_volume,
                    "volume " + text(Column::volume) + " is negative");
    }
    return true;
}

bool RowParser::parse_tick(const Cells& cells, std::size_t count, MarketRecord& rec,
                           RowError& error) const {
    if (!number(cells, Column::price, rec.price, error) ||
        !number(cells, Column::size, rec.size, error)) {
        return false;
    }
    auto text = [&](Column c) { return shown(trim_cell(cells[layout_.at(c)])); };
    rec.bid.reset();
    rec.ask.reset();
    const bool quoted = layout_.has(Column::bid) && (!layout_.live_default || count == 6);
    if (quoted) {
        const bool bid_empty = trim_cell(cells[layout_.at(Column::bid)]).empty();
        const bool ask_empty = trim_cell(cells[layout_.at(Column::ask)]).empty();
        if (bid_empty != ask_empty) {
            return fail(error, SkipReason::bad_quote,
                        "bid '" + text(Column::bid) + "' and ask '" + text(Column::ask) +
                            "': give both or leave both empty");
        }
        if (!bid_empty) {
            Fixed bid;
            Fixed ask;
            if (!number(cells, Column::bid, bid, error) ||
                !number(cells, Column::ask, ask, error)) {
                return false;
            }
            rec.bid = bid;
            rec.ask = ask;
        }
    }
    if (!rec.price.is_positive()) {
        return fail(error, SkipReason::non_positive_price,
                    "price " + text(Column::price) + " is not positive");
    }
    if (rec.size.is_negative()) {
        return fail(error, SkipReason::negative_volume,
                    "size " + text(Column::size) + " is negative");
    }
    if (rec.bid) {
        for (Column col : {Column::bid, Column::ask}) {
            if (!(col == Column::bid ? *rec.bid : *rec.ask).is_positive()) {
                return fail(error, SkipReason::non_positive_price,
                            std::string(column_name(col)) + " " + text(col) + " is not positive");
            }
        }
        if (*rec.bid > *rec.ask) {
            return fail(error, SkipReason::crossed_quote,
                        "bid " + text(Column::bid) + " is above ask " + text(Column::ask));
        }
    }
    return true;
}

std::optional<std::string_view> RowParser::symbol_cell(std::string_view line) const {
    if (!layout_.has(Column::symbol) || is_blank(line)) return std::nullopt;
    Cells cells;
    const std::size_t count = split_cells(line, layout_.columns, cells);
    if (layout_.live_default ? (count != 4 && count != 6) : count != layout_.columns) {
        return std::nullopt;
    }
    std::string_view symbol = trim_cell(cells[layout_.at(Column::symbol)]);
    if (!symbol_ok(symbol)) return std::nullopt;
    return symbol;
}

}  // namespace dsl::runner
