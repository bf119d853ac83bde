// Market input: the bars and ticks the engine is fed, one at a time, in time order.
//
// A valid bar has low <= min(open, close) and max(open, close) <= high, all prices > 0 and
// volume >= 0. A valid tick has price > 0, size >= 0 and, when given, 0 < bid <= ask. Timestamps
// never go backwards across all symbols (equal timestamps are allowed). The engine refuses other
// input with a MarketDataRejected event and leaves its state untouched.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::engine {

struct Bar {
    SymbolId symbol = kNoSymbol;
    Timestamp ts = kNoTime;  // the bar's label (e.g. the session date at 00:00 UTC for daily bars)
    Fixed open;
    Fixed high;
    Fixed low;
    Fixed close;
    Fixed volume;
};

struct Tick {
    SymbolId symbol = kNoSymbol;
    Timestamp ts = kNoTime;
    Fixed price;  // last trade
    Fixed size;   // traded quantity (the tick_size liquidity model caps fills by it)
    std::optional<Fixed> bid;
    std::optional<Fixed> ask;
};

// "" when valid, else why not (a literal: the check runs on every market event).
// Whether bar values pass every check of check_bar, in one pass: low > 0 with low <= open,
// close <= high makes every price positive and none NaN (NaN orders below every number). The
// CSV reader's fast path asks the same of each row.
constexpr bool valid_bar_values(Fixed open, Fixed high, Fixed low, Fixed close, Fixed volume) {
    return low.is_positive() && low <= open && low <= close && open <= high && close <= high &&
           !volume.is_negative() && !volume.is_nan();
}
std::string_view bar_problem(const Bar& bar);
inline std::string_view check_bar(const Bar& b) {
    // Inline for the valid bar of every market event; bar_problem says what is wrong with any
    // other.
    if (valid_bar_values(b.open, b.high, b.low, b.close, b.volume)) return {};
    return bar_problem(b);
}
std::string_view check_tick(const Tick& tick);

}  // namespace dsl::engine
