// Opening traces that are missing, empty, truncated, corrupt or not traces at all gives a clear
// message and keeps everything before the problem; following a trace that another writer
// appends to (in pieces that split lines anywhere) shows exactly the complete lines so far, with
// the replay staying live at the end.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/viewer/recorded.h"
#include "trace/reader.h"
#include "viewer/document.h"
#include "viewer/view_model.h"

namespace dsl::viewer::test {
namespace {

std::string full_trace() {
    return slurp(recorded("oco_straddle").trace);
}

std::string write_temp(const std::string& name, const std::string& text) {
    std::string path = (temp_dir() / name).string();
    spit(path, text);
    return path;
}

// The number of complete lines in `text` (the records a reader can have read).
std::size_t complete_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(TraceDocument, ACompleteTraceHasNoProblem) {
    TraceDocument d(recorded("oco_straddle").trace, false);
    EXPECT_TRUE(d.complete());
    EXPECT_FALSE(d.following());
    EXPECT_EQ(d.problem(), "");
    EXPECT_FALSE(d.read_failed());
    EXPECT_NE(d.status_text().find("complete: completed"), std::string::npos) << d.status_text();
}

TEST(TraceDocument, AMissingFileSaysSo) {
    TraceDocument d((temp_dir() / "no-such.jsonl").string(), false);
    EXPECT_TRUE(d.read_failed());
    EXPECT_NE(d.problem().find("no-such.jsonl"), std::string::npos) << d.problem();
    EXPECT_NE(d.problem().find("cannot open"), std::string::npos) << d.problem();
    EXPECT_TRUE(d.trace().market_events.empty());
}

TEST(TraceDocument, AnEmptyFileSaysSo) {
    TraceDocument d(write_temp("empty.jsonl", ""), false);
    EXPECT_TRUE(d.read_failed());
    EXPECT_NE(d.problem().find("empty"), std::string::npos) << d.problem();
}

TEST(TraceDocument, ATruncatedTailShowsEverythingBeforeIt) {
    std::string text = full_trace();
    std::string cut = text.substr(0, text.size() * 2 / 3);
    ASSERT_NE(cut.back(), '\n');
    TraceDocument d(write_temp("truncated.jsonl", cut), false);
    EXPECT_TRUE(d.read_failed());
    EXPECT_EQ(d.reader().status(), trace::ReadStatus::truncated);
    EXPECT_NE(d.problem().find("truncated"), std::string::npos) << d.problem();
    EXPECT_NE(d.problem().find("everything before it"), std::string::npos);
    EXPECT_EQ(d.trace().records, complete_lines(cut));
    EXPECT_GT(d.trace().market_events.size(), 100u);
    EXPECT_FALSE(d.complete());
}

TEST(TraceDocument, ACorruptLineStopsThereWithItsLineNumber) {
    std::string text = full_trace();
    // Replace line 200 by garbage.
    std::size_t at = 0;
    for (int i = 1; i < 200; ++i)
        at = text.find('\n', at) + 1;
    std::size_t end = text.find('\n', at);
    text.replace(at, end - at, "{\"t\":\"bar\",\"seq\":\"oops\"");
    TraceDocument d(write_temp("corrupt.jsonl", text), false);
    EXPECT_TRUE(d.read_failed());
    EXPECT_EQ(d.reader().status(), trace::ReadStatus::failed);
    EXPECT_NE(d.problem().find("corrupt.jsonl:200:"), std::string::npos) << d.problem();
    EXPECT_NE(d.problem().find("everything before that line is shown"), std::string::npos);
    EXPECT_EQ(d.trace().records, 199u);
}

TEST(TraceDocument, NotATraceAtAll) {
    for (const std::string& text :
         {std::string("timestamp,open,high,low,close,volume\n2014-01-02,1,2,0.5,1.5,100\n"),
          std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), std::string(5000, '{')}) {
        TraceDocument d(write_temp("not-a-trace.jsonl", text), false);
        EXPECT_TRUE(d.read_failed());
        EXPECT_FALSE(d.problem().empty());
        EXPECT_TRUE(d.trace().market_events.empty());
    }
}

TEST(TraceDocument, AnInterruptedRunIsShownWithANote) {
    std::string text = full_trace();
    text.erase(text.rfind("{\"t\":\"end\""));  // whole lines, no end record
    TraceDocument d(write_temp("interrupted.jsonl", text), false);
    EXPECT_FALSE(d.read_failed());
    EXPECT_NE(d.problem().find("no end record"), std::string::npos) << d.problem();
    EXPECT_EQ(d.trace().records, complete_lines(text));
}

// A writer appends the trace in uneven pieces while the view model polls, as dslview does each
// frame; after every poll the model holds exactly the complete lines written so far.
TEST(Follow, ModelTracksAGrowingTrace) {
    std::string text = full_trace();
    std::string path = (temp_dir() / "growing.jsonl").string();
    std::filesystem::remove(path);
    ViewerOptions options;
    options.trace_path = path;
    options.follow = true;
    ViewModel vm(options);
    EXPECT_TRUE(vm.document().following());
    EXPECT_NE(vm.document().problem().find("waiting"), std::string::npos);

    std::ofstream out(path, std::ios::binary);
    std::size_t written = 0, step = 1;
    std::size_t polls = 0, last_events = 0;
    while (written < text.size()) {
        std::size_t n = std::min(step, text.size() - written);
        out.write(text.data() + written, static_cast<std::streamsize>(n));
        out.flush();
        written += n;
        step = step * 3 % 1999 + 1;  // uneven pieces, splitting lines anywhere
        vm.update(1.0 / 60);
        ++polls;
        std::string so_far = text.substr(0, written);
        ASSERT_EQ(vm.trace().records, complete_lines(so_far)) << "after " << written << " bytes";
        // Live: the replay shows the newest event.
        EXPECT_TRUE(vm.replay().at_end());
        EXPECT_EQ(vm.replay().count(), vm.trace().market_events.size());
        EXPECT_GE(vm.trace().market_events.size(), last_events);
        // The view model's order index, kept in step, agrees with a fresh one.
        StateAt kept = vm.state(), fresh = state_at(vm.trace(), vm.seq());
        ASSERT_EQ(kept.working.size(), fresh.working.size());
        for (std::size_t i = 0; i < kept.working.size(); ++i)
            EXPECT_EQ(kept.working[i].order, fresh.working[i].order);
        EXPECT_EQ(kept.submitted, fresh.submitted);
        last_events = vm.trace().market_events.size();
        if (written < text.size()) {
            EXPECT_TRUE(vm.document().following());
        }
    }
    EXPECT_GT(polls, 50u);
    EXPECT_TRUE(vm.document().complete());
    EXPECT_FALSE(vm.document().following());  // stops at the end record
    EXPECT_EQ(vm.document().problem(), "");
    // The series grew with it and equals a fresh read.
    TraceDocument fresh(path, false);
    EXPECT_EQ(vm.series().size(), fresh.trace().symbols[0].bars.size());
    EXPECT_EQ(vm.series().equity().size(), vm.series().size());
    EXPECT_EQ(vm.trace(), fresh.trace());
}

// Looking back while the trace grows keeps the replay where the user put it.
TEST(Follow, LookingBackStaysPut) {
    std::string text = full_trace();
    std::string path = (temp_dir() / "growing2.jsonl").string();
    std::size_t half = text.find('\n', text.size() / 2) + 1;
    spit(path, text.substr(0, half));
    ViewerOptions options;
    options.trace_path = path;
    options.follow = true;
    ViewModel vm(options);
    std::size_t events = vm.trace().market_events.size();
    ASSERT_GT(events, 10u);
    vm.replay().seek(5);
    std::ofstream(path, std::ios::binary | std::ios::app) << text.substr(half);
    vm.update(0);
    EXPECT_GT(vm.trace().market_events.size(), events);
    EXPECT_EQ(vm.replay().position(), 5u);
    EXPECT_TRUE(vm.document().complete());
}

// A live trace without its end record is followed without being asked.
TEST(Follow, AnUnfinishedLiveTraceIsFollowed) {
    std::string text = full_trace();
    std::size_t header_end = text.find('\n');
    std::string header = text.substr(0, header_end);
    header.replace(header.find("\"mode\":\"backtest\""), 17, "\"mode\":\"live\"");
    std::string body = text.substr(header_end, text.find('\n', text.size() / 3) - header_end + 1);
    TraceDocument d(write_temp("live.jsonl", header + body), false);
    EXPECT_TRUE(d.following());
    EXPECT_EQ(d.problem(), "");
    d.stop_following();
    EXPECT_NE(d.problem().find("no end record"), std::string::npos);
}

}  // namespace
}  // namespace dsl::viewer::test
