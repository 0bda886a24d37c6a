// mcpc extract HEADER...: runs mcpc-extract, the program of the C++ header front end, with the
// same arguments, as git runs git-<command>. mcpc itself never loads Clang's libraries; only
// mcpc-extract links them (docs/cpp-headers.md).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "mcpc/pipeline/frontends.h"
#include "subcommand.h"

namespace mcpc::tool {

Subcommand add_extract_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "extract", "Read the tools of C++ headers marked with MCPC_TOOL into a spec or IR (runs mcpc-extract)");
  // Everything after `extract` is mcpc-extract's, which documents it (mcpc extract HEADER --help).
  cmd->prefix_command();
  cmd->footer(
      "Usage: mcpc extract HEADER... [-p BUILD_DIR] [--extra-arg=ARG]... [--include-dir DIR]... [--name SERVER]\n"
      "                            [-o FILE] [--emit=spec|ir] [--depfile FILE]\n"
      "The arguments are mcpc-extract's: `mcpc extract HEADER --help` lists them. mcpc-extract is looked for next\n"
      "to mcpc, then in $MCPC_EXTRACT, then on PATH.");
  auto run = [cmd](Invocation& inv) {
    std::vector<std::string> args = cmd->remaining();
    if (args.empty()) {
      inv.usage_error("name at least one header: mcpc extract HEADER... (mcpc help extract)");
      return;
    }
    std::string program = pipeline::find_extract_program();
    if (program.empty()) {
      inv.usage_error(
          "mcpc-extract is not installed: it comes with mcpc when mcpc is built with Clang's libraries "
          "(MCPC_BUILD_EXTRACT); put it next to mcpc or on PATH, or name it in MCPC_EXTRACT");
      return;
    }
    inv.io.out.flush();
    inv.io.err.flush();
    std::cout.flush();
    std::cerr.flush();
    std::vector<char*> argv;
    argv.push_back(program.data());
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    inv.report(Check::Io, "cannot run '" + program + "': " + std::strerror(errno));
  };
  return {cmd, run, nullptr};
}

}  // namespace mcpc::tool
