// The messages of arithmetic faults (bytecode/arith.h), shared by runtime and compile errors.
#include "bytecode/arith.h"

#include <fmt/format.h>

namespace dsl::arith {

std::string fault_message(Fault f, double operand) {
    switch (f) {
        case Fault::none:
            break;
        case Fault::overflow:
            return "integer overflow";
        case Fault::division_by_zero:
            return "integer division by zero";
        case Fault::modulo_by_zero:
            return "integer modulo by zero";
        case Fault::na_to_int:
            return "cannot convert na to int";
        case Fault::out_of_int_range:
            return fmt::format("float {} is out of the int range", operand);
    }
    return "no fault";
}

}  // namespace dsl::arith
