// The strategy panel (PnL summary, then tabs: orders, positions, fills, logs, run) and the
// bytecode inspector tab, all as of the replay position and each filterable. Long lists go
// through ImGuiListClipper, so a run with a million fills costs only the visible rows.
#include <fmt/format.h>

#include <algorithm>

#include "viewer/app/app.h"
#include "viewer/panel_rows.h"
#include "viewer/state.h"
#include "viewer/time_text.h"

namespace dsl::viewer {

namespace {

constexpr ImGuiTableFlags kTable = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit |
                                   ImGuiTableFlags_Resizable;

void cell(const std::string& s) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.c_str());
}

void money_cell(trace::Decimal d) {
    ImGui::TableNextColumn();
    std::string s = money_text(d);
    if (d.is_negative())
        ImGui::TextColored(ImVec4(0.94f, 0.33f, 0.31f, 1), "%s", s.c_str());
    else
        ImGui::TextUnformatted(s.c_str());
}

void headers(std::initializer_list<const char*> names) {
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* n : names)
        ImGui::TableSetupColumn(n);
    ImGui::TableHeadersRow();
}

std::string order_price(const OrderAt& a) {
    if (!a.limit_price.is_zero() && !a.stop_price.is_zero())
        return price_text(a.stop_price) + " / " + price_text(a.limit_price);
    if (!a.limit_price.is_zero()) return price_text(a.limit_price);
    if (!a.stop_price.is_zero()) return price_text(a.stop_price);
    return "-";
}

// The panel's filter as a row filter: none while the filter box is empty.
RowFilter row_filter(const ImGuiTextFilter& filter) {
    if (!filter.IsActive()) return {};
    return [&filter](const std::string& text) { return filter.PassFilter(text.c_str()); };
}

// The inspector's heading: which file, whether the trace was recorded with it, where its
// source comes from.
void bytecode_heading(const BytecodeView& view, const trace::Trace& t) {
    ImGui::TextUnformatted(view.title.c_str());
    if (t.header && !t.header->bytecode_hash.empty()) {
        bool same = t.header->bytecode_hash == view.hash;
        ImGui::TextColored(same ? ImVec4(0.4f, 0.85f, 0.5f, 1) : ImVec4(1, 0.6f, 0.3f, 1), "%s",
                           same ? "the trace was recorded with this bytecode"
                                : "this bytecode is not the one the trace was recorded with");
    }
    ImGui::TextDisabled("source: %s", view.source_origin.c_str());
    if (!view.source_note.empty()) ImGui::TextWrapped("%s", view.source_note.c_str());
}

// A source block's instructions, one per line, each with its comment.
std::string block_code(const SourceBlock& b) {
    std::string code;
    for (const InstructionRow& row : b.code) {
        code += fmt::format("{:>4}  {}", row.pc, row.text);
        if (!row.comment.empty()) code += "  ; " + row.comment;
        code += "\n";
    }
    if (!code.empty()) code.pop_back();
    return code;
}

