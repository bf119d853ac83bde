// Renders the tables of bytecode/ as Markdown (see builtin_reference.h).
#include "builtin_reference.h"

#include <fmt/format.h>

#include "bytecode/builtins.h"

namespace dsl {
namespace {

std::string escape_pipes(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|')
            out += "\\|";
        else
            out += c;
    }
    return out;
}

const char* section_of(const BuiltinInfo& b) {
    if (b.has(kOrder)) return "Orders";
    if (b.has(kSeries) || b.id == BuiltinId::bar_index || b.id == BuiltinId::symbol ||
        b.id == BuiltinId::symbol_name || b.id == BuiltinId::symbols ||
        b.id == BuiltinId::tick_size || b.id == BuiltinId::round_price)
        return "Market data";
    if (b.has(kStateful)) return "Indicators";
    if (b.id == BuiltinId::position || b.id == BuiltinId::portfolio || b.id == BuiltinId::equity ||
        b.id == BuiltinId::cash || b.id == BuiltinId::get_order ||
        b.id == BuiltinId::working_orders || b.id == BuiltinId::working_orders_symbol)
        return "Positions, portfolio and orders";
    if (b.id == BuiltinId::year || b.id == BuiltinId::month || b.id == BuiltinId::day ||
        b.id == BuiltinId::weekday || b.id == BuiltinId::hour || b.id == BuiltinId::minute)
        return "Time";
    if (b.has(kIntrinsic) || b.has(kFormat)) return "Text, arrays and output";
    return "Math";
}

}  // namespace

std::string builtin_reference_markdown() {
    std::string out;
    const char* sections[] = {
        "Orders", "Positions, portfolio and orders", "Market data", "Indicators", "Math",
        "Time",   "Text, arrays and output"};
    for (const char* section : sections) {
        out += fmt::format("#### {}\n\n| function | gas | meaning |\n|---|---|---|\n", section);
        for (const auto& b : all_builtins()) {
            if (std::string_view(section_of(b)) != section) continue;
            out += fmt::format("| `{}{}` | {} | {} |\n", b.name, escape_pipes(b.signature_text),
                               b.gas, escape_pipes(b.doc));
        }
        out += "\n";
    }
    out += "#### Event handlers\n\n| handler | runs |\n|---|---|\n";
    for (const auto& h : all_handlers())
        out += fmt::format("| `{}{}` | {} |\n", h.name, h.signature_text, h.doc);
    out += "\n";
    for (int r = 0; r < kRecordCount; ++r) {
        out += fmt::format("#### Record `{}`\n\n| field | type | meaning |\n|---|---|---|\n",
                           record_name(RecordId(r)));
        for (const auto& f : record_fields(RecordId(r)))
            out += fmt::format("| `{}` | `{}` | {} |\n", f.name, type_name(f.type),
                               escape_pipes(f.doc));
        out += "\n";
    }
    out += "#### Enums\n\n| enum | values |\n|---|---|\n";
    for (int e = 0; e < kEnumCount; ++e) {
        std::string values;
        for (int v = 0; v < enum_value_count(EnumId(e)); ++v)
            values += fmt::format("{}`{}.{}`", v ? ", " : "", enum_name(EnumId(e)),
                                  enum_value_name(EnumId(e), v));
        out += fmt::format("| `{}` | {} |\n", enum_name(EnumId(e)), values);
    }
    return out;
}

}  // namespace dsl
