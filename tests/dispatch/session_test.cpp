// Whole sessions: identical runs give identical trace bytes, the live mode runs the same
// dispatcher over ticks arriving through a pipe, and bad data ends a run with its location.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "runner/session.h"
#include "tests/dispatch/run_support.h"
#include "tests/support/golden.h"
#include "trace/reader.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DSL_SOURCE_DIR;

runner::SessionOptions backtest(const std::string& example, std::vector<std::string> data) {
    runner::SessionOptions o;
    for (auto& d : data)
        o.data.push_back({(kSource / "data" / d).string(), std::nullopt});
    o.quiet = true;
    o.strategy_name = example;
    return o;
}

std::string run_trace(const vm::VerifiedModule& module, runner::SessionOptions o,
                      const std::string& name) {
    o.trace_path = (fs::temp_directory_path() / name).string();
    std::ostringstream out, err;
    EXPECT_EQ(runner::run_session(module, o, out, err), 0) << err.str();
    std::string bytes = test::read_text(o.trace_path);
    fs::remove(o.trace_path);
    return bytes;
}

TEST(Session, IdenticalRunsWriteIdenticalTraces) {
    auto module = test::compile_or_die(test::read_text(kSource / "examples/pair_trading.strat"));
    auto o = backtest("pair_trading", {"orcl-1995-2014.csv", "nvda-1999-2014.txt"});
    // Latency with jitter from a seeded generator, commissions and slippage: all deterministic.
    runner::apply_option(o.config, "latency", "5:3");
    runner::apply_option(o.config, "seed", "42");
    runner::apply_option(o.config, "commission", "percent:0.1");
    runner::apply_option(o.config, "slippage", "ticks:3");
    std::string first = run_trace(module, o, "dsl-session-a.jsonl");
    std::string second = run_trace(module, o, "dsl-session-b.jsonl");
    ASSERT_GT(first.size(), 1000u);
    EXPECT_TRUE(first == second) << "two identical runs wrote different traces";
    // A different seed moves the jitter, and the trace shows it.
    runner::apply_option(o.config, "seed", "43");
    EXPECT_NE(run_trace(module, o, "dsl-session-c.jsonl"), first);

    trace::Reader reader("pair.jsonl");
    reader.feed(first);
    reader.finish();
    EXPECT_EQ(reader.status(), trace::ReadStatus::complete)
        << (reader.errors().empty() ? "" : reader.errors().front().text);
}

