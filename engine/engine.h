// Engine: the order engine and portfolio behind one facade - commands, market input, queries.
//
// Use: register instruments, then alternate market input (on_bar / on_tick) with the caller's
// strategy callbacks, during which it issues commands; every outcome is reported through the
// EventSink given at construction. One call of on_bar/on_tick performs, in this order:
//   (1) timers due at the event's time (orders whose latency elapsed are accepted, in-flight
//       cancels take effect, DAY orders whose day ended expire), then the market state is updated;
//   (2) the symbol's working orders the event reaches are evaluated, in submission order;
//   (3) their fills are applied to the portfolio, events emitted as they happen; then the
//       symbol is marked to the event's last price, PositionChanged is emitted, and a margin
//       account is checked (MarginCall, ForcedLiquidation); evaluations of earlier events of the
//       same time, stopped at a fill that waits for other symbols' sales, resume.
// The caller then runs its strategy callbacks (4) and may call emit_snapshot() (5). Orders placed
// in (4) are never evaluated before the next market event (for bars: the next bar with a later
// timestamp) and not before their latency elapsed.
//
// Invariants: order ids are monotonic from 1 and every command that creates orders returns their
// ids even when they are rejected (the rejection is an event); orders change only through the
// state machine of order_status.h; equity == start cash + realized + unrealized - commission at
// every event; identical inputs (config, seed, commands, data) give identical event streams.
// The engine is single-threaded and not re-entrant: calling it from inside EventSink::on_event
// throws std::logic_error. docs/engine.md specifies every rule.
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "engine/atr.h"
#include "engine/config.h"
#include "engine/events.h"
#include "engine/instrument.h"
#include "engine/market.h"
#include "engine/matching.h"
#include "engine/models.h"
#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/order_record.h"
#include "engine/portfolio.h"
#include "engine/rng.h"
#include "engine/sink.h"

namespace dsl::engine {

class Engine {
  public:
    // Throws std::invalid_argument when validate_config(config) reports a problem.
    Engine(EngineConfig config, EventSink& sink);
    Engine(EngineConfig config, EventSink& sink, Models models);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // --- Instruments (register before trading; throws std::invalid_argument when invalid) ---
    SymbolId add_instrument(InstrumentSpec spec);
    std::optional<SymbolId> find_symbol(const std::string& name) const;
    const InstrumentRegistry& instruments() const { return instruments_; }
    const EngineConfig& config() const { return config_; }

    // --- Commands: each returns the id(s) it created, also when rejected ---
    OrderId submit(OrderRequest request);
    OrderId market(SymbolId symbol, Side side, Fixed qty, OrderOptions options = {});
    OrderId limit(SymbolId symbol, Side side, Fixed qty, Fixed price, OrderOptions options = {});
    OrderId stop(SymbolId symbol, Side side, Fixed qty, Fixed stop_price,
                 OrderOptions options = {});
    OrderId stop_limit(SymbolId symbol, Side side, Fixed qty, Fixed stop_price, Fixed limit_price,
                       OrderOptions options = {});
    OrderId trailing_stop_offset(SymbolId symbol, Side side, Fixed qty, Fixed offset,
                                 OrderOptions options = {});
    OrderId trailing_stop_percent(SymbolId symbol, Side side, Fixed qty, Fixed percent,
                                  OrderOptions options = {});
    BracketIds bracket(BracketRequest request);
    // Links two working orders of one symbol: a fill of one reduces the other by the filled
    // quantity and cancels it when nothing is left. False (and CommandRejected) when impossible.
    bool oco(OrderId first, OrderId second);
    // False (and CommandRejected) for an unknown or finished order or a cancel already in flight.
    bool cancel(OrderId id);
    // Cancels every working order (of one symbol), in id order; returns how many were canceled
    // or had a cancel sent.
    std::size_t cancel_all(std::optional<SymbolId> symbol = std::nullopt);
    // A market order for the opposite of the net position (rejected with no_position when flat).
    OrderId close_position(SymbolId symbol, OrderOptions options = {});

    // --- Market input ---
    void on_bar(const Bar& bar);
    void on_tick(const Tick& tick);
    // Moves the clock without market data (live mode): fires due timers only.
    void advance_time(Timestamp ts);
    // Imposes the ATR used by k x ATR slippage for a symbol (nullopt: the engine's own again).
    void set_atr(SymbolId symbol, std::optional<Fixed> value);
    // Emits a PortfolioSnapshot event (step 5 of the event cycle).
    void emit_snapshot();

