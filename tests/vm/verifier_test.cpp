// The loader and the verifier: every rule of vm/verifier.h has a module that breaks it and
// the exact message it gets; corrupt files are rejected by read_module with theirs.
#include "vm/verifier.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstring>

#include "bytecode/file_format.h"
#include "bytecode/module_io.h"
#include "tests/vm/asm.h"
#include "vm/loader.h"

namespace dsl::vm {
namespace {

using test::Fn;
using test::Mod;

const Type I = Type::int_(), F = Type::float_(), B = Type::bool_(), S = Type::string(),
           Y = Type::symbol();

std::string verify(const Module& m) {
    auto e = verify_module(m);
    return e ? e->to_string() : "ok";
}

// One function `f` (not a handler) with the given registers and code.
std::string verify_fn(const Fn& f, Mod mod = {}) {
    mod.add(f);
    return verify(mod.m);
}

std::string prefix(std::string_view rest) {
    return "bad bytecode: function f, " + std::string(rest);
}

TEST(Verifier, AcceptsASoundModule) {
    Mod mod;
    Fn f("on_bar", {Y, I, I}, 1);
    f.loadi(1, 2).abc(Op::ADD_I, 2, 1, 1).ret0();
    mod.handler(HandlerId::on_bar, f);
    EXPECT_EQ(verify(mod.m), "ok");
}

TEST(Verifier, Decoding) {
    EXPECT_EQ(verify_fn(Fn("f", {}).raw(0xFF)), prefix("pc 0: unknown opcode 255"));
    EXPECT_EQ(verify_fn(Fn("f", {I, I}).ret0().raw(encode_abc(Op::JLT_I, 0, 1, 0))),
              prefix("pc 1: JLT_I: truncated instruction"));
    // A CALL whose argument words run past the end.
    EXPECT_EQ(verify_fn(Fn("f", {}).raw(encode_abx(Op::CALL, 0, 0)).raw(9)),
              prefix("pc 0: CALL: truncated instruction"));
    EXPECT_EQ(verify_fn(Fn("f", {})), "bad bytecode: function f: the function has no code");
}

TEST(Verifier, RegisterRangesAndTypes) {
    EXPECT_EQ(verify_fn(Fn("f", {I, I, I}).abc(Op::ADD_I, 5, 1, 2).ret0()),
              prefix("pc 0: ADD_I: operand A r5 out of range (3 registers)"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F, I}).loadi(0, 1).abc(Op::ADD_I, 0, 1, 0).ret0()),
              prefix("pc 1: ADD_I: operand B (r1) is float, expected int"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).abc(Op::MOVE, 0, 1).ret0()),
              prefix("pc 0: MOVE: r0 is int but r1 is float"));
    EXPECT_EQ(verify_fn(Fn("f", {B, I, F}).abc(Op::EQ_Z, 0, 1, 2).ret0()),
              prefix("pc 0: EQ_Z: operand C (r2) is float, expected int, bool, symbol or enum"));
    EXPECT_EQ(verify_fn(Fn("f", {B, I, Y}).abc(Op::EQ_Z, 0, 1, 2).ret0()),
              prefix("pc 0: EQ_Z: r1 is int but r2 is symbol"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).asbx(Op::FORPREP, 0, 0).ret0()),
              prefix("pc 0: FORPREP: limit register r1 is float, expected int"));
    EXPECT_EQ(verify_fn(Fn("f", {I}).asbx(Op::FORPREP, 0, 0).ret0()),
              prefix("pc 0: FORPREP: limit register r1 out of range (1 registers)"));
}

TEST(Verifier, Immediates) {
    EXPECT_EQ(verify_fn(Fn("f", {B}).loadi(0, 2).ret0()),
              prefix("pc 0: LOADI: 2 is not a bool (0 or 1)"));
    EXPECT_EQ(verify_fn(Fn("f", {Type::enum_(EnumId::Side)}).loadi(0, 2).ret0()),
              prefix("pc 0: LOADI: 2 is not a value of Side"));
    EXPECT_EQ(verify_fn(Fn("f", {Type::enum_(EnumId::Side)}).loadi(0, 1).ret0()), "ok");
    EXPECT_EQ(verify_fn(Fn("f", {F}).loadi(0, 1).ret0()),
              prefix("pc 0: LOADI: operand A (r0) is float, expected int, bool, symbol or enum"));
}

