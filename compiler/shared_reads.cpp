// Groups of equal market reads within a function (see shared_reads.h).
#include "compiler/shared_reads.h"

#include <map>
#include <tuple>

namespace dsl {

void SharedReads::note_read(const ast::Call& call, BuiltinId id, std::optional<uint32_t> symbol) {
    reads_.push_back({&call, id, symbol});
}

void SharedReads::note_offset(const ast::Call& call, std::optional<int64_t> bars_ago) {
    // The indexed read was noted a moment ago (only reads in the index follow it).
    for (auto r = reads_.rbegin(); r != reads_.rend(); ++r) {
        if (r->call == &call) {
            r->bars_ago = bars_ago;
            return;
        }
    }
}

void SharedReads::note_assigned(uint32_t local) {
    assigned_.insert(local);
}

void SharedReads::end_function(std::unordered_map<const ast::Expr*, uint32_t>& out) {
    // Only now is it known which locals the function assigns (an assignment may follow a
    // read). Groups are numbered in the order of their first read.
    using Key = std::tuple<BuiltinId, uint32_t, int64_t>;
    std::map<Key, std::vector<const ast::Call*>> groups;
    std::vector<Key> order;
    for (const Read& r : reads_) {
        if (!r.symbol || !r.bars_ago || assigned_.count(*r.symbol)) continue;
        Key key{r.id, *r.symbol, *r.bars_ago};
        auto& members = groups[key];
        if (members.empty()) order.push_back(key);
        members.push_back(r.call);
    }
    for (const Key& key : order) {
        const auto& members = groups[key];
        if (members.size() < 2) continue;
        for (const ast::Call* call : members)
            out[call] = next_group_;
        ++next_group_;
    }
    reads_.clear();  // ready for the next function
    assigned_.clear();
}

}  // namespace dsl