    // --- Queries (value snapshots) ---
    std::optional<OrderSnapshot> order(OrderId id) const;
    std::size_t working_order_count() const { return working_count_; }
    std::size_t working_order_count(SymbolId symbol) const;
    std::vector<OrderId> working_orders(std::optional<SymbolId> symbol = std::nullopt) const;
    PositionSnapshot position(SymbolId symbol) const {
        return symbol < symbols_.size() ? portfolio_.position(symbol) : PositionSnapshot{};
    }
    // position(symbol).qty != 0, without building the snapshot.
    bool has_position(SymbolId symbol) const {
        return symbol < symbols_.size() && portfolio_.has_position(symbol);
    }
    PortfolioSnapshot portfolio() const { return portfolio_.snapshot(clock_); }
    // The two figures of a snapshot that results need after every event, without building it.
    Fixed equity() const { return portfolio_.equity(); }
    bool has_open_position() const { return portfolio_.open_positions() != 0; }
    // Portfolio::changes() and position_changes(): equal counts, equal snapshots.
    std::uint64_t portfolio_changes() const { return portfolio_.changes(); }
    std::uint64_t position_changes(SymbolId symbol) const {
        return symbol < symbols_.size() ? portfolio_.position_changes(symbol) : 0;
    }
    std::optional<Fixed> last_price(SymbolId symbol) const;
    // The ATR k x ATR slippage uses; kept only with that slippage model (0 with any other).
    Fixed atr(SymbolId symbol) const;
    std::uint64_t ambiguous_bar_count() const { return ambiguous_count_; }
    std::uint64_t fill_count() const { return fill_seq_; }
    Timestamp clock() const { return clock_; }
    std::uint64_t event_seq() const { return event_seq_; }
    OrderId last_order_id() const { return orders_.size(); }
    // The order history's storage (how many chunks are sealed, their size): introspection only.
    const OrderStore& order_store() const { return orders_; }
    // Heap bytes of every order's record (live, or sealed at ~20 bytes), O(1).
    std::size_t order_memory_bytes() const { return orders_.memory_bytes(); }

  private:
    struct SymbolState {
        SymbolBook book;
        bool has_price = false;
        Fixed last_price;
        WilderAtr atr;
        std::vector<OrderId> first_eval;  // accepted DAY/IOC/FOK orders not yet evaluated
        std::size_t working = 0;
        Timestamp last_event = kNoTime;  // of its last bar or tick
    };

    enum class TimerKind : std::uint8_t { activate, cancel, expire_day };
    struct Timer {
        Timestamp at;
        std::uint64_t seq;
        TimerKind kind;
        OrderId id;
        bool operator>(const Timer& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };

    struct Candidate {
        OrderId id;
        PathPos from;
        bool operator<(const Candidate& o) const { return id < o.id; }  // submission order
    };

    struct EventContext {
        SymbolId symbol = kNoSymbol;
        Timestamp ts = kNoTime;
        bool is_bar = true;
        std::optional<PricePath> path;
        TickQuote quote;
        Fixed low;
        Fixed high;
        Fixed liquidity_left;
        Fixed atr;
        Fixed mark;             // the event's last price: the bar's close, the tick's trade
        std::uint64_t seq = 0;  // the event's sequence number (fills and AmbiguousBar carry it)
        bool any_fill = false;
        // A fill the account cannot pay may wait for same-time proceeds (false once it may not).
        bool may_wait = true;
        bool held = false;  // a fill waits: the evaluation stopped before applying it
    };

    // One step of applying a round: apply candidate `index`, or report that the pair (index,
    // other) could both fill, `index` first (AmbiguousBar).
    struct Step {
        std::uint32_t index;
        std::uint32_t other;
        bool ambiguous;
    };

    // An event's evaluation, round by round, step by step (engine_market.cpp). It lives in eval_
    // while it runs; one whose fill waits for proceeds moves to waiting_ and resumes later.
    struct Evaluation {
        std::vector<Candidate> round;  // by id
        std::vector<Match> matches;    // of round
        std::vector<Step> steps;       // the order in which round is applied
        std::size_t next_step = 0;
        bool planned = false;                     // matches and steps are those of round
        std::vector<Candidate> next_round;        // bracket exits activated by round's fills
        std::vector<OrderId> expire_after_event;  // IOC/FOK orders evaluated on this event
        std::vector<OrderId> trail_moved;         // trailing stops whose stop moved
    };

