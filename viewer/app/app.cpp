// The frame: regions from screen_layout(), toolbar (symbol, replay, speed, display toggles),
// status bar, and the keyboard.
#define GLFW_INCLUDE_NONE
#include "viewer/app/app.h"

#include <GLFW/glfw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "viewer/time_text.h"

namespace dsl::viewer {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

constexpr std::array<double, 12> kSpeeds{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 20000};

}  // namespace

App::App(ViewModel& model, const ViewerOptions& options, bool headless)
    : model_(model), options_(options), headless_(headless), tab_(options.panel) {}

bool App::busy() const {
    return model_.replay().playing() || model_.document().following() || dragging_;
}

void App::frame(int width, int height, double seconds) {
    model_.update(seconds);
    ScreenLayout s = screen_layout(width, height, tab_ == PanelTab::bytecode);
    toolbar(s.toolbar);
    chart(s.chart);
    panel(s.panel);
    status_bar(s.status);
    keys(chart_layout(s.chart));
    ++frames_;
}

void begin_region(const char* name, const Rect& r, ImGuiWindowFlags extra) {
    ImGui::SetNextWindowPos(ImVec2(static_cast<float>(r.x), static_cast<float>(r.y)));
    ImGui::SetNextWindowSize(ImVec2(static_cast<float>(r.w), static_cast<float>(r.h)));
    ImGui::Begin(name, nullptr, kFixed | extra);
}

void App::toolbar(const Rect& r) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 5));
    begin_region("##toolbar", r, ImGuiWindowFlags_NoScrollbar);
    const trace::Trace& t = model_.trace();
    // Symbol selector.
    ImGui::SetNextItemWidth(110);
    std::string current =
        model_.symbol() < t.symbols.size() ? t.symbols[model_.symbol()].name : "-";
    if (ImGui::BeginCombo("##symbol", current.c_str())) {
        for (trace::SymbolId i = 0; i < t.symbols.size(); ++i) {
            bool selected = i == model_.symbol();
            if (ImGui::Selectable(t.symbols[i].name.c_str(), selected)) model_.select_symbol(i);
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    Replay& replay = model_.replay();
    if (ImGui::Button("|<")) replay.seek(0);
    ImGui::SameLine();
    if (ImGui::Button("<")) replay.step(-1);
    ImGui::SameLine();
    if (ImGui::Button(replay.playing() ? "Pause" : "Play ", ImVec2(48, 0))) replay.toggle();
    ImGui::SameLine();
    if (ImGui::Button(">")) replay.step(1);
    ImGui::SameLine();
    if (ImGui::Button(">|")) replay.seek_end();
    ImGui::SameLine();
    // Speed: events per second, from a fixed ladder.
    auto speed_at = std::find_if(kSpeeds.begin(), kSpeeds.end(),
                                 [&](double v) { return v >= replay.speed() - 1e-9; });
    int speed_index =
        static_cast<int>(std::min<std::ptrdiff_t>(speed_at - kSpeeds.begin(), kSpeeds.size() - 1));
    ImGui::SetNextItemWidth(110);
    std::string speed_text =
        fmt::format("{:g} ev/s", kSpeeds[static_cast<std::size_t>(speed_index)]);
    if (ImGui::SliderInt("##speed", &speed_index, 0, static_cast<int>(kSpeeds.size()) - 1,
                         speed_text.c_str())) {
        replay.set_speed(kSpeeds[static_cast<std::size_t>(speed_index)]);
    }
    ImGui::SameLine();
    // The time cursor.
    int position = static_cast<int>(replay.position());
    std::string when =
        fmt::format("{}  ({}/{})", format_time(model_.time()), replay.position(), replay.count());
    float rest = ImGui::GetContentRegionAvail().x - 330;
    ImGui::SetNextItemWidth(std::max(120.0f, rest));
    if (ImGui::SliderInt("##cursor", &position, 0, static_cast<int>(replay.count()),
                         when.c_str())) {
        replay.seek(static_cast<std::size_t>(position));
    }
    ImGui::SameLine();
    if (model_.document().following()) {
        bool live = replay.at_end();
        ImGui::PushStyleColor(ImGuiCol_Button,
                              live ? IM_COL32(183, 28, 28, 255) : IM_COL32(80, 80, 90, 255));
        if (ImGui::Button(live ? "LIVE" : "go live")) replay.seek_end();
        ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::Checkbox("Vol", &scene_options_.volume);
    ImGui::SameLine();
    ImGui::Checkbox("Equity", &scene_options_.equity);
    ImGui::SameLine();
    ImGui::Checkbox("Done orders", &scene_options_.finished_orders);
    ImGui::End();
    ImGui::PopStyleVar();
}

void App::status_bar(const Rect& r) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 3));
    begin_region("##status", r, ImGuiWindowFlags_NoScrollbar);
    const TraceDocument& d = model_.document();
    std::string text = fmt::format("{}  |  {}", d.path(), d.status_text());
    if (!headless_) text += fmt::format("  |  {:.0f} fps", ImGui::GetIO().Framerate);
    ImGui::TextUnformatted(text.c_str());
    ImGui::End();
    ImGui::PopStyleVar();
}

void App::keys(const ChartLayout& layout) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || headless_) return;
    Replay& replay = model_.replay();
    std::ptrdiff_t step = io.KeyShift ? 10 : io.KeyCtrl ? 100 : 1;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) replay.toggle();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) replay.step(step);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) replay.step(-step);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) replay.seek(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false) ||
        ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
        replay.seek_end();
        pin(model_.viewport(layout.price.w), model_.series().count_through(model_.seq()),
            layout.price.w);
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_N)) model_.seek_fill(+1);
    if (ImGui::IsKeyPressed(GLFW_KEY_P)) model_.seek_fill(-1);
    std::size_t shown = model_.series().count_through(model_.seq());
    Viewport& v = model_.viewport(layout.price.w);
    double anchor = v.pinned ? layout.price.w - kRightMargin : layout.price.w / 2.0;
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD))
        zoom(v, 1.25, anchor, shown, layout.price.w);
    if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT))
        zoom(v, 0.8, anchor, shown, layout.price.w);
    if (ImGui::IsKeyPressed(GLFW_KEY_A)) pan(v, -layout.price.w / 4.0, shown, layout.price.w);
    if (ImGui::IsKeyPressed(GLFW_KEY_D)) pan(v, layout.price.w / 4.0, shown, layout.price.w);
    if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) model_.reset_viewport(layout.price.w);
}

}  // namespace dsl::viewer
