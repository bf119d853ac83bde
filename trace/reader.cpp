// Reader: line splitting, record decoding with typed field access, and the model updates.
//
// Each line is parsed into a JsonLine, its record type looked up, and one decode function per
// record type reads its fields through Obj, whose accessors check presence, type and range and
// throw a DecodeError naming the record and field. The exception never leaves this file: the
// line is reported with its number and the model keeps everything before it. Model updates
// happen only after every field of a record was read, so a bad record changes nothing.
#include "trace/reader.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

#include "common/escape.h"
#include "common/input_file.h"
#include "trace/json_line.h"

namespace dsl::trace {

namespace {

using detail::JsonLine;
using detail::JsonNode;
using detail::JsonType;

#define DSL_TRACE_NAME(name) std::string_view(#name),
constexpr std::array kSideNames{DSL_TRACE_SIDES(DSL_TRACE_NAME)};
constexpr std::array kTypeNames{DSL_TRACE_ORDER_TYPES(DSL_TRACE_NAME)};
constexpr std::array kTifNames{DSL_TRACE_TIFS(DSL_TRACE_NAME)};
constexpr std::array kStatusNames{DSL_TRACE_ORDER_STATUSES(DSL_TRACE_NAME)};
constexpr std::array kLegNames{DSL_TRACE_PATH_LEGS(DSL_TRACE_NAME)};
constexpr std::array kGapNames{DSL_TRACE_GAP_RULES(DSL_TRACE_NAME)};
#undef DSL_TRACE_NAME

constexpr std::array kReadStatusNames{std::string_view("reading"), std::string_view("complete"),
                                      std::string_view("incomplete"), std::string_view("truncated"),
                                      std::string_view("failed")};

struct DecodeError {
    std::string message;
};

[[noreturn]] void fail_decode(std::string message) {
    throw DecodeError{std::move(message)};
}

std::string_view type_name(JsonType t) {
    switch (t) {
        case JsonType::null:
            return "null";
        case JsonType::boolean:
            return "a boolean";
        case JsonType::integer:
            return "an integer";
        case JsonType::number:
            return "a number";
        case JsonType::string:
            return "a string";
        case JsonType::object:
            return "an object";
        case JsonType::array:
            return "an array";
    }
    return "a value";
}

class Arr;

// Typed access to the members of one JSON object of the current line. `where` names it in
// messages: the record type, or a path such as "header.config".
class Obj {
  public:
    Obj(const JsonLine& j, std::uint32_t node, std::string where)
        : j_(j), node_(node), where_(std::move(where)) {}

    const JsonNode& get(std::string_view key) {
        std::int64_t i = j_.find(node_, key, hint_);
        if (i < 0) fail_decode(fmt::format("{}: missing field '{}'", where_, key));
        return j_.node(static_cast<std::uint32_t>(i));
    }
    bool has(std::string_view key) { return j_.find(node_, key, hint_) >= 0; }

    [[noreturn]] void wrong(std::string_view key, std::string_view expected, const JsonNode& n) {
        fail_decode(fmt::format("{}: field '{}': expected {}, got {}", where_, key, expected,
                                type_name(n.type)));
    }
    [[noreturn]] void bad(std::string_view key, std::string_view what) {
        fail_decode(fmt::format("{}: field '{}': {}", where_, key, what));
    }

    Decimal decimal(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type == JsonType::null) return Decimal::nan();
        if (n.type == JsonType::integer) {
            if (n.magnitude <= static_cast<std::uint64_t>(INT64_MAX / Decimal::kScale)) {
                auto units = static_cast<std::int64_t>(n.magnitude);
                return Decimal::from_raw((n.negative ? -units : units) * Decimal::kScale);
            }
        } else if (n.type == JsonType::number) {
            if (n.has_decimal) return Decimal::from_raw(n.decimal_raw);
            if (auto d = Decimal::parse(j_.text(n))) return *d;
        } else {
            wrong(key, "a number", n);
        }
        bad(key, "number out of range (at most 92233720368.54775807 in magnitude)");
    }
    std::int64_t integer(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::integer) wrong(key, "an integer", n);
        if (n.negative) {
            if (n.magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1) bad(key, "out of range");
            return static_cast<std::int64_t>(0 - n.magnitude);
        }
        if (n.magnitude > static_cast<std::uint64_t>(INT64_MAX)) bad(key, "out of range");
        return static_cast<std::int64_t>(n.magnitude);
    }
    std::uint64_t count(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::integer) wrong(key, "an integer", n);
        if (n.negative && n.magnitude != 0) bad(key, "must not be negative");
        return n.magnitude;
    }
    std::optional<std::uint64_t> optional_count(std::string_view key) {
        if (get(key).type == JsonType::null) return std::nullopt;
        return count(key);
    }
    Timestamp time(std::string_view key) {
        if (get(key).type == JsonType::null) return kNoTime;
        return integer(key);
    }
    // A symbol id as written (null: none); not checked against the symbol table.
    SymbolId raw_symbol(std::string_view key) {
        if (get(key).type == JsonType::null) return kNoSymbol;
        std::uint64_t v = count(key);
        if (v >= kNoSymbol) bad(key, "symbol id out of range");
        return static_cast<SymbolId>(v);
    }
    bool boolean(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::boolean) wrong(key, "true or false", n);
        return n.flag;
    }
    std::string_view string_view(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::string) wrong(key, "a string", n);
        return j_.text(n);
    }
    std::string string(std::string_view key) { return std::string(string_view(key)); }
    // A string or null ("" for null).
    std::string optional_string(std::string_view key) {
        if (get(key).type == JsonType::null) return {};
        return string(key);
    }
    double real(std::string_view key) {
        const JsonNode& n = get(key);
        switch (n.type) {
            case JsonType::null:
                return std::nan("");
            case JsonType::integer: {
                auto v = static_cast<double>(n.magnitude);
                return n.negative ? -v : v;
            }
            case JsonType::number: {
                std::string_view t = j_.text(n);
                double v = 0;
                auto r = std::from_chars(t.data(), t.data() + t.size(), v);
                if (r.ec == std::errc::result_out_of_range)
                    return t.front() == '-' ? -HUGE_VAL : HUGE_VAL;
                if (r.ec != std::errc() || r.ptr != t.data() + t.size()) bad(key, "bad number");
                return v;
            }
            default:
                wrong(key, "a number", n);
        }
    }
    template <typename Enum, std::size_t N>
    Enum enumeration(std::string_view key, const std::array<std::string_view, N>& names) {
        std::string_view s = string_view(key);
        for (std::size_t i = 0; i < N; ++i) {
            if (names[i] == s) return static_cast<Enum>(i);
        }
        bad(key, fmt::format("unknown value '{}'", s));
    }
    // The JSON text of a scalar value (input values).
    std::string value_text(std::string_view key) {
        const JsonNode& n = get(key);
        switch (n.type) {
            case JsonType::null:
                return "null";
            case JsonType::boolean:
                return n.flag ? "true" : "false";
            case JsonType::integer:
                return (n.negative ? "-" : "") + std::to_string(n.magnitude);
            case JsonType::number:
                return std::string(j_.text(n));
            case JsonType::string:
                return std::string(j_.text(n));
            default:
                wrong(key, "a scalar value", n);
        }
    }
    Obj object(std::string_view key) {
        const JsonNode& n = get(key);
        if (n.type != JsonType::object) wrong(key, "an object", n);
        return Obj(j_, index_of(n), where_ + "." + std::string(key));
    }
    Arr array(std::string_view key);
    bool is_null(std::string_view key) { return get(key).type == JsonType::null; }

  private:
    friend class Arr;
    std::uint32_t index_of(const JsonNode& n) const {
        return static_cast<std::uint32_t>(&n - &j_.node(0));
    }

    const JsonLine& j_;
    std::uint32_t node_;
    std::string where_;
    std::uint32_t hint_ = 0;
};

