// Running npm for the packager: fork/exec without a shell, standard input from /dev/null.
// Internal to mcpc_package.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mcpc::package {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when it could not run or was killed by a signal
  std::string output;  ///< stdout, plus stderr when merged
};

/// Runs argv[0] (looked up on PATH) in `cwd`. `merge_stderr`: stderr is captured with stdout;
/// otherwise it is discarded.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          bool merge_stderr);

/// Whether `program` is on PATH (or is an executable path).
bool have_program(const std::string& program);

}  // namespace mcpc::package
