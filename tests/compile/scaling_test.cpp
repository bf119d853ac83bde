// The front end's cost grows linearly with its input: for each shape of source (a long flat
// expression, many statements, many indicator calls, many errors), compiling and rendering
// every diagnostic of a source four times as large takes about four times the work. Work is
// counted, not timed: the parser's consumed tokens (grammar/parse.h, ParseWork) and the
// allocations of the whole compile, counted by this binary's operator new. Timings are in
// bench/compile/.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "bench/compile/generated_sources.h"
#include "compiler/compile.h"
#include "grammar/parse.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<size_t> allocations{0};
std::atomic<size_t> allocated_bytes{0};
}  // namespace

// The replacements pair malloc with free throughout, which GCC cannot see across them.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(size_t size) {
    if (counting.load(std::memory_order_relaxed)) {
        allocations.fetch_add(1, std::memory_order_relaxed);
        allocated_bytes.fetch_add(size, std::memory_order_relaxed);
    }
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t size) {
    return operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, size_t) noexcept {
    std::free(p);
}
// The nothrow forms too (std::stable_sort's buffer comes from one): left to the sanitizer's
// allocator, their blocks would reach the free above as a mismatch.
void* operator new(size_t size, const std::nothrow_t&) noexcept {
    try {
        return operator new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
    return operator new(size, std::nothrow);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

namespace dsl {
namespace {

struct Work {
    size_t allocations = 0;
    size_t bytes = 0;
};

// Compiles `source` and renders its diagnostics as dslc does, counting the allocations.
Work compile_and_render(const std::string& source) {
    allocations = 0;
    allocated_bytes = 0;
    counting = true;
    {
        CompileResult r = compile(source, "generated.strat");
        SourceLines lines(source);
        std::string out;
        for (const auto& d : r.diagnostics)
            out += render(d, "generated.strat", lines);
    }
    counting = false;
    return {allocations.load(), allocated_bytes.load()};
}

// The smaller source of each comparison, in bytes; the larger is four times as large.
constexpr size_t kSmall = 32 << 10;
// Four times the source costs at most this much more than four times the work.
constexpr double kSlack = 1.25;

class Scaling : public testing::TestWithParam<test::Shape> {};

TEST_P(Scaling, ParserLooksAheadABoundedNumberOfTokens) {
    for (size_t bytes : {kSmall, 4 * kSmall}) {
        Diagnostics diags;
        ParseWork work;
        parse(test::generated_source_of_size(GetParam(), bytes), diags, &work);
        ASSERT_GT(work.tokens, bytes / 20);
        // Every token is matched once; lookahead adds a few per decision, never a scan to the
        // end of an expression.
        EXPECT_LE(work.steps, 4 * work.tokens) << test::shape_name(GetParam()) << " " << bytes;
    }
}

TEST_P(Scaling, AllocationsGrowLinearly) {
    compile_and_render(test::generated_source_of_size(GetParam(), kSmall / 4));  // warm caches
    Work small = compile_and_render(test::generated_source_of_size(GetParam(), kSmall));
    Work large = compile_and_render(test::generated_source_of_size(GetParam(), 4 * kSmall));
    std::string name(test::shape_name(GetParam()));
    EXPECT_LE(double(large.allocations), 4 * kSlack * double(small.allocations)) << name;
    EXPECT_LE(double(large.bytes), 4 * kSlack * double(small.bytes)) << name;
}

// A string constant used many times is held once: its references, the constant pool's lookup
// and the module share one copy of its text, so what compiling it allocates grows with the
// text once, not once per use. `const S = "..."` used by 3000 `log(S)`, with S of 64 KiB and
// of 64 bytes: the 2970 uses beyond 30 cost the same for both, where a copy per use would add
// 2970 copies of the text.
std::string source_using_constant(size_t length, int uses) {
    std::string source = "const S = \"" + std::string(length, 'x') + "\"\non_bar(s: symbol) {\n";
    for (int i = 0; i < uses; ++i)
        source += "    log(S)\n";
    return source + "}\n";
}

TEST(Scaling, AStringConstantIsHeldOnceHoweverOftenItIsUsed) {
    constexpr size_t kLong = 64 << 10, kShort = 64;
    constexpr int kUses = 3000;
    std::string long_source = source_using_constant(kLong, kUses);
    CompileResult r = compile(long_source, "generated.strat");
    ASSERT_TRUE(r.module) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
    size_t copies = 0;
    for (const auto& k : r.module->constants)
        copies += k.s.size() == kLong;
    EXPECT_EQ(copies, 1u);

    // What the uses cost, beyond a program with few: the same for a long string as a short.
    auto cost_of_uses = [&](size_t length) {
        return compile_and_render(source_using_constant(length, kUses)).bytes -
               compile_and_render(source_using_constant(length, 30)).bytes;
    };
    EXPECT_LE(cost_of_uses(kLong), cost_of_uses(kShort) + 8 * kLong);
}

INSTANTIATE_TEST_SUITE_P(Shapes, Scaling, testing::ValuesIn(test::kAllShapes),
                         [](const auto& p) { return std::string(test::shape_name(p.param)); });

}  // namespace
}  // namespace dsl
