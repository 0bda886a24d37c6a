#!/usr/bin/env bash
# docs/cmake.md, "A TypeScript server", done as written: a project(... NONE) that finds mcpc and
# builds a TypeScript server with NPM_BUILD (real npm and tsc), whose handler files are in the
# source tree. Then: the server answers the official SDK client with the handler as edited
# (after the first build); deleting the build tree loses nothing; a new tool adds a handler
# file and touches no other; a handler removed with its tool is gone from the build.
source "$(dirname "$0")/lib.sh"

mkdir "$WORK/project" && cd "$WORK/project"
run_doc "$repo/docs/cmake.md" spec
run_doc "$repo/docs/cmake.md" typescript

main=build/greeter_mcp/dist/main.js
greet() { json_get "$(mcp call greet '{"name":"Ada"}' -- node "$main")" structuredContent.result; }
expect_eq "the handler files are in the source tree" "$(cd greeter_handlers && ls)" "greet.ts"
expect_eq "tools/list" "$(mcp tools -- node "$main")" "greet"
expect_eq "greet, as the document's edit wrote it" "$(greet)" "Hello, Ada!"

expect_eq "a build with nothing changed" "$(cmake --build build | tail -n 1)" "ninja: no work to do."

# A new build tree, and a new tool in the spec: nothing of the user's is lost, the new tool
# gets a handler file, and the others are left as they are.
sum=$(sha256sum greeter_handlers/greet.ts)
rm -rf build
cat >>mcp.yaml <<'YAML'
  - name: wave
    description: Wave at someone
    parameters:
      name: { type: string, required: true }
YAML
cmake -S . -B build -G Ninja >/dev/null
cmake --build build
expect_eq "a new tool's handler file is written" "$(cd greeter_handlers && ls | tr '\n' ' ')" "greet.ts wave.ts "
expect_eq "the other handler files are untouched" "$(sha256sum greeter_handlers/greet.ts)" "$sum"
expect_eq "tools/list" "$(mcp tools -- node "$main")" "greet wave"
expect_eq "greet from a new build tree" "$(greet)" "Hello, Ada!"

# The tool goes, and its handler with it: tsc must not see the copy of a deleted handler (it
# imports types that are gone).
sed -i '/- name: wave/,$d' mcp.yaml
rm greeter_handlers/wave.ts
cmake --build build
expect_eq "tools/list after removing a tool and its handler" "$(mcp tools -- node "$main")" "greet"
