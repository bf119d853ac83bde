// Groups of equal market reads within a function (see shared_reads.h).
#include "compiler/shared_reads.h"

#include <map>
#include <tuple>

namespace dsl {

void SharedReads::begin_function() {
    reads_.clear();
    assigned_.clear();
}

void SharedReads::note_read(const ast::Call& call, BuiltinId id, std::optional<Symbol> symbol) {
    reads_.push_back({&call, id, std::move(symbol)});
}

void SharedReads::note_offset(const ast::Call& call, std::optional<int64_t> bars_ago) {
    for (Read& r : reads_) {
        if (r.call == &call) r.bars_ago = bars_ago;
    }
}

void SharedReads::note_assigned(uint32_t local) {
    assigned_.insert(local);
}

void SharedReads::end_function(std::unordered_map<const ast::Expr*, uint32_t>& out) {
    // Only now is it known which locals the function assigns (an assignment may follow a
    // read). Groups are numbered in the order of their first read.
    using Key = std::tuple<BuiltinId, std::string, int64_t>;
    std::map<Key, std::vector<const ast::Call*>> groups;
    std::vector<Key> order;
    for (const Read& r : reads_) {
        if (!r.symbol || !r.bars_ago) continue;
        if (r.symbol->local && assigned_.count(*r.symbol->local)) continue;
        Key key{r.id, r.symbol->key, *r.bars_ago};
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
    reads_.clear();
    assigned_.clear();
}

}  // namespace dsl
