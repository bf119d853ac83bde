// A compact index of the trace's orders for the questions every frame asks: which orders were
// working at a seq, and which could show in a range of seqs. 24 bytes per order, scanned in
// submission order, instead of the model's full Order records (a few hundred bytes each, with
// their update histories): on a run with tens of thousands of orders the scans stay in cache.
//
// The trace only grows, but an order working at one sync may be finished at the next (follow
// mode): sync() re-checks the orders it last saw working.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "trace/model.h"

namespace dsl::viewer {

inline constexpr std::uint64_t kStillWorking = std::numeric_limits<std::uint64_t>::max();

struct OrderSpan {
    std::uint64_t submitted = 0;             // the order's submitted_seq
    std::uint64_t finished = kStillWorking;  // its finished_seq; kStillWorking while working
    std::uint32_t index = 0;                 // into Trace::orders
    trace::SymbolId symbol = trace::kNoSymbol;
    bool market = false;
};

class OrderIndex {
  public:
    void sync(const trace::Trace& trace);

    // Every order, in submission order.
    const std::vector<OrderSpan>& all() const { return spans_; }
    // Positions in all() of one symbol's orders, in submission order.
    const std::vector<std::uint32_t>& of_symbol(trace::SymbolId symbol) const;

  private:
    std::vector<OrderSpan> spans_;
    std::vector<std::vector<std::uint32_t>> by_symbol_;
    std::vector<std::uint32_t> open_;  // positions in spans_ still working at the last sync
};

}  // namespace dsl::viewer
