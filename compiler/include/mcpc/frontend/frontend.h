// The front end: spec files (YAML or JSON, with includes) in, an unchecked IR module out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "mcpc/ir/module.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"

namespace mcpc {

/// Bounds that keep hostile input from costing unbounded time or memory.
struct Limits {
  std::size_t max_file_bytes = 16u << 20;  ///< per file
  std::size_t max_depth = 64;              ///< nesting of mappings and sequences
  std::size_t max_nodes = 1'000'000;       ///< nodes after alias expansion, per file
  std::size_t max_include_depth = 16;
  std::size_t max_files = 256;
};

enum class InputFormat { Auto, Yaml, Json };

struct FrontendOptions {
  Limits limits;
  InputFormat format = InputFormat::Auto;  ///< Auto: by extension, ".json" is JSON
};

/// Reads the spec at `path` (and everything it includes), lowers it to IR and reports
/// structural problems. Returns nothing only when the root file could not be read or parsed;
/// a module with errors reported is still returned so that semantic checks can run too.
std::optional<ir::Module> load_spec(const std::string& path, SourceManager& sm,
                                    DiagnosticEngine& diags, const FrontendOptions& options = {});

/// Same, for text already in memory (fuzzers, tests). `display_name` picks the format.
std::optional<ir::Module> load_spec_text(const std::string& display_name, std::string text,
                                         SourceManager& sm, DiagnosticEngine& diags,
                                         const FrontendOptions& options = {});

}  // namespace mcpc
