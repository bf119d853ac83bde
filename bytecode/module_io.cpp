// Serialisation of modules (see file_format.h for the layout).
#include "bytecode/module_io.h"

#include <xxhash.h>

#include <bit>
#include <cstring>

#include "bytecode/file_format.h"
#include "bytecode/opcodes.h"

namespace dsl {
namespace {

static_assert(std::endian::native == std::endian::little, "the format is little-endian");

constexpr uint32_t kMaxTableSize = 65536;

class Writer {
  public:
    std::vector<uint8_t> bytes;

    template <typename T>
    void put(T v) {
        uint8_t raw[sizeof(T)];
        std::memcpy(raw, &v, sizeof(T));
        bytes.insert(bytes.end(), raw, raw + sizeof(T));
    }
    void put_string(std::string_view s) {
        put<uint32_t>(uint32_t(s.size()));
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    void put_type(Type t) { put<uint16_t>(encode_type(t)); }
    void put_value(const Type& t, int64_t i, double f, const std::string& s) {
        if (t.kind == TypeKind::Float)
            put<double>(f);
        else if (t.kind == TypeKind::String)
            put_string(s);
        else
            put<int64_t>(i);
    }
    // Opens a section; returns the offset of its size field.
    size_t begin_section(uint32_t tag) {
        put<uint32_t>(tag);
        size_t at = bytes.size();
        put<uint32_t>(0);
        return at;
    }
    void end_section(size_t size_at) {
        uint32_t size = uint32_t(bytes.size() - size_at - 4);
        std::memcpy(bytes.data() + size_at, &size, 4);
        while (bytes.size() % 4 != 0)
            bytes.push_back(0);
    }
};

class Reader {
  public:
    Reader(std::span<const uint8_t> b, size_t pos) : b_(b), pos_(pos) {}

    bool failed() const { return failed_; }
    const LoadError& error() const { return error_; }
    size_t pos() const { return pos_; }

    void fail(std::string message) {
        if (!failed_) error_ = {pos_, std::move(message)};
        failed_ = true;
    }
    template <typename T>
    T get() {
        T v{};
        if (failed_) return v;
        if (b_.size() - pos_ < sizeof(T)) {
            fail("unexpected end of data");
            return v;
        }
        std::memcpy(&v, b_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    std::string get_string() {
        uint32_t n = get<uint32_t>();
        if (failed_) return {};
        if (b_.size() - pos_ < n) {
            fail("string runs past the end of the data");
            return {};
        }
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), n);
        pos_ += n;
        return s;
    }
    Type get_type(bool allow_void) {
        uint16_t code = get<uint16_t>();
        if (failed_) return {};
        auto t = decode_type(code);
        if (!t || (!allow_void && t->kind == TypeKind::Void)) {
            fail("invalid type code " + std::to_string(code));
            return {};
        }
        return *t;
    }
    // A table size, bounded so that hostile counts cannot make us allocate gigabytes.
    uint32_t get_count(uint32_t limit, const char* what) {
        uint32_t n = get<uint32_t>();
        if (!failed_ && n > limit) fail(std::string("too many ") + what + ": " + std::to_string(n));
        if (!failed_ && n > b_.size() - pos_)
            fail(std::string("count of ") + what + " exceeds the data");
        return failed_ ? 0 : n;
    }
    void seek(size_t pos) { pos_ = pos; }

