// Writer: one function per record type. Engine events are written by an overload set visited
// with std::visit, so an event type without a writer case does not compile; each overload
// unpacks its event with a structured binding naming every field, so a field added to an
// event without being written does not compile either. Field names are the engine's.
#include "trace_writer/writer.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <stdexcept>

#include "engine/engine.h"
#include "trace/format.h"
#include "trace_writer/json_out.h"

namespace dsl::trace {

namespace {

using detail::JsonOut;
using engine::Fixed;

// The engine's event names must be the trace's engine records, in order (format.h).
#define DSL_TRACE_ENGINE_EVENT_NAME(Type, name) std::string_view(name),
constexpr std::array kEngineEventNames{DSL_ENGINE_EVENTS(DSL_TRACE_ENGINE_EVENT_NAME)};
#undef DSL_TRACE_ENGINE_EVENT_NAME

constexpr bool engine_names_match() {
    if (kEngineEventNames.size() != kEngineRecordCount) return false;
    for (std::size_t i = 0; i < kEngineEventNames.size(); ++i) {
        if (kEngineEventNames[i] != kRecordNames[i]) return false;
    }
    return true;
}
static_assert(engine_names_match(),
              "engine/events.h and DSL_TRACE_ENGINE_RECORDS (trace/format.h) differ: add the "
              "event to the trace format, its reader and docs/trace.md");

#define DSL_TRACE_ENUM_NAME(name) std::string_view(#name),
constexpr std::array kModeNames{DSL_TRACE_RUN_MODES(DSL_TRACE_ENUM_NAME)};
constexpr std::array kStatusNames{DSL_TRACE_RUN_STATUSES(DSL_TRACE_ENUM_NAME)};
#undef DSL_TRACE_ENUM_NAME

void put(JsonOut& o, const engine::OrderSubmitted& e) {
    const auto& [ts, id, symbol, side, type, tif, qty, limit_price, stop_price, trail_offset,
                 trail_percent, parent, tag] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.symbol("symbol", symbol);
    o.string("side", to_string(side));
    o.string("type", to_string(type));
    o.string("tif", to_string(tif));
    o.fixed("qty", qty);
    o.fixed("limit_price", limit_price);
    o.fixed("stop_price", stop_price);
    o.fixed("trail_offset", trail_offset);
    o.fixed("trail_percent", trail_percent);
    o.unsigned_("parent", parent);
    o.string("tag", tag);
}

void put(JsonOut& o, const engine::OrderAccepted& e) {
    const auto& [ts, id, qty, latency_ns, stop_price] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.fixed("qty", qty);
    o.integer("latency_ns", latency_ns);
    o.fixed("stop_price", stop_price);
}

void put(JsonOut& o, const engine::OrderRejected& e) {
    const auto& [ts, id, reason, text] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.string("reason", to_string(reason));
    o.string("text", text);
}

void put(JsonOut& o, const engine::OrderTriggered& e) {
    const auto& [ts, id, trigger_price, market_price, leg] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.fixed("trigger_price", trigger_price);
    o.fixed("market_price", market_price);
    o.string("leg", to_string(leg));
}

void put(JsonOut& o, const engine::OrderModified& e) {
    const auto& [ts, id, reason, qty, limit_price, stop_price, cause] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.string("reason", to_string(reason));
    o.fixed("qty", qty);
    o.fixed("limit_price", limit_price);
    o.fixed("stop_price", stop_price);
    o.unsigned_("cause", cause);
}

void put(JsonOut& o, const engine::OrderPartiallyFilled& e) {
    const auto& [ts, id, filled_qty, remaining_qty, avg_fill_price] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.fixed("filled_qty", filled_qty);
    o.fixed("remaining_qty", remaining_qty);
    o.fixed("avg_fill_price", avg_fill_price);
}

void put(JsonOut& o, const engine::OrderFilled& e) {
    const auto& [ts, id, filled_qty, avg_fill_price] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.fixed("filled_qty", filled_qty);
    o.fixed("avg_fill_price", avg_fill_price);
}

void put(JsonOut& o, const engine::OrderCanceled& e) {
    const auto& [ts, id, reason, filled_qty, cause] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.string("reason", to_string(reason));
    o.fixed("filled_qty", filled_qty);
    o.unsigned_("cause", cause);
}

void put(JsonOut& o, const engine::OrderExpired& e) {
    const auto& [ts, id, reason, filled_qty] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.string("reason", to_string(reason));
    o.fixed("filled_qty", filled_qty);
}

void put(JsonOut& o, const engine::CancelRequested& e) {
    const auto& [ts, id, effective_at] = e;
    o.time("ts", ts);
    o.unsigned_("id", id);
    o.time("effective_at", effective_at);
}

void put(JsonOut& o, const engine::CommandRejected& e) {
    const auto& [ts, command, id, other, reason, text] = e;
    o.time("ts", ts);
    o.string("command", to_string(command));
    o.unsigned_("id", id);
    o.unsigned_("other", other);
    o.string("reason", to_string(reason));
    o.string("text", text);
}

void put(JsonOut& o, const engine::OcoLinked& e) {
    const auto& [ts, first, second] = e;
    o.time("ts", ts);
    o.unsigned_("first", first);
    o.unsigned_("second", second);
}

void put(JsonOut& o, const engine::BracketLinked& e) {
    const auto& [ts, entry, take_profit, stop_loss] = e;
    o.time("ts", ts);
    o.unsigned_("entry", entry);
    o.unsigned_("take_profit", take_profit);
    o.unsigned_("stop_loss", stop_loss);
}

void put(JsonOut& o, const engine::Fill& e) {
    const auto& [ts, fill_id, event_seq, order_id, symbol, side, qty, price, leg, trigger_price,
                 gap, base_price, slippage, latency_ns, commission, liquidity_capped, oco_canceled,
                 oco_reduced, realized_pnl, position_after, avg_price_after, unrealized_pnl_after] =
        e;
    o.time("ts", ts);
    o.unsigned_("fill_id", fill_id);
    o.unsigned_("event_seq", event_seq);
    o.unsigned_("order_id", order_id);
    o.symbol("symbol", symbol);
    o.string("side", to_string(side));
    o.fixed("qty", qty);
    o.fixed("price", price);
    o.string("leg", to_string(leg));
    o.fixed("trigger_price", trigger_price);
    o.string("gap", to_string(gap));
    o.fixed("base_price", base_price);
    o.fixed("slippage", slippage);
    o.integer("latency_ns", latency_ns);
    o.fixed("commission", commission);
    o.boolean("liquidity_capped", liquidity_capped);
    o.unsigned_("oco_canceled", oco_canceled);
    o.unsigned_("oco_reduced", oco_reduced);
    o.fixed("realized_pnl", realized_pnl);
    o.fixed("position_after", position_after);
    o.fixed("avg_price_after", avg_price_after);
    o.fixed("unrealized_pnl_after", unrealized_pnl_after);
}

void put(JsonOut& o, const engine::PositionChanged& e) {
    const auto& [ts, symbol, qty, avg_price, realized_pnl, unrealized_pnl, commission] = e;
    o.time("ts", ts);
    o.symbol("symbol", symbol);
    o.fixed("qty", qty);
    o.fixed("avg_price", avg_price);
    o.fixed("realized_pnl", realized_pnl);
    o.fixed("unrealized_pnl", unrealized_pnl);
    o.fixed("commission", commission);
}

void put(JsonOut& o, const engine::MarginCall& e) {
    const auto& [ts, equity, maintenance_required] = e;
    o.time("ts", ts);
    o.fixed("equity", equity);
    o.fixed("maintenance_required", maintenance_required);
}

void put(JsonOut& o, const engine::ForcedLiquidation& e) {
    const auto& [ts, symbol, order_id, side, qty] = e;
    o.time("ts", ts);
    o.symbol("symbol", symbol);
    o.unsigned_("order_id", order_id);
    o.string("side", to_string(side));
    o.fixed("qty", qty);
}

void put(JsonOut& o, const engine::AmbiguousBar& e) {
    const auto& [ts, symbol, event_seq, first, second, winner] = e;
    o.time("ts", ts);
    o.symbol("symbol", symbol);
    o.unsigned_("event_seq", event_seq);
    o.unsigned_("first", first);
    o.unsigned_("second", second);
    o.unsigned_("winner", winner);
}

void put(JsonOut& o, const engine::MarketDataRejected& e) {
    const auto& [ts, symbol, text] = e;
    o.time("ts", ts);
    o.symbol("symbol", symbol);
    o.string("text", text);
}

void put(JsonOut& o, const engine::PortfolioSnapshot& e) {
    const auto& [ts, cash, equity, realized_pnl, unrealized_pnl, commission, margin_used,
                 maintenance_margin, buying_power, gross_exposure] = e;
    o.time("ts", ts);
    o.fixed("cash", cash);
    o.fixed("equity", equity);
    o.fixed("realized_pnl", realized_pnl);
    o.fixed("unrealized_pnl", unrealized_pnl);
    o.fixed("commission", commission);
    o.fixed("margin_used", margin_used);
    o.fixed("maintenance_margin", maintenance_margin);
    o.fixed("buying_power", buying_power);
    o.fixed("gross_exposure", gross_exposure);
}

void put_position(JsonOut& o, const engine::PositionSnapshot& p) {
    const auto& [symbol, qty, avg_price, cost_basis, mark_price, market_value, realized_pnl,
                 unrealized_pnl, commission] = p;
    o.open_object("");
    o.symbol("symbol", symbol);
    o.fixed("qty", qty);
    o.fixed("avg_price", avg_price);
    o.fixed("cost_basis", cost_basis);
    o.fixed("mark_price", mark_price);
    o.fixed("market_value", market_value);
    o.fixed("realized_pnl", realized_pnl);
    o.fixed("unrealized_pnl", unrealized_pnl);
    o.fixed("commission", commission);
    o.close_object();
}

template <std::size_t N>
void put_optional_fixed(JsonOut& o, const char (&key)[N], const std::optional<Fixed>& v) {
    if (v) {
        o.fixed(key, *v);
    } else {
        o.null(key);
    }
}

void put_config(JsonOut& o, const engine::EngineConfig& c) {
    const auto& [starting_cash, path_model, slippage, liquidity, latency, commission, account,
                 off_tick, session_offset_ns, seed] = c;
    o.open_object("config");
    o.fixed("starting_cash", starting_cash);
    o.string("path_model", to_string(path_model));
    {
        const auto& [kind, amount, atr_period, apply_to_limit_orders] = slippage;
        o.open_object("slippage");
        o.string("kind", to_string(kind));
        o.fixed("amount", amount);
        o.integer("atr_period", atr_period);
        o.boolean("apply_to_limit_orders", apply_to_limit_orders);
        o.close_object();
    }
    {
        const auto& [kind, percent] = liquidity;
        o.open_object("liquidity");
        o.string("kind", to_string(kind));
        o.fixed("percent", percent);
        o.close_object();
    }
    {
        const auto& [submit_ns, submit_jitter_ns, cancel_ns, cancel_jitter_ns] = latency;
        o.open_object("latency");
        o.integer("submit_ns", submit_ns);
        o.integer("submit_jitter_ns", submit_jitter_ns);
        o.integer("cancel_ns", cancel_ns);
        o.integer("cancel_jitter_ns", cancel_jitter_ns);
        o.unsigned_("seed", seed);  // EngineConfig::seed: it only seeds the latency jitter
        o.close_object();
    }
    {
        const auto& [kind, rate, minimum] = commission;
        o.open_object("commission");
        o.string("kind", to_string(kind));
        o.fixed("rate", rate);
        o.fixed("minimum", minimum);
        o.close_object();
    }
    {
        const auto& [kind, initial_margin_rate, maintenance_margin_rate] = account;
        o.open_object("account");
        o.string("kind", to_string(kind));
        o.fixed("initial_margin_rate", initial_margin_rate);
        o.fixed("maintenance_margin_rate", maintenance_margin_rate);
        o.close_object();
    }
    o.string("off_tick", to_string(off_tick));
    o.integer("session_offset_ns", session_offset_ns);
    o.close_object();
}

void put_instrument(JsonOut& o, std::size_t id, const engine::InstrumentSpec& spec) {
    const auto& [name, tick_size, lot_size, multiplier, initial_margin_rate,
                 maintenance_margin_rate] = spec;
    o.open_object("");
    o.unsigned_("id", id);
    o.string("name", name);
    o.fixed("tick_size", tick_size);
    o.fixed("lot_size", lot_size);
    o.fixed("multiplier", multiplier);
    put_optional_fixed(o, "initial_margin_rate", initial_margin_rate);
    put_optional_fixed(o, "maintenance_margin_rate", maintenance_margin_rate);
    o.close_object();
}

void put_input(JsonOut& o, const InputValue& input) {
    o.open_object("");
    o.string("name", input.name);
    o.string("type", input.type);
    o.put_key("value");
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) {
                o.put_int(v);
            } else if constexpr (std::is_same_v<T, double>) {
                o.put_double(v);
            } else if constexpr (std::is_same_v<T, bool>) {
                o.put_bool(v);
            } else {
                o.put_string(v);
            }
        },
        input.value);
    o.close_object();
}

