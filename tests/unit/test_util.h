// Helpers for unit tests: run the front end and checks on text held in the test.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mcpc/frontend/spec.h"
#include "mcpc/sema/check.h"

namespace mcpc::testing {

struct Checked {
  SourceManager sm;
  DiagnosticEngine diags;
  std::optional<ir::Module> module;  ///< as lowered (before sema)
  bool passed = false;               ///< sema::check produced a CheckedModule

  /// "line:col check" for each diagnostic, sorted, for compact assertions.
  std::vector<std::string> brief() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.sorted()) {
      out.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " +
                    std::string(check_info(d.check).name));
    }
    return out;
  }
  bool has(Check c) const {
    for (const Diagnostic& d : diags.raw()) {
      if (d.check == c) return true;
    }
    return false;
  }
  std::string messages() const {
    std::string s;
    for (const Diagnostic& d : diags.sorted()) s += d.message + "\n";
    return s;
  }
};

inline std::unique_ptr<Checked> check_text(const std::string& text, const std::string& name = "spec.yaml",
                                           const FrontendOptions& options = {}) {
  auto c = std::make_unique<Checked>();
  c->module = load_spec_text(name, text, c->sm, c->diags, options);
  if (c->module) c->passed = sema::check(*c->module, c->diags).has_value();
  return c;
}

/// A minimal valid header to prefix test specs with.
inline const char* kHeader = "name: test-server\nversion: 1.0.0\n";

}  // namespace mcpc::testing