    // An evaluation stopped at a fill that waits for same-time proceeds (engine_waiting.cpp).
    struct Waiting {
        EventContext ctx;
        Evaluation eval;
        std::vector<OrderId> held;  // the orders it names, whose chunks it holds
    };

    enum class Role : std::uint8_t { normal, liquidation, bracket_exit };

    // Marks the engine busy for the duration of a public call; a nested call throws.
    class BusyGuard {
      public:
        explicit BusyGuard(Engine& e) : e_(e) {
            e_.check_idle();
            e_.busy_ = true;
        }
        ~BusyGuard() { e_.busy_ = false; }
        BusyGuard(const BusyGuard&) = delete;
        BusyGuard& operator=(const BusyGuard&) = delete;

      private:
        Engine& e_;
    };

    // engine.cpp: plumbing
    // Nothing is reported while a path model's question is being answered (engine_trial.cpp).
    void emit(Event event) {
        if (!trial_) sink_.on_event(event);
    }
    OrderRecord& rec(OrderId id) { return orders_[id - 1]; }
    const OrderRecord& rec(OrderId id) const { return orders_[id - 1]; }
    bool known(OrderId id) const { return id != kNoOrder && id <= orders_.size(); }
    // Whether a known order is working; also for sealed orders (always final), so commands and
    // sweeps can ask about any id without reaching a sealed record.
    bool working(OrderId id) const {
        return !orders_.sealed(id - 1) && is_working(rec(id).o.status);
    }
    void link(OrderRecord& r, OrderId OrderSnapshot::*field, OrderId to);
    // Inline: every public call starts with it.
    void check_idle() const {
        if (busy_) [[unlikely]]
            reentered();
    }
    [[noreturn]] static void reentered();
    void transition(OrderRecord& r, OrderTransition input);
    void finish(OrderRecord& r);
    void reslot(OrderRecord& r);
    void schedule(Timestamp at, TimerKind kind, OrderId id);
    void sweep_working() const;

    // engine_commands.cpp: orders in
    OrderId create(OrderRequest request, Role role, OrderId parent, RejectReason forced);
    RejectReason check_buying_power(const OrderRecord& r) const;
    void admit(OrderRecord& r);
    void accept(OrderRecord& r, Timestamp latency);
    void reject(OrderRecord& r, RejectReason reason, std::string text);
    void cancel_now(OrderRecord& r, CancelReason reason, OrderId cause);
    void expire(OrderRecord& r, ExpireReason reason);
    void end_contingencies(OrderRecord& r);
    void reject_command(CommandKind command, OrderId id, OrderId other, RejectReason reason);
    bool send_cancel(OrderRecord& r);

    // engine_market.cpp: market events
    // Inline: the common case is one test per condition; a refusal is reported out of line.
    bool admit_market_data(SymbolId symbol, Timestamp ts, std::string_view problem) {
        if (problem.empty() && (symbol == kNoSymbol || symbol < symbols_.size()) && ts != kNoTime &&
            ts >= clock_) [[likely]] {
            return true;
        }
        refuse_market_data(symbol, ts, problem);
        return false;
    }
    void refuse_market_data(SymbolId symbol, Timestamp ts, std::string_view problem);
    // The checks most events stop at are inline: no timer due, no order on the symbol's book.
    void run_timers(Timestamp now) {
        if (!timers_.empty() && timers_.top().at <= now) fire_timers(now);
    }
    void fire_timers(Timestamp now);
    // Applies eval_ until nothing is left (true) or a fill waits for proceeds (false; eval_ keeps
    // where it stopped).
    bool evaluate(EventContext& ctx);
    void plan_round(EventContext& ctx);
    void collect_candidates(EventContext& ctx) {
        eval_.round.clear();
        const SymbolState& s = symbols_[ctx.symbol];
        if (!s.book.empty() || !s.first_eval.empty()) collect_from_book(ctx);
    }
    void collect_from_book(EventContext& ctx);
    bool eligible(const OrderRecord& r, const EventContext& ctx) const;
    Match match(const OrderRecord& r, const EventContext& ctx, PathPos from) const;
    // IOC/FOK expiry and trail reports of eval_, the mark, PositionChanged; then the margin check.
    void finish_event(EventContext& ctx);
    void close_evaluation(EventContext& ctx);

