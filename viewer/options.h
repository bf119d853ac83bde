// dslview's command line (CLI11) and exit codes, in the library so that tests can check the
// parsing and share the defaults the program uses.
//
//   dslview TRACE [--bytecode X.dslbc] [--source X.strat] [--follow] [--symbol NAME]
//           [--screenshot OUT.png] [--at TIME] [--size WxH] [--bars N] [--panel NAME]
//           [--timeout SECONDS] [--timing]
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/exit_codes.h"
#include "trace/model.h"

namespace dsl::viewer {

// Exit codes (docs/viewer.md): kExitOk, kExitUsage (bad options), kExitFile (the trace or the
// bytecode file could not be read completely - missing, truncated or corrupt - or the PNG could
// not be written), kExitBytecode (the --bytecode file is not valid bytecode), kExitNoWindow (no
// window or OpenGL 3 context: run under xvfb-run).
using ExitCode = dsl::ExitCode;
using enum dsl::ExitCode;

// The strategy panel's tabs.
enum class PanelTab : std::uint8_t { orders, positions, fills, logs, run, bytecode };
std::optional<PanelTab> panel_tab(std::string_view name);

struct ViewerOptions {
    std::string trace_path;
    std::string bytecode_path;
    std::string source_path;
    bool follow = false;
    std::string symbol;
    std::string screenshot_path;
    std::optional<trace::Timestamp> at;
    int width = 1280;
    int height = 800;
    std::size_t bars = 0;  // candles across the chart; 0: the default zoom
    double timeout = 60;   // --screenshot --follow: seconds to wait for the run's end
    bool timing = false;   // print how long reading and drawing took (stderr)
    PanelTab panel = PanelTab::orders;
};

// The text `dslview --help` prints (docs/viewer.md quotes it whole; a test keeps them equal).
std::string help_text();

// Parses the command line. Returns -1 to go on, or the exit code to exit with at once (after
// --help, or a usage error, which CLI11 has printed).
int parse_options(int argc, const char* const* argv, ViewerOptions& options);

// "1280x800" -> width, height (each 200..8192); false when malformed.
bool parse_size(const std::string& text, int& width, int& height);

}  // namespace dsl::viewer
