// The C++ header front end's engine: reads headers with Clang, turns the functions marked
// MCPC_TOOL (<mcpc/annotations.h>) into tools with native bindings (docs/cpp-headers.md).
// Only mcpc-extract links it: this header names no Clang type, so nothing else needs libclang.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mcpc/ir/module.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"

namespace mcpc::extract {

struct Options {
  std::vector<std::string> headers;     ///< as the user spelled them
  std::string build_dir;                ///< holds compile_commands.json; "" for `-std=c++20`
  std::vector<std::string> extra_args;  ///< appended to every compile command
  /// On the include path of the server's build: the compiler's (-I, but for /usr/include and
  /// /usr/local/include, searched anyway) and the base of Module::native_headers spellings.
  std::vector<std::string> include_dirs;
  std::string server_name;  ///< "" : the first header's name without extension
  std::string server_version = "0.1.0";
  std::string resource_dir;  ///< Clang's built-in headers; "" : find_resource_dir()
  /// How deep types may nest (a vector of structs of maps ... ): deeper is skipped, never
  /// followed, so a hostile header costs bounded time and memory.
  std::size_t max_depth = 32;
};

struct Result {
  /// Unset when no header could be parsed at all.
  std::optional<ir::Module> module;
  /// Every non-system file the headers include, themselves first: a build depends on them.
  std::vector<std::string> dependencies;
};

/// Parses the headers and builds the module. Locations index `sm`, which should be empty:
/// `module->files` lists the files added to it, in order. Problems go to `diags`.
Result extract(const Options& options, SourceManager& sm, DiagnosticEngine& diags);

/// Clang's built-in headers (stddef.h, ...): the directory baked in at build time when it
/// still exists, else what `clang -print-resource-dir` says; "" when neither works.
std::string find_resource_dir();

/// The module as a spec (docs/spec.md) without native bindings: a starting point for a server
/// whose handlers are written by hand.
std::string to_spec_yaml(const ir::Module& module);

/// A Make/Ninja depfile: `target: dep dep ...`, with spaces and `#`/`$` escaped.
std::string depfile(const std::string& target, const std::vector<std::string>& dependencies);

}  // namespace mcpc::extract