    // engine_waiting.cpp: buying power counting positions that working orders are closing.
    // An order on the other side of its symbol's position.
    bool reduces_position(const OrderSnapshot& o) const;
    // The commission an order's fill of qty at price would cost.
    Fixed estimated_commission(const OrderRecord& r, Fixed qty, Fixed price) const;
    // What working market orders reducing other symbols' positions free (submission check).
    Reductions pending_reductions(SymbolId except) const;
    // Whether a fill on ctx the account cannot pay may wait for the proceeds of orders reducing
    // other symbols' positions that their events at the same time, still to come, may fill.
    bool awaits_proceeds(const EventContext& ctx) const;
    void suspend(EventContext& ctx);
    // Resumes waiting evaluations in the order they stopped. Those of an earlier time than `ts`
    // or of `symbol` may wait no longer; with `only_final`, only those are resumed.
    void resume_waiting(SymbolId symbol, Timestamp ts, bool only_final);
    void hold_named(Waiting& w);

    // engine_trial.cpp: answering the path model (PathOutcomes) on a scratch copy
    class BarOutcomes;
    // Whether the bar of ctx trades its high first, as the path model decides; `predicted` gets
    // the equity at the close the model was told for that path, if it asked.
    bool choose_high_first(const EventContext& ctx, const Bar& bar,
                           std::optional<Fixed>& predicted);
    bool path_order_matters() const;
    Fixed equity_at_close(const EventContext& ctx, const Bar& bar, bool high_first);
    std::vector<OrderId> orders_within_reach() const;

    // engine_fills.cpp: applying matches
    void apply(EventContext& ctx, const Candidate& c, const Match& m);
    void trigger(OrderRecord& r, const Match& m, const EventContext& ctx);
    void fill(OrderRecord& r, const Match& m, EventContext& ctx);
    // The steps of fill(), inline: defined and called in engine_fills.cpp alone, on the path of
    // every fill.
    struct FillTerms;
    inline Fixed fill_price(const OrderSnapshot& o, const Match& m, const EventContext& ctx,
                            Fixed qty, const InstrumentSpec& spec) const;
    inline Fixed fill_commission(const OrderRecord& r, const FillTerms& t) const;
    inline void refuse_fill(OrderRecord& r, EventContext& ctx, const FillTerms& t);
    inline void report_fill(const OrderRecord& r, const Match& m, const EventContext& ctx,
                            const FillTerms& t, const FillEffect& effect);
    inline void report_fill_status(OrderRecord& r, const EventContext& ctx,
                                   const InstrumentSpec& spec);
    inline void set_off_contingencies(OrderRecord& r, Fixed qty, PathPos pos);
    void reduce_sibling(OrderId sibling, Fixed qty, OrderId cause);
    void grow_exits(OrderRecord& entry, Fixed qty, PathPos pos);
    void check_margin() {
        if (liquidations_working_ == 0 && portfolio_.below_maintenance()) margin_call();
    }
    void margin_call();

    EngineConfig config_;
    EventSink& sink_;
    Models models_;
    SplitMix64 rng_;
    // The per-symbol ATR is kept only for a slippage model of kind atr, its one reader: the
    // other models would pay its fixed-point update on every bar for nothing.
    bool track_atr_ = false;
    InstrumentRegistry instruments_;
    Portfolio portfolio_;
    OrderStore orders_;
    std::vector<SymbolState> symbols_;
    // Ids of working orders in id order, plus finished ones not yet swept out (compacted when
    // they outnumber the working ones); working_count_ is exact.
    mutable std::vector<OrderId> working_;
    std::size_t working_count_ = 0;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;

    Timestamp clock_ = kNoTime;
    std::uint64_t event_seq_ = 0;
    std::uint64_t timer_seq_ = 0;
    std::uint64_t fill_seq_ = 0;
    std::uint64_t ambiguous_count_ = 0;
    std::size_t liquidations_working_ = 0;
    bool busy_ = false;
    // Evaluating a bar on a scratch copy for the path model: no events, no book or bookkeeping
    // changes (records and the portfolio are put back afterwards).
    bool trial_ = false;

    // The evaluation of the current market event, kept to avoid reallocating per event.
    Evaluation eval_;
    std::vector<OrderId> collected_;
    std::vector<std::uint8_t> paired_;  // plan_round's scratch
    std::vector<Waiting> waiting_;      // evaluations whose fill waits for proceeds, oldest first
};

}  // namespace dsl::engine
