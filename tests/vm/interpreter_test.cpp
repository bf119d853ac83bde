// The interpreter: the semantics of each opcode, gas (a `while true {}` stops at a known
// count), the call-depth and memory limits, runtime errors with position and call stack,
// the collector under pressure, inputs and the host interface.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/vm/asm.h"
#include "vm/vm.h"

namespace dsl::vm {
namespace {

using test::Fn;
using test::Mod;

const Type I = Type::int_(), F = Type::float_(), B = Type::bool_(), S = Type::string(),
           Y = Type::symbol();
const double kNa = std::numeric_limits<double>::quiet_NaN();

// A host with log (collected into `logs`), sqrt, and a builtin that fails on request.
struct TestHost {
    std::vector<std::string> logs;
    std::vector<uint32_t> log_lines;  // HostCall::line() of each log call
    Host host;

    TestHost() {
        host.user = this;
        host.bind(BuiltinId::log, [](HostCall& call, const Value* args, Value*) {
            auto* self = static_cast<TestHost*>(call.user());
            self->logs.emplace_back(args[0].as_string()->view());
            self->log_lines.push_back(call.line());
        });
        host.bind(BuiltinId::sqrt, [](HostCall& call, const Value* args, Value* result) {
            if (args[0].as_float() < -1e300) call.error("sqrt of something very negative");
            *result = Value::from_float(std::sqrt(args[0].as_float()));
        });
        host.bind(BuiltinId::symbol_name, [](HostCall& call, const Value* args, Value* result) {
            *result = Value::from_ref(call.new_string("SYM" + std::to_string(args[0].as_int())));
        });
        host.symbol_name = [](void*, int64_t id) -> std::optional<std::string_view> {
            static const std::string names[] = {"ORCL", "NVDA"};
            if (id < 0 || id > 1) return std::nullopt;
            return names[id];
        };
    }
};

// Builds, verifies and owns a module, and runs its functions.
struct Runner {
    std::unique_ptr<VerifiedModule> verified;
    TestHost host;
    std::unique_ptr<Vm> vm;

    explicit Runner(const Module& m, Limits limits = {}, VmOptions options = {}) {
        auto r = VerifiedModule::verify(m);
        if (auto* f = std::get_if<LoadFailure>(&r)) {
            ADD_FAILURE() << f->message;
            return;
        }
        verified = std::make_unique<VerifiedModule>(std::move(std::get<VerifiedModule>(r)));
        vm = std::make_unique<Vm>(*verified, host.host, limits, options);
    }

