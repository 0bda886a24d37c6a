#!/usr/bin/env bash
# Packaging checks run by CTest (tests/package/CMakeLists.txt):
#   examples  mcpc package on the three native examples (calculator, inventory, notes) into
#             WORK/<example>/; the other modes check what it wrote.
#   mcpb      every .mcpb unpacks with unzip (the binary keeps 0755), its manifest.json passes
#             `mcpb validate` (file and directory) and the bundle `mcpb info`; a manifest with an
#             unknown key fails validation.
#   ts_dir    a generated TypeScript package directory: built once (tsc), packaged twice with
#             byte-identical tarballs; npm layout under package/, no node_modules or sources;
#             the bundle carries production node_modules, validates, and its server answers
#             `initialize` over stdio.
#   ts_spec   a spec with --target ts: generated, built and packaged in one command.
# Usage: run-package-tests.sh examples MCPC WORK CALCULATOR INVENTORY NOTES
#        run-package-tests.sh mcpb|ts_dir|ts_spec MCPC WORK
set -euo pipefail
mode=$1 mcpc=$2 work=$3
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mcpb="$here/node_modules/.bin/mcpb"
export MCPC_NODE_MODULES="$repo/tests/ts/node_modules"
export npm_config_update_notifier=false

fail() { echo "FAIL: $*" >&2; exit 1; }

# validate_bundle FILE.mcpb DIR: unpacks FILE into DIR, runs mcpb validate and mcpb info.
validate_bundle() {
  local file=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir"
  unzip -q "$file" -d "$dir"
  "$mcpb" validate "$dir/manifest.json" || fail "mcpb validate $file (manifest.json)"
  "$mcpb" validate "$dir" >/dev/null || fail "mcpb validate $file (directory)"
  local info
  info="$("$mcpb" info "$file")" || fail "mcpb info $file"
  [[ $info == *"File: $(basename "$file")"* ]] || fail "mcpb info did not describe $file: $info"
  sed -n 1,2p <<<"$info"
}

