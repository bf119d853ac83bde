// The .dslbc file format. This header is the reference; docs/bytecode.md explains it with
// an example. All integers are little-endian; strings are a u32 byte length followed by
// the bytes (UTF-8, no terminator); types are the u16 codes of encode_type().
//
//   Header, 32 bytes
//     0   u8[8]  magic "DSLBC\0\r\n" (the CR LF catches text-mode mangling)
//     8   u16    format version (kFormatVersion)
//     10  u16    flags, 0
//     12  u32    number of sections
//     16  u64    content hash: XXH3-64 (seed 0) of every byte after the header
//     24  u64    file size in bytes
//
//   Sections, in this order, each: u32 tag, u32 payload size, payload, zero padding to a
//   multiple of 4 bytes. Every section is present (possibly with a count of 0).
//     META  u32 history depth (verified: 1..kMaxHistoryDepth, at least min_history_depth()
//           of bytecode/module.h), u32 init function (0xFFFFFFFF: none),
//           string source file name, string compiler version
//     SRCE  string: the source text
//     CNST  u32 n; n x (u16 type; int: i64 | float: f64 | string: string)
//     FMTS  u32 n; n x (string spec text, u8 enum id or 0xFF)
//     GLOB  u32 n; n x (string name, u16 type)
//     INPT  u32 n; n x (string name, u32 global, default value as in CNST without the type)
//     IMPT  u32 n; n x (string builtin name, string signature text)
//     SITE  u32 n; n x (u32 import, u32 line, u32 col)
//     FUNC  u32 n; n x (string name, u32 line, u32 param count, u16 result type,
//                       u32 register count, register count x u16 type,
//                       u32 code words, code words x u32,
//                       u32 line entries, entries x (u32 pc, u32 line, u32 col))
//     HNDL  u32 n; n x (u8 handler id, u32 function)
//
// Limits enforced by the loader: at most 65536 constants, globals, imports and functions
// (16-bit operands), 256 registers per function, 2^24 code words per function, 64 MiB per
// file.
//
// Version history
//   1  first format.
//   2  CALLBF (a builtin call that reads one field of its record result); the opcodes after
//      CALLS are renumbered.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsl {

inline constexpr uint8_t kMagic[8] = {'D', 'S', 'L', 'B', 'C', 0, '\r', '\n'};
inline constexpr uint16_t kFormatVersion = 2;
inline constexpr size_t kHeaderSize = 32;
inline constexpr uint64_t kMaxFileSize = 64u << 20;
inline constexpr uint32_t kMaxCodeWords = 1u << 24;

// Section tags as little-endian u32 of their four ASCII letters.
constexpr uint32_t section_tag(const char (&s)[5]) {
    return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
           uint32_t(uint8_t(s[3])) << 24;
}

}  // namespace dsl
