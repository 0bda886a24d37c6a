// The mcpc command line, as a library so tests can run it in-process. It sits above every
// other library; none links it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "mcpc/support/diagnostic.h"

namespace mcpc {

/// Exit codes shared by every subcommand; exit_code() is the one place that picks them.
enum ExitCode : int {
  kExitOk = 0,      ///< clean (warnings allowed)
  kExitErrors = 1,  ///< the input has errors (or a check, a verification, a lookup failed)
  kExitUsage = 2,   ///< bad command line, or a file it names could not be read or written
};

/// kExitUsage when a [usage] or location-less [io] error was reported, kExitErrors for any
/// other error (or a warning, with `warnings_as_errors`), kExitOk otherwise.
int exit_code(const DiagnosticEngine& diags, bool warnings_as_errors = false);

struct CliStreams {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool err_is_tty = false;  ///< colour is used only on a terminal (or with --color=always)
};

/// Runs `mcpc <args...>` (args exclude the program name) and returns the exit code.
int run_cli(const std::vector<std::string>& args, CliStreams io);

}  // namespace mcpc
