#!/usr/bin/env bash
# init.<template>.ts: `mcpc init --template TEMPLATE --target ts` (the installed mcpc, in
# PREFIX), then `npm test` in the project, as its README says, with the npm dependencies linked
# from NODE_MODULES (tests/ts/node_modules, the versions the generator pins) instead of
# installed from the network.
# Usage: init_ts_test.sh PREFIX TEMPLATE WORK_DIR NODE_MODULES
set -euo pipefail
prefix=$1 template=$2 work=$3 node_modules=$4
here="$(cd "$(dirname "$0")" && pwd)"
node="$here/../e2e/node_modules/node/bin/node"   # Node 22, as CI uses it
[[ -x $node ]] && export PATH="$(dirname "$node"):$PATH"
export PATH="$prefix/bin:$PATH"                  # the scripts run `mcpc`

rm -rf "$work" && mkdir -p "$work"
project="$work/project"
mcpc init "$project" --template "$template" --target ts --name "$template-server"
ln -s "$node_modules" "$project/node_modules"
cd "$project"
npm test --silent 2>&1 | tee "$work/npm-test.log"
grep -Eq '^# pass [1-9]' "$work/npm-test.log" || { echo "npm test ran no test" >&2; exit 1; }
grep -Eq '^# fail 0$' "$work/npm-test.log"
