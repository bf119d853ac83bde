// Reader::Impl, shared by the reader's two source files: reader.cpp (lines, the header, market
// data, strategy output, the end) and reader_engine_events.cpp (the engine's records: orders
// through the lifecycle reducer, fills, positions, notices). Private to the reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/escape.h"
#include "trace/reader.h"
#include "trace/record_fields.h"

namespace dsl::trace {

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
    using Obj = detail::Obj;

    std::size_t process(std::string_view line);
    void report(std::uint64_t line, std::string message);
    void decode(RecordKind kind, Obj& r);
    Order& order_ref(OrderId id, std::string_view record);
    SymbolData& symbol_ref(SymbolId id, std::string_view record);

    // reader.cpp
    void header(Obj& r);
    void bar(Obj& r);
    void tick(Obj& r);
    void clock(Obj& r);
    void snapshot(Obj& r);
    void end(Obj& r);
    void call(Obj& r);
    void log(Obj& r);
    void error(Obj& r);

    // reader_engine_events.cpp: one function per engine record
    void engine_event(RecordKind kind, Obj& r);
    void order_submitted(Timestamp ts, Obj& r);
    void order_accepted(Timestamp ts, Obj& r);
    void order_rejected(Timestamp ts, Obj& r);
    void order_triggered(Timestamp ts, Obj& r);
    void order_modified(Timestamp ts, Obj& r);
    void order_filled(RecordKind kind, Timestamp ts, Obj& r);
    void order_canceled(Timestamp ts, Obj& r);
    void order_expired(Timestamp ts, Obj& r);
    void cancel_requested(Timestamp ts, Obj& r);
    void command_rejected(Timestamp ts, Obj& r);
    void link(RecordKind kind, Timestamp ts, Obj& r);
    void fill(Timestamp ts, Obj& r);
    void position_changed(Timestamp ts, Obj& r);
    void margin_call(Timestamp ts, Obj& r);
    void forced_liquidation(Obj& r);
    void ambiguous_bar(Timestamp ts, Obj& r);
    void market_data_rejected(Timestamp ts, Obj& r);
    // Applies an order change through the reducer and records it with every order it names.
    template <class C>
    void order_change(const C& change, std::string_view record);
    void link_legacy_bracket(const Order& exit, Timestamp ts);
    bool version_at_least(int minor) const { return trace_.header->version_minor >= minor; }

    // Where the reducer finds the trace's orders and positions (lifecycle/reduce.h).
    struct Store {
        Impl& impl;
        OrderState* find_order(OrderId id) { return impl.trace_.order(id); }
        OrderState* add_order(const lifecycle::Submitted<Decimal>& c);
        PositionState* find_position(SymbolId s) {
            return s < impl.trace_.symbols.size() ? &impl.trace_.symbols[s].position : nullptr;
        }
    };
    Store store_{*this};

    detail::JsonLine json_;
    bool skip_unknown_ = false;  // a newer minor version: unknown record types are skipped
    OrderId last_order_id_ = 0;
    // 1.0 traces carry no bracket_linked: a bracket's first exit waits here for the second.
    OrderId legacy_first_exit_ = 0;
    // Positions of snapshots that list them: the symbols open at the last one, the number of
    // the last snapshot that listed each symbol, and scratch space for one record (all reused,
    // so a snapshot costs what it lists, not the number of symbols).
    std::vector<SymbolId> open_symbols_;
    std::vector<std::uint64_t> listed_in_;
    std::uint64_t snapshots_ = 0;
    std::vector<std::pair<SymbolId, PositionPoint>> listed_;
    std::uint64_t last_market_record_ = 0;  // trace_.records right after the last bar/tick
};

}  // namespace dsl::trace
