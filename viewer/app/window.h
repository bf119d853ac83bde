// The window, its OpenGL context and Dear ImGui's GLFW and OpenGL 3 backends: frames, and the
// headless path that renders into an offscreen framebuffer and writes it to a PNG.
//
// Headless (--screenshot) frames do not read input: the display size is the requested size, the
// mouse is nowhere, time advances by a fixed step, so the same trace and options always give
// the same pixels.
#pragma once

#include <memory>
#include <string>

struct GLFWwindow;

namespace dsl::viewer {

class Window {
  public:
    // Opens a window (hidden when headless) of width x height; check ok() and error().
    Window(int width, int height, bool headless, const std::string& title);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    bool ok() const { return window_ != nullptr; }
    const std::string& error() const { return error_; }
    bool should_close() const;

    // Waits for input for at most `seconds` (0: just polls). Interactive only.
    void wait_events(double seconds);
    // Starts an ImGui frame; returns the seconds since the last frame.
    double begin_frame();
    // Renders the ImGui frame (into the offscreen framebuffer when headless) and shows it.
    void end_frame();
    // Writes the last rendered frame to a PNG (headless only); false with error() set on failure.
    bool write_png(const std::string& path);

    int width() const { return width_; }
    int height() const { return height_; }

  private:
    bool create_offscreen();

    GLFWwindow* window_ = nullptr;
    bool headless_ = false;
    bool imgui_ = false;
    int width_ = 0, height_ = 0;
    unsigned framebuffer_ = 0, colour_ = 0;
    double last_time_ = 0;
    std::string error_;
};

}  // namespace dsl::viewer
