// The verifier (rules in verifier.h). Three passes per function: decode every instruction
// and check its operands and types; check jump targets against the instruction starts
// found by the first pass; then a worklist dataflow over basic blocks proves definite
// assignment and that no reachable path falls off the end.
#include "vm/verifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "bytecode/opcodes.h"

namespace dsl::vm {
namespace {

constexpr char kSlotNames[3] = {'A', 'B', 'C'};

bool letter_accepts(char letter, Type t) {
    switch (letter) {
        case 'i':
            return t.kind == TypeKind::Int;
        case 'f':
            return t.kind == TypeKind::Float;
        case 'b':
            return t.kind == TypeKind::Bool;
        case 's':
            return t.kind == TypeKind::String;
        case 'y':
            return t.kind == TypeKind::Symbol;
        case 'a':
            return t.is_array();
        case 'r':
            return t.kind == TypeKind::Record;
        case 'z':
            return t.is_integral();
        default:
            return true;  // 't': the op's own rule checks it
    }
}

std::string_view letter_name(char letter) {
    switch (letter) {
        case 'i':
            return "int";
        case 'f':
            return "float";
        case 'b':
            return "bool";
        case 's':
            return "string";
        case 'y':
            return "symbol";
        case 'a':
            return "an array";
        case 'r':
            return "a record";
        case 'z':
            return "int, bool, symbol or enum";
        default:
            return "any type";
    }
}

bool is_call(Op op) {
    return op == Op::CALL || op == Op::CALLB || op == Op::CALLS || op == Op::CALLBF;
}

// The value of operand slot `slot` of the instruction at code[0] (already known to decode).
int64_t operand_value(const uint32_t* code, size_t slot) {
    uint32_t w = code[0];
    const OpInfo& info = op_info(op_of(w));
    switch (info.format) {
        case Format::ABC:
            if (slot == 0) return a_of(w);
            if (slot == 1) return b_of(w);
            return info.operands[2].kind == Operand::Kind::Imm ? sc_of(w) : c_of(w);
        case Format::ABx:
        case Format::CALL:
        case Format::CALLW:
            return slot == 0 ? a_of(w) : bx_of(w);
        case Format::AsBx:
            return slot == 0 ? a_of(w) : sbx_of(w);
        case Format::sAx:
            return sax_of(w);
        case Format::ABJ:
            if (slot == 0) return a_of(w);
            if (slot == 1) return b_of(w);
            return int32_t(code[1]);
    }
    return 0;
}

// Registers an instruction reads and writes, and where control may go after it.
struct Effects {
    // At most 255 call arguments, or three operands plus FORPREP's limit register.
    struct Regs {
        uint8_t r[kMaxCallArgs + 4];
        size_t n = 0;
        void push_back(uint8_t reg) { r[n++] = reg; }
        const uint8_t* begin() const { return r; }
        const uint8_t* end() const { return r + n; }
    };
    Regs reads;
    Regs writes;
    bool has_target = false;
    int64_t target = 0;  // where a jump goes when taken
    bool falls_through = true;
};

// The basic blocks of a function: leader[pc] is 1 at each block's first instruction, start
// holds the pc of each block's first instruction, of[pc] the block of the instruction at pc.
struct Blocks {
    std::vector<uint8_t> leader;
    std::vector<uint32_t> start;
    std::vector<uint32_t> of;
};

// A set of registers, one bit each.
struct RegisterSet {
    explicit RegisterSet(size_t words) : bits(words) {}
    bool has(uint8_t r) const { return bits[r / 64] >> (r % 64) & 1; }
    void add(uint8_t r) { bits[r / 64] |= uint64_t(1) << (r % 64); }
    std::vector<uint64_t> bits;
};

// The registers surely assigned at each block's entry: the meet (intersection) of what flows
// in over the edges seen so far. A block whose set changed is to be walked (again).
class EntrySets {
  public:
    EntrySets(size_t blocks, size_t registers)
        : words_((registers + 63) / 64 + 1),
          in_(blocks * words_, 0),
          seen_(blocks, 0),
          changed_(blocks, 0) {}

