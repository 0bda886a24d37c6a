#!/usr/bin/env bash
# Code generation benchmarks (docs/performance.md, "mcpc compile"):
#  1. `mcpc compile` wall time, --target cpp and --target ts, for specs of 10 ... 1,000 tools
#     (hyperfine), and
#  2. g++ time and binary size for a generated 100-tool server, at -O0 and -O2.
# Usage: bench/codegen/run.sh [BUILD_DIR]   (default build-release; needs mcpc, mcpc-gen-spec
# and the runtime library built there, and hyperfine). Prints Markdown tables.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$repo/build-release}"
mcpc="$build/bin/mcpc"
gen="$build/bin/mcpc-gen-spec"
runtime_lib="$build/runtime/libmcpc_runtime.a"
for f in "$mcpc" "$gen" "$runtime_lib"; do
  [[ -e "$f" ]] || { echo "bench/codegen: $f is missing (cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
done
command -v hyperfine >/dev/null || { echo "bench/codegen: hyperfine is missing (scripts/bootstrap installs it)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "| tools | spec lines | target | mcpc compile (mean ± σ) | generated lines |"
echo "|---:|---:|---|---:|---:|"
for n in 10 100 1000; do
  "$gen" "$n" "$work/spec$n.yaml" >/dev/null
  for target in cpp ts; do
    hyperfine --warmup 3 --runs 20 --style none --export-json "$work/h$n$target.json" \
      "$mcpc compile -q --target $target -o $work/out$n$target $work/spec$n.yaml" >/dev/null
    read -r mean sd < <(python3 -c "import json; r=json.load(open('$work/h$n$target.json'))['results'][0]; print(f\"{r['mean']*1000:.1f} {r['stddev']*1000:.1f}\")")
    echo "| $n | $(wc -l <"$work/spec$n.yaml") | $target | ${mean} ms ± ${sd} | $(find "$work/out$n$target" -type f -exec cat {} + | wc -l) |"
  done
done
echo
echo "| generated 100-tool server | g++ wall | binary size | stripped |"
echo "|---|---:|---:|---:|"
src=("$work"/out100cpp/*.cc)
for opt in -O0 -O2; do
  start=$(date +%s%N)
  for f in "${src[@]}"; do
    g++ -std=c++20 $opt -c -I"$repo/runtime/include" "$f" -o "$f.$opt.o" &
  done
  wait
  g++ "$work"/out100cpp/*.$opt.o "$runtime_lib" -o "$work/server$opt" -lre2 -lpthread
  end=$(date +%s%N)
  cp "$work/server$opt" "$work/server$opt.stripped" && strip "$work/server$opt.stripped"
  printf '| %s (4 files at once, then link) | %s s | %s KiB | %s KiB |\n' "$opt" "$(python3 -c "print(f'{($end - $start) / 1e9:.1f}')")" \
    "$(( $(stat -c %s "$work/server$opt") / 1024 ))" "$(( $(stat -c %s "$work/server$opt.stripped") / 1024 ))"
done