    Value call(uint32_t fn, std::vector<Value> args = {}) {
        Value out;
        auto r = vm->call(fn, args, &out);
        if (!r.ok()) ADD_FAILURE() << r.error->to_string();
        return out;
    }
    std::string error_of(uint32_t fn, std::vector<Value> args = {}) {
        auto r = vm->call(fn, args);
        return r.ok() ? "ok" : r.error->to_string();
    }
};

Value i(int64_t v) {
    return Value::from_int(v);
}
Value f(double v) {
    return Value::from_float(v);
}

// fn(a, b) -> result computed by one ABC instruction.
Module binary(Op op, Type a, Type b, Type result) {
    Mod mod;
    mod.source("line one\nline two\n");
    Fn fn("op", {a, b, result}, 2, result);
    fn.line(2).abc(op, 2, 0, 1).ret(2);
    mod.add(fn);
    return mod.m;
}

int64_t int_op(Op op, int64_t x, int64_t y) {
    Runner r(binary(op, I, I, I));
    return r.call(0, {i(x), i(y)}).as_int();
}
std::string int_op_error(Op op, int64_t x, int64_t y) {
    Runner r(binary(op, I, I, I));
    return r.error_of(0, {i(x), i(y)});
}

TEST(Interpreter, IntArithmetic) {
    EXPECT_EQ(int_op(Op::ADD_I, 2, 3), 5);
    EXPECT_EQ(int_op(Op::SUB_I, 2, 3), -1);
    EXPECT_EQ(int_op(Op::MUL_I, -4, 3), -12);
    EXPECT_EQ(int_op(Op::DIV_I, -7, 2), -3);
    EXPECT_EQ(int_op(Op::MOD_I, -7, 2), -1);
    EXPECT_EQ(int_op(Op::MOD_I, INT64_MIN, -1), 0);
    const std::string at = " in op at test.strat:2\n  at op (test.strat:2)";
    EXPECT_EQ(int_op_error(Op::ADD_I, INT64_MAX, 1), "runtime error: integer overflow" + at);
    EXPECT_EQ(int_op_error(Op::SUB_I, INT64_MIN, 1), "runtime error: integer overflow" + at);
    EXPECT_EQ(int_op_error(Op::MUL_I, INT64_MAX, 2), "runtime error: integer overflow" + at);
    EXPECT_EQ(int_op_error(Op::DIV_I, 1, 0), "runtime error: integer division by zero" + at);
    EXPECT_EQ(int_op_error(Op::DIV_I, INT64_MIN, -1), "runtime error: integer overflow" + at);
    EXPECT_EQ(int_op_error(Op::MOD_I, 1, 0), "runtime error: integer modulo by zero" + at);

    Mod mod;
    mod.add(Fn("neg", {I, I}, 1, I).abc(Op::NEG_I, 1, 0).ret(1));
    mod.add(Fn("addk", {I, I}, 1, I).abc(Op::ADDK_I, 1, 0, uint8_t(int8_t(-5))).ret(1));
    Runner r(mod.m);
    EXPECT_EQ(r.call(0, {i(5)}).as_int(), -5);
    EXPECT_EQ(r.call(1, {i(5)}).as_int(), 0);
    Runner r2(mod.m);
    EXPECT_EQ(r2.error_of(0, {i(INT64_MIN)}),
              "runtime error: integer overflow in neg at test.strat\n  at neg (test.strat)");
}

TEST(Interpreter, FloatArithmeticAndConversions) {
    auto fop = [](Op op, double x, double y) {
        Runner r(binary(op, F, F, F));
        return r.call(0, {f(x), f(y)}).as_float();
    };
    EXPECT_EQ(fop(Op::ADD_F, 1.5, 2.25), 3.75);
    EXPECT_EQ(fop(Op::SUB_F, 1.5, 2.25), -0.75);
    EXPECT_EQ(fop(Op::MUL_F, 1.5, 2), 3);
    EXPECT_TRUE(std::isinf(fop(Op::DIV_F, 1, 0)));
    EXPECT_EQ(fop(Op::MOD_F, 7.5, 2), 1.5);

    Mod mod;
    mod.source("x\n");
    mod.add(Fn("f2i", {F, I}, 1, I).line(1).abc(Op::F2I, 1, 0).ret(1));
    mod.add(Fn("i2f", {I, F}, 1, F).abc(Op::I2F, 1, 0).ret(1));
    mod.add(Fn("negf", {F, F}, 1, F).abc(Op::NEG_F, 1, 0).ret(1));
    Runner r(mod.m);
    EXPECT_EQ(r.call(0, {f(-2.9)}).as_int(), -2);
    EXPECT_EQ(r.call(1, {i(7)}).as_float(), 7.0);
    EXPECT_EQ(r.call(2, {f(7)}).as_float(), -7.0);
    EXPECT_EQ(Runner(mod.m).error_of(0, {f(kNa)}),
              "runtime error: cannot convert na to int in f2i at test.strat:1\n  at f2i "
              "(test.strat:1)");
    EXPECT_EQ(Runner(mod.m).error_of(0, {f(1e19)}).substr(0, 53),
              "runtime error: float 1e+19 is out of the int range in");
}

TEST(Interpreter, Comparisons) {
    auto cmp = [](Op op, Type t, Value x, Value y) {
        Runner r(binary(op, t, t, B));
        return r.call(0, {x, y}).as_bool();
    };
    EXPECT_TRUE(cmp(Op::LT_I, I, i(1), i(2)));
    EXPECT_FALSE(cmp(Op::LE_I, I, i(3), i(2)));
    EXPECT_TRUE(cmp(Op::EQ_Z, Y, i(1), i(1)));
    EXPECT_TRUE(cmp(Op::NE_Z, B, i(1), i(0)));
    EXPECT_FALSE(cmp(Op::LT_F, F, f(kNa), f(1)));
    EXPECT_FALSE(cmp(Op::EQ_F, F, f(kNa), f(kNa)));
    EXPECT_TRUE(cmp(Op::NE_F, F, f(kNa), f(kNa)));
    EXPECT_TRUE(cmp(Op::LE_F, F, f(1), f(1)));
}

// fn(a, b) -> int: 1 when the jump `op` is taken, else 0.
bool taken(Op op, Type t, Value x, Value y) {
    Mod mod;
    Fn fn("j", {t, t, I}, 2, I);
    auto yes = fn.label();
    fn.jump(op, yes, 0, 1).loadi(2, 0).ret(2).bind(yes).loadi(2, 1).ret(2);
    mod.add(fn);
    Runner r(mod.m);
    return r.call(0, {x, y}).as_int() == 1;
}

TEST(Interpreter, ConditionalJumps) {
    EXPECT_TRUE(taken(Op::JLT_I, I, i(1), i(2)));
    EXPECT_FALSE(taken(Op::JLT_I, I, i(2), i(2)));
    EXPECT_TRUE(taken(Op::JLE_I, I, i(2), i(2)));
    EXPECT_TRUE(taken(Op::JEQ_Z, I, i(2), i(2)));
    EXPECT_TRUE(taken(Op::JNE_Z, I, i(2), i(3)));
    EXPECT_TRUE(taken(Op::JLT_F, F, f(1), f(2)));
    EXPECT_FALSE(taken(Op::JLE_F, F, f(kNa), f(2)));
    EXPECT_TRUE(taken(Op::JNLT_F, F, f(kNa), f(2)));
    EXPECT_TRUE(taken(Op::JNLE_F, F, f(3), f(2)));
    EXPECT_FALSE(taken(Op::JNLE_F, F, f(2), f(2)));

    Mod mod;
    Fn fn("j", {B, I}, 1, I);
    auto yes = fn.label();
    fn.jump(Op::JMPIF, yes, 0).loadi(1, 0).ret(1).bind(yes).loadi(1, 1).ret(1);
    mod.add(fn);
    Fn g("n", {B, B}, 1, B);
    g.abc(Op::NOT, 1, 0).ret(1);
    mod.add(g);
    Runner r(mod.m);
    EXPECT_EQ(r.call(0, {i(1)}).as_int(), 1);
    EXPECT_EQ(r.call(0, {i(0)}).as_int(), 0);
    EXPECT_EQ(r.call(1, {i(0)}).as_int(), 1);
}

// sum of i for i in [from, to): FORPREP/FORLOOP with the limit in the next register.
Module sum_loop() {
    Mod mod;
    Fn fn("sum", {I, I, I}, 2, I);  // r0 = i, r1 = limit, r2 = sum
    auto body = fn.label(), done = fn.label();
    fn.loadi(2, 0).jump(Op::FORPREP, done, 0).bind(body).abc(Op::ADD_I, 2, 2, 0);
    fn.jump(Op::FORLOOP, body, 0).bind(done).ret(2);
    mod.add(fn);
    return mod.m;
}

TEST(Interpreter, ForLoops) {
    Runner r(sum_loop());
    EXPECT_EQ(r.call(0, {i(0), i(10)}).as_int(), 45);
    EXPECT_EQ(r.call(0, {i(5), i(5)}).as_int(), 0);
    EXPECT_EQ(r.call(0, {i(7), i(-3)}).as_int(), 0);
    EXPECT_EQ(r.call(0, {i(-3), i(3)}).as_int(), -3);
}

// fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)
Module fib_module() {
    Mod mod;
    mod.source(
        "fn fib(n: int) -> int {\n  if n < 2 { return n }\n  return fib(n-1) + fib(n-2)\n}\n");
    Fn fn("fib", {I, I, I, I, I}, 1, I);
    auto small = fn.label();
    fn.line(2).loadi(1, 2).jump(Op::JLT_I, small, 0, 1);
    fn.line(3).abc(Op::ADDK_I, 2, 0, uint8_t(int8_t(-1))).call(Op::CALL, 2, 0, {2});
    fn.abc(Op::ADDK_I, 3, 0, uint8_t(int8_t(-2))).call(Op::CALL, 3, 0, {3});
    fn.abc(Op::ADD_I, 4, 2, 3).ret(4);
    fn.line(2).bind(small).ret(0);
    mod.add(fn);
    return mod.m;
}

TEST(Interpreter, Recursion) {
    Runner r(fib_module());
    EXPECT_EQ(r.call(0, {i(20)}).as_int(), 6765);
    auto res = r.vm->call(0, std::vector<Value>{i(10)});
    // fib(10) makes 177 calls: 89 leaves (LOADI, JLT_I, RET: 3 gas) and 88 inner calls
    // (LOADI, JLT_I, ADDK_I, CALL, ADDK_I, CALL, ADD_I, RET: 14 gas, a CALL costing 4).
    EXPECT_EQ(res.gas_used, 89 * 3 + 88 * 14);
}

Value str(Runner& r, const char* s) {
    return Value::from_ref(r.vm->new_string(s));
}
std::string text(Value v) {
    return std::string(v.as_string()->view());
}

TEST(Interpreter, Strings) {
    Mod mod;
    mod.spec(">6");                            // P0
    mod.spec("+.2f");                          // P1
    mod.spec("", uint8_t(EnumId::OrderType));  // P2
    mod.spec("x");                             // P3
    mod.add(Fn("cat", {S, S, S}, 2, S).abc(Op::CONCAT, 2, 0, 1).ret(2));
    mod.add(Fn("len", {S, I}, 1, I).abc(Op::SLEN, 1, 0).ret(1));
    mod.add(Fn("eq", {S, S, B}, 2, B).abc(Op::EQ_S, 2, 0, 1).ret(2));
    mod.add(Fn("ne", {S, S, B}, 2, B).abc(Op::NE_S, 2, 0, 1).ret(2));
    mod.add(Fn("fi", {I, S}, 1, S).abc(Op::FMT_I, 1, 0, 0).ret(1));
    mod.add(Fn("ff", {F, S}, 1, S).abc(Op::FMT_F, 1, 0, 1).ret(1));
    mod.add(Fn("fb", {B, S}, 1, S).abc(Op::FMT_B, 1, 0, 0).ret(1));
    mod.add(Fn("fs", {S, S}, 1, S).abc(Op::FMT_S, 1, 0, 0).ret(1));
    mod.add(Fn("fy", {Y, S}, 1, S).abc(Op::FMT_Y, 1, 0, 0).ret(1));
    mod.add(Fn("fe", {Type::enum_(EnumId::OrderType), S}, 1, S).abc(Op::FMT_E, 1, 0, 2).ret(1));
    mod.add(Fn("fx", {I, S}, 1, S).abc(Op::FMT_I, 1, 0, 3).ret(1));
    Runner r(mod.m);
    EXPECT_EQ(text(r.call(0, {str(r, "ab"), str(r, "cd")})), "abcd");
    EXPECT_EQ(r.call(1, {str(r, "hello")}).as_int(), 5);
    EXPECT_TRUE(r.call(2, {str(r, "x"), str(r, "x")}).as_bool());
    EXPECT_FALSE(r.call(2, {str(r, "x"), str(r, "xy")}).as_bool());
    EXPECT_TRUE(r.call(3, {str(r, "x"), str(r, "y")}).as_bool());
    EXPECT_EQ(text(r.call(4, {i(-42)})), "   -42");
    EXPECT_EQ(text(r.call(5, {f(3.14159)})), "+3.14");
    EXPECT_EQ(text(r.call(5, {f(kNa)})), "na");
    EXPECT_EQ(text(r.call(6, {i(1)})), "  true");
    EXPECT_EQ(text(r.call(7, {str(r, "ab")})), "    ab");
    EXPECT_EQ(text(r.call(8, {i(1)})), "  NVDA");
    EXPECT_EQ(text(r.call(9, {i(3)})), "StopLimit");
    EXPECT_EQ(text(r.call(10, {i(255)})), "ff");
    EXPECT_EQ(r.error_of(8, {i(7)}),
              "runtime error: invalid symbol id 7 in fy at test.strat\n  at fy (test.strat)");
}

TEST(Interpreter, Arrays) {
    Type ints = Type::array_of(I), strings = Type::array_of(S);
    Mod mod;
    mod.source("1\n2\n3\n4\n5\n6\n");
    // build(n): a = [0] * n; a[n-1] = 7; push 9; return a
    Fn build("build", {I, ints, I, I}, 1, ints);
    build.line(1).abc(Op::NEWARR, 1, 0, 0).abc(Op::ADDK_I, 2, 0, uint8_t(int8_t(-1)));
    build.line(2).loadi(3, 7).abc(Op::ASET, 1, 2, 3).loadi(3, 9).abc(Op::APUSH, 1, 3).ret(1);
    mod.add(build);                                                                // F0
    mod.add(Fn("get", {ints, I, I}, 2, I).line(3).abc(Op::AGET, 2, 0, 1).ret(2));  // F1
    mod.add(Fn("len", {ints, I}, 1, I).abc(Op::ALEN, 1, 0).ret(1));                // F2
    mod.add(Fn("pop", {ints, I}, 1, I).line(4).abc(Op::APOP, 1, 0).ret(1));        // F3
    mod.add(Fn("clear", {ints}, 1).abc(Op::ACLEAR, 0).ret0());                     // F4
    // strs(n): n empty strings
    mod.add(Fn("strs", {I, strings}, 1, strings).line(5).abc(Op::NEWARR, 1, 0, 1).ret(1));  // F5
    mod.add(Fn("sget", {strings, I, S}, 2, S).abc(Op::AGET, 2, 0, 1).ret(2));               // F6
    Runner r(mod.m);
    Value a = r.call(0, {i(3)});
    EXPECT_EQ(r.call(2, {a}).as_int(), 4);
    EXPECT_EQ(r.call(1, {a, i(0)}).as_int(), 0);
    EXPECT_EQ(r.call(1, {a, i(2)}).as_int(), 7);
    EXPECT_EQ(r.call(1, {a, i(3)}).as_int(), 9);
    EXPECT_EQ(r.call(3, {a}).as_int(), 9);
    EXPECT_EQ(r.call(2, {a}).as_int(), 3);
    r.call(4, {a});
    EXPECT_EQ(r.call(2, {a}).as_int(), 0);
    Value s = r.call(5, {i(2)});
    EXPECT_EQ(text(r.call(6, {s, i(1)})), "");

    Runner r2(mod.m);
    Value b = r2.call(0, {i(1)});
    EXPECT_EQ(r2.error_of(1, {b, i(-1)}),
              "runtime error: array index -1 out of bounds (length 2) in get at test.strat:3\n"
              "  at get (test.strat:3)");
    Runner r3(mod.m);
    Value c = r3.call(0, {i(1)});
    r3.call(4, {c});
    EXPECT_EQ(r3.error_of(3, {c}),
              "runtime error: pop from an empty array in pop at test.strat:4\n"
              "  at pop (test.strat:4)");
    Runner r4(mod.m);
    EXPECT_EQ(r4.error_of(0, {i(-2)}),
              "runtime error: negative array length -2 in build at test.strat:1\n"
              "  at build (test.strat:1)");
}

// CALLBF reads one field of a builtin's record: through the host's field reader when it has
// one (the builtin is not called), else from the record the builtin returns.
struct OrderHost {
    Host host;
    int builtin_calls = 0;
    int reader_calls = 0;
    bool reader_returns_null = false;

