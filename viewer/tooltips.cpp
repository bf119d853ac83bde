// Prices and quantities are the trace's exact decimals (price_text, qty_text), never doubles:
// the tooltip is where a user checks a fill to the last digit.
#include "viewer/tooltips.h"

#include <fmt/format.h>

#include "viewer/state.h"
#include "viewer/time_text.h"

namespace dsl::viewer {

std::vector<std::string> fill_tooltip(const trace::Trace& t, std::uint32_t fill, bool entry) {
    const trace::FillRecord& r = t.fills[fill];
    std::vector<std::string> out;
    out.push_back(fmt::format("Fill #{}: {} {} @ {}  ({})", r.fill_id, side_text(r.side),
                              qty_text(r.qty), price_text(r.price), entry ? "entry" : "exit"));
    if (const trace::Order* o = t.order(r.order_id)) {
        out.push_back(fmt::format("order #{} {} {}{}{}", o->id, type_text(o->type),
                                  qty_text(o->initial_qty), o->tag.empty() ? "" : "  tag ",
                                  o->tag));
    }
    out.push_back(fmt::format("time {}  (event {})", format_time(r.ts), r.seq));
    out.push_back("");
    out.push_back("Why this price:");
    out.push_back(fmt::format("path leg       {}", trace::to_string(r.leg)));
    out.push_back(fmt::format("trigger price  {}",
                              r.trigger_price.is_zero() ? "-" : price_text(r.trigger_price)));
    out.push_back(fmt::format("gap rule       {}", trace::to_string(r.gap)));
    out.push_back(fmt::format("base price     {}", price_text(r.base_price)));
    out.push_back(fmt::format("slippage       {}", price_text(r.slippage)));
    out.push_back(fmt::format("latency        {:.3f} ms", static_cast<double>(r.latency_ns) / 1e6));
    out.push_back(fmt::format("commission     {}", money_text(r.commission)));
    if (r.liquidity_capped) out.push_back("liquidity      capped (partial fill)");
    if (r.oco_canceled != 0)
        out.push_back(fmt::format("OCO sibling    #{} canceled", r.oco_canceled));
    if (r.oco_reduced != 0) out.push_back(fmt::format("OCO sibling    #{} reduced", r.oco_reduced));
    out.push_back("");
    out.push_back(fmt::format("position after {} @ {}, realized {}", qty_text(r.position_after),
                              price_text(r.avg_price_after), money_text(r.realized_pnl)));
    return out;
}

std::vector<std::string> ambiguous_tooltip(const trace::Trace& t, std::uint32_t index) {
    const trace::AmbiguousBarRecord& r = t.ambiguous_bars[index];
    return {"Ambiguous bar",
            fmt::format("orders #{} and #{} could both fill on this bar;", r.first, r.second),
            fmt::format("the intrabar path ({}) filled #{} first.",
                        t.header ? t.header->config.path_model : "?", r.winner)};
}

std::vector<std::string> order_tooltip(const trace::Trace& t, trace::OrderId id,
                                       const std::string& label, std::uint64_t seq) {
    std::vector<std::string> out{label};
    const trace::Order* o = t.order(id);
    if (o == nullptr) return out;
    OrderAt at = order_at(*o, seq);
    out.push_back(
        fmt::format("status {}, filled {}", trace::to_string(at.status), qty_text(at.filled_qty)));
    out.push_back(
        fmt::format("placed {}, {}", format_time(o->created_ts), trace::to_string(o->tif)));
    if (o->oco != 0) out.push_back(fmt::format("OCO with #{}", o->oco));
    if (!o->tag.empty()) out.push_back(fmt::format("tag {}", o->tag));
    return out;
}

}  // namespace dsl::viewer
