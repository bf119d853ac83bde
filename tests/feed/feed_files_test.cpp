// The file feed: symbol naming, multi-symbol files and their pre-scan, the merge order and its
// tie-break, the time-order rules with their messages and lines, skip-bad-rows accounting,
// structural errors, and line-ending/BOM handling through the whole feed.
#include <gtest/gtest.h>

#include "feed/feed.h"
#include "feed/timestamp_parse.h"
#include "feed_test_util.h"

namespace dsl::runner {
namespace {

using engine::fx;
using engine::kNanosPerDay;
using test::feed_error;
using test::read_all;
using test::TempDir;

constexpr std::string_view kBarHeader = "timestamp,open,high,low,close,volume\n";

engine::Timestamp day(int y, unsigned m, unsigned d) {
    return days_from_civil(y, m, d) * kNanosPerDay;
}

// One valid bar row at `date` with close `c` (open = low = high = close).
std::string bar(const std::string& date, const std::string& c, const std::string& volume = "100") {
    return date + "," + c + "," + c + "," + c + "," + c + "," + volume + "\n";
}

TEST(FeedSymbols, FromFileNameOrGiven) {
    EXPECT_EQ(symbol_from_path("data/orcl-1995-2014.csv"), "ORCL");
    EXPECT_EQ(symbol_from_path("/x/y/nvda_daily.txt"), "NVDA");
    EXPECT_EQ(symbol_from_path("Brk.csv"), "BRK");
    EXPECT_EQ(symbol_from_path("spy"), "SPY");
    EXPECT_EQ(symbol_from_path("a.b-c/es1!-2020.csv"), "ES1!");
    EXPECT_EQ(symbol_from_path(".csv"), "");
    EXPECT_EQ(symbol_from_path("dir/-x.csv"), "");

    TempDir dir;
    std::string a = dir.write("orcl-1995.csv", std::string(kBarHeader) + bar("1995-01-03", "2"));
    std::string b = dir.write("prices.csv", std::string(kBarHeader) + bar("1995-01-03", "3"));
    auto feed = open_files({{a, std::nullopt}, {b, "NVDA"}}, {});
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"ORCL", "NVDA"}));
    EXPECT_EQ(feed->file_name(1), b);
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].symbol, 0u);
    EXPECT_EQ(recs[1].symbol, 1u);
    EXPECT_EQ(recs[1].close, fx(3));
}

TEST(FeedSymbols, SameSymbolInSeveralFilesSharesAnId) {
    TempDir dir;
    std::string a = dir.write("orcl-1.csv", std::string(kBarHeader) + bar("1995-01-03", "2"));
    std::string b = dir.write("orcl-2.csv", std::string(kBarHeader) + bar("1995-01-04", "3"));
    auto feed = open_files({{a, std::nullopt}, {b, std::nullopt}}, {});
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"ORCL"}));
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].symbol, 0u);
    EXPECT_EQ(recs[1].file, 1u);
}

TEST(FeedSymbols, NamingErrors) {
    TempDir dir;
    std::string noname = dir.write("_x.csv", std::string(kBarHeader) + bar("1995-01-03", "2"));
    EXPECT_EQ(
        feed_error({{noname, std::nullopt}}).to_string(),
        noname + ": cannot take a symbol from the file name (empty symbol); give one as NAME=path");
    EXPECT_EQ(
        feed_error({{noname, "A B"}}).to_string(),
        noname +
            ": bad symbol name: symbol 'A B' contains a space, comma, quote or control character");
    std::string multi = dir.write("m.csv",
                                  "timestamp,symbol,open,high,low,close,volume\n"
                                  "1995-01-03,AAA,1,1,1,1,1\n");
    FeedError e = feed_error({{multi, "AAA"}});
    EXPECT_EQ(
        e.to_string(),
        multi + ":1: the file has a symbol column, so it cannot also be given the symbol 'AAA'");
    EXPECT_EQ(e.kind, FeedError::Kind::format);
    EXPECT_EQ(feed_error({}).to_string(), "no data files given");
}

