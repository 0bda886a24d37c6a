// Writing generated files: all or nothing, never outside the output directory, and without
// touching files whose content is unchanged (so builds do not cascade).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mcpc/codegen/backend.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc::codegen {

struct WriteReport {
  std::vector<std::string> written;    ///< paths (relative) whose content changed
  std::vector<std::string> unchanged;  ///< paths left as they were
  std::vector<std::string> kept;       ///< the user's files, present and left alone
  /// The user's files whose interface changed since they were written: "path: expected ...".
  std::vector<std::string> outdated;
};

/// Checks that `relative` is a plain relative path that stays inside its directory (no
/// absolute path, no "..", no empty or NUL-bearing component). Returns an error or "".
std::string check_relative_path(const std::string& relative);

/// Writes `files` under `dir` (created if needed). Every new content is first written to a
/// temporary file next to its target; only when all of them are written are they renamed
/// into place, so a failure leaves the previous output intact. nullopt when something could
/// not be written (reported to `diags`: kIo, without a location).
std::optional<WriteReport> write_files(const std::filesystem::path& dir, const std::vector<GeneratedFile>& files,
                                       DiagnosticEngine& diags);

/// A Makefile-syntax depfile: `target: prerequisites...`, with spaces and '#' escaped.
std::string make_depfile(const std::string& target, const std::vector<std::string>& prerequisites);

}  // namespace mcpc::codegen
