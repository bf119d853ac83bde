// dslview: opens a trace (and optionally the strategy's bytecode) and shows the run - or, with
// --screenshot, renders one frame to a PNG and exits. Exit codes in viewer/options.h and
// docs/viewer.md.
#include <chrono>
#include <iostream>
#include <thread>

#include "viewer/app/app.h"
#include "viewer/app/window.h"
#include "viewer/options.h"
#include "viewer/view_model.h"

namespace {

using namespace dsl::viewer;

// Frames before a screenshot: ImGui settles tables and tab bars over the first frames.
constexpr int kScreenshotFrames = 3;

int screenshot(Window& window, App& app, ViewModel& model, const ViewerOptions& o) {
    // Following: keep reading until the run ends (or the timeout), then take the picture.
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
    int frames = 0;
    while (frames < kScreenshotFrames ||
           (model.document().following() && std::chrono::steady_clock::now() < deadline)) {
        double dt = window.begin_frame();
        app.frame(window.width(), window.height(), dt);
        window.end_frame();
        ++frames;
        if (model.document().following())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (model.document().following()) {
        std::cerr << "dslview: the run did not end within " << o.timeout
                  << " s; the picture shows what was written by then\n";
    }
    if (!window.write_png(o.screenshot_path)) {
        std::cerr << "dslview: " << window.error() << "\n";
        return kExitFile;
    }
    return kExitOk;
}

void interactive(Window& window, App& app) {
    while (!window.should_close()) {
        window.wait_events(app.busy() ? 0.0 : 0.25);
        double dt = window.begin_frame();
        app.frame(window.width(), window.height(), dt);
        window.end_frame();
    }
}

// The exit code for what was read: 3 when the trace (or bytecode file) could not be read
// completely, 4 when the bytecode is invalid; messages on stderr.
int report(const ViewModel& model) {
    std::string problem = model.document().problem();
    if (!problem.empty()) std::cerr << "dslview: " << problem << "\n";
    int code = model.document().read_failed() ? kExitFile : kExitOk;
    if (model.bytecode() && !model.bytecode()->ok()) {
        std::cerr << "dslview: " << model.bytecode()->error << "\n";
        bool unreadable = model.bytecode()->error.find("cannot read") != std::string::npos;
        if (code == kExitOk) code = unreadable ? kExitFile : kExitBytecode;
    }
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    ViewerOptions o;
    if (int code = parse_options(argc, argv, o); code >= 0) return code;
    const bool headless = !o.screenshot_path.empty();
    ViewModel model(o);
    if (!headless) report(model);
    Window window(o.width, o.height, headless, "dslview - " + o.trace_path);
    if (!window.ok()) {
        std::cerr << "dslview: " << window.error() << "\n";
        return kExitNoWindow;
    }
    App app(model, o, headless);
    if (!headless) {
        interactive(window, app);
        return kExitOk;
    }
    int shot = screenshot(window, app, model, o);
    int code = report(model);  // as read by the time of the picture
    return shot != kExitOk ? shot : code;
}
