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

std::optional<Fixed> parse_decimal(std::string_view text) {
    const char* p = text.data();
    const char* const e = p + text.size();
    bool negative = false;
    if (p != e && (*p == '-' || *p == '+')) {
        negative = *p == '-';
        ++p;
    }
    // Unsigned arithmetic: a digit run too long to fit wraps harmlessly and is sent to
    // Fixed::parse by the digit-count checks below.
    std::uint64_t units = 0;
    const char* const int_start = p;
    while (p != e && static_cast<unsigned>(*p - '0') < 10) {
        units = units * 10 + static_cast<unsigned>(*p - '0');
        ++p;
    }
    const auto int_digits = static_cast<std::size_t>(p - int_start);
    std::uint64_t frac = 0;
    std::size_t frac_digits = 0;
    if (p != e && *p == '.') {
        ++p;
        const char* const frac_start = p;
        while (p != e && static_cast<unsigned>(*p - '0') < 10) {
            frac = frac * 10 + static_cast<unsigned>(*p - '0');
            ++p;
        }
        frac_digits = static_cast<std::size_t>(p - frac_start);
    }
    // Everything unusual (no digits, junk, huge, more than 8 decimals) is Fixed::parse's call.
    if (p != e || int_digits + frac_digits == 0 || int_digits > 10 ||
        frac_digits > static_cast<std::size_t>(Fixed::kDecimals)) {
        return Fixed::parse(text);
    }
    static constexpr std::uint64_t kPow10[] = {100'000'000, 10'000'000, 1'000'000, 100'000, 10'000,
                                               1'000,       100,        10,        1};
    // units <= 9,999,999,999: the raw value stays below 1e18, far inside int64.
    const auto raw = static_cast<std::int64_t>(units * static_cast<std::uint64_t>(Fixed::kScale) +
                                               frac * kPow10[frac_digits]);
    return Fixed::from_raw(negative ? -raw : raw);
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

// Bit 7 of each byte of d (bytes holding c - '0') set when the byte is not a digit (d >= 10,
// masked so that no carry crosses into the next byte).
inline std::uint64_t not_digits(std::uint64_t d) {
    return (((d & 0x7F7F7F7F7F7F7F7FULL) + 0x7676767676767676ULL) | d) & 0x8080808080808080ULL;
}

// The number whose n (1..8) decimal digits are bytes 0..n-1 of d (values 0..9, the first the
// most significant); the other bytes are ignored.
inline std::uint64_t digits_value(std::uint64_t d, unsigned n) {
    // Shifting up by 8 - n bytes drops the other bytes and puts zeros in front.
    d <<= 8 * (8 - n);
    d = d * 10 + (d >> 8);
    d = (((d & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
         (((d >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
        32;
    return static_cast<std::uint32_t>(d);
}

inline std::uint64_t load8(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native != std::endian::little) v = __builtin_bswap64(v);
    return v;
}

// The bytes below byte n (n <= 8) of a word.
inline std::uint64_t low_bytes(unsigned n) {
    return n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
}

// The leading decimal digits of the 8 bytes at p (the caller guarantees they are readable):
// their count (0..8) and value, in a few word operations instead of a dependent multiply-add
// per digit (the technique of simdjson's parse_eight_digits_unrolled).
inline unsigned eight_digits(const char* p, std::uint64_t& value) {
    const std::uint64_t d = load8(p) ^ 0x3030303030303030ULL;  // digits become 0..9
    const std::uint64_t nd = not_digits(d);
    const unsigned n = nd == 0 ? 8 : static_cast<unsigned>(__builtin_ctzll(nd)) / 8;
    value = n == 0 ? 0 : digits_value(d, n);
    return n;
}

// The common price or volume: a cell of at most 9 bytes, `digits` or `digits.digits`, with at
// most 8 digits in all and 8 readable bytes at s. Its digits, the dot squeezed out, are
// converted with one digits_value(): half the work of the integer and fraction separately.
// False when the cell is anything else (the caller then tries fast_decimal()).
inline bool short_decimal(const char* s, const char* c, Fixed& out) {
    const auto len = static_cast<unsigned>(c - s);
    if (len == 0 || len > 9) return false;
    const std::uint64_t d = load8(s) ^ 0x3030303030303030ULL;
    const std::uint64_t nd = not_digits(d);
    const unsigned k = nd == 0 ? 8 : static_cast<unsigned>(__builtin_ctzll(nd)) / 8;
    if (k >= len) {  // no dot: an integer of len <= 8 digits
        out = Fixed::from_raw(static_cast<std::int64_t>(digits_value(d, len) * Fixed::kScale));
        return true;
    }
    // Byte k must be the dot ('.' ^ '0' == 0x1E); the len - k - 1 bytes after it are the
    // fraction, moved down one byte to follow the integer digits.
    if (k == 8 || ((d >> (8 * k)) & 0xFF) != 0x1E) return false;  // 9 digits: not short
    const unsigned n = len - 1;                                   // digits in all
    if (n == 0) return false;                                     // a lone "."
    const std::uint64_t after = k == 7 ? 0 : d >> (8 * (k + 1));  // (a shift by 64 is undefined)
    std::uint64_t joined = (d & low_bytes(k)) | (after << (8 * k));
    if (len == 9)
        joined |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[8]) ^ 0x30) << 56;
    joined &= low_bytes(n);
    if (not_digits(joined) & low_bytes(n)) return false;
    static constexpr std::int64_t kPow10[] = {100'000'000, 10'000'000, 1'000'000, 100'000, 10'000,
                                              1'000,       100,        10,        1};
    const unsigned frac_digits = n - k;
    out = Fixed::from_raw(static_cast<std::int64_t>(digits_value(joined, n)) * kPow10[frac_digits]);
    return true;
}

inline bool digit(char c) {
    return static_cast<unsigned>(c - '0') < 10;
}

// Up to `limit` + 1 digits at p (stopping at e): adds them to value, returns the count.
inline unsigned scalar_digits(const char*& p, const char* e, unsigned limit, std::uint64_t& value) {
    unsigned n = 0;
    while (p != e && digit(*p) && n <= limit) {
        value = value * 10 + static_cast<unsigned>(*p - '0');
        ++p;
        ++n;
    }
    return n;
}

// A canonical decimal `digits[.digits]` (at most 10 integer and 8 fractional digits, no sign)
// ending at ',' or e. Returns the position after it, or nullptr for anything else.
inline const char* fast_decimal(const char* p, const char* e, Fixed& out) {
    std::uint64_t units = 0;
    unsigned int_digits = 0;
    if (e - p >= 8) {
        int_digits = eight_digits(p, units);
        p += int_digits;
        if (int_digits == 8) int_digits += scalar_digits(p, e, 2, units);
    } else {
        int_digits = scalar_digits(p, e, 10, units);
    }
    if (int_digits > 10) return nullptr;
    std::uint64_t frac = 0;
    unsigned frac_digits = 0;
    if (p != e && *p == '.') {
        ++p;
        if (e - p >= 8) {
            frac_digits = eight_digits(p, frac);
            p += frac_digits;
            if (frac_digits == 8 && p != e && digit(*p)) return nullptr;
        } else {
            frac_digits = scalar_digits(p, e, 8, frac);
            if (frac_digits > 8) return nullptr;
        }
    }
    if (int_digits + frac_digits == 0 || (p != e && *p != ',')) return nullptr;
    static constexpr std::uint64_t kPow10[] = {100'000'000, 10'000'000, 1'000'000, 100'000, 10'000,
                                               1'000,       100,        10,        1};
    out = Fixed::from_raw(static_cast<std::int64_t>(
        units * static_cast<std::uint64_t>(Fixed::kScale) + frac * kPow10[frac_digits]));
    return p;
}

}  // namespace

bool RowParser::parse_fast(std::string_view line, MarketRecord& rec, std::string_view& symbol,
                           std::size_t readable_after) const {
    const char* const b = line.data();
    const char* const e = b + line.size();
    // Where every cell ends (its comma, or the line end), found first, 16 (or 8) bytes at a
    // time: the cells can then be parsed independently, instead of each waiting for the
    // previous one's length.
    const char* ends[kMaxColumns];
    const std::size_t want = layout_.columns;
    std::size_t commas = 0;
    // Rows of up to 64 bytes are scanned once into masks of their commas, dots and other bytes
    // when the decimal cells can be converted 16 digits at a time (feed/decimal_simd.h).
    const bool masked = simd::kCanScan && simd_ && readable_after >= 16 && line.size() <= 64;
    simd::LineMasks masks;
    const char* q = b;
#if defined(__SSE2__)
    if (masked) {
        masks = simd::scan_line(b, line.size());
        for (std::uint64_t found = masks.commas; found != 0; found &= found - 1) {
            if (commas + 1 == want) return false;  // too many cells
            ends[commas++] = b + std::countr_zero(found);
        }
        q = e;
    }
    const __m128i comma = _mm_set1_epi8(',');
    for (; e - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        for (auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma))); m != 0;
             m &= m - 1) {
            if (commas + 1 == want) return false;  // too many cells
            ends[commas++] = q + __builtin_ctz(m);
        }
    }
#endif
    for (; e - q >= 8; q += 8) {
        std::uint64_t v = 0;
        std::memcpy(&v, q, 8);
        if constexpr (std::endian::native != std::endian::little) v = __builtin_bswap64(v);
        const std::uint64_t x = v ^ 0x2C2C2C2C2C2C2C2CULL;  // commas become zero bytes
        // Bit 7 of a byte set when the byte is zero (exact: no borrow crosses bytes).
        std::uint64_t zero =
            ~(((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) & 0x8080808080808080ULL;
        for (; zero != 0; zero &= zero - 1) {
            if (commas + 1 == want) return false;
            ends[commas++] = q + __builtin_ctzll(zero) / 8;
        }
    }
    for (; q != e; ++q) {
        if (*q != ',') continue;
        if (commas + 1 == want) return false;
        ends[commas++] = q;
    }
    ends[commas] = e;
    const std::size_t cells = commas + 1;
    if (cells != want && !(layout_.live_default && cells == 4)) return false;

    // The start of cell i (its end is ends[i]).
    auto cell_start = [&](std::size_t i) { return i == 0 ? b : ends[i - 1] + 1; };
    // A number that fills its cell: it stops at the cell's comma (or the line end).
    auto number = [&](std::size_t i, Fixed& out) {
        const char* const s = cell_start(i);
        return (e - s >= 8 && short_decimal(s, ends[i], out)) || fast_decimal(s, e, out) == ends[i];
    };

    {
        const char* const s = cell_start(timestamp_cell_);
        const char* const c = ends[timestamp_cell_];
        std::int64_t days = 0;
        std::uint64_t secs = 0;
        constexpr auto kMaxSeconds = static_cast<std::uint64_t>(
            std::numeric_limits<engine::Timestamp>::max() / engine::kNanosPerSecond);
        if (c - s == 10 && iso_date_days(s, days)) {
            // ISO dates (daily bars) are the common case: fixed positions.
            rec.ts = days * engine::kNanosPerDay;
        } else if (c - s >= 9 && c - s <= 11 && eight_digits(s, secs) == 8 && [&] {
                       // Unix seconds, 9 to 11 digits (1973 on): one word of eight digits and
                       // the rest, the value parse_timestamp() gives. Beyond the nanosecond
                       // range (year 2262) it is left to parse_timestamp() to refuse.
                       const char* p = s + 8;
                       while (p != c && digit(*p))
                           secs = secs * 10 + static_cast<unsigned>(*p++ - '0');
                       return p == c && secs <= kMaxSeconds;
                   }()) {
            rec.ts = static_cast<engine::Timestamp>(secs) * engine::kNanosPerSecond;
        } else {
            TimestampResult ts =
                parse_timestamp(std::string_view(s, static_cast<std::size_t>(c - s)));
            if (ts.status != TimestampStatus::ok) return false;
            rec.ts = ts.ts;
        }
    }
    symbol = {};
    if (symbol_cell_ >= 0) {
        const char* const s = cell_start(static_cast<std::size_t>(symbol_cell_));
        symbol = std::string_view(s, static_cast<std::size_t>(ends[symbol_cell_] - s));
        if (!symbol_ok(symbol)) return false;
    }
    rec.kind = layout_.kind;
    const bool bar = layout_.kind == MarketRecord::Kind::bar;
    const unsigned count = bar ? 5 : 2;
    unsigned converted = 0;  // bit i: the i-th number is in raw[i]
    std::int64_t raw[5];
    if (masked)
        converted = simd::decimals(b, masks, ends, number_cells_.data(), count, raw, &plan_);
    if (bar && converted == 0b11111) {
        // The usual bar row: all five at once, stored without the general loop below.
        rec.open = Fixed::from_raw(raw[0]);
        rec.high = Fixed::from_raw(raw[1]);
        rec.low = Fixed::from_raw(raw[2]);
        rec.close = Fixed::from_raw(raw[3]);
        rec.volume = Fixed::from_raw(raw[4]);
    } else {
        Fixed* const values[] = {bar ? &rec.open : &rec.price, bar ? &rec.high : &rec.size,
                                 &rec.low, &rec.close, &rec.volume};
        for (unsigned i = 0; i < count; ++i) {
            if (converted & (1u << i))
                *values[i] = Fixed::from_raw(raw[i]);
            else if (!number(number_cells_[i], *values[i]))
                return false;
        }
    }
    if (bar) return engine::valid_bar_values(rec.open, rec.high, rec.low, rec.close, rec.volume);
    rec.bid.reset();
    rec.ask.reset();
    // Bid and ask: both cells empty (no quote) or both numbers. The live feed's default layout
    // also takes rows of 4 cells, without them.
    if (bid_cell_ >= 0 && static_cast<std::size_t>(bid_cell_) < cells) {
        const auto bid_at = static_cast<std::size_t>(bid_cell_);
        const auto ask_at = static_cast<std::size_t>(ask_cell_);
        const bool bid_empty = cell_start(bid_at) == ends[bid_at];
        const bool ask_empty = cell_start(ask_at) == ends[ask_at];
        if (bid_empty != ask_empty) return false;
        if (!bid_empty) {
            Fixed bid, ask;
            if (!number(bid_at, bid) || !number(ask_at, ask)) return false;
            if (!bid.is_positive() || bid > ask) return false;
            rec.bid = bid;
            rec.ask = ask;
        }
    }
    return rec.price.is_positive();
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
