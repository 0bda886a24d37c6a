#!/usr/bin/env bash
# The README's tutorial, "Your first server in 5 minutes", done as written: a spec, the handler
# skeleton and the edit, CMake against the installed mcpc, and the official SDK client's script,
# whose output must be what the README shows.
source "$(dirname "$0")/lib.sh"

# The one step done differently: the SDK comes from tests/e2e/node_modules (the same pinned
# @modelcontextprotocol/sdk, installed offline by scripts/bootstrap), not from the registry.
npm() {
  if [[ "$*" == "install @modelcontextprotocol/sdk" ]]; then
    ln -s "$repo/tests/e2e/node_modules" node_modules
  else
    command npm "$@"
  fi
}

cd "$WORK"
run_doc "$repo/README.md" tutorial
