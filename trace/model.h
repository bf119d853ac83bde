// The reader's data model of a trace: plain values for the viewer and for users' tools.
//
// The reader builds it record by record, so everything here only grows (vectors are appended to,
// orders change as their events arrive): a viewer following a live trace can keep indices into
// it across polls. It includes nothing of the engine (the viewer links only the reader): orders
// and positions are the lifecycle reducer's (lifecycle/reduce.h), which the reader applies to
// every order record, as the dispatcher does to the engine's events.
//
// Conventions:
// - seq is the market event a thing belongs to: the `seq` of the last bar or tick record before
//   it (0 before the first), or the event's own event_seq where the trace gives one (fills,
//   ambiguous bars). "As of replay position k" means "seq <= k".
// - Timestamps are int64 nanoseconds UTC; kNoTime (INT64_MIN) where the trace has null
//   (before the first market event, or not happened yet).
// - Prices, quantities and money are exact Decimals; Decimal::nan() where the trace has null.
// - Order ids are the engine's (dense from 1); 0 means none. Symbol ids index Trace::symbols.
// - Enumerations the viewer branches on are enums below; reason codes stay strings (the
//   engine's snake_case names, e.g. "insufficient_buying_power"), see docs/trace.md.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifecycle/reduce.h"
#include "trace/decimal.h"
#include "trace/format.h"

namespace dsl::trace {

// Ids, times and the order enums are the lifecycle's (the engine's, by the same names).
using lifecycle::has_limit_price;
using lifecycle::has_stop_price;
using lifecycle::is_working;
using lifecycle::kNoSymbol;
using lifecycle::kNoTime;
using lifecycle::OrderId;
using lifecycle::OrderStatus;
using lifecycle::OrderType;
using lifecycle::Side;
using lifecycle::SymbolId;
using lifecycle::TimeInForce;
using lifecycle::Timestamp;
using lifecycle::to_string;

// The engine's enums of a fill's provenance, by the same names (a test checks them).
#define DSL_TRACE_PATH_LEGS(X) X(open) X(to_first_extreme) X(to_second_extreme) X(to_close) X(tick)
#define DSL_TRACE_GAP_RULES(X) X(none) X(through_limit) X(gap_through_stop)

#define DSL_TRACE_MODEL_MEMBER(name) name,
enum class PathLeg : std::uint8_t { DSL_TRACE_PATH_LEGS(DSL_TRACE_MODEL_MEMBER) };
enum class GapRule : std::uint8_t { DSL_TRACE_GAP_RULES(DSL_TRACE_MODEL_MEMBER) };
#undef DSL_TRACE_MODEL_MEMBER

std::string_view to_string(PathLeg v);
std::string_view to_string(GapRule v);

// The lifecycle's changes and states with the reader's numbers.
using Change = lifecycle::Change<Decimal>;
using OrderState = lifecycle::Order<Decimal>;
using PositionState = lifecycle::Position<Decimal>;

// ---- Header ----

struct Input {
    std::string name;
    std::string type;        // DSL type name
    std::string value_text;  // the value as it appears in the trace (JSON), e.g. 10, 0.5, "ORCL"
    bool operator==(const Input&) const = default;
};

struct DataSource {
    std::string path;
    std::string kind;  // "bars" or "ticks"
    std::vector<std::string> symbols;
    std::optional<std::uint64_t> rows;
    std::optional<std::uint64_t> bytes;
    std::string hash;  // "" when the trace has null
    bool operator==(const DataSource&) const = default;
};

struct Instrument {
    SymbolId id = 0;
    std::string name;
    Decimal tick_size;
    Decimal lot_size;
    Decimal multiplier;
    Decimal initial_margin_rate;      // nan() when the account's applies
    Decimal maintenance_margin_rate;  // nan() when the account's applies
    bool operator==(const Instrument&) const = default;
};

// EngineConfig as recorded; the model names are the engine's (strings, see docs/engine.md).
struct EngineSettings {
    Decimal starting_cash;
    std::string path_model;
    std::string slippage_kind;
    Decimal slippage_amount;
    std::int64_t atr_period = 0;
    bool slippage_on_limit_orders = true;
    std::string liquidity_kind;
    Decimal liquidity_percent;
    std::int64_t submit_latency_ns = 0;
    std::int64_t submit_jitter_ns = 0;
    std::int64_t cancel_latency_ns = 0;
    std::int64_t cancel_jitter_ns = 0;
    std::uint64_t seed = 0;
    std::string commission_kind;
    Decimal commission_rate;
    Decimal commission_minimum;
    std::string account_kind;
    Decimal initial_margin_rate;
    Decimal maintenance_margin_rate;
    std::string off_tick;
    std::int64_t session_offset_ns = 0;
    bool operator==(const EngineSettings&) const = default;
};

struct Header {
    std::string format;  // "dsl-trace"
    int version_major = 0;
    int version_minor = 0;
    std::string producer;
    std::string mode;  // "backtest" or "live"
    std::string strategy;
    std::string bytecode_hash;
    std::vector<Input> inputs;
    std::vector<DataSource> data;
    std::vector<Instrument> instruments;  // index = SymbolId
    EngineSettings config;
    std::int64_t history_depth = 0;
    std::int64_t event_gas_limit = 0;
    std::int64_t run_gas_limit = 0;
    std::uint64_t max_call_depth = 0;
    std::uint64_t memory_limit = 0;
    bool operator==(const Header&) const = default;
};

// ---- Market data ----

struct BarRow {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    Decimal open, high, low, close, volume;
    bool operator==(const BarRow&) const = default;
};

struct TickRow {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    Decimal price, size;
    Decimal bid = Decimal::nan();  // nan() when the tick had none
    Decimal ask = Decimal::nan();
    bool operator==(const TickRow&) const = default;
};

// One market event (bar, tick, or a clock move) in trace order: the replay's steps.
struct MarketEvent {
    std::uint64_t seq = 0;  // 0 for a clock record
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    RecordKind kind = RecordKind::bar;  // bar, tick or clock
    std::uint32_t index = 0;            // into the symbol's bars or ticks
    bool operator==(const MarketEvent&) const = default;
};

// ---- Orders ----

// One change of an order (a record that names it), with the market event it belongs to.
struct OrderUpdate {
    std::uint64_t seq = 0;
    Change change;
    Timestamp ts() const { return lifecycle::change_ts(change); }
    bool operator==(const OrderUpdate&) const = default;
};

// An order: the lifecycle's state after its last record (status, quantities, prices, links,
// reasons, dates: lifecycle/state.h), and where the trace placed it. `symbol` may be an unknown
// id for an order rejected unknown_symbol. Replaying `updates` up to a seq with lifecycle::apply
// gives the order as of that seq (viewer/state.h).
struct Order : OrderState {
    Decimal initial_qty;  // at submission
    // Where it was placed: the seq of its submission and the symbol's last market price then
    // (close of the last bar or price of the last tick; nan() before any).
    std::uint64_t submitted_seq = 0;
    Decimal placed_price = Decimal::nan();
    std::uint64_t finished_seq = 0;  // the seq when it reached its final status
    bool liquidation = false;        // submitted by the engine after a margin call
    std::vector<OrderUpdate> updates;
    std::vector<std::uint32_t> fills;  // indices into Trace::fills