TEST(Verifier, ConstantsAndGlobals) {
    Mod mod;
    mod.int_const(7);
    mod.global("g", F);
    EXPECT_EQ(verify_fn(Fn("f", {I}).loadk(0, 1).ret0(), mod),
              prefix("pc 0: LOADK: K1 out of range (1 constants)"));
    EXPECT_EQ(verify_fn(Fn("f", {F}).loadk(0, 0).ret0(), mod),
              prefix("pc 0: LOADK: r0 is float, constant K0 is int"));
    EXPECT_EQ(verify_fn(Fn("f", {I}).abx(Op::GETG, 0, 0).ret0(), mod),
              prefix("pc 0: GETG: r0 is int, global G0 (g) is float"));
    EXPECT_EQ(verify_fn(Fn("f", {F}).abx(Op::SETG, 0, 3).ret0(), mod),
              prefix("pc 0: SETG: G3 out of range (1 globals)"));
}

TEST(Verifier, Calls) {
    Mod mod;
    Fn callee("g", {I, F, F}, 2, F);
    callee.ret(1);
    mod.add(callee);  // F0
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).loadi(0, 1).call(Op::CALL, 1, 0, {0}).ret0(), mod),
              prefix("pc 1: CALL: g takes 2 arguments, 1 given"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).loadi(0, 1).call(Op::CALL, 1, 0, {0, 0}).ret0(), mod),
              prefix("pc 1: CALL: argument 2 (r0) is int, g expects float"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).loadi(0, 1).call(Op::CALL, 0, 0, {0, 1}).ret0(), mod),
              prefix("pc 1: CALL: result register r0 is int, g returns float"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).loadi(0, 1).call(Op::CALL, 1, 4, {0, 1}).ret0(), mod),
              prefix("pc 1: CALL: F4 out of range (2 functions)"));
    EXPECT_EQ(verify_fn(Fn("f", {I, F}).loadi(0, 1).call(Op::CALL, 1, 0, {0, 9}).ret0(), mod),
              prefix("pc 1: CALL: argument r9 out of range (2 registers)"));
}

TEST(Verifier, BuiltinCalls) {
    Mod mod;
    uint32_t close = mod.import(BuiltinId::close);
    uint32_t sma = mod.import(BuiltinId::sma);
    uint32_t sqrt = mod.import(BuiltinId::sqrt);
    mod.site(BuiltinId::sma);  // S0
    mod.site(BuiltinId::sma);  // S1
    // kSeries: the hidden bars_ago argument.
    EXPECT_EQ(verify_fn(Fn("f", {Y, F}, 1).call(Op::CALLB, 1, close, {0}).ret0(), mod),
              prefix("pc 0: CALLB: close takes 2 arguments, 1 given"));
    EXPECT_EQ(
        verify_fn(Fn("f", {Y, F, I}, 1).loadi(2, 0).call(Op::CALLB, 1, close, {0, 2}).ret0(), mod),
        "ok");
    EXPECT_EQ(verify_fn(Fn("f", {F, I}, 2).call(Op::CALLB, 0, sma, {0, 1}).ret0(), mod),
              prefix("pc 0: CALLB: sma keeps state per call site (use CALLS)"));
    EXPECT_EQ(verify_fn(Fn("f", {F}, 1).call(Op::CALLS, 0, sqrt, {0}, 0).ret0(), mod),
              prefix("pc 0: CALLS: sqrt is not a stateful builtin (use CALLB)"));
    EXPECT_EQ(verify_fn(Fn("f", {F, I}, 2).call(Op::CALLS, 0, sma, {0, 1}, 5).ret0(), mod),
              prefix("pc 0: CALLS: call site S5 out of range (2 sites)"));
    EXPECT_EQ(verify_fn(Fn("f", {F, I}, 2).call(Op::CALLS, 0, sma, {0, 1}, 1).ret0(), mod), "ok");
    EXPECT_EQ(verify_fn(Fn("f", {F, I, I}, 2).call(Op::CALLS, 2, sma, {0, 1}, 1).ret0(), mod),
              prefix("pc 0: CALLS: result register r2 is int, sma returns float"));
    // A site of another import.
    mod.site(BuiltinId::ema);  // S2, import M3
    EXPECT_EQ(verify_fn(Fn("f", {F, I}, 2).call(Op::CALLS, 0, sma, {0, 1}, 2).ret0(), mod),
              prefix("pc 0: CALLS: call site S2 belongs to import M3, not M1"));
}

