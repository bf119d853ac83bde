// GoogleTest printers for the reader's values, so that failures show "2.179012", not bytes.
#pragma once

#include <ostream>

#include "trace/decimal.h"
#include "trace/model.h"

namespace dsl::trace {

inline void PrintTo(const Decimal& d, std::ostream* out) {
    *out << d.to_string();
}
inline void PrintTo(OrderStatus s, std::ostream* out) {
    *out << to_string(s);
}

}  // namespace dsl::trace
