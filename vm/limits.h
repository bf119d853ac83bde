// The limits a run is held to. Each one ends the strategy with a runtime error naming the
// handler, file and line when it is exceeded (vm/errors.h); docs/vm.md explains the
// defaults, which dslvm exposes as flags.
#pragma once

#include <cstdint>

namespace dsl::vm {

struct Limits {
    // Gas of one handler invocation (or of the state initialiser), checked at safepoints.
    int64_t event_gas = 10'000'000;
    // Gas of the whole run, all invocations together.
    int64_t run_gas = 10'000'000'000;
    // Frames of DSL functions on the call stack, the handler's own frame included.
    uint32_t max_call_depth = 1000;
    // Bytes of VM memory: live heap objects (strings, arrays, records), the register stack,
    // and host-side state charged through HostCall::reserve_memory (indicator windows).
    // Constant strings of the module are not counted: the file size bounds them.
    uint64_t memory = 256ull << 20;
};

// Upper bounds that flags may not exceed, so a typo cannot ask for an absurd machine.
inline constexpr uint32_t kMaxCallDepthCap = 100'000;
// The smallest memory limit dslvm accepts: below it not even the register stack and a small
// strategy's globals fit. (A larger limit that the set-up still does not fit stops the
// strategy with a memory error before it runs.)
inline constexpr uint64_t kMinMemoryLimit = 64u << 10;

}  // namespace dsl::vm