TEST(Session, LiveTicksFromAPipe) {
    auto module = test::compile_or_die(R"(
on_tick(s: symbol) {
    if bar_index(s) == 1 {
        buy(s, 10, tag: "live")
    }
}
on_order_fill(o: order) {
    log("filled {} @ {}", o.last_fill_qty, o.last_fill_price)
}
)");
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::thread writer([fd = fds[1]] {
        const char* lines[] = {"timestamp,symbol,price,size,bid,ask\n",
                               "2024-03-01T14:30:00Z,ABC,100.5,10,100.4,100.6\n",
                               "2024-03-01T14:30:01Z,ABC,100.7,5,100.6,100.8\n",
                               "2024-03-01T14:30:02Z,ABC,100.9,7,100.8,101\n"};
        for (const char* line : lines) {
            ASSERT_EQ(write(fd, line, strlen(line)), ssize_t(strlen(line)));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        close(fd);
    });
    runner::SessionOptions o;
    o.live = true;
    o.live_symbols = {"ABC"};
    o.live_fd = fds[0];
    o.trace_path = (fs::temp_directory_path() / "dsl-live.jsonl").string();
    std::ostringstream out, err;
    int code = runner::run_session(module, o, out, err);
    writer.join();
    close(fds[0]);
    ASSERT_EQ(code, 0) << err.str();
    // Placed on the second tick, the buy fills at the third tick's ask.
    EXPECT_NE(out.str().find("2024-03-01T14:30:02Z  filled 10 @ 101"), std::string::npos)
        << out.str();
    trace::Reader reader("live.jsonl");
    reader.feed(test::read_text(o.trace_path));
    reader.finish();
    fs::remove(o.trace_path);
    EXPECT_EQ(reader.status(), trace::ReadStatus::complete);
}

// The number of `needle` in the file at `path` (0 while it does not exist).
size_t count_in_file(const fs::path& path, const std::string& needle) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return 0;
    std::string text = test::read_text(path);
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

// SIGINT and SIGTERM stop a run between two market events: on_stop runs, the trace ends with
// status interrupted, the summary says so (JSON: completed false), stderr names where it
// stopped, the exit code is 128 + the signal (as a shell reports it) and the signal's action is
// put back. A live run over a pipe that stays open cannot end by itself: the signal ends it.
TEST(Session, ASignalStopsTheRunCleanly) {
    auto module = test::compile_or_die(
        "on_tick(s: symbol) {\n log(\"tick {}\", close(s))\n}\n"
        "on_stop() {\n log(\"on_stop ran\")\n}\n");
    for (int signal : {SIGINT, SIGTERM}) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        const std::string ticks =
            "timestamp,symbol,price,size\n"
            "2024-03-01T14:30:00Z,ABC,10,1\n"
            "2024-03-01T14:30:01Z,ABC,11,1\n";
        ASSERT_EQ(write(fds[1], ticks.data(), ticks.size()), ssize_t(ticks.size()));
        runner::SessionOptions o;
        o.live = true;
        o.live_symbols = {"ABC"};
        o.live_fd = fds[0];
        o.json = true;
        o.trace_path = (fs::temp_directory_path() / "dsl-signal.jsonl").string();
        fs::remove(o.trace_path);
        // The signal once both ticks are in the trace (flushed after every live event), so that
        // the session's handler is in place; the pipe stays open until then.
        std::thread sender([&, signal] {
            for (int i = 0; i < 1000 && count_in_file(o.trace_path, "{\"t\":\"tick\"") < 2; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (count_in_file(o.trace_path, "{\"t\":\"tick\"") == 2)
                kill(getpid(), signal);
            else
                ADD_FAILURE() << "the ticks never reached the trace";
        });
        std::ostringstream out, err;
        int code = runner::run_session(module, o, out, err);
        sender.join();
        close(fds[1]);
        close(fds[0]);
        const std::string name = signal == SIGINT ? "SIGINT" : "SIGTERM";
        const std::string where = name + " after market event 2 (2024-03-01T14:30:01Z)";
        EXPECT_EQ(code, 128 + signal) << err.str();
        EXPECT_EQ(err.str(), "dslvm: interrupted: " + where + "\n");
        auto j = nlohmann::json::parse(out.str());
        EXPECT_EQ(j["completed"], false);
        EXPECT_EQ(j["status"], "interrupted");
        EXPECT_EQ(j["error"], where);
        EXPECT_EQ(j["market_events"], 2);
        std::string text = test::read_text(o.trace_path);
        fs::remove(o.trace_path);
        EXPECT_NE(text.find("\"handler\":\"on_stop\",\"text\":\"on_stop ran\""), std::string::npos)
            << text;
        trace::Reader reader("signal.jsonl");
        reader.feed(text);
        reader.finish();
        EXPECT_EQ(reader.status(), trace::ReadStatus::complete);
        EXPECT_NE(
            text.find("{\"t\":\"end\",\"status\":\"interrupted\",\"message\":\"" + where + "\""),
            std::string::npos)
            << text;
        struct sigaction now {};
        sigaction(signal, nullptr, &now);
        EXPECT_EQ(now.sa_handler, SIG_DFL);
    }
}

// Standard output whose reader has exited, as the kernel presents it: a write raises SIGPIPE and
// fails.
class ClosedPipe final : public std::streambuf {
  protected:
    int_type overflow(int_type) override {
        raise(SIGPIPE);
        return traits_type::eof();
    }
};

// A closed standard output stops the run at the next market event, with every other output
// complete (the trace says why), exit code 141; when it is found closed only by the summary,
// the run completed, and the exit code still says that the summary was lost.
TEST(Session, AClosedStandardOutputStopsTheRun) {
    auto module = test::compile_or_die("on_bar(s: symbol) {\n log(\"bar\")\n}\n");
    auto o = backtest("log", {"yhoo-2014.csv"});
    o.quiet = false;
    o.trace_path = (fs::temp_directory_path() / "dsl-closed-stdout.jsonl").string();
    ClosedPipe pipe;
    std::ostream out(&pipe);
    std::ostringstream err;
    EXPECT_EQ(runner::run_session(module, o, out, err), 128 + SIGPIPE);
    const std::string where =
        "SIGPIPE after market event 1 (2014-01-02): the reader of an output pipe (standard "
        "output) has exited";
    EXPECT_EQ(err.str(), "dslvm: interrupted: " + where + "\n");
    std::string text = test::read_text(o.trace_path);
    EXPECT_NE(text.find("{\"t\":\"end\",\"status\":\"interrupted\",\"message\":\"" + where),
              std::string::npos)
        << text;

    o.json = true;  // nothing on stdout before the summary
    out.clear();
    std::ostringstream err2;
    EXPECT_EQ(runner::run_session(module, o, out, err2), 128 + SIGPIPE);
    EXPECT_EQ(err2.str(),
              "dslvm: cannot write to standard output (its reader has exited): the summary is "
              "incomplete\n");
    text = test::read_text(o.trace_path);
    fs::remove(o.trace_path);
    EXPECT_NE(text.find("{\"t\":\"end\",\"status\":\"completed\""), std::string::npos) << text;
}

// The same summary without a signal: completed, with its status.
TEST(Session, ACompletedRunSaysSo) {
    auto module = test::compile_or_die("on_bar(s: symbol) {\n}\n");
    auto o = backtest("empty", {"yhoo-2014.csv"});
    o.json = true;
    std::ostringstream out, err;
    EXPECT_EQ(runner::run_session(module, o, out, err), 0) << err.str();
    auto j = nlohmann::json::parse(out.str());
    EXPECT_EQ(j["completed"], true);
    EXPECT_EQ(j["status"], "completed");
    EXPECT_FALSE(j.contains("error"));
    o.json = false;
    std::ostringstream text;
    EXPECT_EQ(runner::run_session(module, o, text, err), 0) << err.str();
    EXPECT_NE(text.str().find("\nstatus          completed\n"), std::string::npos) << text.str();
}

// An output that cannot be written makes a completed run fail with exit code 3 and a message
// (standard output here: a stream whose writes fail, as on a full disk).
TEST(Session, AnOutputThatCannotBeWrittenFailsTheRun) {
    auto module = test::compile_or_die("on_bar(s: symbol) {\n log(\"bar\")\n}\n");
    auto o = backtest("log", {"yhoo-2014.csv"});
    o.quiet = false;
    std::ostringstream err;
    std::ostream broken(nullptr);  // no buffer: every write fails
    EXPECT_EQ(runner::run_session(module, o, broken, err), kExitFile);
    EXPECT_EQ(err.str(),
              "dslvm: cannot write to standard output (a write failed): the summary is "
              "incomplete\n");
    std::ostringstream out, err2;
    o.fills_path = "/nonexistent/dir/fills.csv";
    EXPECT_EQ(runner::run_session(module, o, out, err2), kExitFile);
    EXPECT_NE(err2.str().find("dslvm: cannot write /nonexistent/dir/fills.csv: "),
              std::string::npos)
        << err2.str();
}

// Without market data the strategy's on_start and on_stop run with every builtin bound, over an
// engine without instruments: symbol() names a symbol that has no data, an order for it is
// rejected as for any symbol without data, and its position is flat. The trace is complete.
TEST(Session, ARunWithoutDataRunsOnStartAndOnStop) {
    auto module = test::compile_or_die(R"(
on_start() {
    log("on_start: {} symbols", len(symbols()))
    buy(symbol("X"), 1)
}
on_order_update(o: order) {
    log("order {} of {}: {}", o.id, symbol_name(o.symbol), o.reject_reason)
}
on_stop() {
    log("on_stop: position {}", position(symbol("X")).qty)
}
)");
    runner::SessionOptions o;
    o.trace_path = (fs::temp_directory_path() / "dsl-no-data.jsonl").string();
    o.stats = true;
    std::ostringstream out, err;
    ASSERT_EQ(runner::run_session(module, o, out, err), 0) << err.str();
    EXPECT_EQ(out.str().substr(0, out.str().find("\n\n")),
              "-  on_start: 0 symbols\n"
              "-  order 1 of X: the symbol is not registered\n"
              "-  on_stop: position 0");
    EXPECT_NE(out.str().find("\nstatus          completed\n"), std::string::npos) << out.str();
    EXPECT_EQ(err.str().rfind("dslvm: gas used ", 0), 0u) << err.str();
    trace::Reader reader("no-data.jsonl");
    reader.feed(test::read_text(o.trace_path));
    reader.finish();
    fs::remove(o.trace_path);
    EXPECT_EQ(reader.status(), trace::ReadStatus::complete)
        << (reader.errors().empty() ? "" : reader.errors().front().text);
}

TEST(Session, BadDataEndsTheRunWithItsLocation) {
    fs::path bad = fs::temp_directory_path() / "dsl-bad.csv";
    test::write_text(bad,
                     "timestamp,open,high,low,close,volume\n2020-01-01,1,2,0.5,1.5,100\n2020-01-02,"
                     "1,0.5,2,1,100\n");
    auto module = test::compile_or_die("on_bar(s: symbol) {\n log(\"{}\", close(s))\n}\n");
    runner::SessionOptions o;
    o.data.push_back({bad.string(), "BAD"});
    std::ostringstream out, err;
    EXPECT_EQ(runner::run_session(module, o, out, err), kExitFile);
    EXPECT_NE(err.str().find("dsl-bad.csv:3: high 0.5 is below low 2"), std::string::npos)
        << err.str();
    // The first bar ran.
    EXPECT_NE(out.str().find("2020-01-01  1.5"), std::string::npos) << out.str();
    // With --skip-bad-rows the bad row is skipped and counted.
    o.skip_bad_rows = true;
    std::ostringstream out2, err2;
    EXPECT_EQ(runner::run_session(module, o, out2, err2), 0);
    EXPECT_NE(err2.str().find("skipped 1 bad data rows"), std::string::npos) << err2.str();
    fs::remove(bad);
}

// The summary's closing figures are the portfolio where the run ended, also when a runtime
// error or a bad row ends it early (no on_stop, no step 5 after it): long 10 bought at 10 and
// marked at the last close, not the starting cash.
TEST(Session, ARunEndedEarlyReportsThePortfolioWhereItStood) {
    auto module = test::compile_or_die(
        "on_bar(s: symbol) {\n"
        "    if bar_index(s) == 0 { buy(s, 10) }\n"
        "    if bar_index(s) == 3 { log(\"{}\", [1][bar_index(s)]) }\n"  // out of bounds
        "}\n");
    const std::string header = "timestamp,open,high,low,close,volume\n";
    const std::string good =
        "2020-01-01,10,10,10,10,100\n"  // buy, filled at the next open
        "2020-01-02,10,11,10,11,100\n"
        "2020-01-03,11,12,11,12,100\n";
    const struct {
        std::string rows;
        int exit_code;
        const char* equity;
        const char* unrealized;
    } cases[] = {
        // The fourth bar is marked at 13, then its handler fails.
        {good + "2020-01-04,12,13,12,13,100\n2020-01-05,13,14,13,14,100\n", kExitRuntimeError,
         "100030", "30"},
        // The fourth row is bad (high below low): the portfolio stays at the third close.
        {good + "2020-01-04,12,11,13,12,100\n", kExitFile, "100020", "20"},
    };
    fs::path data = fs::temp_directory_path() / "dsl-ended-early.csv";
    for (const auto& c : cases) {
        test::write_text(data, header + c.rows);
        runner::SessionOptions o;
        o.data.push_back({data.string(), "X"});
        o.json = true;
        std::ostringstream out, err;
        EXPECT_EQ(runner::run_session(module, o, out, err), c.exit_code) << err.str();
        auto j = nlohmann::json::parse(out.str());
        EXPECT_EQ(j["final_equity"].get<std::string>(), c.equity) << out.str();
        EXPECT_EQ(j["unrealized_pnl"].get<std::string>(), c.unrealized) << out.str();
    }
    fs::remove(data);
}

}  // namespace
}  // namespace dsl
