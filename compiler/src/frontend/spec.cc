// The spec front end: read the root file, lower it (following includes), lint for secrets.
#include "mcpc/frontend/spec.h"

#include "lower.h"

namespace mcpc {

namespace {

std::optional<ir::Module> lower_root(std::optional<frontend::doc::Node> root, const std::string& path,
                                     SourceManager& sm, DiagnosticEngine& diags, const FrontendOptions& options) {
  if (!root) return std::nullopt;
  frontend::lint_secrets(*root, diags);
  return frontend::lower_module(*root, path, sm, diags, options);
}

}  // namespace

std::optional<ir::Module> load_spec(const std::string& path, SourceManager& sm, DiagnosticEngine& diags,
                                    const FrontendOptions& options) {
  return lower_root(frontend::read_document(path, path, sm, diags, options), path, sm, diags, options);
}

std::optional<ir::Module> load_spec_text(const std::string& display_name, std::string text, SourceManager& sm,
                                         DiagnosticEngine& diags, const FrontendOptions& options) {
  if (text.size() > options.limits.max_file_bytes) {
    std::uint32_t id = sm.add(display_name, "");
    diags.report(Check::Limits, SourceLoc{id, 1, 1},
                 "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                     std::to_string(options.limits.max_file_bytes) + " bytes");
    return std::nullopt;
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  std::uint32_t id = sm.add(display_name, std::move(text));
  return lower_root(frontend::parse_document(id, sm, diags, options), display_name, sm, diags, options);
}

namespace frontend {
namespace {

class SpecFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "spec"; }
  std::string_view description() const override { return "server spec in YAML or JSON (docs/spec.md)"; }
  // Any file: YAML unless it ends in .json. So it comes last in the table.
  bool accepts(std::string_view) const override { return true; }
  std::optional<ir::Module> load(const Input& input, SourceManager& sm, DiagnosticEngine& diags,
                                 const FrontendOptions& options) const override {
    if (input.text) return load_spec_text(input.path, *input.text, sm, diags, options);
    return load_spec(input.path, sm, diags, options);
  }
};

}  // namespace

const Frontend& spec_frontend() {
  static const SpecFrontend instance;
  return instance;
}

}  // namespace frontend
}  // namespace mcpc