// The elements of a JSON array member.
class Arr {
  public:
    Arr(const JsonLine& j, std::uint32_t node, std::string where)
        : j_(j), node_(node), where_(std::move(where)) {}

    template <typename Fn>  // fn(Obj element)
    void each_object(Fn&& fn) {
        std::size_t k = 0;
        for (std::uint32_t i = node_ + 1; i < j_.node(node_).end; i = j_.node(i).end, ++k) {
            std::string where = fmt::format("{}[{}]", where_, k);
            if (j_.node(i).type != JsonType::object) {
                fail_decode(fmt::format("{}: expected an object, got {}", where,
                                        type_name(j_.node(i).type)));
            }
            fn(Obj(j_, i, std::move(where)));
        }
    }
    std::vector<std::string> strings() {
        std::vector<std::string> out;
        std::size_t k = 0;
        for (std::uint32_t i = node_ + 1; i < j_.node(node_).end; i = j_.node(i).end, ++k) {
            if (j_.node(i).type != JsonType::string) {
                fail_decode(fmt::format("{}[{}]: expected a string, got {}", where_, k,
                                        type_name(j_.node(i).type)));
            }
            out.emplace_back(j_.text(j_.node(i)));
        }
        return out;
    }

  private:
    const JsonLine& j_;
    std::uint32_t node_;
    std::string where_;
};

Arr Obj::array(std::string_view key) {
    const JsonNode& n = get(key);
    if (n.type != JsonType::array) wrong(key, "an array", n);
    return Arr(j_, index_of(n), where_ + "." + std::string(key));
}

}  // namespace

#define DSL_TRACE_TO_STRING(Enum, names)              \
    std::string_view to_string(Enum v) {              \
        return names.at(static_cast<std::size_t>(v)); \
    }
DSL_TRACE_TO_STRING(Side, kSideNames)
DSL_TRACE_TO_STRING(OrderType, kTypeNames)
DSL_TRACE_TO_STRING(TimeInForce, kTifNames)
DSL_TRACE_TO_STRING(OrderStatus, kStatusNames)
DSL_TRACE_TO_STRING(PathLeg, kLegNames)
DSL_TRACE_TO_STRING(GapRule, kGapNames)
DSL_TRACE_TO_STRING(ReadStatus, kReadStatusNames)
#undef DSL_TRACE_TO_STRING

const Order* Trace::order(OrderId id) const {
    // Ids are dense from 1 in a normal trace; otherwise they are increasing (the reader checks).
    if (id >= 1 && id <= orders.size() && orders[id - 1].id == id) return &orders[id - 1];
    auto it = std::lower_bound(orders.begin(), orders.end(), id,
                               [](const Order& o, OrderId v) { return o.id < v; });
    return it != orders.end() && it->id == id ? &*it : nullptr;
}

Order* Trace::order(OrderId id) {
    return const_cast<Order*>(std::as_const(*this).order(id));
}

// ---------------------------------------------------------------------------------------------

class Reader::Impl {
  public:
    // The name is shown in every error, so it is made printable once (common/escape.h).
    Impl(std::string name, ReaderOptions options) : name_(printable(name)), options_(options) {}

    std::size_t feed(std::string_view bytes);
    void finish();
    void fail_input(std::string message) { report(0, std::move(message)); }

    std::string name_;
    ReaderOptions options_;
    Trace trace_;
    std::vector<ReadError> errors_;
    std::uint64_t error_count_ = 0;
    std::uint64_t lines_ = 0;
    std::uint64_t bytes_ = 0;
    std::string pending_;
    bool discarding_ = false;  // skipping the rest of an overlong line
    bool stopped_ = false;     // an error stopped reading
    bool finished_ = false;
    bool truncated_ = false;

  private:
    std::size_t process(std::string_view line);
    void report(std::uint64_t line, std::string message);
    void decode(RecordKind kind, Obj& r);
    Order& order_ref(OrderId id, std::string_view record);
    SymbolData& symbol_ref(SymbolId id, std::string_view record);
    void update(Order& o, RecordKind kind, Timestamp ts, Decimal price, std::string reason = {},
                OrderId cause = 0);
    void finish_order(Order& o, OrderStatus status, Timestamp ts);

