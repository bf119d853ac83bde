// The live feed (see live_feed.h): stdin, a descriptor, or one accepted TCP connection, read
// through the same LineReader and RowParser as the tick CSV files.
#include "feed/live_feed.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "feed/csv_reader.h"
#include "feed/csv_rows.h"
#include "feed/feed_state.h"

namespace dsl::runner {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kLiveColumns =
    "the live feed takes ticks: timestamp,symbol,price,size[,bid,ask], in any order";

[[noreturn]] void io_error(const std::string& name, const std::string& what) {
    throw FeedError(name, 0, what + ": " + std::strerror(errno), FeedError::Kind::io);
}

// Listens on 127.0.0.1 only: a strategy's market data must not be injectable from the
// network. Accepts the first connection, then closes the listening socket so that a second
// publisher cannot interleave its lines with the first.
class TcpSource final : public ByteSource {
  public:
    explicit TcpSource(std::uint16_t port) {
        name_ = "tcp:127.0.0.1:" + std::to_string(port);
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (listen_fd_ < 0) io_error(name_, "cannot create a socket");
        int yes = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
            fail("cannot listen on " + name_.substr(4));
        }
        if (::listen(listen_fd_, 1) < 0) fail("cannot listen on " + name_.substr(4));
        socklen_t len = sizeof addr;
        if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) < 0) {
            fail("getsockname");
        }
        port_ = ntohs(addr.sin_port);
        name_ = "tcp:127.0.0.1:" + std::to_string(port_);
    }
    ~TcpSource() override {
        if (listen_fd_ >= 0) ::close(listen_fd_);
    }
    TcpSource(const TcpSource&) = delete;
    TcpSource& operator=(const TcpSource&) = delete;

    long read(char* out, std::size_t size, int timeout_ms) override {
        if (conn_) return conn_->read(out, size, timeout_ms);
        pollfd p{listen_fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, timeout_ms);
        if (ready == 0 || (ready < 0 && errno == EINTR)) return kNothingYet;
        if (ready < 0) io_error(name_, "poll failed");
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == ECONNABORTED) return kNothingYet;
            io_error(name_, "accept failed");
        }
        ::close(listen_fd_);
        listen_fd_ = -1;
        conn_ = std::make_unique<FdSource>(fd, true, name_);
        return kNothingYet;  // connected; the caller asks again for data
    }
    const std::string& name() const override { return name_; }
    std::uint16_t port() const { return port_; }

  private:
    [[noreturn]] void fail(const std::string& what) {
        int err = errno;
        ::close(listen_fd_);
        listen_fd_ = -1;
        errno = err;
        io_error(name_, what);
    }

    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::string name_;
    std::unique_ptr<FdSource> conn_;
};

}  // namespace

std::unique_ptr<LiveFeed> LiveFeed::from_stdin(std::vector<std::string> symbols,
                                               const FeedOptions& options) {
    return from_fd(STDIN_FILENO, false, "stdin", std::move(symbols), options);
}

std::unique_ptr<LiveFeed> LiveFeed::from_fd(int fd, bool owns, std::string name,
                                            std::vector<std::string> symbols,
                                            const FeedOptions& options) {
    auto source = std::make_unique<FdSource>(fd, owns, std::move(name));
    return std::unique_ptr<LiveFeed>(
        new LiveFeed(std::move(source), 0, std::move(symbols), options));
}

std::unique_ptr<LiveFeed> LiveFeed::from_source(std::unique_ptr<ByteSource> source,
                                                std::vector<std::string> symbols,
                                                const FeedOptions& options) {
    return std::unique_ptr<LiveFeed>(
        new LiveFeed(std::move(source), 0, std::move(symbols), options));
}

std::unique_ptr<LiveFeed> LiveFeed::listen_tcp(std::uint16_t port, std::vector<std::string> symbols,
                                               const FeedOptions& options) {
    auto source = std::make_unique<TcpSource>(port);
    const std::uint16_t bound = source->port();
    return std::unique_ptr<LiveFeed>(
        new LiveFeed(std::move(source), bound, std::move(symbols), options));
}

