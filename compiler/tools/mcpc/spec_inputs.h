// The spec-reading subcommands (check, ir, compile) share how a spec argument becomes a
// pipeline input: '-' is standard input, named by --stdin-filename.
#pragma once

#include <sstream>
#include <string>

#include "mcpc/pipeline/pipeline.h"
#include "subcommand.h"

namespace mcpc::tool {

inline pipeline::Request spec_request(const std::vector<std::string>& specs, const DiagnosticOptions& o,
                                      Invocation& inv) {
  pipeline::Request request;
  request.frontend_options.limits.max_file_bytes = o.max_file_bytes;
  request.frontend_options.cxx_args = o.extract_args;
  request.frontend_options.cxx_build_dir = o.compile_commands_dir;
  for (const std::string& path : specs) {
    if (path == "-") {
      std::ostringstream buf;
      buf << inv.io.in.rdbuf();
      request.inputs.push_back({o.stdin_filename, buf.str()});
    } else {
      request.inputs.push_back({path, std::nullopt});
    }
  }
  return request;
}

}  // namespace mcpc::tool