    bool operator==(const Order&) const = default;
};

// ---- Fills and positions ----

struct FillRecord {
    std::uint64_t fill_id = 0;
    std::uint64_t seq = 0;  // event_seq: the bar or tick it happened on
    Timestamp ts = kNoTime;
    OrderId order_id = 0;
    SymbolId symbol = kNoSymbol;
    Side side = Side::buy;
    Decimal qty;
    Decimal price;
    // Provenance: why this price.
    PathLeg leg = PathLeg::open;
    Decimal trigger_price;
    GapRule gap = GapRule::none;
    Decimal base_price;
    Decimal slippage;
    std::int64_t latency_ns = 0;
    Decimal commission;
    bool liquidity_capped = false;
    OrderId oco_canceled = 0;
    OrderId oco_reduced = 0;
    // Effect.
    Decimal realized_pnl;
    Decimal position_after;
    Decimal avg_price_after;
    bool operator==(const FillRecord&) const = default;
};

// position_changed: a fill changed the position (once per symbol and event).
struct PositionChange {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    Decimal qty;  // signed
    Decimal avg_price;
    Decimal realized_pnl;
    Decimal unrealized_pnl;
    Decimal commission;
    bool operator==(const PositionChange&) const = default;
};

// A symbol's position at a portfolio snapshot (qty 0 when it has just been closed).
struct PositionPoint {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    Decimal qty;
    Decimal avg_price;
    Decimal cost_basis;
    Decimal mark_price;
    Decimal market_value;
    Decimal realized_pnl;
    Decimal unrealized_pnl;
    Decimal commission;
    bool operator==(const PositionPoint&) const = default;
};

struct PortfolioPoint {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    Decimal cash;
    Decimal equity;
    Decimal realized_pnl;
    Decimal unrealized_pnl;
    Decimal commission;
    Decimal margin_used;
    Decimal maintenance_margin;
    Decimal buying_power;
    Decimal gross_exposure;
    bool has_positions = false;  // the record listed the open positions
    bool operator==(const PortfolioPoint&) const = default;
};

struct SymbolData {
    std::string name;
    PositionState position;  // after the last fill or position_changed (lifecycle/reduce.h)
    std::vector<BarRow> bars;
    std::vector<TickRow> ticks;
    std::vector<PositionPoint> positions;  // from portfolio snapshots that list positions
    std::vector<PositionChange> position_changes;
    std::vector<std::uint32_t> orders;     // indices into Trace::orders
    std::vector<std::uint32_t> fills;      // indices into Trace::fills
    std::vector<std::uint32_t> ambiguous;  // indices into Trace::ambiguous_bars
    Decimal last_price = Decimal::nan();   // of the last bar or tick
    bool operator==(const SymbolData&) const = default;
};

// ---- Strategy output and notices ----

struct HandlerCallRecord {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    std::string handler;
    SymbolId symbol = kNoSymbol;
    OrderId order = 0;
    std::int64_t gas = 0;
    bool operator==(const HandlerCallRecord&) const = default;
};

struct LogRecord {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    std::string handler;
    std::string text;
    bool operator==(const LogRecord&) const = default;
};

struct StackFrame {
    std::string function;
    std::uint64_t line = 0;
    std::uint64_t col = 0;
    bool operator==(const StackFrame&) const = default;
};

struct RuntimeErrorRecord {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    std::string kind;
    std::string message;
    std::string handler;
    std::string file;
    std::uint64_t line = 0;
    std::vector<StackFrame> stack;  // innermost first
    bool operator==(const RuntimeErrorRecord&) const = default;
};

struct AmbiguousBarRecord {
    std::uint64_t seq = 0;  // event_seq of the bar (or tick)
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;
    OrderId first = 0;
    OrderId second = 0;
    OrderId winner = 0;
    bool operator==(const AmbiguousBarRecord&) const = default;
};

struct MarginCallRecord {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    Decimal equity;
    Decimal maintenance_required;
    std::vector<OrderId> liquidations;  // the forced_liquidation orders that followed
    bool operator==(const MarginCallRecord&) const = default;
};

struct CommandRejection {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    std::string command;  // "cancel" or "oco"
    OrderId id = 0;
    OrderId other = 0;
    std::string reason;
    std::string text;
    bool operator==(const CommandRejection&) const = default;
};

struct MarketDataRejection {
    std::uint64_t seq = 0;
    Timestamp ts = kNoTime;
    SymbolId symbol = kNoSymbol;  // as given, possibly not a known symbol
    std::string text;
    bool operator==(const MarketDataRejection&) const = default;
};

// The end record: how the run ended and its summary.
struct RunEnd {
    std::string status;  // "completed", "runtime_error", "data_error", "interrupted"
    std::string message;
    Timestamp ts = kNoTime;
    std::uint64_t records = 0;  // records before the end record (the reader checks it)
    std::uint64_t engine_events = 0;
    std::uint64_t market_events = 0;
    std::uint64_t orders = 0;
    std::uint64_t fills = 0;
    std::uint64_t trades = 0;
    std::uint64_t ambiguous_bars = 0;
    std::int64_t gas_used = 0;
    std::uint64_t skipped_rows = 0;
    Decimal starting_cash;
    Decimal final_equity;
    Decimal net_profit;
    Decimal commission;
    Decimal max_drawdown;
    // NaN where the trace has null (e.g. a profit factor without losing trades).
    double max_drawdown_pct = 0;
    double return_pct = 0;
    double win_rate_pct = 0;
    double profit_factor = 0;
    double sharpe = 0;
    double exposure_pct = 0;