void put_data_file(JsonOut& o, const DataFile& f) {
    o.open_object("");
    o.string("path", f.path);
    o.string("kind", f.kind);
    o.open_array("symbols");
    for (const std::string& s : f.symbols) {
        o.put_key("");
        o.put_string(s);
    }
    o.close_array();
    if (f.rows) {
        o.unsigned_("rows", *f.rows);
    } else {
        o.null("rows");
    }
    if (f.bytes) {
        o.unsigned_("bytes", *f.bytes);
    } else {
        o.null("bytes");
    }
    if (f.hash.empty()) {
        o.null("hash");
    } else {
        o.string("hash", f.hash);
    }
    o.close_object();
}

}  // namespace

std::string_view to_string(RunMode mode) {
    return kModeNames.at(static_cast<std::size_t>(mode));
}
std::string_view to_string(RunStatus status) {
    return kStatusNames.at(static_cast<std::size_t>(status));
}

Writer::Writer(std::FILE* out, WriterOptions options) : options_(options), file_(out) {
    buffer_.reserve(options_.buffer_bytes + 4096);
}

Writer::Writer(std::ostream& out, WriterOptions options) : options_(options), stream_(&out) {
    buffer_.reserve(options_.buffer_bytes + 4096);
}

Writer::Writer(const std::string& path, WriterOptions options) : options_(options) {
    buffer_.reserve(options_.buffer_bytes + 4096);
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
        error_ = "cannot write " + path + ": " + std::strerror(errno);
    } else {
        owns_file_ = true;
        // The writer hands over whole buffers itself: stdio's own buffer would only copy them.
        std::setvbuf(file_, nullptr, _IONBF, 0);
    }
}

