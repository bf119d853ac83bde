// The position() builtin's record is shared while the position's shown fields are unchanged
// (stdlib/trading.h, shared_position_record): the same object for a flat position bar after
// bar, a new one as soon as a fill or a new mark changes what it shows, and the shared one
// stays alive across collections because the VM keeps it.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/sink.h"
#include "stdlib/trading.h"
#include "tests/dispatch/run_support.h"
#include "vm/vm.h"

namespace dsl::test {
namespace {

struct SharedPositionRecord : ::testing::Test {
    vm::VerifiedModule module = compile_or_die("on_bar(s: symbol) {\n}\n");
    vm::Host host;
    vm::Vm vm{module, host};
    engine::NullSink sink;
    engine::Engine engine{engine::EngineConfig{}, sink};
    stdlib::Trading trading{engine};
    engine::SymbolId symbol = 0;

    void SetUp() override {
        engine::InstrumentSpec spec;
        spec.name = "X";
        symbol = engine.add_instrument(spec);
    }
    vm::Record* position() { return trading.shared_position_record(vm, symbol); }
    static double field(vm::Record* r, const char* name) {
        return r->fields()[find_field(RecordId::Position, name)->index].as_float();
    }
};

TEST_F(SharedPositionRecord, FlatPositionIsOneRecordAcrossBarsAndCollections) {
    engine.on_bar(bar(0, "10", "11", "9", "10"));
    vm::Record* first = position();
    engine.on_bar(bar(1, "10", "12", "9", "11"));  // a new mark: a flat position shows none
    vm.collect_garbage();
    EXPECT_EQ(position(), first);
    EXPECT_EQ(field(first, "qty"), 0.0);
}

TEST_F(SharedPositionRecord, AFillOrANewMarkOfAHeldPositionMakesANewRecord) {
    engine.on_bar(bar(0, "10", "11", "9", "10"));
    vm::Record* flat = position();
    engine.market(symbol, engine::Side::buy, fx("5"), {});
    engine.on_bar(bar(1, "10", "12", "9", "11"));  // fills at the open, marks at the close
    vm::Record* held = position();
    EXPECT_NE(held, flat);
    EXPECT_EQ(field(held, "qty"), 5.0);
    EXPECT_EQ(field(held, "unrealized_pnl"), 5.0);
    EXPECT_EQ(position(), held);  // asked again within the bar
    engine.on_bar(bar(2, "11", "13", "10", "12"));
    vm::Record* marked = position();
    EXPECT_NE(marked, held);
    EXPECT_EQ(field(marked, "unrealized_pnl"), 10.0);
    EXPECT_EQ(field(held, "unrealized_pnl"), 5.0);  // a record once handed out never changes
}

}  // namespace
}  // namespace dsl::test
