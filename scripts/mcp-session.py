#!/usr/bin/env python3
"""Holds a short MCP session with a server over stdio and prints what happened.

Usage: scripts/mcp-session.py [--call TOOL JSON_ARGS]... -- SERVER [SERVER_ARGS...]

Sends initialize, notifications/initialized and tools/list, then each --call in turn, one
JSON-RPC message per line, and checks every answer. Exits non-zero when the server fails to
answer, answers with an error, or a tool call returns isError (unless the call is marked
--call-expect-error).
"""
import json
import subprocess
import sys


def main(argv):
    calls = []
    i = 0
    while i < len(argv) and argv[i] != "--":
        if argv[i] in ("--call", "--call-expect-error") and i + 2 < len(argv):
            calls.append((argv[i + 1], json.loads(argv[i + 2]), argv[i] == "--call-expect-error"))
            i += 3
        elif argv[i] in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            print(f"mcp-session: unexpected argument {argv[i]!r} (see --help)", file=sys.stderr)
            return 2
    server = argv[i + 1:]
    if not server:
        print("mcp-session: no server command after --", file=sys.stderr)
        return 2
    proc = subprocess.Popen(server, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    next_id = 0

    def request(method, params=None):
        nonlocal next_id
        next_id += 1
        msg = {"jsonrpc": "2.0", "id": next_id, "method": method}
        if params is not None:
            msg["params"] = params
        line = json.dumps(msg)
        print(f"  -> {line[:150]}")
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        answer = proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"the server closed its output instead of answering {method}")
        print(f"  <- {answer.strip()[:150]}{'...' if len(answer.strip()) > 150 else ''}")
        reply = json.loads(answer)
        if reply.get("id") != next_id:
            raise RuntimeError(f"answer to {method} has id {reply.get('id')}, expected {next_id}")
        if "error" in reply:
            raise RuntimeError(f"{method} failed: {reply['error']}")
        return reply["result"]

    try:
        init = request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                      "clientInfo": {"name": "mcpc-demo", "version": "1.0.0"}})
        info = init["serverInfo"]
        print(f"     server {info['name']} {info['version']}, protocol {init['protocolVersion']}")
        proc.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
        tools = request("tools/list")["tools"]
        print(f"     {len(tools)} tools: {', '.join(t['name'] for t in tools)}")
        for name, arguments, expect_error in calls:
            result = request("tools/call", {"name": name, "arguments": arguments})
            text = " ".join(c.get("text", "") for c in result.get("content", []))
            shown = result.get("structuredContent", text)
            print(f"     {name}({json.dumps(arguments)}) -> {json.dumps(shown)}"
                  f"{' (isError)' if result.get('isError') else ''}")
            if bool(result.get("isError")) != expect_error:
                raise RuntimeError(f"{name}: isError was {bool(result.get('isError'))}, expected {expect_error}")
    except (RuntimeError, KeyError, json.JSONDecodeError) as e:
        print(f"mcp-session: {e}", file=sys.stderr)
        proc.kill()
        return 1
    proc.stdin.close()
    code = proc.wait(timeout=10)
    if code != 0:
        print(f"mcp-session: the server exited with status {code}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
