#!/usr/bin/env bash
# Runs the MCP server comparison of docs/performance.md ("Runtime (MCP server) benchmarks"):
# builds the release preset (mcpc-load, mcpc-trivial-responder and, when the target exists,
# mcpc-everything-server), installs the TypeScript SDK server's pinned dependencies (npm ci), then
# runs mcpc-load once against every server that is there and prints the side-by-side table.
#
#   bench/load/run.sh [mcpc-load options...]      e.g. --duration 10 --out results.json
#
# Environment: MCPC_LOAD_NO_BUILD=1 skips the build; MCPC_LOAD_NO_TS=1 / MCPC_LOAD_NO_MCPC=1 leave
# a server out. Default output file: build-release/mcpc-load-results.json.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bin=build-release/bin

if [[ -z "${MCPC_LOAD_NO_BUILD:-}" ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target mcpc-load mcpc-trivial-responder
  # The runtime's example server may not exist yet in this tree: build it only if CMake knows it.
  if cmake --build --preset release --target help | grep -q '^mcpc-everything-server:'; then
    cmake --build --preset release --target mcpc-everything-server
  else
    echo "run.sh: no mcpc-everything-server target; the mcpc runtime column is left out" >&2
  fi
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

if [[ -z "${MCPC_LOAD_NO_MCPC:-}" ]]; then
  if [[ -x $bin/mcpc-everything-server ]]; then
    servers+=(--server "mcpc=$bin/mcpc-everything-server")
  else
    echo "run.sh: $bin/mcpc-everything-server not built; the mcpc runtime column is left out" >&2
  fi
fi

args=("$@")
have_out=0
for a in "${args[@]}"; do [[ $a == --out ]] && have_out=1; done
((have_out)) || args+=(--out build-release/mcpc-load-results.json)

echo "run.sh: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
exec "$bin/mcpc-load" "${servers[@]}" "${args[@]}"