TEST(FeedMultiSymbol, PreScanListsSymbolsInFirstAppearanceOrder) {
    TempDir dir;
    std::string a = dir.write("a.csv", std::string(kBarHeader) + bar("1995-01-02", "1"));
    std::string m = dir.write("m.csv",
                              "date,Symbol,open,high,low,close,volume\n"
                              "1995-01-03,ZZZ,1,1,1,1,1\n"
                              "1995-01-03,AAA,2,2,2,2,1\n"
                              "1995-01-04, ZZZ ,3,3,3,3,1\n"
                              "1995-01-04,ORCL,4,4,4,4,1\n"
                              "1995-01-05,A,5,5,5,5,1\n");  // a.csv's symbol: the same id
    auto feed = open_files({{a, std::nullopt}, {m, std::nullopt}}, {});
    // Known before the first record: file a first, then m's in order of appearance.
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"A", "ZZZ", "AAA", "ORCL"}));
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 6u);
    std::vector<std::uint32_t> syms;
    for (const auto& r : recs)
        syms.push_back(r.symbol);
    EXPECT_EQ(syms, (std::vector<std::uint32_t>{0, 1, 2, 1, 3, 0}));
    EXPECT_EQ(recs[5].line, 6u);
    EXPECT_EQ(recs[5].close, fx(5));
}

TEST(FeedMultiSymbol, TickFileWithSeveralSymbolsAndQuotes) {
    TempDir dir;
    std::string t = dir.write("ticks.csv",
                              "timestamp,symbol,price,size,bid,ask\n"
                              "2014-01-02T14:30:00Z,ORCL,37.5,100,37.49,37.51\n"
                              "2014-01-02T14:30:00Z,NVDA,16.0,200,,\n"
                              "2014-01-02T14:30:00.001Z,ORCL,37.52,50,37.5,37.52\n"
                              "1388673001000,NVDA,16.01,10,16,16.02\n");
    auto feed = open_files({{t, std::nullopt}}, {});
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"ORCL", "NVDA"}));
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 4u);
    EXPECT_EQ(recs[0].kind, MarketRecord::Kind::tick);
    EXPECT_EQ(recs[1].symbol, 1u);
    EXPECT_FALSE(recs[1].bid.has_value());
    EXPECT_EQ(recs[2].ts, recs[0].ts + 1'000'000);
    EXPECT_EQ(recs[3].ts, 1'388'673'001'000'000'000);
    EXPECT_EQ(recs[3].ask, fx("16.02"));
    std::vector<engine::SymbolId> ids{7, 9};
    engine::Tick tick = to_tick(recs[3], ids);
    EXPECT_EQ(tick.symbol, 9u);
    EXPECT_EQ(tick.price, fx("16.01"));
    EXPECT_EQ(tick.bid, fx(16));
    EXPECT_EQ(engine::check_tick(tick), "");
}

// A file's header names its columns in any order, the time not first included; the rows follow
// it. The same bars and ticks as with the usual order.
TEST(FeedText, HeaderColumnsInAnyOrder) {
    TempDir dir;
    std::string ticks = dir.write("ticks.csv",
                                  "symbol,timestamp,price,size\n"
                                  "ORCL,2014-01-02T14:30:00Z,37.5,100\n"
                                  "NVDA,2014-01-02T14:30:01Z,16,200\n");
    std::string bars = dir.write("bars.csv",
                                 "Volume,Close,Low,High,Open,Date\n"
                                 "100,2.5,2,3,2.25,2014-01-03\n");
    auto feed = open_files({{ticks, std::nullopt}, {bars, std::nullopt}}, {});
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"ORCL", "NVDA", "BARS"}));
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].symbol, 0u);
    EXPECT_EQ(recs[0].price, fx("37.5"));
    EXPECT_EQ(recs[1].symbol, 1u);
    EXPECT_EQ(recs[1].size, fx(200));
    EXPECT_EQ(recs[2].ts, day(2014, 1, 3));
    EXPECT_EQ(recs[2].open, fx("2.25"));
    EXPECT_EQ(recs[2].high, fx(3));
    EXPECT_EQ(recs[2].low, fx(2));
    EXPECT_EQ(recs[2].close, fx("2.5"));
    EXPECT_EQ(recs[2].volume, fx(100));
    std::string lacking = dir.write("lacking.csv", "symbol,price,size\nORCL,37.5,100\n");
    EXPECT_EQ(feed_error({{lacking, std::nullopt}}).to_string(),
              lacking +
                  ":1: missing column 'timestamp'; a bar file has timestamp (or date), open, high, "
                  "low, close, volume and optionally symbol and adj close; a tick file has "
                  "timestamp, price, size and optionally symbol, bid and ask");
}

