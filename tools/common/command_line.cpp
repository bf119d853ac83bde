// The tools' shared start-up (see command_line.h).
#include "tools/common/command_line.h"

#include <unistd.h>

#include <iostream>

namespace dsl::tools {

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    return std::nullopt;
}

void add_color_option(CLI::App& app, std::string& color) {
    app.add_option("--color", color, "color diagnostics: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
}

bool color_diagnostics(std::string_view color) {
    return color == "always" || (color == "auto" && isatty(STDERR_FILENO));
}

ExitCode fail(std::string_view tool, std::string_view message, ExitCode code) {
    std::cerr << tool << ": " << message << "\n";
    return code;
}

}  // namespace dsl::tools
