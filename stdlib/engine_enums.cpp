// The DSL's enums are the engine's, enumerator by enumerator: Side, OrderType, OrderStatus and
// TimeInForce values reach the engine as their ordinals (trading.cpp casts them both ways), so
// each ordinal must name the same thing on both sides. The DSL spells an enumerator in
// PascalCase (stop_limit: StopLimit) or, for an abbreviation, in capitals (gtc: GTC). Nothing
// here runs: an enumerator added, removed or moved on one side only stops the build with a
// message that names it.
#include "bytecode/types.h"
#include "engine/order_status.h"
#include "engine/types.h"

namespace dsl::stdlib {
namespace {

// Word `i` of a space-separated list ("" past its end).
constexpr std::string_view word(std::string_view words, int i) {
    for (; i > 0 && !words.empty(); --i) {
        size_t space = words.find(' ');
        words = space == std::string_view::npos ? std::string_view() : words.substr(space + 1);
    }
    return words.substr(0, words.find(' '));
}

constexpr int word_count(std::string_view words) {
    int n = 1;
    for (char c : words)
        n += c == ' ';
    return n;
}

constexpr char upper(char c) {
    return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
}

// Whether `dsl` is the DSL's spelling of the engine's snake_case `engine`.
constexpr bool spells(std::string_view dsl, std::string_view engine) {
    std::string_view::size_type pascal = 0, capitals = 0;
    bool word_start = true;
    bool is_pascal = true, is_capitals = dsl.size() == engine.size();
    for (char c : engine) {
        if (c == '_') {
            word_start = true;
            continue;
        }
        char expected = word_start ? upper(c) : c;
        word_start = false;
        is_pascal = is_pascal && pascal < dsl.size() && dsl[pascal] == expected;
        ++pascal;
        is_capitals = is_capitals && dsl[capitals] == upper(c);
        ++capitals;
    }
    return (is_pascal && pascal == dsl.size()) || is_capitals;
}

// The DSL's value lists, by enum: kSideWords = "Buy Sell", ...
#define DSL_STDLIB_ENUM_WORDS(id, name, values) constexpr std::string_view k##id##Words = values;
DSL_ENUMS(DSL_STDLIB_ENUM_WORDS)
#undef DSL_STDLIB_ENUM_WORDS

#define DSL_STDLIB_COUNT(name) +1
static_assert(word_count(kSideWords) == 0 DSL_ENGINE_SIDES(DSL_STDLIB_COUNT),
              "Side: DSL_ENUMS (bytecode/types.h) and DSL_ENGINE_SIDES differ in length");
static_assert(
    word_count(kOrderTypeWords) == 0 DSL_ENGINE_ORDER_TYPES(DSL_STDLIB_COUNT),
    "OrderType: DSL_ENUMS (bytecode/types.h) and DSL_ENGINE_ORDER_TYPES differ in length");
static_assert(word_count(kOrderStatusWords) == 0 DSL_ENGINE_ORDER_STATUSES(DSL_STDLIB_COUNT),
              "OrderStatus: DSL_ENUMS (bytecode/types.h) and DSL_ENGINE_ORDER_STATUSES differ in "
              "length");
static_assert(word_count(kTimeInForceWords) == 0 DSL_ENGINE_TIFS(DSL_STDLIB_COUNT),
              "TimeInForce: DSL_ENUMS (bytecode/types.h) and DSL_ENGINE_TIFS differ in length");
#undef DSL_STDLIB_COUNT

#define DSL_STDLIB_SAME(Enum, name)                                             \
    static_assert(spells(word(k##Enum##Words, int(engine::Enum::name)), #name), \
                  #Enum "::" #name                                              \
                        ": DSL_ENUMS (bytecode/types.h) must spell it at "      \
                        "the engine's ordinal");
#define DSL_STDLIB_SAME_SIDE(name) DSL_STDLIB_SAME(Side, name)
#define DSL_STDLIB_SAME_ORDER_TYPE(name) DSL_STDLIB_SAME(OrderType, name)
#define DSL_STDLIB_SAME_ORDER_STATUS(name) DSL_STDLIB_SAME(OrderStatus, name)
#define DSL_STDLIB_SAME_TIF(name) DSL_STDLIB_SAME(TimeInForce, name)
DSL_ENGINE_SIDES(DSL_STDLIB_SAME_SIDE)
DSL_ENGINE_ORDER_TYPES(DSL_STDLIB_SAME_ORDER_TYPE)
DSL_ENGINE_ORDER_STATUSES(DSL_STDLIB_SAME_ORDER_STATUS)
DSL_ENGINE_TIFS(DSL_STDLIB_SAME_TIF)
#undef DSL_STDLIB_SAME_SIDE
#undef DSL_STDLIB_SAME_ORDER_TYPE
#undef DSL_STDLIB_SAME_ORDER_STATUS
#undef DSL_STDLIB_SAME_TIF
#undef DSL_STDLIB_SAME

// The checks above, on the spellings themselves.
static_assert(spells("StopLimit", "stop_limit") && spells("GTC", "gtc") && spells("Buy", "buy"));
static_assert(!spells("Stop", "stop_limit") && !spells("StopLimitX", "stop_limit") &&
              !spells("Limit", "stop_limit") && !spells("GT", "gtc"));
static_assert(word("A Bb C", 1) == "Bb" && word("A Bb C", 3).empty() && word_count("A Bb C") == 3);

}  // namespace
}  // namespace dsl::stdlib
