// Instrument registration and its validation (see instrument.h).
#include "engine/instrument.h"

#include <stdexcept>

namespace dsl::engine {

namespace {

void require(bool ok, const std::string& name, const char* what) {
    if (!ok) throw std::invalid_argument("instrument '" + name + "': " + what);
}

bool valid_rate(const std::optional<Fixed>& rate) {
    return !rate || (rate->is_positive() && *rate <= Fixed::from_int(1));
}

}  // namespace

SymbolId InstrumentRegistry::add(InstrumentSpec spec) {
    require(!spec.name.empty(), spec.name, "empty name");
    require(!by_name_.contains(spec.name), spec.name, "already registered");
    require(spec.tick_size.is_positive(), spec.name, "tick size must be > 0");
    require(spec.lot_size.is_positive(), spec.name, "lot size must be > 0");
    require(spec.multiplier.is_positive() && spec.multiplier <= Fixed::from_int(1'000'000),
            spec.name, "multiplier must be in (0, 1000000]");
    require(valid_rate(spec.initial_margin_rate), spec.name, "initial margin rate not in (0, 1]");
    require(valid_rate(spec.maintenance_margin_rate), spec.name,
            "maintenance margin rate not in (0, 1]");
    if (spec.initial_margin_rate && spec.maintenance_margin_rate) {
        require(*spec.maintenance_margin_rate <= *spec.initial_margin_rate, spec.name,
                "maintenance margin rate above the initial rate");
    }
    auto id = static_cast<SymbolId>(instruments_.size());
    by_name_.emplace(spec.name, id);
    instruments_.push_back(Instrument{id, std::move(spec)});
    return id;
}

std::optional<SymbolId> InstrumentRegistry::find(const std::string& name) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return std::nullopt;
    return it->second;
}

}  // namespace dsl::engine
