// The CSV dialect: header detection (both bar layouts, ticks, names in any case and order) and
// its errors, splitting and trimming cells, the row fast path against the general path, and
// every row validation message. (The decimal fast paths against the decimal core:
// decimal_fast_test.cpp, decimal_simd_test.cpp.)
#include "feed/csv_rows.h"

#include <gtest/gtest.h>

#include <random>

#include "feed/timestamp_parse.h"
#include "feed_test_util.h"

namespace dsl::runner {
namespace {

using engine::Fixed;
using engine::fx;
using test::error_of;

Layout header(std::string_view line) {
    return parse_header(line, "f.csv", 1);
}

std::string header_error(std::string_view line) {
    return error_of([&] { header(line); }).to_string();
}

// The fast path on `row` as a file's rows reach it: followed by 16 readable bytes (`after`,
// cycled), so that its decimals may be converted 16 digits at a time. `buffer` holds the row.
bool parse_fast_padded(const RowParser& parser, const std::string& row, std::string_view after,
                       std::string& buffer, MarketRecord& rec, std::string_view& symbol) {
    buffer = row;
    for (std::size_t i = 0; i < 16; ++i)
        buffer += after.empty() ? '\0' : after[i % after.size()];
    return parser.parse_fast(std::string_view(buffer).substr(0, row.size()), rec, symbol, 16);
}

bool same_record(const MarketRecord& a, const MarketRecord& b) {
    if (a.kind != b.kind || a.ts != b.ts) return false;
    if (a.kind == MarketRecord::Kind::bar) {
        return a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close &&
               a.volume == b.volume;
    }
    return a.price == b.price && a.size == b.size && a.bid == b.bid && a.ask == b.ask;
}

TEST(CsvHeader, PlainBarLayout) {
    Layout l = header("timestamp,open,high,low,close,volume");
    EXPECT_EQ(l.kind, MarketRecord::Kind::bar);
    EXPECT_EQ(l.columns, 6u);
    EXPECT_FALSE(l.has(Column::symbol));
    EXPECT_EQ(l.at(Column::close), 4u);
    EXPECT_EQ(l.at(Column::volume), 5u);
}

TEST(CsvHeader, YahooLayoutIgnoresAdjClose) {
    Layout l = header("Date,Open,High,Low,Close,Adj Close,Volume");
    EXPECT_EQ(l.kind, MarketRecord::Kind::bar);
    EXPECT_EQ(l.columns, 7u);
    EXPECT_EQ(l.at(Column::timestamp), 0u);
    EXPECT_EQ(l.at(Column::close), 4u);
    EXPECT_EQ(l.at(Column::volume), 6u);
    EXPECT_EQ(l.display_name(Column::high), "High");
}

TEST(CsvHeader, CaseSpacesQuotesOrderAndSymbol) {
    Layout l = header(" SYMBOL ,\"DateTime\",close,LOW,High,open,Volume");
    EXPECT_EQ(l.kind, MarketRecord::Kind::bar);
    EXPECT_EQ(l.at(Column::symbol), 0u);
    EXPECT_EQ(l.at(Column::timestamp), 1u);
    EXPECT_EQ(l.at(Column::open), 5u);
    EXPECT_EQ(header("time,ticker,open,high,low,close,volume").at(Column::symbol), 1u);
}

TEST(CsvHeader, TickLayouts) {
    Layout l = header("timestamp,symbol,price,size");
    EXPECT_EQ(l.kind, MarketRecord::Kind::tick);
    EXPECT_FALSE(l.has(Column::bid));
    Layout q = header("timestamp,symbol,price,size,bid,ask");
    EXPECT_EQ(q.at(Column::ask), 5u);
    EXPECT_FALSE(header("timestamp,price,size").has(Column::symbol));
}

TEST(CsvHeader, Errors) {
    const std::string known =
        "; a bar file has timestamp (or date), open, high, low, close, volume and optionally "
        "symbol and adj close; a tick file has timestamp, price, size and optionally symbol, bid "
        "and ask";
    EXPECT_EQ(header_error("timestamp,open,high,low,close,volume,vwap"),
              "f.csv:1: unknown column 'vwap' (column 7)" + known);
    EXPECT_EQ(header_error("timestamp,open,high,low,close"),
              "f.csv:1: missing column 'volume'" + known);
    EXPECT_EQ(header_error("open,high,low,close,volume"),
              "f.csv:1: missing column 'timestamp'" + known);
    EXPECT_EQ(header_error("timestamp,price"), "f.csv:1: missing column 'size'" + known);
    EXPECT_EQ(header_error("date,open,high,low,close,volume,Open"),
              "f.csv:1: column 'Open' (column 7) repeats column 2 ('open')");
    EXPECT_EQ(header_error("date,timestamp,open,high,low,close,volume"),
              "f.csv:1: column 'timestamp' (column 2) repeats column 1 ('date')");
    EXPECT_EQ(header_error("timestamp,,open,high,low,close,volume"),
              "f.csv:1: empty column name (column 2)");
    EXPECT_EQ(header_error("timestamp,open,high,low,close,volume,price"),
              "f.csv:1: the header mixes bar columns ('open') and tick columns ('price')" + known);
    EXPECT_EQ(header_error("timestamp,symbol"), "f.csv:1: the header has no price columns" + known);
    EXPECT_EQ(header_error("timestamp,symbol,price,size,bid"),
              "f.csv:1: column 'bid' without 'ask': give both or neither");
    EXPECT_EQ(header_error("timestamp,symbol,price,size,ASK"),
              "f.csv:1: column 'ASK' without 'bid': give both or neither");
    const std::string data =
        "f.csv:1: the first line looks like data, not a header: the first line must name the "
        "columns, e.g. timestamp,open,high,low,close,volume";
    EXPECT_EQ(header_error("2014-01-02,40.37,40.49,39.31,39.59,21504200"), data);
    EXPECT_EQ(header_error("1388620800,40.37,40.49,39.31,39.59,21504200"), data);
    EXPECT_EQ(header_error("40.37,x"), data);
    EXPECT_EQ(header_error(std::string(17, ',')), "f.csv:1: the header has 18 columns" + known);
    EXPECT_EQ(error_of([] { header("x"); }).kind, FeedError::Kind::format);
}

TEST(CsvCells, SplitTrimAndCount) {
    std::array<std::string_view, kMaxColumns> cells;
    EXPECT_EQ(split_cells("a,b,,c", 4, cells), 4u);
    EXPECT_EQ(cells[2], "");
    EXPECT_EQ(cells[3], "c");
    EXPECT_EQ(split_cells("a,b,c,d,e,f", 4, cells), 6u);  // too many: counted
    EXPECT_EQ(split_cells("a,b", 4, cells), 2u);
    EXPECT_EQ(split_cells("", 4, cells), 1u);
    EXPECT_EQ(split_cells(",", 4, cells), 2u);
    EXPECT_EQ(trim_cell("  x \t"), "x");
    EXPECT_EQ(trim_cell("\"ORCL\""), "ORCL");
    EXPECT_EQ(trim_cell(" \"a b\" "), "a b");
    EXPECT_EQ(trim_cell("\""), "\"");
    EXPECT_TRUE(is_blank(" \t "));
    EXPECT_FALSE(is_blank(" ,"));
}

// Parses `row` with the layout of `header_line`; "" on success, else "reason: message".
std::string row_problem(std::string_view header_line, std::string_view row,
                        MarketRecord* out = nullptr) {
    RowParser parser(header(header_line));
    MarketRecord rec;
    std::string_view symbol;
    RowError error;
    if (parser.parse(row, rec, symbol, error)) {
        if (out != nullptr) *out = rec;
        return "";
    }
    return std::string(to_string(error.reason)) + ": " + error.message;
}

constexpr std::string_view kPlain = "timestamp,open,high,low,close,volume";
constexpr std::string_view kYahoo = "Date,Open,High,Low,Close,Adj Close,Volume";
constexpr std::string_view kTicks = "timestamp,symbol,price,size,bid,ask";

TEST(CsvRows, ParsesBarsExactly) {
    MarketRecord r;
    ASSERT_EQ(row_problem(kPlain, "1995-01-03,2.179012,2.191358,2.117284,2.117284,36301200", &r),
              "");
    EXPECT_EQ(r.kind, MarketRecord::Kind::bar);
    EXPECT_EQ(r.ts, days_from_civil(1995, 1, 3) * engine::kNanosPerDay);
    EXPECT_EQ(r.open, fx("2.179012"));
    EXPECT_EQ(r.high, fx("2.191358"));
    EXPECT_EQ(r.low, fx("2.117284"));
    EXPECT_EQ(r.close, fx("2.117284"));
    EXPECT_EQ(r.volume, fx(36'301'200));
    // Yahoo: Adj Close is not read at all, not even validated.
    ASSERT_EQ(
        row_problem(kYahoo, "1995-01-03,2.179012,2.191358,2.117284,2.117284,junk,36301200", &r),
        "");
    EXPECT_EQ(r.volume, fx(36'301'200));
    // Spaces, quotes, fractional volume.
    ASSERT_EQ(row_problem(kPlain, " 1995-01-03 , \"2\" ,3,1,2, 0.5 ", &r), "");
    EXPECT_EQ(r.volume, fx("0.5"));
    EXPECT_EQ(r.open, fx(2));
}

TEST(CsvRows, BarValidationMessages) {
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.1,2.2,2.0,2.1"),
              "column_count: expected 6 columns, found 5");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.1,2.2,2.0,2.1,5,6,7"),
              "column_count: expected 6 columns, found 8");
    EXPECT_EQ(row_problem(kYahoo, "2014-13-02,2.1,2.2,2.0,2.1,2.1,5"),
              "bad_timestamp: column 'Date': cannot parse '2014-13-02' as a timestamp");
    EXPECT_EQ(row_problem(kPlain, "99999999999,2.1,2.2,2.0,2.1,5"),
              "bad_timestamp: column 'timestamp': timestamp '99999999999' is outside the "
              "representable range 1677-09-22 .. 2262-04-11");
    EXPECT_EQ(row_problem(kYahoo, "2014-01-02,2.1,2.2x,2.0,2.1,2.1,5"),
              "bad_number: column 'High': cannot parse '2.2x' as a number");
    EXPECT_EQ(row_problem(kYahoo, "2014-01-02,null,null,null,null,null,null"),
              "bad_number: column 'Open': cannot parse 'null' as a number");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.1,2.2,2.0,2.1,"),
              "bad_number: column 'volume': cannot parse '' as a number");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,0,2.2,2.0,2.1,5"),
              "non_positive_price: open 0 is not positive");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.1,2.2,-2.0,2.1,5"),
              "non_positive_price: low -2.0 is not positive");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.15,2.1,2.2,2.15,5"),
              "high_below_low: high 2.1 is below low 2.2");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.3,2.2,2.1,2.15,5"),
              "outside_range: open 2.3 is outside [low 2.1, high 2.2]");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.15,2.2,2.1,2.05,5"),
              "outside_range: close 2.05 is outside [low 2.1, high 2.2]");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.15,2.2,2.1,2.15,-5"),
              "negative_volume: volume -5 is negative");
    // Equal prices and zero volume are valid.
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2,2,2,2,0"), "");
}