Writer::~Writer() {
    close();
}

void Writer::begin_record(std::string_view type) {
    if (!started_) throw std::logic_error("trace: the header must be the first record");
    if (ended_) throw std::logic_error("trace: no record may follow the end record");
    JsonOut(buffer_).begin(type);
}

void Writer::end_record() {
    JsonOut(buffer_).end();
    ++records_;
    if (buffer_.size() >= options_.buffer_bytes) flush();
}

void Writer::before_market_event() {
    if (options_.flush_every != 0 && events_since_flush_ >= options_.flush_every) flush();
    ++events_since_flush_;
}

void Writer::maybe_flush_after_event() {
    if (options_.flush_every != 0 && events_since_flush_ >= options_.flush_every) flush();
}

void Writer::write_header(const RunHeader& h) {
    if (started_) throw std::logic_error("trace: a second header");
    started_ = true;
    begin_record(record_name(RecordKind::header));
    JsonOut o(buffer_);
    o.string("format", kFormatName);
    o.string("version", kVersionText);
    o.string("producer", h.producer);
    o.string("mode", to_string(h.mode));
    o.string("strategy", h.strategy);
    o.string("bytecode_hash", h.bytecode_hash);
    o.open_array("inputs");
    for (const InputValue& input : h.inputs)
        put_input(o, input);
    o.close_array();
    o.open_array("data");
    for (const DataFile& f : h.data)
        put_data_file(o, f);
    o.close_array();
    o.open_array("symbols");
    for (const engine::InstrumentSpec& spec : h.instruments) {
        o.put_key("");
        o.put_string(spec.name);
    }
    o.close_array();
    o.open_array("instruments");
    for (std::size_t id = 0; id < h.instruments.size(); ++id)
        put_instrument(o, id, h.instruments[id]);
    o.close_array();
    put_config(o, h.config);
    o.integer("history_depth", h.history_depth);
    o.open_object("limits");
    o.integer("event_gas", h.limits.event_gas);
    o.integer("run_gas", h.limits.run_gas);
    o.unsigned_("max_call_depth", h.limits.max_call_depth);
    o.unsigned_("memory", h.limits.memory);
    o.close_object();
    end_record();
}

