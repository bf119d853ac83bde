// What a run writes for people and their tools: the fills and trades as CSV, the summary
// as text or JSON, and timestamps in ISO 8601. Formats are described in docs/engine.md
// ("Run outputs"); they are stable so that runs can be compared with other engines.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "runner/summary.h"

namespace dsl::runner {

// "2014-01-02" for a time at midnight UTC (daily bars), else "2014-01-02T14:30:05Z", with a
// fraction of a second only when there is one ("...T14:30:05.25Z").
std::string format_time(engine::Timestamp ts);

// time,fill_id,order_id,symbol,side,qty,price,commission,position,avg_price,realized_pnl
void write_fills_csv(std::ostream& out, const std::vector<FillRow>& fills,
                     const std::vector<std::string>& symbols);
// symbol,direction,entry_time,exit_time,bars,qty,avg_entry,avg_exit,gross_pnl,commission,net_pnl,open
void write_trades_csv(std::ostream& out, const std::vector<Trade>& trades,
                      const std::vector<std::string>& symbols);
// The summary as aligned "label  value" lines.
std::string summary_text(const Summary& s);
// The summary as one JSON object.
std::string summary_json(const Summary& s);

}  // namespace dsl::runner
