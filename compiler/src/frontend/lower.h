// Lowering of the document tree to IR, including includes. Structural problems (unknown keys,
// wrong types, missing fields) are reported here; meaning is checked later by sema.
#pragma once

#include <optional>
#include <string>

#include "mcpc/frontend/document.h"
#include "mcpc/ir/module.h"

namespace mcpc::frontend {

/// Reads, validates the encoding of, and parses one file; nothing when it cannot be read.
/// A valid `requested_at` (the include that asked for the file) makes a missing file an
/// [include] error there; otherwise it is an [io] error.
std::optional<doc::Node> read_document(const std::string& path, const std::string& display_name, SourceManager& sm,
                                       DiagnosticEngine& diags, const FrontendOptions& options,
                                       SourceLoc requested_at = {});
std::optional<doc::Node> parse_document(std::uint32_t file, SourceManager& sm, DiagnosticEngine& diags,
                                        const FrontendOptions& options);

/// Lowers a root document (and every file it includes) into a module.
ir::Module lower_module(const doc::Node& root, const std::string& root_path, SourceManager& sm, DiagnosticEngine& diags,
                        const FrontendOptions& options);

/// Warns about values that look like hard-coded credentials (keys, tokens, passwords in URLs).
void lint_secrets(const doc::Node& root, DiagnosticEngine& diags);

}  // namespace mcpc::frontend