// A function's code beside its source, block by block; the filter keeps the blocks whose
// source or code it passes.
void disassembly_table(const BytecodeView& view, const FunctionView& f,
                       const ImGuiTextFilter& filter) {
    if (!ImGui::BeginTable("##disasm", 2, kTable & ~ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("source", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("bytecode", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableHeadersRow();
    for (const SourceBlock& b : f.blocks) {
        std::string src = b.line == 0 ? std::string("-")
                                      : fmt::format("{:>4} | {}", b.line, view.source_line(b.line));
        std::string code = block_code(b);
        if (filter.IsActive() && !filter.PassFilter(src.c_str()) &&
            !filter.PassFilter(code.c_str()))
            continue;
        ImGui::TableNextRow();
        cell(src);
        cell(code);
    }
    ImGui::EndTable();
}

void bytecode_tables(const BytecodeView& view) {
    auto list = [](const char* title, const std::vector<std::string>& items) {
        if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
        for (const std::string& s : items)
            ImGui::BulletText("%s", s.c_str());
    };
    list("Handlers", view.handlers);
    list("Inputs", view.inputs);
    list("Globals", view.globals);
    list("Constants", view.constants);
}

}  // namespace

void App::summary(const StateAt& st) {
    const trace::PortfolioPoint* p = st.portfolio;
    ImGui::Text("As of %s", format_time(model_.time()).c_str());
    if (ImGui::BeginTable("##summary", 4, ImGuiTableFlags_SizingStretchSame)) {
        auto pair = [](const char* name, const std::string& value) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", name);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value.c_str());
        };
        auto m = [&](trace::Decimal trace::PortfolioPoint::*field) {
            return p != nullptr ? money_text(p->*field) : std::string("-");
        };
        pair("Equity", m(&trace::PortfolioPoint::equity));
        pair("Cash", m(&trace::PortfolioPoint::cash));
        pair("Realized", m(&trace::PortfolioPoint::realized_pnl));
        pair("Unrealized", m(&trace::PortfolioPoint::unrealized_pnl));
        pair("Commission", m(&trace::PortfolioPoint::commission));
        pair("Buying pwr", m(&trace::PortfolioPoint::buying_power));
        std::size_t open =
            static_cast<std::size_t>(std::count_if(st.positions.begin(), st.positions.end(),
                                                   [](const PositionAt& q) { return q.open(); }));
        pair("Positions", std::to_string(open));
        pair("Working", std::to_string(st.working.size()));
        ImGui::EndTable();
    }
}

void App::orders_tab(const StateAt& st) {
    ImGui::Checkbox("working only", &working_only_);
    ImGui::SameLine();
    order_filter_.Draw("filter##orders", -60);
    const trace::Trace& t = model_.trace();
    OrderRows rows(t, st, working_only_, row_filter(order_filter_));
    if (!ImGui::BeginTable("##orders", 9, kTable)) return;
    headers({"id", "sym", "side", "type", "qty", "price", "status", "filled", "tag"});
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            OrderAt a = rows[static_cast<std::size_t>(i)];
            const trace::Order& o = *a.order;
            ImGui::TableNextRow();
            cell(fmt::format("#{}", o.id));
            cell(symbol_name(t, o.symbol));
            cell(side_text(o.side));
            cell(type_text(o.type));
            cell(qty_text(a.qty));
            cell(order_price(a));
            std::string status(trace::to_string(a.status));
            if (!a.working() && !o.reason.empty()) status += " (" + o.reason + ")";
            cell(status);
            cell(qty_text(a.filled_qty));
            cell(o.tag);
        }
    }
    ImGui::EndTable();
}

void App::positions_tab(const StateAt& st) {
    const trace::Trace& t = model_.trace();
    if (!ImGui::BeginTable("##positions", 7, kTable)) return;
    headers({"symbol", "qty", "avg price", "mark", "unrealized", "realized", "commission"});
    for (const PositionAt& p : st.positions) {
        ImGui::TableNextRow();
        cell(symbol_name(t, p.symbol));
        cell(qty_text(p.qty));
        cell(p.open() ? price_text(p.avg_price) : "-");
        cell(price_text(p.mark_price));
        money_cell(p.unrealized_pnl);
        money_cell(p.realized_pnl);
        money_cell(p.commission);
    }
    ImGui::EndTable();
}

void App::fills_tab(const StateAt& st) {
    fill_filter_.Draw("filter##fills", -60);
    const trace::Trace& t = model_.trace();
    std::vector<std::size_t> rows = fill_rows(t, st, row_filter(fill_filter_));
    if (!ImGui::BeginTable("##fills", 8, kTable)) return;
    headers({"time", "order", "sym", "side", "qty", "price", "leg", "slippage"});
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const trace::FillRecord& f = t.fills[rows[static_cast<std::size_t>(i)]];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string when = format_time(f.ts);
            // Selecting a fill moves the replay to it.
            if (ImGui::Selectable(fmt::format("{}##f{}", when, f.fill_id).c_str(), false,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                model_.replay().seek(position_at_seq(t, f.seq));
                if (f.symbol < t.symbols.size()) model_.select_symbol(f.symbol);
            }
            cell(fmt::format("#{}", f.order_id));
            cell(symbol_name(t, f.symbol));
            cell(side_text(f.side));
            cell(qty_text(f.qty));
            cell(price_text(f.price));
            cell(std::string(trace::to_string(f.leg)));
            cell(price_text(f.slippage));
        }
    }
    ImGui::EndTable();
}

