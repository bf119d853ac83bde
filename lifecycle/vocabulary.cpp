// Names of the lifecycle's enums, changes and problems, expanded from their lists.
#include "lifecycle/vocabulary.h"

#include <array>

#include "lifecycle/changes.h"
#include "lifecycle/reduce.h"

namespace dsl::lifecycle {

namespace {

#define DSL_LIFECYCLE_NAME(name) std::string_view(#name),
constexpr std::array kSideNames{DSL_LIFECYCLE_SIDES(DSL_LIFECYCLE_NAME)};
constexpr std::array kTypeNames{DSL_LIFECYCLE_ORDER_TYPES(DSL_LIFECYCLE_NAME)};
constexpr std::array kTifNames{DSL_LIFECYCLE_TIFS(DSL_LIFECYCLE_NAME)};
constexpr std::array kStatusNames{DSL_LIFECYCLE_ORDER_STATUSES(DSL_LIFECYCLE_NAME)};
#undef DSL_LIFECYCLE_NAME

#define DSL_LIFECYCLE_CHANGE_NAME(Type, name) std::string_view(name),
constexpr std::array kChangeNames{DSL_LIFECYCLE_CHANGES(DSL_LIFECYCLE_CHANGE_NAME)};
#undef DSL_LIFECYCLE_CHANGE_NAME

constexpr std::array kProblemNames{std::string_view("none"), std::string_view("unknown order"),
                                   std::string_view("order already exists"),
                                   std::string_view("unknown symbol"),
                                   std::string_view("running total out of range")};

}  // namespace

std::string_view to_string(Side v) {
    return kSideNames.at(static_cast<std::size_t>(v));
}
std::string_view to_string(OrderType v) {
    return kTypeNames.at(static_cast<std::size_t>(v));
}
std::string_view to_string(TimeInForce v) {
    return kTifNames.at(static_cast<std::size_t>(v));
}
std::string_view to_string(OrderStatus v) {
    return kStatusNames.at(static_cast<std::size_t>(v));
}
std::string_view change_name(std::size_t index) {
    return index < kChangeNames.size() ? kChangeNames[index] : std::string_view();
}
std::string_view to_string(Problem p) {
    return kProblemNames.at(static_cast<std::size_t>(p));
}

}  // namespace dsl::lifecycle