TEST(CsvRows, TickParsingAndQuotes) {
    MarketRecord r;
    ASSERT_EQ(row_problem(kTicks, "2014-01-02T14:30:00.5Z,ORCL,40.5,100,40.49,40.51", &r), "");
    EXPECT_EQ(r.kind, MarketRecord::Kind::tick);
    EXPECT_EQ(r.price, fx("40.5"));
    EXPECT_EQ(r.size, fx(100));
    EXPECT_EQ(r.bid, fx("40.49"));
    EXPECT_EQ(r.ask, fx("40.51"));
    ASSERT_EQ(row_problem(kTicks, "2014-01-02T14:30:00.5Z,ORCL,40.5,100,,", &r), "");
    EXPECT_FALSE(r.bid.has_value());
    EXPECT_FALSE(r.ask.has_value());
    ASSERT_EQ(row_problem("timestamp,symbol,price,size", "1388673000123,ORCL,40.5,0", &r), "");
    EXPECT_FALSE(r.bid.has_value());
    EXPECT_EQ(r.ts, 1'388'673'000'123'000'000);
}

TEST(CsvRows, TickValidationMessages) {
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,100,40.49"),
              "column_count: expected 6 columns, found 5");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,,40.5,100,,"),
              "bad_symbol: column 'symbol': empty symbol");
    EXPECT_EQ(
        row_problem(kTicks, "2014-01-02,OR CL,40.5,100,,"),
        "bad_symbol: column 'symbol': symbol 'OR CL' contains a space, comma, quote or control "
        "character");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,0,100,,"),
              "non_positive_price: price 0 is not positive");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,-1,,"),
              "negative_volume: size -1 is negative");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,1,40.4,"),
              "bad_quote: bid '40.4' and ask '': give both or leave both empty");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,1,x,40.6"),
              "bad_number: column 'bid': cannot parse 'x' as a number");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,1,0,40.6"),
              "non_positive_price: bid 0 is not positive");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,1,40.7,40.6"),
              "crossed_quote: bid 40.7 is above ask 40.6");
    EXPECT_EQ(row_problem(kTicks, "2014-01-02,ORCL,40.5,1,40.6,40.6"), "");  // locked is fine
}

