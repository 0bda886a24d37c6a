#!/usr/bin/env bash
# Build time and size of generated C++ servers (docs/performance.md, "Build time and size of
# generated servers"), as a user of the installed package sees them:
#  1. clean build of examples/calculator (4 tools) + its handlers, Release, target only, -j2;
#  2. clean build of a generated 100-tool server (mcpc-gen-spec 100, no handlers), Release, -j2;
#  3. the rebuild after changing one tool's description, for both;
#  4. per-file compile times of the clean builds (from .ninja_log);
#  5. the stripped size of the 4-tool server and of the installed runtime library.
# Each project is fresh, against `cmake --install BUILD_DIR --prefix <tmp> --strip`, without
# ccache. Usage: bench/codegen/build_time.sh [BUILD_DIR] [RUNS]   (default build-release, 3 runs;
# the minimum and median of the runs are printed). Needs mcpc, mcpc-gen-spec and the runtime built
# there. Prints Markdown. TEMPLATE_DIR=<dir> builds with other templates (add_mcp_server's
# TEMPLATE_DIR), e.g. an earlier commit's codegen/templates, to compare layouts on one runtime;
# CALCULATOR_ONLY=1 skips the 100-tool server.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$repo/build-release}"
runs="${2:-3}"
gen="$build/bin/mcpc-gen-spec"
for f in "$build/bin/mcpc" "$gen"; do
  [[ -x "$f" ]] || { echo "bench/codegen: $f is missing (cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
done
work="$(mktemp -d)"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
export CCACHE_DISABLE=1
unset CMAKE_CXX_COMPILER_LAUNCHER CMAKE_C_COMPILER_LAUNCHER

prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" --strip >/dev/null

# project DIR TARGET SPEC [HANDLERS]: a fresh CMake project building one server.
project() {
  local dir="$1" target="$2" spec="$3" handlers="${4:-}"
  mkdir -p "$dir"
  {
    echo "cmake_minimum_required(VERSION 3.25)"
    echo "project(bench LANGUAGES CXX)"
    echo "find_package(mcpc CONFIG REQUIRED)"
    echo "add_mcp_server($target SPEC $spec${handlers:+ HANDLERS $handlers}${TEMPLATE_DIR:+ TEMPLATE_DIR $TEMPLATE_DIR})"
  } >"$dir/CMakeLists.txt"
  cmake -S "$dir" -B "$dir/b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
}

now() { date +%s.%N; }
fail() { echo "bench/codegen: a build failed (run it again with KEEP=1 and build in $work)" >&2; exit 1; }
seconds() { python3 -c "print(f'{$2 - $1:.2f}')"; }
stats() { python3 -c "import statistics,sys; v=sorted(map(float,sys.argv[1:])); print(f'{v[0]:.2f} s (median {statistics.median(v):.2f} s)')" "$@"; }

# clean_build DIR TARGET: seconds of `cmake --build --target TARGET -j2` after a clean.
clean_build() {
  cmake --build "$1/b" --target clean >/dev/null
  rm -rf "$1/b/$2_mcp"
  local t0 t1
  t0=$(now)
  cmake --build "$1/b" --target "$2" -j2 >/dev/null || return 1
  t1=$(now)
  seconds "$t0" "$t1"
}

# per_file DIR: the compile and link steps of the last build, from Ninja's log, slowest first.
per_file() {
  python3 - "$1/b/.ninja_log" <<'EOF'
import sys, os
last = {}
for line in open(sys.argv[1]):
    if line.startswith('#'): continue
    start, end, _, out, _ = line.rstrip('\n').split('\t')
    name = os.path.basename(out)
    if name.endswith('.h'): name = f'mcpc compile (writes {name} and the rest)'
    elif not name.endswith('.o') and '.' in name: continue  # the custom command's other outputs
    last[name] = (int(end) - int(start)) / 1000
for name, t in sorted(last.items(), key=lambda x: -x[1]):
    print(f"| `{name}` | {t:.2f} s |")
EOF
}

# edit_description SPEC FROM TO: changes one tool's description in place.
edit_description() { python3 - "$@" <<'EOF'
import sys
path, old, new = sys.argv[1:]
text = open(path).read()
assert old in text, old
open(path, 'w').write(text.replace(old, new, 1))
EOF
}

# rebuild DIR TARGET: seconds of the build after the spec changed.
rebuild() {
  local t0 t1
  t0=$(now)
  cmake --build "$1/b" --target "$2" -j2 >/dev/null || return 1
  t1=$(now)
  seconds "$t0" "$t1"
}

calc="$work/calculator"
mkdir -p "$calc"
cp "$repo/examples/calculator/mcp.yaml" "$repo/examples/calculator/calculator_handlers.cc" "$calc/"
project "$calc" mcpc-calculator mcp.yaml calculator_handlers.cc
big="$work/bench100"
mkdir -p "$big"
"$gen" 100 "$big/mcp.yaml" >/dev/null
project "$big" bench100 mcp.yaml

echo "Commit $(git -C "$repo" rev-parse --short HEAD), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(c++ --version | head -1)"
echo
echo "| measure | time |"
echo "|---|---:|"
times=()
for _ in $(seq "$runs"); do t=$(clean_build "$calc" mcpc-calculator) || fail; times+=("$t"); done
echo "| clean build, 4-tool calculator + handlers, -j2 | $(stats "${times[@]}") |"
per_file "$calc" >"$work/calc_files"
times=()
for i in $(seq "$runs"); do
  edit_description "$calc/mcp.yaml" "return the sum" "return the sum, edit $i,"
  t=$(rebuild "$calc" mcpc-calculator) || fail
  times+=("$t")
done
echo "| rebuild after one tool's description changed, calculator | $(stats "${times[@]}") |"
if [[ -n "${CALCULATOR_ONLY:-}" ]]; then
  cat "$work/calc_files"
  exit 0
fi
times=()
for _ in $(seq "$runs"); do t=$(clean_build "$big" bench100) || fail; times+=("$t"); done
echo "| clean build, 100-tool server, -j2 | $(stats "${times[@]}") |"
per_file "$big" >"$work/big_files"
times=()
for i in $(seq "$runs"); do
  edit_description "$big/mcp.yaml" "(generated tool 42" "(generated tool 42, edit $i"
  t=$(rebuild "$big" bench100) || fail
  times+=("$t")
done
echo "| rebuild after one tool's description changed, 100 tools | $(stats "${times[@]}") |"

echo
echo "Per step of the last clean build (Ninja log; two run at once):"
echo
echo "| calculator step | time |"
echo "|---|---:|"
cat "$work/calc_files"
echo
echo "| 100-tool step | time |"
echo "|---|---:|"
cat "$work/big_files"

echo
strip -o "$work/calc.stripped" "$calc/b/mcpc-calculator"
kib() { echo "$(( ($(stat -c %s "$1") + 512) / 1024 )) KiB"; }
echo "| artefact | size |"
echo "|---|---:|"
echo "| calculator server, stripped | $(kib "$work/calc.stripped") |"
for lib in "$prefix"/lib*/libmcpc_runtime.a "$prefix"/lib*/libmcpc_json_schema.a; do
  [[ -e "$lib" ]] && echo "| installed $(basename "$lib") (--strip) | $(kib "$lib") |"
done
