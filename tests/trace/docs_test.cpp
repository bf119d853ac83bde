// docs/trace.md is kept equal to the code: its example is exactly what the writer writes for the
// run it describes (the engine API example of docs/engine.md, traced) and reads back complete,
// and every record type and every field the writer writes is documented there.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "engine/engine.h"
#include "tests/support/golden.h"
#include "tests/trace/example_run.h"
#include "tests/trace/sample.h"
#include "trace/format.h"
#include "trace/reader.h"
#include "trace_writer/hash.h"
#include "trace_writer/writer.h"

namespace dsl::trace::test {
namespace {

const std::string kDocs = std::string(DSL_TRACE_DOCS_DIR) + "/trace.md";

// The first ```json block after the "## Example" heading.
std::string docs_example() {
    std::string docs = dsl::test::read_text(kDocs);
    std::size_t at = docs.find("## Example");
    at = docs.find("```json\n", at);
    if (at == std::string::npos) return "";
    at += 8;
    return docs.substr(at, docs.find("```", at) - at);
}

TEST(TraceDocs, TheExampleIsWhatTheWriterWrites) {
    std::string example = docs_example();
    ASSERT_FALSE(example.empty()) << "no ```json block after ## Example in " << kDocs;
    EXPECT_EQ(example, example_run());
    Reader r("example.jsonl");
    r.feed(example);
    r.finish();
    EXPECT_EQ(r.status(), ReadStatus::complete) << r.status_text();
    EXPECT_EQ(r.trace().orders.size(), 3u);
    EXPECT_EQ(r.trace().portfolio.back().equity.to_string(), "100001.6401716");
}

// Every record type and every key the writer writes appears in docs/trace.md as `name`.
TEST(TraceDocs, EveryRecordTypeAndFieldIsDocumented) {
    std::string docs = dsl::test::read_text(kDocs);
    for (std::string_view name : kRecordNames)
        EXPECT_NE(docs.find("`" + std::string(name) + "`"), std::string::npos) << name;
    std::set<std::string> keys;
    std::regex key(R"re("([a-z_]+)":)re");
    std::string text = sample_trace() + example_run();
    for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it)
        keys.insert((*it)[1]);
    EXPECT_GT(keys.size(), 100u);
    for (const std::string& k : keys) {
        if (k == "t") continue;
        EXPECT_NE(docs.find(k), std::string::npos) << "field '" << k << "' is not in " << kDocs;
    }
}

}  // namespace
}  // namespace dsl::trace::test
