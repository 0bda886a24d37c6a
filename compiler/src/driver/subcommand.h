// A subcommand that owns its parsed options and runs after the command line is parsed.
// Each one lives in its own file (package_cli.cc, registry_cli.cc, publish_cli.cc) and
// cli.cc only lists them.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "mcpc/driver/cli.h"

namespace mcpc::driver {

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int(CliStreams&)> run;  ///< called when `app` was parsed; returns the exit code
};

/// `mcpc package`: package_cli.cc.
Subcommand add_package_command(CLI::App& app);
/// `mcpc registry ...`: registry_cli.cc.
Subcommand add_registry_command(CLI::App& app);
/// `mcpc publish --build-dir`: publish_cli.cc.
Subcommand add_publish_command(CLI::App& app);

}  // namespace mcpc::driver
