// mcpc check SPEC...: every problem in the specs, as text, JSON or SARIF.
#include "spec_inputs.h"
#include "subcommand.h"

namespace mcpc::tool {

Subcommand add_check_command(CLI::App& app) {
  struct Options {
    DiagnosticOptions diagnostics;
    std::vector<std::string> specs;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("check", "Check spec files and report every problem");
  cmd->add_option("specs", o->specs, "Spec files (.yaml, .yml or .json); '-' reads standard input")->required();
  o->diagnostics.add_to(*cmd);
  return {cmd,
          [o](Invocation& inv) { pipeline::run(spec_request(o->specs, o->diagnostics, inv), inv.sources, inv.diags); },
          &o->diagnostics};
}

}  // namespace mcpc::tool
