// mcpc publish: placeholder until its issue-6 implementation lands.
#include "subcommand.h"

namespace mcpc::driver {

Subcommand add_publish_command(CLI::App& app) {
  Subcommand sub;
  sub.app = app.add_subcommand("publish", "(not built yet)");
  sub.app->group("");  // hidden until implemented
  sub.run = [](CliStreams& io) {
    io.err << "mcpc: error: 'publish' is not implemented yet\n";
    return kExitUsage;
  };
  return sub;
}

}  // namespace mcpc::driver