TEST(Verifier, FieldOfABuiltinsRecord) {
    Mod mod;
    uint32_t position = mod.import(BuiltinId::position);
    uint32_t sqrt = mod.import(BuiltinId::sqrt);
    uint32_t sma = mod.import(BuiltinId::sma);
    mod.site(BuiltinId::sma);  // S0
    const uint8_t qty = field_slot(RecordId::Position, "qty");
    const uint8_t opened_bar = field_slot(RecordId::Position, "opened_bar");
    EXPECT_EQ(verify_fn(Fn("f", {Y, F}, 1).call(Op::CALLBF, 1, position, {0}, qty).ret0(), mod),
              "ok");
    EXPECT_EQ(
        verify_fn(Fn("f", {Y, I}, 1).call(Op::CALLBF, 1, position, {0}, opened_bar).ret0(), mod),
        "ok");
    // The result register has the field's type, not the record's.
    EXPECT_EQ(verify_fn(Fn("f", {Y, I}, 1).call(Op::CALLBF, 1, position, {0}, qty).ret0(), mod),
              prefix("pc 0: CALLBF: result register r1 is int, position(..).qty returns float"));
    EXPECT_EQ(verify_fn(Fn("f", {Y, F}, 1).call(Op::CALLBF, 1, position, {0}, 8).ret0(), mod),
              prefix("pc 0: CALLBF: field 8 out of range (position has 8 fields)"));
    EXPECT_EQ(verify_fn(Fn("f", {F}, 1).call(Op::CALLBF, 0, sqrt, {0}, 0).ret0(), mod),
              prefix("pc 0: CALLBF: sqrt returns float, not a record"));
    EXPECT_EQ(verify_fn(Fn("f", {F, I}, 2).call(Op::CALLBF, 0, sma, {0, 1}, 0).ret0(), mod),
              prefix("pc 0: CALLBF: sma keeps state per call site (use CALLS)"));
    EXPECT_EQ(verify_fn(Fn("f", {F, F}, 1).call(Op::CALLBF, 1, position, {0}, qty).ret0(), mod),
              prefix("pc 0: CALLBF: argument 1 (r0) is float, position expects symbol"));
}

TEST(Verifier, Returns) {
    EXPECT_EQ(verify_fn(Fn("f", {I}).loadi(0, 1).ret(0)),
              prefix("pc 1: RET in a void function (use RET0)"));
    EXPECT_EQ(verify_fn(Fn("f", {I}, 0, I).ret0()),
              prefix("pc 0: RET0 in a function returning int"));
    EXPECT_EQ(verify_fn(Fn("f", {F}, 1, I).ret(0)),
              prefix("pc 0: RET: r0 is float, the function result is int"));
}

TEST(Verifier, Formatting) {
    Mod mod;
    mod.spec("d");                             // P0
    mod.spec("", uint8_t(EnumId::OrderType));  // P1
    mod.spec(">8");                            // P2
    Type side = Type::enum_(EnumId::Side);
    EXPECT_EQ(verify_fn(Fn("f", {S, S}, 1).abc(Op::FMT_S, 1, 0, 0).ret0(), mod),
              prefix("pc 0: FMT_S: format spec P0 {:d}: 'd' formats an int, not string"));
    EXPECT_EQ(verify_fn(Fn("f", {S, side}, 0).loadi(1, 0).abc(Op::FMT_E, 0, 1, 1).ret0(), mod),
              prefix("pc 1: FMT_E: format spec P1 does not name enum Side"));
    EXPECT_EQ(verify_fn(Fn("f", {S, I}, 0).loadi(1, 0).abc(Op::FMT_E, 0, 1, 2).ret0(), mod),
              prefix("pc 1: FMT_E: r1 is int, expected an enum"));
    EXPECT_EQ(verify_fn(Fn("f", {S, I}, 0).loadi(1, 0).abc(Op::FMT_I, 0, 1, 3).ret0(), mod),
              prefix("pc 1: FMT_I: P3 out of range (3 format specs)"));
}

