#!/usr/bin/env bash
# The everything server compiled to TypeScript against the official MCP conformance suite:
# examples/everything/mcp.yaml compiled with --target ts into WORK_DIR, the hand-written
# handlers of examples/everything/ts/handlers/ copied over src/handlers/, built with tsc
# --strict against tests/ts/node_modules, then tests/e2e/run-conformance.sh (--suite all,
# failing on any failure or warning) against `node WORK_DIR/dist/main.js`.
# Usage: run-everything-conformance.sh MCPC WORK_DIR [run-conformance.sh options...]
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: run-everything-conformance.sh MCPC WORK_DIR [run-conformance options]" >&2; exit 2; }
mcpc=$1 work=$2
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
node="$repo/tests/e2e/node_modules/node/bin/node"   # Node 22, as CI uses it
[[ -x "$node" ]] || { echo "tests/e2e/node_modules is missing: run scripts/bootstrap" >&2; exit 2; }
[[ -d "$here/node_modules/@modelcontextprotocol/server" ]] || { echo "tests/ts/node_modules is missing: run scripts/bootstrap" >&2; exit 2; }
[[ -x "$mcpc" ]] || { echo "mcpc not found: $mcpc" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work"
pkg="$work/everything"
"$mcpc" compile "$repo/examples/everything/mcp.yaml" --target ts -q -o "$pkg"
# The handlers are ours: they replace the generated stubs (same paths), plus a shared module.
cp -r "$repo/examples/everything/ts/handlers/." "$pkg/src/handlers/"
ln -s "$here/node_modules" "$pkg/node_modules"
(cd "$pkg" && "$node" "$here/node_modules/typescript/bin/tsc" -p tsconfig.json)
echo "== everything (TypeScript): built with tsc --strict"

# run-conformance.sh splits the server command on spaces: keep the paths free of them.
[[ "$node$pkg" != *" "* ]] || { echo "paths with spaces are not supported: $pkg" >&2; exit 2; }
exec bash "$repo/tests/e2e/run-conformance.sh" "$node $pkg/dist/main.js" --suite all "$@"