TEST(CsvRows, MessagesShowBoundedPrintableText) {
    std::string row = "2014-01-02,2.1," + std::string(100, '9') + "\x01,2.0,2.1,5";
    EXPECT_EQ(row_problem(kPlain, row), "bad_number: column 'high': cannot parse '" +
                                            std::string(40, '9') + "...' as a number");
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.1,\x1b[31m,2.0,2.1,5"),
              "bad_number: column 'high': cannot parse '\\x1b[31m' as a number");
    // Invalid UTF-8 is escaped too, and a bounded cell is cut between characters: 39 ASCII
    // bytes then a two-byte character, whole, as the 40th.
    EXPECT_EQ(row_problem(kPlain, "2014-01-02,2.1,9\xff\xc3,2.0,2.1,5"),
              "bad_number: column 'high': cannot parse '9\\xff\\xc3' as a number");
    EXPECT_EQ(
        row_problem(kPlain, "2014-01-02,2.1," + std::string(39, 'x') + "\xc3\xa9zz,2.0,2.1,5"),
        "bad_number: column 'high': cannot parse '" + std::string(39, 'x') +
            "\xc3\xa9...' as a number");
}

TEST(CsvRows, DataErrorsNameTheFileAndShowItsBytesEscaped) {
    FeedError e("prices\x1b.csv", 3, "cannot parse '\x1b]0;owned\x07\xfe' as a number",
                FeedError::Kind::data);
    EXPECT_STREQ(e.what(), "prices\\x1b.csv:3: cannot parse '\\x1b]0;owned\\x07\\xfe' as a number");
}