    void header(Obj& r);
    void bar(Obj& r);
    void tick(Obj& r);
    void clock(Obj& r);
    void snapshot(Obj& r);
    void end(Obj& r);
    void engine_event(RecordKind kind, Obj& r);

    JsonLine json_;
    bool skip_unknown_ = false;  // a newer minor version: unknown record types are skipped
    OrderId last_order_id_ = 0;
    // Positions of snapshots that list them: the symbols open at the last one, the number of
    // the last snapshot that listed each symbol, and scratch space for one record (all reused,
    // so a snapshot costs what it lists, not the number of symbols).
    std::vector<SymbolId> open_symbols_;
    std::vector<std::uint64_t> listed_in_;
    std::uint64_t snapshots_ = 0;
    std::vector<std::pair<SymbolId, PositionPoint>> listed_;
    std::uint64_t last_market_record_ = 0;  // trace_.records right after the last bar/tick
};

void Reader::Impl::report(std::uint64_t line, std::string message) {
    ++error_count_;
    if (options_.stop_at_first_error || line == 0) stopped_ = true;
    if (errors_.size() >= options_.max_errors && !stopped_) return;
    ReadError e;
    e.line = line;
    // Messages quote the trace's own text (record types, names, values): made printable.
    e.message = printable(message);
    e.text = line == 0 ? fmt::format("{}: {}", name_, e.message)
                       : fmt::format("{}:{}: {}", name_, line, e.message);
    errors_.push_back(std::move(e));
}

std::size_t Reader::Impl::feed(std::string_view bytes) {
    if (stopped_ || finished_) return 0;
    bytes_ += bytes.size();
    std::size_t records = 0;
    while (!bytes.empty() && !stopped_) {
        std::size_t nl = bytes.find('\n');
        if (nl == std::string_view::npos) {
            if (discarding_) return records;
            if (pending_.size() + bytes.size() > options_.max_line_bytes) {
                report(lines_ + 1,
                       fmt::format("line longer than {} bytes", options_.max_line_bytes));
                pending_.clear();
                discarding_ = true;
                return records;
            }
            pending_.append(bytes);
            return records;
        }
        std::string_view head = bytes.substr(0, nl);
        if (discarding_) {  // the end of an overlong line already reported
            bytes.remove_prefix(nl + 1);
            ++lines_;
            discarding_ = false;
            continue;
        }
        if (pending_.size() + head.size() > options_.max_line_bytes) {
            // Reported as it would be had the line arrived in pieces: before it is counted.
            report(lines_ + 1, fmt::format("line longer than {} bytes", options_.max_line_bytes));
            pending_.clear();
            if (stopped_) return records;
            bytes.remove_prefix(nl + 1);
            ++lines_;
            continue;
        }
        bytes.remove_prefix(nl + 1);
        ++lines_;
        if (pending_.empty()) {
            records += process(head);
        } else {
            pending_.append(head);
            records += process(pending_);
            pending_.clear();
        }
    }
    return records;
}

void Reader::Impl::finish() {
    if (finished_) return;
    finished_ = true;
    if (stopped_) return;
    if (!pending_.empty()) {  // (an overlong last line was reported already: discarding_)
        std::size_t n = pending_.size();
        truncated_ = true;
        ReadError e;
        e.line = lines_ + 1;
        e.message = fmt::format(
            "truncated: the last line is incomplete ({} bytes without a newline); everything "
            "before it was read",
            n);
        e.text = fmt::format("{}:{}: {}", name_, e.line, e.message);
        errors_.push_back(std::move(e));
        pending_.clear();
    }
}

std::size_t Reader::Impl::process(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return 0;  // blank line
    if (!json_.parse(line)) {
        report(lines_, json_.error());
        return 0;
    }
    const JsonNode& root = json_.node(0);
    if (root.type != JsonType::object) {
        report(lines_, fmt::format("expected a JSON object, got {}", type_name(root.type)));
        return 0;
    }
    try {
        std::uint32_t hint = 1;
        std::int64_t t = json_.find(0, "t", hint);
        if (t < 0) fail_decode("record has no \"t\" (record type) field");
        const JsonNode& tn = json_.node(static_cast<std::uint32_t>(t));
        if (tn.type != JsonType::string) {
            fail_decode(fmt::format("field 't': expected a string, got {}", type_name(tn.type)));
        }
        std::string_view type = json_.text(tn);
        std::optional<RecordKind> kind = record_kind(type);
        if (!trace_.header && kind != RecordKind::header) {
            fail_decode(fmt::format(
                "not a dsl trace: the first record must be the header, found '{}'", type));
        }
        if (trace_.end) fail_decode(fmt::format("'{}' record after the end record", type));
        if (!kind) {
            if (skip_unknown_) {
                ++trace_.records;
                return 0;
            }
            fail_decode(fmt::format("unknown record type '{}'", type));
        }
        Obj rec(json_, 0, std::string(type));
        decode(*kind, rec);
        ++trace_.record_counts[static_cast<std::size_t>(*kind)];
        ++trace_.records;
        return 1;
    } catch (const DecodeError& e) {
        report(lines_, e.message);
    } catch (const std::exception& e) {  // e.g. bad_alloc on absurd sizes
        report(lines_, fmt::format("cannot read record: {}", e.what()));
    }
    return 0;
}

// ---- Records ----

