// function_length: the project's functions are short, and none but the interpreter loop
// (Vm::execute, the one big function of the VM on purpose: vm/interpreter.cpp) is longer than
// 80 lines. This program finds the ones that are; the ctest of the same name runs it over the
// sources and the tests.
//
//   function_length PATH...
//
// A directory is walked for its .cpp, .h and .c files, skipping hidden folders (.git) and CMake
// build trees (any folder holding a CMakeCache.txt, such as build/release, where the ANTLR
// parser is generated). A file named on the command line is scanned whatever its name, so a
// test can feed it a fixture. Each function over the limit is listed as
// `file:line: NAME is N lines (limit 80)`, in file name order; the exit status is 0 when there
// is none, 1 when there is one, and 2 when a path cannot be read.
//
// The heuristic relies on the code being formatted (scripts/format.sh) and reads it with its
// comments and its string and character literals (raw ones too) blanked out:
// - a function head starts at indent 0 (namespace scope) or 4 (a class member) and ends, on
//   that line or on continuation lines indented deeper, in `{`;
// - it has a name and then a parameter list, closed before that `{`; it is not a control
//   statement (if, for, while, switch, catch, ...), not a class, struct, union, enum or
//   namespace body, and has no `=` outside parentheses (a brace initialiser, or a lambda
//   assigned to a variable);
// - its body ends at the first later line that starts with `}` at the head's indent;
// - its length is the count of lines from the head's first line to that `}`, both included.
// Functions nested deeper (members of nested classes, lambdas inside functions) are not
// measured on their own: they count in the function that holds them. A lambda assigned to a
// variable at namespace scope is not measured at all.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int kLimit = 80;

// The one function allowed to be longer: the interpreter loop, whose handlers jump to each other
// (computed goto) and share the loop's locals (ip, frame, registers), so they stay one function.
struct Exception {
    std::string_view file_suffix;
    std::string_view name;
};
constexpr std::array kExceptions = {Exception{"vm/interpreter.cpp", "Vm::execute"}};

struct Function {
    size_t line = 0;  // 1-based line of the head's first line
    std::string name;
    size_t length = 0;
};

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Blanks out comments and literals, line by line, carrying block comments and raw strings
// from one line to the next. What is left keeps each line's indentation and every brace,
// parenthesis and `=` of the code itself.
class CodeReader {
  public:
    std::vector<std::string> read(std::istream& in) {
        std::vector<std::string> lines;
        std::string line;
        while (std::getline(in, line))
            lines.push_back(strip(line));
        return lines;
    }

  private:
    enum class State { Code, BlockComment, RawString };
    State state_ = State::Code;
    std::string raw_end_;  // the `)delim"` that closes the raw string being read

    std::string strip(const std::string& line) {
        std::string out;
        size_t i = 0;
        while (i < line.size()) {
            if (state_ == State::BlockComment) {
                i = skip_past(line, i, "*/");
            } else if (state_ == State::RawString) {
                i = skip_past(line, i, raw_end_);
            } else {
                i = code(line, i, out);
            }
        }
        return out;
    }

    // Skips to just after `end`, back in code, or to the line's end if `end` is not on it.
    size_t skip_past(const std::string& line, size_t i, const std::string& end) {
        size_t at = line.find(end, i);
        if (at == std::string::npos) return line.size();
        state_ = State::Code;
        return at + end.size();
    }

    // Reads code at `i`: copies one character, or skips a comment or a literal.
    size_t code(const std::string& line, size_t i, std::string& out) {
        char c = line[i];
        if (line.compare(i, 2, "//") == 0) return line.size();
        if (line.compare(i, 2, "/*") == 0) {
            state_ = State::BlockComment;
            return i + 2;
        }
        if (c == 'R' && line.compare(i + 1, 1, "\"") == 0 && starts_raw_string(line, i)) {
            size_t open = line.find('(', i + 2);
            if (open == std::string::npos) return line.size();
            raw_end_ = ")" + line.substr(i + 2, open - i - 2) + "\"";
            state_ = State::RawString;
            return open + 1;
        }
        if (c == '"') return skip_quoted(line, i);
        // A quote after a digit separates digits (1'000); any other opens a character.
        if (c == '\'' && !(i > 0 && std::isdigit(static_cast<unsigned char>(line[i - 1])))) {
            return skip_quoted(line, i);
        }
        out += c;
        return i + 1;
    }

    // `R"` opens a raw string unless the R ends a longer name; u8R, uR, UR and LR do too.
    static bool starts_raw_string(const std::string& line, size_t r) {
        size_t start = r;
        while (start > 0 && is_identifier_char(line[start - 1]))
            --start;
        std::string_view prefix(line.data() + start, r - start);
        return prefix.empty() || prefix == "u8" || prefix == "u" || prefix == "U" || prefix == "L";
    }