void Writer::write_bar(const engine::Bar& bar, std::uint64_t seq) {
    before_market_event();
    begin_record(record_name(RecordKind::bar));
    const auto& [symbol, ts, open, high, low, close, volume] = bar;
    JsonOut o(buffer_);
    o.unsigned_("seq", seq);
    o.symbol("symbol", symbol);
    o.time("ts", ts);
    o.fixed("open", open);
    o.fixed("high", high);
    o.fixed("low", low);
    o.fixed("close", close);
    o.fixed("volume", volume);
    end_record();
}

void Writer::write_tick(const engine::Tick& tick, std::uint64_t seq) {
    before_market_event();
    begin_record(record_name(RecordKind::tick));
    const auto& [symbol, ts, price, size, bid, ask] = tick;
    JsonOut o(buffer_);
    o.unsigned_("seq", seq);
    o.symbol("symbol", symbol);
    o.time("ts", ts);
    o.fixed("price", price);
    o.fixed("size", size);
    put_optional_fixed(o, "bid", bid);
    put_optional_fixed(o, "ask", ask);
    end_record();
}

void Writer::write_clock(engine::Timestamp ts) {
    before_market_event();
    begin_record(record_name(RecordKind::clock));
    JsonOut(buffer_).time("ts", ts);
    end_record();
}

