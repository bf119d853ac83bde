// Reader: line splitting, record decoding with typed field access, and the model updates.
//
// Each line is parsed into a JsonLine, its record type looked up, and one decode function per
// record type reads its fields through Obj (record_fields.h), whose accessors check presence,
// type and range and throw a DecodeError naming the record and field. The exception never leaves
// the reader: the line is reported with its number and the model keeps everything before it.
// Model updates happen only after every field of a record was read, so a bad record changes
// nothing. This file has the lines, the header, market data, strategy output and the end record;
// reader_engine_events.cpp the engine's records.
#include "trace/reader.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

#include "common/input_file.h"
#include "trace/reader_impl.h"

namespace dsl::trace {

using detail::DecodeError;
using detail::fail_decode;
using detail::JsonNode;
using detail::JsonType;
using detail::kGapNames;
using detail::kLegNames;
using detail::Obj;
using detail::type_name;

namespace {

constexpr std::array kReadStatusNames{std::string_view("reading"), std::string_view("complete"),
                                      std::string_view("incomplete"), std::string_view("truncated"),
                                      std::string_view("failed")};

}  // namespace

#define DSL_TRACE_TO_STRING(Enum, names)              \
    std::string_view to_string(Enum v) {              \
        return names.at(static_cast<std::size_t>(v)); \
    }
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
        case RecordKind::call:
            return call(r);
        case RecordKind::log:
            return log(r);
        case RecordKind::error:
            return error(r);
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
        case RecordKind::bracket_linked:
        case RecordKind::fill:
        case RecordKind::position_changed:
        case RecordKind::margin_call:
        case RecordKind::forced_liquidation:
        case RecordKind::ambiguous_bar:
        case RecordKind::market_data_rejected:
            return engine_event(kind, r);
    }
}

namespace {

// "MAJOR.MINOR", of a major version this reader reads.
std::pair<int, int> header_version(Obj& r) {
    std::string version = r.string("version");
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
        fail_decode(
            fmt::format("header: field 'version': expected \"MAJOR.MINOR\", got '{}'", version));
    }
    if (major > kVersionMajor) {
        fail_decode(
            fmt::format("trace format version {} is newer than this reader supports ({}); a newer "
                        "version of the program is needed",
                        version, kVersionText));
    }
    if (major < kVersionMajor) {
        fail_decode(
            fmt::format("trace format version {} is no longer supported (this reader reads {}.x)",
                        version, kVersionMajor));
    }
    return {major, minor};
}

void header_sources(Obj& r, Header& h) {
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
}

// The instruments, which must be the symbol table's, in order.
void header_instruments(Obj& r, Header& h, const std::vector<std::string>& symbols) {
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
}

EngineSettings header_config(Obj c) {
    EngineSettings s;
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
    return s;
}

void header_limits(Obj l, Header& h) {
    h.event_gas_limit = l.integer("event_gas");
    h.run_gas_limit = l.integer("run_gas");
    h.max_call_depth = l.count("max_call_depth");
    h.memory_limit = l.count("memory");
}

}  // namespace

void Reader::Impl::header(Obj& r) {
    if (trace_.header) fail_decode("a second header record");
    Header h;
    h.format = r.string("format");
    if (h.format != kFormatName) {
        fail_decode(
            fmt::format("not a dsl trace: format is '{}', expected '{}'", h.format, kFormatName));
    }
    std::tie(h.version_major, h.version_minor) = header_version(r);
    h.producer = r.string("producer");
    h.mode = r.string("mode");
    h.strategy = r.string("strategy");
    h.bytecode_hash = r.string("bytecode_hash");
    header_sources(r, h);
    std::vector<std::string> symbols = r.array("symbols").strings();
    header_instruments(r, h, symbols);
    h.config = header_config(r.object("config"));
    h.history_depth = r.integer("history_depth");
    header_limits(r.object("limits"), h);
    // Everything is read: now change the model.
    skip_unknown_ = h.version_minor > kVersionMinor;
    trace_.symbols.resize(symbols.size());
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        trace_.symbols[i].name = std::move(symbols[i]);
        trace_.symbols[i].position.symbol = static_cast<SymbolId>(i);
    }
    listed_in_.assign(symbols.size(), 0);
    trace_.header = std::move(h);
}

void Reader::Impl::call(Obj& r) {
    HandlerCallRecord c;
    c.ts = r.time("ts");
    c.seq = r.count("seq");
    c.handler = r.string("handler");
    c.symbol = r.raw_symbol("symbol");
    c.order = r.count("order");
    c.gas = r.integer("gas");
    trace_.calls.push_back(std::move(c));
}

void Reader::Impl::log(Obj& r) {
    LogRecord l;
    l.ts = r.time("ts");
    l.seq = r.count("seq");
    l.handler = r.string("handler");
    l.text = r.string("text");
    trace_.logs.push_back(std::move(l));
}

void Reader::Impl::error(Obj& r) {
    RuntimeErrorRecord e;
    e.ts = r.time("ts");
    e.seq = r.count("seq");
    e.kind = r.string("kind");
    e.message = r.string("message");
    e.handler = r.string("handler");
    e.file = r.string("file");
    e.line = r.count("line");
    r.array("stack").each_object([&](detail::Obj f) {
        StackFrame frame;
        frame.function = f.string("function");
        frame.line = f.count("line");
        frame.col = f.count("col");
        e.stack.push_back(std::move(frame));
    });
    trace_.errors.push_back(std::move(e));
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
