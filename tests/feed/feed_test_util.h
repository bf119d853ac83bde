// Helpers of the feed tests: a scratch directory for data files, reading a feed to the end,
// capturing the FeedError an action throws, and random decimal text.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "feed/feed.h"

namespace dsl::runner::test {

// `ints` random digits, then (fracs >= 0) a dot and `fracs` random digits: "", ".", "5.", ".25",
// "031.5", and so on.
inline std::string random_decimal(std::mt19937_64& rng, int ints, int fracs) {
    std::string text;
    for (int i = 0; i < ints; ++i)
        text += static_cast<char>('0' + rng() % 10);
    if (fracs >= 0) text += '.';
    for (int i = 0; i < fracs; ++i)
        text += static_cast<char>('0' + rng() % 10);
    return text;
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at destruction.
class TempDir {
  public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/feed_test_XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // Writes `content` byte for byte to `name` inside the directory; returns the full path.
    std::string write(const std::string& name, const std::string& content) const {
        std::string p = path_ + "/" + name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

inline std::vector<MarketRecord> read_all(Feed& feed) {
    std::vector<MarketRecord> out;
    while (auto rec = feed.next())
        out.push_back(*rec);
    return out;
}

// The error `action` throws; a test failure (and an empty error) if it throws none.
inline FeedError error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const FeedError& e) {
        return e;
    }
    ADD_FAILURE() << "no FeedError thrown";
    return FeedError("", 0, "");
}

// The error of opening `sources` and reading them to the end.
inline FeedError feed_error(const std::vector<DataSource>& sources, FeedOptions options = {}) {
    return error_of([&] {
        auto feed = open_files(sources, options);
        read_all(*feed);
    });
}

}  // namespace dsl::runner::test