    // The position after the literal opened at `open`, whose closing quote is the opening one.
    static size_t skip_quoted(const std::string& line, size_t open) {
        size_t i = open + 1;
        while (i < line.size() && line[i] != line[open])
            i += line[i] == '\\' ? 2 : 1;
        return std::min(i + 1, line.size());
    }
};

// The count of leading spaces, or -1 for a blank line.
int indent_of(const std::string& line) {
    size_t first = line.find_first_not_of(' ');
    return first == std::string::npos ? -1 : static_cast<int>(first);
}

std::string trimmed(const std::string& text) {
    size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The head without a leading `template <...>`, whose `=` and `>` belong to the parameters.
std::string without_template_prefix(const std::string& head) {
    if (head.rfind("template", 0) != 0 || is_identifier_char(head[8])) return head;
    int depth = 0;
    for (size_t i = 8; i < head.size(); ++i) {
        if (head[i] == '<') ++depth;
        if (head[i] == '>' && --depth == 0) return trimmed(head.substr(i + 1));
    }
    return head;
}

// Whether the head starts a statement or a type's or namespace's body. (`extern "C" {` has no
// parameter list; `extern "C" int f(...) {` is a function.)
bool starts_with_keyword(const std::string& head) {
    static constexpr std::array<std::string_view, 15> keywords = {
        "if",     "for",   "while",  "switch", "do",        "else", "try", "catch",
        "return", "class", "struct", "union",  "namespace", "case", "enum"};
    size_t end = 0;
    while (end < head.size() && is_identifier_char(head[end]))
        ++end;
    std::string_view word(head.data(), end);
    return std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

// Where `operator` starts if the name before `list` is an operator's (operator==,
// operator(), operator bool), else npos.
size_t operator_start(const std::string& head, size_t list) {
    size_t op = head.rfind("operator", list);
    if (op == std::string::npos || (op > 0 && is_identifier_char(head[op - 1]))) {
        return std::string::npos;
    }
    return is_identifier_char(head[op + 8]) ? std::string::npos : op;
}

// The position of the '(' that opens the parameter list: the first one, or the one after
// `operator()`.
size_t parameter_list(const std::string& head) {
    size_t first = head.find('(');
    if (first == std::string::npos) return first;
    size_t op = operator_start(head, first);
    bool call_operator = op != std::string::npos && head.compare(first, 2, "()") == 0 &&
                         trimmed(head.substr(op + 8, first - op - 8)).empty();
    return call_operator ? head.find('(', first + 2) : first;
}

// Whether there is a `=` at parenthesis depth 0 that is not part of ==, !=, <= or >=, nor of
// the operator's name.
bool has_top_level_assignment(const std::string& head, size_t list) {
    bool is_operator = operator_start(head, list) != std::string::npos;
    int depth = 0;
    for (size_t i = 0; i < head.size(); ++i) {
        char c = head[i];
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
        if (c != '=' || depth != 0 || (is_operator && i < list)) continue;
        bool comparison =
            head.compare(i + 1, 1, "=") == 0 ||
            (i > 0 && std::string_view("=!<>").find(head[i - 1]) != std::string_view::npos);
        if (!comparison) return true;
    }
    return false;
}

// The parenthesis depth after the whole head: not 0 when its `{` opens a lambda passed to a
// call.
int depth_at_end(const std::string& head) {
    int depth = 0;
    for (char c : head)
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    return depth;
}

// Where the qualified name that ends at `end` starts: identifiers, `::`, `~` and template
// arguments (Table<T>::get).
size_t qualified_start(const std::string& head, size_t end) {
    size_t start = end;
    int angle = 0;
    while (start > 0) {
        char c = head[start - 1];
        if (c == '>') ++angle;
        if (c == '<') --angle;
        if (angle == 0 && !is_identifier_char(c) && c != ':' && c != '~' && c != '<') break;
        --start;
    }
    return start;
}

// The function's name; a macro such as TEST(Suite, Name) keeps its arguments, which are what
// name the test.
std::string name_of(const std::string& head, size_t list) {
    size_t op = operator_start(head, list);
    size_t start = qualified_start(head, op == std::string::npos ? list : op);
    std::string name = head.substr(start, list - start);
    bool macro = std::none_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) != 0;
    });
    if (!name.empty() && macro) name += head.substr(list, head.find(')', list) + 1 - list);
    return name;
}

