// A backend for driver and pipeline tests: it records what it was given and answers with what
// the test set, files or a problem, so a test can see what the layers above do with a
// backend's answer without depending on what a real generator writes. Link
// mcpc_test_fake_backend; hand it to the pipeline as pipeline::Request::backend_override.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mcpc/codegen/backend.h"

namespace mcpc::testing {

class FakeBackend final : public codegen::Backend {
 public:
  /// What one call was given.
  struct Call {
    std::string server_name;  ///< of the checked module
    std::size_t tools = 0;
    codegen::GenerateOptions options;
  };
  /// A diagnostic to report instead of answering (at SourceLoc::none(), like an option or an
  /// unreadable template).
  struct Problem {
    Check check = Check::Generate;
    std::string message = "the fake backend was told to fail";
    Severity severity = Severity::Error;
  };

  std::string_view name() const override { return "fake"; }
  std::string_view description() const override { return "a test double that writes what it is told"; }
  std::optional<codegen::Output> generate(const sema::CheckedModule& module, const codegen::GenerateOptions& options,
                                          DiagnosticEngine& diags) const override;
  std::optional<codegen::GeneratedFile> handler_skeleton(const sema::CheckedModule& module,
                                                         const codegen::GenerateOptions& options,
                                                         DiagnosticEngine& diags) const override;

  // What it answers.
  codegen::Output output;  ///< generate()'s files
  codegen::GeneratedFile skeleton{"handlers.cc", "// handlers\n", true};
  std::optional<Problem> problem;  ///< reported by both calls; an error makes them return nullopt

  // What it was given, in call order.
  mutable std::vector<Call> generate_calls;
  mutable std::vector<Call> skeleton_calls;
};

}  // namespace mcpc::testing
