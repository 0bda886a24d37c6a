// The spec front end: spec files (YAML or JSON, with includes) in, an unchecked IR module out.
// What other front ends can share lives next to it: the located document tree
// (mcpc/frontend/document.h) and the field reader with did-you-mean (mcpc/frontend/fields.h).
#pragma once

#include <optional>
#include <string>

#include "mcpc/frontend/frontend.h"

namespace mcpc {

/// Reads the spec at `path` (and everything it includes), lowers it to IR and reports
/// structural problems. Returns nothing only when the root file could not be read or parsed;
/// a module with errors reported is still returned so that semantic checks can run too.
std::optional<ir::Module> load_spec(const std::string& path, SourceManager& sm, DiagnosticEngine& diags,
                                    const FrontendOptions& options = {});

/// Same, for text already in memory (fuzzers, tests). `display_name` picks the format.
std::optional<ir::Module> load_spec_text(const std::string& display_name, std::string text, SourceManager& sm,
                                         DiagnosticEngine& diags, const FrontendOptions& options = {});

namespace frontend {
/// The spec front end ("spec"): accepts .yaml, .yml, .json and standard input.
const Frontend& spec_frontend();
}  // namespace frontend

}  // namespace mcpc
