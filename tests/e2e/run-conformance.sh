#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
# package.json) against an MCP server started here over Streamable HTTP.
#
# Usage: tests/e2e/run-conformance.sh SERVER [options]
#   SERVER                  the server: a binary path, or a command string such as
#                           "node tests/e2e/reference-server.mjs" (split on spaces). It is started
#                           as: SERVER --transport http --host 127.0.0.1 --port P
#   --suite S               active | all | pending (default: all)
#   --scenario NAME         run one scenario instead of a suite
#   --output-dir DIR        keep the results in DIR (default: a temporary directory, removed
#                           on success and kept, with the server log, on failure)
#   --timeout SECS          give up on the suite after SECS seconds (default 110)
#   --allow-warnings        do not fail on WARNING checks (for checking the harness against
#                           the SDK reference server; never for mcpc's own server)
#
# Exit status: 0 when the suite passed with 0 failures AND 0 warnings; 1 when it did not;
# 2 on a usage or setup error (missing node_modules: run scripts/bootstrap).
# Needs tests/e2e/node_modules (npm ci), which brings Node 22 (npm package "node").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf '[run-conformance] %s\n' "$*"; }
die() { printf '[run-conformance] error: %s\n' "$*" >&2; exit 2; }

[[ $# -ge 1 ]] || { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
server_spec="$1"; shift
suite=all scenario="" out_dir="" timeout_s=110 allow_warnings=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --suite) suite="${2:?--suite needs a value}"; shift 2 ;;
    --scenario) scenario="${2:?--scenario needs a value}"; shift 2 ;;
    --output-dir|-o) out_dir="${2:?--output-dir needs a value}"; shift 2 ;;
    --timeout) timeout_s="${2:?--timeout needs a value}"; shift 2 ;;
    --allow-warnings) allow_warnings=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

# --- Node 22 and the suite --------------------------------------------------------------------
node_bin="$here/node_modules/node/bin"
conformance="$here/node_modules/.bin/conformance"
[[ -x "$node_bin/node" && -x "$conformance" ]] ||
  die "tests/e2e/node_modules is missing or incomplete: run scripts/bootstrap (or: cd tests/e2e && npm ci)"
export PATH="$node_bin:$PATH"
node_version="$(node --version)"
[[ "$node_version" == v22.* || "$node_version" == v2[3-9].* ]] || die "expected Node >= 22 from $node_bin, got $node_version"

# --- The server command -------------------------------------------------------------------
read -r -a server_cmd <<<"$server_spec"
[[ ${#server_cmd[@]} -gt 0 ]] || die "empty server command"
if [[ "${server_cmd[0]}" == */* ]]; then
  [[ -x "${server_cmd[0]}" ]] || die "server not found or not executable: ${server_cmd[0]}"
else
  command -v "${server_cmd[0]}" >/dev/null 2>&1 || die "server command not found: ${server_cmd[0]}"
fi

# --- Work directory, cleanup --------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/mcpc-conformance.XXXXXX")"
keep_work=0
if [[ -z "$out_dir" ]]; then
  out_dir="$work/results"
else
  mkdir -p "$out_dir"
  [[ -z "$(ls -A "$out_dir")" ]] || die "output directory $out_dir is not empty"
fi
server_log="$work/server.log"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $keep_work -eq 0 ]]; then rm -rf "$work"; else say "kept results and server log in $work"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# --- Start the server on a free loopback port ---------------------------------------------
start_server() {
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  "${server_cmd[@]}" --transport http --host 127.0.0.1 --port "$port" >"$server_log" 2>&1 </dev/null &
  server_pid=$!
  local deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    kill -0 "$server_pid" 2>/dev/null || return 1            # exited (port taken, crash, bad flags)
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}
started=0
for attempt in 1 2 3; do   # a port picked as free can be taken before the server binds it
  if start_server; then started=1; break; fi
  kill -KILL "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
  say "server did not come up on port $port (attempt $attempt); its output:"; sed 's/^/  | /' "$server_log" | tail -20
done
[[ $started -eq 1 ]] || { keep_work=1; die "could not start: $server_spec"; }
url="http://localhost:$port/mcp"
say "server: $server_spec (pid $server_pid) at $url; conformance $(node -p 'require(process.argv[1]).version' "$here/node_modules/@modelcontextprotocol/conformance/package.json") on node $node_version"

# --- Run the suite ------------------------------------------------------------------------
args=(server --url "$url" -o "$out_dir")
expect=()
if [[ -n "$scenario" ]]; then
  args+=(--scenario "$scenario"); expect=(--expect-scenarios 1)
else
  args+=(--suite "$suite")
  if [[ "$suite" == all ]]; then
    n="$("$conformance" list --server | grep -c '^  - ' || true)"
    [[ "$n" -gt 0 ]] && expect=(--expect-scenarios "$n")
  fi
fi
t0=$SECONDS
set +e
timeout --kill-after=5 "$timeout_s" "$conformance" "${args[@]}" 2>&1 | tee "$work/conformance.log"
suite_rc=${PIPESTATUS[0]}
set -e
elapsed=$((SECONDS - t0))
[[ $suite_rc -eq 124 || $suite_rc -eq 137 ]] && say "the suite timed out after ${timeout_s}s"
say "conformance exited $suite_rc after ${elapsed}s"

# --- Judge the results strictly (warnings count) ------------------------------------------
check_args=("$out_dir" "${expect[@]}")
[[ $allow_warnings -eq 1 ]] && check_args+=(--allow-warnings)
set +e
node "$here/check-results.mjs" "${check_args[@]}"
check_rc=$?
set -e

if ! kill -0 "$server_pid" 2>/dev/null; then
  say "the server exited during the run"; check_rc=1
fi
if [[ $suite_rc -ne 0 || $check_rc -ne 0 ]]; then
  keep_work=1
  say "server log (last 40 lines):"; tail -40 "$server_log" | sed 's/^/  | /'
  say "FAILED"
  exit 1
fi
say "PASSED"
