// Answering the path model's questions (PathOutcomes): what would the strategy's equity be at the
// bar's close had the bar traded along a given path?
//
// The answer comes from the real evaluation code run on a scratch copy: the records of the orders
// the evaluation can reach and the portfolio are saved, the bar's candidates are evaluated along
// the path asked about with trial_ set, the equity is read, and everything is put back. While
// trial_ is set the engine reports nothing and changes nothing outside the saved records and the
// portfolio (emit, reslot, finish and accept's first-evaluation queue check it), so the trial and
// the real evaluation run the same code on the same state and agree exactly (on_bar asserts it in
// debug builds; tests/engine/worst_case_test.cpp checks it against engines held to one path).
//
// What an evaluation can reach from its candidates: the candidates themselves and, through the
// links of working orders (OCO sibling, bracket entry and exits), the orders they may fill, cancel,
// resize or activate. A working order's links are held live (see OrderStore), so none is sealed.
#include <algorithm>

#include "engine/engine.h"

namespace dsl::engine {

class Engine::BarOutcomes final : public PathOutcomes {
  public:
    BarOutcomes(Engine& engine, const EventContext& ctx, const Bar& bar)
        : engine_(engine), ctx_(ctx), bar_(bar) {}

    bool order_matters() const override { return engine_.path_order_matters(); }
    Fixed equity_at_close(bool high_first) override {
        std::optional<Fixed>& answer = high_first ? high_first_ : low_first_;
        if (!answer) answer = engine_.equity_at_close(ctx_, bar_, high_first);
        return *answer;
    }
    std::optional<Fixed> told(bool high_first) const {
        return high_first ? high_first_ : low_first_;
    }

  private:
    Engine& engine_;
    const EventContext& ctx_;
    const Bar& bar_;
    std::optional<Fixed> high_first_;
    std::optional<Fixed> low_first_;
};

bool Engine::choose_high_first(const EventContext& ctx, const Bar& bar,
                               std::optional<Fixed>& predicted) {
    BarOutcomes outcomes(*this, ctx, bar);
    bool high_first = models_.path->high_first(bar, outcomes);
    predicted = outcomes.told(high_first);
    return high_first;
}

// Market, limit and stop orders (and triggered stops and stop-limits, which work as market and
// limit orders) fill at the same price whichever extreme comes first: the path covers the whole
// bar either way and fills are applied in submission order. Only an OCO pair (which leg first),
// a bracket entry (its exits work from its fill on), an untriggered stop-limit (is the limit
// reached after the trigger?) and an untriggered trailing stop (its stop follows the path) can
// fill differently.
bool Engine::path_order_matters() const {
    return std::any_of(eval_.round.begin(), eval_.round.end(), [&](const Candidate& c) {
        const OrderSnapshot& o = rec(c.id).o;
        bool path_dependent_type =
            (o.type == OrderType::stop_limit || o.type == OrderType::trailing_stop) && !o.triggered;
        return path_dependent_type || o.oco != kNoOrder || o.take_profit != kNoOrder ||
               o.stop_loss != kNoOrder;
    });
}

// The candidates and every order linked to them through working orders, in id order.
std::vector<OrderId> Engine::orders_within_reach() const {
    std::vector<OrderId> reach;
    for (const Candidate& c : eval_.round)
        reach.push_back(c.id);
    for (std::size_t i = 0; i < reach.size(); ++i) {
        const OrderSnapshot& o = rec(reach[i]).o;
        if (!is_working(o.status)) continue;  // a final order's links may be sealed
        for (OrderId to : {o.oco, o.parent, o.take_profit, o.stop_loss}) {
            if (to != kNoOrder && std::find(reach.begin(), reach.end(), to) == reach.end()) {
                reach.push_back(to);
            }
        }
    }
    std::sort(reach.begin(), reach.end());
    return reach;
}

Fixed Engine::equity_at_close(const EventContext& event, const Bar& bar, bool high_first) {
    // Everything an evaluation may change, put back when the scope ends (also on an exception).
    struct Restore {
        Engine& e;
        Portfolio portfolio;
        std::vector<std::pair<OrderId, OrderRecord>> records;
        Evaluation eval;
        std::uint64_t fill_seq;
        std::uint64_t ambiguous_count;
        ~Restore() {
            e.trial_ = false;
            e.portfolio_ = std::move(portfolio);
            for (auto& [id, r] : records)
                e.rec(id) = std::move(r);
            e.eval_ = std::move(eval);
            e.fill_seq_ = fill_seq;
            e.ambiguous_count_ = ambiguous_count;
        }
    } restore{*this, portfolio_, {}, eval_, fill_seq_, ambiguous_count_};
    for (OrderId id : orders_within_reach())
        restore.records.emplace_back(id, rec(id));

    trial_ = true;
    EventContext ctx = event;
    ctx.path.emplace(bar, high_first);
    evaluate(ctx);  // a fill that would wait for proceeds ends it there, as it will for real
    return portfolio_.equity_at(ctx.symbol, bar.close);
}

}  // namespace dsl::engine
