// The diagnostics registry, rendering and "did you mean" suggestions.
#include "syntax/diagnostics.h"

#include <algorithm>
#include <array>

#include "common/escape.h"

namespace dsl {
namespace {

constexpr std::array<DiagInfo, kDiagKindCount> kDiagInfo = {{
#define DSL_DIAG(id, severity, message) {#id, Severity::severity, message},
#include "syntax/diagnostics.def"
#undef DSL_DIAG
}};

// A source line as printed (common/escape.h) and the caret line under it. Columns count
// characters (a byte that is not valid UTF-8 is one, as the parser counts it); each takes the
// width it is printed in, so that the caret stays under its column after escaped bytes, and a
// tab stays a tab in both lines.
struct ShownLine {
    std::string text;
    std::string caret;
};

ShownLine show_line(std::string_view line, uint32_t col, uint32_t length, const char* green,
                    const char* reset) {
    ShownLine out;
    std::string indent;
    size_t underline = 0;
    uint32_t column = 1;
    for (size_t i = 0; i < line.size(); ++column) {
        size_t before = out.text.size();
        PrintedChar c = append_printable(out.text, line, i, Tabs::keep);
        size_t width = c.escaped ? out.text.size() - before : 1;
        if (column < col)
            indent += line[i] == '\t' ? std::string("\t") : std::string(width, ' ');
        else if (column < col + length)
            underline += width;
        i += c.bytes;
    }
    if (column < col) indent += std::string(col - column, ' ');
    underline = std::max<size_t>(underline, 1);
    out.caret = indent + green + "^" + std::string(underline - 1, '~') + reset;
    return out;
}

// Characters of a line, as columns count them.
uint32_t columns(std::string_view line) {
    uint32_t n = 0;
    for (size_t i = 0; i < line.size(); ++n)
        i += std::max<size_t>(1, utf8_length(line, i));
    return n;
}

void render_one(std::string& out, const Diagnostic& d, std::string_view file,
                const SourceLines& source, const RenderOptions& o) {
    const char* bold = o.color ? "\033[1m" : "";
    const char* reset = o.color ? "\033[0m" : "";
    const char* tone = "";
    if (o.color) {
        tone = d.severity == Severity::Error     ? "\033[1;31m"
               : d.severity == Severity::Warning ? "\033[1;35m"
                                                 : "\033[1;36m";
    }
    // The message was made printable when it was reported; the file name comes from the user.
    out += fmt::format("{}{}:{}:{}: {}{}:{} {}{}{}\n", bold, printable(file), d.span.begin.line,
                       d.span.begin.col, tone, severity_name(d.severity), reset, bold, d.message,
                       reset);
    if (!o.show_source || d.span.begin.line == 0) return;
    std::string_view text = source.line(d.span.begin.line);
    uint32_t width = columns(text);
    if (text.empty() && d.span.begin.col > 1) return;
    uint32_t length = 1;
    if (d.span.end.line == d.span.begin.line && d.span.end.col > d.span.begin.col) {
        length = d.span.end.col - d.span.begin.col;
    } else if (d.span.end.line > d.span.begin.line && width >= d.span.begin.col) {
        length = width - d.span.begin.col + 1;
    }
    std::string number = fmt::format("{}", d.span.begin.line);
    std::string gutter(std::max<size_t>(number.size(), 4), ' ');
    ShownLine shown = show_line(text, d.span.begin.col, length, o.color ? "\033[1;32m" : "", reset);
    out += fmt::format("{:>{}} | {}\n", number, gutter.size(), shown.text);
    out += fmt::format("{} | {}\n", gutter, shown.caret);
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

const DiagInfo& diag_info(DiagKind kind) {
    return kDiagInfo[size_t(kind)];
}

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Note:
            return "note";
    }
    return "error";
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = list_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.span.begin < b.span.begin;
    });
    return out;
}

SourceLines::SourceLines(std::string_view source) : source_(source) {
    starts_.push_back(0);
    for (size_t nl = source.find('\n'); nl != std::string_view::npos;
         nl = source.find('\n', nl + 1))
        starts_.push_back(nl + 1);
}

std::string_view SourceLines::line(uint32_t number) const {
    if (number == 0 || number > starts_.size()) return {};
    size_t begin = starts_[number - 1];
    size_t end = number < starts_.size() ? starts_[number] - 1 : source_.size();
    std::string_view text = source_.substr(begin, end - begin);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

std::string render(const Diagnostic& d, std::string_view file_name, std::string_view source,
                   const RenderOptions& options) {
    return render(d, file_name, SourceLines(source), options);
}

std::string render(const Diagnostic& d, std::string_view file_name, const SourceLines& source,
                   const RenderOptions& options) {
    std::string out;
    render_one(out, d, file_name, source, options);
    for (const auto& n : d.notes)
        render_one(out, n, file_name, source, options);
    return out;
}

std::string closest_match(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_distance = std::max<size_t>(1, name.size() / 3) + 1;
    for (const auto& c : candidates) {
        if (c == name) continue;
        size_t d = edit_distance(name, c);
        if (d < best_distance || (d == best_distance && !best.empty() && c < best)) {
            if (d < best_distance) best_distance = d;
            best = c;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best = closest_match(name, candidates);
    return best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best);
}

}  // namespace dsl
