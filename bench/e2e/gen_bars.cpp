// Synthetic OHLCV bars for the end-to-end benchmark (bench/e2e/run.sh): a seeded random walk,
// written in the plain layout with unix-seconds timestamps, one bar a minute from
// 2000-01-01T00:00:00Z.
//
//   gen_bars N SEED > bars.csv
//
// Deterministic: integer arithmetic only (prices in cents, SplitMix64), so the same N and SEED
// give the same bytes on every machine. Every row is valid for the feed (0 < low <= open,
// close <= high, volume >= 0) and the walk is pulled back towards 100.00 so that it neither
// dies out nor runs away over 10M bars: crossovers keep happening at a steady rate.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int64_t below(int64_t n) { return int64_t(next() % uint64_t(n)); }
};

// "123.45" into out; returns the length.
int cents(char* out, int64_t c) {
    return std::sprintf(out, "%" PRId64 ".%02" PRId64, c / 100, c % 100);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: gen_bars N SEED\n");
        return 2;
    }
    const int64_t n = std::strtoll(argv[1], nullptr, 10);
    SplitMix64 rng{std::strtoull(argv[2], nullptr, 10)};
    static char buf[1 << 16];
    std::setvbuf(stdout, buf, _IOFBF, sizeof buf);
    std::fputs("timestamp,open,high,low,close,volume\n", stdout);
    int64_t ts = 946684800;  // 2000-01-01T00:00:00Z
    int64_t close = 10000;   // cents
    char o[32], h[32], l[32], c[32];
    for (int64_t i = 0; i < n; ++i, ts += 60) {
        const int64_t open = close + rng.below(5) - 2;
        // A step of -25..+25 cents, nudged towards 100.00 by up to 2 cents.
        int64_t step = rng.below(51) - 25 + (10000 - open) / 2000;
        int64_t next = open + step;
        if (next < 100) next = 100 + rng.below(10);
        const int64_t top = (open > next ? open : next) + rng.below(15);
        const int64_t bottom = (open < next ? open : next) - rng.below(15);  // >= 0.84
        const int64_t volume = 100 + rng.below(10000);
        cents(o, open);
        cents(h, top);
        cents(l, bottom);
        cents(c, next);
        std::printf("%" PRId64 ",%s,%s,%s,%s,%" PRId64 "\n", ts, o, h, l, c, volume);
        close = next;
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
}