void Reader::Impl::decode(RecordKind kind, Obj& r) {
    switch (kind) {
        case RecordKind::header:
            return header(r);
        case RecordKind::bar:
            return bar(r);
        case RecordKind::tick:
            return tick(r);
        case RecordKind::clock:
            return clock(r);
        case RecordKind::portfolio_snapshot:
            return snapshot(r);
        case RecordKind::end:
            return end(r);
        case RecordKind::call: {
            HandlerCallRecord c;
            c.ts = r.time("ts");
            c.seq = r.count("seq");
            c.handler = r.string("handler");
            c.symbol = r.raw_symbol("symbol");
            c.order = r.count("order");
            c.gas = r.integer("gas");
            trace_.calls.push_back(std::move(c));
            return;
        }
        case RecordKind::log: {
            LogRecord l;
            l.ts = r.time("ts");
            l.seq = r.count("seq");
            l.handler = r.string("handler");
            l.text = r.string("text");
            trace_.logs.push_back(std::move(l));
            return;
        }
        case RecordKind::error: {
            RuntimeErrorRecord e;
            e.ts = r.time("ts");
            e.seq = r.count("seq");
            e.kind = r.string("kind");
            e.message = r.string("message");
            e.handler = r.string("handler");
            e.file = r.string("file");
            e.line = r.count("line");
            r.array("stack").each_object([&](Obj f) {
                StackFrame frame;
                frame.function = f.string("function");
                frame.line = f.count("line");
                frame.col = f.count("col");
                e.stack.push_back(std::move(frame));
            });
            trace_.errors.push_back(std::move(e));
            return;
        }
        case RecordKind::order_submitted:
        case RecordKind::order_accepted:
        case RecordKind::order_rejected:
        case RecordKind::order_triggered:
        case RecordKind::order_modified:
        case RecordKind::order_partially_filled:
        case RecordKind::order_filled:
        case RecordKind::order_canceled:
        case RecordKind::order_expired:
        case RecordKind::cancel_requested:
        case RecordKind::command_rejected:
        case RecordKind::oco_linked:
        case RecordKind::fill:
        case RecordKind::position_changed:
        case RecordKind::margin_call:
        case RecordKind::forced_liquidation:
        case RecordKind::ambiguous_bar:
        case RecordKind::market_data_rejected:
            return engine_event(kind, r);
    }
}

void Reader::Impl::header(Obj& r) {
    if (trace_.header) fail_decode("a second header record");
    Header h;
    h.format = r.string("format");
    if (h.format != kFormatName) {
        fail_decode(
            fmt::format("not a dsl trace: format is '{}', expected '{}'", h.format, kFormatName));
    }
    std::string version = r.string("version");
    {
        int major = -1, minor = -1;
        const char* b = version.data();
        const char* e = b + version.size();
        auto r1 = std::from_chars(b, e, major);
        bool ok = r1.ec == std::errc() && r1.ptr != e && *r1.ptr == '.';
        if (ok) {
            auto r2 = std::from_chars(r1.ptr + 1, e, minor);
            ok = r2.ec == std::errc() && r2.ptr == e;
        }
        if (!ok || major < 0 || minor < 0) {
            fail_decode(fmt::format("header: field 'version': expected \"MAJOR.MINOR\", got '{}'",
                                    version));
        }
        if (major > kVersionMajor) {
            fail_decode(fmt::format(
                "trace format version {} is newer than this reader supports ({}); a newer "
                "version of the program is needed",
                version, kVersionText));
        }
        if (major < kVersionMajor) {
            fail_decode(
                fmt::format("trace format version {} is no longer supported (this reader "
                            "reads {}.x)",
                            version, kVersionMajor));
        }
        h.version_major = major;
        h.version_minor = minor;
    }
    h.producer = r.string("producer");
    h.mode = r.string("mode");
    h.strategy = r.string("strategy");
    h.bytecode_hash = r.string("bytecode_hash");
    r.array("inputs").each_object([&](Obj in) {
        Input i;
        i.name = in.string("name");
        i.type = in.string("type");
        i.value_text = in.value_text("value");
        h.inputs.push_back(std::move(i));
    });
    r.array("data").each_object([&](Obj d) {
        DataSource s;
        s.path = d.string("path");
        s.kind = d.string("kind");
        s.symbols = d.array("symbols").strings();
        s.rows = d.optional_count("rows");
        s.bytes = d.optional_count("bytes");
        s.hash = d.optional_string("hash");
        h.data.push_back(std::move(s));
    });
    std::vector<std::string> symbols = r.array("symbols").strings();
    r.array("instruments").each_object([&](Obj in) {
        Instrument i;
        std::uint64_t id = in.count("id");
        if (id != h.instruments.size()) {
            in.bad("id", fmt::format("expected {} (ids are dense from 0)", h.instruments.size()));
        }
        i.id = static_cast<SymbolId>(id);
        i.name = in.string("name");
        i.tick_size = in.decimal("tick_size");
        i.lot_size = in.decimal("lot_size");
        i.multiplier = in.decimal("multiplier");
        i.initial_margin_rate = in.decimal("initial_margin_rate");
        i.maintenance_margin_rate = in.decimal("maintenance_margin_rate");
        h.instruments.push_back(std::move(i));
    });
    if (symbols.size() != h.instruments.size()) {
        fail_decode(fmt::format("header: {} symbols but {} instruments", symbols.size(),
                                h.instruments.size()));
    }
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (symbols[i] != h.instruments[i].name) {
            fail_decode(fmt::format("header: symbol {} is '{}' but instrument {} is '{}'", i,
                                    symbols[i], i, h.instruments[i].name));
        }
    }
    {
        Obj c = r.object("config");
        EngineSettings& s = h.config;
        s.starting_cash = c.decimal("starting_cash");
        s.path_model = c.string("path_model");
        Obj slip = c.object("slippage");
        s.slippage_kind = slip.string("kind");
        s.slippage_amount = slip.decimal("amount");
        s.atr_period = slip.integer("atr_period");
        s.slippage_on_limit_orders = slip.boolean("apply_to_limit_orders");
        Obj liq = c.object("liquidity");
        s.liquidity_kind = liq.string("kind");
        s.liquidity_percent = liq.decimal("percent");
        Obj lat = c.object("latency");
        s.submit_latency_ns = lat.integer("submit_ns");
        s.submit_jitter_ns = lat.integer("submit_jitter_ns");
        s.cancel_latency_ns = lat.integer("cancel_ns");
        s.cancel_jitter_ns = lat.integer("cancel_jitter_ns");
        s.seed = lat.count("seed");
        Obj com = c.object("commission");
        s.commission_kind = com.string("kind");
        s.commission_rate = com.decimal("rate");
        s.commission_minimum = com.decimal("minimum");
        Obj acc = c.object("account");
        s.account_kind = acc.string("kind");
        s.initial_margin_rate = acc.decimal("initial_margin_rate");
        s.maintenance_margin_rate = acc.decimal("maintenance_margin_rate");
        s.off_tick = c.string("off_tick");
        s.session_offset_ns = c.integer("session_offset_ns");
    }
    h.history_depth = r.integer("history_depth");
    {
        Obj l = r.object("limits");
        h.event_gas_limit = l.integer("event_gas");
        h.run_gas_limit = l.integer("run_gas");
        h.max_call_depth = l.count("max_call_depth");
        h.memory_limit = l.count("memory");
    }
    skip_unknown_ = h.version_minor > kVersionMinor;
    trace_.symbols.resize(symbols.size());
    for (std::size_t i = 0; i < symbols.size(); ++i)
        trace_.symbols[i].name = std::move(symbols[i]);
    listed_in_.assign(symbols.size(), 0);
    trace_.header = std::move(h);
}