// Several trades in one instant: ticks of one symbol may share a timestamp (bars may not).
TEST(FeedMultiSymbol, TicksMayShareATimestamp) {
    TempDir dir;
    std::string t = dir.write("ticks.csv",
                              "timestamp,symbol,price,size\n"
                              "2014-01-02T14:30:00Z,ORCL,37.5,100\n"
                              "2014-01-02T14:30:00Z,ORCL,37.51,20\n"
                              "2014-01-02T14:30:00Z,ORCL,37.49,5\n");
    auto feed = open_files({{t, std::nullopt}}, {});
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[2].price, fx("37.49"));
    EXPECT_EQ(recs[2].line, 4u);
}

TEST(FeedMerge, TimestampOrderTiesByFileThenRow) {
    TempDir dir;
    // Three symbols in three files; several bars share timestamps across files.
    std::string a = dir.write("aaa.csv", std::string(kBarHeader) + bar("2014-01-02", "1") +
                                             bar("2014-01-03", "2") + bar("2014-01-06", "3"));
    std::string b = dir.write("bbb.csv", std::string(kBarHeader) + bar("2014-01-01", "10") +
                                             bar("2014-01-03", "20") + bar("2014-01-04", "30"));
    std::string c = dir.write("ticks.csv",
                              "timestamp,symbol,price,size\n"
                              "2014-01-03,CCC,5,1\n"
                              "2014-01-03,DDD,6,1\n"
                              "2014-01-03T00:00:00.000000001Z,CCC,7,1\n");
    auto feed = open_files({{c, std::nullopt}, {a, std::nullopt}, {b, std::nullopt}}, {});
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"CCC", "DDD", "AAA", "BBB"}));
    std::vector<std::string> got;
    for (const auto& r : read_all(*feed)) {
        got.push_back(format_timestamp(r.ts) + " " + feed->symbols()[r.symbol] + " " +
                      std::to_string(r.file) + ":" + std::to_string(r.line));
    }
    EXPECT_EQ(got, (std::vector<std::string>{
                       "2014-01-01 BBB 2:2",
                       "2014-01-02 AAA 1:2",
                       "2014-01-03 CCC 0:2",  // file order: ticks.csv was given first
                       "2014-01-03 DDD 0:3",  // then its row order
                       "2014-01-03 AAA 1:3",
                       "2014-01-03 BBB 2:3",
                       "2014-01-03T00:00:00.000000001Z CCC 0:4",
                       "2014-01-04 BBB 2:4",
                       "2014-01-06 AAA 1:4",
                   }));
    EXPECT_EQ(feed->stats().rows_read, 9u);
    EXPECT_EQ(feed->stats().rows_used, 9u);
}

TEST(FeedMerge, BarsConvertForTheEngine) {
    TempDir dir;
    std::string a =
        dir.write("x.csv", std::string(kBarHeader) + "2014-01-02,2.2,2.5,2.1,2.3,1000\n");
    auto feed = open_files({{a, std::nullopt}}, {});
    auto rec = feed->next();
    ASSERT_NE(rec, nullptr);
    engine::Bar b = to_bar(*rec, {4});
    EXPECT_EQ(b.symbol, 4u);
    EXPECT_EQ(b.ts, day(2014, 1, 2));
    EXPECT_EQ(b.open, fx("2.2"));
    EXPECT_EQ(b.high, fx("2.5"));
    EXPECT_EQ(b.low, fx("2.1"));
    EXPECT_EQ(b.close, fx("2.3"));
    EXPECT_EQ(b.volume, fx(1000));
    EXPECT_EQ(engine::check_bar(b), "");
    EXPECT_EQ(feed->next(), nullptr);
    EXPECT_EQ(feed->next(), nullptr);  // stays at the end
}