    static Value qty_of(const Value* args) { return Value::from_float(1.5 * args[0].as_int()); }
    static std::string tag_of(const Value* args) {
        return "order " + std::to_string(args[0].as_int());
    }
    explicit OrderHost(bool with_reader) {
        host.user = this;
        host.bind(BuiltinId::get_order, [](HostCall& call, const Value* args, Value* result) {
            static_cast<OrderHost*>(call.user())->builtin_calls++;
            Record* o = call.new_record(RecordId::Order);
            HostCall::set_field(o, field_slot(RecordId::Order, "qty"), qty_of(args));
            HostCall::set_field(o, field_slot(RecordId::Order, "tag"),
                                Value::from_ref(call.new_string(tag_of(args))));
            *result = Value::from_ref(o);
        });
        if (!with_reader) return;
        host.bind_field_reader(BuiltinId::get_order, [](HostCall& call, const Value* args,
                                                        uint32_t field, Value* result) {
            auto* self = static_cast<OrderHost*>(call.user());
            self->reader_calls++;
            if (field == field_slot(RecordId::Order, "qty")) *result = qty_of(args);
            if (field == field_slot(RecordId::Order, "tag"))
                *result = self->reader_returns_null
                              ? Value()
                              : Value::from_ref(call.new_string(tag_of(args)));
        });
    }
};

// fn qty(id: int) -> float  and  fn tag(id: int) -> string, each one CALLBF.
Module order_field_readers() {
    Mod mod;
    mod.source("qty\ntag\n");
    uint32_t get_order = mod.import(BuiltinId::get_order);
    Fn qty("qty", {I, F}, 1, F);
    qty.line(1).call(Op::CALLBF, 1, get_order, {0}, field_slot(RecordId::Order, "qty")).ret(1);
    mod.add(qty);
    Fn tag("tag", {I, S}, 1, S);
    tag.line(2).call(Op::CALLBF, 1, get_order, {0}, field_slot(RecordId::Order, "tag")).ret(1);
    mod.add(tag);
    return mod.m;
}

TEST(Interpreter, FieldOfABuiltinsRecordWithAndWithoutAReader) {
    const Module m = order_field_readers();
    auto verified = VerifiedModule::verify(m);
    ASSERT_TRUE(std::holds_alternative<VerifiedModule>(verified))
        << std::get<LoadFailure>(verified).message;
    const VerifiedModule& module = std::get<VerifiedModule>(verified);
    for (bool with_reader : {false, true}) {
        OrderHost oh(with_reader);
        Vm vm(module, oh.host, {}, {.metering = true, .gc_stress = true});
        Value out;
        const Value four[] = {i(4)}, seven[] = {i(7)};
        ASSERT_TRUE(vm.call(0, four, &out).ok());
        EXPECT_EQ(out.as_float(), 6.0);
        ASSERT_TRUE(vm.call(1, seven, &out).ok());
        EXPECT_EQ(out.as_string()->view(), "order 7");
        EXPECT_EQ(oh.builtin_calls, with_reader ? 0 : 2);
        EXPECT_EQ(oh.reader_calls, with_reader ? 2 : 0);
    }
    // A reader must give a string field an object, as a builtin must give its string result.
    OrderHost broken(true);
    broken.reader_returns_null = true;
    Vm vm(module, broken.host);
    const Value seven[] = {i(7)};
    auto r = vm.call(1, seven);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->to_string(),
              "runtime error: internal error: builtin get_order returned no object in tag at "
              "test.strat:2\n  at tag (test.strat:2)");
}

TEST(Interpreter, RecordsAsHandlerArguments) {
    Type order = Type::record(RecordId::Order);
    Mod mod;
    mod.spec("");
    uint32_t log = mod.import(BuiltinId::log);
    // on_order_fill(o): log(str(o.qty) + o.tag)
    Fn fn("on_order_fill", {order, F, S, S, S}, 1);
    fn.line(7).abc(Op::GETFIELD, 1, 0, uint8_t(find_field(RecordId::Order, "qty")->index));
    fn.abc(Op::FMT_F, 2, 1, 0);
    fn.abc(Op::GETFIELD, 3, 0, uint8_t(find_field(RecordId::Order, "tag")->index));
    fn.abc(Op::CONCAT, 4, 2, 3).call(Op::CALLB, 0, log, {4}).ret0();
    mod.handler(HandlerId::on_order_fill, fn);
    Runner r(mod.m, {}, {.metering = true, .gc_stress = true});
    Record* o = r.vm->new_record(RecordId::Order);
    HostCall::set_field(o, find_field(RecordId::Order, "qty")->index, f(2.5));
    HostCall::set_field(o, find_field(RecordId::Order, "tag")->index,
                        Value::from_ref(r.vm->new_string(" units")));
    Value args[] = {Value::from_ref(o)};
    auto res = r.vm->invoke(HandlerId::on_order_fill, args);
    ASSERT_TRUE(res.ok()) << res.error->to_string();
    EXPECT_EQ(r.host.logs, std::vector<std::string>{"2.5 units"});
    EXPECT_EQ(r.host.log_lines, std::vector<uint32_t>{7});
    // A fresh record's floats are na and its strings empty.
    Record* fresh = r.vm->new_record(RecordId::Order);
    EXPECT_TRUE(
        std::isnan(fresh->fields()[find_field(RecordId::Order, "limit_price")->index].as_float()));
    EXPECT_EQ(fresh->fields()[find_field(RecordId::Order, "tag")->index].as_string()->view(), "");
}

TEST(Interpreter, GlobalsPersistAndStartAtZeroValues) {
    Mod mod;
    uint32_t count = mod.global("count", I);
    uint32_t name = mod.global("name", S);
    uint32_t list = mod.global("list", Type::array_of(F));
    mod.global("pos", Type::record(RecordId::Position));
    // bump() -> int: count += 1; list.push(1.5); return count + len(name) + len(list)
    Fn fn("bump", {I, I, S, I, Type::array_of(F), F}, 0, I);
    fn.abx(Op::GETG, 0, count).abc(Op::ADDK_I, 0, 0, 1).abx(Op::SETG, 0, count);
    fn.abx(Op::GETG, 4, list).loadk(5, mod.float_const(1.5)).abc(Op::APUSH, 4, 5);
    fn.abx(Op::GETG, 2, name).abc(Op::SLEN, 1, 2).abc(Op::ADD_I, 0, 0, 1);
    fn.abc(Op::ALEN, 3, 4).abc(Op::ADD_I, 0, 0, 3).ret(0);
    mod.add(fn);
    Runner r(mod.m);
    EXPECT_EQ(r.call(0).as_int(), 2);
    EXPECT_EQ(r.call(0).as_int(), 4);
    EXPECT_EQ(r.vm->global(count).as_int(), 2);
}

// ---- Gas ----------------------------------------------------------------------------------

// on_bar(s) { while true {} } at line 3 of the source.
Module endless_loop(HandlerId h = HandlerId::on_bar) {
    Mod mod;
    mod.source("var n = 0\non_bar(s) {\n  while true {}\n}\n");
    std::vector<Type> regs;
    for (const Param& p : handler_info(h).params)
        regs.push_back(p.type.type);
    Fn fn(std::string(handler_info(h).name), regs, uint32_t(regs.size()));
    fn.line(3).sax(Op::LOOP, -1);
    mod.handler(h, fn);
    return mod.m;
}

TEST(Gas, EndlessLoopStopsAtAKnownCount) {
    Limits limits;
    limits.event_gas = 1000;
    Runner r(endless_loop(), limits);
    Value args[] = {i(0)};
    auto res = r.vm->invoke(HandlerId::on_bar, args);
    ASSERT_FALSE(res.ok());
    // LOOP costs 1 and is checked after charging: the 1001st LOOP finds the gas negative.
    EXPECT_EQ(res.gas_used, 1001);
    EXPECT_EQ(res.error->kind, ErrorKind::EventGas);
    EXPECT_EQ(res.error->to_string(),
              "runtime error: gas limit exceeded (event limit of 1000) in on_bar at "
              "test.strat:3\n  at on_bar (test.strat:3)");
    // The VM has stopped: later events do nothing and report the same error.
    auto again = r.vm->invoke(HandlerId::on_bar, args);
    EXPECT_EQ(again.gas_used, 0);
    EXPECT_EQ(again.error->summary(), res.error->summary());
    EXPECT_TRUE(r.vm->stopped());
}

// on_bar(s) { LOADI, three ADDK_I; return } at lines 2-3: 5 gas an invocation, no loop or call.
Module straight_line_handler() {
    Mod mod;
    mod.source("on_bar(s) {\n  let x = 1 + 1 + 1\n}\n");
    Fn fn("on_bar", {Y, I}, 1);
    fn.line(2)
        .abc(Op::LOADI, 1, 1)
        .abc(Op::ADDK_I, 1, 1, 1)
        .abc(Op::ADDK_I, 1, 1, 1)
        .abc(Op::ADDK_I, 1, 1, 1);
    fn.line(3).abc(Op::RET0, 0, 0, 0);
    mod.handler(HandlerId::on_bar, fn);
    return mod.m;
}

// Returns are safepoints: a handler without loops or calls is held to the run's limit (it
// stops on the invocation that passes it) and to the event limit.
TEST(Gas, AHandlerWithoutLoopsOrCallsStopsWhenItReturnsPastTheLimit) {
    Limits limits;
    limits.run_gas = 10;
    Runner r(straight_line_handler(), limits);
    Value args[] = {i(0)};
    EXPECT_TRUE(r.vm->invoke(HandlerId::on_bar, args).ok());  // 5
    EXPECT_TRUE(r.vm->invoke(HandlerId::on_bar, args).ok());  // 10: the limit, not past it
    auto res = r.vm->invoke(HandlerId::on_bar, args);         // 15 > 10
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.gas_used, 5);
    EXPECT_EQ(r.vm->gas_used(), 15);
    EXPECT_EQ(res.error->to_string(),
              "runtime error: gas limit exceeded (run limit of 10) in on_bar at test.strat:3\n"
              "  at on_bar (test.strat:3)");