SymbolData& Reader::Impl::symbol_ref(SymbolId id, std::string_view record) {
    if (id >= trace_.symbols.size()) {
        fail_decode(fmt::format("{}: unknown symbol id {} (the header lists {} symbols)", record,
                                id == kNoSymbol ? std::string("null") : std::to_string(id),
                                trace_.symbols.size()));
    }
    return trace_.symbols[id];
}

Order& Reader::Impl::order_ref(OrderId id, std::string_view record) {
    Order* o = trace_.order(id);
    if (o == nullptr) {
        fail_decode(
            fmt::format("{}: unknown order id {} (no order_submitted before it)", record, id));
    }
    return *o;
}

void Reader::Impl::bar(Obj& r) {
    BarRow b;
    b.seq = r.count("seq");
    SymbolId sym = r.raw_symbol("symbol");
    b.ts = r.time("ts");
    b.open = r.decimal("open");
    b.high = r.decimal("high");
    b.low = r.decimal("low");
    b.close = r.decimal("close");
    b.volume = r.decimal("volume");
    SymbolData& s = symbol_ref(sym, "bar");
    trace_.market_events.push_back(
        {b.seq, b.ts, sym, RecordKind::bar, static_cast<std::uint32_t>(s.bars.size())});
    s.last_price = b.close;
    s.bars.push_back(b);
    last_market_record_ = trace_.records + 1;
    trace_.last_seq = b.seq;
    trace_.last_ts = std::max(trace_.last_ts, b.ts);
}

void Reader::Impl::tick(Obj& r) {
    TickRow t;
    t.seq = r.count("seq");
    SymbolId sym = r.raw_symbol("symbol");
    t.ts = r.time("ts");
    t.price = r.decimal("price");
    t.size = r.decimal("size");
    t.bid = r.decimal("bid");
    t.ask = r.decimal("ask");
    SymbolData& s = symbol_ref(sym, "tick");
    trace_.market_events.push_back(
        {t.seq, t.ts, sym, RecordKind::tick, static_cast<std::uint32_t>(s.ticks.size())});
    s.last_price = t.price;
    s.ticks.push_back(t);
    last_market_record_ = trace_.records + 1;
    trace_.last_seq = t.seq;
    trace_.last_ts = std::max(trace_.last_ts, t.ts);
}

void Reader::Impl::clock(Obj& r) {
    Timestamp ts = r.time("ts");
    trace_.market_events.push_back({trace_.last_seq, ts, kNoSymbol, RecordKind::clock, 0});
    trace_.last_ts = std::max(trace_.last_ts, ts);
}

void Reader::Impl::snapshot(Obj& r) {
    PortfolioPoint p;
    p.seq = trace_.last_seq;
    p.ts = r.time("ts");
    p.cash = r.decimal("cash");
    p.equity = r.decimal("equity");
    p.realized_pnl = r.decimal("realized_pnl");
    p.unrealized_pnl = r.decimal("unrealized_pnl");
    p.commission = r.decimal("commission");
    p.margin_used = r.decimal("margin_used");
    p.maintenance_margin = r.decimal("maintenance_margin");
    p.buying_power = r.decimal("buying_power");
    p.gross_exposure = r.decimal("gross_exposure");
    listed_.clear();
    p.has_positions = !r.is_null("positions");
    if (p.has_positions) {
        r.array("positions").each_object([&](Obj o) {
            PositionPoint q;
            q.seq = p.seq;
            q.ts = p.ts;
            SymbolId sym = o.raw_symbol("symbol");
            symbol_ref(sym, "portfolio_snapshot.positions");
            q.qty = o.decimal("qty");
            q.avg_price = o.decimal("avg_price");
            q.cost_basis = o.decimal("cost_basis");
            q.mark_price = o.decimal("mark_price");
            q.market_value = o.decimal("market_value");
            q.realized_pnl = o.decimal("realized_pnl");
            q.unrealized_pnl = o.decimal("unrealized_pnl");
            q.commission = o.decimal("commission");
            listed_.emplace_back(sym, q);
        });
    }
    // Everything is read: now change the model.
    if (p.has_positions) {
        ++snapshots_;
        for (auto& [sym, q] : listed_) {
            listed_in_[sym] = snapshots_;
            trace_.symbols[sym].positions.push_back(q);
        }
        for (SymbolId sym : open_symbols_) {
            if (listed_in_[sym] == snapshots_) continue;
            PositionPoint flat;  // not listed: closed since the last snapshot
            flat.seq = p.seq;
            flat.ts = p.ts;
            SymbolData& data = trace_.symbols[sym];
            if (!data.position_changes.empty()) {
                flat.realized_pnl = data.position_changes.back().realized_pnl;
                flat.commission = data.position_changes.back().commission;
            }
            data.positions.push_back(flat);
        }
        open_symbols_.clear();
        for (auto& [sym, q] : listed_) {
            if (!q.qty.is_zero()) open_symbols_.push_back(sym);
        }
    }
    trace_.last_ts = std::max(trace_.last_ts, p.ts);
    trace_.portfolio.push_back(p);
}

