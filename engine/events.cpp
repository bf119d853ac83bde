// Event names and common accessors, expanded from DSL_ENGINE_EVENTS (events.h).
#include "engine/events.h"

#include <array>

namespace dsl::engine {

namespace {

#define DSL_ENGINE_EVENT_NAME(Type, name) std::string_view(name),
constexpr std::array kEventNames{DSL_ENGINE_EVENTS(DSL_ENGINE_EVENT_NAME)};
#undef DSL_ENGINE_EVENT_NAME

static_assert(kEventNames.size() == std::variant_size_v<Event>);

}  // namespace

std::string_view event_name(std::size_t kind_index) {
    return kEventNames.at(kind_index);
}
std::string_view event_name(const Event& event) {
    return event_name(event.index());
}

Timestamp event_ts(const Event& event) {
    return std::visit([](const auto& e) { return e.ts; }, event);
}

}  // namespace dsl::engine