    bool completed() const { return status == "completed"; }
    bool operator==(const RunEnd&) const = default;
};

// ---- The whole trace ----

struct Trace {
    std::optional<Header> header;
    std::vector<SymbolData> symbols;  // index = SymbolId, from the header
    std::vector<MarketEvent> market_events;
    std::vector<Order> orders;  // in submission (id) order
    std::vector<FillRecord> fills;
    std::vector<PortfolioPoint> portfolio;
    std::vector<LogRecord> logs;
    std::vector<HandlerCallRecord> calls;
    std::vector<RuntimeErrorRecord> errors;
    std::vector<AmbiguousBarRecord> ambiguous_bars;
    std::vector<MarginCallRecord> margin_calls;
    std::vector<CommandRejection> command_rejections;
    std::vector<MarketDataRejection> market_data_rejections;
    std::optional<RunEnd> end;
    std::array<std::uint64_t, kRecordKindCount> record_counts{};
    std::uint64_t records = 0;    // records read (lines with a record)
    std::uint64_t last_seq = 0;   // of the last bar or tick
    Timestamp last_ts = kNoTime;  // latest timestamp seen

    // The order with this id, or nullptr.
    const Order* order(OrderId id) const;
    Order* order(OrderId id);
    std::uint64_t count(RecordKind kind) const {
        return record_counts[static_cast<std::size_t>(kind)];
    }
    bool operator==(const Trace&) const = default;
};

}  // namespace dsl::trace