    limits = {};
    limits.event_gas = 4;
    Runner e(straight_line_handler(), limits);
    auto event = e.vm->invoke(HandlerId::on_bar, args);
    ASSERT_FALSE(event.ok());
    EXPECT_EQ(event.error->kind, ErrorKind::EventGas);
    EXPECT_EQ(event.gas_used, 5);
}

TEST(Gas, DefaultLimitStopsAnEndlessLoopQuickly) {
    for (HandlerId h :
         {HandlerId::on_start, HandlerId::on_bar, HandlerId::on_tick, HandlerId::on_order_fill,
          HandlerId::on_order_update, HandlerId::on_position_change, HandlerId::on_stop}) {
        Runner r(endless_loop(h));
        std::vector<Value> args;
        for (const Param& p : handler_info(h).params) {
            args.push_back(p.type.type.kind == TypeKind::Record
                               ? Value::from_ref(r.vm->new_record(p.type.type.record_id()))
                               : i(0));
        }
        auto res = r.vm->invoke(h, args);
        ASSERT_FALSE(res.ok());
        EXPECT_EQ(res.gas_used, Limits{}.event_gas + 1);
        EXPECT_EQ(res.error->summary(),
                  "runtime error: gas limit exceeded (event limit of 10000000) in " +
                      std::string(handler_info(h).name) + " at test.strat:3");
    }
}

