// mcpc check SPEC...: every problem in the specs, as text, JSON or SARIF.
#include "spec_inputs.h"
#include "subcommand.h"

namespace mcpc::tool {
namespace {

// "3 tools, 1 resource": what a clean spec declares, for the line check prints on a terminal.
std::string contents(const ir::Module& m) {
  std::string s;
  auto count = [&s](std::size_t n, const char* what, bool always = false) {
    if (n == 0 && !always) return;
    s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  count(m.tools.size(), "tool", true);
  count(m.resources.size(), "resource");
  count(m.resource_templates.size(), "resource template");
  count(m.prompts.size(), "prompt");
  return s;
}

}  // namespace

Subcommand add_check_command(CLI::App& app) {
  struct Options {
    DiagnosticOptions diagnostics;
    std::vector<std::string> specs;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("check", "Check spec files and report every problem");
  cmd->add_option("specs", o->specs, "Spec files (.yaml, .yml or .json); '-' reads standard input")->required();
  o->diagnostics.add_to(*cmd);
  auto run = [o](Invocation& inv) {
    pipeline::Result result = pipeline::run(spec_request(o->specs, o->diagnostics, inv), inv.sources, inv.diags);
    // On a terminal a clean run says so, one line per spec; in pipes and scripts it stays
    // silent, as compilers do, and so does a run with an error or a warning to show.
    if (o->diagnostics.format != "text" || !inv.io.err_is_tty) return;
    if (inv.diags.error_count() + inv.diags.warning_count() > 0) return;
    if (result.modules.size() != o->specs.size()) return;  // one per spec, in order, when all are clean
    for (std::size_t i = 0; i < o->specs.size(); ++i) {
      const std::string& file = o->specs[i] == "-" ? o->diagnostics.stdin_filename : o->specs[i];
      inv.after_diagnostics +=
          "mcpc: " + sanitize_utf8(file) + ": no problems (" + contents(result.modules[i].module()) + ")\n";
    }
  };
  return {cmd, run, &o->diagnostics};
}

}  // namespace mcpc::tool
