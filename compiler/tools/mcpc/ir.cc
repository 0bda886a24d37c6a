// mcpc ir SPEC: the checked spec's lowered IR as JSON (what `compile --from-ir` reads back).
#include <fstream>

#include "mcpc/ir/ir_json.h"
#include "spec_inputs.h"
#include "subcommand.h"

namespace mcpc::tool {

Subcommand add_ir_command(CLI::App& app) {
  struct Options {
    DiagnosticOptions diagnostics;
    std::string spec;
    std::string output;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("ir", "Check a spec and print its lowered IR as JSON");
  cmd->add_option("spec", o->spec, "Spec file; '-' reads standard input")->required();
  cmd->add_option("-o,--output", o->output, "Write the IR to this file instead of standard output");
  o->diagnostics.add_to(*cmd);
  auto run = [o](Invocation& inv) {
    pipeline::Result result = pipeline::run(spec_request({o->spec}, o->diagnostics, inv), inv.sources, inv.diags);
    if (exit_code(inv.diags, o->diagnostics.werror) != kExitOk || result.modules.empty()) return;
    std::string dumped = ir::dump(result.modules.front().module());
    if (o->output.empty()) {
      inv.io.out << dumped;
      return;
    }
    std::ofstream f(o->output, std::ios::binary);
    f << dumped;
    if (!f) inv.report(Check::Io, "cannot write '" + o->output + "'");
  };
  return {cmd, run, &o->diagnostics};
}

}  // namespace mcpc::tool
