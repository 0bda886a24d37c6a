// The "describe" front end: the offline rules' draft, loaded by the spec front end.
#include "mcpc/describe/frontend.h"

#include "mcpc/describe/describe.h"
#include "mcpc/frontend/spec.h"

namespace mcpc::describe {
namespace {

class DescribeFrontend final : public frontend::Frontend {
 public:
  std::string_view name() const override { return "describe"; }
  std::string_view description() const override { return "a description in plain words, drafted by the offline rules"; }
  bool accepts(std::string_view) const override { return false; }

  std::optional<ir::Module> load(const frontend::Input& input, SourceManager& sm, DiagnosticEngine& diags,
                                 const FrontendOptions& options) const override {
    std::optional<std::string> text = frontend::read_input(input, options.limits, diags);
    if (!text) return std::nullopt;
    FrontendOptions yaml = options;
    yaml.format = InputFormat::Yaml;
    return load_spec_text(input.path + ".draft.yaml", offline_spec(*text), sm, diags, yaml);
  }
};

}  // namespace

const frontend::Frontend& describe_frontend() {
  static const DescribeFrontend instance;
  return instance;
}

}  // namespace mcpc::describe
