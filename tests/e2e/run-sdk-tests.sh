#!/usr/bin/env bash
# Runs sdk-client.test.mjs (the official TypeScript SDK clients, 1.x and 2.x, over stdio and
# Streamable HTTP) against an MCP server, with Node 22 from tests/e2e/node_modules.
#
# Usage: tests/e2e/run-sdk-tests.sh [SERVER] [node --test options...]
#   SERVER   a binary path or a command string ("node tests/e2e/reference-server.mjs");
#            default: $MCPC_SERVER, else build/bin/mcpc-everything-server.
# Exit status: node's test runner's (0 = all passed or skipped). 2: node_modules missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_bin="$here/node_modules/node/bin"
if [[ ! -x "$node_bin/node" || ! -d "$here/node_modules/@modelcontextprotocol/client" ]]; then
  echo "[run-sdk-tests] error: tests/e2e/node_modules is missing: run scripts/bootstrap (or: cd tests/e2e && npm ci)" >&2
  exit 2
fi
if [[ $# -gt 0 && "$1" != -* ]]; then
  export MCPC_SERVER="$1"; shift
fi
export PATH="$node_bin:$PATH"
exec node --test --test-reporter=spec "$@" "$here/sdk-client.test.mjs"
