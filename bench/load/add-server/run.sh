#!/usr/bin/env bash
# Generated native server vs generated TypeScript server, from the same spec (add.yaml), under
# mcpc-load (docs/performance.md, "Generated servers"). Needs the release build of mcpc,
# mcpc-load and mcpc-bench-add, and tests/ts/node_modules (scripts/bootstrap).
#   bench/load/add-server/run.sh [mcpc-load options...]     e.g. --duration 5 --stdio-only
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="$repo/build-release/bin"
node="$repo/tests/e2e/node_modules/node/bin/node"
for f in "$bin/mcpc" "$bin/mcpc-load" "$bin/mcpc-bench-add" "$node" "$repo/tests/ts/node_modules/typescript"; do
  [[ -e $f ]] || { echo "run.sh: $f is missing (release build of mcpc mcpc-load mcpc-bench-add; scripts/bootstrap)" >&2; exit 1; }
done
pkg="$repo/build-release/bench-add-ts"
rm -rf "$pkg"
"$bin/mcpc" compile "$repo/bench/load/add-server/add.yaml" --target ts -q -o "$pkg"
cp "$repo/bench/load/add-server/ts/add.ts" "$pkg/src/handlers/add.ts"
ln -s "$repo/tests/ts/node_modules" "$pkg/node_modules"
(cd "$pkg" && "$node" node_modules/typescript/bin/tsc -p .)
exec "$bin/mcpc-load" --server "native=$bin/mcpc-bench-add" --server "ts=$node $pkg/dist/main.js" "$@"
