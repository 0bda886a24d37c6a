#!/usr/bin/env python3
"""Validates every DIR/server.json written by `mcpc package` against SCHEMA (tests/package/
server.schema.json: mcpc's own draft-07 schema for server.json 2025-12-11, written from the notes
in formats.md 1.2, not the official file), plus the checks a schema cannot express. Then proves
the check can fail: broken variants of the first server.json must be rejected.

Usage: check_server_json.py SCHEMA DIR...
"""
import copy
import json
import sys

import jsonschema

SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"


def errors(validator, doc):
    found = [e.message for e in validator.iter_errors(doc)]
    # Beyond the schema: what the registry API and formats.md 1.2 add.
    if doc.get("$schema") != SCHEMA_URL:
        found.append("$schema must be " + SCHEMA_URL)
    ns, _, name = doc.get("name", "").partition("/")
    for part in (ns, name):
        if not part or not part[0].isalnum() or not part[-1].isalnum():
            found.append("each part of name must start and end with a letter or digit")
    return found


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    docs = []
    for d in sys.argv[2:]:
        doc = json.load(open(d + "/server.json"))
        problems = errors(validator, doc)
        if problems:
            print("FAIL: %s/server.json:\n  %s" % (d, "\n  ".join(problems)))
            return 1
        docs.append(doc)
        print("ok: %s/server.json (%s %s)" % (d, doc["name"], doc["version"]))

    base = docs[0]
    bad = {}
    bad["description of 101 characters"] = dict(base, description="x" * 101)
    bad["empty description"] = dict(base, description="")
    bad["name without a namespace"] = dict(base, name="just-a-name")
    bad["name with two slashes"] = dict(base, name="io.github/a/b")
    bad["name with a space"] = dict(base, name="io.github.acme/my server")
    bad["name starting with a dash"] = dict(base, name="-acme/server")
    bad["version 'latest'"] = dict(base, version="latest")
    bad["version range"] = dict(base, version="^1.2.3")
    bad["version of 256 characters"] = dict(base, version="1" * 256)
    bad["missing $schema"] = {k: v for k, v in base.items() if k != "$schema"}
    pkg = copy.deepcopy(base)
    pkg["packages"][0]["fileSha256"] = "ABC"
    bad["fileSha256 not 64 lowercase hex"] = pkg
    pkg = copy.deepcopy(base)
    del pkg["packages"][0]["transport"]
    bad["package without transport"] = pkg
    pkg = copy.deepcopy(base)
    pkg["packages"][0]["transport"] = {"type": "websocket"}
    bad["unknown transport type"] = pkg
    pkg = copy.deepcopy(base)
    pkg["packages"][0]["transport"] = {"type": "streamable-http"}
    bad["streamable-http without url"] = pkg
    pkg = copy.deepcopy(base)
    pkg["packages"][0].setdefault("environmentVariables", []).append({"description": "no name"})
    bad["environment variable without a name"] = pkg
    pkg = copy.deepcopy(base)
    pkg["packages"][0].setdefault("environmentVariables", []).append({"name": "X", "format": "date"})
    bad["input format outside the enum"] = pkg
    pkg = copy.deepcopy(base)
    if pkg["packages"][0]["registryType"] == "mcpb":
        del pkg["packages"][0]["fileSha256"]
        bad["mcpb package without fileSha256"] = pkg
    bad["remote with a non-http url"] = dict(base, remotes=[{"type": "streamable-http", "url": "ftp://x/mcp"}])
    for what, doc in bad.items():
        if not errors(validator, doc):
            print("FAIL: the check accepted a server.json with a %s" % what)
            return 1
    print("ok: %d broken variants rejected" % len(bad))
    return 0


if __name__ == "__main__":
    sys.exit(main())
