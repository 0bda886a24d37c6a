// The native C++ backend (--target cpp).
#pragma once

#include "mcpc/codegen/backend.h"

namespace mcpc::codegen::cpp {

class CppBackend final : public Backend {
 public:
  std::string_view name() const override { return "cpp"; }
  std::string_view description() const override { return "native C++ server on mcpc::runtime"; }
  std::optional<Output> generate(const sema::CheckedModule& module, const GenerateOptions& options,
                                 DiagnosticEngine& diags) const override;
  std::optional<GeneratedFile> handler_skeleton(const sema::CheckedModule& module, const GenerateOptions& options,
                                                DiagnosticEngine& diags) const override;
};

}  // namespace mcpc::codegen::cpp
