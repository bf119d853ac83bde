// The standard library: every indicator against a straightforward O(n) reference computed
// here, on the real daily series in data/; the per-(site, symbol) keying and the
// same-event replacement through the VM; math and time builtins.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "stdlib/indicators.h"
#include "stdlib/stdlib.h"
#include "tests/support/indicator_refs.h"
#include "tests/vm/asm.h"
#include "tests/vm/test_market.h"
#include "vm/vm.h"

namespace dsl::stdlib {
namespace {

using vm::Value;
using vm::test::Fn;
using vm::test::Mod;

const std::vector<Bar>& orcl() {
    static const std::vector<Bar> bars =
        load_csv(std::string(DSL_TEST_DATA_DIR) + "/orcl-1995-2014.csv");
    return bars;
}
const std::vector<Bar>& nvda() {
    static const std::vector<Bar> bars =
        load_csv(std::string(DSL_TEST_DATA_DIR) + "/nvda-1999-2014.csv");
    return bars;
}
std::vector<double> closes(const std::vector<Bar>& bars) {
    std::vector<double> out;
    for (const Bar& b : bars)
        out.push_back(b.close);
    return out;
}

// The references (tests/support/indicator_refs.h), and atr's over the test market's bars.
using test::ref_ema;
using test::ref_extreme;
using test::ref_rsi;
using test::ref_sma;
using test::ref_stdev;

std::vector<double> ref_atr(const std::vector<Bar>& bars, int n) {
    std::vector<double> high, low, close;
    for (const Bar& b : bars) {
        high.push_back(b.high);
        low.push_back(b.low);
        close.push_back(b.close);
    }
    return test::ref_atr(high, low, close, n);
}

void expect_series_near(const std::vector<double>& got, const std::vector<double>& want,
                        const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(want[i])) {
            ASSERT_TRUE(std::isnan(got[i])) << what << " at " << i << ": " << got[i];
        } else {
            ASSERT_NEAR(got[i], want[i], 1e-9 * std::max(1.0, std::fabs(want[i])))
                << what << " at " << i;
        }
    }
}

template <class Ind>
std::vector<double> run(Ind ind, const std::vector<double>& x) {
    std::vector<double> out;
    for (double v : x)
        out.push_back(ind.push(v));
    return out;
}

// Each step first pushes a wrong value and then replaces it: the result must not change.
template <class Ind>
std::vector<double> run_with_replacements(Ind ind, const std::vector<double>& x, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> noise(-5, 5);
    std::vector<double> out;
    for (double v : x) {
        ind.push(v + noise(rng));
        ind.replace(v * 1.5);
        out.push_back(ind.replace(v));
    }
    return out;
}

TEST(Indicators, MatchReferencesOnRealData) {
    for (const auto* bars : {&orcl(), &nvda()}) {
        std::vector<double> x = closes(*bars);
        ASSERT_GT(x.size(), 4000u);
        for (int n : {1, 2, 10, 30, 200}) {
            std::string tag = " n=" + std::to_string(n);
            expect_series_near(run(Sma(n), x), ref_sma(x, n), "sma" + tag);
            expect_series_near(run(Stdev(n), x), ref_stdev(x, n), "stdev" + tag);
            expect_series_near(run(Highest(n), x), ref_extreme(x, n, true), "highest" + tag);
            expect_series_near(run(Lowest(n), x), ref_extreme(x, n, false), "lowest" + tag);
            expect_series_near(run(Ema(n), x), ref_ema(x, n), "ema" + tag);
            expect_series_near(run(Rsi(n), x), ref_rsi(x, n), "rsi" + tag);
            Atr atr(n);
            std::vector<double> got;
            for (size_t i = 0; i < bars->size(); ++i)
                got.push_back(
                    atr.push((*bars)[i].high, (*bars)[i].low, i ? (*bars)[i - 1].close : kNa));
            expect_series_near(got, ref_atr(*bars, n), "atr" + tag);
        }
    }
}

TEST(Indicators, ReplacingTheLatestStepEqualsPushingIt) {
    std::vector<double> x = closes(orcl());
    x.resize(1500);
    for (int n : {1, 3, 14, 50}) {
        std::string tag = " n=" + std::to_string(n);
        expect_series_near(run_with_replacements(Sma(n), x, 1), ref_sma(x, n), "sma" + tag);
        expect_series_near(run_with_replacements(Stdev(n), x, 2), ref_stdev(x, n), "stdev" + tag);
        expect_series_near(run_with_replacements(Highest(n), x, 3), ref_extreme(x, n, true),
                           "highest" + tag);
        expect_series_near(run_with_replacements(Lowest(n), x, 4), ref_extreme(x, n, false),
                           "lowest" + tag);
        expect_series_near(run_with_replacements(Ema(n), x, 5), ref_ema(x, n), "ema" + tag);
        expect_series_near(run_with_replacements(Rsi(n), x, 6), ref_rsi(x, n), "rsi" + tag);
    }
}