TEST(CsvRows, LiveDefaultLayoutTakesFourOrSixCells) {
    RowParser parser(live_default_layout());
    MarketRecord rec;
    std::string_view symbol;
    RowError error;
    EXPECT_TRUE(parser.parse("1388673000,ORCL,40.5,100", rec, symbol, error));
    EXPECT_EQ(symbol, "ORCL");
    EXPECT_FALSE(rec.bid.has_value());
    EXPECT_TRUE(parser.parse("1388673000,ORCL,40.5,100,40.4,40.6", rec, symbol, error));
    EXPECT_EQ(rec.bid, fx("40.4"));
    EXPECT_FALSE(parser.parse("1388673000,ORCL,40.5,100,40.4", rec, symbol, error));
    EXPECT_EQ(error.message,
              "expected 4 or 6 columns (timestamp,symbol,price,size[,bid,ask]), found 5");
    EXPECT_TRUE(looks_like_header("Timestamp,symbol,price,size"));
    EXPECT_TRUE(looks_like_header(" date ,symbol,price,size"));
    EXPECT_FALSE(looks_like_header("1388673000,ORCL,40.5,100"));
    // Any column order; an unknown first name too, so that parse_header can name it.
    EXPECT_TRUE(looks_like_header("symbol,timestamp,price,size"));
    EXPECT_TRUE(looks_like_header("\"Price\",size,ticker,time"));
    EXPECT_TRUE(looks_like_header("sym,timestamp,price,size"));
    // Data, whatever its other cells say: it starts with a time or a number.
    EXPECT_FALSE(looks_like_header("2014-01-02T14:30:00Z,SIZE,40.5,100"));
    EXPECT_FALSE(looks_like_header("99999999999999,OPEN,40.5,100"));  // out of range, still a time
    EXPECT_FALSE(looks_like_header("40.5,price,size"));
    EXPECT_FALSE(looks_like_header("garbage,ORCL,40.5,100"));  // then a bad timestamp
}

