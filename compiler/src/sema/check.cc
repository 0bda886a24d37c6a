// sema::check: normalize, then run every rule family; a CheckedModule only if no errors.
#include "mcpc/sema/check.h"

#include "checks.h"

namespace mcpc::sema {

void add_implicit_env(ir::Module& m) {
  for (const ir::Connection& c : m.connections) {
    if (!c.env || c.env->name.empty() || m.find_env(c.env->name)) continue;
    ir::EnvVar e;
    e.name = c.env->name;
    e.description = "Connection string for '" + c.name + "'";
    e.required = true;
    e.secret = true;  // connection strings usually carry credentials
    e.implicit = true;
    e.loc = c.env->loc;
    m.env.push_back(std::move(e));
  }
}

std::optional<CheckedModule> check(ir::Module module, DiagnosticEngine& diags) {
  add_implicit_env(module);
  check_names(module, diags);
  check_references(module, diags);
  check_schemas(module, diags);
  check_triggers(module, diags);
  check_uris(module, diags);
  check_prompts(module, diags);
  check_types(module, diags);
  check_content(module, diags);
  if (diags.has_errors()) return std::nullopt;
  return CheckedModule(std::move(module));
}

}  // namespace mcpc::sema