TEST(Indicators, CrossingsMatchTheirDefinition) {
    std::vector<double> x = closes(orcl());
    auto fast = ref_sma(x, 10), slow = ref_sma(x, 30);
    Crossover over;
    Crossunder under;
    int overs = 0, unders = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        bool want_over = i > 0 && fast[i] > slow[i] && fast[i - 1] <= slow[i - 1];
        bool want_under = i > 0 && fast[i] < slow[i] && fast[i - 1] >= slow[i - 1];
        ASSERT_EQ(over.push(fast[i], slow[i]), want_over) << i;
        ASSERT_EQ(under.push(fast[i], slow[i]), want_under) << i;
        overs += want_over;
        unders += want_under;
    }
    EXPECT_GT(overs, 50);
    EXPECT_GT(unders, 50);
}

TEST(Indicators, StdevIsExactOnConstantWindowsAndDoesNotDrift) {
    Stdev flat(5);
    for (int k = 0; k < 20; ++k)
        flat.push(k < 10 ? 1000.0 + k * 0.37 : 123.456);
    EXPECT_EQ(flat.push(123.456), 0.0);
    // A million steps of an LCG price walk: the last window still matches two-pass.
    Stdev sd(20);
    Sma sma(20);
    std::vector<double> tail;
    uint64_t seed = 42;
    double price = 100, got_sd = 0, got_sma = 0;
    for (int k = 0; k < 1'000'000; ++k) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        price += double(int64_t(seed >> 33) % 2001 - 1000) / 1000.0;
        got_sd = sd.push(price);
        got_sma = sma.push(price);
        tail.push_back(price);
        if (tail.size() > 20) tail.erase(tail.begin());
    }
    EXPECT_NEAR(got_sd, ref_stdev(tail, 20).back(), 1e-9);
    EXPECT_NEAR(got_sma, ref_sma(tail, 20).back(), 1e-9);
}

TEST(Indicators, NaInputs) {
    Sma sma(3);
    EXPECT_TRUE(std::isnan(sma.push(1)));
    EXPECT_TRUE(std::isnan(sma.push(kNa)));
    EXPECT_TRUE(std::isnan(sma.push(3)));
    EXPECT_TRUE(std::isnan(sma.push(4)));  // the na is still inside
    EXPECT_EQ(sma.push(5), 4.0);
    Ema ema(2);
    EXPECT_TRUE(std::isnan(ema.push(1)));
    EXPECT_EQ(ema.push(3), 2.0);
    EXPECT_TRUE(std::isnan(ema.push(kNa)));  // na out, state kept
    EXPECT_NEAR(ema.push(5), 2.0 / 3 * 5 + 1.0 / 3 * 2, 1e-12);
    Highest h(2);
    h.push(1);
    EXPECT_TRUE(std::isnan(h.push(kNa)));
    EXPECT_TRUE(std::isnan(h.push(3)));
    EXPECT_EQ(h.push(2), 3.0);
}

// ---- Through the VM -------------------------------------------------------------------------

struct Harness {
    std::unique_ptr<vm::VerifiedModule> verified;
    TestMarket market;
    std::vector<std::string> logs;
    std::unique_ptr<Runtime> runtime;
    vm::Host host;
    std::unique_ptr<vm::Vm> vm;

    explicit Harness(const Module& m) {
        auto r = vm::VerifiedModule::verify(m);
        if (auto* f = std::get_if<vm::LoadFailure>(&r)) {
            ADD_FAILURE() << f->message;
            return;
        }
        verified = std::make_unique<vm::VerifiedModule>(std::get<vm::VerifiedModule>(std::move(r)));
        runtime = std::make_unique<Runtime>(verified->module(), market,
                                            [this](std::string_view l) { logs.emplace_back(l); });
        runtime->bind(host);
        vm = std::make_unique<vm::Vm>(*verified, host);
    }
    vm::InvokeResult bar(int64_t symbol) {
        market.step(symbol);
        Value args[] = {Value::from_int(symbol)};
        return vm->invoke(HandlerId::on_bar, args);
    }
};

