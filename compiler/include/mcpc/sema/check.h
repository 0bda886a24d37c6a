// Semantic checks over a lowered module; a CheckedModule exists only when they passed.
#pragma once

#include <optional>

#include "mcpc/ir/module.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc::sema {

/// A module that passed every check. Backends take this type, so they can rely on
/// references resolving, names being unique and schemas being consistent.
class CheckedModule {
 public:
  const ir::Module& module() const { return module_; }
  const ir::Module* operator->() const { return &module_; }

 private:
  friend std::optional<CheckedModule> check(ir::Module module, DiagnosticEngine& diags);
  explicit CheckedModule(ir::Module module) : module_(std::move(module)) {}
  ir::Module module_;
};

/// Runs every semantic check, reporting all problems. Returns a CheckedModule when no check
/// (here or earlier in `diags`) reported an error.
std::optional<CheckedModule> check(ir::Module module, DiagnosticEngine& diags);

}  // namespace mcpc::sema
