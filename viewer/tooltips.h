// What the chart's tooltips say: why a fill got its price (its provenance from the trace), what
// an ambiguous-bar mark means, and an order line's order. Text only, in the library, so that a
// test reads exactly the lines the program shows; the renderer prints them one per row, an
// empty line as a separator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/model.h"

namespace dsl::viewer {

// Fill `fill` (index into Trace::fills): what, when, and why this price - path leg, trigger
// price, gap rule, base price, slippage, latency, commission, liquidity cap, OCO siblings -
// then the position after it. `entry`: it opened or added to the position.
std::vector<std::string> fill_tooltip(const trace::Trace& trace, std::uint32_t fill, bool entry);

// Ambiguous bar `index` (into Trace::ambiguous_bars): the two orders that could both fill on
// the bar and which one the intrabar path model filled first.
std::vector<std::string> ambiguous_tooltip(const trace::Trace& trace, std::uint32_t index);

// Order `id` as of market event `seq`, under its line labelled `label`.
std::vector<std::string> order_tooltip(const trace::Trace& trace, trace::OrderId id,
                                       const std::string& label, std::uint64_t seq);

}  // namespace dsl::viewer