TEST(Gas, RunLimitSpansInvocations) {
    Mod mod;
    // on_bar(s): a loop of 100 iterations (FORPREP 1, 100 x (ADD_I 1 + FORLOOP 1), RET0 1)
    Fn fn("on_bar", {Y, I, I, I}, 1);
    auto body = fn.label(), done = fn.label();
    fn.loadi(1, 0).loadi(2, 100).loadi(3, 0).jump(Op::FORPREP, done, 1).bind(body);
    fn.abc(Op::ADD_I, 3, 3, 1).jump(Op::FORLOOP, body, 1).bind(done).ret0();
    mod.handler(HandlerId::on_bar, fn);
    Limits limits;
    limits.run_gas = 1000;
    Runner r(mod.m, limits);
    Value args[] = {i(0)};
    int64_t per_event = 3 + 1 + 200 + 1;
    for (int k = 0; k < 4; ++k) {
        auto res = r.vm->invoke(HandlerId::on_bar, args);
        ASSERT_TRUE(res.ok());
        EXPECT_EQ(res.gas_used, per_event);
    }
    auto res = r.vm->invoke(HandlerId::on_bar, args);
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error->kind, ErrorKind::RunGas);
    EXPECT_EQ(res.error->message, "gas limit exceeded (run limit of 1000)");
    EXPECT_LE(r.vm->gas_used(), 1000 + 2);
}

