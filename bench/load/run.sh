#!/usr/bin/env bash
# Runs the MCP server comparison of docs/performance.md ("Runtime (MCP server) benchmarks"):
# builds the release preset (mcpc-load, mcpc-mix-load, mcpc-trivial-responder and, when the
# targets exist, mcpc-everything-server and mcpc-bench-add, the generated add server with an
# inline tool), installs the TypeScript SDK server's pinned dependencies (npm ci), then runs
# mcpc-load once against every server that is there and prints the side-by-side table; then the
# independent client, mcpc-mix-load, against the same native servers in three mixes (add and
# echo mixed; add only; echo of 2 KiB strings only).
#
#   bench/load/run.sh [mcpc-load options...]      e.g. --duration 10 --out results.json
#
# Environment: MCPC_LOAD_NO_BUILD=1 skips the build; MCPC_LOAD_NO_TS=1 / MCPC_LOAD_NO_MCPC=1 /
# MCPC_LOAD_NO_MIX=1 leave a server or the second client out; MCPC_MIX_CALLS sets mcpc-mix-load's
# calls per run (default 200000). Default output file: build-release/mcpc-load-results.json.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bin=build-release/bin

if [[ -z "${MCPC_LOAD_NO_BUILD:-}" ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target mcpc-load mcpc-mix-load mcpc-trivial-responder
  # The runtime's servers may not exist in this tree: build them only if CMake knows them.
  targets=$(cmake --build --preset release --target help)
  for t in mcpc-everything-server mcpc-bench-add; do
    if grep -q "^$t:" <<<"$targets"; then
      cmake --build --preset release --target "$t"
    else
      echo "run.sh: no $t target; its column is left out" >&2
    fi
  done
fi

servers=(--server "trivial=$bin/mcpc-trivial-responder")

if [[ -z "${MCPC_LOAD_NO_TS:-}" ]]; then
  if command -v node >/dev/null && command -v npm >/dev/null; then
    ts=bench/ts-server
    # npm ci when node_modules is missing or older than the lock file.
    if [[ ! -d $ts/node_modules || $ts/package-lock.json -nt $ts/node_modules/.package-lock.json ]]; then
      (cd "$ts" && npm ci --no-audit --no-fund)
    fi
    servers+=(--server "ts=node $ts/server.mjs")
  else
    echo "run.sh: node/npm not found; the TypeScript SDK column is left out" >&2
  fi
fi

native=()  # for mcpc-mix-load: the servers that answer add (and, but for gen-add, echo)
if [[ -z "${MCPC_LOAD_NO_MCPC:-}" ]]; then
  if [[ -x $bin/mcpc-everything-server ]]; then
    servers+=(--server "mcpc=$bin/mcpc-everything-server")
    native+=(--server "mcpc=$bin/mcpc-everything-server")
  else
    echo "run.sh: $bin/mcpc-everything-server not built; the mcpc runtime column is left out" >&2
  fi
  if [[ -x $bin/mcpc-bench-add ]]; then
    servers+=(--server "gen-add=$bin/mcpc-bench-add")
  else
    echo "run.sh: $bin/mcpc-bench-add not built; the generated add column is left out" >&2
  fi
fi

args=("$@")
have_out=0
for a in "${args[@]}"; do [[ $a == --out ]] && have_out=1; done
((have_out)) || args+=(--out build-release/mcpc-load-results.json)

echo "run.sh: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
"$bin/mcpc-load" "${servers[@]}" "${args[@]}"

[[ -n "${MCPC_LOAD_NO_MIX:-}" ]] && exit 0
mix=("$bin/mcpc-mix-load" --calls "${MCPC_MIX_CALLS:-200000}" --depth 64 --connections 32)
trivial=(--server "trivial=$bin/mcpc-trivial-responder" --unchecked trivial)
echo
echo "## mcpc-mix-load: add and echo mixed (half each, strings of 0 B to 4 KiB)"
"${mix[@]}" "${native[@]}" "${trivial[@]}"
echo
echo "## mcpc-mix-load: add only (varied numbers with fractions)"
add=("${native[@]}")
[[ -x $bin/mcpc-bench-add && -z "${MCPC_LOAD_NO_MCPC:-}" ]] && add+=(--server "gen-add=$bin/mcpc-bench-add")
"${mix[@]}" --echo-share 0 "${add[@]}" "${trivial[@]}"
echo
echo "## mcpc-mix-load: echo only, 2 KiB strings"
"${mix[@]}" --echo-share 1 --echo-bytes 2048 --echo-exact "${native[@]}" "${trivial[@]}"