void App::logs_tab(const StateAt& st) {
    log_filter_.Draw("filter##logs", -60);
    const trace::Trace& t = model_.trace();
    // Runtime errors first: they stop the strategy and are what the user must see.
    for (std::size_t i = 0; i < st.errors; ++i) {
        const trace::RuntimeErrorRecord& e = t.errors[i];
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s:%llu: %s in %s: %s", e.file.c_str(),
                           static_cast<unsigned long long>(e.line), e.kind.c_str(),
                           e.handler.c_str(), e.message.c_str());
    }
    std::size_t rejections = count_through(t.command_rejections, model_.seq());
    for (std::size_t i = 0; i < rejections; ++i) {
        const trace::CommandRejection& c = t.command_rejections[i];
        ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1), "%s %s #%llu rejected: %s",
                           format_time(c.ts).c_str(), c.command.c_str(),
                           static_cast<unsigned long long>(c.id), c.text.c_str());
    }
    std::vector<std::size_t> rows = log_rows(t, st, row_filter(log_filter_));
    if (!ImGui::BeginTable("##logs", 3, kTable)) return;
    headers({"time", "handler", "text"});
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const trace::LogRecord& l = t.logs[rows[static_cast<std::size_t>(i)]];
            ImGui::TableNextRow();
            cell(format_time(l.ts));
            cell(l.handler);
            cell(l.text);
        }
    }
    // Newest at the bottom, in view while the replay moves on.
    if (model_.replay().playing() || model_.replay().at_end()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
}

void App::run_tab() {
    const trace::Trace& t = model_.trace();
    if (!t.header) {
        ImGui::TextWrapped("No trace header: %s", model_.document().problem().c_str());
        return;
    }
    const trace::Header& h = *t.header;
    ImGui::Text("strategy  %s", h.strategy.c_str());
    ImGui::Text("mode      %s (%s, trace %d.%d)", h.mode.c_str(), h.producer.c_str(),
                h.version_major, h.version_minor);
    ImGui::Text("bytecode  %s", h.bytecode_hash.empty() ? "-" : h.bytecode_hash.c_str());
    for (const trace::Input& in : h.inputs)
        ImGui::Text("input     %s: %s = %s", in.name.c_str(), in.type.c_str(),
                    in.value_text.c_str());
    for (const trace::DataSource& d : h.data)
        ImGui::Text("data      %s (%s)", d.path.c_str(), d.kind.c_str());
    const trace::EngineSettings& c = h.config;
    ImGui::Text("engine    path %s, slippage %s %s, commission %s %s", c.path_model.c_str(),
                c.slippage_kind.c_str(), c.slippage_amount.to_string().c_str(),
                c.commission_kind.c_str(), c.commission_rate.to_string().c_str());
    ImGui::Text("account   %s, starting cash %s", c.account_kind.c_str(),
                money_text(c.starting_cash).c_str());
    ImGui::Separator();
    if (!t.end) {
        ImGui::TextWrapped("The run has not ended (no end record)%s.",
                           model_.document().following() ? ": following it" : "");
        return;
    }
    const trace::RunEnd& e = *t.end;
    ImGui::Text("status        %s %s", e.status.c_str(), e.message.c_str());
    ImGui::Text("net profit    %s (%.2f%%)", money_text(e.net_profit).c_str(), e.return_pct);
    ImGui::Text("final equity  %s", money_text(e.final_equity).c_str());
    ImGui::Text("max drawdown  %s (%.2f%%)", money_text(e.max_drawdown).c_str(),
                e.max_drawdown_pct);
    ImGui::Text("trades        %llu, win rate %.2f%%, profit factor %.3f",
                static_cast<unsigned long long>(e.trades), e.win_rate_pct, e.profit_factor);
    ImGui::Text("sharpe        %.3f, exposure %.2f%%", e.sharpe, e.exposure_pct);
    ImGui::Text("orders %llu, fills %llu, ambiguous bars %llu, margin calls %zu",
                static_cast<unsigned long long>(e.orders), static_cast<unsigned long long>(e.fills),
                static_cast<unsigned long long>(e.ambiguous_bars), t.margin_calls.size());
    ImGui::Text("gas used      %lld", static_cast<long long>(e.gas_used));
}

