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
#             package.json's mcpName is server.json's name; the npx client configs come with a
#             warning and local-* configs beside them, unless --npm-published.
#   ts_spec   a spec with --target ts: generated, built and packaged in one command; --namespace
#             rewrites mcpName in the packaged package.json, the spec's author reaches the bundle
#             and package.json, and a local-* client config starts the server from the tarball.
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
    grep -q "warning: clients/\*.json run 'npx -y inventory-mcp@1.0.0', which works only once .* \[package-compat\]" \
      "$work/first.txt" || fail "the npx client configs were not flagged: $(cat "$work/first.txt")"
    grep -q "building the package" "$work/first.txt" || fail "the package was not built: $(cat "$work/first.txt")"
    # The second run says the package is on npm: the npx configs are right as they are, so no
    # local ones and no warning.
    "$mcpc" package "$work/pkg" -o "$work/out2" --npm-published 2>"$work/second.txt" \
      || { cat "$work/second.txt"; fail "second run"; }
    if grep -q "building\|rebuilding" "$work/second.txt"; then fail "an up-to-date package was rebuilt"; fi
    if ls "$work/out2/clients"/local-* >/dev/null 2>&1; then fail "--npm-published still wrote local configs"; fi
    if grep -q "npx" "$work/second.txt"; then fail "--npm-published still warns: $(cat "$work/second.txt")"; fi
    cmp "$work/out1/inventory-mcp-1.0.0.tgz" "$work/out2/inventory-mcp-1.0.0.tgz" || fail "tarballs differ"
    tar tzf "$work/out1/inventory-mcp-1.0.0.tgz" >"$work/tar.txt"
    for want in package/package.json package/dist/main.js package/README.md package/mcpc.ir.json; do
      grep -qx "$want" "$work/tar.txt" || fail "the tarball lacks $want"
    done
    if grep -qE 'node_modules|^package/src/|\.test\.js$' "$work/tar.txt"; then fail "the tarball has dev files"; fi
    [[ $(tar tvzf "$work/out1/inventory-mcp-1.0.0.tgz" package/dist/main.js | cut -c1-10) == -rwxr-xr-x ]] \
      || fail "the bin entry is not 0755"
    python3 - "$work/out1" "$work/pkg" <<'PY'
import json, subprocess, sys
d = sys.argv[1]
s = json.load(open(d + "/server.json"))
# The official registry lists an npm package only when package.json's mcpName is server.json's name.
assert json.load(open(sys.argv[2] + "/package.json"))["mcpName"] == s["name"] == "local.mcpc/inventory-mcp", s["name"]
packed = json.loads(subprocess.run(["tar", "xzOf", d + "/inventory-mcp-1.0.0.tgz", "package/package.json"],
                                   check=True, capture_output=True).stdout)
assert packed["mcpName"] == s["name"], packed
for client in ["claude-desktop.json", "claude-code.mcp.json", "vscode.mcp.json", "cursor.mcp.json"]:
    local = json.load(open(d + "/clients/local-" + client))
    entry = next(iter(local.get("mcpServers", local.get("servers")).values()))
    assert entry["command"] == "npx" and entry["args"] == ["-y", "--package=" + d + "/inventory-mcp-1.0.0.tgz",
                                                           "inventory-mcp", "--transport", "stdio"], entry
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
    { cat "$repo/examples/calculator/mcp.yaml"; echo "author: Ada Lovelace <ada@example.com>"; } >"$work/mcp.yaml"
    "$mcpc" package "$work/mcp.yaml" --target ts -o "$work/out" --json --namespace io.github.acme \
      >"$work/manifest.json" 2>"$work/err.txt" || { cat "$work/err.txt"; fail "mcpc package --target ts"; }
    grep -q "mcpName set to 'io.github.acme/calculator-mcp'" "$work/err.txt" || fail "mcpName: $(cat "$work/err.txt")"
    mkdir -p "$work/tar" && tar xzf "$work/out/calculator-mcp-1.0.0.tgz" -C "$work/tar"
    python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
printed = json.load(open(w + "/manifest.json"))
written = json.load(open(w + "/out/manifest.json"))
assert printed == written, "--json printed another manifest"
assert written["runtime"] == "node" and written["name"] == "calculator-mcp", written
assert written["metadata"]["author"] == "Ada Lovelace <ada@example.com>", written["metadata"]
s = json.load(open(w + "/out/server.json"))
assert s["packages"][0]["registryType"] == "npm", s
assert s["name"] == "io.github.acme/calculator-mcp", s["name"]
packed = json.load(open(w + "/tar/package/package.json"))
assert packed["mcpName"] == s["name"], packed
assert packed["author"] == "Ada Lovelace <ada@example.com>", packed
PY
    python3 "$here/check_server_json.py" "$here/server.schema.json" "$work/out"
    validate_bundle "$work/out/calculator-mcp-1.0.0.mcpb" "$work/bundle"
    grep -q '"mcpName": "io.github.acme/calculator-mcp"' "$work/bundle/server/package.json" \
      || fail "the bundle's package.json lacks the mcpName"
    grep -q '"name": "Ada Lovelace"' "$work/bundle/manifest.json" || fail "the bundle's author is not the spec's"
    # The local Claude Desktop config, run as a client would run it (npm's cache serves the
    # dependencies when it has them), answers initialize.
    mapfile -t launch < <(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["mcpServers"]["calculator-mcp"]
print(e["command"]); print("\n".join(e["args"]))' "$work/out/clients/local-claude-desktop.json")
    reply=$(printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
      | npm_config_prefer_offline=true timeout 120 "${launch[@]}" 2>"$work/local-err.txt" | head -1) || true
    grep -q '"serverInfo"' <<<"$reply" || fail "the local client config did not start the server: $reply $(cat "$work/local-err.txt")"
    echo "ts_spec: $(ls -l "$work/out"/*.tgz "$work/out"/*.mcpb | awk '{print $5, $9}' | tr '\n' ' ')"
    ;;
  *)
    fail "unknown mode $mode"
    ;;
esac
