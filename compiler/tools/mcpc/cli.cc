// The mcpc command: the table of subcommands, parsing, and the one place that turns a
// subcommand's diagnostics into output and an exit code.
#include "mcpc/tool/cli.h"

#include <CLI/CLI.hpp>

#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc {

int run_cli(const std::vector<std::string>& args, CliStreams io) {
  CLI::App app{"mcpc: compile MCP server specs into tested, packaged servers", "mcpc"};
  app.set_version_flag("--version", std::string("mcpc ") + MCPC_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 clean (warnings allowed), 1 the input has errors (or a check failed), 2 usage or I/O "
      "problems.\nDocs: docs/spec.md (the spec language), docs/diagnostics.md (every check).");

  const tool::Subcommand subcommands[] = {tool::add_check_command(app),   tool::add_ir_command(app),
                                          tool::add_compile_command(app), tool::add_validate_command(app),
                                          tool::add_package_command(app), tool::add_registry_command(app),
                                          tool::add_publish_command(app)};

  std::vector<std::string> argv_storage{"mcpc"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const std::string& a : argv_storage) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    io.out << "mcpc " << MCPC_VERSION << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Before any subcommand ran, so printed here in the same shape as a [usage] diagnostic.
    io.err << "mcpc: error: " << e.what() << " [usage]\n";
    io.err << "Run 'mcpc --help' for usage.\n";
    return kExitUsage;
  }

  for (const tool::Subcommand& sub : subcommands) {
    if (!sub.app->parsed()) continue;
    tool::Invocation inv(io);
    sub.run(inv);
    tool::DiagnosticOptions plain;
    plain.summary = false;
    const tool::DiagnosticOptions& rendering = sub.diagnostics != nullptr ? *sub.diagnostics : plain;
    tool::render_diagnostics(inv, rendering);
    return exit_code(inv.diags, rendering.werror);
  }
  return kExitUsage;
}

}  // namespace mcpc
