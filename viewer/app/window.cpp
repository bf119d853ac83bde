// GLFW + OpenGL 3.3 core (3.0 as a fallback) + ImGui's backends. The offscreen framebuffer is a
// plain RGBA8 renderbuffer: a hidden window's own back buffer is not guaranteed to hold pixels.
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "viewer/app/window.h"
#include "viewer/palette.h"

namespace dsl::viewer {

namespace {

std::string& glfw_error() {
    static std::string message;
    return message;
}

void on_glfw_error(int code, const char* text) {
    glfw_error() = std::string(text) + " (GLFW error " + std::to_string(code) + ")";
}

// Headless frames advance by this much: playback and animations are deterministic.
constexpr double kHeadlessFrameSeconds = 1.0 / 60;

}  // namespace

Window::Window(int width, int height, bool headless, const std::string& title)
    : headless_(headless), width_(width), height_(height) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        error_ = "cannot initialise GLFW: " + glfw_error() +
                 " (no display? run under xvfb-run -a -s \"-screen 0 1280x800x24\")";
        return;
    }
    glfwWindowHint(GLFW_VISIBLE, headless ? GLFW_FALSE : GLFW_TRUE);
    const char* glsl = "#version 330";
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    if (window_ == nullptr) {  // an older driver: OpenGL 3.0, any profile
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_VISIBLE, headless ? GLFW_FALSE : GLFW_TRUE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
        glsl = "#version 130";
        window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    }
    if (window_ == nullptr) {
        error_ = "cannot create an OpenGL 3 window: " + glfw_error();
        glfwTerminate();
        return;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(headless ? 0 : 1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    imgui_ = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the user's directory
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.ScrollbarRounding = 2;
    style.FrameRounding = 2;
    ImGui_ImplGlfw_InitForOpenGL(window_, !headless);
    ImGui_ImplOpenGL3_Init(glsl);
    if (headless && !create_offscreen()) {
        error_ = "cannot create an offscreen framebuffer";
        return;
    }
    last_time_ = glfwGetTime();
}

Window::~Window() {
    if (framebuffer_ != 0) {
        glDeleteFramebuffers(1, &framebuffer_);
        glDeleteRenderbuffers(1, &colour_);
    }
    if (imgui_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_ != nullptr) {
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
}

bool Window::create_offscreen() {
    glGenFramebuffers(1, &framebuffer_);
    glGenRenderbuffers(1, &colour_);
    glBindRenderbuffer(GL_RENDERBUFFER, colour_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width_, height_);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_);
    return glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
}

bool Window::should_close() const {
    return window_ == nullptr || glfwWindowShouldClose(window_);
}

void Window::wait_events(double seconds) {
    if (seconds > 0)
        glfwWaitEventsTimeout(seconds);
    else
        glfwPollEvents();
}

double Window::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    double dt;
    ImGuiIO& io = ImGui::GetIO();
    if (headless_) {
        dt = kHeadlessFrameSeconds;
        io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
        io.DisplayFramebufferScale = ImVec2(1, 1);
        io.DeltaTime = static_cast<float>(dt);
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    } else {
        ImGui_ImplGlfw_NewFrame();
        double now = glfwGetTime();
        dt = now - last_time_;
        last_time_ = now;
        width_ = static_cast<int>(io.DisplaySize.x);
        height_ = static_cast<int>(io.DisplaySize.y);
    }
    ImGui::NewFrame();
    return dt;
}

void Window::end_frame() {
    ImGui::Render();
    int fb_w = width_, fb_h = height_;
    if (!headless_) glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    Rgb bg = palette::kBackground;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (headless_)
        glFinish();
    else
        glfwSwapBuffers(window_);
}

bool Window::write_png(const std::string& path) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width_) * height_ * 3);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows go bottom-up; PNG's top-down.
    const int stride = width_ * 3;
    std::vector<unsigned char> flipped(pixels.size());
    for (int y = 0; y < height_; ++y) {
        std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(y) * stride, stride,
                    flipped.begin() + static_cast<std::ptrdiff_t>(height_ - 1 - y) * stride);
    }
    if (!stbi_write_png(path.c_str(), width_, height_, 3, flipped.data(), stride)) {
        error_ = "cannot write " + path;
        return false;
    }
    return true;
}

}  // namespace dsl::viewer
