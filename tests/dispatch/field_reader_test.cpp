// `position(s).qty` and the like compile to CALLBF, which the trading bindings answer with a
// field reader instead of building the record (vm/host.h). A field read that way must be the
// value the record holds: this strategy reads every field of position(), portfolio() and
// get_order() both ways, on every bar and in every fill handler, through fills, partial
// exits, rejections and cancellations, and counts the differences.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "bytecode/builtins.h"
#include "bytecode/disasm.h"
#include "tests/dispatch/run_support.h"

namespace dsl {
namespace {

// One check per field of `record`: `whole` is a local holding the record, `call` the
// builtin call that makes it. Floats compare equal when both are na.
std::string checks_of(RecordId record, const std::string& whole, const std::string& call) {
    std::string out;
    for (const FieldInfo& f : record_fields(record)) {
        const std::string a = whole + "." + std::string(f.name);
        const std::string b = call + "." + std::string(f.name);
        const std::string same =
            f.type.kind == TypeKind::Float ? "same(" + a + ", " + b + ")" : a + " == " + b;
        out += "    checks += 1\n";
        out += "    if not (" + same + ") {\n";
        out += "        mismatches += 1\n";
        out += "        log(\"" + std::string(record_name(record)) + "." + std::string(f.name) +
               " differs\")\n";
        out += "    }\n";
    }
    return out;
}

std::string strategy() {
    return "var checks: int = 0\n"
           "var mismatches: int = 0\n"
           "var last_order: int = 0\n"
           "\n"
           "fn same(a: float, b: float) -> bool {\n"
           "    return a == b or (is_na(a) and is_na(b))\n"
           "}\n"
           "\n"
           "fn check_position(s: symbol) {\n"
           "    let p = position(s)\n" +
           checks_of(RecordId::Position, "p", "position(s)") +
           "}\n"
           "\n"
           "fn check_portfolio() {\n"
           "    let p = portfolio()\n" +
           checks_of(RecordId::Portfolio, "p", "portfolio()") +
           "}\n"
           "\n"
           "fn check_order(id: int) {\n"
           "    let o = get_order(id)\n" +
           checks_of(RecordId::Order, "o", "get_order(id)") +
           "}\n"
           "\n"
           "fn check_all(s: symbol) {\n"
           "    check_position(s)\n"
           "    check_portfolio()\n"
           "    for id in 1..last_order + 1 {\n"
           "        check_order(id)\n"
           "    }\n"
           "}\n"
           "\n"
           "on_bar(s: symbol) {\n"
           "    let bar = bar_index(s)\n"
           "    if bar % 7 == 1 {\n"
           "        last_order = limit_buy(s, 10, round_price(s, close(s) * 0.99), tag: \"dip\")\n"
           "    }\n"
           "    if bar % 7 == 3 { last_order = buy(s, 5, tag: \"add\") }\n"
           "    if bar % 7 == 5 and position(s).qty > 0 {\n"
           "        last_order = sell(s, position(s).qty / 2, tag: \"half out\")\n"
           "    }\n"
           "    if bar % 11 == 2 { last_order = buy(s, -1) }\n"
           "    if bar % 13 == 4 { last_order = stop_sell(s, 3, round_price(s, close(s) * 0.97)) "
           "}\n"
           "    if bar % 13 == 6 { cancel_all() }\n"
           "    check_all(s)\n"
           "}\n"
           "\n"
           "on_order_fill(o: order) {\n"
           "    check_all(o.symbol)\n"
           "}\n"
           "\n"
           "on_stop() {\n"
           "    log(\"{} checks, {} mismatches\", checks, mismatches)\n"
           "}\n";
}

class Logs : public runner::RunObserver {
  public:
    std::vector<std::string> lines;
    std::vector<std::string> errors;
    int fills = 0;
    int rejections = 0;
    int cancellations = 0;

    void on_log(HandlerId, engine::Timestamp, std::string_view text) override {
        lines.emplace_back(text);
    }
    void on_error(const vm::RuntimeError& e, engine::Timestamp) override {
        errors.push_back(e.to_string());
    }
    void on_engine_event(const engine::Event& e) override {
        fills += std::holds_alternative<engine::Fill>(e);
        rejections += std::holds_alternative<engine::OrderRejected>(e);
        cancellations += std::holds_alternative<engine::OrderCanceled>(e);
    }
};

size_t count(const std::string& text, const std::string& word) {
    size_t n = 0;
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
        ++n;
    return n;
}

TEST(FieldReaders, EveryFieldReadWithoutItsRecordIsTheRecordsValue) {
    auto module = test::compile_or_die(strategy());
    // Every `call(..).field` above is one CALLBF (not a call and a GETFIELD).
    const size_t fields = record_fields(RecordId::Position).size() +
                          record_fields(RecordId::Portfolio).size() +
                          record_fields(RecordId::Order).size();
    const std::string listing = disassemble(module.module());
    EXPECT_EQ(count(listing, "CALLBF"), fields + 2);  // and the two position(s).qty in on_bar

    Logs logs;
    runner::StrategyRunner run(module, test::setup_for({"TEST"}), logs);
    ASSERT_TRUE(run.start());
    for (int day = 0; day < 60; ++day) {
        // A saw-tooth around 100 with wide ranges: limits and stops fill on some bars only.
        const int c = 100 + (day * 7) % 13 - 6;
        const std::string open = std::to_string(c - 1), close = std::to_string(c);
        const std::string high = std::to_string(c + 4), low = std::to_string(c - 5);
        ASSERT_TRUE(
            run.on_bar(test::bar(day, open.c_str(), high.c_str(), low.c_str(), close.c_str())));
    }
    run.finish();

    ASSERT_FALSE(logs.lines.empty());
    const std::string& last = logs.lines.back();
    EXPECT_NE(last.find(", 0 mismatches"), std::string::npos) << last;
    EXPECT_EQ(logs.lines.size(), 1u) << logs.lines.front();  // no "differs" line
    EXPECT_GT(std::stol(last), 5000) << last;                // checks made
    // The run went through the states the fields describe.
    EXPECT_GT(logs.fills, 10);
    EXPECT_GT(logs.rejections, 2);
    EXPECT_GT(logs.cancellations, 0);
}

// An id never issued stops the strategy with the same error whether the field is read
// through the reader or from the record.
TEST(FieldReaders, AnOrderNeverIssuedIsARuntimeErrorEitherWay) {
    for (const char* read :
         {"    if get_order(7).status == OrderStatus.Filled {\n",
          "    let o = get_order(7)\n    if o.status == OrderStatus.Filled {\n"}) {
        const std::string source =
            std::string("on_bar(s: symbol) {\n") + read + "        log(\"never\")\n    }\n}\n";
        auto module = test::compile_or_die(source);
        Logs logs;
        runner::StrategyRunner run(module, test::setup_for({"TEST"}), logs);
        ASSERT_TRUE(run.start());
        EXPECT_FALSE(run.on_bar(test::bar(0, "10", "11", "9", "10"))) << read;
        ASSERT_EQ(logs.errors.size(), 1u) << read;
        EXPECT_NE(logs.errors[0].find("get_order: there is no order with id 7 in on_bar at "),
                  std::string::npos)
            << logs.errors[0];
        EXPECT_NE(logs.errors[0].find(":2"), std::string::npos) << logs.errors[0];
        EXPECT_TRUE(logs.lines.empty());
    }
}

}  // namespace
}  // namespace dsl