TEST(FeedErrors, EachRowErrorNamesFileAndLine) {
    TempDir dir;
    auto err = [&](const std::string& body) {
        std::string p =
            dir.write("orcl.csv", std::string(kBarHeader) + bar("2014-01-02", "2") + body);
        return feed_error({{p, std::nullopt}}).to_string().substr(dir.path().size() + 1);
    };
    EXPECT_EQ(err("2014-01-03,2.15,2.1,2.2,2.15,5\n"), "orcl.csv:3: high 2.1 is below low 2.2");
    EXPECT_EQ(err("2014-01-03,2\n"), "orcl.csv:3: expected 6 columns, found 2");
    EXPECT_EQ(err("\n\n2014-01-03,1,1,1,1,1\n2014-01-0x,1,1,1,1,1\n"),
              "orcl.csv:6: column 'timestamp': cannot parse '2014-01-0x' as a timestamp");
    EXPECT_EQ(err("2014-01-01,1,1,1,1,1\n"),
              "orcl.csv:3: timestamp 2014-01-01 is before 2014-01-02 (line 2)");
    EXPECT_EQ(err("2014-01-02T00:00Z,1,1,1,1,1\n"),
              "orcl.csv:3: duplicate timestamp 2014-01-02 (line 2 has the same)");
    EXPECT_EQ(err("2014-01-03,1,1,1,1,-1\n"), "orcl.csv:3: volume -1 is negative");
    EXPECT_EQ(err("2014-01-03,1,1,1,0,1\n"), "orcl.csv:3: close 0 is not positive");
}

TEST(FeedErrors, TimeRulesOfMultiSymbolFiles) {
    TempDir dir;
    const std::string h = "timestamp,symbol,open,high,low,close,volume\n";
    // Per symbol, bar timestamps strictly increase...
    std::string dup = dir.write(
        "d.csv", h + "2014-01-02,A,1,1,1,1,1\n2014-01-02,B,1,1,1,1,1\n2014-01-02,A,2,2,2,2,1\n");
    EXPECT_EQ(feed_error({{dup, std::nullopt}}).to_string(),
              dup + ":4: duplicate timestamp 2014-01-02 for A (line 2 has the same)");
    // ...and the whole file never going back, whatever the symbol.
    std::string back = dir.write("b.csv", h + "2014-01-03,A,1,1,1,1,1\n2014-01-02,B,1,1,1,1,1\n");
    EXPECT_EQ(feed_error({{back, std::nullopt}}).to_string(),
              back + ":3: timestamp 2014-01-02 is before 2014-01-03 (line 2)");
}

TEST(FeedErrors, DuplicateAcrossFiles) {
    TempDir dir;
    std::string a = dir.write(
        "orcl.csv", std::string(kBarHeader) + bar("2014-01-02", "2") + bar("2014-01-03", "2"));
    std::string b = dir.write("orcl.txt",
                              "Date,Open,High,Low,Close,Adj Close,Volume\n"
                              "2014-01-03,2,2,2,2,2,100\n");
    EXPECT_EQ(feed_error({{a, std::nullopt}, {b, std::nullopt}}).to_string(),
              b + ":2: duplicate timestamp 2014-01-03 for ORCL (" + a + ":3 has the same)");
    FeedOptions skip;
    skip.skip_bad_rows = true;
    auto feed = open_files({{a, std::nullopt}, {b, std::nullopt}}, skip);
    EXPECT_EQ(read_all(*feed).size(), 2u);
    EXPECT_EQ(feed->stats().skipped_count(SkipReason::duplicate_timestamp), 1u);
    EXPECT_EQ(feed->stats().rows_read, 3u);
}

TEST(FeedErrors, ErrorSurfacesWhenItsRowIsNeeded) {
    TempDir dir;
    std::string p = dir.write("x.csv", std::string(kBarHeader) + bar("2014-01-02", "1") +
                                           bar("2014-01-03", "2") + "2014-01-06,bad,1,1,1,1\n");
    auto feed = open_files({{p, std::nullopt}}, {});
    EXPECT_NE(feed->next(), nullptr);
    EXPECT_NE(feed->next(), nullptr);  // the bad row 4 is not read ahead of row 3's use
    FeedError e = test::error_of([&] { feed->next(); });
    EXPECT_EQ(e.line, 4u);
    EXPECT_EQ(e.kind, FeedError::Kind::data);
    EXPECT_EQ(e.message, "column 'open': cannot parse 'bad' as a number");
}

