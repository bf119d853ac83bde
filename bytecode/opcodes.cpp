// Opcode lookups that need more than the constexpr table.
#include "bytecode/opcodes.h"

namespace dsl {

size_t instruction_length(const uint32_t* code, size_t avail) {
    if (avail == 0) return 0;
    uint8_t op = uint8_t(code[0] & 0xFF);
    if (op >= kOpCount) return 0;
    size_t len = 0;
    switch (kOpInfo[op].format) {
        case Format::ABC:
        case Format::ABx:
        case Format::AsBx:
        case Format::sAx:
            len = 1;
            break;
        case Format::ABJ:
            len = 2;
            break;
        case Format::CALL:
        case Format::CALLW: {
            size_t args_at = call_args_at(Op(op));
            if (avail <= args_at) return 0;
            size_t n = code[args_at] & 0xFF;
            len = args_at + call_arg_words(n);
            break;
        }
    }
    return len <= avail ? len : 0;
}

}  // namespace dsl
