// The sixteen reference strategies of REFERENCE_STRATEGIES.md (tests/reference/NAME.strat,
// with their engine settings in NAME.json where they have any), each run on every file of
// data/: the fills and the final figures must match the golden files in
// tests/reference/expected/ exactly. The .csv and .txt layouts of one series hold the same
// bars, so each pair of golden files must also agree with each other.
//
// With DSL_UPDATE_GOLDEN=1 the golden files are rewritten (review the diff).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runner/session.h"
#include "tests/dispatch/run_support.h"
#include "tests/support/golden.h"

namespace dsl {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = DSL_SOURCE_DIR;

struct Case {
    std::string strategy;  // tests/reference/NAME.strat
    std::string data;      // data/FILE
};
// How gtest shows a case (in test listings, instead of its bytes).
void PrintTo(const Case& c, std::ostream* os) {
    *os << "tests/reference/" << c.strategy << ".strat on data/" << c.data;
}

std::vector<Case> cases() {
    std::vector<Case> out;
    for (const auto& s : test::files_in(kSource / "tests/reference", ".strat")) {
        for (const char* ext : {".csv", ".txt"}) {
            for (const auto& d : test::files_in(kSource / "data", ext))
                out.push_back({s.stem().string(), d.filename().string()});
        }
    }
    return out;
}

// The final figures of a run, one per line, for the golden file.
std::string figures(const std::string& summary_json) {
    auto j = nlohmann::json::parse(summary_json);
    std::string out;
    for (const char* key :
         {"final_cash", "final_equity", "net_profit", "realized_pnl", "unrealized_pnl",
          "commission", "trades", "fills", "ambiguous_bars", "completed"}) {
        out += std::string(key) + " " + j[key].dump() + "\n";
    }
    return out;
}

class Reference : public ::testing::TestWithParam<Case> {};

TEST_P(Reference, FillsAndFiguresMatch) {
    const Case& c = GetParam();
    fs::path strat = kSource / "tests/reference" / (c.strategy + ".strat");
    auto module = test::compile_or_die(test::read_text(strat));

    runner::SessionOptions o;
    o.data.push_back({(kSource / "data" / c.data).string(), std::nullopt});
    fs::path config = kSource / "tests/reference" / (c.strategy + ".json");
    if (fs::exists(config)) runner::apply_config_file(o.config, config.string());
    fs::path tmp =
        fs::temp_directory_path() / ("dsl-ref-" + c.strategy + "-" + c.data + ".fills.csv");
    o.fills_path = tmp.string();
    o.json = true;
    std::ostringstream out, err;
    int code = runner::run_session(module, o, out, err);
    ASSERT_EQ(code, 0) << err.str();
    std::string fills = test::read_text(tmp);
    fs::remove(tmp);
    std::string results = figures(out.str());

    fs::path expected = kSource / "tests/reference/expected" / c.strategy;
    std::string stem =
        fs::path(c.data).stem().string() + fs::path(c.data).extension().string().substr(1);
    fs::path fills_file = expected / (stem + ".fills.csv");
    fs::path figures_file = expected / (stem + ".figures");
    if (test::update_golden()) {
        fs::create_directories(expected);
        test::write_text(fills_file, fills);
        test::write_text(figures_file, results);
    }
    EXPECT_EQ(fills, test::read_text(fills_file)) << "fills differ from " << fills_file;
    EXPECT_EQ(results, test::read_text(figures_file)) << "figures differ from " << figures_file;
}

INSTANTIATE_TEST_SUITE_P(AllData, Reference, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) {
                             std::string name =
                                 param_info.param.strategy + "_" + param_info.param.data;
                             for (char& ch : name) {
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             }
                             return name;
                         });

// A Yahoo file and the plain file of the same series hold the same bars: same fills.
TEST(ReferenceData, BothLayoutsOfASeriesGiveTheSameFills) {
    for (const auto& s : test::files_in(kSource / "tests/reference/expected", "")) {
        if (!fs::is_directory(s)) continue;
        for (const auto& csv : test::files_in(s, ".csv")) {
            std::string name = csv.filename().string();
            if (name.find("csv.fills.csv") == std::string::npos) continue;
            fs::path txt = s / (name.substr(0, name.find("csv.fills.csv")) + "txt.fills.csv");
            EXPECT_EQ(test::read_text(csv), test::read_text(txt)) << csv << " vs " << txt;
        }
    }
}

}  // namespace
}  // namespace dsl