  private:
    std::span<const uint8_t> b_;
    size_t pos_;
    bool failed_ = false;
    LoadError error_;
};

void write_literal(Writer& w, const Literal& lit) {
    w.put_value(lit.type, lit.i, lit.f, lit.s);
}

Literal read_value(Reader& r, Type t) {
    Literal lit;
    lit.type = t;
    if (t.kind == TypeKind::Float)
        lit.f = r.get<double>();
    else if (t.kind == TypeKind::String)
        lit.s = r.get_string();
    else if (t.kind == TypeKind::Int || t.kind == TypeKind::Bool || t.kind == TypeKind::Enum)
        lit.i = r.get<int64_t>();
    else
        r.fail("constants must be int, bool, enum, float or string, not " + type_name(t));
    if (!r.failed() && t.kind == TypeKind::Bool && lit.i != 0 && lit.i != 1)
        r.fail("bool constant is not 0 or 1");
    if (!r.failed() && t.kind == TypeKind::Enum &&
        (lit.i < 0 || lit.i >= enum_value_count(t.enum_id())))
        r.fail("enum constant out of range");
    return lit;
}

// ---- The sections, each written and read by its own pair of functions. A reader checks what
// it reads against the sections before it (an input's global, a call site's import) and stops
// at the first fault, which the Reader keeps with its offset.

void write_meta(Writer& w, const Module& m) {
    w.put<uint32_t>(m.history_depth);
    w.put<uint32_t>(m.init_function);
    w.put_string(m.source_name);
    w.put_string(m.compiler);
}

void read_meta(Reader& r, Module& m) {
    m.history_depth = r.get<uint32_t>();
    m.init_function = r.get<uint32_t>();
    m.source_name = r.get_string();
    m.compiler = r.get_string();
}

void write_source(Writer& w, const Module& m) {
    w.put_string(m.source_text);
}

void read_source(Reader& r, Module& m) {
    m.source_text = r.get_string();
}

void write_constants(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.constants.size()));
    for (const auto& c : m.constants) {
        w.put_type(c.type);
        w.put_value(c.type, c.i, c.f, c.s);
    }
}

void read_constants(Reader& r, Module& m) {
    uint32_t n = r.get_count(kMaxTableSize, "constants");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        Type t = r.get_type(false);
        Literal lit = read_value(r, t);
        m.constants.push_back({lit.type, lit.i, lit.f, std::move(lit.s)});
    }
}

void write_specs(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.specs.size()));
    for (const auto& s : m.specs) {
        w.put_string(s.text);
        w.put<uint8_t>(s.enum_id);
    }
}

void read_specs(Reader& r, Module& m) {
    uint32_t n = r.get_count(256, "format specs");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        std::string text = r.get_string();
        uint8_t enum_id = r.get<uint8_t>();
        std::string why;
        auto spec = parse_format_spec(text, &why);
        if (!spec)
            r.fail("bad format spec '" + text + "': " + why);
        else if (enum_id != 0xFF && enum_id >= kEnumCount)
            r.fail("bad enum id in format spec");
        else {
            spec->enum_id = enum_id;
            m.specs.push_back(*spec);
        }
    }
}

void write_globals(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.globals.size()));
    for (const auto& g : m.globals) {
        w.put_string(g.name);
        w.put_type(g.type);
    }
}

void read_globals(Reader& r, Module& m) {
    uint32_t n = r.get_count(kMaxTableSize, "globals");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        std::string name = r.get_string();
        m.globals.push_back({std::move(name), r.get_type(false)});
    }
}

void write_inputs(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.inputs.size()));
    for (const auto& in : m.inputs) {
        w.put_string(in.name);
        w.put<uint32_t>(in.global);
        write_literal(w, in.default_value);
    }
}

// An input's default value is read with the type of the global it sets.
void read_inputs(Reader& r, Module& m) {
    uint32_t n = r.get_count(kMaxTableSize, "inputs");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        Input in;
        in.name = r.get_string();
        in.global = r.get<uint32_t>();
        if (r.failed()) break;
        if (in.global >= m.globals.size()) {
            r.fail("input '" + in.name + "' names global " + std::to_string(in.global) + " of " +
                   std::to_string(m.globals.size()));
            break;
        }
        in.default_value = read_value(r, m.globals[in.global].type);
        m.inputs.push_back(std::move(in));
    }
}

// An import is written as the builtin's name and signature, not its id: the loader looks the
// builtin up by them (find_builtin), so a file names what it calls in the language's terms.
void write_imports(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.imports.size()));
    for (const auto& imp : m.imports) {
        const auto& info = builtin_info(imp.id);
        w.put_string(info.name);
        w.put_string(info.signature_text);
    }
}

void read_imports(Reader& r, Module& m) {
    uint32_t n = r.get_count(kMaxTableSize, "imports");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        std::string name = r.get_string();
        std::string sig = r.get_string();
        if (r.failed()) break;
        auto id = find_builtin(name, sig);
        if (!id)
            r.fail("unknown builtin " + name + sig);
        else if (builtin_info(*id).has(kIntrinsic))
            r.fail("builtin " + name + " cannot be imported");
        else
            m.imports.push_back({*id});
    }
}

void write_sites(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.sites.size()));
    for (const auto& s : m.sites) {
        w.put<uint32_t>(s.import);
        w.put<uint32_t>(s.line);
        w.put<uint32_t>(s.col);
    }
}

