// Row order matches what a user scans for: the newest order first (what was just placed), fills
// and logs oldest first (read as a story, newest at the bottom where the list scrolls to).
#include "viewer/panel_rows.h"

#include <fmt/format.h>

#include "viewer/time_text.h"

namespace dsl::viewer {

std::string symbol_name(const trace::Trace& t, trace::SymbolId s) {
    return s < t.symbols.size() ? t.symbols[s].name : fmt::format("#{}", s);
}

OrderRows::OrderRows(const trace::Trace& trace, const StateAt& state, bool working_only,
                     const RowFilter& pass)
    : trace_(trace),
      state_(state),
      working_only_(working_only),
      count_(working_only ? state.working.size() : state.submitted),
      filtered_(static_cast<bool>(pass)) {
    if (!filtered_) return;
    for (std::size_t i = 0; i < count_; ++i) {
        if (pass(order_row_text(trace_, unfiltered(i)))) matching_.push_back(i);
    }
}

OrderAt OrderRows::unfiltered(std::size_t row) const {
    if (working_only_) return state_.working[row];
    return order_at(trace_.orders[state_.submitted - 1 - row], state_.seq);
}

OrderAt OrderRows::operator[](std::size_t row) const {
    return unfiltered(filtered_ ? matching_[row] : row);
}

std::string order_row_text(const trace::Trace& t, const OrderAt& a) {
    const trace::Order& o = *a.order;
    return fmt::format("#{} {} {} {} {} {} {}", o.id, symbol_name(t, o.symbol), side_text(o.side),
                       type_text(o.type), trace::to_string(a.status), o.tag, o.reason);
}

std::vector<std::size_t> fill_rows(const trace::Trace& t, const StateAt& st,
                                   const RowFilter& pass) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < st.fills; ++i) {
        const trace::FillRecord& f = t.fills[i];
        if (pass && !pass(fmt::format("{} #{} {} {} {}", format_time(f.ts), f.order_id,
                                      symbol_name(t, f.symbol), side_text(f.side),
                                      trace::to_string(f.leg))))
            continue;
        rows.push_back(i);
    }
    return rows;
}

std::vector<std::size_t> log_rows(const trace::Trace& t, const StateAt& st, const RowFilter& pass) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < st.logs; ++i) {
        if (!pass || pass(t.logs[i].text) || pass(t.logs[i].handler)) rows.push_back(i);
    }
    return rows;
}

}  // namespace dsl::viewer
