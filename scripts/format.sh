#!/usr/bin/env bash
# Formats every C++ file of the project with clang-format 14 and the repository's .clang-format,
# or checks that each is formatted.
#
#   scripts/format.sh            rewrite the files that are not formatted
#   scripts/format.sh --check    list them and exit 1 if there is one; change nothing
#
# The files: the .cpp, .h and .c files git tracks (outside a git checkout, those below the
# source folders); the ANTLR parser is generated into the build folder and never committed. The
# .def tables (opcodes, builtins, diagnostics, ...) are left as they are: one entry per line.
# CLANG_FORMAT names the program; otherwise clang-format-14, or clang-format if it is version
# 14 (other versions format some constructs differently). Without it, --check exits 77: the
# ctest `format` reports that as skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

check=false
case ${1:-} in
  "") ;;
  --check) check=true ;;
  *) echo "usage: scripts/format.sh [--check]" >&2; exit 2 ;;
esac

find_clang_format() {
  if [[ -n ${CLANG_FORMAT:-} ]]; then echo "$CLANG_FORMAT"; return; fi
  if command -v clang-format-14 >/dev/null; then echo clang-format-14; return; fi
  if command -v clang-format >/dev/null && clang-format --version | grep -q 'version 14\.'; then
    echo clang-format
  fi
}
clang_format=$(find_clang_format)
if [[ -z $clang_format ]]; then
  echo "scripts/format.sh: clang-format 14 is not installed (scripts/install-deps.sh installs it)" >&2
  exit 77
fi

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.cpp' '*.h' '*.c')
else
  mapfile -t files < <(find . -path ./build -prune -o \( -name '*.cpp' -o -name '*.h' -o -name '*.c' \) \
                         -type f -print | sed 's|^\./||' | sort)
fi

# One clang-format for all the files: each unformatted one is named in a "FILE:LINE:COL: error:"
# line (one per file with --ferror-limit=1). Any other failure is reported as it is.
status=0
report=$("$clang_format" --dry-run -Werror --ferror-limit=1 "${files[@]}" 2>&1) || status=$?
mapfile -t unformatted < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: .*/\1/p' <<<"$report" | sort -u)
if [[ $status -ne 0 && ${#unformatted[@]} -eq 0 ]]; then
  echo "$report" >&2
  exit 2
fi
if [[ ${#unformatted[@]} -eq 0 ]]; then exit 0; fi
if $check; then
  echo "not formatted (run scripts/format.sh):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi
"$clang_format" -i "${unformatted[@]}"
printf 'formatted %s\n' "${unformatted[@]}"
