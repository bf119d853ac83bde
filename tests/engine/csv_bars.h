// A tiny reader of the plain daily-bar CSV layout `timestamp,open,high,low,close,volume`
// (ISO dates, prices with up to 8 decimals) for the engine tests only; the product's data loader
// lives elsewhere. Prices are parsed exactly with Fixed::parse. Throws on malformed input.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/fixed.h"
#include "engine/market.h"

namespace dsl::engine::test {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
inline long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

struct CsvBar {
    Timestamp ts;
    Fixed open, high, low, close, volume;
};

inline std::vector<CsvBar> read_csv_bars(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string line;
    std::getline(in, line);
    if (line.rfind("timestamp,open,high,low,close,volume", 0) != 0) {
        throw std::runtime_error("unexpected header in " + path);
    }
    std::vector<CsvBar> bars;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');)
            cells.push_back(cell);
        if (cells.size() != 6 || cells[0].size() != 10) {
            throw std::runtime_error("bad line in " + path + ": " + line);
        }
        long long days = days_from_civil(std::stoll(cells[0].substr(0, 4)),
                                         static_cast<unsigned>(std::stoul(cells[0].substr(5, 2))),
                                         static_cast<unsigned>(std::stoul(cells[0].substr(8, 2))));
        CsvBar b{days * kNanosPerDay, fx(cells[1]), fx(cells[2]),
                 fx(cells[3]),        fx(cells[4]), fx(cells[5])};
        bars.push_back(b);
    }
    return bars;
}

}  // namespace dsl::engine::test
