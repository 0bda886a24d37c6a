// What a diagnostics golden case says mcpc must report, read from the case itself, and the
// comparison of that statement with what mcpc reported. The wording it understands is the
// convention of tests/README.md ("Diagnostics cases state their expectation").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpc::testing {

/// A place one diagnostic must be: a line in any of `ranges` (inclusive), as the statement says it.
struct LineChoice {
  std::vector<std::pair<unsigned, unsigned>> ranges;
  std::string words;  ///< e.g. "line 3 or 4", for messages
};

struct CaseStatement {
  std::string text;  ///< the statement, comment markers removed
  /// Each entry: one of these check ids must be reported ("[type] or [semver]" is one entry).
  std::vector<std::vector<std::string>> checks;
  /// Each entry: a diagnostic on one of these lines of the case or of a file the statement
  /// names, or a diagnostic whose message or note points there.
  std::vector<LineChoice> lines;
  std::vector<std::string> files;  ///< files the statement names (included files)
  /// End-of-line comments that start with a check id: that check on that line of the case.
  std::vector<std::pair<unsigned, std::string>> line_checks;
  bool warn = false;   ///< "warn": the checks named are warnings; otherwise errors
  bool clean = false;  ///< "exit status 0" or "checks clean": no errors at all
  std::string problem;  ///< why the statement cannot be checked; empty when it can
};

/// Reads the statement of a case from its text: for YAML the leading comment block, plus
/// end-of-line comments that start with a check id; for JSON, which has no comments, the
/// first "description" string that says "mcpc must".
CaseStatement read_case_statement(std::string_view source, bool json);

/// One diagnostic mcpc reported, as `--diagnostics-format=json` prints it.
struct Reported {
  std::string file;
  unsigned line = 0;
  std::string severity;
  std::string check;
  /// The places its message and notes point at ("first defined at line 5", "... at FILE:7:11",
  /// "collides with the webhook at line 11").
  std::vector<std::pair<std::string, unsigned>> pointed_at;
};

/// The diagnostics of `mcpc check --diagnostics-format=json` output.
std::vector<Reported> parse_reported(const std::string& json_output);

/// What `reported` lacks of what `statement` says, one sentence each; empty when all is there.
/// `case_file` is the case's path as mcpc prints it.
std::vector<std::string> unmet_expectations(const CaseStatement& statement, const std::string& case_file,
                                            const std::vector<Reported>& reported);

}  // namespace mcpc::testing