// on_bar(s): out[s].push(sma(close(s), 10)), with the sma called twice at one site when
// `twice` (first on 2 x close, then on close) and atr(s, 14) into atr_out[s].
Module sma_module(bool twice) {
    Mod mod;
    Type floats = Type::array_of(Type::float_());
    uint32_t out0 = mod.global("out0", floats), out1 = mod.global("out1", floats);
    uint32_t atr0 = mod.global("atr0", floats), atr1 = mod.global("atr1", floats);
    uint32_t close = mod.import(BuiltinId::close);
    uint32_t sma = mod.import(BuiltinId::sma);
    uint32_t atr = mod.import(BuiltinId::atr);
    uint32_t site = mod.site(BuiltinId::sma);
    uint32_t atr_site = mod.site(BuiltinId::atr);
    const Type Y = Type::symbol(), I = Type::int_(), F = Type::float_();
    // r0 s, r1 0, r2 close, r3 n, r4 result, r5 out array, r6 2*close, r7 zero symbol, r8 bool
    Fn fn("on_bar", {Y, I, F, I, F, floats, F, Y, Type::bool_(), I, F}, 1);
    fn.loadi(1, 0).call(Op::CALLB, 2, close, {0, 1}).loadi(3, 10);
    if (twice) fn.abc(Op::ADD_F, 6, 2, 2).call(Op::CALLS, 4, sma, {6, 3}, site);
    fn.call(Op::CALLS, 4, sma, {2, 3}, site);
    auto second = fn.label(), push = fn.label();
    fn.loadi(7, 0).abc(Op::EQ_Z, 8, 0, 7).jump(Op::JMPIFNOT, second, 8);
    fn.abx(Op::GETG, 5, out0).jump(Op::JMP, push).bind(second).abx(Op::GETG, 5, out1);
    fn.bind(push).abc(Op::APUSH, 5, 4);
    fn.loadi(9, 14).call(Op::CALLS, 10, atr, {0, 9}, atr_site);
    auto second_atr = fn.label(), push_atr = fn.label();
    fn.jump(Op::JMPIFNOT, second_atr, 8).abx(Op::GETG, 5, atr0).jump(Op::JMP, push_atr);
    fn.bind(second_atr).abx(Op::GETG, 5, atr1).bind(push_atr).abc(Op::APUSH, 5, 10).ret0();
    mod.handler(HandlerId::on_bar, fn);
    return mod.m;
}

std::vector<double> array_of(const Value& v) {
    std::vector<double> out;
    const vm::Array* a = v.as_array();
    for (uint64_t i = 0; i < a->length; ++i)
        out.push_back(a->data[i].as_float());
    return out;
}

TEST(IndicatorBindings, StatePerSiteAndSymbolWithSameEventReplacement) {
    for (bool twice : {false, true}) {
        Harness h(sma_module(twice));
        std::vector<Bar> a = orcl(), b = nvda();
        a.resize(600);
        b.resize(500);
        h.market.add("ORCL", a);
        h.market.add("NVDA", b);
        for (size_t i = 0; i < 600; ++i) {
            ASSERT_TRUE(h.bar(0).ok());
            if (i < 500) {
                ASSERT_TRUE(h.bar(1).ok());
            }
        }
        expect_series_near(array_of(h.vm->global(0)), ref_sma(closes(a), 10), "ORCL sma");
        expect_series_near(array_of(h.vm->global(1)), ref_sma(closes(b), 10), "NVDA sma");
        expect_series_near(array_of(h.vm->global(2)), ref_atr(a, 14), "ORCL atr");
        expect_series_near(array_of(h.vm->global(3)), ref_atr(b, 14), "NVDA atr");
    }
}

// Outside market events (no current symbol: engine::kNoSymbol) every call is a step of its own
// window, kept apart from the windows of the symbols' events.
TEST(IndicatorBindings, OutsideMarketEventsEveryCallIsAStep) {
    Mod mod;
    uint32_t sma = mod.import(BuiltinId::sma);
    uint32_t site = mod.site(BuiltinId::sma);
    const Type I = Type::int_(), F = Type::float_();
    mod.add(Fn("f", {F, I, F}, 2, F).call(Op::CALLS, 2, sma, {0, 1}, site).ret(2));
    Harness h(mod.m);
    h.market.add("ORCL", orcl());
    auto sma2 = [&](double x) {
        Value args[] = {Value::from_float(x), Value::from_int(2)};
        Value result;
        EXPECT_TRUE(h.vm->call(0, args, &result).ok());
        return result.as_float();
    };
    EXPECT_EQ(h.market.current_symbol(), engine::kNoSymbol);
    EXPECT_TRUE(std::isnan(sma2(1)));
    EXPECT_EQ(sma2(3), 2);  // a second call is a step, not a replacement of the first
    EXPECT_EQ(sma2(7), 5);
    h.market.step(0);  // ORCL's first event: a window of its own
    EXPECT_TRUE(std::isnan(sma2(100)));
    EXPECT_TRUE(std::isnan(sma2(10)));  // within one event, a second call replaces the step
    h.market.step(0);
    EXPECT_EQ(sma2(20), 15);
    h.market.clear_current();
    EXPECT_EQ(sma2(9), 8);  // back outside: the window of 3, 7
}