void Reader::Impl::end(Obj& r) {
    RunEnd e;
    e.status = r.string("status");
    e.message = r.string("message");
    e.ts = r.time("ts");
    e.records = r.count("records");
    e.engine_events = r.count("engine_events");
    e.market_events = r.count("market_events");
    e.orders = r.count("orders");
    e.fills = r.count("fills");
    e.trades = r.count("trades");
    e.ambiguous_bars = r.count("ambiguous_bars");
    e.gas_used = r.integer("gas_used");
    e.skipped_rows = r.count("skipped_rows");
    e.starting_cash = r.decimal("starting_cash");
    e.final_equity = r.decimal("final_equity");
    e.net_profit = r.decimal("net_profit");
    e.commission = r.decimal("commission");
    e.max_drawdown = r.decimal("max_drawdown");
    e.max_drawdown_pct = r.real("max_drawdown_pct");
    e.return_pct = r.real("return_pct");
    e.win_rate_pct = r.real("win_rate_pct");
    e.profit_factor = r.real("profit_factor");
    e.sharpe = r.real("sharpe");
    e.exposure_pct = r.real("exposure_pct");
    if (e.records != trace_.records) {
        fail_decode(
            fmt::format("end: the writer wrote {} records before the end record but {} "
                        "were read (lines are missing or were added)",
                        e.records, trace_.records));
    }
    trace_.last_ts = std::max(trace_.last_ts, e.ts);
    trace_.end = std::move(e);
}

void Reader::Impl::update(Order& o, RecordKind kind, Timestamp ts, Decimal price,
                          std::string reason, OrderId cause) {
    OrderUpdate u;
    u.kind = kind;
    u.seq = trace_.last_seq;
    u.ts = ts;
    u.status = o.status;
    u.qty = o.qty;
    u.price = price;
    u.reason = std::move(reason);
    u.cause = cause;
    o.updates.push_back(std::move(u));
}

void Reader::Impl::finish_order(Order& o, OrderStatus status, Timestamp ts) {
    o.status = status;
    o.finished_seq = trace_.last_seq;
    o.finished_ts = ts;
    o.cancel_effective_at = kNoTime;
}

