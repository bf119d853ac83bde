// The live feed over a pipe and over a TCP connection on 127.0.0.1 (a test thread writes the
// lines): records as they arrive, the optional header, unknown symbols, skipping, timeouts
// while waiting for data and for the connection, and the end of the input.
#include "feed/live_feed.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "feed/feed_files.h"
#include "feed/timestamp_parse.h"
#include "feed_test_util.h"

namespace dsl::runner {
namespace {

using namespace std::chrono_literals;
using engine::fx;

void write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(fd, text.data(), text.size());
        ASSERT_GT(n, 0);
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

struct Pipe {
    int read_fd = -1;
    int write_fd = -1;
    Pipe() {
        int fds[2];
        if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
        read_fd = fds[0];
        write_fd = fds[1];
    }
    void close_writer() {
        if (write_fd >= 0) ::close(write_fd);
        write_fd = -1;
    }
    ~Pipe() { close_writer(); }
};

std::unique_ptr<LiveFeed> pipe_feed(Pipe& p, FeedOptions options = {}) {
    return LiveFeed::from_fd(p.read_fd, true, "pipe", {"ORCL", "NVDA"}, options);
}

TEST(LiveFeed, PipeDeliversTicksAsTheyArrive) {
    Pipe p;
    auto feed = pipe_feed(p);
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"ORCL", "NVDA"}));
    EXPECT_EQ(feed->file_name(0), "pipe");
    EXPECT_EQ(feed->port(), 0);
    EXPECT_EQ(feed->next_for(0ms).status, LiveStatus::timed_out);
    write_all(p.write_fd, "2014-01-02T14:30:00Z,NVDA,16.0,200\n2014-01-02T14:30:00.25Z,ORCL,37.5");
    LiveRead r = feed->next_for(1000ms);
    ASSERT_EQ(r.status, LiveStatus::record);
    EXPECT_EQ(r.record.symbol, 1u);
    EXPECT_EQ(r.record.kind, MarketRecord::Kind::tick);
    EXPECT_EQ(r.record.price, fx(16));
    EXPECT_EQ(r.record.line, 1u);
    EXPECT_EQ(format_timestamp(r.record.ts), "2014-01-02T14:30:00Z");
    // The second line is incomplete: waiting times out, and the partial line is kept.
    EXPECT_EQ(feed->next_for(30ms).status, LiveStatus::timed_out);
    write_all(p.write_fd, "0,100,37.49,37.51\r\n");
    r = feed->next_for(1000ms);
    ASSERT_EQ(r.status, LiveStatus::record);
    EXPECT_EQ(r.record.symbol, 0u);
    EXPECT_EQ(r.record.price, fx("37.50"));
    EXPECT_EQ(r.record.bid, fx("37.49"));
    EXPECT_EQ(r.record.ask, fx("37.51"));
    p.close_writer();
    EXPECT_EQ(feed->next_for(1000ms).status, LiveStatus::ended);
    EXPECT_EQ(feed->next_for(0ms).status, LiveStatus::ended);
    EXPECT_EQ(feed->next(), nullptr);
    EXPECT_EQ(feed->stats().rows_used, 2u);
}

