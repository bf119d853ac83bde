// The file feed over any byte source: what open_files() does with paths, for input that is
// not a file on disk (the fuzzer's memory buffers, a decompressing reader, tests).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "feed/csv_reader.h"
#include "feed/feed.h"

namespace dsl::runner {

struct StreamSource {
    std::string name;                   // for messages and symbol_from_path()
    std::optional<std::string> symbol;  // as DataSource::symbol
    // Opens the data from its beginning. Called once, or twice for a file with a symbol column
    // (the pre-scan); each call must give the same bytes.
    std::function<std::unique_ptr<ByteSource>()> open;
};

// open_files() over streams; same rules, same errors.
std::unique_ptr<Feed> open_streams(const std::vector<StreamSource>& sources,
                                   const FeedOptions& options);

}  // namespace dsl::runner