void read_sites(Reader& r, Module& m) {
    uint32_t n = r.get_count(1u << 20, "call sites");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        Site s;
        s.import = r.get<uint32_t>();
        s.line = r.get<uint32_t>();
        s.col = r.get<uint32_t>();
        if (!r.failed() &&
            (s.import >= m.imports.size() || !builtin_info(m.imports[s.import].id).has(kStateful)))
            r.fail("call site " + std::to_string(i) + " does not name a stateful builtin");
        m.sites.push_back(s);
    }
}

void write_function(Writer& w, const Function& f) {
    w.put_string(f.name);
    w.put<uint32_t>(f.line);
    w.put<uint32_t>(f.param_count);
    w.put_type(f.result);
    w.put<uint32_t>(uint32_t(f.registers.size()));
    for (Type t : f.registers)
        w.put_type(t);
    w.put<uint32_t>(uint32_t(f.code.size()));
    for (uint32_t word : f.code)
        w.put<uint32_t>(word);
    w.put<uint32_t>(uint32_t(f.lines.size()));
    for (const auto& l : f.lines) {
        w.put<uint32_t>(l.pc);
        w.put<uint32_t>(l.line);
        w.put<uint32_t>(l.col);
    }
}

void write_functions(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.functions.size()));
    for (const auto& f : m.functions)
        write_function(w, f);
}

// One function: its signature, register types, code words and line table (ascending pcs).
// Its code is checked by the verifier, not here.
Function read_function(Reader& r) {
    Function f;
    f.name = r.get_string();
    f.line = r.get<uint32_t>();
    f.param_count = r.get<uint32_t>();
    f.result = r.get_type(true);
    uint32_t nregs = r.get_count(kMaxRegisters, "registers");
    for (uint32_t k = 0; k < nregs && !r.failed(); ++k)
        f.registers.push_back(r.get_type(false));
    if (!r.failed() && f.param_count > nregs) r.fail("more parameters than registers");
    uint32_t ncode = r.get_count(kMaxCodeWords, "code words");
    f.code.reserve(ncode);
    for (uint32_t k = 0; k < ncode && !r.failed(); ++k)
        f.code.push_back(r.get<uint32_t>());
    uint32_t nlines = r.get_count(kMaxCodeWords, "line entries");
    for (uint32_t k = 0; k < nlines && !r.failed(); ++k) {
        LineInfo l{r.get<uint32_t>(), r.get<uint32_t>(), r.get<uint32_t>()};
        if (!f.lines.empty() && l.pc < f.lines.back().pc) r.fail("line table out of order");
        f.lines.push_back(l);
    }
    return f;
}

void read_functions(Reader& r, Module& m) {
    uint32_t n = r.get_count(kMaxTableSize, "functions");
    for (uint32_t i = 0; i < n && !r.failed(); ++i)
        m.functions.push_back(read_function(r));
}

void write_handlers(Writer& w, const Module& m) {
    w.put<uint32_t>(uint32_t(m.handlers.size()));
    for (const auto& h : m.handlers) {
        w.put<uint8_t>(uint8_t(h.handler));
        w.put<uint32_t>(h.function);
    }
}

void read_handlers(Reader& r, Module& m) {
    uint32_t n = r.get_count(kHandlerCount, "handlers");
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        uint8_t id = r.get<uint8_t>();
        uint32_t fn = r.get<uint32_t>();
        if (r.failed()) break;
        if (id >= kHandlerCount)
            r.fail("unknown handler id " + std::to_string(id));
        else if (fn >= m.functions.size())
            r.fail("handler names function " + std::to_string(fn));
        else if (m.handler_function(HandlerId(id)) != kNoFunction)
            r.fail("handler bound twice");
        else
            m.handlers.push_back({HandlerId(id), fn});
    }
}

// The sections in file order, which is also the order they must be read in: each may refer
// to those before it.
struct SectionCodec {
    uint32_t tag;
    void (*write)(Writer&, const Module&);
    void (*read)(Reader&, Module&);
};
constexpr SectionCodec kSections[] = {
    {section_tag("META"), write_meta, read_meta},
    {section_tag("SRCE"), write_source, read_source},
    {section_tag("CNST"), write_constants, read_constants},
    {section_tag("FMTS"), write_specs, read_specs},
    {section_tag("GLOB"), write_globals, read_globals},
    {section_tag("INPT"), write_inputs, read_inputs},
    {section_tag("IMPT"), write_imports, read_imports},
    {section_tag("SITE"), write_sites, read_sites},
    {section_tag("FUNC"), write_functions, read_functions},
    {section_tag("HNDL"), write_handlers, read_handlers},
};

