// Helpers for golden-file tests: reading and writing files, listing test files, and the
// DSL_UPDATE_GOLDEN switch that makes harnesses rewrite their expectations instead of
// comparing (review the diff before committing it).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dsl::test {

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

// Files in `dir` with extension `ext`, sorted by name.
inline std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir,
                                                   const std::string& ext) {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ext) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline bool update_golden() {
    const char* v = std::getenv("DSL_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

// A name usable as a GoogleTest parameter name.
inline std::string test_name(const std::filesystem::path& p) {
    std::string s = p.stem().string();
    for (char& c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return s;
}

}  // namespace dsl::test