void Writer::write(const engine::Event& event) {
    begin_record(kRecordNames[event.index()]);
    JsonOut o(buffer_);
    std::visit([&](const auto& e) { put(o, e); }, event);
    if (std::holds_alternative<engine::PortfolioSnapshot>(event)) o.null("positions");
    ++engine_events_;
    end_record();
    if (std::holds_alternative<engine::PortfolioSnapshot>(event)) maybe_flush_after_event();
}

void Writer::write_snapshot(const engine::PortfolioSnapshot& account,
                            std::span<const engine::PositionSnapshot> positions) {
    begin_record(record_name(RecordKind::portfolio_snapshot));
    JsonOut o(buffer_);
    put(o, account);
    o.open_array("positions");
    for (const engine::PositionSnapshot& p : positions)
        put_position(o, p);
    o.close_array();
    ++engine_events_;
    end_record();
    maybe_flush_after_event();
}

void Writer::write_call(const HandlerCall& call) {
    begin_record(record_name(RecordKind::call));
    JsonOut o(buffer_);
    o.time("ts", call.ts);
    o.unsigned_("seq", call.seq);
    o.string("handler", call.handler);
    o.symbol("symbol", call.symbol);
    o.unsigned_("order", call.order);
    o.integer("gas", call.gas);
    end_record();
}

void Writer::write_log(const LogLine& line) {
    begin_record(record_name(RecordKind::log));
    JsonOut o(buffer_);
    o.time("ts", line.ts);
    o.unsigned_("seq", line.seq);
    o.string("handler", line.handler);
    o.string("text", line.text);
    end_record();
}