TEST(Verifier, ArraysAndRecords) {
    Type ints = Type::array_of(I), strings = Type::array_of(S);
    Type order = Type::record(RecordId::Order);
    EXPECT_EQ(verify_fn(Fn("f", {ints, I}, 0).loadi(1, 3).abc(Op::NEWARR, 0, 1, 1).ret0()),
              prefix("pc 1: NEWARR: element flag 1 does not match r0 (int[])"));
    EXPECT_EQ(verify_fn(Fn("f", {strings, I}, 0).loadi(1, 3).abc(Op::NEWARR, 0, 1, 2).ret0()),
              prefix("pc 1: NEWARR: element flag 2 is not 0 or 1"));
    EXPECT_EQ(verify_fn(Fn("f", {strings, I}, 0).loadi(1, 3).abc(Op::NEWARR, 0, 1, 1).ret0()),
              "ok");
    EXPECT_EQ(verify_fn(Fn("f", {ints, I, F}, 2).abc(Op::AGET, 2, 0, 1).ret0()),
              prefix("pc 0: AGET: r2 is float, the element type is int"));
    EXPECT_EQ(verify_fn(Fn("f", {ints, F}, 2).abc(Op::APUSH, 0, 1).ret0()),
              prefix("pc 0: APUSH: r1 is float, the element type is int"));
    EXPECT_EQ(verify_fn(Fn("f", {order, F}, 1).abc(Op::GETFIELD, 1, 0, 0).ret0()),
              prefix("pc 0: GETFIELD: r1 is float, field id is int"));
    EXPECT_EQ(verify_fn(Fn("f", {order, F}, 1).abc(Op::GETFIELD, 1, 0, 200).ret0()),
              prefix("pc 0: GETFIELD: field 200 out of range (order has 22 fields)"));
    EXPECT_EQ(verify_fn(Fn("f", {order, F}, 1).abc(Op::GETFIELD, 1, 0, 6).ret0()), "ok");
    EXPECT_EQ(verify_fn(Fn("f", {I, F}, 1).abc(Op::GETFIELD, 1, 0, 6).ret0()),
              prefix("pc 0: GETFIELD: operand B (r0) is int, expected a record"));
}

TEST(Verifier, Jumps) {
    EXPECT_EQ(verify_fn(Fn("f", {}).sax(Op::JMP, 5).ret0()),
              prefix("pc 0: JMP: jump target 6 is outside the function (2 words)"));
    EXPECT_EQ(verify_fn(Fn("f", {}).ret0().sax(Op::JMP, -2)),
              prefix("pc 1: JMP: jumps backwards to 0 (only LOOP and FORLOOP may)"));
    EXPECT_EQ(verify_fn(Fn("f", {}).sax(Op::LOOP, 0).ret0()),
              prefix("pc 0: LOOP: jumps forwards to 1 (it must jump backwards)"));
    EXPECT_EQ(verify_fn(Fn("f", {I, I}).loadi(0, 1).loadi(1, 1).abj(Op::JLT_I, 0, 1, -2).ret0()),
              prefix("pc 2: JLT_I: jumps backwards to 2 (only LOOP and FORLOOP may)"));
    EXPECT_EQ(verify_fn(Fn("f", {I, I})
                            .loadi(0, 1)
                            .loadi(1, 1)
                            .abj(Op::JLT_I, 0, 1, 0)
                            .sax(Op::LOOP, -2)
                            .ret0()),
              prefix("pc 4: LOOP: jump target 3 is inside an instruction"));
    EXPECT_EQ(verify_fn(Fn("f", {}).sax(Op::LOOP, -1)), "ok");  // while true {}
    EXPECT_EQ(verify_fn(Fn("f", {}).sax(Op::LOOP, -2)),
              prefix("pc 0: LOOP: jump target -1 is outside the function (1 words)"));
}

