// The pipeline every entry point goes through (the mcpc command, add_mcp_server()'s build
// step, the packager, validate, the coming service): inputs -> front end -> checks -> backend.
// It never prints, exits or throws for a user's mistake: every problem is a diagnostic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mcpc/codegen/backend.h"
#include "mcpc/frontend/frontend.h"
#include "mcpc/pipeline/frontends.h"
#include "mcpc/sema/check.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"

namespace mcpc::pipeline {

struct Request {
  std::vector<frontend::Input> inputs;
  /// A front end's name; empty: the first in `frontends` that accepts each input.
  std::string frontend;
  FrontendOptions frontend_options;
  /// A backend's name; empty (and no backend_override): stop after the checks.
  std::string backend;
  /// A backend to use instead of looking `backend` up (tests pass a fake); null: by name.
  const codegen::Backend* backend_override = nullptr;
  codegen::GenerateOptions generate_options;
  bool generate_files = true;      ///< with a backend: the server's files
  bool generate_skeleton = false;  ///< with a backend: a starter handler source
  /// The front ends to choose from (tests add their own); null: frontends().
  const FrontendTable* frontends = nullptr;
};

struct Result {
  /// Every input that loaded and passed the checks, in input order.
  std::vector<sema::CheckedModule> modules;
  /// With a backend, for the first module: what it generated.
  std::optional<codegen::Output> output;
  std::optional<codegen::GeneratedFile> skeleton;
  /// Every spec file read (includes too), for depfiles.
  std::vector<std::string> files;
};

/// Runs the request, loading files into `sources` and reporting every problem to `diags`: an
/// input that cannot be read is an [io] error without a location, a front end or backend name
/// nobody knows a [usage] error. Callers own both, so one run's diagnostics render together.
Result run(const Request& request, SourceManager& sources, DiagnosticEngine& diags);

/// Loads and checks one file with the default front-end choice: the common case. nullopt
/// when it has errors (warnings pass; errors reported to `diags` earlier do not count).
std::optional<sema::CheckedModule> load_checked(const std::string& path, SourceManager& sources,
                                                DiagnosticEngine& diags, const FrontendOptions& options = {});

}  // namespace mcpc::pipeline