    size_t words() const { return words_; }

    // The entry block starts with the parameters assigned.
    void enter_with_parameters(uint32_t params) {
        for (uint32_t r = 0; r < params; ++r)
            in_[r / 64] |= uint64_t(1) << (r % 64);
        seen_[0] = 1;
        changed_[0] = 1;
        any_changed_ = true;
    }

    // Whether any block's set changed since the last call.
    bool take_any_changed() { return std::exchange(any_changed_, false); }
    bool take_changed(uint32_t block) { return std::exchange(changed_[block], 0) != 0; }

    void load(uint32_t block, RegisterSet& set) const {
        std::copy(&in_[block * words_], &in_[block * words_] + words_, set.bits.begin());
    }

    // What is assigned at the end of a block that goes to `block`: its first edge sets the
    // entry set, each further one meets it.
    void flow_to(uint32_t block, const RegisterSet& set) {
        uint64_t* dst = &in_[block * words_];
        bool changed = false;
        if (!seen_[block]) {
            std::copy(set.bits.begin(), set.bits.end(), dst);
            seen_[block] = 1;
            changed = true;
        } else {
            for (size_t k = 0; k < words_; ++k) {
                uint64_t meet = dst[k] & set.bits[k];
                changed |= meet != dst[k];
                dst[k] = meet;
            }
        }
        if (changed) {
            changed_[block] = 1;
            any_changed_ = true;
        }
    }

  private:
    size_t words_;
    std::vector<uint64_t> in_;
    std::vector<uint8_t> seen_;
    std::vector<uint8_t> changed_;
    bool any_changed_ = false;
};

class Error {};  // thrown inside this file only, caught by verify_module

class FunctionVerifier {
  public:
    FunctionVerifier(const Module& m, uint32_t index)
        : m_(m), f_(m.functions[index]), index_(index) {}

    void run() {
        if (f_.code.empty()) fail_function("the function has no code");
        decode_all();
        check_jumps();
        dataflow();
    }

    VerifyError error;

  private:
    const Module& m_;
    const Function& f_;
    uint32_t index_;
    uint32_t pc_ = 0;              // instruction being checked, for messages
    std::vector<uint8_t> starts_;  // 1 at the first word of each instruction
    std::vector<uint32_t> order_;  // instruction starts, ascending

    [[noreturn]] void fail(std::string message) {
        error = {fmt::format("function {}, pc {}", f_.name, pc_), std::move(message)};
        throw Error{};
    }
    [[noreturn]] void fail_function(std::string message) {
        error = {fmt::format("function {}", f_.name), std::move(message)};
        throw Error{};
    }

    std::string_view op_name() const { return op_info(op_of(f_.code[pc_])).name; }
    size_t length_at(uint32_t pc) const {
        return instruction_length(f_.code.data() + pc, f_.code.size() - pc);
    }
    Type reg_type(int64_t r) const { return f_.registers[size_t(r)]; }

    // ---- pass 1: decoding, operand ranges and types -----------------------------------

    void decode_all() {
        starts_.assign(f_.code.size(), 0);
        for (uint32_t pc = 0; pc < f_.code.size();) {
            pc_ = pc;
            size_t len = length_at(pc);
            if (len == 0) {
                uint32_t op = f_.code[pc] & 0xFF;
                if (op >= uint32_t(kOpCount)) fail(fmt::format("unknown opcode {}", op));
                fail(fmt::format("{}: truncated instruction", kOpInfo[op].name));
            }
            starts_[pc] = 1;
            order_.push_back(pc);
            check_operands(f_.code.data() + pc);
            pc += uint32_t(len);
        }
    }

    void check_reg(int64_t r, const char* what) {
        if (r < 0 || size_t(r) >= f_.registers.size())
            fail(fmt::format("{}: {} r{} out of range ({} registers)", op_name(), what, r,
                             f_.registers.size()));
    }

    void check_index(int64_t v, size_t size, char letter, const char* table) {
        if (v < 0 || size_t(v) >= size)
            fail(fmt::format("{}: {}{} out of range ({} {})", op_name(), letter, v, size, table));
    }