void Writer::write_error(const RunError& e) {
    begin_record(record_name(RecordKind::error));
    JsonOut o(buffer_);
    o.time("ts", e.ts);
    o.unsigned_("seq", e.seq);
    o.string("kind", e.kind);
    o.string("message", e.message);
    o.string("handler", e.handler);
    o.string("file", e.file);
    o.unsigned_("line", e.line);
    o.open_array("stack");
    for (const ErrorFrame& f : e.stack) {
        o.open_object("");
        o.string("function", f.function);
        o.unsigned_("line", f.line);
        o.unsigned_("col", f.col);
        o.close_object();
    }
    o.close_array();
    end_record();
    flush();
}

void Writer::write_end(const RunSummary& s) {
    std::uint64_t records_before = records_;
    begin_record(record_name(RecordKind::end));
    JsonOut o(buffer_);
    o.string("status", to_string(s.status));
    o.string("message", s.message);
    o.time("ts", s.ts);
    o.unsigned_("records", records_before);
    o.unsigned_("engine_events", engine_events_);
    o.unsigned_("market_events", s.market_events);
    o.unsigned_("orders", s.orders);
    o.unsigned_("fills", s.fills);
    o.unsigned_("trades", s.trades);
    o.unsigned_("ambiguous_bars", s.ambiguous_bars);
    o.integer("gas_used", s.gas_used);
    o.unsigned_("skipped_rows", s.skipped_rows);
    o.fixed("starting_cash", s.starting_cash);
    o.fixed("final_equity", s.final_equity);
    o.fixed("net_profit", s.net_profit);
    o.fixed("commission", s.commission);
    o.fixed("max_drawdown", s.max_drawdown);
    o.real("max_drawdown_pct", s.max_drawdown_pct);
    o.real("return_pct", s.return_pct);
    o.real("win_rate_pct", s.win_rate_pct);
    o.real("profit_factor", s.profit_factor);
    o.real("sharpe", s.sharpe);
    o.real("exposure_pct", s.exposure_pct);
    end_record();
    ended_ = true;
    flush();
}

void Writer::write_out(const char* data, std::size_t size) {
    if (!error_.empty() || size == 0) return;
    if (file_ != nullptr) {
        if (std::fwrite(data, 1, size, file_) != size || std::fflush(file_) != 0) {
            error_ = std::string("trace write failed: ") + std::strerror(errno);
            return;
        }
    } else if (stream_ != nullptr) {
        stream_->write(data, static_cast<std::streamsize>(size));
        stream_->flush();
        if (!*stream_) {
            error_ = "trace write failed";
            return;
        }
    } else {
        return;  // the file could not be opened: error_ is set already
    }
    bytes_written_ += size;
}

void Writer::flush() {
    write_out(buffer_.data(), buffer_.size());
    buffer_.clear();  // keeps its memory
    events_since_flush_ = 0;
}

bool Writer::close() {
    flush();
    if (owns_file_ && file_ != nullptr) {
        if (std::fclose(file_) != 0 && error_.empty()) {
            error_ = std::string("trace close failed: ") + std::strerror(errno);
        }
        file_ = nullptr;
        owns_file_ = false;
    }
    return ok();
}

void TraceSink::on_event(const engine::Event& event) {
    const auto* snapshot = std::get_if<engine::PortfolioSnapshot>(&event);
    if (snapshot == nullptr || engine_ == nullptr) {
        writer_.write(event);
        return;
    }
    positions_.clear();
    std::size_t n = engine_->instruments().size();
    for (std::size_t s = 0; s < n; ++s) {
        engine::PositionSnapshot p = engine_->position(static_cast<engine::SymbolId>(s));
        if (!p.qty.is_zero()) positions_.push_back(p);
    }
    writer_.write_snapshot(*snapshot, positions_);
}

std::vector<engine::InstrumentSpec> instrument_specs(const engine::InstrumentRegistry& registry) {
    std::vector<engine::InstrumentSpec> out;
    out.reserve(registry.size());
    for (std::size_t id = 0; id < registry.size(); ++id)
        out.push_back(registry.get(static_cast<engine::SymbolId>(id)).spec);
    return out;
}

}  // namespace dsl::trace
