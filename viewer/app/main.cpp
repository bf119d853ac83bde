// dslview: opens a trace (and optionally the strategy's bytecode) and shows the run - or, with
// --screenshot, renders one frame to a PNG and exits. Exit codes in viewer/options.h and
// docs/viewer.md.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "viewer/app/app.h"
#include "viewer/app/window.h"
#include "viewer/options.h"
#include "viewer/view_model.h"

namespace {

using namespace dsl::viewer;

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Frames before a screenshot: ImGui settles tables and tab bars over the first frames. With
// --timing, more, to take the median of.
constexpr int kScreenshotFrames = 3;
constexpr int kTimingFrames = 120;

// "4.1 ms median, 6.3 ms at most" over per-frame milliseconds. The median, because a loaded
// machine's outliers say more about the machine than about the frame.
std::string spread(std::vector<double> ms) {
    if (ms.empty()) return "-";
    std::sort(ms.begin(), ms.end());
    std::ostringstream out;
    out << std::fixed << std::setprecision(2) << ms[ms.size() / 2] << " ms median, " << ms.back()
        << " ms at most";
    return out.str();
}

int screenshot(Window& window, App& app, ViewModel& model, const ViewerOptions& o) {
    // Following: keep reading until the run ends (or the timeout), then take the picture.
    auto deadline =
        Clock::now() + std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
    int frames = 0;
    const int wanted = o.timing ? kTimingFrames : kScreenshotFrames;
    std::vector<double> frame_ms, build_ms;
    while (frames < wanted || (model.document().following() && Clock::now() < deadline)) {
        auto t0 = Clock::now();
        double dt = window.begin_frame();
        auto t1 = Clock::now();
        app.frame(window.width(), window.height(), dt);  // the view model, scene and widgets
        double build = ms_since(t1);
        window.end_frame();  // renders; waits for the GPU (glFinish) when headless
        double ms = ms_since(t0);
        if (frames > 0) {  // the first frame builds the font atlas and the series
            frame_ms.push_back(ms);
            build_ms.push_back(build);
        }
        ++frames;
        if (model.document().following())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (o.timing && !frame_ms.empty()) {
        std::cerr << "dslview: timing: " << frame_ms.size() << " frames of " << window.width()
                  << "x" << window.height() << ": " << spread(frame_ms)
                  << "; building them (view model, scene, widgets): " << spread(build_ms)
                  << "; the rest is OpenGL\n";
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
    auto t0 = Clock::now();
    ViewModel model(o);
    if (o.timing) {
        const auto& t = model.trace();
        std::cerr << "dslview: timing: read " << model.document().reader().bytes() << " bytes, "
                  << t.records << " records, " << t.market_events.size() << " market events in "
                  << ms_since(t0) << " ms\n";
        auto t1 = Clock::now();
        std::size_t candles = model.series().size();
        std::cerr << "dslview: timing: series of " << candles << " candles built in "
                  << ms_since(t1) << " ms\n";
    }
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
