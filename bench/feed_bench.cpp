// Market data benchmarks (Google Benchmark): CSV rows per second through dsl_feed, the way a
// backtest reads them (open_files + next() to the end, from the page cache). Figures and the
// command in docs/performance.md, "Market data".
//
// - Feed/<layout>: 1,000,000 generated minute bars in one file, in the plain layout with ISO
//   datetimes, with epoch seconds, with ISO dates, and in the Yahoo layout (7 columns).
// - FeedMerged: the same million rows split over 4 files (4 symbols) merged by timestamp.
// - FeedLarge (opt-in, DSL_FEED_BENCH_10M=1): 10,000,000 rows, for the flat-memory claim.
// - FeedTicks: 1,000,000 ticks with bid/ask in one multi-symbol file (includes the pre-scan).
// - RowParse: RowParser's fast path alone over lines in memory (no I/O, no feed), with the
//   decimals converted by the scalar code and 16 digits at a time.
// - Decimal: the exact fast path against engine::Fixed::parse on typical price text.
// The files are generated once per process in $TMPDIR and removed at exit. Each benchmark
// reports rows/s as items_per_second and the process's peak RSS, which stays flat: the feed
// holds one read buffer per file, not the data.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engine/fixed.h"
#include "feed/csv_rows.h"
#include "feed/feed.h"
#include "feed/timestamp_parse.h"

