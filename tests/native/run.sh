#!/usr/bin/env bash
# CTest native.calls: calls each tool of the native test server (tests/native/shapes.h) over
# stdio and checks what the library functions returned, threw, and what bad arguments answer.
#   tests/native/run.sh SERVER
set -euo pipefail
server=$1
out=$("$server" <<'LINES'
{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"polygon_area","arguments":{"polygon":{"name":"sq","points":[{"x":0,"y":0},{"x":2,"y":0},{"x":2,"y":2},{"x":0,"y":2}]}}}}
{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"polygon_area","arguments":{"polygon":{"name":"line","points":[{"x":0,"y":0},{"x":1,"y":1}]}}}}
{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"describe","arguments":{"label":"tri"}}}
{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"describe","arguments":{"label":"hex","sides":6}}}
{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"midpoint","arguments":{"a":{"x":0,"y":0},"b":{"x":4,"y":2}}}}
{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"count_words","arguments":{"text":"a b a"}}}
{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"touch","arguments":{}}}
{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"touches","arguments":{}}}
{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"polygon_area","arguments":{"polygon":{"name":"sq","unit":"yard","points":[]}}}}
{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"describe","arguments":{"label":"big","sides":256}}}
{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"polygon_area","arguments":{"polygon":{"name":"ft","unit":"foot","points":[{"x":0,"y":0},{"x":10,"y":0},{"x":0,"y":10}]}}}}
{"jsonrpc":"2.0","id":13,"method":"tools/list"}
LINES
)
echo "$out"
fail=0
expect() {  # expect ID REGEX WHAT
  grep -q "\"id\":$1,.*$2" <<<"$out" || { echo "FAIL: $3" >&2; fail=1; }
}
expect 2 '"structuredContent":{"result":4.0}' "polygon_area of a 2x2 square"
expect 3 '"isError":true' "a function that throws gives an isError result"
expect 3 'at least 3 points' "the exception's what() is the error text"
expect 4 '"structuredContent":{"result":"tri has 3 sides"}' "a missing argument takes the C++ default"
expect 5 '"structuredContent":{"result":"hex has 6 sides"}' "const char* and uint8_t arguments"
expect 6 '"structuredContent":{"x":2.0,"y":1.0}' "a struct result is the structured content"
expect 7 '"structuredContent":{"a":2,"b":1}' "a map result"
expect 8 '"content":\[\]' "a void function gives an empty success"
expect 9 '"structuredContent":{"result":1}' "touch ran once"
expect 10 'must be one of.*"isError":true' "an enum value outside the enumerators is refused"
expect 11 'must be <= 255.*"isError":true' "an integer outside uint8_t is refused"
expect 12 '"structuredContent":{"result":4.64515' "an optional enum member reaches the function"
expect 13 '"name":"polygon_area"' "tools/list lists the native tools"
exit $fail
