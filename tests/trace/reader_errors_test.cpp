// Broken traces: every kind of corrupt line is reported with its line number and an exact
// message, everything before it stays usable; truncated and unfinished traces; versions;
// skipping bad lines; following a file that grows.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/golden.h"
#include "tests/trace/sample.h"
#include "trace/reader.h"

namespace dsl::trace::test {
namespace {

namespace fs = std::filesystem;

// The sample trace's lines (numbered from 1 in messages):
//   1 header, 2 call, 3 log, 4 bar, 5-6 ticks, 7 clock, 8-27 the engine events in the order of
//   engine/events.h (8 order_submitted, 21 fill, 27 portfolio_snapshot), 28 snapshot with
//   positions, 29-30 calls, 31 log, 32 error, 33 end.
std::vector<std::string> sample_lines() {
    std::vector<std::string> out;
    std::istringstream in(sample_trace());
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += l + "\n";
    return out;
}

Reader read(const std::string& text, ReaderOptions options = {}) {
    Reader r("trace.jsonl", options);
    r.feed(text);
    r.finish();
    return r;
}

// The first error's text for the sample with line `n` (1-based) replaced.
std::string error_with_line(std::size_t n, const std::string& replacement) {
    std::vector<std::string> lines = sample_lines();
    lines.at(n - 1) = replacement;
    Reader r = read(join(lines));
    EXPECT_EQ(r.status(), ReadStatus::failed);
    return r.errors().empty() ? "(no error)" : r.errors().front().text;
}

// Replaces the first occurrence of `from` in line n by `to`.
std::string edited(std::size_t n, const std::string& from, const std::string& to) {
    std::string line = sample_lines().at(n - 1);
    std::size_t at = line.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return line.replace(at, from.size(), to);
}

TEST(TraceReaderErrors, TheSampleLinesAreWhereTheseTestsExpectThem) {
    std::vector<std::string> l = sample_lines();
    ASSERT_EQ(l.size(), 33u);
    EXPECT_EQ(l[7].rfind(R"({"t":"order_submitted")", 0), 0u);
    EXPECT_EQ(l[20].rfind(R"({"t":"fill")", 0), 0u);
    EXPECT_EQ(l[26].rfind(R"({"t":"portfolio_snapshot")", 0), 0u);
    EXPECT_EQ(l[32].rfind(R"({"t":"end")", 0), 0u);
}

TEST(TraceReaderErrors, BadJson) {
    EXPECT_EQ(error_with_line(5, R"({"t":"tick",)"),
              "trace.jsonl:5: invalid JSON at column 13: syntax error while parsing object key - "
              "unexpected end of input; expected string literal");
    EXPECT_EQ(error_with_line(5, "garbage"),
              "trace.jsonl:5: invalid JSON at column 1: syntax error while parsing value - "
              "invalid literal; last read: 'g'");
    EXPECT_EQ(error_with_line(5, R"({"t":"log"} {"t":"log"})"),
              "trace.jsonl:5: invalid JSON at column 13: syntax error while parsing value - "
              "unexpected '{'; expected end of input");
    EXPECT_EQ(error_with_line(5, "{\"t\":\"log\",\"text\":\"\xFF\"}"),
              "trace.jsonl:5: invalid JSON at column 20: syntax error while parsing value - "
              "invalid string: ill-formed UTF-8 byte; last read: '\"\\xff'");
    EXPECT_EQ(error_with_line(5, "[1,2]"), "trace.jsonl:5: expected a JSON object, got an array");
    EXPECT_EQ(error_with_line(5, std::string(20, '[') + std::string(20, ']')),
              "trace.jsonl:5: invalid record: nesting deeper than 16 levels");
}

TEST(TraceReaderErrors, RecordTypes) {
    EXPECT_EQ(error_with_line(5, R"({"seq":1})"),
              "trace.jsonl:5: record has no \"t\" (record type) field");
    EXPECT_EQ(error_with_line(5, R"({"t":7})"),
              "trace.jsonl:5: field 't': expected a string, got an integer");
    EXPECT_EQ(error_with_line(5, R"({"t":"trade","id":1})"),
              "trace.jsonl:5: unknown record type 'trade'");
    EXPECT_EQ(error_with_line(5, sample_lines()[0]), "trace.jsonl:5: a second header record");
}

TEST(TraceReaderErrors, Fields) {
    EXPECT_EQ(error_with_line(21, edited(21, R"("price":2.09,)", "")),
              "trace.jsonl:21: fill: missing field 'price'");
    EXPECT_EQ(error_with_line(21, edited(21, R"("price":2.09)", R"("price":"2.09")")),
              "trace.jsonl:21: fill: field 'price': expected a number, got a string");
    EXPECT_EQ(error_with_line(21, edited(21, R"("fill_id":3)", R"("fill_id":3.5)")),
              "trace.jsonl:21: fill: field 'fill_id': expected an integer, got a number");
    EXPECT_EQ(error_with_line(21, edited(21, R"("fill_id":3)", R"("fill_id":-3)")),
              "trace.jsonl:21: fill: field 'fill_id': must not be negative");
    EXPECT_EQ(error_with_line(21, edited(21, R"("side":"sell")", R"("side":"short")")),
              "trace.jsonl:21: fill: field 'side': unknown value 'short'");
    EXPECT_EQ(
        error_with_line(21, edited(21, R"("liquidity_capped":true)", R"("liquidity_capped":1)")),
        "trace.jsonl:21: fill: field 'liquidity_capped': expected true or false, got an "
        "integer");
    EXPECT_EQ(error_with_line(21, edited(21, R"("price":2.09)", R"("price":1e300)")),
              "trace.jsonl:21: fill: field 'price': number out of range (at most "
              "92233720368.54775807 in magnitude)");
    EXPECT_EQ(error_with_line(21, edited(21, R"("price":2.09)", R"("price":92233720368.54775808)")),
              "trace.jsonl:21: fill: field 'price': number out of range (at most "
              "92233720368.54775807 in magnitude)");
    EXPECT_EQ(error_with_line(21, edited(21, R"("ts":)", R"("ts":"x","old":)")),
              "trace.jsonl:21: fill: field 'ts': expected an integer, got a string");
    EXPECT_EQ(error_with_line(28, edited(28, R"("qty":-40)", R"("qty":[])")),
              "trace.jsonl:28: portfolio_snapshot.positions[0]: field 'qty': expected a number, "
              "got an array");
    EXPECT_EQ(error_with_line(32, edited(32, R"("line":42,"col")", R"("line":"x","col")")),
              "trace.jsonl:32: error.stack[0]: field 'line': expected an integer, got a string");
}

TEST(TraceReaderErrors, References) {
    EXPECT_EQ(error_with_line(21, edited(21, R"("order_id":1)", R"("order_id":9)")),
              "trace.jsonl:21: fill: unknown order id 9 (no order_submitted before it)");
    EXPECT_EQ(error_with_line(21, edited(21, R"("symbol":0)", R"("symbol":5)")),
              "trace.jsonl:21: fill: unknown symbol id 5 (the header lists 2 symbols)");
    EXPECT_EQ(error_with_line(4, edited(4, R"("symbol":0)", R"("symbol":null)")),
              "trace.jsonl:4: bar: unknown symbol id null (the header lists 2 symbols)");
    EXPECT_EQ(error_with_line(9, sample_lines()[7]),
              "trace.jsonl:9: order_submitted: field 'id': order 1 was already submitted or ids "
              "go backwards (last 1)");
}

TEST(TraceReaderErrors, EverythingBeforeTheBadLineIsKept) {
    std::vector<std::string> lines = sample_lines();
    lines[21] = "{oops";  // line 22, after the fill
    Reader r = read(join(lines));
    ASSERT_EQ(r.errors().size(), 1u);
    EXPECT_EQ(r.errors()[0].line, 22u);
    EXPECT_EQ(r.status(), ReadStatus::failed);
    EXPECT_EQ(r.trace().fills.size(), 1u);
    EXPECT_EQ(r.trace().orders.size(), 1u);
    EXPECT_EQ(r.trace().symbols[0].bars.size(), 1u);
    EXPECT_TRUE(r.trace().symbols[0].position_changes.empty());  // line 22 itself
    EXPECT_TRUE(r.trace().portfolio.empty());                    // lines after it
    EXPECT_FALSE(r.trace().end.has_value());
    EXPECT_EQ(r.trace().records, 21u);
    EXPECT_EQ(r.status_text(), r.errors()[0].text);
}

TEST(TraceReaderErrors, ABadRecordChangesNothing) {
    // The order is found and the snapshot's account is read before the bad position: neither
    // may leave a trace in the model.
    std::vector<std::string> lines = sample_lines();
    lines[27] = edited(28, R"("commission":0.0836}])", R"("commission":"x"}])");
    Reader r = read(join(lines));
    EXPECT_EQ(r.trace().portfolio.size(), 1u);  // line 27 only
    EXPECT_TRUE(r.trace().symbols[0].positions.empty());
}

TEST(TraceReaderErrors, SkippingBadLines) {
    std::vector<std::string> lines = sample_lines();
    lines[4] = "nonsense";
    lines[30] = R"({"t":"log"})";
    ReaderOptions options;
    options.stop_at_first_error = false;
    // The end record counts the records the writer wrote: two are missing now.
    Reader r = read(join(lines), options);
    ASSERT_EQ(r.errors().size(), 3u);
    EXPECT_EQ(r.errors()[0].line, 5u);
    EXPECT_EQ(r.errors()[1].text, "trace.jsonl:31: log: missing field 'ts'");
    EXPECT_EQ(r.errors()[2].text,
              "trace.jsonl:33: end: the writer wrote 32 records before the end record but 30 "
              "were read (lines are missing or were added)");
    EXPECT_EQ(r.status(), ReadStatus::failed);
    EXPECT_EQ(r.trace().logs.size(), 1u);
    EXPECT_EQ(r.trace().errors.size(), 1u);  // the line after the skipped ones
    options.max_errors = 1;
    Reader capped = read(join(lines), options);
    EXPECT_EQ(capped.errors().size(), 1u);
    EXPECT_EQ(capped.error_count(), 3u);
}

TEST(TraceReaderErrors, MissingAndExtraLinesAreNoticedAtTheEnd) {
    std::vector<std::string> lines = sample_lines();
    lines.erase(lines.begin() + 30);  // a log line
    EXPECT_EQ(read(join(lines)).errors().at(0).text,
              "trace.jsonl:32: end: the writer wrote 32 records before the end record but 31 "
              "were read (lines are missing or were added)");
    lines = sample_lines();
    lines.push_back(lines[2]);
    EXPECT_EQ(read(join(lines)).errors().at(0).text,
              "trace.jsonl:34: 'log' record after the end record");
}

TEST(TraceReaderErrors, TruncatedLastLine) {
    std::string text = sample_trace();
    text.resize(text.size() - 40);  // into the end record
    Reader r("trace.jsonl");
    r.feed(text);
    // While following, an incomplete line just waits.
    EXPECT_EQ(r.status(), ReadStatus::reading);
    EXPECT_TRUE(r.errors().empty());
    EXPECT_GT(r.pending_bytes(), 0u);
    EXPECT_EQ(r.trace().errors.size(), 1u);
    r.finish();
    EXPECT_EQ(r.status(), ReadStatus::truncated);
    ASSERT_EQ(r.errors().size(), 1u);
    std::size_t partial = sample_lines().back().size() + 1 - 40;
    EXPECT_EQ(r.errors()[0].text, "trace.jsonl:33: truncated: the last line is incomplete (" +
                                      std::to_string(partial) +
                                      " bytes without a newline); everything before it was read");
    EXPECT_EQ(r.status_text(), r.errors()[0].text);
    EXPECT_FALSE(r.failed());
    EXPECT_FALSE(r.trace().end.has_value());
    EXPECT_EQ(r.trace().records, 32u);
}

TEST(TraceReaderErrors, UnfinishedAndEmptyTraces) {
    std::vector<std::string> lines = sample_lines();
    lines.pop_back();
    Reader r = read(join(lines));
    EXPECT_EQ(r.status(), ReadStatus::incomplete);
    EXPECT_EQ(r.status_text(),
              "incomplete: the trace has no end record (the run was interrupted or is still being "
              "written)");
    Reader empty = read("");
    EXPECT_EQ(empty.status(), ReadStatus::incomplete);
    EXPECT_EQ(empty.status_text(), "incomplete: the trace is empty");
}

TEST(TraceReaderErrors, NotATrace) {
    EXPECT_EQ(read("timestamp,open,high,low,close,volume\n").errors().at(0).text,
              "trace.jsonl:1: invalid JSON at column 2: syntax error while parsing value - "
              "invalid literal; last read: 'ti'");
    EXPECT_EQ(read(sample_lines()[3] + "\n").errors().at(0).text,
              "trace.jsonl:1: not a dsl trace: the first record must be the header, found 'bar'");
    std::string other = sample_lines()[0];
    other.replace(other.find("dsl-trace"), 9, "csv-trace");
    EXPECT_EQ(read(other + "\n").errors().at(0).text,
              "trace.jsonl:1: not a dsl trace: format is 'csv-trace', expected 'dsl-trace'");
}

std::string header_with_version(const std::string& version) {
    std::string h = sample_lines()[0];
    return h.replace(h.find("\"1.1\""), 5, "\"" + version + "\"");
}

TEST(TraceReaderErrors, Versions) {
    EXPECT_EQ(read(header_with_version("2.0") + "\n").errors().at(0).text,
              "trace.jsonl:1: trace format version 2.0 is newer than this reader supports (1.1); "
              "a newer version of the program is needed");
    EXPECT_EQ(read(header_with_version("0.9") + "\n").errors().at(0).text,
              "trace.jsonl:1: trace format version 0.9 is no longer supported (this reader reads "
              "1.x)");
    EXPECT_EQ(read(header_with_version("one") + "\n").errors().at(0).text,
              "trace.jsonl:1: header: field 'version': expected \"MAJOR.MINOR\", got 'one'");
    // A newer minor version: unknown records are skipped, unknown fields ignored.
    std::vector<std::string> lines = sample_lines();
    lines[0] = header_with_version("1.7");
    lines[3].insert(lines[3].size() - 1, R"(,"vwap":2.15)");
    lines.insert(lines.begin() + 4, R"({"t":"funding","rate":0.01})");
    std::string text = join(lines);
    // The end record's count includes the new record.
    text.replace(text.find("\"records\":32"), 12, "\"records\":33");
    Reader r = read(text);
    EXPECT_EQ(r.status(), ReadStatus::complete) << r.status_text();
    EXPECT_EQ(r.trace().header->version_minor, 7);
    EXPECT_EQ(r.trace().symbols[0].bars.size(), 1u);
}

TEST(TraceReaderErrors, BlankLinesAndCrlfAreAccepted) {
    std::string text;
    for (const std::string& l : sample_lines())
        text += l + "\r\n\n";
    Reader r = read(text);
    EXPECT_EQ(r.status(), ReadStatus::complete) << r.status_text();
    EXPECT_EQ(r.lines(), 66u);
}

TEST(TraceReaderErrors, OverlongLines) {
    ReaderOptions options;
    options.max_line_bytes = 100;
    Reader r("trace.jsonl", options);
    r.feed(std::string(60, ' '));
    EXPECT_TRUE(r.errors().empty());
    r.feed(std::string(60, ' '));
    ASSERT_EQ(r.errors().size(), 1u);
    EXPECT_EQ(r.errors()[0].text, "trace.jsonl:1: line longer than 100 bytes");
    // The same when the whole line arrives at once; skipping goes on after it.
    std::string text = sample_lines()[0] + "\n" + std::string(2500, ' ') + "\n{}\n";
    options.max_line_bytes = 2000;
    Reader whole("trace.jsonl", options);
    whole.feed(text);
    ASSERT_EQ(whole.errors().size(), 1u);
    EXPECT_EQ(whole.errors()[0].text, "trace.jsonl:2: line longer than 2000 bytes");
    EXPECT_EQ(whole.lines(), 1u);
    options.stop_at_first_error = false;
    Reader skipping("trace.jsonl", options);
    skipping.feed(text);
    skipping.finish();
    ASSERT_EQ(skipping.errors().size(), 2u);
    EXPECT_EQ(skipping.errors()[0].text, "trace.jsonl:2: line longer than 2000 bytes");
    EXPECT_EQ(skipping.errors()[1].text, "trace.jsonl:3: record has no \"t\" (record type) field");
    EXPECT_EQ(skipping.lines(), 3u);
}

fs::path temp_path(const std::string& name) {
    return fs::temp_directory_path() / ("dsl_trace_" + std::to_string(::getpid()) + "_" + name);
}

TEST(TraceFileReader, FollowsAGrowingFile) {
    fs::path p = temp_path("follow.jsonl");
    fs::remove(p);
    FileReader f(p.string());
    EXPECT_EQ(f.poll(), 0u);  // not created yet: not an error while following
    EXPECT_FALSE(f.opened());
    EXPECT_EQ(f.reader().status(), ReadStatus::reading);

    std::string text = sample_trace();
    std::size_t cut1 = text.find("\"t\":\"fill\"") + 3;  // inside the fill's line
    std::size_t cut2 = text.size() - 10;
    std::ofstream out(p, std::ios::binary);
    out << text.substr(0, cut1) << std::flush;
    EXPECT_EQ(f.poll(), cut1);
    EXPECT_TRUE(f.trace().fills.empty());
    EXPECT_EQ(f.trace().orders.size(), 1u);
    out << text.substr(cut1, cut2 - cut1) << std::flush;
    EXPECT_EQ(f.poll(), cut2 - cut1);
    EXPECT_EQ(f.trace().fills.size(), 1u);
    EXPECT_FALSE(f.trace().end.has_value());
    EXPECT_EQ(f.poll(), 0u);
    out << text.substr(cut2) << std::flush;
    f.finish();
    EXPECT_EQ(f.reader().status(), ReadStatus::complete);
    EXPECT_TRUE(f.trace().end.has_value());
    out.close();

    Reader whole = read_trace_file(p.string());
    EXPECT_EQ(whole.status(), ReadStatus::complete);
    EXPECT_EQ(whole.name(), p.string());
    fs::remove(p);
}

TEST(TraceFileReader, MissingAndShrinkingFiles) {
    Reader missing = read_trace_file("/nonexistent/trace.jsonl");
    EXPECT_EQ(missing.status(), ReadStatus::failed);
    ASSERT_EQ(missing.errors().size(), 1u);
    EXPECT_EQ(missing.errors()[0].text,
              "/nonexistent/trace.jsonl: cannot open: No such file or directory");
    EXPECT_EQ(missing.errors()[0].line, 0u);

    fs::path p = temp_path("shrink.jsonl");
    dsl::test::write_text(p, sample_trace());
    FileReader f(p.string());
    EXPECT_GT(f.poll(), 0u);
    dsl::test::write_text(p, "{}\n");
    f.poll();
    EXPECT_EQ(f.reader().status(), ReadStatus::failed);
    EXPECT_EQ(f.reader().errors().at(0).text.find(p.string() + ": the file shrank from "), 0u);
    fs::remove(p);
}

// A device is refused before it is read (dslview /dev/zero read without end), a directory
// with a reason rather than a read error.
TEST(TraceFileReader, DevicesAndDirectoriesAreRefused) {
    Reader zero = read_trace_file("/dev/zero");
    EXPECT_EQ(zero.status(), ReadStatus::failed);
    ASSERT_EQ(zero.errors().size(), 1u);
    EXPECT_EQ(zero.errors()[0].text, "/dev/zero: it is a device, not a file");
    Reader dir = read_trace_file(fs::temp_directory_path().string());
    ASSERT_EQ(dir.errors().size(), 1u);
    EXPECT_NE(dir.errors()[0].text.find(": it is a directory"), std::string::npos);
}

}  // namespace
}  // namespace dsl::trace::test
