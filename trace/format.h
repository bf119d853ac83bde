// The trace format's identity and its list of record types, shared by the writer and the reader.
//
// A trace is JSON Lines: one self-contained JSON object per line, the record type in its first
// key "t". docs/trace.md is the reference for every record and field. This header includes
// nothing of the engine, because the reader (and through it the viewer) must not depend on it;
// the writer checks at compile time that DSL_TRACE_ENGINE_RECORDS names exactly the engine's
// events (engine/events.h), in the same order, so the two lists cannot drift apart.
//
// Versioning: "version" is "MAJOR.MINOR". A reader accepts every minor version of its major
// (newer minors may add record types, which it skips, and fields, which it ignores) and refuses
// a newer major. Version history:
//   1.0  first version.
//   1.1  what the order lifecycle needs from the records alone: order_accepted has stop_price,
//        fill has unrealized_pnl_after, and the new bracket_linked record links a bracket's
//        orders (a 1.0 reader skips it and ignores the fields; this reader reads 1.0 traces,
//        taking the links from the exits' submissions as 1.0 readers did).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dsl::trace {

inline constexpr std::string_view kFormatName = "dsl-trace";
inline constexpr int kVersionMajor = 1;
inline constexpr int kVersionMinor = 1;
inline constexpr std::string_view kVersionText = "1.1";

// The engine events, in the order of DSL_ENGINE_EVENTS, with the same names.
#define DSL_TRACE_ENGINE_RECORDS(X) \
    X(order_submitted)              \
    X(order_accepted)               \
    X(order_rejected)               \
    X(order_triggered)              \
    X(order_modified)               \
    X(order_partially_filled)       \
    X(order_filled)                 \
    X(order_canceled)               \
    X(order_expired)                \
    X(cancel_requested)             \
    X(command_rejected)             \
    X(oco_linked)                   \
    X(bracket_linked)               \
    X(fill)                         \
    X(position_changed)             \
    X(margin_call)                  \
    X(forced_liquidation)           \
    X(ambiguous_bar)                \
    X(market_data_rejected)         \
    X(portfolio_snapshot)

// The records that do not come from the engine.
#define DSL_TRACE_RUN_RECORDS(X)                                                    \
    X(header) /* first line: format, strategy, inputs, data, config, instruments */ \
    X(bar)    /* a market bar as fed to the engine */                               \
    X(tick)   /* a market tick as fed to the engine */                              \
    X(clock)  /* the clock moved without market data (live mode timers) */          \
    X(call)   /* a strategy handler ran */                                          \
    X(log)    /* a line the strategy logged */                                      \
    X(error)  /* the runtime error that stopped the strategy */                     \
    X(end)    /* last line: how the run ended and its summary */

#define DSL_TRACE_RECORD_MEMBER(name, ...) name,
enum class RecordKind : std::uint8_t {
    DSL_TRACE_ENGINE_RECORDS(DSL_TRACE_RECORD_MEMBER) DSL_TRACE_RUN_RECORDS(DSL_TRACE_RECORD_MEMBER)
};
#undef DSL_TRACE_RECORD_MEMBER

#define DSL_TRACE_RECORD_NAME(name, ...) std::string_view(#name),
inline constexpr std::array kRecordNames{DSL_TRACE_ENGINE_RECORDS(DSL_TRACE_RECORD_NAME)
                                             DSL_TRACE_RUN_RECORDS(DSL_TRACE_RECORD_NAME)};
#undef DSL_TRACE_RECORD_NAME

#define DSL_TRACE_COUNT_ONE(name, ...) +1
inline constexpr std::size_t kEngineRecordCount = 0 DSL_TRACE_ENGINE_RECORDS(DSL_TRACE_COUNT_ONE);
#undef DSL_TRACE_COUNT_ONE
inline constexpr std::size_t kRecordKindCount = kRecordNames.size();

constexpr std::string_view record_name(RecordKind kind) {
    return kRecordNames[static_cast<std::size_t>(kind)];
}

// True for the records that mirror an engine event (RecordKind values below kEngineRecordCount).
constexpr bool is_engine_record(RecordKind kind) {
    return static_cast<std::size_t>(kind) < kEngineRecordCount;
}

// The record kind of a name; nullopt for a name this version does not know.
constexpr std::optional<RecordKind> record_kind(std::string_view name) {
    for (std::size_t i = 0; i < kRecordNames.size(); ++i) {
        if (kRecordNames[i] == name) return static_cast<RecordKind>(i);
    }
    return std::nullopt;
}

}  // namespace dsl::trace
