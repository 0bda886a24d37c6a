// Backends: a checked IR in, a set of files out. Every backend is listed in one table
// (backends()); the driver looks them up by name and never sees their internals. Problems
// (a name the target cannot serve, an unreadable resource file or template) are reported to
// the DiagnosticEngine like any other check; nothing is thrown for them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/codegen/interface.h"
#include "mcpc/sema/check.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc::codegen {

/// One generated file: a path relative to the output directory, and its bytes.
struct GeneratedFile {
  GeneratedFile() = default;
  GeneratedFile(std::string relative_path, std::string bytes, bool users_file = false, std::string interface_line = {})
      : path(std::move(relative_path)),
        content(std::move(bytes)),
        keep_existing(users_file),
        signature(std::move(interface_line)) {}

  std::string path;
  std::string content;
  /// The user's file (a handler): written only when missing, never overwritten.
  bool keep_existing = false;
  /// For keep_existing files: a line the generated content carries that changes when the
  /// file's interface does. An existing file without it is reported as out of date.
  std::string signature;
  /// A handler skeleton completed by GenerateOptions::existing_handlers: the handlers whose
  /// stubs it gained ("tool add_tag").
  std::vector<std::string> added;
};

/// What a backend produced. `inputs` are the files the output depends on besides the spec
/// files (templates read from disk, resource files embedded), for depfiles.
struct Output {
  std::vector<GeneratedFile> files;
  std::vector<std::string> inputs;
  /// The directory (relative, no trailing '/') under which the user's files (keep_existing)
  /// are; `mcpc compile --handlers-dir` keeps them elsewhere. Empty: the backend has none.
  std::string handlers_root;
  /// What the user's handlers are written against; recorded among `files` as `interface_path`
  /// (empty: the backend records none), so the next generation can say what changed.
  HandlerInterface handler_interface;
  std::string interface_path;
};

struct GenerateOptions {
  /// Names the generated files (`<basename>.h`, ...); empty: derived from the server name.
  std::string basename;
  /// Read templates from here instead of the built-in set (missing files fall back to it).
  std::optional<std::filesystem::path> template_dir;
  /// The mcpc version stamped into generated headers.
  std::string tool_version = "0.0.0";
  /// For handler_skeleton(): the user's existing handler source. The skeleton is then that
  /// text with stubs inserted for the handlers it lacks (never a byte of it changed), or
  /// nullopt with a diagnostic when it cannot be (no place marked for them).
  std::optional<std::string> existing_handlers;
};

class Backend {
 public:
  virtual ~Backend() = default;
  /// The --target name: "cpp", "ts".
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  /// Every file of the server, in a fixed order; nullopt when a problem was reported to `diags`.
  virtual std::optional<Output> generate(const sema::CheckedModule& module, const GenerateOptions& options,
                                         DiagnosticEngine& diags) const = 0;
  /// A starting point for the user's own handler source; written once, never regenerated
  /// (but see GenerateOptions::existing_handlers).
  virtual std::optional<GeneratedFile> handler_skeleton(const sema::CheckedModule& module,
                                                        const GenerateOptions& options,
                                                        DiagnosticEngine& diags) const = 0;
};

/// Every backend, in a fixed order.
const std::vector<const Backend*>& backends();
const Backend* find_backend(std::string_view name);

}  // namespace mcpc::codegen
