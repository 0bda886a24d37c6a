// The stdio transport: one JSON-RPC message per line on stdin/stdout; logs go to stderr.
#pragma once

#include "mcpc/runtime/server.h"

namespace mcpc::runtime {

struct StdioOptions {
  int in_fd = 0;
  int out_fd = 1;
};

/// Serves one client until end of input, SIGTERM or SIGINT. Returns a process exit code.
int serve_stdio(Server& server, const StdioOptions& options = {});

}  // namespace mcpc::runtime
