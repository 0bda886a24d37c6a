// The TypeScript backend (--target ts): an npm package on @modelcontextprotocol/server 2.x.
#pragma once

#include "mcpc/codegen/backend.h"

namespace mcpc::codegen::ts {

class TsBackend final : public Backend {
 public:
  std::string_view name() const override { return "ts"; }
  std::string_view description() const override {
    return "TypeScript npm package on the official SDK (@modelcontextprotocol/server 2.x)";
  }
  std::optional<Output> generate(const sema::CheckedModule& module, const GenerateOptions& options,
                                 DiagnosticEngine& diags) const override;
  std::optional<GeneratedFile> handler_skeleton(const sema::CheckedModule& module, const GenerateOptions& options,
                                                DiagnosticEngine& diags) const override;
};

}  // namespace mcpc::codegen::ts
