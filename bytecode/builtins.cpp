// Expands builtins.def, handlers.def and records.def into metadata, parsing the textual
// signatures once. A signature that fails to parse aborts: the tables are code, and the
// unit tests load them all.
#include "bytecode/builtins.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace dsl {
namespace {

// A tiny cursor over a signature string.
class SigParser {
  public:
    explicit SigParser(std::string_view text) : s_(text) {}

    std::optional<Signature> parse(std::string* error) {
        Signature sig;
        skip();
        if (!eat('(')) return fail(error, "expected '('");
        skip();
        if (!eat(')')) {
            for (;;) {
                Param p;
                if (!parse_param(p, error)) return std::nullopt;
                sig.params.push_back(std::move(p));
                skip();
                if (eat(')')) break;
                if (!eat(',')) return fail(error, "expected ',' or ')'");
            }
        }
        skip();
        if (!eat('-') || !eat('>')) return fail(error, "expected '->'");
        skip();
        if (!parse_sig_type(sig.result)) return fail(error, "bad result type");
        skip();
        if (pos_ != s_.size()) return fail(error, "trailing text");
        bool seen_default = false;
        for (const auto& p : sig.params) {
            if (p.default_value)
                seen_default = true;
            else if (seen_default)
                return fail(error, "a parameter without default follows one with");
        }
        return sig;
    }

  private:
    std::string_view s_;
    size_t pos_ = 0;

    std::nullopt_t fail(std::string* error, const char* what) {
        if (error) *error = std::string(what) + " at offset " + std::to_string(pos_);
        return std::nullopt;
    }
    void skip() {
        while (pos_ < s_.size() && s_[pos_] == ' ')
            ++pos_;
    }
    bool eat(char c) {
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::string_view word() {
        size_t start = pos_;
        while (pos_ < s_.size() &&
               (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' ||
                s_[pos_] == '[' || s_[pos_] == ']' || s_[pos_] == '.' || s_[pos_] == '-')) {
            ++pos_;
        }
        return s_.substr(start, pos_ - start);
    }
    bool parse_sig_type(SigType& out) {
        std::string_view w = word();
        if (w == "T") {
            out = {Type::void_(), SigType::Generic::Elem};
            return true;
        }
        if (w == "T[]") {
            out = {Type::void_(), SigType::Generic::ArrayOfElem};
            return true;
        }
        auto t = parse_type(w);
        if (!t) return false;
        out = {*t, SigType::Generic::None};
        return true;
    }
    bool parse_param(Param& p, std::string* error) {
        skip();
        std::string_view name = word();
        if (name.empty()) return fail(error, "expected a parameter name"), false;
        p.name = std::string(name);
        skip();
        if (!eat(':')) return fail(error, "expected ':'"), false;
        skip();
        if (!parse_sig_type(p.type)) return fail(error, "bad parameter type"), false;
        skip();
        if (eat('=')) {
            skip();
            auto lit = parse_literal(p.type);
            if (!lit) return fail(error, "bad default value"), false;
            p.default_value = std::move(lit);
        }
        return true;
    }
    std::optional<Literal> parse_literal(const SigType& type) {
        Literal lit;
        lit.type = type.type;
        if (eat('"')) {
            size_t end = s_.find('"', pos_);
            if (end == std::string_view::npos) return std::nullopt;
            lit.s = std::string(s_.substr(pos_, end - pos_));
            pos_ = end + 1;
            return type.type == Type::string() ? std::optional(lit) : std::nullopt;
        }
        std::string_view w = word();
        switch (type.type.kind) {
            case TypeKind::Bool:
                if (w != "true" && w != "false") return std::nullopt;
                lit.i = w == "true";
                return lit;
            case TypeKind::Int: {
                auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), lit.i);
                if (ec != std::errc() || p != w.data() + w.size()) return std::nullopt;
                return lit;
            }
            case TypeKind::Float: {
                if (w == "na") {
                    lit.f = __builtin_nan("");
                    return lit;
                }
                std::string copy(w);
                char* end = nullptr;
                lit.f = std::strtod(copy.c_str(), &end);
                if (copy.empty() || *end != '\0') return std::nullopt;
                return lit;
            }
            case TypeKind::Enum: {
                size_t dot = w.find('.');
                if (dot == std::string_view::npos) return std::nullopt;
                if (find_enum(w.substr(0, dot)) != type.type.enum_id()) return std::nullopt;
                auto v = find_enum_value(type.type.enum_id(), w.substr(dot + 1));
                if (!v) return std::nullopt;
                lit.i = *v;
                return lit;
            }
            default:
                return std::nullopt;
        }
    }
};

