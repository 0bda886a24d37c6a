// The command line every generated server shares: --transport stdio|http, --host, --port,
// --path, --help, --version; environment variables checked (and defaulted) before serving;
// HTTP auth taken from the environment. Kept here, not in generated code, so it is written
// and tested once.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mcpc/runtime/http_transport.h"
#include "mcpc/runtime/server.h"

namespace mcpc::runtime {

/// An environment variable the server reads.
struct EnvRequirement {
  std::string name;
  std::string description;
  bool required = true;                      ///< refuse to start when unset (and no default)
  std::optional<std::string> default_value;  ///< set in the environment when unset
};

struct CommandLine {
  std::string program;  ///< for --help, --version and messages
  std::string version;
  std::string transport = "stdio";  ///< the default transport: "stdio" or "http"
  HttpOptions http;                 ///< defaults for --host, --port, --path
  std::vector<EnvRequirement> env;
  std::string bearer_token_env;  ///< HTTP needs "Authorization: Bearer $VAR" when set
  std::string api_key_env;       ///< HTTP needs api_key_header: $VAR when both are set
  std::string api_key_header;
};

/// What the arguments asked for, before anything is served.
struct ParsedCommandLine {
  enum class Action { Serve, Help, Version, Error } action = Action::Serve;
  std::string transport;
  HttpOptions http;
  std::string error;  ///< for Action::Error
};

ParsedCommandLine parse_command_line(const CommandLine& cli, const std::vector<std::string>& args);

/// The --help text.
std::string command_line_usage(const CommandLine& cli);

/// Applies env defaults, then returns a message naming every required variable that is unset
/// (empty when all are set).
std::string check_environment(const CommandLine& cli);

/// Parses argv and checks the environment (answering --help and --version), then creates the
/// server, lets `setup` register everything (so handlers are made only once the environment
/// is known to be complete, with its defaults applied), and serves it on the chosen
/// transport. Returns the process exit code: 0, or 2 for a usage or environment problem
/// (with a message on stderr).
int run_command_line(const CommandLine& cli, const ServerOptions& options, int argc, char** argv,
                     const std::function<void(Server&)>& setup);

}  // namespace mcpc::runtime