    void check_operands(const uint32_t* code) {
        Op op = op_of(code[0]);
        const OpInfo& info = op_info(op);
        for (size_t slot = 0; slot < 3; ++slot) {
            const Operand& o = info.operands[slot];
            int64_t v = operand_value(code, slot);
            using K = Operand::Kind;
            switch (o.kind) {
                case K::Reg: {
                    if (slot == 0 && is_call(op)) break;  // checked with the callee's result
                    std::string what = fmt::format("operand {}", kSlotNames[slot]);
                    check_reg(v, what.c_str());
                    if (!letter_accepts(o.type, reg_type(v)))
                        fail(fmt::format("{}: operand {} (r{}) is {}, expected {}", info.name,
                                         kSlotNames[slot], v, type_name(reg_type(v)),
                                         letter_name(o.type)));
                    break;
                }
                case K::Const:
                    check_index(v, m_.constants.size(), 'K', "constants");
                    break;
                case K::Global:
                    check_index(v, m_.globals.size(), 'G', "globals");
                    break;
                case K::Function:
                    check_index(v, m_.functions.size(), 'F', "functions");
                    break;
                case K::Import:
                    check_index(v, m_.imports.size(), 'M', "imports");
                    break;
                case K::Spec:
                    check_index(v, m_.specs.size(), 'P', "format specs");
                    break;
                default:
                    break;  // fields, flags, immediates and jumps: checked per op below
            }
        }
        check_op_rules(op, code);
    }

    void same_type(int64_t ra, int64_t rb) {
        if (reg_type(ra) != reg_type(rb))
            fail(fmt::format("{}: r{} is {} but r{} is {}", op_name(), ra, type_name(reg_type(ra)),
                             rb, type_name(reg_type(rb))));
    }
    void expect_type(int64_t r, Type want, std::string_view what) {
        if (reg_type(r) != want)
            fail(fmt::format("{}: r{} is {}, {} is {}", op_name(), r, type_name(reg_type(r)), what,
                             type_name(want)));
    }

    // The rules of each opcode beyond its operands' kinds, in three groups; each group ignores
    // the opcodes of the others.
    void check_op_rules(Op op, const uint32_t* code) {
        check_value_rules(op, code[0]);
        check_container_rules(op, code[0]);
        check_call_rules(op, code);
    }

    // Moves, loads, comparisons and loop counters: the registers they join agree in type.
    void check_value_rules(Op op, uint32_t w) {
        int64_t a = a_of(w), b = b_of(w), c = c_of(w);
        switch (op) {
            case Op::MOVE:
                same_type(a, b);
                break;
            case Op::LOADI:
                check_immediate(reg_type(a), sbx_of(w));
                break;
            case Op::LOADK:
                expect_type(a, m_.constants[bx_of(w)].type, fmt::format("constant K{}", bx_of(w)));
                break;
            case Op::GETG:
            case Op::SETG: {
                const Global& g = m_.globals[bx_of(w)];
                expect_type(a, g.type, fmt::format("global G{} ({})", bx_of(w), g.name));
                break;
            }
            case Op::EQ_Z:
            case Op::NE_Z:
                same_type(b, c);
                break;
            case Op::JEQ_Z:
            case Op::JNE_Z:
                same_type(a, b);
                break;
            case Op::FORPREP:
            case Op::FORLOOP:
                check_reg(a + 1, "limit register");
                if (reg_type(a + 1).kind != TypeKind::Int)
                    fail(fmt::format("{}: limit register r{} is {}, expected int", op_name(), a + 1,
                                     type_name(reg_type(a + 1))));
                break;
            default:
                break;
        }
    }

    // LOADI's immediate must be a value of the register's type.
    void check_immediate(Type t, int64_t imm) {
        if (t.kind == TypeKind::Bool && imm != 0 && imm != 1)
            fail(fmt::format("LOADI: {} is not a bool (0 or 1)", imm));
        if (t.kind == TypeKind::Enum && (imm < 0 || imm >= enum_value_count(t.enum_id())))
            fail(fmt::format("LOADI: {} is not a value of {}", imm, type_name(t)));
        if (t.kind == TypeKind::Symbol && imm < 0)
            fail(fmt::format("LOADI: {} is not a symbol id", imm));
    }