void Reader::Impl::engine_event(RecordKind kind, Obj& r) {
    const std::string_view name = record_name(kind);
    Timestamp ts = r.time("ts");
    if (ts != kNoTime) trace_.last_ts = std::max(trace_.last_ts, ts);
    switch (kind) {
        case RecordKind::order_submitted: {
            Order o;
            o.id = r.count("id");
            o.symbol = r.raw_symbol("symbol");
            o.side = r.enumeration<Side>("side", kSideNames);
            o.type = r.enumeration<OrderType>("type", kTypeNames);
            o.tif = r.enumeration<TimeInForce>("tif", kTifNames);
            o.qty = o.initial_qty = r.decimal("qty");
            o.limit_price = r.decimal("limit_price");
            o.stop_price = r.decimal("stop_price");
            o.trail_offset = r.decimal("trail_offset");
            o.trail_percent = r.decimal("trail_percent");
            o.parent = r.count("parent");
            o.tag = r.string("tag");
            if (o.id <= last_order_id_) {
                r.bad("id", fmt::format("order {} was already submitted or ids go backwards "
                                        "(last {})",
                                        o.id, last_order_id_));
            }
            Order* parent = o.parent != 0 ? &order_ref(o.parent, name) : nullptr;
            o.submitted_seq = trace_.last_seq;
            o.submitted_ts = ts;
            if (o.symbol < trace_.symbols.size()) {
                o.placed_price = trace_.symbols[o.symbol].last_price;
                trace_.symbols[o.symbol].orders.push_back(
                    static_cast<std::uint32_t>(trace_.orders.size()));
            }
            Decimal price = o.type == OrderType::limit ? o.limit_price : o.stop_price;
            last_order_id_ = o.id;
            if (parent != nullptr) {
                // A bracket's exits are OCO partners of each other.
                if (!parent->children.empty()) {
                    OrderId sibling = parent->children.back();
                    o.oco = sibling;
                    if (Order* s = trace_.order(sibling)) s->oco = o.id;
                }
                parent->children.push_back(o.id);
            }
            trace_.orders.push_back(std::move(o));
            Order& added = trace_.orders.back();
            update(added, kind, ts, price);
            return;
        }
        case RecordKind::order_accepted: {
            OrderId id = r.count("id");
            Decimal qty = r.decimal("qty");
            std::int64_t latency = r.integer("latency_ns");
            Order& o = order_ref(id, name);
            o.status = OrderStatus::open;
            o.qty = qty;
            o.accepted_ts = ts;
            o.latency_ns = latency;
            update(o, kind, ts, Decimal());
            return;
        }
        case RecordKind::order_rejected: {
            OrderId id = r.count("id");
            std::string reason = r.string("reason");
            std::string text = r.string("text");
            Order& o = order_ref(id, name);
            finish_order(o, OrderStatus::rejected, ts);
            o.reason = reason;
            o.text = std::move(text);
            update(o, kind, ts, Decimal(), std::move(reason));
            return;
        }
        case RecordKind::order_triggered: {
            OrderId id = r.count("id");
            Decimal trigger = r.decimal("trigger_price");
            Decimal market = r.decimal("market_price");
            r.enumeration<PathLeg>("leg", kLegNames);
            Order& o = order_ref(id, name);
            o.status = OrderStatus::triggered;
            o.triggered = true;
            o.triggered_ts = ts;
            o.trigger_price = trigger;
            // A trailing stop's last move before it triggers is reported only by this record
            // when it triggers in the same event (the engine reports moves at the end of an
            // event, for orders still working).
            o.stop_price = trigger;
            update(o, kind, ts, market);
            return;
        }
        case RecordKind::order_modified: {
            OrderId id = r.count("id");
            std::string reason = r.string("reason");
            Decimal qty = r.decimal("qty");
            Decimal limit = r.decimal("limit_price");
            Decimal stop = r.decimal("stop_price");
            OrderId cause = r.count("cause");
            Order& o = order_ref(id, name);
            o.qty = qty;
            o.limit_price = limit;
            o.stop_price = stop;
            update(o, kind, ts, o.type == OrderType::limit ? limit : stop, std::move(reason),
                   cause);
            return;
        }
        case RecordKind::order_partially_filled: {
            OrderId id = r.count("id");
            Decimal filled = r.decimal("filled_qty");
            r.decimal("remaining_qty");
            Decimal avg = r.decimal("avg_fill_price");
            Order& o = order_ref(id, name);
            o.status = OrderStatus::partially_filled;
            o.filled_qty = filled;
            o.avg_fill_price = avg;
            update(o, kind, ts, avg);
            return;
        }
        case RecordKind::order_filled: {
            OrderId id = r.count("id");
            Decimal filled = r.decimal("filled_qty");
            Decimal avg = r.decimal("avg_fill_price");
            Order& o = order_ref(id, name);
            finish_order(o, OrderStatus::filled, ts);
            o.filled_qty = filled;
            o.avg_fill_price = avg;
            update(o, kind, ts, avg);
            return;
        }
        case RecordKind::order_canceled: {
            OrderId id = r.count("id");
            std::string reason = r.string("reason");
            Decimal filled = r.decimal("filled_qty");
            OrderId cause = r.count("cause");
            Order& o = order_ref(id, name);
            finish_order(o, OrderStatus::canceled, ts);
            o.filled_qty = filled;
            o.reason = reason;
            o.cause = cause;
            update(o, kind, ts, Decimal(), std::move(reason), cause);
            return;
        }
        case RecordKind::order_expired: {
            OrderId id = r.count("id");
            std::string reason = r.string("reason");
            Decimal filled = r.decimal("filled_qty");
            Order& o = order_ref(id, name);
            finish_order(o, OrderStatus::expired, ts);
            o.filled_qty = filled;
            o.reason = reason;
            update(o, kind, ts, Decimal(), std::move(reason));
            return;
        }
        case RecordKind::cancel_requested: {
            OrderId id = r.count("id");
            Timestamp at = r.time("effective_at");
            Order& o = order_ref(id, name);
            o.cancel_effective_at = at;
            update(o, kind, ts, Decimal());
            return;
        }
        case RecordKind::command_rejected: {
            CommandRejection c;
            c.seq = trace_.last_seq;
            c.ts = ts;
            c.command = r.string("command");
            c.id = r.count("id");
            c.other = r.count("other");
            c.reason = r.string("reason");
            c.text = r.string("text");
            trace_.command_rejections.push_back(std::move(c));
            return;
        }
        case RecordKind::oco_linked: {
            OrderId first = r.count("first");
            OrderId second = r.count("second");
            Order& a = order_ref(first, name);
            Order& b = order_ref(second, name);
            a.oco = second;
            b.oco = first;
            return;
        }
        case RecordKind::fill: {
            FillRecord f;
            f.ts = ts;
            f.fill_id = r.count("fill_id");
            f.seq = r.count("event_seq");
            f.order_id = r.count("order_id");
            f.symbol = r.raw_symbol("symbol");
            f.side = r.enumeration<Side>("side", kSideNames);
            f.qty = r.decimal("qty");
            f.price = r.decimal("price");
            f.leg = r.enumeration<PathLeg>("leg", kLegNames);
            f.trigger_price = r.decimal("trigger_price");
            f.gap = r.enumeration<GapRule>("gap", kGapNames);
            f.base_price = r.decimal("base_price");
            f.slippage = r.decimal("slippage");
            f.latency_ns = r.integer("latency_ns");
            f.commission = r.decimal("commission");
            f.liquidity_capped = r.boolean("liquidity_capped");
            f.oco_canceled = r.count("oco_canceled");
            f.oco_reduced = r.count("oco_reduced");
            f.realized_pnl = r.decimal("realized_pnl");
            f.position_after = r.decimal("position_after");
            f.avg_price_after = r.decimal("avg_price_after");
            SymbolData& s = symbol_ref(f.symbol, name);
            Order& o = order_ref(f.order_id, name);
            auto index = static_cast<std::uint32_t>(trace_.fills.size());
            o.fills.push_back(index);
            s.fills.push_back(index);
            update(o, kind, ts, f.price);
            trace_.fills.push_back(f);
            return;
        }
        case RecordKind::position_changed: {
            PositionChange p;
            p.seq = trace_.last_seq;
            p.ts = ts;
            SymbolId sym = r.raw_symbol("symbol");
            p.qty = r.decimal("qty");
            p.avg_price = r.decimal("avg_price");
            p.realized_pnl = r.decimal("realized_pnl");
            p.unrealized_pnl = r.decimal("unrealized_pnl");
            p.commission = r.decimal("commission");
            symbol_ref(sym, name).position_changes.push_back(p);
            return;
        }
        case RecordKind::margin_call: {
            MarginCallRecord m;
            m.seq = trace_.last_seq;
            m.ts = ts;
            m.equity = r.decimal("equity");
            m.maintenance_required = r.decimal("maintenance_required");
            trace_.margin_calls.push_back(std::move(m));
            return;
        }
        case RecordKind::forced_liquidation: {
            SymbolId sym = r.raw_symbol("symbol");
            OrderId id = r.count("order_id");
            r.enumeration<Side>("side", kSideNames);
            r.decimal("qty");
            symbol_ref(sym, name);
            Order& o = order_ref(id, name);
            o.liquidation = true;
            if (!trace_.margin_calls.empty()) trace_.margin_calls.back().liquidations.push_back(id);
            return;
        }
        case RecordKind::ambiguous_bar: {
            AmbiguousBarRecord a;
            a.ts = ts;
            a.symbol = r.raw_symbol("symbol");
            a.seq = r.count("event_seq");
            a.first = r.count("first");
            a.second = r.count("second");
            a.winner = r.count("winner");
            symbol_ref(a.symbol, name)
                .ambiguous.push_back(static_cast<std::uint32_t>(trace_.ambiguous_bars.size()));
            trace_.ambiguous_bars.push_back(a);
            return;
        }
        case RecordKind::market_data_rejected: {
            MarketDataRejection m;
            m.seq = trace_.last_seq;
            m.ts = ts;
            m.symbol = r.raw_symbol("symbol");
            m.text = r.string("text");
            // The runner writes a bar or tick before the engine sees it; when the engine refuses
            // it, this record follows at once and the bar or tick is taken back out.
            if (!trace_.market_events.empty() && trace_.records == last_market_record_) {
                const MarketEvent& last = trace_.market_events.back();
                if (last.symbol == m.symbol && last.ts == m.ts && last.kind != RecordKind::clock) {
                    SymbolData& s = trace_.symbols[last.symbol];
                    if (last.kind == RecordKind::bar) {
                        s.bars.pop_back();
                    } else {
                        s.ticks.pop_back();
                    }
                    trace_.market_events.pop_back();
                }
            }
            trace_.market_data_rejections.push_back(std::move(m));
            return;
        }
        default:
            fail_decode(fmt::format("'{}' is not an engine event", name));
    }
}

