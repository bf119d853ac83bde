// The limits a whole run is held to, beyond what the VM meters itself: the market history a
// strategy keeps counts against its memory limit, before any of it is allocated.
#include <gtest/gtest.h>

#include "tests/dispatch/run_support.h"

namespace dsl::test {
namespace {

TEST(RunLimits, MarketHistoryCountsAgainstTheMemoryLimit) {
    vm::VerifiedModule module = compile_or_die(
        "on_bar(s: symbol) {\n"
        "    log(\"{}\", close(s)[100000])\n"
        "}\n");
    ASSERT_EQ(module.module().history_depth, 100001u);
    runner::RunnerSetup setup = setup_for({"A", "B"});
    setup.limits.memory = 8 << 20;  // the history of two symbols needs 12 MiB
    LogCapture logs;
    runner::StrategyRunner run(module, setup, logs);
    EXPECT_FALSE(run.start());
    EXPECT_FALSE(run.on_bar(bar(0, "10", "11", "9", "10")));
    ASSERT_EQ(logs.errors.size(), 1u);
    EXPECT_EQ(logs.errors[0],
              "runtime error: memory limit exceeded (8388608 bytes): the market history (100001 "
              "bars of 2 symbols) needs 12582912 bytes in <setup> at test.strat");
    EXPECT_TRUE(logs.lines.empty());

    // One symbol fits.
    setup = setup_for({"A"});
    setup.limits.memory = 8 << 20;
    LogCapture one;
    runner::StrategyRunner fits(module, setup, one);
    EXPECT_TRUE(fits.start());
    EXPECT_TRUE(fits.on_bar(bar(0, "10", "11", "9", "10")));
    EXPECT_EQ(one.lines, std::vector<std::string>{"on_bar: na"});
}

}  // namespace
}  // namespace dsl::test
