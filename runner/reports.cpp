// Run outputs: CSV files, the text and JSON summaries (see reports.h).
#include "runner/reports.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace dsl::runner {
namespace {

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = unsigned(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = int64_t(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

std::string fixed_text(engine::Fixed v) {
    return v.to_string();
}

std::string ratio(double v, int digits) {
    return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "n/a";
}

// "completed", "stopped: <why>" after an error, "interrupted: <signal and where>".
std::string status_text(const Summary& s) {
    switch (s.status) {
        case trace::RunStatus::completed:
            return "completed";
        case trace::RunStatus::interrupted:
            return "interrupted: " + s.error;
        default:
            return "stopped: " + s.error;
    }
}

}  // namespace

std::string format_time(engine::Timestamp ts) {
    if (ts == engine::kNoTime) return "-";
    int64_t day = ts / engine::kNanosPerDay;
    int64_t rest = ts % engine::kNanosPerDay;
    if (rest < 0) {
        rest += engine::kNanosPerDay;
        --day;
    }
    int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    std::string date = fmt::format("{:04}-{:02}-{:02}", y, m, d);
    if (rest == 0) return date;
    int64_t secs = rest / engine::kNanosPerSecond, nanos = rest % engine::kNanosPerSecond;
    std::string out =
        fmt::format("{}T{:02}:{:02}:{:02}", date, secs / 3600, secs / 60 % 60, secs % 60);
    if (nanos) {
        std::string frac = fmt::format("{:09}", nanos);
        while (frac.back() == '0')
            frac.pop_back();
        out += "." + frac;
    }
    return out + "Z";
}

void write_fills_csv(std::ostream& out, const std::vector<FillRow>& fills,
                     const std::vector<std::string>& symbols) {
    out << "time,fill_id,order_id,symbol,side,qty,price,commission,position,avg_price,realized_"
           "pnl\n";
    for (const auto& f : fills) {
        out << fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", format_time(f.ts), f.fill_id,
                           f.order, f.symbol < symbols.size() ? symbols[f.symbol] : "?",
                           engine::to_string(f.side), fixed_text(f.qty), fixed_text(f.price),
                           fixed_text(f.commission), fixed_text(f.position_after),
                           fixed_text(f.avg_price_after), fixed_text(f.realized_pnl));
    }
}

void write_trades_csv(std::ostream& out, const std::vector<Trade>& trades,
                      const std::vector<std::string>& symbols) {
    out << "symbol,direction,entry_time,exit_time,bars,qty,avg_entry,avg_exit,gross_pnl,commission,"
           "net_pnl,open\n";
    for (const auto& t : trades) {
        out << fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{},{}\n",
            t.symbol < symbols.size() ? symbols[t.symbol] : "?", t.direction > 0 ? "long" : "short",
            format_time(t.entry_ts), t.open ? "" : format_time(t.exit_ts), t.bars,
            fixed_text(t.max_qty), fixed_text(t.avg_entry()),
            t.exit_qty.is_zero() ? "" : fixed_text(t.avg_exit()), fixed_text(t.gross_pnl),
            fixed_text(t.commission), fixed_text(t.net_pnl()), t.open ? "yes" : "no");
    }
}

namespace {

// "62 (19 won, 36 lost, 7 even)": the parts add up to the total; "even" only when there are.
std::string trades_text(const Summary& s) {
    std::string out = fmt::format("{} ({} won, {} lost", s.trades, s.wins, s.losses);
    if (s.break_even) out += fmt::format(", {} even", s.break_even);
    return out + ")";
}

}  // namespace

std::string summary_text(const Summary& s) {
    std::vector<std::pair<std::string, std::string>> rows = {
        {"starting cash", fixed_text(s.starting_cash)},
        {"final equity", fixed_text(s.final_equity)},
        {"net profit", fmt::format("{} ({}%)", fixed_text(s.net_profit), ratio(s.return_pct, 2))},
        {"realized P&L", fixed_text(s.realized_pnl)},
        {"unrealized P&L", fixed_text(s.unrealized_pnl)},
        {"commissions", fixed_text(s.commission)},
        {"max drawdown",
         fmt::format("{} ({}%)", fixed_text(s.max_drawdown), ratio(s.max_drawdown_pct, 2))},
        {"trades", trades_text(s)},
        {"win rate", ratio(s.win_rate, 2) + "%"},
        {"profit factor", s.profit_factor ? ratio(*s.profit_factor, 3) : "n/a (no losing trade)"},
        {"Sharpe ratio", ratio(s.sharpe, 3)},
        {"exposure", ratio(s.exposure, 2) + "%"},
        {"fills", fmt::format("{}", s.fills)},
        {"market events", fmt::format("{}", s.events)},
        {"ambiguous bars", fmt::format("{}", s.ambiguous_bars)},
        {"gas used", fmt::format("{}", s.gas_used)},
        {"status", status_text(s)},
    };
    std::string out;
    for (const auto& [label, value] : rows)
        out += fmt::format("{:<16}{}\n", label, value);
    return out;
}

std::string summary_json(const Summary& s) {
    // Money as exact decimal strings: JSON numbers would pass through doubles in most readers.
    nlohmann::ordered_json j;
    j["starting_cash"] = fixed_text(s.starting_cash);
    j["final_equity"] = fixed_text(s.final_equity);
    j["final_cash"] = fixed_text(s.final_cash);
    j["net_profit"] = fixed_text(s.net_profit);
    j["return_pct"] = s.return_pct;
    j["realized_pnl"] = fixed_text(s.realized_pnl);
    j["unrealized_pnl"] = fixed_text(s.unrealized_pnl);
    j["commission"] = fixed_text(s.commission);
    j["max_drawdown"] = fixed_text(s.max_drawdown);
    j["max_drawdown_pct"] = s.max_drawdown_pct;
    j["trades"] = s.trades;
    j["wins"] = s.wins;
    j["losses"] = s.losses;
    j["break_even"] = s.break_even;
    j["win_rate_pct"] = s.win_rate;
    j["profit_factor"] = s.profit_factor ? nlohmann::ordered_json(*s.profit_factor)
                                         : nlohmann::ordered_json(nullptr);
    j["sharpe"] = s.sharpe;
    j["exposure_pct"] = s.exposure;
    j["fills"] = s.fills;
    j["market_events"] = s.events;
    j["ambiguous_bars"] = s.ambiguous_bars;
    j["gas_used"] = s.gas_used;
    j["completed"] = s.completed();
    j["status"] = trace::to_string(s.status);
    if (!s.completed()) j["error"] = s.error;
    return j.dump(2) + "\n";
}

}  // namespace dsl::runner