// ---------------------------------------------------------------------------------------------

Reader::Reader(std::string name, ReaderOptions options)
    : impl_(std::make_unique<Impl>(std::move(name), options)) {}
Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

std::size_t Reader::feed(std::string_view bytes) {
    return impl_->feed(bytes);
}
void Reader::finish() {
    impl_->finish();
}
void Reader::fail(std::string message) {
    impl_->fail_input(std::move(message));
}
const Trace& Reader::trace() const {
    return impl_->trace_;
}
Trace Reader::take() {
    return std::exchange(impl_->trace_, Trace{});
}
bool Reader::failed() const {
    return impl_->error_count_ > 0;
}
std::uint64_t Reader::error_count() const {
    return impl_->error_count_;
}
const std::vector<ReadError>& Reader::errors() const {
    return impl_->errors_;
}
std::uint64_t Reader::lines() const {
    return impl_->lines_;
}
std::uint64_t Reader::bytes() const {
    return impl_->bytes_;
}
std::size_t Reader::pending_bytes() const {
    return impl_->pending_.size();
}
const std::string& Reader::name() const {
    return impl_->name_;
}

ReadStatus Reader::status() const {
    if (impl_->error_count_ > 0) return ReadStatus::failed;
    if (!impl_->finished_) return ReadStatus::reading;
    if (impl_->truncated_) return ReadStatus::truncated;
    return impl_->trace_.end ? ReadStatus::complete : ReadStatus::incomplete;
}

std::string Reader::status_text() const {
    switch (status()) {
        case ReadStatus::reading:
            return "reading";
        case ReadStatus::complete:
            return "complete";
        case ReadStatus::incomplete:
            return impl_->trace_.header
                       ? "incomplete: the trace has no end record (the run was interrupted or is "
                         "still being written)"
                       : "incomplete: the trace is empty";
        case ReadStatus::truncated:
        case ReadStatus::failed:
            return impl_->errors_.empty() ? "failed" : impl_->errors_.front().text;
    }
    return "";
}

// ---------------------------------------------------------------------------------------------

FileReader::FileReader(std::string path, ReaderOptions options)
    : path_(std::move(path)), reader_(path_, options), chunk_(1 << 20) {}

FileReader::~FileReader() {
    if (file_ != nullptr) std::fclose(file_);
}

std::size_t FileReader::poll() {
    if (reader_.status() == ReadStatus::failed) return 0;
    if (file_ == nullptr) {
        file_ = std::fopen(path_.c_str(), "rb");
        if (file_ == nullptr) {
            open_error_ = std::strerror(errno);
            return 0;
        }
        // A device such as /dev/zero would be read without end, a directory not at all.
        struct stat kind {};
        if (fstat(fileno(file_), &kind) == 0) {
            if (const char* why = input_refusal(kind.st_mode)) {
                reader_.fail(why);
                return 0;
            }
        }
    }
    struct stat st {};
    if (fstat(fileno(file_), &st) == 0 && static_cast<std::uint64_t>(st.st_size) < offset_) {
        reader_.fail(
            fmt::format("the file shrank from {} to {} bytes while being read (was it "
                        "rewritten?)",
                        offset_, static_cast<std::uint64_t>(st.st_size)));
        return 0;
    }
    std::size_t total = 0;
    for (;;) {
        std::size_t n = std::fread(chunk_.data(), 1, chunk_.size(), file_);
        if (n == 0) break;
        reader_.feed(std::string_view(chunk_.data(), n));
        total += n;
    }
    if (std::ferror(file_)) {
        reader_.fail(fmt::format("read error: {}", std::strerror(errno)));
    }
    std::clearerr(file_);  // at EOF now; the next poll reads what was appended since
    offset_ += total;
    return total;
}

void FileReader::finish() {
    poll();
    if (file_ == nullptr && reader_.status() != ReadStatus::failed) {
        reader_.fail(fmt::format("cannot open: {}", open_error_));
    }
    reader_.finish();
}

Reader read_trace_file(const std::string& path, ReaderOptions options) {
    FileReader f(path, options);
    f.finish();
    return std::move(f.reader());
}

}  // namespace dsl::trace