TEST(LiveFeed, BlockingNextWithAWriterThread) {
    Pipe p;
    auto feed = pipe_feed(p);
    std::thread writer([&] {
        write_all(p.write_fd, "timestamp,symbol,price,size,bid,ask\n");
        for (int i = 0; i < 100; ++i) {
            std::string line = std::to_string(1'388'673'000 + i) + (i % 2 ? ",ORCL," : ",NVDA,") +
                               std::to_string(10 + i) + ".5,1," + (i % 3 ? "" : "1,100") +
                               (i % 3 ? "," : "") + "\n";
            write_all(p.write_fd, line);
            if (i % 10 == 0) std::this_thread::sleep_for(1ms);
        }
        p.close_writer();
    });
    std::vector<MarketRecord> got;
    while (auto r = feed->next())
        got.push_back(*r);
    writer.join();
    ASSERT_EQ(got.size(), 100u);
    EXPECT_EQ(got[0].line, 2u);  // after the header
    EXPECT_EQ(got[0].bid, fx(1));
    EXPECT_FALSE(got[1].bid.has_value());
    EXPECT_EQ(got[99].symbol, 0u);
    EXPECT_EQ(got[99].price, fx("109.5"));
}

TEST(LiveFeed, ErrorsAndSkipping) {
    {
        Pipe p;
        auto feed = pipe_feed(p);
        write_all(p.write_fd, "1388673000,ORCL,37.5,1\n1388673001,MSFT,30,1\n");
        ASSERT_EQ(feed->next_for(1000ms).status, LiveStatus::record);
        FeedError e = test::error_of([&] { feed->next_for(1000ms); });
        EXPECT_EQ(e.to_string(), "pipe:2: unknown symbol 'MSFT'");
        EXPECT_EQ(e.kind, FeedError::Kind::data);
    }
    {
        Pipe p;
        FeedOptions options;
        options.skip_bad_rows = true;
        auto feed = pipe_feed(p, options);
        write_all(p.write_fd,
                  "1388673000,ORCL,37.5,1\n"
                  "1388673001,MSFT,30,1\n"              // unknown_symbol
                  "1388672999,NVDA,16,1\n"              // out_of_order
                  "1388673001,ORCL,37.5,1,37.6,37.4\n"  // crossed_quote
                  "1388673001,ORCL,37.5\n"              // column_count
                  "1388673002,ORCL,37.6,2\n");
        p.close_writer();
        std::vector<MarketRecord> got;
        while (auto r = feed->next())
            got.push_back(*r);
        ASSERT_EQ(got.size(), 2u);
        EXPECT_EQ(got[1].line, 6u);
        const FeedStats& s = feed->stats();
        EXPECT_EQ(s.rows_read, 6u);
        EXPECT_EQ(s.skipped_total(), 4u);
        EXPECT_EQ(s.skipped_count(SkipReason::unknown_symbol), 1u);
        EXPECT_EQ(s.skipped_count(SkipReason::out_of_order), 1u);
        EXPECT_EQ(s.skipped_count(SkipReason::crossed_quote), 1u);
        EXPECT_EQ(s.skipped_count(SkipReason::column_count), 1u);
    }
    {
        Pipe p;
        auto feed = pipe_feed(p);
        write_all(p.write_fd, "timestamp,open,high,low,close,volume\n");
        EXPECT_EQ(
            test::error_of([&] { feed->next_for(1000ms); }).to_string(),
            "pipe:1: the live feed takes ticks: timestamp,symbol,price,size[,bid,ask], in any "
            "order");
    }
    EXPECT_EQ(test::error_of([] { LiveFeed::from_fd(-1, false, "x", {}, {}); }).to_string(),
              "x: the live feed needs its list of symbols");
    EXPECT_EQ(test::error_of([] {
                  LiveFeed::from_fd(-1, false, "x", {"A", "A"}, {});
              }).to_string(),
              "x: symbol 'A' is given twice");
}

// The optional header names the columns in any order (docs/data.md), like a tick file's; one
// that lacks a required column is an error naming its line.
TEST(LiveFeed, HeaderColumnsInAnyOrder) {
    const std::pair<const char*, bool> cases[] = {
        {"symbol,timestamp,price,size\n"
         "ORCL,1388673000,37.5,10\n"
         "NVDA,1388673001,16,10\n",
         false},
        {"Size , Price,Ticker,time\n"
         "10,37.5,ORCL,1388673000\n"
         "10,16,NVDA,1388673001\n",
         false},
        {"ask,bid,symbol,price,size,date\n"
         "37.6,37.4,ORCL,37.5,10,1388673000\n"
         "16.1,15.9,NVDA,16,10,1388673001\n",
         true},
    };
    for (const auto& [text, quoted] : cases) {
        Pipe p;
        auto feed = pipe_feed(p);
        write_all(p.write_fd, text);
        p.close_writer();
        auto got = test::read_all(*feed);
        ASSERT_EQ(got.size(), 2u) << text;
        EXPECT_EQ(got[0].symbol, 0u);
        EXPECT_EQ(got[0].price, fx("37.5"));
        EXPECT_EQ(got[0].size, fx(10));
        EXPECT_EQ(got[0].line, 2u);
        EXPECT_EQ(format_timestamp(got[0].ts), "2014-01-02T14:30:00Z");
        EXPECT_EQ(got[1].symbol, 1u);
        EXPECT_EQ(got[1].price, fx(16));
        EXPECT_EQ(got[1].ask, quoted ? std::optional(fx("16.1")) : std::nullopt);
    }
    const std::pair<const char*, const char*> bad[] = {
        {"symbol,timestamp,size\n",
         "pipe:1: missing column 'price'; a bar file has timestamp (or date), open, high, low, "
         "close, volume and optionally symbol and adj close; a tick file has timestamp, price, "
         "size and optionally symbol, bid and ask"},
        {"price,timestamp,size\n",
         "pipe:1: missing column 'symbol'; the live feed takes ticks: "
         "timestamp,symbol,price,size[,bid,ask], in any order"},
        {"sym,timestamp,price,size\n",
         "pipe:1: unknown column 'sym' (column 1); a bar file has timestamp (or date), open, "
         "high, low, close, volume and optionally symbol and adj close; a tick file has "
         "timestamp, price, size and optionally symbol, bid and ask"},
    };
    for (const auto& [header, message] : bad) {
        Pipe p;
        auto feed = pipe_feed(p);
        write_all(p.write_fd, header);
        p.close_writer();
        FeedError e = test::error_of([&] { feed->next(); });
        EXPECT_EQ(e.kind, FeedError::Kind::format);
        EXPECT_EQ(e.to_string(), message);
    }
}

// A stream's line is complete only with its '\n': a last line the input ended in the middle of
// (the publisher died mid-write) is a bad row at that line, never a tick. A file's last line
// needs no '\n' (the same bytes as a file give both ticks).
TEST(LiveFeed, ALineCutByTheEndOfTheInputIsABadRow) {
    const std::string text = "1388673000,ORCL,37.5,1\n1388673001,ORCL,37.52,1";
    for (const std::string& tail : {std::string(), std::string("\r")}) {
        Pipe p;
        auto feed = pipe_feed(p);
        write_all(p.write_fd, text + tail);
        p.close_writer();
        ASSERT_NE(feed->next(), nullptr);
        FeedError e = test::error_of([&] { feed->next(); });
        EXPECT_EQ(e.kind, FeedError::Kind::data);
        EXPECT_EQ(e.to_string(),
                  "pipe:2: cut line: the input ended before the line's '\\n', so the tick may be "
                  "incomplete");
    }
    {
        // Skipped and counted like any bad row.
        Pipe p;
        FeedOptions options;
        options.skip_bad_rows = true;
        auto feed = pipe_feed(p, options);
        write_all(p.write_fd, text);
        p.close_writer();
        EXPECT_EQ(test::read_all(*feed).size(), 1u);
        EXPECT_EQ(feed->stats().rows_read, 2u);
        EXPECT_EQ(feed->stats().skipped_count(SkipReason::cut_line), 1u);
        EXPECT_EQ(feed->stats().skipped_total(), 1u);
    }
    {
        // A cut line of blanks is a blank line; ignored as blank lines are.
        Pipe p;
        auto feed = pipe_feed(p);
        write_all(p.write_fd, "1388673000,ORCL,37.5,1\n  ");
        p.close_writer();
        EXPECT_EQ(test::read_all(*feed).size(), 1u);
    }
    const std::string file_text = "timestamp,symbol,price,size\n" + text;
    auto file = open_streams(
        {{"ticks.csv", std::nullopt,
          [&] { return std::make_unique<MemorySource>(file_text, SIZE_MAX, "ticks.csv"); }}},
        {});
    EXPECT_EQ(test::read_all(*file).size(), 2u);
}

int connect_to(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

TEST(LiveFeed, TcpConnectionOnLoopback) {
    auto feed = LiveFeed::listen_tcp(0, {"ORCL"}, {});
    const std::uint16_t port = feed->port();
    ASSERT_NE(port, 0);
    EXPECT_EQ(feed->file_name(0), "tcp:127.0.0.1:" + std::to_string(port));
    // No publisher yet: waiting times out instead of blocking.
    EXPECT_EQ(feed->next_for(20ms).status, LiveStatus::timed_out);
    std::thread publisher([port] {
        int fd = connect_to(port);
        ASSERT_GE(fd, 0);
        write_all(fd, "2014-01-02T14:30:00Z,ORCL,37.5,100\n");
        std::this_thread::sleep_for(50ms);
        write_all(fd, "2014-01-02T14:30:01Z,ORCL,37.6,100\n");
        ::close(fd);
    });
    LiveRead first = feed->next_for(5000ms);
    ASSERT_EQ(first.status, LiveStatus::record);
    EXPECT_EQ(first.record.price, fx("37.5"));
    // The second tick comes 50 ms later: a short wait times out first.
    LiveRead r = feed->next_for(1ms);
    int timeouts = 0;
    while (r.status == LiveStatus::timed_out) {
        ++timeouts;
        r = feed->next_for(1ms);
    }
    ASSERT_EQ(r.status, LiveStatus::record);
    EXPECT_GE(timeouts, 1);
    EXPECT_EQ(r.record.price, fx("37.6"));
    EXPECT_EQ(r.record.line, 2u);
    EXPECT_EQ(feed->next(), nullptr);  // the publisher closed the connection
    publisher.join();
    // One connection only: the listening socket is closed once a publisher is accepted.
    EXPECT_LT(connect_to(port), 0);
}

TEST(LiveFeed, BlockingNextAcceptsThenReads) {
    auto feed = LiveFeed::listen_tcp(0, {"ORCL", "NVDA"}, {});
    std::thread publisher([port = feed->port()] {
        std::this_thread::sleep_for(20ms);
        int fd = connect_to(port);
        ASSERT_GE(fd, 0);
        write_all(fd, "timestamp,symbol,price,size\r\n1388673000,NVDA,16,1\r\n");
        ::close(fd);
    });
    auto rec = feed->next();
    ASSERT_NE(rec, nullptr);
    EXPECT_EQ(rec->symbol, 1u);
    EXPECT_EQ(feed->next(), nullptr);
    publisher.join();
}

TEST(LiveFeed, PortInUseIsAnIoError) {
    auto first = LiveFeed::listen_tcp(0, {"ORCL"}, {});
    FeedError e = test::error_of([&] { LiveFeed::listen_tcp(first->port(), {"ORCL"}, {}); });
    EXPECT_EQ(e.kind, FeedError::Kind::io);
    EXPECT_EQ(e.to_string(), "tcp:127.0.0.1:" + std::to_string(first->port()) +
                                 ": cannot listen on 127.0.0.1:" + std::to_string(first->port()) +
                                 ": Address already in use");
}

}  // namespace
}  // namespace dsl::runner