case "$mode" in
  examples)
    shift 3
    rm -rf "$work" && mkdir -p "$work"
    for pair in "calculator:$1" "inventory:$2" "notes:$3"; do
      example=${pair%%:*} binary=${pair#*:}
      "$mcpc" package "$repo/examples/$example/mcp.yaml" --binary "$binary" -o "$work/$example" -q \
        --namespace io.github.mcpc-examples --author "mcpc examples" \
        --repository "https://github.com/mcpc-examples/$example" --license MIT --tag example
      for f in manifest.json server.json clients/claude-desktop.json clients/claude-code.mcp.json \
               clients/vscode.mcp.json clients/cursor.mcp.json; do
        [[ -s "$work/$example/$f" ]] || fail "$example: $f is missing"
      done
      ls "$work/$example"/*.tgz "$work/$example"/*.mcpb >/dev/null
      echo "packaged $example: $(cd "$work/$example" && ls -l *.tgz *.mcpb | awk '{print $5, $9}' | tr '\n' ' ')"
    done
    ;;
  mcpb)
    for example in calculator inventory notes; do
      file=$(ls "$work/$example"/*.mcpb)
      dir="$work/unpacked/$example"
      validate_bundle "$file" "$dir"
      zipinfo "$file" >"$work/zipinfo.txt"
      grep -qE '^-rwxr-xr-x .* server/mcpc-' "$work/zipinfo.txt" || fail "$example: the binary lost its 0755 mode"
      [[ -x $(ls "$dir"/server/mcpc-*) ]] || fail "$example: the unpacked binary is not executable"
    done
    # The negative case: the strict 0.2 schema refuses an unknown key, and a missing author.
    python3 - "$work/unpacked/inventory/manifest.json" "$work/bad" <<'PY'
import json, os, sys
m = json.load(open(sys.argv[1]))
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(dict(m, unknown_key=1), open(os.path.join(sys.argv[2], "unknown-key.json"), "w"))
del m["author"]
json.dump(m, open(os.path.join(sys.argv[2], "no-author.json"), "w"))
PY
    for bad in unknown-key no-author; do
      if "$mcpb" validate "$work/bad/$bad.json" >/dev/null 2>&1; then fail "mcpb validate accepted $bad.json"; fi
    done
    echo "mcpb validate: 3 bundles pass; 2 broken manifests fail as they should"
    ;;
  ts_dir)
    rm -rf "$work" && mkdir -p "$work"
    "$mcpc" compile "$repo/examples/inventory/mcp.yaml" --target ts -q -o "$work/pkg"
    # The output directory may not be inside the package.
    if "$mcpc" package "$work/pkg" -o "$work/pkg/out" -q 2>"$work/err.txt"; then fail "packaged into the package"; fi
    grep -q "inside the package" "$work/err.txt" || fail "unclear message: $(cat "$work/err.txt")"
    "$mcpc" package "$work/pkg" -o "$work/out1" 2>"$work/first.txt" || { cat "$work/first.txt"; fail "mcpc package DIR"; }
    grep -q "building the package" "$work/first.txt" || fail "the package was not built: $(cat "$work/first.txt")"
    "$mcpc" package "$work/pkg" -o "$work/out2" 2>"$work/second.txt" || { cat "$work/second.txt"; fail "second run"; }
    if grep -q "building\|rebuilding" "$work/second.txt"; then fail "an up-to-date package was rebuilt"; fi
    cmp "$work/out1/inventory-mcp-1.0.0.tgz" "$work/out2/inventory-mcp-1.0.0.tgz" || fail "tarballs differ"
    tar tzf "$work/out1/inventory-mcp-1.0.0.tgz" >"$work/tar.txt"
    for want in package/package.json package/dist/main.js package/README.md package/mcpc.ir.json; do
      grep -qx "$want" "$work/tar.txt" || fail "the tarball lacks $want"
    done
    if grep -qE 'node_modules|^package/src/|\.test\.js$' "$work/tar.txt"; then fail "the tarball has dev files"; fi
    [[ $(tar tvzf "$work/out1/inventory-mcp-1.0.0.tgz" package/dist/main.js | cut -c1-10) == -rwxr-xr-x ]] \
      || fail "the bin entry is not 0755"
    python3 - "$work/out1" <<'PY'
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/server.json"))
p = s["packages"][0]
assert p["registryType"] == "npm" and p["identifier"] == "inventory-mcp" and p["version"] == "1.0.0", p
assert p["registryBaseUrl"] == "https://registry.npmjs.org", p
m = json.load(open(d + "/manifest.json"))
assert m["runtime"] == "node", m["runtime"]
c = json.load(open(d + "/clients/claude-desktop.json"))["mcpServers"]["inventory-mcp"]
assert c["command"] == "npx" and c["args"][:2] == ["-y", "inventory-mcp@1.0.0"], c
PY
    python3 "$here/check_server_json.py" "$here/server.schema.json" "$work/out1"
    validate_bundle "$work/out1/inventory-mcp-1.0.0.mcpb" "$work/bundle"
    [[ -f "$work/bundle/server/node_modules/@modelcontextprotocol/server/package.json" ]] || fail "no SDK in the bundle"
    if [[ -d "$work/bundle/server/node_modules/typescript" ]]; then fail "dev dependencies in the bundle"; fi
    grep -q '"type": "node"' "$work/bundle/manifest.json" || fail "server.type is not node"
    # The bundled server runs from the unpacked bundle alone.
    reply=$(printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
      | INVENTORY_API_KEY=k INVENTORY_DB="$work/inv.db" timeout 20 node "$work/bundle/server/dist/main.js" --transport stdio 2>"$work/server-err.txt" | head -1) || true
    grep -q '"serverInfo"' <<<"$reply" || fail "the bundled server did not answer initialize: $reply $(cat "$work/server-err.txt")"
    echo "ts_dir: $(ls -l "$work/out1"/*.tgz "$work/out1"/*.mcpb | awk '{print $5, $9}' | tr '\n' ' ')"
    ;;
  ts_spec)
    rm -rf "$work" && mkdir -p "$work"
    "$mcpc" package "$repo/examples/calculator/mcp.yaml" --target ts -o "$work/out" --json >"$work/manifest.json"
    python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
printed = json.load(open(w + "/manifest.json"))
written = json.load(open(w + "/out/manifest.json"))
assert printed == written, "--json printed another manifest"
assert written["runtime"] == "node" and written["name"] == "calculator-mcp", written
s = json.load(open(w + "/out/server.json"))
assert s["packages"][0]["registryType"] == "npm", s
PY
    python3 "$here/check_server_json.py" "$here/server.schema.json" "$work/out"
    validate_bundle "$work/out/calculator-mcp-1.0.0.mcpb" "$work/bundle"
    echo "ts_spec: $(ls -l "$work/out"/*.tgz "$work/out"/*.mcpb | awk '{print $5, $9}' | tr '\n' ' ')"
    ;;
  *)
    fail "unknown mode $mode"
    ;;
esac
