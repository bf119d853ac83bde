// The rows of the strategy panel's lists as of the replay position, and the text a filter
// matches each row by. The program filters with Dear ImGui's text filter (comma-separated
// terms, "-term" excludes); here a filter is any predicate on the row's text, so that tests
// check which rows a filter keeps without a window.
//
// Without a filter the orders list is not materialised: a row is computed when it is drawn, so
// a run with a hundred thousand orders costs only the visible rows. A filter must read every
// row's text.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "trace/model.h"
#include "viewer/state.h"

namespace dsl::viewer {

// Whether a row's text passes; an empty function passes every row.
using RowFilter = std::function<bool(const std::string&)>;

// "ORCL", or "#3" for a symbol id the trace does not name.
std::string symbol_name(const trace::Trace& trace, trace::SymbolId symbol);

// Orders tab: the orders working at the state's position (working_only), else every order
// submitted by then, newest first.
class OrderRows {
  public:
    OrderRows(const trace::Trace& trace, const StateAt& state, bool working_only,
              const RowFilter& pass = {});
    std::size_t size() const { return filtered_ ? matching_.size() : count_; }
    OrderAt operator[](std::size_t row) const;

  private:
    OrderAt unfiltered(std::size_t row) const;

    const trace::Trace& trace_;
    const StateAt& state_;
    bool working_only_;
    std::size_t count_;
    bool filtered_;
    std::vector<std::size_t> matching_;  // unfiltered rows that pass, when filtered
};

// What the orders filter matches: "#12 ORCL BUY LMT open tag reason".
std::string order_row_text(const trace::Trace& trace, const OrderAt& order);

// Fills tab: indices into Trace::fills of the fills by then that pass, oldest first. Matched by
// "2003-05-01 #12 ORCL BUY open" (time, order, symbol, side, path leg).
std::vector<std::size_t> fill_rows(const trace::Trace& trace, const StateAt& state,
                                   const RowFilter& pass = {});

// Logs tab: indices into Trace::logs of the log lines by then whose text or handler passes.
std::vector<std::size_t> log_rows(const trace::Trace& trace, const StateAt& state,
                                  const RowFilter& pass = {});

}  // namespace dsl::viewer
