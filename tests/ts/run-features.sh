#!/usr/bin/env bash
# The features test spec (tests/e2e/features/mcp.yaml) compiled to TypeScript: the hand-written
# handlers of tests/e2e/features/ts/handlers/ copied over the generated ones, built with tsc
# --strict against tests/ts/node_modules, then tests/e2e/features.test.mjs (the official SDK
# client, the same tests as the native server's e2e.features) against `node WORK_DIR/.../main.js`.
# Usage: run-features.sh MCPC WORK_DIR
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: run-features.sh MCPC WORK_DIR" >&2; exit 2; }
mcpc=$1 work=$2
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
node="$repo/tests/e2e/node_modules/node/bin/node"   # Node 22, as CI uses it
[[ -x "$node" ]] || { echo "tests/e2e/node_modules is missing: run scripts/bootstrap" >&2; exit 2; }
[[ -d "$here/node_modules/@modelcontextprotocol/server" ]] || { echo "tests/ts/node_modules is missing: run scripts/bootstrap" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work"
pkg="$work/features"
"$mcpc" compile "$repo/tests/e2e/features/mcp.yaml" --target ts -q -o "$pkg"
cp -r "$repo/tests/e2e/features/ts/handlers/." "$pkg/src/handlers/"
ln -s "$here/node_modules" "$pkg/node_modules"
(cd "$pkg" && "$node" "$here/node_modules/typescript/bin/tsc" -p tsconfig.json)
echo "== features (TypeScript): built with tsc --strict"

# features.test.mjs splits the server command on spaces: keep the paths free of them.
[[ "$node$pkg" != *" "* ]] || { echo "paths with spaces are not supported: $pkg" >&2; exit 2; }
MCPC_FEATURES_SERVER="$node $pkg/dist/main.js" exec "$node" --test --test-reporter=spec "$repo/tests/e2e/features.test.mjs"
