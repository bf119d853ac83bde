// The tables of bytecode/: they load, they agree with each other, and every builtin and
// handler signature is accepted in a program that uses it rightly and rejected in one that
// uses it wrongly (the programs are generated from the tables, so new entries are covered).
#include <gtest/gtest.h>

#include <set>

#include "bytecode/builtins.h"
#include "bytecode/format_spec.h"
#include "bytecode/opcodes.h"
#include "compiler/compile.h"

namespace dsl {
namespace {

// A source expression of type `t` usable inside `on_bar(s: symbol)` after the preamble
// in program_with().
std::string sample(Type t) {
    if (t.is_array()) {
        switch (t.elem) {
            case TypeKind::Int:
                return "ints";
            case TypeKind::String:
                return "texts";
            default:
                return "floats";
        }
    }
    switch (t.kind) {
        case TypeKind::Int:
            return "7";
        case TypeKind::Float:
            return "1.5";
        case TypeKind::Bool:
            return "true";
        case TypeKind::String:
            return "\"x\"";
        case TypeKind::Symbol:
            return "s";
        case TypeKind::Enum:
            return std::string(enum_name(t.enum_id())) + "." +
                   std::string(enum_value_name(t.enum_id(), 0));
        default:
            return "?";
    }
}

std::string program_with(const std::string& statement) {
    return "on_bar(s: symbol) {\n"
           "    let ints: int[] = [1, 2]\n"
           "    let floats: float[] = [1.0]\n"
           "    let texts: string[] = [\"a\"]\n"
           "    let _used = len(ints) + len(floats) + len(texts)\n"
           "    " +
           statement +
           "\n"
           "}\n";
}

// A call of `b` with a valid argument for every parameter (T is float).
std::string valid_call(const BuiltinInfo& b) {
    if (b.has(kFormat)) return std::string(b.name) + "(\"v={}\", 1)";
    std::string args;
    for (const auto& p : b.signature.params) {
        if (!args.empty()) args += ", ";
        switch (p.type.generic) {
            case SigType::Generic::None:
                args += sample(p.type.type);
                break;
            case SigType::Generic::Elem:
                args += "1.5";
                break;
            case SigType::Generic::ArrayOfElem:
                args += "floats";
                break;
        }
    }
    std::string call = std::string(b.name) + "(" + args + ")";
    bool is_void = b.signature.result.generic == SigType::Generic::None &&
                   b.signature.result.type == Type::void_();
    return is_void ? call : "let _r = " + call;
}

bool has_error(const CompileResult& r) {
    return std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string all_messages(const CompileResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics)
        out += std::to_string(d.span.begin.line) + ":" + d.message + "\n";
    return out;
}

TEST(BuiltinTable, EverySignatureParses) {
    ASSERT_EQ(all_builtins().size(), size_t(kBuiltinCount));
    for (int i = 0; i < kBuiltinCount; ++i)
        EXPECT_EQ(all_builtins()[size_t(i)].id, BuiltinId(i));
}

TEST(BuiltinTable, SeriesAndIndicatorsHaveTheShapeTheVmExpects) {
    for (const auto& b : all_builtins()) {
        if (b.has(kSeries)) {
            ASSERT_FALSE(b.signature.params.empty()) << b.name;
            EXPECT_EQ(b.signature.params[0].type.type, Type::symbol()) << b.name;
        }
        if (b.has(kIntrinsic)) {
            EXPECT_FALSE(b.has(kStateful) || b.has(kSeries) || b.has(kOrder)) << b.name;
        }
        EXPECT_GT(b.gas, 0) << b.name;
        EXPECT_LE(b.signature.params.size() + (b.has(kSeries) ? 1 : 0), kMaxBuiltinArgs) << b.name;
    }
}

TEST(BuiltinTable, EveryBuiltinAcceptsAValidCall) {
    for (const auto& b : all_builtins()) {
        std::string src = program_with(valid_call(b));
        CompileResult r = compile(src, "valid.strat");
        EXPECT_FALSE(has_error(r)) << b.name << b.signature_text << "\n" << src << all_messages(r);
    }
}

TEST(BuiltinTable, EveryBuiltinRejectsAnInvalidCall) {
    for (const auto& b : all_builtins()) {
        // One argument too many: no signature accepts it.
        std::string call = valid_call(b);
        std::string extended =
            call.substr(0, call.size() - 1) + (call.back() == ')' && call[call.size() - 2] == '('
                                                   ? "Side.Buy, Side.Buy)"
                                                   : ", Side.Buy, Side.Buy)");
        CompileResult r = compile(program_with(extended), "invalid.strat");
        EXPECT_TRUE(has_error(r)) << b.name << ": " << extended;
        // A wrong type for the first parameter (an enum value fits no builtin's first parameter).
        if (!b.signature.params.empty() && !b.has(kFormat) &&
            b.signature.params[0].type.generic != SigType::Generic::Elem) {
            std::string args = "Side.Buy";
            for (size_t i = 1; i < b.signature.params.size(); ++i)
                args += ", " + sample(b.signature.params[i].type.type);
            CompileResult wrong =
                compile(program_with("let _r = " + std::string(b.name) + "(" + args + ")"),
                        "invalid.strat");
            EXPECT_TRUE(has_error(wrong)) << b.name << " accepted Side.Buy as its first argument";
        }
    }
}

TEST(HandlerTable, EveryHandlerSignatureIsAcceptedAndMisdeclarationsRejected) {
    for (const auto& h : all_handlers()) {
        std::string params;
        for (const auto& p : h.params)
            params += (params.empty() ? "" : ", ") + p.name + ": " + type_name(p.type.type);
        std::string good = std::string(h.name) + "(" + params + ") {\n}\n";
        CompileResult ok = compile(good, "handler.strat");
        EXPECT_FALSE(has_error(ok)) << good << all_messages(ok);
        ASSERT_TRUE(ok.module.has_value());
        EXPECT_NE(ok.module->handler_function(h.id), kNoFunction);

        std::string wrong_params = params.empty() ? "x: int" : params + ", extra: int";
        CompileResult bad =
            compile(std::string(h.name) + "(" + wrong_params + ") {\n}\n", "handler.strat");
        ASSERT_EQ(bad.diagnostics.size(), 1u) << all_messages(bad);
        EXPECT_EQ(bad.diagnostics[0].kind, DiagKind::handler_signature);
    }
}

TEST(RecordTable, FieldsHaveDistinctNamesAndDenseIndexes) {
    for (int r = 0; r < kRecordCount; ++r) {
        std::set<std::string_view> names;
        uint8_t index = 0;
        for (const auto& f : record_fields(RecordId(r))) {
            EXPECT_TRUE(names.insert(f.name).second) << f.name;
            EXPECT_EQ(f.index, index++);
        }
    }
}

// field_slot is the compile-time spelling of find_field: the same slots, at the ends of each
// record and in the middle (the bindings in stdlib/ switch on it).
TEST(RecordTable, FieldSlotsAreTheFieldsIndexes) {
    auto index = [](RecordId r, std::string_view name) { return find_field(r, name)->index; };
    EXPECT_EQ(field_slot(RecordId::Order, "id"), index(RecordId::Order, "id"));
    EXPECT_EQ(field_slot(RecordId::Order, "tag"), index(RecordId::Order, "tag"));
    EXPECT_EQ(field_slot(RecordId::Order, "updated_time"), index(RecordId::Order, "updated_time"));
    EXPECT_EQ(field_slot(RecordId::Position, "symbol"), index(RecordId::Position, "symbol"));
    EXPECT_EQ(field_slot(RecordId::Position, "qty"), index(RecordId::Position, "qty"));
    EXPECT_EQ(field_slot(RecordId::Position, "opened_time"),
              index(RecordId::Position, "opened_time"));
    EXPECT_EQ(field_slot(RecordId::Portfolio, "cash"), index(RecordId::Portfolio, "cash"));
    EXPECT_EQ(field_slot(RecordId::Portfolio, "open_orders"),
              index(RecordId::Portfolio, "open_orders"));
}

TEST(Types, EncodingRoundTrips) {
    std::vector<Type> types = {Type::int_(),
                               Type::float_(),
                               Type::bool_(),
                               Type::string(),
                               Type::symbol(),
                               Type::record(RecordId::Order),
                               Type::record(RecordId::Portfolio),
                               Type::array_of(Type::int_()),
                               Type::array_of(Type::string()),
                               Type::array_of(Type::enum_(EnumId::Side)),
                               Type::enum_(EnumId::TimeInForce)};
    for (Type t : types) {
        EXPECT_EQ(decode_type(encode_type(t)), t) << type_name(t);
        EXPECT_EQ(parse_type(type_name(t)), t) << type_name(t);
    }
    EXPECT_FALSE(decode_type(0x00FF).has_value());
    EXPECT_FALSE(
        decode_type(uint16_t(TypeKind::Array) | uint16_t(TypeKind::Record) << 8).has_value());
    EXPECT_FALSE(parse_type("order[]").has_value());
}

TEST(FormatSpec, ParsesAndFormats) {
    auto spec = [](std::string_view s) {
        std::string why;
        auto out = parse_format_spec(s, &why);
        EXPECT_TRUE(out.has_value()) << s << ": " << why;
        return out.value_or(FormatSpec{});
    };
    EXPECT_EQ(format_float(3.14159, spec(".2f")), "3.14");
    EXPECT_EQ(format_float(0.1234, spec(".1%")), "12.3%");
    EXPECT_EQ(format_float(2.5, spec("")), "2.5");
    EXPECT_EQ(format_float(100.0, spec("")), "100");
    EXPECT_EQ(format_float(-0.5, spec("+.1f")), "-0.5");
    EXPECT_EQ(format_float(0.5, spec("+.1f")), "+0.5");
    EXPECT_EQ(format_float(__builtin_nan(""), spec(".2f")), "na");
    EXPECT_EQ(format_int(42, spec(">6d")), "    42");
    EXPECT_EQ(format_int(42, spec("*<6")), "42****");
    EXPECT_EQ(format_int(255, spec("x")), "ff");
    EXPECT_EQ(format_int(7, spec("02d")), "07");
    EXPECT_EQ(format_int(-42, spec("05d")), "-0042");
    EXPECT_EQ(format_int(123456, spec("03")), "123456");
    EXPECT_EQ(format_float(3.5, spec("+07.2f")), "+003.50");
    EXPECT_EQ(format_int(0, spec("0")), "0");
    EXPECT_EQ(format_int(-7, spec("")), "-7");
    EXPECT_EQ(format_int(INT64_MIN, spec("")), "-9223372036854775808");
    EXPECT_EQ(format_text("ab", spec("^6")), "  ab  ");
    std::string why;
    EXPECT_FALSE(parse_format_spec(".f", &why).has_value());
    EXPECT_FALSE(parse_format_spec("q", &why).has_value());
    EXPECT_FALSE(parse_format_spec("100d", &why).has_value());
    EXPECT_FALSE(spec_accepts(spec("d"), Type::float_(), &why));
    EXPECT_TRUE(spec_accepts(spec(".2f"), Type::int_(), &why));
    EXPECT_FALSE(spec_accepts(spec(".2"), Type::string(), &why));
}

TEST(OpcodeTable, OperandsMatchFormats) {
    for (const auto& info : kOpInfo) {
        int tokens = 0;
        for (const auto& o : info.operands)
            tokens += o.kind != Operand::Kind::None;
        switch (info.format) {
            case Format::sAx:
                EXPECT_EQ(info.operands[0].kind, Operand::Kind::Jump) << info.name;
                break;
            case Format::ABJ:
                EXPECT_EQ(info.operands[2].kind, Operand::Kind::Jump) << info.name;
                break;
            case Format::CALL:
            case Format::CALLW:
                EXPECT_EQ(info.operands[0].kind, Operand::Kind::Reg) << info.name;
                break;
            default:
                EXPECT_LE(tokens, 3) << info.name;
        }
        EXPECT_GT(info.gas, 0) << info.name;
        EXPECT_FALSE(info.semantics.empty()) << info.name;
    }
}

}  // namespace
}  // namespace dsl