    // Arrays and records: elements and fields have the types their container says.
    void check_container_rules(Op op, uint32_t w) {
        int64_t a = a_of(w), b = b_of(w), c = c_of(w);
        switch (op) {
            case Op::NEWARR: {
                bool strings = reg_type(a).elem == TypeKind::String;
                if (c > 1) fail(fmt::format("NEWARR: element flag {} is not 0 or 1", c));
                if ((c == 1) != strings)
                    fail(fmt::format("NEWARR: element flag {} does not match r{} ({})", c, a,
                                     type_name(reg_type(a))));
                break;
            }
            case Op::AGET:
                expect_type(a, reg_type(b).element(), "the element type");
                break;
            case Op::ASET:
                expect_type(c, reg_type(a).element(), "the element type");
                break;
            case Op::APUSH:
                expect_type(b, reg_type(a).element(), "the element type");
                break;
            case Op::APOP:
                expect_type(a, reg_type(b).element(), "the element type");
                break;
            case Op::GETFIELD:
                check_get_field(a, b, c);
                break;
            default:
                break;
        }
    }

    void check_get_field(int64_t a, int64_t b, int64_t c) {
        auto fields = record_fields(reg_type(b).record_id());
        if (size_t(c) >= fields.size())
            fail(fmt::format("GETFIELD: field {} out of range ({} has {} fields)", c,
                             type_name(reg_type(b)), fields.size()));
        expect_type(a, fields[size_t(c)].type, fmt::format("field {}", fields[size_t(c)].name));
    }

    // Calls, returns and formatting: arguments, results and format specs match what the callee,
    // the function and the spec expect.
    void check_call_rules(Op op, const uint32_t* code) {
        uint32_t w = code[0];
        switch (op) {
            case Op::CALL:
                check_call(code);
                break;
            case Op::CALLB:
            case Op::CALLS:
            case Op::CALLBF:
                check_builtin_call(op, code);
                break;
            case Op::RET:
                if (f_.result.kind == TypeKind::Void) fail("RET in a void function (use RET0)");
                expect_type(a_of(w), f_.result, "the function result");
                break;
            case Op::RET0:
                if (f_.result.kind != TypeKind::Void)
                    fail(fmt::format("RET0 in a function returning {}", type_name(f_.result)));
                break;
            case Op::FMT_I:
            case Op::FMT_F:
            case Op::FMT_B:
            case Op::FMT_S:
            case Op::FMT_Y:
            case Op::FMT_E:
                check_format(op, b_of(w), c_of(w));
                break;
            default:
                break;
        }
    }

    void check_format(Op op, int64_t b, int64_t c) {
        const FormatSpec& spec = m_.specs[size_t(c)];
        Type t = reg_type(b);
        if (op == Op::FMT_E) {
            if (t.kind != TypeKind::Enum)
                fail(fmt::format("FMT_E: r{} is {}, expected an enum", b, type_name(t)));
            if (spec.enum_id != uint8_t(t.enum_id()))
                fail(fmt::format("FMT_E: format spec P{} does not name enum {}", c, type_name(t)));
        }
        std::string why;
        if (!spec_accepts(spec, t, &why))
            fail(fmt::format("{}: format spec P{} {{:{}}}: {}", op_name(), c, spec.text, why));
    }

    // The argument registers of a CALL-format instruction whose argument words start at args.
    void check_args(const uint32_t* args, const std::vector<Type>& want, std::string_view callee) {
        size_t n = args[0] & 0xFF;
        if (n != want.size())
            fail(fmt::format("{}: {} takes {} arguments, {} given", op_name(), callee, want.size(),
                             n));
        for (size_t i = 0; i < n; ++i) {
            int64_t r = call_arg(args, i);
            check_reg(r, "argument");
            if (reg_type(r) != want[i])
                fail(fmt::format("{}: argument {} (r{}) is {}, {} expects {}", op_name(), i + 1, r,
                                 type_name(reg_type(r)), callee, type_name(want[i])));
        }
    }