void App::bytecode_tab() {
    const auto& view = model_.bytecode();
    if (!view) {
        ImGui::TextWrapped(
            "No bytecode: start dslview with --bytecode STRATEGY.dslbc (and --source "
            "STRATEGY.strat) to inspect the strategy's handlers, functions, constants and "
            "disassembly beside its source.");
        return;
    }
    if (!view->ok()) {
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", view->error.c_str());
        return;
    }
    bytecode_heading(*view, model_.trace());
    if (!ImGui::BeginTabBar("##code")) return;
    if (ImGui::BeginTabItem("Code")) {
        code_tab(*view);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Tables")) {
        bytecode_tables(*view);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Source")) {
        for (std::size_t i = 0; i < view->source.size(); ++i)
            ImGui::Text("%4zu | %s", i + 1, view->source[i].c_str());
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Listing")) {
        ImGui::TextUnformatted(view->listing.c_str());
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

// The function picker, the filter, and the chosen function's disassembly.
void App::code_tab(const BytecodeView& view) {
    std::vector<std::string> names;
    for (const FunctionView& f : view.functions)
        names.push_back(fmt::format("{}  ({})", f.name, f.role));
    function_ = std::clamp(function_, 0, std::max(0, static_cast<int>(names.size()) - 1));
    ImGui::SetNextItemWidth(-1);
    if (!names.empty() &&
        ImGui::BeginCombo("##function", names[static_cast<std::size_t>(function_)].c_str())) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (ImGui::Selectable(names[i].c_str(), static_cast<int>(i) == function_))
                function_ = static_cast<int>(i);
        }
        ImGui::EndCombo();
    }
    code_filter_.Draw("filter##code", -60);
    if (view.functions.empty()) return;
    const FunctionView& f = view.functions[static_cast<std::size_t>(function_)];
    ImGui::TextDisabled("%s  line %u", f.signature.c_str(), f.line);
    disassembly_table(view, f, code_filter_);
}

void App::panel(const Rect& r) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 6));
    begin_region("##panel", r);
    StateAt st = model_.state();
    summary(st);
    ImGui::Separator();
    if (ImGui::BeginTabBar("##tabs")) {
        struct Tab {
            const char* name;
            PanelTab id;
        };
        static const Tab kTabs[] = {
            {"Orders", PanelTab::orders}, {"Positions", PanelTab::positions},
            {"Fills", PanelTab::fills},   {"Logs", PanelTab::logs},
            {"Run", PanelTab::run},       {"Bytecode", PanelTab::bytecode}};
        for (const Tab& tab : kTabs) {
            // The --panel tab is selected on the first frame only.
            ImGuiTabItemFlags flags =
                frames_ == 0 && tab.id == options_.panel ? ImGuiTabItemFlags_SetSelected : 0;
            if (!ImGui::BeginTabItem(tab.name, nullptr, flags)) continue;
            tab_ = tab.id;
            switch (tab.id) {
                case PanelTab::orders:
                    orders_tab(st);
                    break;
                case PanelTab::positions:
                    positions_tab(st);
                    break;
                case PanelTab::fills:
                    fills_tab(st);
                    break;
                case PanelTab::logs:
                    logs_tab(st);
                    break;
                case PanelTab::run:
                    run_tab();
                    break;
                case PanelTab::bytecode:
                    bytecode_tab();
                    break;
            }
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

}  // namespace dsl::viewer