TEST(CsvRows, CanonicalRowsTakeTheFastPath) {
    // A performance guard: the bundled data's rows must not fall back to the general path.
    RowParser plain(header(kPlain));
    RowParser yahoo(header(kYahoo));
    RowParser ticks(header(kTicks));
    RowParser live(live_default_layout());
    MarketRecord rec;
    std::string_view symbol;
    EXPECT_TRUE(
        plain.parse_fast("1995-01-03,2.179012,2.191358,2.117284,2.117284,36301200", rec, symbol));
    EXPECT_EQ(rec.open, fx("2.179012"));
    EXPECT_EQ(rec.volume, fx(36'301'200));
    EXPECT_TRUE(yahoo.parse_fast(
        "2014-01-02,40.369999,40.490002,39.310001,39.590000,39.590000,21504200", rec, symbol));
    EXPECT_EQ(rec.close, fx("39.59"));
    EXPECT_TRUE(plain.parse_fast("1388620800,1,2,0.5,1.5,0", rec, symbol));
    EXPECT_TRUE(ticks.parse_fast("2014-01-02T14:30:00.5Z,ORCL,40.5,100,40.49,40.51", rec, symbol));
    EXPECT_EQ(symbol, "ORCL");
    EXPECT_EQ(rec.ask, fx("40.51"));
    EXPECT_TRUE(ticks.parse_fast("2014-01-02,ORCL,40.5,100,,", rec, symbol));
    EXPECT_FALSE(rec.bid.has_value());
    EXPECT_TRUE(live.parse_fast("1388673000,ORCL,40.5,100", rec, symbol));
    EXPECT_TRUE(live.parse_fast("1388673000,ORCL,40.5,100,40,41", rec, symbol));
    // Anything unusual is the general path's: spaces, quotes, signs, bad values.
    for (const char* row :
         {" 1995-01-03,2,2,2,2,1", "1995-01-03,\"2\",2,2,2,1", "1995-01-03,+2,2,2,2,1",
          "1995-01-03,2,2,2,2,-0", "1995-01-03,2,2,2,2", "1995-01-03,2,2,2,2,1,",
          "1995-01-03,2,1,3,2,1", "1995-01-03,0,0,0,0,0", "1995-01-03,2.123456789,3,1,2,1",
          "1995-01-03,12345678901,12345678901,1,2,1", "1995-01-03,2,2,2,2,1e3"}) {
        EXPECT_FALSE(plain.parse_fast(row, rec, symbol)) << row;
    }
    EXPECT_FALSE(live.parse_fast("1388673000,ORCL,40.5,100,40", rec, symbol));
    EXPECT_FALSE(ticks.parse_fast("2014-01-02,ORCL,40.5,100,41,40", rec, symbol));
    EXPECT_FALSE(ticks.parse_fast("2014-01-02,ORCL,40.5,100,40,", rec, symbol));
}

