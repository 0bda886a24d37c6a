// inputs -> front end -> checks -> backend, with every problem reported as a diagnostic.
#include "mcpc/pipeline/pipeline.h"

#include <filesystem>
#include <system_error>

namespace mcpc::pipeline {
namespace {

// The front end for one input: the named one, or the first in the table that accepts it.
const frontend::Frontend* choose_frontend(const Request& request, const FrontendTable& table,
                                          const frontend::Input& input, DiagnosticEngine& diags) {
  if (!request.frontend.empty()) {
    const frontend::Frontend* named = find_frontend(table, request.frontend);
    if (named == nullptr)
      diags.report(Check::Usage, SourceLoc::none(), "no front end named '" + request.frontend + "'");
    return named;
  }
  for (const frontend::Frontend* f : table) {
    if (f->accepts(input.path)) return f;
  }
  diags.report(Check::Usage, SourceLoc::none(), "no front end reads '" + input.path + "'");
  return nullptr;
}

// A named file must be a readable regular file; saying so here words the error the same way
// for every front end.
bool readable_file(const std::string& path, DiagnosticEngine& diags) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return true;
  diags.report(
      Check::Io, SourceLoc::none(),
      "cannot read '" + path + "': " + (std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
  return false;
}

void generate(const Request& request, const codegen::Backend& backend, Result& result, DiagnosticEngine& diags) {
  const sema::CheckedModule& module = result.modules.front();
  if (request.generate_files) result.output = backend.generate(module, request.generate_options, diags);
  if (request.generate_skeleton) result.skeleton = backend.handler_skeleton(module, request.generate_options, diags);
}

}  // namespace

Result run(const Request& request, SourceManager& sources, DiagnosticEngine& diags) {
  Result result;
  const FrontendTable& table = request.frontends != nullptr ? *request.frontends : frontends();
  const codegen::Backend* backend = request.backend_override;
  if (backend == nullptr && !request.backend.empty()) {
    backend = codegen::find_backend(request.backend);
    if (backend == nullptr) {
      diags.report(Check::Usage, SourceLoc::none(), "no backend named '" + request.backend + "'");
      return result;
    }
  }
  for (const frontend::Input& input : request.inputs) {
    const frontend::Frontend* fe = choose_frontend(request, table, input, diags);
    if (fe == nullptr) continue;
    if (!input.text && !readable_file(input.path, diags)) continue;
    std::optional<ir::Module> module = fe->load(input, sources, diags, request.frontend_options);
    if (!module) continue;
    result.files.insert(result.files.end(), module->files.begin(), module->files.end());
    if (auto checked = sema::check(std::move(*module), diags)) result.modules.push_back(std::move(*checked));
  }
  // A backend runs only on a clean run: one bad input stops generation for all.
  if (backend != nullptr && !diags.has_errors() && !result.modules.empty()) generate(request, *backend, result, diags);
  return result;
}

std::optional<sema::CheckedModule> load_checked(const std::string& path, SourceManager& sources,
                                                DiagnosticEngine& diags, const FrontendOptions& options) {
  Request request;
  request.inputs.push_back({path, std::nullopt});
  request.frontend_options = options;
  std::size_t errors_before = diags.error_count();
  Result result = run(request, sources, diags);
  if (diags.error_count() != errors_before || result.modules.empty()) return std::nullopt;
  return std::move(result.modules.front());
}

}  // namespace mcpc::pipeline
