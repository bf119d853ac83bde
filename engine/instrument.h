// Instruments: what the engine knows about each tradable symbol, registered before trading.
//
// Invariants: SymbolIds are dense from 0 in registration order; names are unique; tick size, lot
// size and multiplier are > 0 (multiplier <= 1e6); margin rates, when given, are in (0, 1] and
// maintenance <= initial. Registration of an invalid or duplicate instrument throws
// std::invalid_argument: it is set-up code, not user input arriving during a run.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/fixed.h"
#include "engine/types.h"

namespace dsl::engine {

// The real data has six-decimal prices, hence the default tick.
inline constexpr Fixed kDefaultTickSize = Fixed::from_raw(100);  // 0.000001
inline constexpr Fixed kDefaultLotSize = Fixed::from_int(1);

struct InstrumentSpec {
    std::string name;
    Fixed tick_size = kDefaultTickSize;
    Fixed lot_size = kDefaultLotSize;
    Fixed multiplier = Fixed::from_int(1);  // money per unit of price per unit of quantity
    // Per-instrument margin rates (fractions, e.g. 0.5); unset means the account's rates.
    std::optional<Fixed> initial_margin_rate;
    std::optional<Fixed> maintenance_margin_rate;
};

struct Instrument {
    SymbolId id = kNoSymbol;
    InstrumentSpec spec;
};

class InstrumentRegistry {
  public:
    SymbolId add(InstrumentSpec spec);  // throws std::invalid_argument
    std::optional<SymbolId> find(const std::string& name) const;
    bool contains(SymbolId id) const { return id < instruments_.size(); }
    const Instrument& get(SymbolId id) const { return instruments_.at(id); }
    std::size_t size() const { return instruments_.size(); }

  private:
    std::vector<Instrument> instruments_;
    std::map<std::string, SymbolId> by_name_;  // ordered: lookups only, never iterated to output
};

}  // namespace dsl::engine