TEST(Verifier, FallingOffTheEnd) {
    EXPECT_EQ(verify_fn(Fn("f", {I}).loadi(0, 1)),
              prefix("pc 0: control falls off the end of the function (missing RET)"));
    Fn f("f", {B});
    auto end = f.label();
    f.loadi(0, 1).jump(Op::JMPIF, end, 0).ret0().bind(end).loadi(0, 0);
    EXPECT_EQ(verify_fn(f),
              prefix("pc 3: control falls off the end of the function (missing RET)"));
    // Unreachable code after a return may end anyhow.
    EXPECT_EQ(verify_fn(Fn("f", {I}).ret0().loadi(0, 1)), "ok");
}

TEST(Verifier, DefiniteAssignment) {
    EXPECT_EQ(verify_fn(Fn("f", {I, I}).abc(Op::ADD_I, 0, 1, 1).ret0()),
              prefix("pc 0: ADD_I: r1 is read before it is assigned"));
    EXPECT_EQ(verify_fn(Fn("f", {I, I}, 1).abc(Op::ADD_I, 1, 0, 0).ret0()), "ok");
    // Assigned on one path only.
    Fn f("f", {B, I, I}, 1);
    auto skip = f.label();
    f.jump(Op::JMPIFNOT, skip, 0).loadi(1, 1).bind(skip).abc(Op::MOVE, 2, 1).ret0();
    EXPECT_EQ(verify_fn(f), prefix("pc 2: MOVE: r1 is read before it is assigned"));
    // Assigned on both paths.
    Fn g("f", {B, I, I}, 1);
    auto other = g.label(), join = g.label();
    g.jump(Op::JMPIFNOT, other, 0).loadi(1, 1).jump(Op::JMP, join).bind(other).loadi(1, 2);
    g.bind(join).abc(Op::MOVE, 2, 1).ret0();
    EXPECT_EQ(verify_fn(g), "ok");
    // A loop body that assigns does not count before the loop.
    Fn h("f", {I, I, I}, 0);
    auto top = h.label(), done = h.label();
    h.loadi(0, 0).loadi(1, 10).jump(Op::FORPREP, done, 0).bind(top).abc(Op::MOVE, 2, 0);
    h.jump(Op::FORLOOP, top, 0).bind(done).abc(Op::MOVE, 0, 2).ret0();
    EXPECT_EQ(verify_fn(h), prefix("pc 5: MOVE: r2 is read before it is assigned"));
    // Call arguments and the implicit limit register count as reads.
    Fn k("f", {I, I}, 0);
    k.loadi(0, 0).asbx(Op::FORPREP, 0, 0).ret0();
    EXPECT_EQ(verify_fn(k), prefix("pc 1: FORPREP: r1 is read before it is assigned"));
}

TEST(Verifier, Handlers) {
    Mod mod;
    mod.handler(HandlerId::on_bar, Fn("bar", {I}, 1).ret0());
    EXPECT_EQ(verify(mod.m),
              "bad bytecode: handler on_bar: function bar is (int) -> void, expected (s: symbol) "
              "-> void");
    Mod mod2;
    mod2.handler(HandlerId::on_start, Fn("start", {I}, 0, I).loadi(0, 1).ret(0));
    EXPECT_EQ(verify(mod2.m),
              "bad bytecode: handler on_start: function start is () -> int, expected () -> void");
    Mod mod3;
    mod3.m.init_function = mod3.add(Fn("init", {I}, 1).ret0());
    EXPECT_EQ(verify(mod3.m),
              "bad bytecode: state initialiser: function init is (int) -> void, expected () -> "
              "void");
}

TEST(Verifier, Inputs) {
    Mod mod;
    uint32_t g = mod.global("s", Y);
    mod.m.inputs.push_back({"s", g, Literal{Y, 0, 0, {}}});
    EXPECT_EQ(verify(mod.m), "bad bytecode: input s: an input cannot be of type symbol");
    Mod mod2;
    uint32_t h = mod2.global("n", I);
    mod2.m.inputs.push_back({"n", h, Literal{I, 3, 0, {}}});
    mod2.m.inputs.push_back({"m", h, Literal{I, 3, 0, {}}});
    EXPECT_EQ(verify(mod2.m), "bad bytecode: input m: global G0 is already an input");
}