// ---- Limits and errors --------------------------------------------------------------------

TEST(Limits, RunawayRecursionHitsTheCallDepth) {
    Mod mod;
    mod.source("fn down(n: int) -> int {\n  return down(n + 1)\n}\n");
    Fn fn("down", {I, I, I}, 1, I);
    fn.line(2).abc(Op::ADDK_I, 1, 0, 1).call(Op::CALL, 2, 0, {1}).ret(2);
    mod.add(fn);
    Limits limits;
    limits.max_call_depth = 50;
    Runner r(mod.m, limits);
    auto res = r.vm->call(0, std::vector<Value>{i(0)});
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error->kind, ErrorKind::CallDepth);
    EXPECT_EQ(res.error->stack.size(), 50u);
    std::string expected =
        "runtime error: call depth limit exceeded (50 frames) in down at test.strat:2";
    for (int k = 0; k < 10; ++k)
        expected += "\n  at down (test.strat:2)";
    expected += "\n  ... 30 more frames ...";
    for (int k = 0; k < 10; ++k)
        expected += "\n  at down (test.strat:2)";
    EXPECT_EQ(res.error->to_string(), expected);

    Runner deep(mod.m);  // the default depth
    auto res2 = deep.vm->call(0, std::vector<Value>{i(0)});
    EXPECT_EQ(res2.error->stack.size(), size_t(Limits{}.max_call_depth));
}

TEST(Limits, HugeArrayHitsTheMemoryLimit) {
    Mod mod;
    mod.source("1\n2\n");
    Fn fn("big", {I, Type::array_of(F)}, 1);
    fn.line(2).abc(Op::NEWARR, 1, 0, 0).ret0();
    mod.add(fn);
    Limits limits;
    limits.memory = 1 << 20;
    Runner r(mod.m, limits);
    EXPECT_EQ(r.error_of(0, {i(1)}), "ok");
    Runner r2(mod.m, limits);
    EXPECT_EQ(r2.error_of(0, {i(1 << 20)}),
              "runtime error: memory limit exceeded (1048576 bytes) in big at test.strat:2\n"
              "  at big (test.strat:2)");
    Runner r3(mod.m, limits);
    EXPECT_EQ(r3.vm->call(0, std::vector<Value>{i(INT64_MAX)}).error->kind, ErrorKind::Memory);
}