// The header, written last: it covers the hash and size of everything after it.
void write_header(std::vector<uint8_t>& bytes) {
    uint8_t* h = bytes.data();
    std::memcpy(h, kMagic, 8);
    uint16_t version = kFormatVersion, flags = 0;
    uint32_t sections = uint32_t(std::size(kSections));
    uint64_t hash = content_hash(std::span(bytes).subspan(kHeaderSize));
    uint64_t size = bytes.size();
    std::memcpy(h + 8, &version, 2);
    std::memcpy(h + 10, &flags, 2);
    std::memcpy(h + 12, &sections, 4);
    std::memcpy(h + 16, &hash, 8);
    std::memcpy(h + 24, &size, 8);
}

}  // namespace

uint64_t content_hash(std::span<const uint8_t> bytes) {
    return XXH3_64bits(bytes.data(), bytes.size());
}

std::vector<uint8_t> write_module(const Module& m) {
    Writer w;
    w.bytes.resize(kHeaderSize);
    for (const SectionCodec& section : kSections) {
        size_t at = w.begin_section(section.tag);
        section.write(w, m);
        w.end_section(at);
    }
    write_header(w.bytes);
    return w.bytes;
}

std::variant<Module, LoadError> read_module(std::span<const uint8_t> bytes) {
    if (bytes.size() < kHeaderSize) return LoadError{0, "file is too short to be bytecode"};
    if (std::memcmp(bytes.data(), kMagic, 8) != 0)
        return LoadError{0, "not a bytecode file (bad magic)"};
    Reader header(bytes, 8);
    uint16_t version = header.get<uint16_t>();
    uint16_t flags = header.get<uint16_t>();
    uint32_t sections = header.get<uint32_t>();
    uint64_t hash = header.get<uint64_t>();
    uint64_t size = header.get<uint64_t>();
    if (version != kFormatVersion)
        return LoadError{8, "bytecode format version " + std::to_string(version) +
                                ", this build reads version " + std::to_string(kFormatVersion) +
                                "; recompile the strategy"};
    if (flags != 0) return LoadError{10, "unknown flags " + std::to_string(flags)};
    if (size != bytes.size())
        return LoadError{24, "file size is " + std::to_string(bytes.size()) +
                                 " bytes, header says " + std::to_string(size) +
                                 " (truncated or padded file)"};
    if (size > kMaxFileSize) return LoadError{24, "file is larger than 64 MiB"};
    if (hash != content_hash(bytes.subspan(kHeaderSize)))
        return LoadError{16, "content hash mismatch (the file is corrupt)"};
    if (sections != std::size(kSections))
        return LoadError{12, "expected " + std::to_string(std::size(kSections)) +
                                 " sections, header says " + std::to_string(sections)};

    Module m;
    Reader r(bytes, kHeaderSize);
    for (const SectionCodec& codec : kSections) {
        uint32_t expected = codec.tag;
        size_t at = r.pos();
        uint32_t tag = r.get<uint32_t>();
        uint32_t len = r.get<uint32_t>();
        if (r.failed()) return r.error();
        if (tag != expected) {
            char name[5] = {char(expected), char(expected >> 8), char(expected >> 16),
                            char(expected >> 24), 0};
            return LoadError{at, std::string("expected section ") + name};
        }
        size_t body = r.pos();
        if (len > bytes.size() - body)
            return LoadError{at, "section runs past the end of the file"};
        Reader section(bytes.first(body + len), body);
        codec.read(section, m);
        if (section.failed()) return section.error();
        if (section.pos() != body + len)
            return LoadError{section.pos(), "section has trailing bytes"};
        size_t next = body + len;
        next += (4 - next % 4) % 4;
        if (next > bytes.size()) return LoadError{body + len, "missing section padding"};
        r.seek(next);
    }
    if (r.pos() != bytes.size()) return LoadError{r.pos(), "trailing bytes after the last section"};
    if (m.init_function != kNoFunction && m.init_function >= m.functions.size())
        return LoadError{kHeaderSize, "init function index out of range"};
    return m;
}

}  // namespace dsl
