#!/usr/bin/env bash
# End-to-end test of the published pre-commit hook (.pre-commit-hooks.yaml), through the real
# pre-commit: `try-repo` on a good and a bad spec, then a consumer .pre-commit-config.yaml as
# docs/pre-commit.md shows it, run over a repository holding specs and look-alike files.
# Usage: run_hook_test.sh MCPC_BIN_DIR MCPC_SOURCE_DIR
set -euo pipefail

bin_dir="$(cd "${1:?usage: run_hook_test.sh MCPC_BIN_DIR MCPC_SOURCE_DIR}" && pwd)"
src_dir="$(cd "${2:?usage: run_hook_test.sh MCPC_BIN_DIR MCPC_SOURCE_DIR}" && pwd)"
[[ -x "$bin_dir/mcpc" ]] || { echo "no mcpc in $bin_dir" >&2; exit 1; }
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (scripts/bootstrap)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/mcpc-precommit.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PATH="$bin_dir:$PATH"
export PRE_COMMIT_HOME="$work/cache"   # never touch the user's ~/.cache/pre-commit
export PRE_COMMIT_COLOR=never
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
git config --global user.name "mcpc test"
git config --global user.email "mcpc-test@example.invalid"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }

# expect STATUS NAME OUTPUT_PATTERN COMMAND...: STATUS is 0 or "nonzero"; prints the output on failure.
expect() {
  local want="$1" name="$2" pattern="$3"; shift 3
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  local status_ok=0
  if [[ "$want" == 0 ]]; then [[ $rc -eq 0 ]] && status_ok=1; else [[ $rc -ne 0 ]] && status_ok=1; fi
  if [[ $status_ok -eq 1 ]] && { [[ -z "$pattern" ]] || grep -Eq -- "$pattern" <<<"$out"; }; then
    pass "$name"
  else
    fail "$name (exit $rc, wanted $want, pattern '$pattern')"
    sed 's/^/    | /' <<<"$out"
  fi
}

# --- A hook repository holding exactly this checkout's .pre-commit-hooks.yaml ----------------
hooks="$work/hooks"
mkdir -p "$hooks"
cp "$src_dir/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -qm "hooks"
rev="$(git -C "$hooks" rev-parse HEAD)"

# --- A consumer repository ---------------------------------------------------------------
repo="$work/consumer"
mkdir -p "$repo/specs" "$repo/.vscode"
cat >"$repo/specs/good.mcp.yaml" <<'SPEC'
name: good-server
version: "1.0.0"
tools:
  - name: ping
    description: Answers pong
SPEC
cat >"$repo/mcp.yaml" <<'SPEC'
name: root-server
version: "0.2.0"
tools:
  - name: echo
    description: Echoes its input
    parameters:
      text: { type: string, required: true }
SPEC
cat >"$repo/specs/other.mcp.json" <<'SPEC'
{"name": "json-server", "version": "1.0.0", "tools": [{"name": "t", "description": "A tool"}]}
SPEC
# Look-alikes the hook must not pick up: client configs and unrelated YAML.
printf '{"mcpServers": {"x": {"command": "x"}}}\n' >"$repo/.mcp.json"
printf '{"servers": {}}\n' >"$repo/.vscode/mcp.json"
printf 'just: [some, yaml]\n' >"$repo/notes.yaml"
cat >"$repo/.pre-commit-config.yaml" <<CFG
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: mcpc-check
CFG
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" commit -qm "specs"
cd "$repo"

# try-repo: the hook as published, on explicit files.
expect 0 "try-repo passes a good spec" 'Passed' \
  pre-commit try-repo "$hooks" mcpc-check --files specs/good.mcp.yaml

bad_spec='name: bad-server
version: "1.0.0"
tools:
  - name: ping
    description: Answers pong
triggers:
  - type: cron
    schedule: "0 * * * *"
    tool: no_such_tool
'
printf '%s' "$bad_spec" >"$repo/specs/bad.mcp.yaml"
expect nonzero "try-repo fails a bad spec and shows the error" 'bad\.mcp\.yaml:[0-9]+:[0-9]+: error: .*no_such_tool' \
  pre-commit try-repo "$hooks" mcpc-check --files specs/bad.mcp.yaml
rm "$repo/specs/bad.mcp.yaml"

# The consumer configuration from docs/pre-commit.md, over every tracked file: the three
# specs pass and the look-alikes (which are not specs) are not handed to mcpc at all.
expect 0 "consumer config passes good specs, ignores client configs" 'mcpc check.*Passed' \
  pre-commit run --all-files --verbose

printf '%s' "$bad_spec" >"$repo/specs/bad.mcp.yaml"
git add specs/bad.mcp.yaml
pre-commit install >/dev/null
expect nonzero "installed hook blocks a commit with a bad spec" 'mcpc check.*Failed' \
  git commit -qm "add a bad spec"
expect 0 "the blocked commit did not happen" '^specs$' git log -1 --format=%s
git reset -q --hard HEAD

if [[ $failures -ne 0 ]]; then
  echo "$failures pre-commit hook check(s) failed"
  exit 1
fi
echo "all pre-commit hook checks passed"