// What the VM allocates before any code runs (its register stack, the globals' zero values)
// is held to the limit too: a limit it does not fit stops the strategy cleanly, with an error
// in "<setup>" that every invocation returns, instead of escaping the constructor.
TEST(Limits, ASetUpThatDoesNotFitStopsBeforeRunning) {
    Limits limits;
    limits.memory = 5000;  // less than the register stack
    Runner r(straight_line_handler(), limits);
    ASSERT_TRUE(r.vm->stopped());
    auto init = r.vm->run_init();  // no state initialiser: still the error
    ASSERT_FALSE(init.ok());
    EXPECT_EQ(init.error->to_string(),
              "runtime error: memory limit exceeded (5000 bytes) in <setup> at test.strat");
    Value args[] = {i(0)};
    auto bar = r.vm->invoke(HandlerId::on_bar, args);
    EXPECT_EQ(bar.error, init.error);
    EXPECT_EQ(bar.gas_used, 0);

    // A runner's reservation for the whole run (its market history) that does not fit.
    limits.memory = 1 << 20;
    Runner h(straight_line_handler(), limits);
    ASSERT_FALSE(h.vm->stopped());
    h.vm->reserve_host_memory(600 << 10, "the market history");
    EXPECT_FALSE(h.vm->stopped());
    h.vm->reserve_host_memory(600 << 10, "the market history");
    ASSERT_TRUE(h.vm->stopped());
    EXPECT_EQ(h.vm->error()->summary(),
              "runtime error: memory limit exceeded (1048576 bytes): the market history needs "
              "614400 bytes in <setup> at test.strat");
}

TEST(Limits, StringDoublingHitsTheMemoryLimit) {
    Mod mod;
    mod.source("1\n2\n3\n");
    uint32_t k = mod.string_const("0123456789abcdef");
    // s = "..."; while true { s = s + s }
    Fn fn("blowup", {S});
    fn.line(2).loadk(0, k).line(3).abc(Op::CONCAT, 0, 0, 0).sax(Op::LOOP, -2);
    mod.add(fn);
    Limits limits;
    limits.memory = 8 << 20;
    limits.event_gas = INT64_MAX / 2;
    Runner r(mod.m, limits);
    auto res = r.vm->call(0, {});
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error->summary(),
              "runtime error: memory limit exceeded (8388608 bytes) in blowup at test.strat:3");
    EXPECT_LE(r.vm->heap().bytes(), limits.memory);
    // With the default limits the gas runs out first: concatenation costs per byte.
    Runner d(mod.m);
    auto res2 = d.vm->call(0, {});
    EXPECT_EQ(res2.error->kind, ErrorKind::EventGas);
}

TEST(Errors, NameHandlerLineAndStack) {
    Mod mod;
    mod.source(
        "fn ratio(a: int, b: int) -> int {\n"
        "  return a / b\n"
        "}\n"
        "on_bar(s) {\n"
        "  var x = ratio(1, 0)\n"
        "}\n");
    Fn ratio("ratio", {I, I, I}, 2, I);
    ratio.line(2).abc(Op::DIV_I, 2, 0, 1).ret(2);
    mod.add(ratio);
    Fn bar("on_bar", {Y, I, I, I}, 1);
    bar.line(5).loadi(1, 1).loadi(2, 0).call(Op::CALL, 3, 0, {1, 2}).line(6).ret0();
    mod.handler(HandlerId::on_bar, bar);
    Runner r(mod.m);
    Value args[] = {i(0)};
    auto res = r.vm->invoke(HandlerId::on_bar, args);
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error->to_string(),
              "runtime error: integer division by zero in on_bar at test.strat:2\n"
              "  at ratio (test.strat:2)\n"
              "  at on_bar (test.strat:5)");
    EXPECT_EQ(res.error->line, 2u);
    EXPECT_EQ(res.error->handler, "on_bar");
}

TEST(Errors, BuiltinsRaiseThemAndMissingBindingsAreRefused) {
    Mod mod;
    mod.source("1\n");
    uint32_t sqrt = mod.import(BuiltinId::sqrt);
    mod.add(Fn("root", {F, F}, 1, F).line(1).call(Op::CALLB, 1, sqrt, {0}).ret(1));
    Runner r(mod.m);
    EXPECT_EQ(r.call(0, {f(9)}).as_float(), 3.0);
    EXPECT_EQ(r.error_of(0, {f(-1e301)}),
              "runtime error: sqrt of something very negative in root at test.strat:1\n"
              "  at root (test.strat:1)");

    mod.import(BuiltinId::buy);
    Host empty;
    EXPECT_EQ(check_bindings(mod.m, empty), "builtin sqrt is not available in this runner");
    TestHost partial;
    EXPECT_EQ(check_bindings(mod.m, partial.host), "builtin buy is not available in this runner");
}

// ---- The collector ------------------------------------------------------------------------

TEST(Collector, KeepsLiveDataUnderPressure) {
    Type strings = Type::array_of(S);
    Mod mod;
    mod.spec("");
    uint32_t keep = mod.global("keep", strings);
    // fill(n): for i in 0..n { keep.push(str(i) + "/" + str(i)); garbage = str(i) + str(i) }
    uint32_t slash = mod.string_const("/");
    Fn fn("fill", {I, I, I, S, S, S, strings}, 1);  // r0 = n, r1 = i, r2 = limit
    auto body = fn.label(), done = fn.label();
    fn.abx(Op::GETG, 6, keep).loadi(1, 0).abc(Op::MOVE, 2, 0).jump(Op::FORPREP, done, 1);
    fn.bind(body).abc(Op::FMT_I, 3, 1, 0).loadk(4, slash).abc(Op::CONCAT, 5, 3, 4);
    fn.abc(Op::CONCAT, 5, 5, 3).abc(Op::APUSH, 6, 5).abc(Op::CONCAT, 4, 3, 3);
    fn.jump(Op::FORLOOP, body, 1).bind(done).ret0();
    mod.add(fn);
    for (bool stress : {false, true}) {
        Runner r(mod.m, {}, {.metering = true, .gc_stress = stress});
        int n = stress ? 300 : 100000;
        r.call(0, {i(n)});
        r.vm->collect_garbage();
        const Array* a = r.vm->global(keep).as_array();
        ASSERT_EQ(a->length, uint64_t(n));
        for (int k = 0; k < n; ++k)
            ASSERT_EQ(a->data[k].as_string()->view(), std::to_string(k) + "/" + std::to_string(k));
        // Live: the array and its strings; the garbage strings are gone.
        EXPECT_EQ(r.vm->heap().object_count(), uint64_t(n) + 1);
        EXPECT_GT(r.vm->heap().collections(), 0u);
    }
}

