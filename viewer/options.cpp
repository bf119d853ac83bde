// CLI11 does the parsing, help text and error messages.
#include "viewer/options.h"

#include <CLI/CLI.hpp>
#include <array>
#include <charconv>

#include "viewer/time_text.h"

namespace dsl::viewer {

namespace {

constexpr std::array<std::pair<std::string_view, PanelTab>, 6> kTabs{{
    {"orders", PanelTab::orders},
    {"positions", PanelTab::positions},
    {"fills", PanelTab::fills},
    {"logs", PanelTab::logs},
    {"run", PanelTab::run},
    {"bytecode", PanelTab::bytecode},
}};

}  // namespace

std::optional<PanelTab> panel_tab(std::string_view name) {
    for (const auto& [n, tab] : kTabs) {
        if (n == name) return tab;
    }
    return std::nullopt;
}

bool parse_size(const std::string& text, int& width, int& height) {
    auto x = text.find('x');
    if (x == std::string::npos) return false;
    const char* begin = text.data();
    const char* mid = begin + x;
    const char* end = begin + text.size();
    int w = 0, h = 0;
    auto a = std::from_chars(begin, mid, w);
    auto b = std::from_chars(mid + 1, end, h);
    if (a.ec != std::errc() || a.ptr != mid || b.ec != std::errc() || b.ptr != end) return false;
    if (w < 200 || h < 200 || w > 8192 || h > 8192) return false;
    width = w;
    height = h;
    return true;
}

namespace {

// The raw texts of the options parse_options() checks itself.
struct RawOptions {
    std::string at, size, panel;
};

// Declares dslview's command line on `app`, filling `o` and `raw`. The name is fixed, so that
// the usage line does not depend on how the program was started (docs/viewer.md quotes it).
void define(CLI::App& app, ViewerOptions& o, RawOptions& raw) {
    app.name("dslview");
    app.description(
        "dslview: shows a strategy run's trace - chart with orders, fills and positions, "
        "strategy panel, replay, bytecode inspector");
    app.footer(
        "Keys: Space play/pause, Left/Right step one event (Shift: 10, Ctrl: 100), Home/End,\n"
        "+/- zoom, A/D pan, R reset the zoom, F follow the end, N/P next/previous fill.\n"
        "Mouse: drag to pan, wheel to zoom, double-click a candle to replay to it, hover a fill\n"
        "marker for why it filled at that price. See docs/viewer.md.\n"
        "Exit codes: 0 ok, 2 usage error, 3 the trace (or another file) could not be read\n"
        "completely or the PNG not written (a screenshot is still written, showing the\n"
        "message), 4 invalid bytecode, 6 no window (no display: use xvfb-run).");
    app.add_option("trace", o.trace_path, "the trace (.jsonl) written by dslvm --trace")
        ->required();
    app.add_option("--bytecode", o.bytecode_path, "the strategy's .dslbc, for the inspector");
    app.add_option("--source", o.source_path,
                   "the strategy's .strat to show beside the bytecode (default: the source "
                   "embedded in the bytecode)");
    app.add_flag("--follow", o.follow,
                 "keep reading the trace as it grows (automatic for an unfinished live trace)");
    app.add_option("--symbol", o.symbol, "the symbol to chart first (default: the first)");
    app.add_option("--screenshot", o.screenshot_path,
                   "render one frame to this PNG and exit (needs a display: xvfb-run)");
    app.add_option("--at", raw.at,
                   "replay position: the state at this time (2003-05-01, 2003-05-01T14:30:00, or "
                   "nanoseconds since the epoch); default: the end");
    app.add_option("--size", raw.size, "window size WxH (default 1280x800)");
    app.add_option("--bars", o.bars, "candles across the chart (default: automatic zoom)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
    app.add_option("--timeout", o.timeout,
                   "with --screenshot and --follow: seconds to wait for the run to end before "
                   "taking the picture (default 60)")
        ->check(CLI::Range(0.0, 86400.0));
    app.add_flag("--timing", o.timing,
                 "print to stderr how long reading the trace took and, with --screenshot, the "
                 "median and slowest of 120 frames");
    app.add_option("--panel", raw.panel,
                   "strategy panel tab: orders, positions, fills, logs, run, bytecode");
}

}  // namespace

std::string help_text() {
    CLI::App app;
    ViewerOptions o;
    RawOptions raw;
    define(app, o, raw);
    return app.help();
}

int parse_options(int argc, const char* const* argv, ViewerOptions& o) {
    CLI::App app;
    RawOptions raw;
    define(app, o, raw);
    try {
        app.parse(argc, argv);
        if (!raw.at.empty()) {
            o.at = parse_time(raw.at);
            if (!o.at)
                throw CLI::ValidationError("--at",
                                           "expected a date (2003-05-01), a date and time "
                                           "(2003-05-01T14:30:00) or nanoseconds, got '" +
                                               raw.at + "'");
        }
        if (!raw.size.empty() && !parse_size(raw.size, o.width, o.height))
            throw CLI::ValidationError(
                "--size", "expected WxH with each between 200 and 8192, got '" + raw.size + "'");
        if (!raw.panel.empty()) {
            auto tab = panel_tab(raw.panel);
            if (!tab) throw CLI::ValidationError("--panel", "unknown panel '" + raw.panel + "'");
            o.panel = *tab;
        }
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    return -1;
}

}  // namespace dsl::viewer
