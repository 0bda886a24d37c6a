#!/usr/bin/env bash
# CTest inline.reading_thread: pipes initialize and one call to each tool into the generated
# inline test server (tests/inline/inline.yaml) and checks that the tool marked `inline: true`
# ran on the thread that read the request and the other one on a worker.
#   tests/inline/run.sh SERVER
set -euo pipefail
server=$1
out=$("$server" <<'LINES'
{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"where_inline","arguments":{}}}
{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"where_pooled","arguments":{}}}
LINES
)
echo "$out"
fail=0
grep -q '"id":2,.*"structuredContent":{"readingThread":true}' <<<"$out" ||
  { echo "FAIL: where_inline (inline: true) did not run on the reading thread" >&2; fail=1; }
grep -q '"id":3,.*"structuredContent":{"readingThread":false}' <<<"$out" ||
  { echo "FAIL: where_pooled did not run on a worker" >&2; fail=1; }
exit $fail
