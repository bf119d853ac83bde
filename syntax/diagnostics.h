// Diagnostics are data: the front end collects them, the tools render them. Kinds come
// from diagnostics.def (one registry). A diagnostic may carry notes (e.g. where a name was
// first defined). Rendering follows the compilers users know:
//
//   strategy.strat:12:18: error: cannot initialise 'x' of type int with a value of type string
//      12 |     let x: int = "a"
//         |                  ^~~
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/escape.h"
#include "syntax/source.h"

namespace dsl {

enum class Severity : uint8_t { Error, Warning, Note };

enum class DiagKind : uint16_t {
#define DSL_DIAG(id, severity, message) id,
#include "syntax/diagnostics.def"
#undef DSL_DIAG
};

inline constexpr int kDiagKindCount = 0
#define DSL_DIAG(id, severity, message) +1
#include "syntax/diagnostics.def"
#undef DSL_DIAG
    ;

struct DiagInfo {
    std::string_view name;
    Severity severity;
    std::string_view format;
};
const DiagInfo& diag_info(DiagKind kind);

struct Diagnostic {
    DiagKind kind;
    Severity severity;
    Span span;
    std::string message;
    std::vector<Diagnostic> notes;
};

// Collects diagnostics in the order they are reported; sorted() orders them by position.
// Messages are made printable (common/escape.h) as they are reported: the names, tokens and
// characters they quote come from the source, and may hold control bytes or invalid UTF-8.
class Diagnostics {
  public:
    template <typename... Args>
    Diagnostic& report(DiagKind kind, Span span, const Args&... args) {
        const DiagInfo& info = diag_info(kind);
        list_.push_back({kind,
                         info.severity,
                         span,
                         printable(fmt::format(fmt::runtime(info.format), args...)),
                         {}});
        if (info.severity == Severity::Error) ++errors_;
        return list_.back();
    }
    template <typename... Args>
    static Diagnostic note(DiagKind kind, Span span, const Args&... args) {
        const DiagInfo& info = diag_info(kind);
        return {kind,
                Severity::Note,
                span,
                printable(fmt::format(fmt::runtime(info.format), args...)),
                {}};
    }

    bool has_errors() const { return errors_ > 0; }
    size_t error_count() const { return errors_; }
    const std::vector<Diagnostic>& list() const { return list_; }
    // By position; reports at one position keep their order.
    std::vector<Diagnostic> sorted() const;

  private:
    std::vector<Diagnostic> list_;
    size_t errors_ = 0;
};

const char* severity_name(Severity s);

struct RenderOptions {
    bool color = false;
    bool show_source = true;
};

// Where each line of a source starts, found in one pass, so that rendering a diagnostic
// costs its own line only: rendering every diagnostic of a file is linear in the file and
// the output, however many there are.
class SourceLines {
  public:
    explicit SourceLines(std::string_view source);
    // The text of 1-based line `number`, without its line break; empty past the end.
    std::string_view line(uint32_t number) const;

  private:
    std::string_view source_;
    std::vector<size_t> starts_;  // offset of each line's first byte
};

// "file:line:col: severity: message" followed by the source line and a caret (and the
// same for each note).
std::string render(const Diagnostic& d, std::string_view file_name, const SourceLines& source,
                   const RenderOptions& options = {});
// The same for one diagnostic: indexes the whole source first, so use SourceLines for many.
std::string render(const Diagnostic& d, std::string_view file_name, std::string_view source,
                   const RenderOptions& options = {});

// Closest candidate by edit distance, for "did you mean" hints; empty if none is close.
std::string closest_match(std::string_view name, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or empty.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace dsl