// Objects the host keeps between calls (vm.h, keep()) are roots until replaced.
TEST(Collector, KeptObjectsLiveUntilReplaced) {
    Mod mod;
    mod.spec("");
    mod.add(Fn("noop", {}, 0).ret0());
    Runner r(mod.m);
    uint64_t base = r.vm->heap().object_count();
    uint32_t a = r.vm->add_kept_slot(), b = r.vm->add_kept_slot();
    Record* first = r.vm->new_record(RecordId::Position);
    first->fields()[0] = i(7);
    r.vm->keep(a, first);
    r.vm->keep(b, r.vm->new_record(RecordId::Position));
    r.call(0, {});  // ends the handles of objects made outside calls
    r.vm->collect_garbage();
    EXPECT_EQ(r.vm->heap().object_count(), base + 2);
    EXPECT_EQ(r.vm->kept(a), first);
    EXPECT_EQ(first->fields()[0].as_int(), 7);
    r.vm->keep(b, nullptr);
    r.vm->collect_garbage();
    EXPECT_EQ(r.vm->heap().object_count(), base + 1);
    r.vm->keep(a, nullptr);
    r.vm->collect_garbage();
    EXPECT_EQ(r.vm->heap().object_count(), base);
}

TEST(Collector, CollectionsCostGas) {
    // A large live array and a loop that allocates: with a collection at every allocation
    // (as when the heap sits at the memory limit), each iteration pays for marking and
    // sweeping, so the loop runs out of gas after a few thousand iterations, not 100,000s.
    Type strings = Type::array_of(S);
    Mod mod;
    mod.spec("");
    uint32_t keep = mod.global("keep", strings);
    uint32_t count = mod.global("count", I);
    Fn fill("fill", {I, I, I, S, strings}, 1);  // r0 = n, r1 = i, r2 = limit
    auto body = fill.label(), done = fill.label();
    fill.abx(Op::GETG, 4, keep).loadi(1, 0).abc(Op::MOVE, 2, 0).jump(Op::FORPREP, done, 1);
    fill.bind(body).abc(Op::FMT_I, 3, 1, 0).abc(Op::APUSH, 4, 3).jump(Op::FORLOOP, body, 1);
    fill.bind(done).ret0();
    mod.add(fill);
    Fn churn("churn", {I, S});
    churn.abx(Op::GETG, 0, count).abc(Op::ADDK_I, 0, 0, 1).abx(Op::SETG, 0, count);
    churn.abc(Op::FMT_I, 1, 0, 0).sax(Op::LOOP, -5);
    mod.add(churn);
    Limits limits;
    limits.event_gas = 1'000'000;
    Runner r(mod.m, limits, {.metering = true, .gc_stress = true});
    r.call(0, {i(2000)});
    auto res = r.vm->call(1, {});
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error->kind, ErrorKind::EventGas);
    // ~2000 live objects: ~4000 units of work, 500 gas, per iteration.
    EXPECT_LT(r.vm->global(count).as_int(), 5000);
    EXPECT_GT(r.vm->global(count).as_int(), 500);
}

// ---- Inputs -------------------------------------------------------------------------------

TEST(Inputs, AreParsedByType) {
    Mod mod;
    uint32_t n = mod.global("length", I);
    uint32_t x = mod.global("threshold", F);
    uint32_t b = mod.global("enabled", B);
    uint32_t s = mod.global("label", S);
    uint32_t t = mod.global("tif", Type::enum_(EnumId::TimeInForce));
    mod.m.inputs = {{"length", n, {I, 14, 0, {}}},
                    {"threshold", x, {F, 0, 0.5, {}}},
                    {"enabled", b, {B, 1, 0, {}}},
                    {"label", s, {S, 0, 0, "abc"}},
                    {"tif", t, {Type::enum_(EnumId::TimeInForce), 0, 0, {}}}};
    Runner r(mod.m);
    Vm& vm = *r.vm;
    EXPECT_EQ(vm.global(n).as_int(), 14);
    EXPECT_EQ(vm.global(s).as_string()->view(), "abc");
    EXPECT_EQ(vm.set_input("length=20"), std::nullopt);
    EXPECT_EQ(vm.global(n).as_int(), 20);
    EXPECT_EQ(vm.set_input("threshold", "-1.25e1"), std::nullopt);
    EXPECT_EQ(vm.global(x).as_float(), -12.5);
    EXPECT_EQ(vm.set_input("threshold=na"), std::nullopt);
    EXPECT_TRUE(std::isnan(vm.global(x).as_float()));
    EXPECT_EQ(vm.set_input("enabled=false"), std::nullopt);
    EXPECT_EQ(vm.global(b).as_int(), 0);
    EXPECT_EQ(vm.set_input("label=x=y"), std::nullopt);
    EXPECT_EQ(vm.global(s).as_string()->view(), "x=y");
    EXPECT_EQ(vm.set_input("tif=IOC"), std::nullopt);
    EXPECT_EQ(vm.global(t).as_int(), 2);
    EXPECT_EQ(vm.set_input("tif=TimeInForce.DAY"), std::nullopt);
    EXPECT_EQ(vm.global(t).as_int(), 1);

    EXPECT_EQ(vm.set_input("lenght=3"),
              "unknown input 'lenght' (inputs: length, threshold, enabled, label, tif)");
    EXPECT_EQ(vm.set_input("length=1x"), "input length: '1x' is not an int");
    EXPECT_EQ(vm.set_input("length=99999999999999999999"),
              "input length: '99999999999999999999' is not an int");
    EXPECT_EQ(vm.set_input("threshold= 1"), "input threshold: ' 1' is not a float");
    EXPECT_EQ(vm.set_input("enabled=yes"), "input enabled: 'yes' is not a bool");
    EXPECT_EQ(vm.set_input("tif=NOW"), "input tif: 'NOW' is not one of GTC DAY IOC FOK");
    EXPECT_EQ(vm.set_input("length"), "--input expects name=value, got 'length'");
}

}  // namespace
}  // namespace dsl::vm