// The fast path finds each column where the header put it: tick files without a symbol column
// (five cells) and with the columns in another order give the general path's record, quote
// included.
TEST(CsvRows, FastPathFollowsTheHeadersColumns) {
    struct Case {
        std::string_view header;
        std::string_view row;
        bool quoted;
    };
    const Case cases[] = {
        {"timestamp,price,size,bid,ask", "1388673000,40.5,100,40.49,40.51", true},
        {"timestamp,price,size,bid,ask", "1388673000,40.5,100,,", false},
        {"ask,bid,size,price,symbol,time", "40.51,40.49,100,40.5,ORCL,1388673000", true},
        {"volume,close,low,high,open,date", "1000,2.5,1.5,3,2,2014-01-02", false},
        {"Date,Open,High,Low,Close,Adj Close,Volume", "2014-01-02,2,3,1.5,2.5,2.4,1000", false},
    };
    for (const Case& c : cases) {
        RowParser parser(header(c.header));
        MarketRecord fast;
        MarketRecord general;
        std::string_view fast_symbol;
        std::string_view general_symbol;
        RowError error;
        ASSERT_TRUE(parser.parse_fast(c.row, fast, fast_symbol)) << c.row;
        ASSERT_TRUE(parser.parse_general(c.row, general, general_symbol, error)) << c.row;
        EXPECT_EQ(fast.ts, general.ts) << c.row;
        EXPECT_EQ(fast.open, general.open) << c.row;
        EXPECT_EQ(fast.high, general.high) << c.row;
        EXPECT_EQ(fast.low, general.low) << c.row;
        EXPECT_EQ(fast.close, general.close) << c.row;
        EXPECT_EQ(fast.volume, general.volume) << c.row;
        EXPECT_EQ(fast.price, general.price) << c.row;
        EXPECT_EQ(fast.size, general.size) << c.row;
        EXPECT_EQ(fast.bid, general.bid) << c.row;
        EXPECT_EQ(fast.ask, general.ask) << c.row;
        EXPECT_EQ(fast.bid.has_value(), c.quoted) << c.row;
        EXPECT_EQ(fast_symbol, general_symbol) << c.row;
    }
    // A quote half given is the general path's to refuse, in any layout.
    RowParser five(header("timestamp,price,size,bid,ask"));
    MarketRecord rec;
    std::string_view symbol;
    EXPECT_FALSE(five.parse_fast("1388673000,40.5,100,40.49,", rec, symbol));
    EXPECT_FALSE(five.parse_fast("1388673000,40.5,100,,40.51", rec, symbol));
    EXPECT_FALSE(five.parse_fast("1388673000,40.5,100,40.52,40.51", rec, symbol));
}

TEST(CsvRows, UnixSecondsTakeTheFastPathWithTheGeneralPathsValue) {
    // 9 to 11 digits are seconds; the fast path agrees with parse_general on each, and leaves
    // to it the first second past the nanosecond range (2262-04-11T23:47:17Z).
    RowParser plain(header(kPlain));
    MarketRecord fast;
    MarketRecord general;
    std::string_view symbol;
    RowError error;
    for (const char* ts : {"946684800", "1388620800", "00946684800", "9223372036", "099999999"}) {
        const std::string row = std::string(ts) + ",1,2,0.5,1.5,0";
        ASSERT_TRUE(plain.parse_fast(row, fast, symbol)) << row;
        ASSERT_TRUE(plain.parse_general(row, general, symbol, error)) << row;
        EXPECT_EQ(fast.ts, general.ts) << row;
    }
    EXPECT_EQ(fast.ts, 99'999'999 * engine::kNanosPerSecond);
    for (const char* ts : {"9223372037", "99999999999", "94668480x", "94668480.5"}) {
        const std::string row = std::string(ts) + ",1,2,0.5,1.5,0";
        EXPECT_FALSE(plain.parse_fast(row, fast, symbol)) << row;
    }
    EXPECT_EQ(row_problem(kPlain, "9223372037,1,2,0.5,1.5,0"),
              "bad_timestamp: column 'timestamp': timestamp '9223372037' is outside the "
              "representable range 1677-09-22 .. 2262-04-11");
}

