// docs/viewer.md and the README are kept equal to the program: the docs quote `dslview --help`
// whole and list every exit code; the README's picture is the one scripts/demo.sh makes (same
// options, which Screenshot.TheReadmePicture checks show what the README says), a 1280x800 PNG
// small enough for a repository.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/viewer/recorded.h"
#include "viewer/options.h"

namespace dsl::viewer::test {
namespace {

const fs::path kDocs = kSourceDir / "docs" / "viewer.md";

TEST(ViewerDocs, HelpIsQuotedWhole) {
    std::string docs = slurp(kDocs);
    ASSERT_FALSE(docs.empty()) << kDocs;
    EXPECT_NE(docs.find("```\n" + help_text() + "```\n"), std::string::npos)
        << "docs/viewer.md does not quote the output of `dslview --help`; paste it under "
           "\"Command line\":\n"
        << help_text();
}

TEST(ViewerDocs, EveryExitCodeIsListed) {
    std::string docs = slurp(kDocs);
    for (int code : {kExitOk, kExitUsage, kExitFile, kExitBytecode, kExitNoWindow})
        EXPECT_NE(docs.find("\n| " + std::to_string(code) + " | "), std::string::npos) << code;
}

// The options that put the replay cursor on a day sma_cross's sell order is working.
constexpr const char* kPictureOptions = "--at 2012-10-01 --bars 200";

TEST(ViewerDocs, ReadmePictureIsTheDemos) {
    std::string readme = slurp(kSourceDir / "README.md");
    EXPECT_NE(readme.find("](docs/images/sma_cross.png)"), std::string::npos);
    EXPECT_NE(readme.find(kPictureOptions), std::string::npos);
    EXPECT_NE(slurp(kSourceDir / "scripts" / "demo.sh").find(kPictureOptions), std::string::npos);
    // A PNG of 1280x800 (its IHDR: width and height, big-endian, at bytes 16 and 20).
    fs::path png = kSourceDir / "docs" / "images" / "sma_cross.png";
    std::string bytes = slurp(png);
    ASSERT_GT(bytes.size(), 24u) << png;
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
    auto be32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i)
            v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
        return v;
    };
    EXPECT_EQ(be32(16), 1280u);
    EXPECT_EQ(be32(20), 800u);
    EXPECT_LT(bytes.size(), 300u * 1024);
}

}  // namespace
}  // namespace dsl::viewer::test
