// Test support shared by the VM, stdlib and golden run tests: daily bars read from the CSV
// files in data/ (timestamp,open,high,low,close,volume with ISO dates) and a MarketContext
// over them that the test steps one event at a time.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stdlib/market.h"

namespace dsl::stdlib {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
inline int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// Bars of a CSV file; empty when the file cannot be read.
inline std::vector<Bar> load_csv(const std::string& path) {
    std::ifstream in(path);
    std::vector<Bar> bars;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string date, field;
        std::getline(ss, date, ',');
        Bar b;
        b.time_ms = days_from_civil(std::stoll(date.substr(0, 4)), std::stoll(date.substr(5, 2)),
                                    std::stoll(date.substr(8, 2))) *
                    86'400'000;
        double* fields[] = {&b.open, &b.high, &b.low, &b.close, &b.volume};
        for (double* f : fields) {
            std::getline(ss, field, ',');
            *f = std::stod(field);
        }
        bars.push_back(b);
    }
    return bars;
}

// A market over bars of several symbols, stepped one event at a time.
class TestMarket : public MarketContext {
  public:
    std::vector<std::vector<Bar>> bars;  // by symbol id

    int64_t add(std::string name, std::vector<Bar> b) {
        int64_t id = intern_symbol(name);
        if (size_t(id) >= bars.size()) bars.resize(size_t(id) + 1);
        bars[size_t(id)] = std::move(b);
        return id;
    }
    void step(int64_t symbol) { begin_event(symbol, at(symbol, int64_t(event_count(symbol)))); }
    void clear_current() { clear_current_symbol(); }
    double tick_size(int64_t) const override { return 0.01; }

  protected:
    const Bar* past_bar(int64_t s, int64_t ago) const override {
        return at(s, int64_t(event_count(s)) - 1 - ago);
    }

  private:
    // Bar number `index` of symbol s, or null.
    const Bar* at(int64_t s, int64_t index) const {
        if (index < 0 || s < 0 || size_t(s) >= bars.size() ||
            size_t(index) >= bars[size_t(s)].size())
            return nullptr;
        return &bars[size_t(s)][size_t(index)];
    }
};

}  // namespace dsl::stdlib
