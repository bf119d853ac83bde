// The compact encoding of finished orders: see sealed_orders.h for the layout.
#include "engine/sealed_orders.h"

#include <cassert>
#include <iterator>

#include "decimal/decimal.h"

namespace dsl::engine {

namespace {

// Flag bits, the ones set by most orders first so that the flags varint stays short.
enum FlagBit : int {
    kStatus = 0,  // 3 bits
    kSide = 3,
    kType = 4,  // 3 bits
    kTif = 7,   // 2 bits
    kQty = 9,
    kFilledSame = 10,  // filled_qty == qty (and not 0)
    kAvgFill = 11,
    kLastQtySame = 12,    // last_fill_qty == filled_qty (and not 0)
    kLastPriceSame = 13,  // last_fill_price == avg_fill_price (and not 0)
    kCommission = 14,
    kLimit = 15,
    kStop = 16,
    kTriggered = 17,
    kFilled = 18,
    kLastQty = 19,
    kLastPrice = 20,
    kTrailOffset = 21,
    kTrailPercent = 22,
    kSymbol = 23,
    kTag = 24,
    kRejectReason = 25,
    kRejectText = 26,
    kLinks = 27,  // 4 bits: parent, take_profit, stop_loss, oco
};

// The fields packed into the flags must fit their bits: a new status, side, type or TIF beyond
// them would otherwise decode as another one.
#define DSL_SEALED_COUNT(name) +1
static_assert(kOrderStatusCount <= 8, "status: 3 bits");
static_assert(0 DSL_ENGINE_SIDES(DSL_SEALED_COUNT) <= 2, "side: 1 bit");
static_assert(0 DSL_ENGINE_ORDER_TYPES(DSL_SEALED_COUNT) <= 8, "type: 3 bits");
static_assert(0 DSL_ENGINE_TIFS(DSL_SEALED_COUNT) <= 4, "tif: 2 bits");
#undef DSL_SEALED_COUNT

constexpr std::uint64_t bit(int b) {
    return std::uint64_t{1} << b;
}

// Fixed fields written when not 0.
struct PlainField {
    int bit;
    Fixed OrderSnapshot::*field;
};
constexpr PlainField kPlain[] = {
    {kQty, &OrderSnapshot::qty},
    {kAvgFill, &OrderSnapshot::avg_fill_price},
    {kCommission, &OrderSnapshot::commission},
    {kLimit, &OrderSnapshot::limit_price},
    {kStop, &OrderSnapshot::stop_price},
    {kTrailOffset, &OrderSnapshot::trail_offset},
    {kTrailPercent, &OrderSnapshot::trail_percent},
};

// Fixed fields that usually equal another one (decoded before them): a flag says so, else the
// value is written when not 0.
struct EchoField {
    int same_bit;
    int bit;
    Fixed OrderSnapshot::*field;
    Fixed OrderSnapshot::*like;
};
constexpr EchoField kEcho[] = {
    {kFilledSame, kFilled, &OrderSnapshot::filled_qty, &OrderSnapshot::qty},
    {kLastQtySame, kLastQty, &OrderSnapshot::last_fill_qty, &OrderSnapshot::filled_qty},
    {kLastPriceSame, kLastPrice, &OrderSnapshot::last_fill_price, &OrderSnapshot::avg_fill_price},
};

constexpr OrderId OrderSnapshot::*kLinkFields[] = {&OrderSnapshot::parent,
                                                   &OrderSnapshot::take_profit,
                                                   &OrderSnapshot::stop_loss, &OrderSnapshot::oco};

// Every field of OrderSnapshot is encoded: a field added to it without being written by
// SealedOrdersWriter::add and read back by Reader::next would come back from a sealed chunk as
// its default. field_count counts the fields of an aggregate: the most initialisers, each
// convertible to anything, that brace-initialise it.
struct AnyField {
    template <typename T>
    constexpr operator T() const;  // never called: only initialisations are tried
};
template <typename T, typename... Fields>
constexpr std::size_t field_count() {
    if constexpr (requires { T{Fields{}..., AnyField{}}; })
        return field_count<T, Fields..., AnyField>();
    else
        return sizeof...(Fields);
}
// The id (by its position); status, side, type, tif and triggered (in the flags); the Fixed
// fields of kPlain and kEcho; symbol; tag, reject_reason and reject_text; the links; created_ts
// and updated_ts.
constexpr std::size_t kEncodedFields =
    1 + 5 + std::size(kPlain) + std::size(kEcho) + 1 + 3 + std::size(kLinkFields) + 2;
static_assert(field_count<OrderSnapshot>() == kEncodedFields,
              "OrderSnapshot's fields and the sealed encoding differ: write the new field in "
              "SealedOrdersWriter::add, read it in SealedOrders::Reader::next, and count it in "
              "kEncodedFields (sealed_orders.cpp)");

// a - b and its inverse in wrapping 64-bit arithmetic: every pair of int64 round-trips.
std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t u) {
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

}  // namespace

// --- Writing ---

SealedOrdersWriter::SealedOrdersWriter(OrderId first_id, std::size_t expected) {
    out_.first_id_ = first_id;
    out_.bytes_.reserve(expected * 24);
    out_.groups_.reserve((expected + SealedOrders::kGroup - 1) / SealedOrders::kGroup);
}

void SealedOrdersWriter::put_varint(std::uint64_t v) {
    while (v >= 0x80) {
        out_.bytes_.push_back(static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    out_.bytes_.push_back(static_cast<std::uint8_t>(v));
}

// The 68-bit (zigzag(m) << 4 | e) as a varint: 64-bit arithmetic unless m is huge.
void SealedOrdersWriter::put_decimal(std::int64_t v) {
    unsigned e = 0;
    if (v != 0) {
        // e = min(trailing decimal zeros, 15), found as 8 + 4 + 2 + 1.
        for (unsigned step : {8u, 4u, 2u, 1u}) {
            if (v % decimal::kPow10[step] == 0) {
                v /= decimal::kPow10[step];
                e += step;
            }
        }
    }
    std::uint64_t m = zigzag(v);
    if (m < std::uint64_t{1} << 60) {
        put_varint(m << 4 | e);
        return;
    }
    unsigned __int128 wide = static_cast<unsigned __int128>(m) << 4 | e;
    while (wide >= 0x80) {
        out_.bytes_.push_back(static_cast<std::uint8_t>(wide | 0x80));
        wide >>= 7;
    }
    out_.bytes_.push_back(static_cast<std::uint8_t>(wide));
}

void SealedOrdersWriter::put_string(const std::string& s) {
    auto it = index_.find(s);
    if (it == index_.end()) {
        it = index_.emplace(s, static_cast<std::uint32_t>(out_.strings_.size())).first;
        out_.strings_.push_back(s);
    }
    put_varint(it->second);
}

void SealedOrdersWriter::add(const OrderSnapshot& o) {
    std::size_t i = out_.count_++;
    assert(o.id == out_.first_id_ + i);
    if (i % SealedOrders::kGroup == 0) {
        out_.groups_.push_back(static_cast<std::uint32_t>(out_.bytes_.size()));
        prev_symbol_ = 0;
        prev_created_ = 0;
    }
    std::uint64_t flags = static_cast<std::uint64_t>(o.status) << kStatus |
                          static_cast<std::uint64_t>(o.side) << kSide |
                          static_cast<std::uint64_t>(o.type) << kType |
                          static_cast<std::uint64_t>(o.tif) << kTif;
    if (o.triggered) flags |= bit(kTriggered);
    for (const PlainField& p : kPlain) {
        if ((o.*p.field).raw() != 0) flags |= bit(p.bit);
    }
    for (const EchoField& e : kEcho) {
        Fixed v = o.*e.field;
        if (v.raw() != 0) flags |= bit(v == o.*e.like ? e.same_bit : e.bit);
    }
    if (o.symbol != prev_symbol_) flags |= bit(kSymbol);
    if (!o.tag.empty()) flags |= bit(kTag);
    if (o.reject_reason != RejectReason::none) flags |= bit(kRejectReason);
    if (!o.reject_text.empty()) flags |= bit(kRejectText);
    for (int k = 0; k < 4; ++k) {
        if (o.*kLinkFields[k] != kNoOrder) flags |= bit(kLinks + k);
    }

    put_varint(flags);
    for (const PlainField& p : kPlain) {
        if (flags & bit(p.bit)) put_decimal((o.*p.field).raw());
    }
    for (const EchoField& e : kEcho) {
        if (flags & bit(e.bit)) put_decimal((o.*e.field).raw());
    }
    if (flags & bit(kSymbol)) put_varint(o.symbol);
    if (flags & bit(kTag)) put_string(o.tag);
    if (flags & bit(kRejectReason)) put_varint(static_cast<std::uint8_t>(o.reject_reason));
    if (flags & bit(kRejectText)) put_string(o.reject_text);
    for (int k = 0; k < 4; ++k) {
        OrderId link = o.*kLinkFields[k];
        if (link != kNoOrder) put_varint(zigzag(static_cast<std::int64_t>(link - o.id)));
    }
    put_decimal(wrapping_sub(o.created_ts, prev_created_));
    put_decimal(wrapping_sub(o.updated_ts, o.created_ts));
    prev_symbol_ = o.symbol;
    prev_created_ = o.created_ts;
}

SealedOrders SealedOrdersWriter::finish() && {
    out_.bytes_.shrink_to_fit();
    out_.groups_.shrink_to_fit();
    out_.strings_.shrink_to_fit();
    return std::move(out_);
}

// --- Reading ---

class SealedOrders::Reader {
  public:
    Reader(const SealedOrders& s, std::size_t group)
        : s_(s), pos_(s.groups_[group]), id_(s.first_id_ + group * kGroup) {}

    // Decodes the next order into o, leaving its strings as indexes (tag_, text_; -1: empty).
    void next(OrderSnapshot& o) {
        o = OrderSnapshot{};
        o.id = id_++;
        auto flags = static_cast<std::uint64_t>(varint());
        o.status = static_cast<OrderStatus>(flags >> kStatus & 7);
        o.side = static_cast<Side>(flags >> kSide & 1);
        o.type = static_cast<OrderType>(flags >> kType & 7);
        o.tif = static_cast<TimeInForce>(flags >> kTif & 3);
        o.triggered = (flags & bit(kTriggered)) != 0;
        for (const PlainField& p : kPlain) {
            if (flags & bit(p.bit)) o.*p.field = Fixed::from_raw(decimal());
        }
        for (const EchoField& e : kEcho) {
            if (flags & bit(e.same_bit)) o.*e.field = o.*e.like;
            if (flags & bit(e.bit)) o.*e.field = Fixed::from_raw(decimal());
        }
        if (flags & bit(kSymbol)) symbol_ = static_cast<SymbolId>(varint());
        o.symbol = symbol_;
        tag_ = flags & bit(kTag) ? static_cast<std::int64_t>(varint()) : -1;
        if (flags & bit(kRejectReason)) o.reject_reason = static_cast<RejectReason>(varint());
        text_ = flags & bit(kRejectText) ? static_cast<std::int64_t>(varint()) : -1;
        for (int k = 0; k < 4; ++k) {
            if (flags & bit(kLinks + k)) {
                o.*kLinkFields[k] = o.id + static_cast<OrderId>(unzigzag(varint()));
            }
        }
        created_ = wrapping_add(created_, decimal());
        o.created_ts = created_;
        o.updated_ts = wrapping_add(created_, decimal());
    }

    void strings(OrderSnapshot& o) const {
        if (tag_ >= 0) o.tag = s_.strings_[static_cast<std::size_t>(tag_)];
        if (text_ >= 0) o.reject_text = s_.strings_[static_cast<std::size_t>(text_)];
    }

  private:
    unsigned __int128 varint() {
        unsigned __int128 v = 0;
        int shift = 0;
        std::uint8_t b = 0;
        do {
            assert(pos_ < s_.bytes_.size());
            b = s_.bytes_[pos_++];
            v |= static_cast<unsigned __int128>(b & 0x7f) << shift;
            shift += 7;
        } while (b & 0x80);
        return v;
    }
    std::int64_t decimal() {
        unsigned __int128 v = varint();
        return unzigzag(static_cast<std::uint64_t>(v >> 4)) *
               decimal::kPow10[static_cast<unsigned>(v & 15)];
    }

    const SealedOrders& s_;
    std::size_t pos_;
    OrderId id_;
    SymbolId symbol_ = 0;
    Timestamp created_ = 0;
    std::int64_t tag_ = -1;
    std::int64_t text_ = -1;
};

OrderSnapshot SealedOrders::get(std::size_t i) const {
    assert(i < count_);
    Reader r(*this, i / kGroup);
    OrderSnapshot o;
    for (std::size_t k = i - i % kGroup; k <= i; ++k)
        r.next(o);
    r.strings(o);
    return o;
}

std::size_t SealedOrders::memory_bytes() const {
    std::size_t n = bytes_.capacity() + groups_.capacity() * sizeof(std::uint32_t) +
                    strings_.capacity() * sizeof(std::string);
    for (const std::string& s : strings_) {
        if (s.capacity() > std::string().capacity()) n += s.capacity() + 1;
    }
    return n;
}

}  // namespace dsl::engine
