#!/usr/bin/env bash
# docs/cmake.md, "A new project, step by step", done as written (the spec, CMakeLists.txt, the
# handler skeleton, configure, build): the first build must succeed, and the server answers the
# official SDK client. Then what the document says around it: configuring before the skeleton
# exists stops with the command that writes it, and that command writes the same skeleton; a
# skeleton written without --basename gets a warning, and BASENAME as it says makes it compile.
source "$(dirname "$0")/lib.sh"

mkdir "$WORK/project" && cd "$WORK/project"
run_doc "$repo/docs/cmake.md" new-project
expect_eq "tools/list" "$(mcp tools -- ./build/greeter)" "greet"
result=$(mcp call greet '{"name":"Ada"}' -- ./build/greeter)
expect_eq "the skeleton's greet answers a tool error until written" "$(json_get "$result" isError)" true

echo "== configuring before the skeleton exists"
mkdir "$WORK/early" && cd "$WORK/early"
cp ../project/mcp.yaml ../project/CMakeLists.txt .
if cmake -S . -B build -G Ninja >../early.log 2>&1; then
  cat ../early.log
  echo "FAILED: configuring succeeded without greeter_handlers.cc" >&2
  exit 1
fi
command=$(grep -E '^ +cd .* && .*compile ' ../early.log | sed 's/^ *//') || true
if [[ -z $command ]]; then
  cat ../early.log
  echo "FAILED: no command to write greeter_handlers.cc in the message" >&2
  exit 1
fi
echo "\$ $command"
(eval "$command")
cmp greeter_handlers.cc ../project/greeter_handlers.cc
echo "ok: the command in the message writes the skeleton the document's command writes"
cmake -S . -B build -G Ninja >/dev/null

echo "== a skeleton written without --basename"
mkdir "$WORK/plain" && cd "$WORK/plain"
cp ../project/mcp.yaml ../project/CMakeLists.txt .
mcpc compile mcp.yaml --emit-handler-skeleton greeter_handlers.cc
cmake -S . -B build -G Ninja >../plain.log 2>&1
flat=$(tr -s ' \n' '  ' <../plain.log)
if ! grep -qF 'includes "greeter_mcp.h", but the header this server generates is "greeter.h"' <<<"$flat" ||
   ! grep -qF 'add BASENAME greeter_mcp to add_mcp_server()' <<<"$flat"; then
  cat ../plain.log
  echo "FAILED: no warning that the handler source includes another basename's header" >&2
  exit 1
fi
echo "ok: warned"
sed -i 's/HANDLERS greeter_handlers.cc)/HANDLERS greeter_handlers.cc BASENAME greeter_mcp)/' CMakeLists.txt
cmake -S . -B build >../plain.log 2>&1
if grep -q "Warning" ../plain.log; then
  cat ../plain.log
  echo "FAILED: still a warning with BASENAME greeter_mcp" >&2
  exit 1
fi
"$NINJA" -C build CMakeFiles/greeter.dir/greeter_handlers.cc.o
echo "ok: with BASENAME greeter_mcp the skeleton compiles"