TEST(FeedErrors, StructuralErrors) {
    TempDir dir;
    std::string empty = dir.write("e.csv", "");
    EXPECT_EQ(feed_error({{empty, std::nullopt}}).to_string(),
              empty + ": no data rows (the file is empty)");
    std::string blank = dir.write("b.csv", "\n  \n\r\n");
    EXPECT_EQ(feed_error({{blank, std::nullopt}}).to_string(),
              blank + ": no data rows (the file is empty)");
    std::string header_only = dir.write("h.csv", std::string(kBarHeader) + "\n");
    FeedError e = feed_error({{header_only, std::nullopt}});
    EXPECT_EQ(e.to_string(), header_only + ": no data rows (only a header)");
    EXPECT_EQ(e.kind, FeedError::Kind::format);
    std::string bad_header = dir.write("x.csv", "when,open,high,low,close,volume\n");
    EXPECT_EQ(feed_error({{bad_header, std::nullopt}}).message.substr(0, 31),
              "unknown column 'when' (column 1");
    EXPECT_EQ(feed_error({{dir.path() + "/missing.csv", std::nullopt}}).kind, FeedError::Kind::io);
    // Structural problems are errors even when bad rows are skipped.
    FeedOptions skip;
    skip.skip_bad_rows = true;
    EXPECT_EQ(feed_error({{header_only, std::nullopt}}, skip).kind, FeedError::Kind::format);
    EXPECT_EQ(feed_error({{bad_header, std::nullopt}}, skip).kind, FeedError::Kind::format);
    std::string all_bad = dir.write("ab.csv", std::string(kBarHeader) + "x\ny\n");
    EXPECT_EQ(feed_error({{all_bad, std::nullopt}}, skip).to_string(),
              all_bad + ": no valid data rows (all 2 skipped)");
    FeedOptions tiny = skip;
    tiny.buffer_bytes = 64;
    std::string long_line = dir.write("l.csv", std::string(kBarHeader) + bar("2014-01-02", "1") +
                                                   "2014-01-03," + std::string(80, '1') + "\n");
    EXPECT_EQ(feed_error({{long_line, std::nullopt}}, tiny).to_string(),
              long_line +
                  ":3: line longer than 63 bytes (the read buffer); is this a text file with "
                  "'\\n' line ends?");
}

TEST(FeedSkip, CountsEveryReasonInFixedOrder) {
    TempDir dir;
    std::string p = dir.write("orcl.csv",
                              std::string(kBarHeader) +
                                  "2014-01-02,2,2,2,2,1\n"    // 2 ok
                                  "2014-01-03,2\n"            // 3 column_count
                                  "2014-02-30,2,2,2,2,1\n"    // 4 bad_timestamp
                                  "2014-01-03,2,x,2,2,1\n"    // 5 bad_number
                                  "2014-01-03,0,2,2,2,1\n"    // 6 non_positive_price
                                  "2014-01-03,2,1,3,2,1\n"    // 7 high_below_low
                                  "2014-01-03,4,3,1,2,1\n"    // 8 outside_range
                                  "2014-01-03,2,2,2,2,-1\n"   // 9 negative_volume
                                  "2014-01-01,2,2,2,2,1\n"    // 10 out_of_order
                                  "2014-01-02,2,2,2,2,1\n"    // 11 duplicate_timestamp
                                  "\n"                        // 12 blank: not a row
                                  "2014-01-03,2,3,1,2.5,1\n"  // 13 ok
                                  "2014-01-03,2,3,1,2.5,1");  // 14 duplicate, no newline
    FeedOptions options;
    options.skip_bad_rows = true;
    std::vector<std::string> seen;
    options.on_skip = [&](const FeedError& e, SkipReason r) {
        seen.push_back(std::to_string(e.line) + " " + std::string(to_string(r)));
    };
    auto feed = open_files({{p, std::nullopt}}, options);
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].line, 13u);  // a skipped row does not move the time order (row 10)
    const FeedStats& s = feed->stats();
    EXPECT_EQ(s.rows_read, 12u);
    EXPECT_EQ(s.rows_used, 2u);
    EXPECT_EQ(s.skipped_total(), 10u);
    EXPECT_EQ(s.rows_read, s.rows_used + s.skipped_total());
    std::array<std::uint64_t, kSkipReasonCount> expected{};
    for (SkipReason r :
         {SkipReason::column_count, SkipReason::bad_timestamp, SkipReason::bad_number,
          SkipReason::non_positive_price, SkipReason::high_below_low, SkipReason::outside_range,
          SkipReason::negative_volume, SkipReason::out_of_order}) {
        expected[static_cast<std::size_t>(r)] = 1;
    }
    expected[static_cast<std::size_t>(SkipReason::duplicate_timestamp)] = 2;
    EXPECT_EQ(s.skipped, expected);
    EXPECT_EQ(seen, (std::vector<std::string>{
                        "3 column_count", "4 bad_timestamp", "5 bad_number", "6 non_positive_price",
                        "7 high_below_low", "8 outside_range", "9 negative_volume",
                        "10 out_of_order", "11 duplicate_timestamp", "14 duplicate_timestamp"}));
}