TEST(IndicatorBindings, BadLengthsAreRuntimeErrors) {
    Mod mod;
    mod.source("1\n2\n");
    uint32_t sma = mod.import(BuiltinId::sma);
    uint32_t site = mod.site(BuiltinId::sma);
    const Type I = Type::int_(), F = Type::float_();
    mod.add(Fn("f", {F, I, F}, 2, F).line(2).call(Op::CALLS, 2, sma, {0, 1}, site).ret(2));
    Harness h(mod.m);
    Value ok[] = {Value::from_float(1), Value::from_int(3)};
    EXPECT_TRUE(h.vm->call(0, ok).ok());
    Value changed[] = {Value::from_float(1), Value::from_int(4)};
    EXPECT_EQ(h.vm->call(0, changed).error->summary(),
              "runtime error: sma length changed from 3 to 4 at this call site in f at "
              "test.strat:2");
    Harness h2(mod.m);
    Value zero[] = {Value::from_float(1), Value::from_int(0)};
    EXPECT_EQ(h2.vm->call(0, zero).error->message,
              "sma length must be between 1 and 1000000, got 0");
}

// ---- Math, time, market -------------------------------------------------------------------

// Calls builtin `id` with args through a one-instruction function.
struct OneCall {
    Mod mod;
    std::unique_ptr<Harness> h;
    explicit OneCall(BuiltinId id) {
        const BuiltinInfo& b = builtin_info(id);
        std::vector<Type> regs;
        for (const Param& p : b.signature.params)
            regs.push_back(p.type.type);
        if (b.has(kSeries)) regs.push_back(Type::int_());
        uint32_t n = uint32_t(regs.size());
        Type result = b.signature.result.type;
        regs.push_back(result.kind == TypeKind::Void ? Type::int_() : result);
        Fn fn("f", regs, n, result);
        uint32_t imp = mod.import(id);
        switch (n) {
            case 0:
                fn.call(Op::CALLB, int(n), int(imp), {});
                break;
            case 1:
                fn.call(Op::CALLB, int(n), int(imp), {0});
                break;
            case 2:
                fn.call(Op::CALLB, int(n), int(imp), {0, 1});
                break;
            default:
                fn.call(Op::CALLB, int(n), int(imp), {0, 1, 2});
                break;
        }
        if (result.kind == TypeKind::Void)
            fn.ret0();
        else
            fn.ret(int(n));
        mod.add(fn);
        h = std::make_unique<Harness>(mod.m);
    }
    Value operator()(std::vector<Value> args) {
        Value out;
        auto r = h->vm->call(0, args, &out);
        if (!r.ok()) ADD_FAILURE() << r.error->to_string();
        return out;
    }
    std::string error(std::vector<Value> args) {
        auto r = h->vm->call(0, args);
        return r.ok() ? "ok" : r.error->message;
    }
};

Value f(double v) {
    return Value::from_float(v);
}
Value i(int64_t v) {
    return Value::from_int(v);
}

TEST(MathBuiltins, Semantics) {
    EXPECT_EQ(OneCall(BuiltinId::abs_int)({i(-3)}).as_int(), 3);
    EXPECT_EQ(OneCall(BuiltinId::abs_int).error({i(INT64_MIN)}), "integer overflow in abs");
    EXPECT_TRUE(std::isnan(OneCall(BuiltinId::max_float)({f(1), f(kNa)}).as_float()));
    EXPECT_EQ(OneCall(BuiltinId::min_int)({i(1), i(-1)}).as_int(), -1);
    EXPECT_EQ(OneCall(BuiltinId::clamp)({f(5), f(0), f(2)}).as_float(), 2.0);
    EXPECT_EQ(OneCall(BuiltinId::clamp).error({f(5), f(3), f(2)}), "clamp: lo 3 is above hi 2");
    EXPECT_TRUE(std::isnan(OneCall(BuiltinId::sqrt)({f(-1)}).as_float()));
    EXPECT_EQ(OneCall(BuiltinId::round)({f(-2.5)}).as_float(), -3.0);
    EXPECT_EQ(OneCall(BuiltinId::round_to)({f(7.3), f(0.5)}).as_float(), 7.5);
    EXPECT_EQ(OneCall(BuiltinId::round_to).error({f(7.3), f(0)}),
              "round_to: step must be above 0, got 0");
    EXPECT_EQ(OneCall(BuiltinId::sign)({f(-0.1)}).as_float(), -1.0);
    EXPECT_EQ(OneCall(BuiltinId::nz)({f(kNa), f(4)}).as_float(), 4.0);
    EXPECT_TRUE(OneCall(BuiltinId::is_na)({f(kNa)}).as_bool());
    EXPECT_EQ(OneCall(BuiltinId::pow)({f(2), f(10)}).as_float(), 1024.0);
}

