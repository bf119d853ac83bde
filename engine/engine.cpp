// Engine plumbing: construction, instruments, queries, status transitions and book placement.
// Commands live in engine_commands.cpp, market events in engine_market.cpp and the application of
// fills and contingencies in engine_fills.cpp.
#include "engine/engine.h"

#include <stdexcept>

namespace dsl::engine {

namespace {

EngineConfig checked(EngineConfig config) {
    if (std::string problem = validate_config(config); !problem.empty()) {
        throw std::invalid_argument("engine config: " + problem);
    }
    return config;
}

}  // namespace

Engine::Engine(EngineConfig config, EventSink& sink) : Engine(std::move(config), sink, Models{}) {}

Engine::Engine(EngineConfig config, EventSink& sink, Models models)
    : config_(checked(std::move(config))),
      sink_(sink),
      models_(std::move(models)),
      rng_(config_.seed),
      portfolio_(config_.starting_cash, config_.account) {
    complete_models(models_, config_);
    track_atr_ = models_.slippage->kind() == SlippageKind::atr;
}

SymbolId Engine::add_instrument(InstrumentSpec spec) {
    check_idle();
    Fixed initial = spec.initial_margin_rate.value_or(config_.account.initial_margin_rate);
    Fixed maintenance =
        spec.maintenance_margin_rate.value_or(config_.account.maintenance_margin_rate);
    if (maintenance > initial) maintenance = initial;
    Fixed multiplier = spec.multiplier;
    SymbolId id = instruments_.add(std::move(spec));
    portfolio_.add_symbol(multiplier, initial, maintenance);
    symbols_.emplace_back();
    symbols_.back().atr = WilderAtr(config_.slippage.atr_period);
    return id;
}

std::optional<SymbolId> Engine::find_symbol(const std::string& name) const {
    return instruments_.find(name);
}

// --- Queries ---

std::optional<OrderSnapshot> Engine::order(OrderId id) const {
    if (!known(id)) return std::nullopt;
    return orders_.snapshot(id - 1);
}

std::size_t Engine::working_order_count(SymbolId symbol) const {
    return symbol < symbols_.size() ? symbols_[symbol].working : 0;
}

std::vector<OrderId> Engine::working_orders(std::optional<SymbolId> symbol) const {
    sweep_working();
    std::vector<OrderId> out;
    for (OrderId id : working_) {
        if (!symbol || rec(id).o.symbol == *symbol) out.push_back(id);
    }
    return out;
}

void Engine::sweep_working() const {
    std::erase_if(working_, [&](OrderId id) { return !working(id); });
}

std::optional<Fixed> Engine::last_price(SymbolId symbol) const {
    if (symbol >= symbols_.size() || !symbols_[symbol].has_price) return std::nullopt;
    return symbols_[symbol].last_price;
}

Fixed Engine::atr(SymbolId symbol) const {
    return symbol < symbols_.size() ? symbols_[symbol].atr.value() : Fixed();
}

void Engine::set_atr(SymbolId symbol, std::optional<Fixed> value) {
    if (symbol < symbols_.size()) symbols_[symbol].atr.override(value);
}

void Engine::emit_snapshot() {
    BusyGuard guard(*this);
    emit(portfolio_.snapshot(clock_));
}

// --- Plumbing ---

void Engine::reentered() {
    throw std::logic_error("engine called from inside an event sink (not re-entrant)");
}

void Engine::transition(OrderRecord& r, OrderTransition input) {
    r.o.status = next_status(r.o.status, input);
    r.o.updated_ts = clock_;
    if (is_final(r.o.status)) finish(r);
}

// Bookkeeping when an order reaches a final status. It no longer holds its chunk, nor those of
// the orders it is linked to (see OrderStore).
void Engine::finish(OrderRecord& r) {
    if (trial_) return;  // the record is put back: nothing outside it may change
    reslot(r);
    if (r.o.symbol < symbols_.size()) {
        --working_count_;
        --symbols_[r.o.symbol].working;
        if (working_.size() > 2 * working_count_ + 64) sweep_working();
    }
    if (r.liquidation) --liquidations_working_;
    orders_.release(r.o.id - 1);
    for (OrderId to : {r.o.parent, r.o.take_profit, r.o.stop_loss, r.o.oco}) {
        if (to != kNoOrder) orders_.release(to - 1);
    }
}

// Sets a contingency link. While r works, it holds the chunk of the order it links to: finish()
// releases every link the order has when it ends, and links are only set on working orders or
// on orders that already ended (a rejected bracket), which hold nothing.
void Engine::link(OrderRecord& r, OrderId OrderSnapshot::*field, OrderId to) {
    r.o.*field = to;
    if (to != kNoOrder && is_working(r.o.status)) orders_.hold(to - 1);
}

namespace {

struct SlotChoice {
    BookSlot slot = BookSlot::none;
    Fixed price;
};

SlotChoice slot_for(const OrderRecord& r) {
    const OrderSnapshot& o = r.o;
    if (!is_working(o.status) || o.status == OrderStatus::pending) return {};
    bool buy = o.side == Side::buy;
    switch (o.type) {
        case OrderType::market:
            return {BookSlot::market, Fixed()};
        case OrderType::limit:
            return {buy ? BookSlot::buy_limit : BookSlot::sell_limit, o.limit_price};
        case OrderType::stop:
            if (o.triggered) return {BookSlot::market, Fixed()};
            return {buy ? BookSlot::buy_stop : BookSlot::sell_stop, o.stop_price};
        case OrderType::stop_limit:
            if (o.triggered) {
                return {buy ? BookSlot::buy_limit : BookSlot::sell_limit, o.limit_price};
            }
            return {buy ? BookSlot::buy_stop : BookSlot::sell_stop, o.stop_price};
        case OrderType::trailing_stop:
            return {o.triggered ? BookSlot::market : BookSlot::trailing, Fixed()};
    }
    return {};
}

}  // namespace

// Puts the order where its current state says it belongs in its symbol's book.
void Engine::reslot(OrderRecord& r) {
    if (trial_) return;  // the record is put back, slot included: the book stays as it is
    SlotChoice want = slot_for(r);
    if (want.slot == r.slot && want.price == r.book_price) return;
    SymbolBook& book = symbols_[r.o.symbol].book;
    book.erase(r.slot, r.book_price, r.o.id);
    book.insert(want.slot, want.price, r.o.id);
    r.slot = want.slot;
    r.book_price = want.price;
}

// A queued timer holds its order's chunk until it fires (run_timers releases it).
void Engine::schedule(Timestamp at, TimerKind kind, OrderId id) {
    orders_.hold(id - 1);
    timers_.push(Timer{at, ++timer_seq_, kind, id});
}

}  // namespace dsl::engine
