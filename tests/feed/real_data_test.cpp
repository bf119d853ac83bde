// The bundled real data (data/*.csv plain layout, data/*.txt Yahoo layout): every file reads
// with the bar counts of data/README.md, exact first and last bars, both layouts give identical
// bars, the three symbols merge in time order, and giving one series twice is refused.
#include <gtest/gtest.h>

#include <map>

#include "feed/feed.h"
#include "feed/timestamp_parse.h"
#include "feed_test_util.h"

namespace dsl::runner {
namespace {

using engine::fx;

std::string data(const std::string& name) {
    return std::string(DSL_FEED_TEST_DATA_DIR) + "/" + name;
}

struct Expected {
    std::string file;
    std::string symbol;
    std::size_t bars;
    std::string first;  // date,open,high,low,close,volume
    std::string last;
};

const Expected kFiles[] = {
    {"orcl-1995-2014", "ORCL", 5036, "1995-01-03,2.179012,2.191358,2.117284,2.117284,36301200",
     "2014-12-31,45.450001,45.560001,44.970001,44.970001,13269200"},
    {"nvda-1999-2014", "NVDA", 4012, "1999-01-22,1.75,1.953125,1.552083,1.640625,67867200",
     "2014-12-31,20.4,20.51,19.99,20.049999,4157500"},
    {"yhoo-2014", "YHOO", 252, "2014-01-02,40.369999,40.490002,39.310001,39.59,21504200",
     "2014-12-31,51.540001,51.68,50.459999,50.509998,9305000"},
};

std::string show(const MarketRecord& r) {
    return format_timestamp(r.ts) + "," + r.open.to_string() + "," + r.high.to_string() + "," +
           r.low.to_string() + "," + r.close.to_string() + "," + r.volume.to_string();
}

TEST(RealData, EveryFileInBothLayouts) {
    for (const Expected& e : kFiles) {
        std::vector<MarketRecord> layouts[2];
        for (int i = 0; i < 2; ++i) {
            const std::string path = data(e.file + (i == 0 ? ".csv" : ".txt"));
            auto feed = open_files({{path, std::nullopt}}, {});
            EXPECT_EQ(feed->symbols(), std::vector<std::string>{e.symbol}) << path;
            layouts[i] = test::read_all(*feed);
            const auto& recs = layouts[i];
            ASSERT_EQ(recs.size(), e.bars) << path;
            EXPECT_EQ(show(recs.front()), e.first) << path;
            EXPECT_EQ(show(recs.back()), e.last) << path;
            EXPECT_EQ(recs.front().line, 2u);
            EXPECT_EQ(recs.back().line, e.bars + 1);
            EXPECT_EQ(feed->stats().rows_read, e.bars);
            EXPECT_EQ(feed->stats().rows_used, e.bars);
            for (std::size_t k = 1; k < recs.size(); ++k)
                ASSERT_LT(recs[k - 1].ts, recs[k].ts);
        }
        for (std::size_t k = 0; k < e.bars; ++k) {
            ASSERT_EQ(show(layouts[0][k]), show(layouts[1][k])) << e.file << " bar " << k;
        }
    }
}

TEST(RealData, ThreeSymbolsMergeInTimeOrder) {
    auto feed = open_files({{data("orcl-1995-2014.csv"), std::nullopt},
                            {data("nvda-1999-2014.txt"), std::nullopt},
                            {data("yhoo-2014.csv"), std::nullopt}},
                           {});
    EXPECT_EQ(feed->symbols(), (std::vector<std::string>{"ORCL", "NVDA", "YHOO"}));
    std::map<std::uint32_t, std::size_t> per_symbol;
    engine::Timestamp last = engine::kNoTime;
    std::uint32_t last_file = 0;
    std::size_t n = 0;
    while (auto r = feed->next()) {
        ASSERT_GE(r->ts, last);
        if (r->ts == last) {
            ASSERT_GT(r->file, last_file);  // ties in file order
        }
        last = r->ts;
        last_file = r->file;
        ++per_symbol[r->symbol];
        ++n;
    }
    EXPECT_EQ(n, 5036u + 4012u + 252u);
    EXPECT_EQ(per_symbol[0], 5036u);
    EXPECT_EQ(per_symbol[1], 4012u);
    EXPECT_EQ(per_symbol[2], 252u);
}

TEST(RealData, TheSameSeriesTwiceIsADuplicate) {
    FeedError e = test::feed_error(
        {{data("yhoo-2014.csv"), std::nullopt}, {data("yhoo-2014.txt"), std::nullopt}});
    EXPECT_EQ(e.to_string(), data("yhoo-2014.txt") +
                                 ":2: duplicate timestamp 2014-01-02 for YHOO (" +
                                 data("yhoo-2014.csv") + ":2 has the same)");
}

}  // namespace
}  // namespace dsl::runner