Signature parse_or_die(std::string_view what, std::string_view text) {
    std::string error;
    auto sig = parse_signature(text, &error);
    if (!sig) {
        std::fprintf(stderr, "internal error: bad signature of %.*s: %s\n", int(what.size()),
                     what.data(), error.c_str());
        std::abort();
    }
    return std::move(*sig);
}

std::vector<BuiltinInfo> make_builtins() {
    std::vector<BuiltinInfo> out;
#define DSL_BUILTIN(id, name, signature, flags, gas, doc)                     \
    out.push_back({BuiltinId::id, name, signature, uint32_t(flags), gas, doc, \
                   parse_or_die(#id, signature)});
#include "bytecode/builtins.def"
#undef DSL_BUILTIN
    return out;
}

std::vector<HandlerInfo> make_handlers() {
    std::vector<HandlerInfo> out;
#define DSL_HANDLER(id, signature, per_bar, doc)       \
    out.push_back({HandlerId::id, #id, signature, doc, \
                   parse_or_die(#id, std::string(signature) + " -> void").params, per_bar});
#include "bytecode/handlers.def"
#undef DSL_HANDLER
    return out;
}

std::vector<std::vector<FieldInfo>> make_fields() {
    std::vector<std::vector<FieldInfo>> out(kRecordCount);
    auto add = [&](RecordId r, std::string_view name, std::string_view type, std::string_view doc) {
        auto t = parse_type(type);
        if (!t) {
            std::fprintf(stderr, "internal error: bad field type %.*s\n", int(type.size()),
                         type.data());
            std::abort();
        }
        auto& fields = out[size_t(r)];
        fields.push_back({r, uint8_t(fields.size()), name, *t, doc});
    };
#define DSL_FIELD(record, name, type, doc) add(RecordId::record, #name, type, doc);
#include "bytecode/records.def"
#undef DSL_FIELD
    return out;
}

const std::vector<BuiltinInfo>& builtins() {
    static const std::vector<BuiltinInfo> table = make_builtins();
    return table;
}
const std::vector<HandlerInfo>& handlers() {
    static const std::vector<HandlerInfo> table = make_handlers();
    return table;
}
const std::vector<std::vector<FieldInfo>>& fields() {
    static const std::vector<std::vector<FieldInfo>> table = make_fields();
    return table;
}

}  // namespace

size_t Signature::required() const {
    size_t n = 0;
    for (const auto& p : params)
        n += !p.default_value;
    return n;
}

std::optional<Signature> parse_signature(std::string_view text, std::string* error) {
    return SigParser(text).parse(error);
}

std::span<const BuiltinInfo> all_builtins() {
    return builtins();
}
const BuiltinInfo& builtin_info(BuiltinId id) {
    return builtins()[size_t(id)];
}

std::vector<const BuiltinInfo*> find_builtins(std::string_view name) {
    std::vector<const BuiltinInfo*> out;
    for (const auto& b : builtins()) {
        if (b.name == name) out.push_back(&b);
    }
    return out;
}

std::optional<BuiltinId> find_builtin(std::string_view name, std::string_view signature_text) {
    for (const auto& b : builtins()) {
        if (b.name == name && b.signature_text == signature_text) return b.id;
    }
    return std::nullopt;
}

std::span<const HandlerInfo> all_handlers() {
    return handlers();
}
const HandlerInfo& handler_info(HandlerId id) {
    return handlers()[size_t(id)];
}
std::optional<HandlerId> find_handler(std::string_view name) {
    for (const auto& h : handlers()) {
        if (h.name == name) return h.id;
    }
    return std::nullopt;
}

std::span<const FieldInfo> record_fields(RecordId r) {
    return fields()[size_t(r)];
}
std::optional<FieldInfo> find_field(RecordId r, std::string_view name) {
    for (const auto& f : fields()[size_t(r)]) {
        if (f.name == name) return f;
    }
    return std::nullopt;
}

}  // namespace dsl