namespace dsl::runner {
namespace {

constexpr int kRows = 1'000'000;
constexpr std::int64_t kStart = 946'684'800;  // 2000-01-01T00:00:00Z

enum class Layout { iso_datetime, epoch, iso_date, yahoo };

struct Scratch {
    std::string dir;
    Scratch() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/feed_bench_XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) std::abort();
        dir = pattern;
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
};

Scratch& scratch() {
    static Scratch s;
    return s;
}

// A random walk of prices with six decimals, like the bundled data.
struct Walk {
    std::mt19937_64 rng{7};
    std::int64_t micros = 40'000'000;  // 40.000000
    std::string price(std::int64_t v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(v / 1'000'000),
                      static_cast<long long>(v % 1'000'000));
        return buf;
    }
    // open, high, low, close, volume as text.
    std::string bar_cells() {
        std::int64_t open = micros;
        std::int64_t close = std::max<std::int64_t>(
            1'000'000, open + static_cast<std::int64_t>(rng() % 200'001) - 100'000);
        std::int64_t high = std::max(open, close) + static_cast<std::int64_t>(rng() % 50'000);
        std::int64_t low = std::max<std::int64_t>(
            500'000, std::min(open, close) - static_cast<std::int64_t>(rng() % 50'000));
        micros = close;
        return price(open) + "," + price(high) + "," + price(low) + "," + price(close) + "," +
               std::to_string(1'000'000 + rng() % 50'000'000);
    }
};

std::string timestamp_text(Layout layout, std::int64_t i) {
    if (layout == Layout::epoch) return std::to_string(kStart + i * 60);
    if (layout == Layout::iso_date)
        return format_timestamp(kStart * engine::kNanosPerSecond + i * engine::kNanosPerDay);
    return format_timestamp((kStart + i * 60) * engine::kNanosPerSecond);
}

// Writes the rows of `layout` for bars offset, offset + stride, ... (count of them) to a file
// in the scratch directory, streaming, so that generating does not raise the peak RSS.
std::string generate(const std::string& name, Layout layout, int count, int offset, int stride) {
    std::string path = scratch().dir + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << (layout == Layout::yahoo ? "Date,Open,High,Low,Close,Adj Close,Volume\n"
                                    : "timestamp,open,high,low,close,volume\n");
    Walk walk;
    for (int k = 0; k < count; ++k) {
        const std::int64_t i = static_cast<std::int64_t>(k) * stride + offset;
        std::string cells = walk.bar_cells();
        if (layout == Layout::yahoo) {
            // Yahoo puts Adj Close before Volume: repeat the close there.
            std::size_t vol = cells.rfind(',');
            std::size_t close = cells.rfind(',', vol - 1);
            cells.insert(vol, cells.substr(close, vol - close));
        }
        out << timestamp_text(layout == Layout::yahoo ? Layout::iso_datetime : layout, i) << ','
            << cells << '\n';
    }
    return path;
}

double peak_rss_mb() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void drain(benchmark::State& state, const std::vector<DataSource>& sources, std::int64_t rows) {
    for (auto _ : state) {
        auto feed = open_files(sources, {});
        std::int64_t n = 0;
        engine::Fixed sum;
        while (auto rec = feed->next()) {
            sum += rec->close;
            ++n;
        }
        benchmark::DoNotOptimize(sum);
        if (n != rows) state.SkipWithError("wrong row count");
    }
    state.SetItemsProcessed(state.iterations() * rows);
    state.counters["peak_rss_MB"] = peak_rss_mb();
}

void Feed(benchmark::State& state) {
    // Daily bars with ISO dates: only about 95,000 days fit in Timestamp's range after 2000,
    // so that file has 80,000 rows.
    const auto layout = static_cast<Layout>(state.range(0));
    static std::string paths[4];
    auto& path = paths[state.range(0)];
    const int rows = layout == Layout::iso_date ? 80'000 : kRows;
    if (path.empty()) {
        path = generate(std::string("bars") + std::to_string(state.range(0)) + ".csv", layout, rows,
                        0, 1);
    }
    drain(state, {{path, "BENCH"}}, rows);
}
BENCHMARK(Feed)
    ->Arg(static_cast<int>(Layout::iso_datetime))
    ->Arg(static_cast<int>(Layout::epoch))
    ->Arg(static_cast<int>(Layout::iso_date))
    ->Arg(static_cast<int>(Layout::yahoo))
    ->ArgName("layout")
    ->Unit(benchmark::kMillisecond);

// 10,000,000 rows (about 650 MB of CSV), read once: the peak RSS must equal the 1M-row runs'.
// Opt-in (DSL_FEED_BENCH_10M=1) because generating the file takes a while.
void FeedLarge(benchmark::State& state) {
    static std::string path;
    if (path.empty()) path = generate("large.csv", Layout::iso_datetime, 10 * kRows, 0, 1);
    drain(state, {{path, "BENCH"}}, 10 * kRows);
}
[[maybe_unused]] const bool kLarge = [] {
    if (std::getenv("DSL_FEED_BENCH_10M") != nullptr) {
        benchmark::RegisterBenchmark("FeedLarge", FeedLarge)
            ->Iterations(1)
            ->Unit(benchmark::kMillisecond);
    }
    return true;
}();

void FeedMerged(benchmark::State& state) {
    static std::vector<DataSource> sources;
    if (sources.empty()) {
        for (int f = 0; f < 4; ++f) {
            std::string name = std::string("s") + std::to_string(f) + "-merged.csv";
            sources.push_back({generate(name, Layout::epoch, kRows / 4, f, 4), std::nullopt});
        }
    }
    drain(state, sources, kRows);
}
BENCHMARK(FeedMerged)->Unit(benchmark::kMillisecond);

void FeedTicks(benchmark::State& state) {
    static std::string path;
    if (path.empty()) {
        std::mt19937_64 rng(3);
        path = scratch().dir + "/ticks.csv";
        std::ofstream out(path, std::ios::binary);
        out << "timestamp,symbol,price,size,bid,ask\n";
        const char* syms[] = {"ORCL", "NVDA", "YHOO", "MSFT"};
        for (int i = 0; i < kRows; ++i) {
            std::int64_t cents = 4000 + static_cast<std::int64_t>(rng() % 200);
            char line[128];
            std::snprintf(line, sizeof line, "%lld%03d,%s,%lld.%02lld,%d,%lld.%02lld,%lld.%02lld\n",
                          static_cast<long long>(kStart + i / 4), (i % 4) * 100, syms[i % 4],
                          static_cast<long long>(cents / 100), static_cast<long long>(cents % 100),
                          1 + static_cast<int>(rng() % 500),
                          static_cast<long long>((cents - 1) / 100),
                          static_cast<long long>((cents - 1) % 100),
                          static_cast<long long>((cents + 1) / 100),
                          static_cast<long long>((cents + 1) % 100));
            out << line;
        }
    }
    for (auto _ : state) {
        auto feed = open_files({{path, std::nullopt}}, {});
        std::int64_t n = 0;
        while (auto rec = feed->next()) {
            benchmark::DoNotOptimize(rec->price);
            ++n;
        }
        if (n != kRows) state.SkipWithError("wrong row count");
    }
    state.SetItemsProcessed(state.iterations() * kRows);
    state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(FeedTicks)->Unit(benchmark::kMillisecond);

void RowParse(benchmark::State& state) {
    static const std::string text = [] {
        std::ifstream in(generate("rows.csv", Layout::iso_datetime, 100'000, 0, 1));
        // 16 bytes after the last line, as the read buffer has (LineReader::kPadding).
        return std::string(std::istreambuf_iterator<char>(in), {}) + std::string(16, '\0');
    }();
    static std::vector<std::string_view> lines = [] {
        std::vector<std::string_view> v;
        std::string_view rest = text;
        rest.remove_prefix(rest.find('\n') + 1);
        while (rest.size() > 16) {
            std::size_t nl = rest.find('\n');
            v.push_back(rest.substr(0, nl));
            rest.remove_prefix(nl + 1);
        }
        return v;
    }();
    RowParser parser(parse_header("timestamp,open,high,low,close,volume", "bench", 1));
    MarketRecord rec;
    std::string_view symbol;
    const auto readable_after = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        for (std::string_view line : lines) {
            if (!parser.parse_fast(line, rec, symbol, readable_after))
                state.SkipWithError("parse failed");
            benchmark::DoNotOptimize(rec);
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}
// readable 0: lines without padding (scalar decimals); 16: as read from a file (16 digits at a
// time where the CPU can, feed/decimal_simd.h).
BENCHMARK(RowParse)->Arg(0)->Arg(16)->ArgName("readable")->Unit(benchmark::kMillisecond);

void Decimal(benchmark::State& state) {
    const std::string_view samples[] = {"2.179012",  "45.560001", "1.953125",   "36301200",
                                        "40.369999", "0.5",       "123456.789", "20.049999"};
    const bool fast = state.range(0) == 1;
    for (auto _ : state) {
        for (std::string_view s : samples) {
            auto v = fast ? parse_decimal(s) : engine::Fixed::parse(s);
            benchmark::DoNotOptimize(v);
        }
    }
    state.SetItemsProcessed(state.iterations() * 8);
}
BENCHMARK(Decimal)->Arg(0)->Arg(1)->ArgName("fast");

}  // namespace
}  // namespace dsl::runner

BENCHMARK_MAIN();
