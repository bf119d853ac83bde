// Parsing of format strings (see format_string.h).
#include "compiler/format_string.h"

namespace dsl {
namespace {

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Decodes the escapes of a run of raw literal text (already validated by the parser).
std::string decode(std::string_view raw) {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out += raw[i];
            continue;
        }
        switch (raw[++i]) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            default:
                out += raw[i];
        }
    }
    return out;
}

}  // namespace

size_t FormatString::placeholders() const {
    size_t n = 0;
    for (const auto& p : pieces)
        n += p.placeholder;
    return n;
}

std::optional<FormatString> parse_format_string(const ast::StringLit& lit, Diagnostics& diags) {
    const std::string& raw = lit.raw;
    FormatString out;
    std::string text;
    bool ok = true;
    uint32_t line = lit.span.begin.line;
    // Column of raw[i]: the literal's column, plus the opening quote, plus code points before i.
    std::vector<uint32_t> col(raw.size() + 1);
    uint32_t c = lit.span.begin.col + 1;
    for (size_t i = 0; i <= raw.size(); ++i) {
        col[i] = c;
        if (i < raw.size() && !continuation(raw[i])) ++c;
    }
    auto error = [&](size_t at, size_t length, std::string why) {
        diags.report(DiagKind::format_syntax,
                     Span{{line, col[at]}, {line, col[at] + uint32_t(length)}}, why);
        ok = false;
    };
    auto flush = [&]() {
        if (!text.empty()) out.pieces.push_back({false, decode(text), {}, {}});
        text.clear();
    };
    for (size_t i = 0; i < raw.size(); ++i) {
        char ch = raw[i];
        if (ch == '\\' && i + 1 < raw.size()) {
            text += raw.substr(i, 2);
            ++i;
        } else if (ch == '{' && i + 1 < raw.size() && raw[i + 1] == '{') {
            text += '{';
            ++i;
        } else if (ch == '}' && i + 1 < raw.size() && raw[i + 1] == '}') {
            text += '}';
            ++i;
        } else if (ch == '}') {
            error(i, 1, "a single '}' must be written '}}'");
        } else if (ch == '{') {
            size_t close = raw.find('}', i);
            if (close == std::string::npos) {
                error(i, 1, "'{' is not closed; write '{{' for a literal brace");
                break;
            }
            std::string_view inside = std::string_view(raw).substr(i + 1, close - i - 1);
            Span span{{line, col[i]}, {line, col[close] + 1}};
            if (!inside.empty() && inside[0] != ':') {
                error(i, close - i + 1,
                      "placeholders are written {} or {:spec}, without names or numbers");
            } else {
                std::string why;
                auto spec = parse_format_spec(inside.empty() ? "" : inside.substr(1), &why);
                if (!spec) {
                    error(i, close - i + 1, why);
                } else {
                    flush();
                    out.pieces.push_back({true, {}, *spec, span});
                }
            }
            i = close;
        } else {
            text += ch;
        }
    }
    flush();
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace dsl