    void check_result(int64_t a, Type result, std::string_view callee) {
        if (result.kind == TypeKind::Void) return;  // A is ignored
        check_reg(a, "result register");
        if (reg_type(a) != result)
            fail(fmt::format("{}: result register r{} is {}, {} returns {}", op_name(), a,
                             type_name(reg_type(a)), callee, type_name(result)));
    }

    void check_call(const uint32_t* code) {
        const Function& callee = m_.functions[bx_of(code[0])];
        std::vector<Type> params(callee.registers.begin(),
                                 callee.registers.begin() + callee.param_count);
        check_args(code + 1, params, callee.name);
        check_result(a_of(code[0]), callee.result, callee.name);
    }

    void check_builtin_call(Op op, const uint32_t* code) {
        uint32_t import = bx_of(code[0]);
        const BuiltinInfo& b = builtin_info(m_.imports[import].id);
        bool stateful = b.has(kStateful);
        if (op == Op::CALLS && !stateful)
            fail(fmt::format("CALLS: {} is not a stateful builtin (use CALLB)", b.name));
        if ((op == Op::CALLB || op == Op::CALLBF) && stateful)
            fail(fmt::format("{}: {} keeps state per call site (use CALLS)", op_name(), b.name));
        if (op == Op::CALLS) {
            uint32_t site = code[1];
            if (site >= m_.sites.size())
                fail(fmt::format("CALLS: call site S{} out of range ({} sites)", site,
                                 m_.sites.size()));
            if (m_.sites[site].import != import)
                fail(fmt::format("CALLS: call site S{} belongs to import M{}, not M{}", site,
                                 m_.sites[site].import, import));
        }
        std::vector<Type> params;
        for (const Param& p : b.signature.params) {
            if (p.type.generic != SigType::Generic::None)
                fail(fmt::format("{}: generic builtin {} cannot be called", op_name(), b.name));
            params.push_back(p.type.type);
        }
        if (b.has(kSeries)) params.push_back(Type::int_());  // bars_ago
        if (b.signature.result.generic != SigType::Generic::None)
            fail(fmt::format("{}: generic builtin {} cannot be called", op_name(), b.name));
        check_args(code + call_args_at(op), params, b.name);
        if (op == Op::CALLBF) {
            FieldInfo field = called_field(b, code[1]);
            check_result(a_of(code[0]), field.type, fmt::format("{}(..).{}", b.name, field.name));
        } else {
            check_result(a_of(code[0]), b.signature.result.type, b.name);
        }
    }

    // CALLBF's field: field `field` of the record the builtin returns.
    FieldInfo called_field(const BuiltinInfo& b, uint32_t field) {
        Type result = b.signature.result.type;
        if (result.kind != TypeKind::Record)
            fail(fmt::format("CALLBF: {} returns {}, not a record", b.name, type_name(result)));
        auto fields = record_fields(result.record_id());
        if (field >= fields.size())
            fail(fmt::format("CALLBF: field {} out of range ({} has {} fields)", field,
                             type_name(result), fields.size()));
        return fields[field];
    }

    // ---- effects ----------------------------------------------------------------------

    Effects effects_at(uint32_t pc) const {
        Effects e;
        const uint32_t* code = f_.code.data() + pc;
        Op op = op_of(code[0]);
        const OpInfo& info = op_info(op);
        size_t len = length_at(pc);
        for (size_t slot = 0; slot < 3; ++slot) {
            const Operand& o = info.operands[slot];
            int64_t v = operand_value(code, slot);
            if (o.kind == Operand::Kind::Reg) {
                if (slot == 0 && is_call(op)) continue;
                if (o.reads()) e.reads.push_back(uint8_t(v));
                if (o.writes()) e.writes.push_back(uint8_t(v));
            } else if (o.kind == Operand::Kind::Jump) {
                e.has_target = true;
                e.target = int64_t(pc) + int64_t(len) + v;
            }
        }
        switch (op) {
            case Op::FORPREP:
            case Op::FORLOOP:
                e.reads.push_back(uint8_t(a_of(code[0]) + 1));
                break;
            case Op::CALL:
            case Op::CALLB:
            case Op::CALLS:
            case Op::CALLBF: {
                const uint32_t* args = code + call_args_at(op);
                for (size_t i = 0, n = args[0] & 0xFF; i < n; ++i)
                    e.reads.push_back(call_arg(args, i));
                Type result =
                    op == Op::CALL
                        ? m_.functions[bx_of(code[0])].result
                        : builtin_info(m_.imports[bx_of(code[0])].id).signature.result.type;
                if (result.kind != TypeKind::Void) e.writes.push_back(a_of(code[0]));
                break;
            }
            case Op::JMP:
            case Op::LOOP:
            case Op::RET:
            case Op::RET0:
                e.falls_through = false;
                break;
            default:
                break;
        }
        return e;
    }

