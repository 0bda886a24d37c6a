// Loading a spec for the subcommands that act on what it describes (package, publish):
// load, check, print its diagnostics as text on `err`.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>

#include "mcpc/sema/check.h"

namespace mcpc::driver {

/// The checked spec, or nullopt when it has errors (warnings are printed but pass).
std::optional<sema::CheckedModule> load_checked_spec(const std::filesystem::path& spec, std::ostream& err);

}  // namespace mcpc::driver
