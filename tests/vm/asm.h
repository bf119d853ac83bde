// A small assembler for hand-made modules: the VM tests (and the fuzz seeds) build bytecode
// directly, instruction by instruction, so that every verifier rule and every opcode can be
// exercised without the compiler, including code the compiler would never emit.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "bytecode/module.h"
#include "bytecode/opcodes.h"

namespace dsl::vm::test {

class Fn {
  public:
    struct Label {
        size_t id;
    };

    Fn(std::string name, std::vector<Type> registers, uint32_t params = 0,
       Type result = Type::void_()) {
        f_.name = std::move(name);
        f_.registers = std::move(registers);
        f_.param_count = params;
        f_.result = result;
        f_.line = 1;
    }

    uint32_t pc() const { return uint32_t(f_.code.size()); }
    // Instructions emitted from now on come from this source line.
    Fn& line(uint32_t l) {
        if (!f_.lines.empty() && f_.lines.back().pc == pc())
            f_.lines.back().line = l;
        else
            f_.lines.push_back({pc(), l, 1});
        return *this;
    }

    Fn& abc(Op op, int a = 0, int b = 0, int c = 0) {
        f_.code.push_back(encode_abc(op, uint8_t(a), uint8_t(b), uint8_t(c)));
        return *this;
    }
    Fn& abx(Op op, int a, int bx) {
        f_.code.push_back(encode_abx(op, uint8_t(a), uint16_t(bx)));
        return *this;
    }
    Fn& asbx(Op op, int a, int sbx) {
        f_.code.push_back(encode_asbx(op, uint8_t(a), int16_t(sbx)));
        return *this;
    }
    Fn& sax(Op op, int sax) {
        f_.code.push_back(encode_sax(op, sax));
        return *this;
    }
    Fn& abj(Op op, int a, int b, int32_t offset) {
        f_.code.push_back(encode_abc(op, uint8_t(a), uint8_t(b), 0));
        f_.code.push_back(uint32_t(offset));
        return *this;
    }
    Fn& raw(uint32_t word) {
        f_.code.push_back(word);
        return *this;
    }

    // Shorthands.
    Fn& loadi(int a, int v) { return asbx(Op::LOADI, a, v); }
    Fn& loadk(int a, int k) { return abx(Op::LOADK, a, k); }
    Fn& ret(int a) { return abc(Op::RET, a); }
    Fn& ret0() { return abc(Op::RET0); }

    // CALL-format instructions: CALL/CALLB with an argument list; CALLS with a site and
    // CALLBF with a field in `word`.
    Fn& call(Op op, int a, int index, std::initializer_list<int> args, int64_t word = -1) {
        f_.code.push_back(encode_abx(op, uint8_t(a), uint16_t(index)));
        if (call_args_at(op) == 2) f_.code.push_back(uint32_t(word));
        std::vector<uint8_t> bytes{uint8_t(args.size())};
        for (int r : args)
            bytes.push_back(uint8_t(r));
        while (bytes.size() % 4)
            bytes.push_back(0);
        for (size_t i = 0; i < bytes.size(); i += 4)
            f_.code.push_back(uint32_t(bytes[i]) | uint32_t(bytes[i + 1]) << 8 |
                              uint32_t(bytes[i + 2]) << 16 | uint32_t(bytes[i + 3]) << 24);
        return *this;
    }

    // Jumps to labels, patched by bind().
    Label label() {
        labels_.push_back(-1);
        return {labels_.size() - 1};
    }
    Fn& bind(Label l) {
        labels_[l.id] = pc();
        for (auto& fix : fixups_) {
            if (fix.label == l.id) patch(fix);
        }
        return *this;
    }
    Fn& jump(Op op, Label l, int a = 0, int b = 0) {
        const OpInfo& info = op_info(op);
        Fixup fix{pc(), l.id, info.format};
        if (info.format == Format::sAx)
            sax(op, 0);
        else if (info.format == Format::AsBx)
            asbx(op, a, 0);
        else
            abj(op, a, b, 0);
        fixups_.push_back(fix);
        if (labels_[l.id] >= 0) patch(fix);
        return *this;
    }

    Function build() const { return f_; }

  private:
    struct Fixup {
        uint32_t at;
        size_t label;
        Format format;
    };
    void patch(const Fixup& fix) {
        int64_t target = labels_[fix.label];
        uint32_t len = fix.format == Format::ABJ ? 2 : 1;
        int32_t off = int32_t(target - int64_t(fix.at + len));
        uint32_t& w = f_.code[fix.at];
        if (fix.format == Format::sAx)
            w = (w & 0xFF) | uint32_t(off) << 8;
        else if (fix.format == Format::AsBx)
            w = (w & 0xFFFF) | uint32_t(uint16_t(int16_t(off))) << 16;
        else
            f_.code[fix.at + 1] = uint32_t(off);
    }

    Function f_;
    std::vector<int64_t> labels_;
    std::vector<Fixup> fixups_;
};

// Module-level helpers.
class Mod {
  public:
    Module m;

    Mod() {
        m.source_name = "test.strat";
        m.compiler = "hand";
    }

    uint32_t add(const Fn& f) {
        m.functions.push_back(f.build());
        return uint32_t(m.functions.size() - 1);
    }
    uint32_t handler(HandlerId h, const Fn& f) {
        uint32_t index = add(f);
        m.handlers.push_back({h, index});
        return index;
    }
    uint32_t int_const(int64_t v) { return constant({Type::int_(), v, 0, {}}); }
    uint32_t float_const(double v) { return constant({Type::float_(), 0, v, {}}); }
    uint32_t string_const(std::string s) { return constant({Type::string(), 0, 0, std::move(s)}); }
    uint32_t constant(Constant c) {
        m.constants.push_back(std::move(c));
        return uint32_t(m.constants.size() - 1);
    }
    uint32_t global(std::string name, Type t) {
        m.globals.push_back({std::move(name), t});
        return uint32_t(m.globals.size() - 1);
    }
    uint32_t import(BuiltinId id) {
        for (size_t i = 0; i < m.imports.size(); ++i) {
            if (m.imports[i].id == id) return uint32_t(i);
        }
        m.imports.push_back({id});
        m.history_depth = std::max(m.history_depth, min_history_depth(m));  // as the compiler does
        return uint32_t(m.imports.size() - 1);
    }
    uint32_t site(BuiltinId id, uint32_t line = 1) {
        m.sites.push_back({import(id), line, 1});
        return uint32_t(m.sites.size() - 1);
    }
    uint32_t spec(const std::string& text, uint8_t enum_id = 0xFF) {
        std::string why;
        FormatSpec s = *parse_format_spec(text, &why);
        s.enum_id = enum_id;
        m.specs.push_back(s);
        return uint32_t(m.specs.size() - 1);
    }
    // Source text with `lines` numbered lines, so that errors can show positions.
    void source(std::string text) { m.source_text = std::move(text); }
};

}  // namespace dsl::vm::test