    // ---- pass 2: jumps ----------------------------------------------------------------

    void check_jumps() {
        for (uint32_t pc : order_) {
            pc_ = pc;
            Effects e = effects_at(pc);
            if (!e.has_target) continue;
            Op op = op_of(f_.code[pc]);
            if (e.target < 0 || size_t(e.target) >= f_.code.size())
                fail(fmt::format("{}: jump target {} is outside the function ({} words)", op_name(),
                                 e.target, f_.code.size()));
            if (!starts_[size_t(e.target)])
                fail(fmt::format("{}: jump target {} is inside an instruction", op_name(),
                                 e.target));
            bool backward = e.target <= int64_t(pc);
            bool may_go_back = op == Op::LOOP || op == Op::FORLOOP;
            if (backward && !may_go_back)
                fail(fmt::format("{}: jumps backwards to {} (only LOOP and FORLOOP may)", op_name(),
                                 e.target));
            if (!backward && may_go_back)
                fail(fmt::format("{}: jumps forwards to {} (it must jump backwards)", op_name(),
                                 e.target));
        }
    }

    // ---- pass 3: definite assignment over basic blocks --------------------------------

    // Leaders: the entry, every jump target, and whatever follows a jump or a return.
    Blocks basic_blocks() {
        Blocks b;
        b.leader.assign(f_.code.size(), 0);
        b.leader[0] = 1;
        for (uint32_t pc : order_) {
            Effects e = effects_at(pc);
            if (e.has_target) b.leader[size_t(e.target)] = 1;
            uint32_t next = pc + uint32_t(length_at(pc));
            if ((e.has_target || !e.falls_through) && next < f_.code.size()) b.leader[next] = 1;
        }
        b.of.assign(f_.code.size(), 0);
        for (uint32_t pc : order_) {
            if (b.leader[pc]) b.start.push_back(pc);
            b.of[pc] = uint32_t(b.start.size() - 1);
        }
        if (b.start.size() > kMaxBasicBlocks)
            fail_function(fmt::format("more than {} basic blocks", kMaxBasicBlocks));
        return b;
    }

    // Blocks are walked in ascending order, sweep after sweep, while some block's entry set
    // changed: forward edges settle within one sweep, so the sweeps needed grow with the
    // nesting of loops only, not with the size of the function.
    void dataflow() {
        Blocks blocks = basic_blocks();
        EntrySets sets(blocks.start.size(), f_.registers.size());
        sets.enter_with_parameters(f_.param_count);
        RegisterSet assigned(sets.words());
        uint64_t visits = 0;
        while (sets.take_any_changed()) {
            for (uint32_t block = 0; block < blocks.start.size(); ++block) {
                if (!sets.take_changed(block)) continue;
                sets.load(block, assigned);
                walk_block(blocks, blocks.start[block], assigned, sets, visits);
            }
        }
    }

