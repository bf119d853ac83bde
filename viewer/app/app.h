// dslview's user interface: one frame of toolbar, chart, strategy panel and status bar, drawn
// with Dear ImGui from the view model. Every region sits on the rectangle screen_layout() gives
// it, and the chart draws exactly the primitives of build_scene(), so what a test computes from
// the view model is what is on screen.
//
// app.cpp holds the frame, toolbar, status bar and keys; chart_view.cpp the chart, its mouse
// handling and tooltips; panels.cpp the strategy panel and the bytecode inspector.
#pragma once

#include <imgui.h>

#include <string>

#include "viewer/layout.h"
#include "viewer/options.h"
#include "viewer/palette.h"
#include "viewer/scene.h"
#include "viewer/view_model.h"

namespace dsl::viewer {

inline ImU32 im_colour(Rgb c, std::uint8_t alpha = 255) {
    return IM_COL32(c.r, c.g, c.b, alpha);
}

// Begins a fixed, untitled ImGui window on `r` (end it with ImGui::End()).
void begin_region(const char* name, const Rect& r, ImGuiWindowFlags extra = 0);

class App {
  public:
    App(ViewModel& model, const ViewerOptions& options, bool headless);

    // Draws one frame's interface for a window of width x height pixels after `seconds`.
    void frame(int width, int height, double seconds);
    // Whether the next frame should come at once (playing, following, dragging) rather than
    // when input arrives.
    bool busy() const;

  private:
    void toolbar(const Rect& r);
    void status_bar(const Rect& r);
    void keys(const ChartLayout& layout);

    // chart_view.cpp
    void chart(const Rect& r);
    void draw_scene(ImDrawList* dl, const ChartScene& s);
    void draw_axes(ImDrawList* dl, const ChartScene& s);
    void draw_readout(ImDrawList* dl, const ChartScene& s, const CandleShape* hovered);
    void chart_mouse(const ChartScene& s);
    void chart_tooltips(const ChartScene& s);
    void problem_banner(ImDrawList* dl, const Rect& chart);

    // panels.cpp
    void panel(const Rect& r);
    void summary(const StateAt& st);
    void orders_tab(const StateAt& st);
    void positions_tab(const StateAt& st);
    void fills_tab(const StateAt& st);
    void logs_tab(const StateAt& st);
    void run_tab();
    void bytecode_tab();
    void code_tab(const BytecodeView& view);

    ViewModel& model_;
    ViewerOptions options_;
    bool headless_ = false;
    SceneOptions scene_options_;
    int frames_ = 0;
    bool dragging_ = false;
    bool working_only_ = true;
    int function_ = 0;  // inspector's selected function
    PanelTab tab_;      // the panel's tab shown in the last frame
    ImGuiTextFilter order_filter_, fill_filter_, log_filter_, code_filter_;
};

}  // namespace dsl::viewer
