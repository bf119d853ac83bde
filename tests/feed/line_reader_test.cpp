// The buffered line reader: LF and CRLF line ends, a UTF-8 byte order mark, a last line without
// a newline, lines across buffer refills at every split position, the line-length limit, and
// timeouts on a pipe with a partial line kept across them, and the readable padding after
// every line.
#include "feed/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "feed_test_util.h"

namespace dsl::runner {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> lines_of(std::string_view data, std::size_t chunk, std::size_t buffer) {
    MemorySource source(data, chunk);
    LineReader reader(source, buffer);
    std::vector<std::string> out;
    std::string_view line;
    while (reader.next(line) == LineReader::Status::line) {
        out.emplace_back(line);
        EXPECT_EQ(reader.line_number(), out.size());
    }
    return out;
}

using Lines = std::vector<std::string>;

TEST(LineReader, LineEndsBomAndLastLine) {
    EXPECT_EQ(lines_of("a\nb\n", 1000, 64), (Lines{"a", "b"}));
    EXPECT_EQ(lines_of("a\r\nb\r\n", 1000, 64), (Lines{"a", "b"}));
    EXPECT_EQ(lines_of("a\nb", 1000, 64), (Lines{"a", "b"}));      // no final newline
    EXPECT_EQ(lines_of("a\r\nb\r", 1000, 64), (Lines{"a", "b"}));  // a lone '\r' at the very end
    EXPECT_EQ(lines_of("\xEF\xBB\xBF"
                       "a\nb\n",
                       1000, 64),
              (Lines{"a", "b"}));
    EXPECT_EQ(lines_of("a\n\xEF\xBB\xBF"
                       "b\n",
                       1000, 64),
              (Lines{"a",
                     "\xEF\xBB\xBF"
                     "b"}));  // only at the start
    EXPECT_EQ(lines_of("a\n\nb\n\n", 1000, 64), (Lines{"a", "", "b", ""}));
    EXPECT_EQ(lines_of("", 1000, 64), Lines{});
    EXPECT_EQ(lines_of("\n", 1000, 64), Lines{""});
}

// Whether each line ended with '\n' (a '\r' alone does not end one), at every refill position.
TEST(LineReader, TellsALastLineWithoutItsEnd) {
    for (std::size_t chunk : {SIZE_MAX, std::size_t{1}, std::size_t{3}}) {
        for (const auto& [data, last_ended] : {std::pair<std::string, bool>{"a\r\nbc\n", true},
                                               {"a\r\nbc", false},
                                               {"a\r\nbc\r", false},
                                               {"a\n\n", true},
                                               {"a\n ", false}}) {
            MemorySource source(data, chunk);
            LineReader reader(source, 64);
            std::string_view line;
            ASSERT_EQ(reader.next(line), LineReader::Status::line);
            EXPECT_TRUE(reader.line_ended()) << data;
            ASSERT_EQ(reader.next(line), LineReader::Status::line);
            EXPECT_EQ(reader.line_ended(), last_ended) << data << " " << chunk;
            EXPECT_EQ(reader.next(line), LineReader::Status::end);
        }
    }
}

TEST(LineReader, EveryRefillPositionGivesTheSameLines) {
    std::string data = "\xEF\xBB\xBFtimestamp,open\r\n";
    for (int i = 0; i < 50; ++i)
        data += "2014-01-02," + std::to_string(i * 37) + "\r\n";
    data += "last";
    Lines expected = lines_of(data, SIZE_MAX, 1 << 16);
    ASSERT_EQ(expected.size(), 52u);
    EXPECT_EQ(expected.front(), "timestamp,open");
    for (std::size_t chunk = 1; chunk < 40; ++chunk) {
        for (std::size_t buffer : {64, 65, 100, 333}) {
            EXPECT_EQ(lines_of(data, chunk, buffer), expected) << chunk << " " << buffer;
        }
    }
}

TEST(LineReader, LineLongerThanTheBufferIsAnError) {
    std::string data = "short\n" + std::string(63, 'x') + "\nok\n";
    EXPECT_EQ(lines_of(data, 1000, 64).size(), 3u);  // 63 bytes + '\n' fit in 64
    data = "short\n" + std::string(64, 'x') + "\nok\n";
    FeedError e = test::error_of([&] { lines_of(data, 7, 64); });
    EXPECT_EQ(e.kind, FeedError::Kind::format);
    EXPECT_EQ(
        e.to_string(),
        "memory:2: line longer than 63 bytes (the read buffer); is this a text file with '\\n' "
        "line ends?");
}

TEST(LineReader, EveryLineHasItsPaddingReadable) {
    // Lines that end at the very end of a full buffer, and a last line without '\n': the
    // kPadding bytes after each are inside the reader's buffer (the ASan build checks the
    // reads). The row parser loads 16-byte words there.
    static_assert(LineReader::kPadding >= 16);
    const std::string data = std::string(63, 'a') + "\n" + std::string(62, 'b') + "\r\n" + "c";
    for (std::size_t chunk : {SIZE_MAX, std::size_t{1}, std::size_t{64}}) {
        MemorySource source(data, chunk);
        LineReader reader(source, 64);
        std::string_view line;
        int lines = 0;
        while (reader.next(line) == LineReader::Status::line) {
            unsigned sum = 0;
            for (std::size_t i = 0; i < LineReader::kPadding; ++i)
                sum += static_cast<unsigned char>(line.data()[line.size() + i]);
            EXPECT_LT(sum, 256u * LineReader::kPadding);
            ++lines;
        }
        EXPECT_EQ(lines, 3) << chunk;
    }
}

TEST(LineReader, TimeoutKeepsAPartialLine) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    FdSource source(fds[0], true, "pipe");
    LineReader reader(source, 64);
    std::string_view line;
    EXPECT_EQ(reader.next(line, 0ms), LineReader::Status::timeout);
    ASSERT_EQ(::write(fds[1], "abc", 3), 3);
    EXPECT_EQ(reader.next(line, 20ms), LineReader::Status::timeout);
    ASSERT_EQ(::write(fds[1], "def\nxy", 6), 6);
    ASSERT_EQ(reader.next(line, 1000ms), LineReader::Status::line);
    EXPECT_EQ(line, "abcdef");
    EXPECT_TRUE(reader.line_ended());
    EXPECT_EQ(reader.next(line, 0ms), LineReader::Status::timeout);
    ::close(fds[1]);
    ASSERT_EQ(reader.next(line, 1000ms), LineReader::Status::line);
    EXPECT_EQ(line, "xy");
    EXPECT_FALSE(reader.line_ended());  // the input ended in the middle of it
    EXPECT_EQ(reader.next(line, 1000ms), LineReader::Status::end);
    EXPECT_EQ(reader.next(line), LineReader::Status::end);
}

TEST(LineReader, MissingFileNamesThePathAndReason) {
    FeedError e = test::error_of([] { open_file_source("/nonexistent/x.csv"); });
    EXPECT_EQ(e.kind, FeedError::Kind::io);
    EXPECT_EQ(e.to_string(), "/nonexistent/x.csv: cannot open: No such file or directory");
}

}  // namespace
}  // namespace dsl::runner
