// Names of the basic enums, expanded from their X-macro lists in types.h.
#include "engine/types.h"

#include <array>

namespace dsl::engine {

namespace {

constexpr std::array kSideNames{DSL_ENGINE_SIDES(DSL_ENGINE_ENUM_NAME)};
constexpr std::array kTypeNames{DSL_ENGINE_ORDER_TYPES(DSL_ENGINE_ENUM_NAME)};
constexpr std::array kTifNames{DSL_ENGINE_TIFS(DSL_ENGINE_ENUM_NAME)};

}  // namespace

std::string_view to_string(Side side) {
    return kSideNames.at(static_cast<std::size_t>(side));
}
std::string_view to_string(OrderType type) {
    return kTypeNames.at(static_cast<std::size_t>(type));
}
std::string_view to_string(TimeInForce tif) {
    return kTifNames.at(static_cast<std::size_t>(tif));
}

}  // namespace dsl::engine
