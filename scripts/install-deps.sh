#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests with, and nothing else.
# Idempotent: when every package is already present it does not touch apt at all.
#
#   scripts/install-deps.sh            packages for building, testing and the demo
#   scripts/install-deps.sh --bench    also the peers the benchmarks compare against
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  antlr4 libantlr4-runtime-dev uuid-dev
  libfmt-dev libcli11-dev nlohmann-json3-dev libxxhash-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev clang-format-14
  libimgui-dev libstb-dev libglfw3-dev libgl1-mesa-dri libglx-mesa0 xvfb xauth
)
if [[ ${1:-} == --bench ]]; then
  packages+=(lua5.4 luajit liblua5.4-dev libluajit-5.1-dev valgrind hyperfine bc)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