TEST(FeedSkip, ReasonNamesAndDescriptions) {
    EXPECT_EQ(kSkipReasonCount, 14u);
    EXPECT_EQ(to_string(SkipReason::cut_line), "cut_line");
    EXPECT_EQ(static_cast<int>(SkipReason::cut_line), 0);  // checked before the cells
    EXPECT_EQ(to_string(SkipReason::column_count), "column_count");
    EXPECT_EQ(to_string(SkipReason::unknown_symbol), "unknown_symbol");
    EXPECT_EQ(describe(SkipReason::high_below_low), "high below low");
}

TEST(FeedText, CrlfBomTruncatedLastLineAndBlankLines) {
    TempDir dir;
    std::string p =
        dir.write("crlf.csv",
                  "\xEF\xBB\xBF"
                  "Date,Open,High,Low,Close,Adj Close,Volume\r\n"
                  "\r\n"
                  "2014-01-02,40.369999,40.490002,39.310001,39.590000,39.590000,21504200\r\n"
                  "2014-01-03,40.160000,40.439999,39.820000,40.119999,40.119999,15755200");
    auto feed = open_files({{p, std::nullopt}}, {});
    auto recs = read_all(*feed);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].line, 3u);
    EXPECT_EQ(recs[1].line, 4u);
    EXPECT_EQ(recs[1].volume, fx(15'755'200));  // the last cell, not cut by the missing newline
    EXPECT_EQ(recs[1].close, fx("40.119999"));
    EXPECT_EQ(feed->stats().rows_read, 2u);
}

TEST(FeedText, EveryTimestampFormInAFile) {
    TempDir dir;
    std::string p = dir.write("t.csv",
                              "timestamp,price,size\n"
                              "2014-01-02,1,1\n"
                              "2014-01-02T09:30,1,1\n"
                              "2014-01-02 09:30:01,1,1\n"
                              "2014-01-02T09:30:01.5Z,1,1\n"
                              "2014-01-02T10:30:02+01:00,1,1\n"
                              "1388655003,1,1\n"
                              "1388655003001,1,1\n");
    auto feed = open_files({{p, std::nullopt}}, {});
    EXPECT_EQ(feed->symbols(), std::vector<std::string>{"T"});
    std::vector<std::string> got;
    for (const auto& r : read_all(*feed))
        got.push_back(format_timestamp(r.ts));
    EXPECT_EQ(
        got, (std::vector<std::string>{"2014-01-02", "2014-01-02T09:30:00Z", "2014-01-02T09:30:01Z",
                                       "2014-01-02T09:30:01.5Z", "2014-01-02T09:30:02Z",
                                       "2014-01-02T09:30:03Z", "2014-01-02T09:30:03.001Z"}));
}

TEST(FeedMemory, TinyBufferReadsALongFile) {
    TempDir dir;
    std::string body(kBarHeader);
    for (int i = 0; i < 20'000; ++i)
        body += std::to_string(1'000'000'000 + i * 60) + ",2,3,1,2.5,7\n";
    std::string p = dir.write("long.csv", body);
    FeedOptions options;
    options.buffer_bytes = 64;
    auto feed = open_files({{p, std::nullopt}}, options);
    std::uint64_t n = 0;
    engine::Timestamp last = 0;
    while (auto r = feed->next()) {
        ++n;
        last = r->ts;
    }
    EXPECT_EQ(n, 20'000u);
    EXPECT_EQ(last, (1'000'000'000LL + 19'999 * 60) * engine::kNanosPerSecond);
}

}  // namespace
}  // namespace dsl::runner
