// Diagnostics: collected from every stage, never printed by the stage that found them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/support/source.h"

namespace mcpc {

enum class Severity { Note, Warning, Error };

/// Identifies a check; names and summaries live in checks.def.
enum class Check {
#define MCPC_CHECK(id, name, severity, summary) id,
#include "mcpc/support/checks.def"
#undef MCPC_CHECK
};

struct CheckInfo {
  Check check;
  std::string_view name;  ///< shown as "[name]" and used as the SARIF rule id
  Severity default_severity;
  std::string_view summary;
};

/// Every check, in checks.def order.
const std::vector<CheckInfo>& all_checks();
const CheckInfo& check_info(Check check);

struct Diagnostic {
  Severity severity = Severity::Error;
  Check check = Check::Syntax;
  SourceLoc loc;
  std::uint32_t length = 1;  ///< code points to underline, at least 1
  std::string message;       ///< lower-case first word, no trailing period
  /// Extra lines printed after the caret, e.g. "did you mean 'description'?".
  std::vector<std::string> notes;
};

/// Collects diagnostics from every stage of a run. Stages keep going after errors so
/// that one run reports every problem.
class DiagnosticEngine {
 public:
  Diagnostic& report(Check check, SourceLoc loc, std::string message);
  Diagnostic& report(Severity severity, Check check, SourceLoc loc, std::string message);

  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ != 0; }
  /// All diagnostics ordered by file load order, line, column, severity, check and text,
  /// so output does not depend on the order checks ran in.
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic>& raw() const { return diags_; }

 private:
  std::vector<Diagnostic> diags_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

struct TextRenderOptions {
  bool color = false;
  bool show_source = true;  ///< the source line and a caret under the column
};

/// "file:line:col: error: message [check]" plus source excerpt, one diagnostic after another.
std::string render_text(const SourceManager& sm, const std::vector<Diagnostic>& diags,
                        const TextRenderOptions& options);
/// A JSON array of {file, line, column, endColumn, severity, check, message, notes}.
std::string render_json(const SourceManager& sm, const std::vector<Diagnostic>& diags);
/// A SARIF 2.1.0 log with one run whose rules are every check mcpc knows.
std::string render_sarif(const SourceManager& sm, const std::vector<Diagnostic>& diags, std::string_view tool_version);

/// Replaces bytes that are not valid UTF-8, and control characters other than tab, with
/// U+FFFD, so messages and excerpts never carry raw bytes or escape sequences to a terminal.
std::string sanitize_utf8(std::string_view s);

/// Levenshtein distance, for did-you-mean suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest candidate within a distance that scales with the word, or empty.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace mcpc
