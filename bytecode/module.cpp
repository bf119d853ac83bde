// Lookups over a module's tables.
#include "bytecode/module.h"

#include <algorithm>

namespace dsl {

LineInfo Function::position_at(uint32_t pc) const {
    auto it = std::upper_bound(lines.begin(), lines.end(), pc,
                               [](uint32_t p, const LineInfo& l) { return p < l.pc; });
    if (it == lines.begin()) return {pc, 0, 0};
    return *std::prev(it);
}

uint32_t Module::handler_function(HandlerId h) const {
    for (const auto& b : handlers) {
        if (b.handler == h) return b.function;
    }
    return kNoFunction;
}

std::string_view Module::source_line(uint32_t line) const {
    if (line == 0) return {};
    std::string_view rest = source_text;
    for (uint32_t i = 1; i < line; ++i) {
        size_t nl = rest.find('\n');
        if (nl == std::string_view::npos) return {};
        rest.remove_prefix(nl + 1);
    }
    size_t nl = rest.find('\n');
    std::string_view text = rest.substr(0, nl);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

uint32_t min_history_depth(const Module& m) {
    bool prev_bar = std::any_of(m.imports.begin(), m.imports.end(),
                                [](const Import& i) { return builtin_info(i.id).has(kPrevBar); });
    return prev_bar ? 2 : 1;
}

}  // namespace dsl