// The name of the function whose head (joined onto one line) this is, or "" if it is none.
std::string function_name(const std::string& whole_head) {
    std::string head = without_template_prefix(whole_head);
    if (head.empty() || head.back() != '{' || starts_with_keyword(head)) return {};
    if (!is_identifier_char(head[0]) && head[0] != '~' && head[0] != '[') return {};
    size_t list = parameter_list(head);
    if (list == std::string::npos || depth_at_end(head) != 0) return {};
    if (has_top_level_assignment(head, list)) return {};
    return name_of(head, list);
}

// Joins the line at `first` and its continuation lines (indented deeper) until one ends a
// head or a statement; `last` is set to the last line joined.
std::string head_at(const std::vector<std::string>& lines, size_t first, size_t& last) {
    int indent = indent_of(lines[first]);
    std::string head = trimmed(lines[first]);
    last = first;
    while (!head.empty() && std::string_view("{};").find(head.back()) == std::string_view::npos &&
           last + 1 < lines.size() && indent_of(lines[last + 1]) > indent) {
        head += " " + trimmed(lines[++last]);
    }
    return head;
}

// The line of the `}` at `indent` that closes the body opened before `from`, or npos if a
// line less indented comes first.
size_t closing_brace(const std::vector<std::string>& lines, size_t from, int indent) {
    for (size_t k = from; k < lines.size(); ++k) {
        int at = indent_of(lines[k]);
        if (at == indent && lines[k][at] == '}') return k;
        if (at >= 0 && at < indent) return std::string::npos;
    }
    return std::string::npos;
}

std::vector<Function> functions_in(const std::vector<std::string>& lines) {
    std::vector<Function> found;
    size_t i = 0;
    while (i < lines.size()) {
        int indent = indent_of(lines[i]);
        if (indent != 0 && indent != 4) {
            ++i;
            continue;
        }
        size_t head_end = i;
        std::string name = function_name(head_at(lines, i, head_end));
        size_t close =
            name.empty() ? std::string::npos : closing_brace(lines, head_end + 1, indent);
        if (close == std::string::npos) {
            i = head_end + 1;
            continue;
        }
        found.push_back({i + 1, name, close - i + 1});
        i = close + 1;  // what the body holds counts in this function
    }
    return found;
}

// The exception's file is named relative to the source folder: the file shown, or a path that
// ends in "/" and it.
bool is_exception(const std::string& file, const Function& function) {
    return std::any_of(kExceptions.begin(), kExceptions.end(), [&](const Exception& e) {
        std::string_view shown = file;
        bool same_file = shown == e.file_suffix ||
                         (shown.size() > e.file_suffix.size() && shown.ends_with(e.file_suffix) &&
                          shown[shown.size() - e.file_suffix.size() - 1] == '/');
        return function.name == e.name && same_file;
    });
}

bool is_source(const fs::path& path) {
    std::string ext = path.extension().string();
    return ext == ".cpp" || ext == ".h" || ext == ".c";
}

// The source files below `root`, named relative to it, in name order.
std::vector<std::string> sources_below(const fs::path& root) {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::end(it); ++it) {
        const fs::path& path = it->path();
        if (it->is_directory()) {
            bool skipped =
                path.filename().string().rfind('.', 0) == 0 || fs::exists(path / "CMakeCache.txt");
            if (skipped) it.disable_recursion_pending();
        } else if (it->is_regular_file() && is_source(path)) {
            files.push_back(path.lexically_relative(root).generic_string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

struct Tally {
    size_t files = 0;
    size_t functions = 0;
    size_t over = 0;
};

// Scans one file, listing its functions over the limit; false if it cannot be read.
bool scan(const fs::path& path, const std::string& shown, Tally& tally) {
    std::ifstream in(path);
    if (!in) {
        std::cerr << "function_length: cannot read " << path.string() << "\n";
        return false;
    }
    ++tally.files;
    for (const Function& function : functions_in(CodeReader().read(in))) {
        ++tally.functions;
        if (function.length <= kLimit || is_exception(shown, function)) continue;
        ++tally.over;
        std::cout << shown << ":" << function.line << ": " << function.name << " is "
                  << function.length << " lines (limit " << kLimit << ")\n";
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: function_length PATH...\n";
        return 2;
    }
    Tally tally;
    bool readable = true;
    for (int a = 1; a < argc; ++a) {
        fs::path path = argv[a];
        std::error_code error;
        if (!fs::is_directory(path, error)) {
            readable = scan(path, path.generic_string(), tally) && readable;
            continue;
        }
        for (const std::string& file : sources_below(path)) {
            readable = scan(path / file, file, tally) && readable;
        }
    }
    std::cout << "function_length: " << tally.over << " of " << tally.functions << " functions in "
              << tally.files << (tally.files == 1 ? " file" : " files") << " are over " << kLimit
              << " lines\n";
    if (!readable) return 2;
    return tally.over == 0 ? 0 : 1;
}
