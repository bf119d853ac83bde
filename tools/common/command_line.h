// The start-up that dslc and dslvm share: parsing the command line with CLI11 (the exit code of
// --help, --version and of a bad command line), the --color option of diagnostics, and the
// "tool: message" form of their errors on standard error.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "common/exit_codes.h"

namespace dsl::tools {

// Parses the command line. Returns the code to exit with when there is nothing to run: kExitOk
// after --help or --version (CLI11 printed the text), kExitUsage for a bad command line (CLI11
// printed why); nullopt when the program goes on.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

// --color auto|always|never, into `color`.
void add_color_option(CLI::App& app, std::string& color);
// Whether diagnostics on standard error are colored: "always", or "auto" on a terminal.
bool color_diagnostics(std::string_view color);

// Prints "tool: message" on standard error and returns `code`.
ExitCode fail(std::string_view tool, std::string_view message, ExitCode code);

}  // namespace dsl::tools