    // Walks a block from `pc` with the registers surely assigned at its entry: a read of any
    // other fails. At the block's end, what is assigned flows to its successors.
    void walk_block(const Blocks& blocks, uint32_t pc, RegisterSet& assigned, EntrySets& sets,
                    uint64_t& visits) {
        for (;;) {
            pc_ = pc;
            if (++visits > kMaxVerifierSteps)
                fail_function("too complex to verify (definite assignment does not settle)");
            Effects e = effects_at(pc);
            for (uint8_t r : e.reads) {
                if (!assigned.has(r))
                    fail(fmt::format("{}: r{} is read before it is assigned", op_name(), r));
            }
            for (uint8_t r : e.writes)
                assigned.add(r);
            uint32_t next = pc + uint32_t(length_at(pc));
            if (next < f_.code.size() && !blocks.leader[next]) {
                pc = next;
                continue;
            }
            if (e.has_target) sets.flow_to(blocks.of[size_t(e.target)], assigned);
            if (e.falls_through) {
                if (next >= f_.code.size())
                    fail("control falls off the end of the function (missing RET)");
                sets.flow_to(blocks.of[next], assigned);
            }
            return;
        }
    }
};

std::optional<VerifyError> check_signature(const Module& m, uint32_t fn, std::string where,
                                           const std::vector<Param>& params) {
    const Function& f = m.functions[fn];
    bool ok = f.param_count == params.size() && f.result.kind == TypeKind::Void;
    for (size_t i = 0; ok && i < params.size(); ++i)
        ok = f.registers[i] == params[i].type.type;
    if (ok) return std::nullopt;
    std::string want = "(";
    for (size_t i = 0; i < params.size(); ++i)
        want +=
            fmt::format("{}{}: {}", i ? ", " : "", params[i].name, type_name(params[i].type.type));
    want += ") -> void";
    std::string have = "(";
    for (uint32_t i = 0; i < f.param_count; ++i)
        have += fmt::format("{}{}", i ? ", " : "", type_name(f.registers[i]));
    have += ") -> " + type_name(f.result);
    return VerifyError{std::move(where),
                       fmt::format("function {} is {}, expected {}", f.name, have, want)};
}

std::optional<VerifyError> check_module_tables(const Module& m) {
    // The runner keeps this many bars per symbol, counted against the memory limit: the
    // compiler never writes more than kMaxHistoryDepth, nor less than the imports read.
    if (m.history_depth < min_history_depth(m) || m.history_depth > kMaxHistoryDepth) {
        return VerifyError{
            "module",
            fmt::format(
                "history depth {} is outside {}..{}{}", m.history_depth, min_history_depth(m),
                kMaxHistoryDepth,
                min_history_depth(m) > 1 ? " (an imported builtin reads the previous bar)" : "")};
    }
    for (const auto& h : m.handlers) {
        const HandlerInfo& info = handler_info(h.handler);
        if (auto e =
                check_signature(m, h.function, fmt::format("handler {}", info.name), info.params))
            return e;
    }
    if (m.init_function != kNoFunction) {
        if (auto e = check_signature(m, m.init_function, "state initialiser", {})) return e;
    }
    std::vector<uint8_t> global_used(m.globals.size(), 0);
    for (size_t i = 0; i < m.inputs.size(); ++i) {
        const Input& in = m.inputs[i];
        std::string where = fmt::format("input {}", in.name);
        Type t = m.globals[in.global].type;
        bool scalar = t.kind == TypeKind::Int || t.kind == TypeKind::Float ||
                      t.kind == TypeKind::Bool || t.kind == TypeKind::String ||
                      t.kind == TypeKind::Enum;
        if (!scalar) return VerifyError{where, "an input cannot be of type " + type_name(t)};
        if (in.default_value.type != t)
            return VerifyError{where, fmt::format("default is {}, the input is {}",
                                                  type_name(in.default_value.type), type_name(t))};
        if (global_used[in.global]++)
            return VerifyError{where, fmt::format("global G{} is already an input", in.global)};
        for (size_t j = 0; j < i; ++j) {
            if (m.inputs[j].name == in.name) return VerifyError{where, "input named twice"};
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<VerifyError> verify_module(const Module& m) {
    for (uint32_t i = 0; i < m.functions.size(); ++i) {
        FunctionVerifier v(m, i);
        try {
            v.run();
        } catch (const Error&) {
            return v.error;
        }
    }
    return check_module_tables(m);
}

}  // namespace dsl::vm
