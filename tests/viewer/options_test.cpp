// dslview's command line: defaults, every option, and usage errors (exit code 2).
#include <gtest/gtest.h>

#include <vector>

#include "viewer/options.h"
#include "viewer/time_text.h"

namespace dsl::viewer {
namespace {

int parse(std::vector<const char*> args, ViewerOptions& o) {
    args.insert(args.begin(), "dslview");
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    int code = parse_options(static_cast<int>(args.size()), args.data(), o);
    testing::internal::GetCapturedStdout();
    testing::internal::GetCapturedStderr();
    return code;
}

TEST(Options, Defaults) {
    ViewerOptions o;
    EXPECT_EQ(parse({"run.jsonl"}, o), -1);
    EXPECT_EQ(o.trace_path, "run.jsonl");
    EXPECT_EQ(o.width, 1280);
    EXPECT_EQ(o.height, 800);
    EXPECT_FALSE(o.follow);
    EXPECT_FALSE(o.at.has_value());
    EXPECT_TRUE(o.screenshot_path.empty());
    EXPECT_EQ(o.panel, PanelTab::orders);
}

TEST(Options, Everything) {
    ViewerOptions o;
    EXPECT_EQ(parse({"run.jsonl", "--bytecode", "s.dslbc", "--source", "s.strat", "--follow",
                     "--symbol", "NVDA", "--screenshot", "out.png", "--at", "2003-05-01", "--size",
                     "1600x900", "--bars", "150", "--panel", "logs"},
                    o),
              -1);
    EXPECT_EQ(o.bytecode_path, "s.dslbc");
    EXPECT_EQ(o.source_path, "s.strat");
    EXPECT_TRUE(o.follow);
    EXPECT_EQ(o.symbol, "NVDA");
    EXPECT_EQ(o.screenshot_path, "out.png");
    EXPECT_EQ(o.at, parse_time("2003-05-01"));
    EXPECT_EQ(o.width, 1600);
    EXPECT_EQ(o.height, 900);
    EXPECT_EQ(o.bars, 150u);
    EXPECT_EQ(o.panel, PanelTab::logs);
}

TEST(Options, UsageErrors) {
    for (std::vector<const char*> bad : std::vector<std::vector<const char*>>{
             {},
             {"run.jsonl", "--size", "big"},
             {"run.jsonl", "--size", "100x100"},
             {"run.jsonl", "--size", "1280x"},
             {"run.jsonl", "--at", "tomorrow"},
             {"run.jsonl", "--panel", "nope"},
             {"run.jsonl", "--bars", "-3"},
             {"run.jsonl", "--no-such-option"},
         }) {
        ViewerOptions o;
        EXPECT_EQ(parse(bad, o), kExitUsage) << (bad.size() > 1 ? bad[1] : "(none)");
    }
    ViewerOptions o;
    EXPECT_EQ(parse({"--help"}, o), kExitOk);
}

}  // namespace
}  // namespace dsl::viewer
