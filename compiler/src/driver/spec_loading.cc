#include "spec_loading.h"

#include "mcpc/frontend/frontend.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc::driver {

std::optional<sema::CheckedModule> load_checked_spec(const std::filesystem::path& spec, std::ostream& err) {
  SourceManager sm;
  DiagnosticEngine diags;
  std::optional<ir::Module> module = load_spec(spec.string(), sm, diags);
  std::optional<sema::CheckedModule> checked;
  if (module) checked = sema::check(std::move(*module), diags);
  if (diags.error_count() + diags.warning_count() > 0) {
    TextRenderOptions tro;
    tro.color = false;
    err << render_text(sm, diags.sorted(), tro);
  }
  if (!checked || diags.has_errors()) return std::nullopt;
  return checked;
}

}  // namespace mcpc::driver
