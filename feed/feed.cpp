// The small shared pieces of the feed API: errors, reason names, statistics, symbol naming
// and the conversion to the engine's market types (see feed.h).
#include "feed/feed.h"

#include "common/escape.h"

#include <numeric>

namespace dsl::runner {

namespace {

#define DSL_FEED_NAME(name, what) #name,
constexpr std::string_view kReasonNames[] = {DSL_FEED_SKIP_REASONS(DSL_FEED_NAME)};
#undef DSL_FEED_NAME
#define DSL_FEED_WHAT(name, what) what,
constexpr std::string_view kReasonText[] = {DSL_FEED_SKIP_REASONS(DSL_FEED_WHAT)};
#undef DSL_FEED_WHAT

}  // namespace

std::string_view to_string(SkipReason reason) {
    return kReasonNames[static_cast<std::size_t>(reason)];
}

std::string_view describe(SkipReason reason) {
    return kReasonText[static_cast<std::size_t>(reason)];
}

std::uint64_t FeedStats::skipped_total() const {
    return std::accumulate(skipped.begin(), skipped.end(), std::uint64_t{0});
}

// The file name and the message are made printable (common/escape.h): messages quote cells of
// the file, which may hold control bytes or invalid UTF-8.
FeedError::FeedError(std::string in_file, std::uint64_t at_line, std::string text, Kind error_kind)
    : file(printable(in_file)), line(at_line), message(printable(text)), kind(error_kind) {
    what_ = to_string();
}

std::string FeedError::to_string() const {
    std::string out = file;
    if (line > 0) {
        // Appended piecewise: `":" + std::to_string()` trips GCC 12's -Wrestrict at -O3.
        out += ':';
        out += std::to_string(line);
    }
    if (!out.empty()) out += ": ";
    return out + message;
}

Feed::~Feed() = default;

std::string symbol_from_path(std::string_view path) {
    if (auto slash = path.find_last_of('/'); slash != std::string_view::npos) {
        path.remove_prefix(slash + 1);
    }
    std::string out(path.substr(0, path.find_first_of("-_.")));
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

engine::Bar to_bar(const MarketRecord& rec, const std::vector<engine::SymbolId>& ids) {
    return engine::Bar{ids.at(rec.symbol), rec.ts,    rec.open, rec.high, rec.low,
                       rec.close,          rec.volume};
}

engine::Tick to_tick(const MarketRecord& rec, const std::vector<engine::SymbolId>& ids) {
    return engine::Tick{ids.at(rec.symbol), rec.ts, rec.price, rec.size, rec.bid, rec.ask};
}

}  // namespace dsl::runner
