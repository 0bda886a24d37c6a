#!/usr/bin/env bash
# init.<template>.ts: `mcpc init --template TEMPLATE --target ts` (the installed mcpc, in
# PREFIX), then `npm test` in the project, as its README says, with the npm dependencies linked
# from NODE_MODULES (tests/ts/node_modules, the versions the generator pins) instead of
# installed from the network. For the custom template, also the project's pre-commit hook: it
# passes on the spec as written and stops a broken one (the configuration is the same in every
# project).
# Usage: init_ts_test.sh PREFIX TEMPLATE WORK_DIR NODE_MODULES
set -euo pipefail
prefix=$1 template=$2 work=$3 node_modules=$4
here="$(cd "$(dirname "$0")" && pwd)"
node="$here/../e2e/node_modules/node/bin/node"   # Node 22, as CI uses it
[[ -x $node ]] && export PATH="$(dirname "$node"):$PATH"
export PATH="$prefix/bin:$PATH"                  # the scripts run `mcpc`
export NPM_CONFIG_UPDATE_NOTIFIER=false            # npm run asks the registry nothing

rm -rf "$work" && mkdir -p "$work"
project="$work/project"
mcpc init "$project" --template "$template" --target ts --name "$template-server"
ln -s "$node_modules" "$project/node_modules"
cd "$project"
npm test --silent 2>&1 | tee "$work/npm-test.log"
grep -Eq '^# pass [1-9]' "$work/npm-test.log" || { echo "npm test ran no test" >&2; exit 1; }
grep -Eq '^# fail 0$' "$work/npm-test.log"

[[ $template == custom ]] || exit 0
command -v pre-commit >/dev/null || { echo "pre-commit is not installed: hook not tried (precommit.hook says so)"; exit 0; }
export PRE_COMMIT_HOME="$work/pre-commit-home" PRE_COMMIT_COLOR=never GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
git init -q . && git add mcp.yaml .pre-commit-config.yaml
pre-commit run mcpc-check --files mcp.yaml
sed -i 's/^version: 0.1.0$/version: "0.1"/' mcp.yaml
if out=$(pre-commit run mcpc-check --files mcp.yaml 2>&1); then
  echo "$out"; echo "the pre-commit hook passed a spec with an error" >&2; exit 1
fi
grep -q '\[semver\]' <<<"$out" || { echo "$out"; echo "the hook failed without naming the error" >&2; exit 1; }
echo "pre-commit: the project's mcpc-check hook passes mcp.yaml and stops a broken one"
