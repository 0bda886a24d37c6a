# Sourced by the tests in this directory, which do what a document says, as a user would, with
# the mcpc installed into PREFIX by the package.install fixture. Run by CTest with the
# environment PREFIX, WORK, NODE, NINJA, CXX_COMPILER, CXX_FLAGS, LINKER_FLAGS, BUILD_TYPE
# (tests/docs/CMakeLists.txt).
set -euo pipefail
: "${PREFIX:?}" "${WORK:?}" "${NODE:?}" "${NINJA:?}" "${CXX_COMPILER:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# A second ctest run in the same build directory (people share build/) waits for this one.
mkdir -p "$(dirname "$WORK")"
exec 9>"$WORK.lock"
flock 9
rm -rf "$WORK"
mkdir -p "$WORK"

# The user's machine after `cmake --install build --prefix /usr/local` (README): mcpc on PATH
# and found by find_package(), Node.js and Ninja on PATH.
export PATH="$PREFIX/bin:$(dirname "$NODE"):$(dirname "$NINJA"):$PATH"
export CMAKE_PREFIX_PATH="$PREFIX"
# This build's compiler and flags, which CMake takes from the environment on a first
# configure: a sanitizer build links its instrumented runtime library.
export CXX="$CXX_COMPILER" CXXFLAGS="${CXX_FLAGS:-}" LDFLAGS="${LINKER_FLAGS:-}" CMAKE_BUILD_TYPE="${BUILD_TYPE:-}"
# npm takes packages from its cache when it has them (scripts/bootstrap's `npm ci` of tests/ts
# put there every package a generated TypeScript server needs), and stays quiet.
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# run_doc DOC SECTION: does what the section says (tests/docs/doc-blocks.mjs), in this shell.
run_doc() {
  "$NODE" "$here/doc-blocks.mjs" script "$1" "$2" >"$WORK/$2.sh"
  # shellcheck disable=SC1090
  source "$WORK/$2.sh"
}

# mcp ARGS... -- COMMAND...: the official SDK client (tests/docs/mcp-client.mjs) against a server.
mcp() {
  [[ -f "$WORK/mcp-client.mjs" ]] || cp "$here/mcp-client.mjs" "$WORK/mcp-client.mjs"
  [[ -e "$WORK/node_modules" ]] || ln -s "$repo/tests/e2e/node_modules" "$WORK/node_modules"
  "$NODE" "$WORK/mcp-client.mjs" "$@"
}

# expect_eq WHAT ACTUAL EXPECTED
expect_eq() {
  if [[ "$2" != "$3" ]]; then
    printf 'FAILED: %s\n  expected: %s\n  actual:   %s\n' "$1" "$3" "$2" >&2
    exit 1
  fi
  printf 'ok: %s: %s\n' "$1" "$2"
}

SECONDS=0
trap 'echo "${0##*/}: ${SECONDS}s"' EXIT

# json_get JSON PATH: the value at PATH (dot-separated keys and indexes), as text.
json_get() {
  "$NODE" -e 'let v = JSON.parse(process.argv[1]);
    for (const k of process.argv[2].split(".")) v = v?.[k];
    console.log(typeof v === "object" ? JSON.stringify(v) : String(v));' "$1" "$2"
}
