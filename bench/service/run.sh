#!/usr/bin/env bash
# The registry service under load (docs/performance.md, "Registry service"): fills a registry of
# --servers servers into SQLite and into PostgreSQL (once; the SQLite one is kept under --work),
# starts `mcpc serve` on each, runs every read target with mcpc-http-load, and prints a Markdown
# table side by side.
#
#   bench/service/run.sh                       # release build (cmake --preset release), 10,000 servers
#   bench/service/run.sh --no-pg --duration 5  # SQLite only
#   bench/service/run.sh --smoke --bin DIR --work DIR   # ctest bench.service_smoke: 40 servers, 0.5 s
#
# Options: --servers N (10000), --duration S (10), --warmup S (2), --connections N (32),
# --threads N (mcpc serve's request threads, its default 4), --work DIR (build-release/bench-service),
# --bin DIR (build-release/bin, built here when not given), --no-pg, --keep-pg (leave the
# PostgreSQL cluster and its registry running for the next run), --targets "list-official ...",
# --json FILE (every result as JSON lines).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
servers=10000 duration=10 warmup=2 connections=32 threads="" work="" bin="" pg=1 keep_pg=0 smoke=0 json_out=""
targets="list-official list-packages search-official search-packages get-official get-packages"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --servers) servers="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --no-pg) pg=0; shift ;;
    --keep-pg) keep_pg=1; shift ;;
    --targets) targets="$2"; shift 2 ;;
    --json) json_out="$2"; shift 2 ;;
    --smoke) smoke=1; servers=40 duration=0.5 warmup=0.1 connections=4 pg=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$bin" ]]; then
  [[ -f "$repo/build-release/CMakeCache.txt" ]] || cmake --preset release -S "$repo" >/dev/null
  cmake --build "$repo/build-release" -j2 --target mcpc mcpc-registry-fill mcpc-http-load
  bin="$repo/build-release/bin"
fi
work="${work:-$repo/build-release/bench-service}"
[[ "$smoke" -eq 1 ]] && rm -rf "$work"
mkdir -p "$work"
results="$work/results.jsonl"
: >"$results"

serve_pid=""
pg_state="$work/pg-state"
cleanup() {
  if [[ -n "$serve_pid" ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  if [[ "$pg" -eq 1 && "$keep_pg" -eq 0 ]]; then "$repo/scripts/pg-cluster" stop "$pg_state" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# fill KIND ROOT [DB]: publishes the registry once; a stamp records what it holds.
fill() {
  local kind="$1" root="$2" db="${3:-}" stamp="$2/filled"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$servers" ]]; then
    echo "$kind: reusing the registry of $servers servers in $root" >&2
    return
  fi
  rm -rf "$root"
  echo "$kind: publishing $servers servers into $root${db:+ (index: $db)}" >&2
  "$bin/mcpc-registry-fill" --root "$root" --servers "$servers" ${db:+--db "$db"} >&2
  echo "$servers" >"$stamp"
}

# measure KIND ROOT [DB]: mcpc serve on a free port, then each target.
measure() {
  local kind="$1" root="$2" db="${3:-}" port_file="$2/port"
  rm -f "$port_file"
  "$bin/mcpc" serve --root "$root/registry" ${db:+--db "$db"} --port 0 --port-file "$port_file" \
    --access-log off --health-interval 0 ${threads:+--threads "$threads"} >"$root/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 100); do [[ -s "$port_file" ]] && break; sleep 0.1; done
  [[ -s "$port_file" ]] || { echo "run.sh: mcpc serve did not start:" >&2; cat "$root/serve.log" >&2; exit 1; }
  local port status=0
  port="$(cat "$port_file")"
  for t in $targets; do
    "$bin/mcpc-http-load" --port "$port" --paths "$root/$t.txt" --connections "$connections" \
      --duration "$duration" --warmup "$warmup" --name "$t" --json |
      jq -c --arg db "$kind" '. + {db: $db}' >>"$results" || status=1
  done
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
  return "$status"
}

status=0
fill sqlite "$work/sqlite"
measure sqlite "$work/sqlite" || status=1
if [[ "$pg" -eq 1 ]]; then
  if [[ ! -s "$pg_state/url" ]] || ! pg_isready -d "$(cat "$pg_state/url")" >/dev/null 2>&1; then
    "$repo/scripts/pg-cluster" start "$pg_state" >/dev/null
    rm -f "$work/postgresql/filled"
  fi
  url="$(cat "$pg_state/url")"
  fill postgresql "$work/postgresql" "$url"
  measure postgresql "$work/postgresql" "$url" || status=1
fi

# The table: one row per target, the databases side by side.
jq -rs --argjson c "$connections" --arg s "$servers" '
  (map(.db) | unique | sort_by(if . == "sqlite" then 0 else 1 end)) as $dbs
  | "\($s) servers, \($c) connections, \(.[0].duration_s | floor) s per target",
    "",
    "| target | " + ($dbs | map("\(.) req/s | p50 ms | p90 ms | p99 ms | max ms | errors") | join(" | ")) + " |",
    "|---|" + ($dbs | map("---:|---:|---:|---:|---:|---:|") | join("")) ,
    (group_by(.name) | sort_by(.[0].name) | .[] as $rows
     | "| \($rows[0].name) | " + ($dbs | map(. as $d | ($rows | map(select(.db == $d)) | .[0]) as $r
         | if $r then "\($r.requests_per_s | round) | \($r.p50_ms) | \($r.p90_ms) | \($r.p99_ms) | \($r.max_ms) | \($r.errors)"
           else "| | | | |" end) | join(" | ")) + " |")' "$results"
[[ -n "$json_out" ]] && cp "$results" "$json_out"
exit "$status"
