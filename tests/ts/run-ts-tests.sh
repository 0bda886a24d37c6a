#!/usr/bin/env bash
# TypeScript backend checks, run by CTest (tests/ts/CMakeLists.txt):
#   golden    every checked-in TypeScript golden (tests/golden/ts/<case>/ plus _shared/)
#             type-checks under tsc --strict with zero errors, in one tsc run;
#   examples  examples/{calculator,inventory,notes}/mcp.yaml compiled with --target ts, built
#             with tsc --strict, and their generated node:test suites run against the servers.
# The packages use tests/ts/node_modules (npm ci from the committed lockfile, by
# scripts/bootstrap), whose versions must be those the generator pins.
#   validate  mcpc validate on a generated package: passes, then fails for a handler with a
#             type error and for a tool list that disagrees with the package's spec.
#   auth      the generated server's HTTP auth (http-auth.test.mjs): bearer scheme in any case,
#             constant-time token and API key comparison, 401 for every wrong credential.
#   named-types  tests/golden/ir/named_types.yaml as a TypeScript package with the handlers of
#             named_types/ts/, and as the native server NATIVE_SERVER, both driven by the SDK
#             client (named-types.test.mjs): self-contained schemas, one Bookmark shape.
# Usage: run-ts-tests.sh golden|examples|validate|auth|named-types MCPC WORK_DIR [EXTRA]
#   EXTRA, for examples: the package add_mcp_server(... TARGET ts) generated for the
#   calculator, used instead of compiling it here, so the CMake path is tested too;
#   for named-types: the native server of named_types.yaml (NATIVE_SERVER).
set -euo pipefail
mode=$1 mcpc=$2 work=$3 extra=${4:-}
calculator_ts=$extra native_server=$extra
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
node="$repo/tests/e2e/node_modules/node/bin/node"   # Node 22, as CI uses it
[[ -x "$node" ]] || node="$(command -v node)"
tsc=("$node" "$here/node_modules/typescript/bin/tsc")
[[ -d "$here/node_modules/@modelcontextprotocol/server" ]] || { echo "tests/ts/node_modules is missing: run scripts/bootstrap" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work"

# The generator's pins and this fixture's must agree, or the tests would check other versions.
"$mcpc" compile "$repo/examples/calculator/mcp.yaml" --target ts -q -o "$work/pins"
"$node" -e '
  const [gen, fix] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
  for (const kind of ["dependencies", "devDependencies"])
    for (const [name, version] of Object.entries(gen[kind]))
      if (fix[kind][name] !== version) { console.error(`${name}: generated ${version}, tests/ts pins ${fix[kind][name]}`); process.exit(1); }
' "$work/pins/package.json" "$here/package.json"

case "$mode" in
  golden)
    # All cases in one tree, so that one tsc run checks them all (minutes saved over 17 runs).
    for dir in "$repo"/tests/golden/ts/*/; do
      name=$(basename "$dir")
      [[ $name == _shared ]] && continue
      mkdir -p "$work/cases/$name"
      cp -r "$dir/." "$work/cases/$name/"
      cp -r "$repo/tests/golden/ts/_shared/." "$work/cases/$name/"
    done
    ln -s "$here/node_modules" "$work/node_modules"
    cat > "$work/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "lib": ["ES2022"], "module": "NodeNext", "moduleResolution": "NodeNext",
    "types": ["node"], "strict": true, "noEmit": true, "forceConsistentCasingInFileNames": true
  },
  "include": ["cases/*/src"]
}
JSON
    (cd "$work" && "${tsc[@]}" -p tsconfig.json)
    echo "tsc --strict: $(ls "$work/cases" | wc -l) golden TypeScript packages, 0 errors"
    ;;
  examples)
    for example in calculator inventory notes; do
      pkg="$work/$example"
      if [[ $example == calculator && -n $calculator_ts ]]; then
        [[ -f $calculator_ts/package.json ]] || { echo "$calculator_ts/package.json is missing (build mcpc-calculator-ts)" >&2; exit 1; }
        cp -r "$calculator_ts" "$pkg"
        rm -rf "$pkg/node_modules" "$pkg/dist"
      else
        "$mcpc" compile "$repo/examples/$example/mcp.yaml" --target ts -q -o "$pkg"
      fi
      ln -s "$here/node_modules" "$pkg/node_modules"
      (cd "$pkg" && "${tsc[@]}" -p tsconfig.json)
      echo "== $example: built with tsc --strict; running its generated tests"
      (cd "$pkg" && "$node" --test --test-reporter=spec dist/server.test.js)
    done
    ;;
  validate)
    # mcpc validate on a generated package: it passes as generated, then fails for a handler
    # with a type error, and for a server whose tool list disagrees with its spec.
    pkg="$work/calculator"
    "$mcpc" compile "$repo/examples/calculator/mcp.yaml" --target ts -q -o "$pkg"
    ln -s "$here/node_modules" "$pkg/node_modules"
    export PATH="$(dirname "$node"):$PATH"   # tsc and node from Node 22
    expect() {  # expect EXIT PATTERN -- command...
      local want=$1 pattern=$2; shift 3
      local out rc=0
      out="$("$@" 2>&1)" || rc=$?
      if [[ $rc -ne $want ]] || ! grep -qE "$pattern" <<<"$out"; then
        echo "expected exit $want and output matching '$pattern' from: $*" >&2
        echo "got exit $rc:" >&2; echo "$out" >&2; exit 1
      fi
      echo "ok: exit $rc, /$pattern/: ${*: -1}"
    }
    expect 0 'ok' -- "$mcpc" validate "$pkg"
    cp "$pkg/src/handlers/add.ts" "$work/add.ts.orig"
    sed -i 's/void args;/void args; const n: number = "not a number"; void n;/' "$pkg/src/handlers/add.ts"
    expect 1 'TS2322' -- "$mcpc" validate "$pkg"
    cp "$work/add.ts.orig" "$pkg/src/handlers/add.ts"
    # The package claims another spec: its server's tools are not the ones listed there.
    "$mcpc" ir "$repo/examples/notes/mcp.yaml" -o "$pkg/mcpc.ir.json"
    expect 1 'create_note' -- "$mcpc" validate "$pkg" --skip compile
    ;;
  auth)
    # HTTP auth of the generated server (http-auth.test.mjs): bearer and API key.
    for spec in transports_auth full_server; do
      "$mcpc" compile "$repo/tests/golden/ir/$spec.json" --target ts -q -o "$work/$spec"
      ln -s "$here/node_modules" "$work/$spec/node_modules"
      (cd "$work/$spec" && "${tsc[@]}" -p tsconfig.json)
    done
    BEARER_PKG="$work/transports_auth" API_KEY_PKG="$work/full_server" "$node" --test --test-reporter=spec "$here/http-auth.test.mjs"
    ;;
  named-types)
    [[ -x $native_server ]] || { echo "named-types needs the native server as its fourth argument" >&2; exit 2; }
    pkg="$work/named_types"
    "$mcpc" compile "$repo/tests/golden/ir/named_types.yaml" --target ts -q -o "$pkg"
    cp "$here/named_types/ts/"*.ts "$pkg/src/handlers/"
    ln -s "$here/node_modules" "$pkg/node_modules"
    (cd "$pkg" && "${tsc[@]}" -p tsconfig.json)
    "$mcpc" ir "$repo/tests/golden/ir/named_types.yaml" -o "$work/named_types.ir.json"
    NAMED_TYPES_CPP="$native_server" NAMED_TYPES_TS="$pkg" NAMED_TYPES_IR="$work/named_types.ir.json" \
      "$node" --test --test-reporter=spec "$here/named-types.test.mjs"
    ;;
  *) echo "usage: run-ts-tests.sh golden|examples|validate|auth|named-types MCPC WORK_DIR [EXTRA]" >&2; exit 2 ;;
esac
