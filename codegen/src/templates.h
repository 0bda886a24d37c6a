// The template set of a backend: built into mcpc (so it works from any directory) and
// overridable file by file with --template-dir. Rendering never escapes: templates emit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "mcpc/support/diagnostic.h"

namespace mcpc::codegen {

using View = kainjow::mustache::data;

class TemplateSet {
 public:
  /// `target` selects templates/<target>/ of the built-in set and of `override_dir`; problems
  /// with the templates are reported to `diags`.
  TemplateSet(std::string target, std::optional<std::filesystem::path> override_dir, DiagnosticEngine& diags);

  /// Renders template `name` (e.g. "header.h"). nullopt when the template is missing or not
  /// valid Mustache (kTemplate) or cannot be read (kIo).
  std::optional<std::string> render(std::string_view name, const View& view);

  /// Template files read from the override directory (for depfiles).
  const std::vector<std::string>& files_read() const { return files_read_; }

 private:
  std::optional<std::string> source(std::string_view name);

  std::string target_;
  std::optional<std::filesystem::path> override_dir_;
  DiagnosticEngine& diags_;
  std::vector<std::string> files_read_;
};

/// The built-in templates, embedded at build time: "cpp/header.h.mustache" -> text.
std::optional<std::string_view> builtin_template(std::string_view path);

}  // namespace mcpc::codegen
