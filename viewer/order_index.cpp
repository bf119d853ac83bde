// Appending and re-checking; positions in spans_ equal indices into Trace::orders.
#include "viewer/order_index.h"

namespace dsl::viewer {

void OrderIndex::sync(const trace::Trace& trace) {
    // Orders finished since the last sync.
    std::vector<std::uint32_t> still;
    for (std::uint32_t i : open_) {
        const trace::Order& o = trace.orders[i];
        if (o.working())
            still.push_back(i);
        else
            spans_[i].finished = o.finished_seq;
    }
    open_ = std::move(still);
    for (auto i = static_cast<std::uint32_t>(spans_.size()); i < trace.orders.size(); ++i) {
        const trace::Order& o = trace.orders[i];
        OrderSpan s;
        s.submitted = o.submitted_seq;
        s.index = i;
        s.symbol = o.symbol;
        s.market = o.type == trace::OrderType::market;
        if (o.working())
            open_.push_back(i);
        else
            s.finished = o.finished_seq;
        spans_.push_back(s);
        if (o.symbol < trace.symbols.size()) {
            if (by_symbol_.size() <= o.symbol) by_symbol_.resize(o.symbol + 1);
            by_symbol_[o.symbol].push_back(i);
        }
    }
}

const std::vector<std::uint32_t>& OrderIndex::of_symbol(trace::SymbolId symbol) const {
    static const std::vector<std::uint32_t> kNone;
    return symbol < by_symbol_.size() ? by_symbol_[symbol] : kNone;
}

}  // namespace dsl::viewer
