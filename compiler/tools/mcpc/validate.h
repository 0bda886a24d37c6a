// `mcpc validate`: checks a spec (and the native server built from it) or a generated
// TypeScript package: spec, compile, protocol and dependencies. Internal to the mcpc tool;
// add_validate_command() (subcommand.h) registers it. See docs/validate.md.
#pragma once

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

}  // namespace mcpc::tool