LiveFeed::LiveFeed(std::unique_ptr<ByteSource> source, std::uint16_t port,
                   std::vector<std::string> symbols, const FeedOptions& options)
    : options_(options),
      symbols_(std::make_unique<SymbolTable>()),
      source_(std::move(source)),
      parser_(std::make_unique<RowParser>(live_default_layout())),
      order_(std::make_unique<TimeOrder>()),
      port_(port) {
    const std::string& name = source_->name();
    if (symbols.empty()) {
        throw FeedError(name, 0, "the live feed needs its list of symbols",
                        FeedError::Kind::format);
    }
    for (const std::string& s : symbols) {
        if (std::string why = check_symbol_name(s); !why.empty()) {
            throw FeedError(name, 0, "bad symbol name: " + why, FeedError::Kind::format);
        }
        if (symbols_->find(s)) {
            throw FeedError(name, 0, "symbol '" + s + "' is given twice", FeedError::Kind::format);
        }
        symbols_->add(s);
    }
    reader_ = std::make_unique<LineReader>(*source_, options_.buffer_bytes);
}

LiveFeed::~LiveFeed() = default;

const std::vector<std::string>& LiveFeed::symbols() const {
    return symbols_->names();
}

const std::string& LiveFeed::file_name(std::uint32_t /*index*/) const {
    return source_->name();
}

const MarketRecord* LiveFeed::next() {
    for (;;) {
        LiveRead r = next_for(std::chrono::milliseconds(-1));
        if (r.status == LiveStatus::record) {
            record_ = r.record;
            return &record_;
        }
        if (r.status == LiveStatus::ended) return nullptr;
    }
}

LiveRead LiveFeed::next_for(std::chrono::milliseconds timeout) {
    LiveRead result;
    if (ended_) return result;
    const bool bounded = timeout.count() >= 0;
    const Clock::time_point deadline = bounded ? Clock::now() + timeout : Clock::time_point::max();
    const std::string& name = source_->name();
    for (;;) {
        auto wait = std::chrono::milliseconds(-1);
        if (bounded) {
            wait = std::max(std::chrono::milliseconds(0),
                            std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()));
        }
        std::string_view line;
        LineReader::Status status = reader_->next(line, wait);
        if (status == LineReader::Status::timeout) {
            result.status = LiveStatus::timed_out;
            return result;
        }
        if (status == LineReader::Status::end) {
            ended_ = true;
            return result;
        }
        if (is_blank(line)) continue;
        const std::uint64_t line_no = reader_->line_number();
        if (!reader_->line_ended()) {
            // The input ended in the middle of this line (the publisher died or closed the
            // connection mid-write): what arrived may be a prefix of a valid tick ("37.5" of
            // "37.52"), so nothing in it can be trusted. A file's last line needs no '\n'; a
            // stream's line is complete only with it.
            ++stats_.rows_read;
            RowError cut{SkipReason::cut_line,
                         "cut line: the input ended before the line's '\\n', so the tick may be "
                         "incomplete"};
            bad_row(options_, stats_, name, line_no, cut);
            continue;
        }
        if (!started_) {
            started_ = true;
            if (looks_like_header(line)) {
                Layout layout = parse_header(line, name, line_no);
                if (layout.kind != MarketRecord::Kind::tick) {
                    throw FeedError(name, line_no, std::string(kLiveColumns),
                                    FeedError::Kind::format);
                }
                if (!layout.has(Column::symbol)) {
                    throw FeedError(name, line_no,
                                    "missing column 'symbol'; " + std::string(kLiveColumns),
                                    FeedError::Kind::format);
                }
                parser_ = std::make_unique<RowParser>(std::move(layout));
                continue;
            }
        }
        ++stats_.rows_read;
        MarketRecord& rec = result.record;
        std::string_view symbol_text;
        RowError error;
        if (parser_->parse(line, rec, symbol_text, error)) {
            if (auto id = symbols_->find(symbol_text)) {
                rec.symbol = *id;
                if (order_->accept(rec.symbol, rec.ts, line_no, symbol_text, error, true)) {
                    rec.file = 0;
                    rec.line = line_no;
                    ++stats_.rows_used;
                    result.status = LiveStatus::record;
                    return result;
                }
            } else {
                error.reason = SkipReason::unknown_symbol;
                error.message = "unknown symbol '" + std::string(symbol_text) + "'";
            }
        }
        bad_row(options_, stats_, name, line_no, error);
    }
}

}  // namespace dsl::runner
