// Names and texts of the reason codes, expanded from the X-macro lists in reasons.h.
#include "engine/reasons.h"

#include <array>

namespace dsl::engine {

namespace {

#define DSL_ENGINE_REASON_NAME(name, ...) #name,
#define DSL_ENGINE_REASON_TEXT(name, text) text,

constexpr std::array kRejectNames{DSL_ENGINE_REJECT_REASONS(DSL_ENGINE_REASON_NAME)};
constexpr std::array kRejectTexts{DSL_ENGINE_REJECT_REASONS(DSL_ENGINE_REASON_TEXT)};
constexpr std::array kCancelNames{DSL_ENGINE_CANCEL_REASONS(DSL_ENGINE_REASON_NAME)};
constexpr std::array kExpireNames{DSL_ENGINE_EXPIRE_REASONS(DSL_ENGINE_REASON_NAME)};
constexpr std::array kModifyNames{DSL_ENGINE_MODIFY_REASONS(DSL_ENGINE_REASON_NAME)};
constexpr std::array kGapNames{DSL_ENGINE_GAP_RULES(DSL_ENGINE_REASON_NAME)};
constexpr std::array kLegNames{DSL_ENGINE_PATH_LEGS(DSL_ENGINE_REASON_NAME)};
constexpr std::array kCommandNames{DSL_ENGINE_COMMANDS(DSL_ENGINE_REASON_NAME)};

template <typename Array, typename Enum>
std::string_view lookup(const Array& names, Enum value) {
    return names.at(static_cast<std::size_t>(value));
}

}  // namespace

std::string_view to_string(RejectReason reason) {
    return lookup(kRejectNames, reason);
}
std::string_view default_text(RejectReason reason) {
    return lookup(kRejectTexts, reason);
}
std::string_view to_string(CancelReason reason) {
    return lookup(kCancelNames, reason);
}
std::string_view to_string(ExpireReason reason) {
    return lookup(kExpireNames, reason);
}
std::string_view to_string(ModifyReason reason) {
    return lookup(kModifyNames, reason);
}
std::string_view to_string(GapRule rule) {
    return lookup(kGapNames, rule);
}
std::string_view to_string(PathLeg leg) {
    return lookup(kLegNames, leg);
}
std::string_view to_string(CommandKind kind) {
    return lookup(kCommandNames, kind);
}

}  // namespace dsl::engine
