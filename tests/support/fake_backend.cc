#include "fake_backend.h"

namespace mcpc::testing {
namespace {

FakeBackend::Call call_of(const sema::CheckedModule& module, const codegen::GenerateOptions& options) {
  return {module.module().server.name, module.module().tools.size(), options};
}

// Reports the problem, if any; true when it is an error (the call then answers nothing).
bool report(const std::optional<FakeBackend::Problem>& problem, DiagnosticEngine& diags) {
  if (!problem) return false;
  diags.report(problem->severity, problem->check, SourceLoc::none(), problem->message);
  return problem->severity == Severity::Error;
}

}  // namespace

std::optional<codegen::Output> FakeBackend::generate(const sema::CheckedModule& module,
                                                     const codegen::GenerateOptions& options,
                                                     DiagnosticEngine& diags) const {
  generate_calls.push_back(call_of(module, options));
  if (report(problem, diags)) return std::nullopt;
  return output;
}

std::optional<codegen::GeneratedFile> FakeBackend::handler_skeleton(const sema::CheckedModule& module,
                                                                    const codegen::GenerateOptions& options,
                                                                    DiagnosticEngine& diags) const {
  skeleton_calls.push_back(call_of(module, options));
  if (report(problem, diags)) return std::nullopt;
  return skeleton;
}

}  // namespace mcpc::testing