TEST(Verifier, HistoryDepth) {
    Mod mod;
    mod.handler(HandlerId::on_start, Fn("on_start", {}).ret0());
    mod.m.history_depth = 0;
    EXPECT_EQ(verify(mod.m), "bad bytecode: module: history depth 0 is outside 1..100001");
    mod.m.history_depth = kMaxHistoryDepth + 1;  // the compiler caps offsets at 100000
    EXPECT_EQ(verify(mod.m), "bad bytecode: module: history depth 100002 is outside 1..100001");
    mod.m.history_depth = 1u << 31;
    EXPECT_EQ(verify(mod.m), "bad bytecode: module: history depth 2147483648 is outside 1..100001");
    mod.m.history_depth = kMaxHistoryDepth;
    EXPECT_EQ(verify(mod.m), "ok");
    // atr reads the previous bar itself: its module keeps at least two.
    mod.import(BuiltinId::atr);
    mod.m.history_depth = 1;
    EXPECT_EQ(verify(mod.m),
              "bad bytecode: module: history depth 1 is outside 2..100001 (an imported builtin "
              "reads the previous bar)");
    mod.m.history_depth = 2;
    EXPECT_EQ(verify(mod.m), "ok");
}

// ---- Files --------------------------------------------------------------------------------

std::vector<uint8_t> good_file() {
    Mod mod;
    mod.handler(HandlerId::on_start, Fn("on_start", {}).ret0());
    return write_module(mod.m);
}

std::string load_message(const std::vector<uint8_t>& bytes) {
    auto r = load_bytecode(bytes);
    if (auto* f = std::get_if<LoadFailure>(&r)) return f->message;
    return "ok";
}

TEST(Loader, RejectsCorruptFiles) {
    auto bytes = good_file();
    EXPECT_EQ(load_message(bytes), "ok");

    auto bad = bytes;
    bad[0] = 'X';
    EXPECT_EQ(load_message(bad), "bad bytecode: byte 0: not a bytecode file (bad magic)");

    bad = bytes;
    bad[8] = 99;
    EXPECT_EQ(load_message(bad),
              fmt::format("bad bytecode: byte 8: bytecode format version 99, this build reads "
                          "version {}; recompile the strategy",
                          kFormatVersion));

    bad = bytes;
    bad.back() ^= 1;
    EXPECT_EQ(load_message(bad),
              "bad bytecode: byte 16: content hash mismatch (the file is corrupt)");

    bad = bytes;
    bad.resize(bytes.size() - 4);
    EXPECT_EQ(load_message(bad), "bad bytecode: byte 24: file size is " +
                                     std::to_string(bad.size()) + " bytes, header says " +
                                     std::to_string(bytes.size()) + " (truncated or padded file)");

    EXPECT_EQ(load_message({1, 2, 3}), "bad bytecode: byte 0: file is too short to be bytecode");
}

TEST(Loader, VerifiesAfterReading) {
    Mod mod;
    mod.handler(HandlerId::on_start, Fn("on_start", {I}).abc(Op::NEG_I, 0, 0).ret0());
    auto r = load_bytecode(write_module(mod.m));
    auto* f = std::get_if<LoadFailure>(&r);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, LoadFailure::Kind::Verify);
    EXPECT_EQ(f->message,
              "bad bytecode: function on_start, pc 0: NEG_I: r0 is read before it is assigned");
}

TEST(Loader, ReportsUnreadableFiles) {
    auto r = load_bytecode_file("/nonexistent/x.dslbc");
    auto* f = std::get_if<LoadFailure>(&r);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, LoadFailure::Kind::Io);
    EXPECT_EQ(f->message, "cannot read /nonexistent/x.dslbc: No such file or directory");
}

TEST(Loader, RefusesWhatIsNotAFile) {
    for (const char* path : {"/", "/dev/zero"}) {
        auto r = load_bytecode_file(path);
        auto* f = std::get_if<LoadFailure>(&r);
        ASSERT_TRUE(f) << path;
        EXPECT_EQ(f->kind, LoadFailure::Kind::Io) << path;
    }
}

}  // namespace
}  // namespace dsl::vm
