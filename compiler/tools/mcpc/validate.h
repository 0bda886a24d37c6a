// `mcpc validate`: checks a spec (and the native server built from it) or a generated
// TypeScript package: spec, compile, protocol and dependencies. Internal to the mcpc tool;
// add_validate_command() (subcommand.h) registers it. See docs/validate.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mcpc::tool {

struct ValidateOptions {
  std::string input;              ///< a spec file (native) or a generated TypeScript package directory
  std::string server;             ///< native: the server's command line (run with --transport stdio)
  std::string format = "text";    ///< text or json
  std::string runtime_include;    ///< native: the runtime's include directory (default: found)
  double timeout_seconds = 10;    ///< per protocol request
  std::vector<std::string> env;   ///< NAME=VALUE for the server's environment
  std::vector<std::string> skip;  ///< checks not to run: compile, protocol, dependencies
};

/// Structural differences between the JSON Schema a spec declares (`expected`) and the one
/// a server lists (`actual`), one message each; empty when they agree. Property names,
/// required sets, types, enums and constraints are compared, recursively through
/// properties, items, prefixItems, additionalProperties and anyOf/oneOf/allOf. Annotations
/// (description, title, default, examples, $schema), `additionalProperties: false` on the
/// server side, the ±(2^53-1) bounds zod puts on integers are ignored; `integer` equals
/// `number` with an integral multipleOf; a two-branch anyOf with `{type: "null"}` equals a
/// nullable type; local $refs are resolved.
std::vector<std::string> compare_schemas(const nlohmann::ordered_json& expected, const nlohmann::ordered_json& actual);

}  // namespace mcpc::tool
