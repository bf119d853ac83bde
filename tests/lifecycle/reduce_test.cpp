// The reducer on hand-made changes: what each change sets, and its typed problems.
#include "lifecycle/reduce.h"

#include <gtest/gtest.h>

#include "engine/fixed.h"

namespace dsl::lifecycle {
namespace {

using Num = engine::Fixed;
using engine::fx;

Submitted<Num> stop_order(OrderId id) {
    Submitted<Num> s;
    s.ts = 10;
    s.id = id;
    s.symbol = 0;
    s.side = Side::buy;
    s.type = OrderType::stop;
    s.qty = fx(100);
    s.stop_price = fx(11);
    s.tag = "t";
    return s;
}

TEST(Reduce, AnOrderIsWhatItsChangesSet) {
    Book<Num> book(1);
    ASSERT_EQ(apply(book, stop_order(1)), Problem::none);
    const Order<Num>& o = book.orders()[0];
    EXPECT_EQ(o.status, OrderStatus::pending);
    EXPECT_EQ(o.created_ts, 10);
    ASSERT_EQ(apply(book, Accepted<Num>{20, 1, fx(100), fx(11), 5}), Problem::none);
    EXPECT_EQ(o.status, OrderStatus::open);
    EXPECT_EQ(o.accepted_ts, 20);
    EXPECT_EQ(o.latency_ns, 5);
    ASSERT_EQ(apply(book, Triggered<Num>{30, 1, fx(11), fx("11.5")}), Problem::none);
    EXPECT_EQ(o.status, OrderStatus::triggered);
    EXPECT_TRUE(o.triggered);
    Execution<Num> x{30, 1, 0, fx(40), fx("11.5"), fx(1), Num(), fx(40), fx("11.5"), fx(2)};
    ASSERT_EQ(apply(book, x), Problem::none);
    // The execution: quantities and the position, not yet the status.
    EXPECT_EQ(o.status, OrderStatus::triggered);
    EXPECT_EQ(o.filled_qty, fx(40));
    EXPECT_EQ(o.last_fill_price, fx("11.5"));
    EXPECT_EQ(o.commission, fx(1));
    EXPECT_EQ(book.positions()[0].qty, fx(40));
    EXPECT_EQ(book.positions()[0].unrealized_pnl, fx(2));
    ASSERT_EQ(apply(book, PartiallyFilled<Num>{30, 1, fx(40), fx("11.5")}), Problem::none);
    EXPECT_EQ(o.status, OrderStatus::partially_filled);
    EXPECT_EQ(o.avg_fill_price, fx("11.5"));
    ASSERT_EQ(apply(book, CancelRequested<Num>{31, 1, 40}), Problem::none);
    EXPECT_EQ(o.cancel_effective_at, 40);
    EXPECT_EQ(o.updated_ts, 30);
    ASSERT_EQ(apply(book, Canceled<Num>{40, 1, "user", fx(40), 0}), Problem::none);
    EXPECT_EQ(o.status, OrderStatus::canceled);
    EXPECT_EQ(o.reason, "user");
    EXPECT_EQ(o.finished_ts, 40);
    EXPECT_EQ(o.cancel_effective_at, kNoTime);
}

TEST(Reduce, LinksNameEachOther) {
    Book<Num> book(1);
    for (OrderId id = 1; id <= 3; ++id)
        ASSERT_EQ(apply(book, stop_order(id)), Problem::none);
    ASSERT_EQ(apply(book, BracketLinked<Num>{5, 1, 2, 3}), Problem::none);
    EXPECT_EQ(book.orders()[0].take_profit, 2u);
    EXPECT_EQ(book.orders()[0].stop_loss, 3u);
    EXPECT_EQ(book.orders()[1].oco, 3u);
    EXPECT_EQ(book.orders()[2].oco, 2u);
    EXPECT_EQ(book.orders()[0].updated_ts, 10);  // linking a bracket is part of its submission
    ASSERT_EQ(apply(book, stop_order(4)), Problem::none);
    ASSERT_EQ(apply(book, OcoLinked<Num>{7, 1, 4}), Problem::none);
    EXPECT_EQ(book.orders()[3].oco, 1u);
    EXPECT_EQ(book.orders()[3].updated_ts, 7);
}

TEST(Reduce, ProblemsAreTypedAndChangeNothing) {
    Book<Num> book(1);
    EXPECT_EQ(apply(book, Accepted<Num>{1, 1, fx(1), Num(), 0}), Problem::unknown_order);
    EXPECT_EQ(apply(book, stop_order(2)), Problem::order_exists);  // ids are dense from 1
    ASSERT_EQ(apply(book, stop_order(1)), Problem::none);
    EXPECT_EQ(apply(book, stop_order(1)), Problem::order_exists);
    Execution<Num> x{1, 1, 7, fx(1), fx(1), Num(), Num(), fx(1), fx(1), Num()};
    EXPECT_EQ(apply(book, x), Problem::unknown_symbol);
    PositionChanged<Num> elsewhere;
    elsewhere.symbol = 7;
    EXPECT_EQ(apply(book, elsewhere), Problem::unknown_symbol);
    // A running total that would leave the range: neither the order nor the position moves.
    x.symbol = 0;
    x.commission = Num::max();
    ASSERT_EQ(apply(book, x), Problem::none);
    x.commission = fx(1);
    EXPECT_EQ(apply(book, x), Problem::overflow);
    EXPECT_EQ(book.orders()[0].filled_qty, fx(1));
    EXPECT_EQ(book.positions()[0].commission, Num::max());
    EXPECT_EQ(to_string(Problem::overflow), "running total out of range");
}

TEST(Reduce, TheVariantAppliesLikeItsAlternative) {
    Book<Num> a(1), b(1);
    Change<Num> c = stop_order(1);
    ASSERT_EQ(lifecycle::apply(a, c), Problem::none);
    ASSERT_EQ(apply(b, stop_order(1)), Problem::none);
    EXPECT_EQ(a.orders(), b.orders());
    EXPECT_EQ(change_name(c), "order_submitted");
    EXPECT_EQ(change_ts(c), 10);
}

}  // namespace
}  // namespace dsl::lifecycle