TEST(CsvRows, FastAndGeneralPathsAgree) {
    // Random rows of digits, dots, signs and separators: whenever the fast path accepts a
    // row, the general path accepts it with the same values.
    RowParser plain(header(kPlain));
    RowParser ticks(header(kTicks));
    std::mt19937_64 rng(11);
    const std::string alphabet = "0123456789.-+ ,";
    auto cell = [&](bool plain_digits) {
        std::string c;
        std::size_t len = 1 + rng() % 13;
        for (std::size_t k = 0; k < len; ++k) {
            c += plain_digits || rng() % 10 != 0 ? alphabet[rng() % 11]
                                                 : alphabet[rng() % alphabet.size()];
        }
        return c;
    };
    int fast_count = 0;
    for (int i = 0; i < 100'000; ++i) {
        const bool tick = i % 2 == 1;
        std::string row = std::to_string(1'000'000'000 + i) + (tick ? ",S" : "");
        for (int k = 0; k < (tick ? 4 : 5); ++k)
            row += "," + cell(i % 3 != 0);
        if (i % 7 == 0) row = row.substr(0, row.size() - rng() % 4);
        RowParser& parser = tick ? ticks : plain;
        MarketRecord fast;
        MarketRecord general;
        std::string_view s1;
        std::string_view s2;
        RowError error;
        const bool general_ok = parser.parse_general(row, general, s2, error);
        // Padded (as file rows are), whatever follows the row: the same verdict and values.
        std::string buffer;
        MarketRecord padded;
        std::string_view s3;
        const bool padded_ok =
            parse_fast_padded(parser, row, cell(false) + "," + cell(false), buffer, padded, s3);
        if (!parser.parse_fast(row, fast, s1)) {
            ASSERT_FALSE(padded_ok) << row;
            continue;
        }
        ASSERT_TRUE(padded_ok) << row;
        ASSERT_TRUE(same_record(fast, padded)) << row;
        ASSERT_EQ(s1, s3) << row;
        ++fast_count;
        ASSERT_TRUE(general_ok) << row;
        ASSERT_EQ(fast.ts, general.ts) << row;
        if (tick) {
            ASSERT_EQ(fast.price, general.price) << row;
            ASSERT_EQ(fast.size, general.size) << row;
            ASSERT_EQ(fast.bid, general.bid) << row;
        } else {
            ASSERT_EQ(fast.open, general.open) << row;
            ASSERT_EQ(fast.high, general.high) << row;
            ASSERT_EQ(fast.low, general.low) << row;
            ASSERT_EQ(fast.close, general.close) << row;
            ASSERT_EQ(fast.volume, general.volume) << row;
        }
    }
    EXPECT_GT(fast_count, 100);  // the comparison did happen
}

TEST(CsvRows, AParserThatRemembersTheLastShapeAgreesWithAFreshOne) {
    // A file's parser converts a row of the last row's shape by that row's plan. Rows that
    // mostly repeat a shape, with new digits, and sometimes a byte that is not a digit or a
    // digit more in some cell: parsed by the parser of the whole sequence and by a new parser
    // each, they get the same verdict and the same values.
    const Layout layout = header(kPlain);
    RowParser remembering(layout);
    std::mt19937_64 rng(17);
    const std::string not_digits = "-+ ex\"";
    int accepted = 0;
    int declined = 0;
    int price_ints = 1, price_fracs = 2, volume_ints = 3, volume_fracs = -1;
    for (int i = 0; i < 50'000; ++i) {
        if (i % 200 == 0) {  // a new shape; the rows until the next have new digits
            price_ints = 1 + int(rng() % 5);
            price_fracs = int(rng() % 5) - 1;
            volume_ints = 1 + int(rng() % 6);
            volume_fracs = int(rng() % 3) - 1;
        }
        // Open, high, low and close alike, so that most rows are valid bars.
        const std::string price = test::random_decimal(rng, price_ints, price_fracs);
        const std::string row = std::to_string(946'684'800 + i) + "," + price + "," + price + "," +
                                price + "," + price + "," +
                                test::random_decimal(rng, volume_ints, volume_fracs);
        std::string trial = row;
        if (i % 5 == 0) {
            const std::size_t at = 10 + rng() % (trial.size() - 10);
            if (trial[at] >= '0' && trial[at] <= '9')
                trial[at] = not_digits[rng() % not_digits.size()];
            else
                trial.insert(at + 1, 1, '3');
        }
        std::string buffer;
        MarketRecord a;
        MarketRecord b;
        std::string_view sa;
        std::string_view sb;
        const bool ok_a = parse_fast_padded(remembering, trial, "1.5,", buffer, a, sa);
        RowParser fresh(layout);
        std::string buffer_b;
        const bool ok_b = parse_fast_padded(fresh, trial, "1.5,", buffer_b, b, sb);
        ASSERT_EQ(ok_a, ok_b) << trial;
        if (!ok_a) {
            ++declined;
            continue;
        }
        ++accepted;
        ASSERT_TRUE(same_record(a, b)) << trial;
    }
    EXPECT_GT(accepted, 30'000);
    EXPECT_GT(declined, 2'000);
}

TEST(CsvRows, EveryDecimalShapeParsesExactlyOnTheFastPath) {
    // Integer digits 0..11 and fractional digits 0..9 (with and without a dot), in every cell
    // position and at the end of the line: the fast path accepts or declines, never differs.
    RowParser plain(header(kPlain));
    std::mt19937_64 rng(5);
    int fast = 0;
    for (int int_digits = 0; int_digits <= 11; ++int_digits) {
        for (int frac_digits = -1; frac_digits <= 9; ++frac_digits) {  // -1: no dot
            for (int trial = 0; trial < 20; ++trial) {
                const std::string num = test::random_decimal(rng, int_digits, frac_digits);
                const std::string row =
                    "2014-01-02," + num + "," + num + "," + num + "," + num + "," + num;
                MarketRecord a;
                MarketRecord b;
                std::string_view sa;
                std::string_view sb;
                RowError error;
                const bool general_ok = plain.parse_general(row, b, sb, error);
                std::string buffer;
                MarketRecord padded;
                std::string_view sp;
                const bool padded_ok =
                    parse_fast_padded(plain, row, trial % 2 == 0 ? "9" : ".1,", buffer, padded, sp);
                if (!plain.parse_fast(row, a, sa)) {
                    ASSERT_FALSE(padded_ok) << row;
                    continue;
                }
                ASSERT_TRUE(padded_ok) << row;
                ASSERT_TRUE(same_record(a, padded)) << row;
                ++fast;
                ASSERT_TRUE(general_ok) << row;
                auto exact = Fixed::parse(num);
                ASSERT_TRUE(exact.has_value()) << row;
                for (Fixed v : {a.open, a.high, a.low, a.close, a.volume})
                    ASSERT_EQ(v, *exact) << row;
                ASSERT_EQ(a.volume, b.volume) << row;
            }
        }
    }
    EXPECT_GT(fast, 1500);
}

TEST(CsvRows, SymbolNames) {
    EXPECT_EQ(check_symbol_name("ORCL"), "");
    EXPECT_EQ(check_symbol_name("BRK.B"), "");
    EXPECT_EQ(check_symbol_name("EUR/USD"), "");
    EXPECT_EQ(check_symbol_name(""), "empty symbol");
    EXPECT_EQ(check_symbol_name(std::string(65, 'A')),
              "symbol '" + std::string(40, 'A') + "...' is longer than 64 characters");
    EXPECT_EQ(check_symbol_name("A\tB"),
              "symbol 'A\\x09B' contains a space, comma, quote or control character");
}

}  // namespace
}  // namespace dsl::runner
