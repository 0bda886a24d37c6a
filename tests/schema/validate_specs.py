#!/usr/bin/python3
"""Validates spec files against compiler/schema/mcp-spec.schema.json.

Checks that the schema is a valid JSON Schema 2020-12 document; that every valid golden
spec (tests/golden/ir/*.yaml|*.json), every include fixture there (against
$defs/includedFile), every example (examples/*/mcp.yaml) and a spec whose only mistakes are
semantic validate; and that the invalid golden cases the schema can detect are rejected.

Needs python3-jsonschema and python3-yaml (Debian). Exits 0 when every check passes,
1 when one fails, 77 (skip) when a module is missing.
"""
import argparse
import json
import pathlib
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e}; install python3-jsonschema and python3-yaml")
    sys.exit(77)

# Invalid golden cases (tests/golden/diagnostics) whose problem the schema alone can see:
# unknown keys, wrong types, missing fields, values outside an enum or pattern.
SCHEMA_DETECTABLE = [
    "unknown_key_top.yaml",
    "unknown_key_tool.yaml",
    "unknown_key_parameter.yaml",
    "unknown_key_no_suggestion.yaml",
    "json_unknown_key.json",
    "json_wrong_type.json",
    "wrong_type_tools.yaml",
    "wrong_type_name.yaml",
    "top_level_not_mapping.yaml",
    "invalid_param_type.yaml",
    "missing_name.yaml",
    "missing_version.yaml",
    "missing_tool_name.yaml",
    "invalid_transport.yaml",
    "transport_and_transports.yaml",
    "http_port_out_of_range.yaml",
    "stdio_transport_with_port.yaml",
    "invalid_auth_type.yaml",
    "auth_header_with_bearer.yaml",
    "env_bad_name.yaml",
    "tool_name_invalid_chars.yaml",
    "tool_name_too_long.yaml",
    "tool_name_empty.yaml",
    "parameters_and_input_schema.yaml",
    "input_schema_not_object.yaml",
    "negative_length.yaml",
    "annotations_not_bool.yaml",
    "inline_with_connection.yaml",
    "bad_semver.yaml",
    "bad_semver_leading_zero.yaml",
    "semver_number.yaml",
    "website_bad_uri.yaml",
    "bad_resource_uri.yaml",
    "resource_two_contents.yaml",
    "resource_no_content.yaml",
    "resource_handler_conflict.yaml",
    "tool_content_types.yaml",
    "prompt_enum_invalid.yaml",
    "invalid_prompt_role.yaml",
    "cron_field_count.yaml",
    "cron_bad_macro.yaml",
    "cron_missing_schedule.yaml",
    "webhook_path_relative.yaml",
    "invalid_webhook_method.yaml",
    "unknown_trigger_type.yaml",
    "include_wrong_type.yaml",
    "named_type_names.yaml",
]


def load(path: pathlib.Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[2],
                        help="the mcpc source tree (default: two levels above this script)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every file checked")
    args = parser.parse_args()
    root = args.root.resolve()

    schema_path = root / "compiler/schema/mcp-spec.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_cls = jsonschema.Draft202012Validator

    passed = 0
    failed = 0

    def ok(what: str):
        nonlocal passed
        passed += 1
        if args.verbose:
            print(f"ok   {what}")

    def fail(what: str, why: str):
        nonlocal failed
        failed += 1
        print(f"FAIL {what}: {why}")

    try:
        validator_cls.check_schema(schema)
        ok(f"{schema_path.relative_to(root)} is a valid 2020-12 schema")
    except jsonschema.exceptions.SchemaError as e:
        fail(str(schema_path.relative_to(root)), f"not a valid 2020-12 schema: {e.message}")
        print(f"{passed} passed, {failed} failed")
        return 1

    spec_validator = validator_cls(schema)
    # Included files are checked against $defs/includedFile; $refs stay relative to the root.
    included_validator = validator_cls({**schema["$defs"]["includedFile"], "$defs": schema["$defs"]})

    def errors_of(validator, path: pathlib.Path):
        try:
            data = load(path)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
            return None, f"cannot load: {e}"
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        return errors, None

    def expect_valid(validator, path: pathlib.Path):
        rel = str(path.relative_to(root))
        errors, problem = errors_of(validator, path)
        if problem:
            fail(rel, problem)
        elif errors:
            where = "/".join(map(str, errors[0].absolute_path)) or "(root)"
            fail(rel, f"{len(errors)} schema error(s); first at {where}: {errors[0].message}")
        else:
            ok(f"{rel} validates")

    def expect_invalid(path: pathlib.Path):
        rel = str(path.relative_to(root))
        if not path.exists():
            fail(rel, "missing")
            return
        errors, problem = errors_of(spec_validator, path)
        if problem:
            fail(rel, problem)
        elif not errors:
            fail(rel, "expected the schema to reject it, but it validates")
        else:
            ok(f"{rel} is rejected ({errors[0].message[:80]})")

    golden_ir = root / "tests/golden/ir"
    cases = sorted(p for p in golden_ir.iterdir()
                   if p.is_file() and p.suffix in (".yaml", ".json")
                   and not p.name.endswith(".ir.json"))  # expected IR dumps, not specs
    if not cases:
        fail(str(golden_ir.relative_to(root)), "no valid golden specs found")
    for path in cases:
        expect_valid(spec_validator, path)
    for path in sorted(golden_ir.rglob("*.part.yaml")) + sorted(golden_ir.rglob("*.part.json")):
        expect_valid(included_validator, path)

    examples = sorted((root / "examples").glob("*/mcp.yaml"))
    if not examples:
        fail("examples", "no examples/*/mcp.yaml found")
    for path in examples:
        expect_valid(spec_validator, path)

    diagnostics = root / "tests/golden/diagnostics"
    # This spec breaks only semantic rules (its triggers call undefined tools).
    expect_valid(spec_validator, diagnostics / "triggers_call_undefined_tools.yaml")
    for name in SCHEMA_DETECTABLE:
        expect_invalid(diagnostics / name)

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
