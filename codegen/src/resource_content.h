// The content of a static resource as a backend embeds it: text, or base64 for binary data.
// `file:` resources are read at generation time (the server carries them), relative to the
// root spec, and recorded as inputs for depfiles.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mcpc/ir/module.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc::codegen {

struct EmbeddedContent {
  bool blob = false;  ///< content is base64
  std::string content;
};

/// The largest `file:` resource a server embeds (docs/security.md).
inline constexpr std::size_t kMaxResourceFileBytes = std::size_t{16} << 20;

/// nullopt when a file resource cannot be read, is not a regular file (kIo) or is larger than
/// kMaxResourceFileBytes (kLimits), reported to `diags` at its `file:`.
std::optional<EmbeddedContent> embedded_content(const ir::Module& module, const ir::Resource& resource,
                                                std::vector<std::string>& inputs, DiagnosticEngine& diags);

}  // namespace mcpc::codegen
