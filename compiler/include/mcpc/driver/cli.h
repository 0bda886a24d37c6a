// The mcpc command line, as a library so tests can run it in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mcpc {

/// Exit codes shared by every subcommand.
enum ExitCode : int {
  kExitOk = 0,      ///< clean (warnings allowed)
  kExitErrors = 1,  ///< the input has errors
  kExitUsage = 2,   ///< bad command line, or a file could not be read
};

struct CliStreams {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool err_is_tty = false;  ///< colour is used only on a terminal (or with --color=always)
};

/// Runs `mcpc <args...>` (args exclude the program name) and returns the exit code.
int run_cli(const std::vector<std::string>& args, CliStreams io);

}  // namespace mcpc
