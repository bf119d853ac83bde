// A two-symbol rotation through the runner (tests/dispatch/rotation.strat): one handler closes
// the position and buys the other symbol with the whole account. The buy is accepted at
// submission (the sale's proceeds count), and the run's fills and final figures are the same
// whichever data file is given first, i.e. whichever symbol's bar of a day comes first.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "runner/session.h"
#include "tests/dispatch/run_support.h"
#include "tests/support/golden.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DSL_SOURCE_DIR;

struct RotationRun {
    std::string fills;
    nlohmann::json summary;
    std::vector<std::string> rejections;  // the strategy's log lines about rejected orders
};

RotationRun run_rotation(const std::vector<std::string>& files) {
    auto module = test::compile_or_die(test::read_text(kSource / "tests/dispatch/rotation.strat"));
    runner::SessionOptions o;
    for (const auto& f : files)
        o.data.push_back({(kSource / "data" / f).string(), std::nullopt});
    o.fills_path = (fs::temp_directory_path() / ("dsl-rotation-" + files[0] + ".csv")).string();
    std::ostringstream out, err;
    EXPECT_EQ(runner::run_session(module, o, out, err), 0) << err.str();
    RotationRun run;
    run.fills = test::read_text(o.fills_path);
    fs::remove(o.fills_path);
    std::istringstream lines(out.str());
    for (std::string line; std::getline(lines, line);) {
        if (line.find(" rejected ") != std::string::npos) run.rejections.push_back(line);
    }
    o.fills_path.clear();
    o.json = true;
    std::ostringstream json_out, json_err;
    EXPECT_EQ(runner::run_session(module, o, json_out, json_err), 0) << json_err.str();
    run.summary = nlohmann::json::parse(json_out.str());
    return run;
}

TEST(RotationStrategy, ClosingOneSymbolPaysForTheOtherInEitherFileOrder) {
    RotationRun orcl_first = run_rotation({"orcl-1995-2014.csv", "nvda-1999-2014.csv"});
    RotationRun nvda_first = run_rotation({"nvda-1999-2014.csv", "orcl-1995-2014.csv"});
    EXPECT_EQ(orcl_first.fills, nvda_first.fills);
    for (const char* key : {"final_cash", "final_equity", "net_profit", "realized_pnl",
                            "unrealized_pnl", "commission", "trades", "fills"}) {
        EXPECT_EQ(orcl_first.summary[key], nvda_first.summary[key]) << key;
    }
    EXPECT_EQ(orcl_first.rejections, nvda_first.rejections);
    // No rotation's buy is refused at submission; some are at the fill, when the buy's symbol
    // opens higher than the close it was sized at (the same ones in both orders).
    for (const std::string& line : orcl_first.rejections)
        EXPECT_NE(line.find("at the fill price"), std::string::npos) << line;
    // The rotations happen: days with both a sale and a buy.
    std::map<std::string, std::set<std::string>> sides_by_day;
    std::istringstream rows(orcl_first.fills);
    std::string row;
    std::getline(rows, row);  // header: time,fill_id,order_id,symbol,side,...
    while (std::getline(rows, row)) {
        std::vector<std::string> cells;
        std::istringstream cell_stream(row);
        for (std::string cell; std::getline(cell_stream, cell, ',');)
            cells.push_back(cell);
        sides_by_day[cells[0]].insert(cells[4]);
    }
    int rotation_days = 0;
    for (const auto& [day, sides] : sides_by_day)
        rotation_days += sides.size() == 2;
    EXPECT_GT(rotation_days, 300);
}

}  // namespace
}  // namespace dsl
