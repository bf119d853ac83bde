// The benchmark programs in plain C++ (built with -O2): the floor the VM is measured against.
//   native fib N | loop N | stream N | handlers N
// Each prints exactly what the DSL, Lua and LuaJIT versions print (bench/vm/programs).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

int64_t fib(int64_t k) {
    if (k < 2) return k;
    return fib(k - 1) + fib(k - 2);
}

void loop(int64_t n) {
    int64_t s = 0;
    for (int64_t i = 0; i < n; ++i)
        s = (s + i * 3) % 1000003;
    std::printf("%" PRId64 "\n", s);
}

void stream(int64_t n) {
    double fast[10] = {}, slow[30] = {};
    double fast_sum = 0, slow_sum = 0, price = 100, prev_diff = 0, cash = 0;
    int64_t seed = 42, ups = 0, downs = 0, position = 0;
    for (int64_t i = 0; i < n; ++i) {
        seed = seed * 16807 % 2147483647;
        price = price + double(seed % 201 - 100) * 0.01;
        int64_t fi = i % 10, si = i % 30;
        fast_sum = fast_sum + price - fast[fi];
        fast[fi] = price;
        slow_sum = slow_sum + price - slow[si];
        slow[si] = price;
        if (i >= 29) {
            double diff = fast_sum / 10.0 - slow_sum / 30.0;
            if (i >= 30) {
                if (diff > 0.0 && prev_diff <= 0.0) {
                    ++ups;
                    if (position == 0) {
                        position = 1;
                        cash = cash - price;
                    }
                } else if (diff < 0.0 && prev_diff >= 0.0) {
                    ++downs;
                    if (position == 1) {
                        position = 0;
                        cash = cash + price;
                    }
                }
            }
            prev_diff = diff;
        }
    }
    std::printf("%" PRId64 " %" PRId64 " %" PRId64 " %.4f\n", ups, downs, position, cash);
}

int64_t count = 0, acc = 0;
void on_bar(int64_t) {
    count += 1;
    acc = (acc + count * 7) % 1000003;
}
// Called through a pointer the optimiser cannot see through, as a host calls a handler.
void (*volatile handler)(int64_t) = on_bar;

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: native fib|loop|stream|handlers N\n");
        return 2;
    }
    int64_t n = std::strtoll(argv[2], nullptr, 10);
    if (!std::strcmp(argv[1], "fib")) {
        std::printf("%" PRId64 "\n", fib(n));
    } else if (!std::strcmp(argv[1], "loop")) {
        loop(n);
    } else if (!std::strcmp(argv[1], "stream")) {
        stream(n);
    } else if (!std::strcmp(argv[1], "handlers")) {
        for (int64_t i = 0; i < n; ++i)
            handler(0);
        std::printf("%" PRId64 " %" PRId64 "\n", count, acc);
    } else {
        return 2;
    }
    return 0;
}