TEST(TimeBuiltins, CalendarFields) {
    // 2014-12-31 23:59 UTC (a Wednesday) and 1969-12-31 12:00 UTC (a Wednesday).
    int64_t t = 1420070340000, before_epoch = -43200000;
    EXPECT_EQ(OneCall(BuiltinId::year)({i(t)}).as_int(), 2014);
    EXPECT_EQ(OneCall(BuiltinId::month)({i(t)}).as_int(), 12);
    EXPECT_EQ(OneCall(BuiltinId::day)({i(t)}).as_int(), 31);
    EXPECT_EQ(OneCall(BuiltinId::weekday)({i(t)}).as_int(), 3);
    EXPECT_EQ(OneCall(BuiltinId::hour)({i(t)}).as_int(), 23);
    EXPECT_EQ(OneCall(BuiltinId::minute)({i(t)}).as_int(), 59);
    EXPECT_EQ(OneCall(BuiltinId::year)({i(before_epoch)}).as_int(), 1969);
    EXPECT_EQ(OneCall(BuiltinId::day)({i(before_epoch)}).as_int(), 31);
    EXPECT_EQ(OneCall(BuiltinId::weekday)({i(before_epoch)}).as_int(), 3);
    EXPECT_EQ(OneCall(BuiltinId::hour)({i(before_epoch)}).as_int(), 12);
    EXPECT_EQ(OneCall(BuiltinId::month)({i(951782400000)}).as_int(), 2);  // 2000-02-29
    EXPECT_EQ(OneCall(BuiltinId::day)({i(951782400000)}).as_int(), 29);
}

TEST(MarketBuiltins, SeriesAndSymbols) {
    OneCall close(BuiltinId::close);
    close.h->market.add("ORCL", orcl());
    close.h->market.step(0);
    close.h->market.step(0);
    EXPECT_EQ(close({i(0), i(0)}).as_float(), orcl()[1].close);
    EXPECT_EQ(close({i(0), i(1)}).as_float(), orcl()[0].close);
    EXPECT_TRUE(std::isnan(close({i(0), i(2)}).as_float()));
    for (auto [args, message] : {std::pair{std::vector{i(0), i(-1)}, "negative history offset -1"},
                                 std::pair{std::vector{i(5), i(0)}, "invalid symbol id 5"}}) {
        OneCall fresh(BuiltinId::close);  // an error stops the VM: one per case
        fresh.h->market.add("ORCL", orcl());
        EXPECT_EQ(fresh.error(args), message);
    }

    OneCall name(BuiltinId::symbol_name);
    name.h->market.add("ORCL", {});
    EXPECT_EQ(name({i(0)}).as_string()->view(), "ORCL");
    OneCall sym(BuiltinId::symbol);
    Value s = Value::from_ref(sym.h->vm->new_string("NVDA"));
    EXPECT_EQ(sym({s}).as_int(), 0);
    EXPECT_EQ(sym.h->market.symbol_count(), 1);
    OneCall all(BuiltinId::symbols);
    all.h->market.add("A", {});
    all.h->market.add("B", {});
    EXPECT_EQ(all({}).as_array()->length, 2u);
}

TEST(Stdlib, BindsEveryNonOrderBuiltin) {
    for (const BuiltinInfo& b : all_builtins()) {
        if (b.has(kIntrinsic)) continue;
        bool engine = b.has(kOrder) || b.id == BuiltinId::position ||
                      b.id == BuiltinId::portfolio || b.id == BuiltinId::equity ||
                      b.id == BuiltinId::cash || b.id == BuiltinId::get_order ||
                      b.id == BuiltinId::working_orders || b.id == BuiltinId::working_orders_symbol;
        EXPECT_EQ(binds(b.id), !engine) << b.name;
    }
}

}  // namespace
}  // namespace dsl::stdlib
