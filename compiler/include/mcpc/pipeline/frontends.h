// Every front end, in one table: the order in which they are asked whether they read an input
// (mcpc/frontend/frontend.h). Adding one: docs/adding-a-frontend.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mcpc/frontend/frontend.h"

namespace mcpc::pipeline {

using FrontendTable = std::vector<const frontend::Frontend*>;

/// The built-in front ends: "ir" (IR JSON written by `mcpc ir`; only when named), "cpp" (C++
/// headers, read by the mcpc-extract program), "describe" (a description in plain words, drafted
/// by the offline rules; only when named), then "spec" (which reads any other file, so it comes
/// last).
const FrontendTable& frontends();
const frontend::Frontend* find_frontend(const FrontendTable& table, std::string_view name);

/// The IR front end on its own (IR files carry the paths of their spec files, which it
/// loads when they still exist so that diagnostics can quote them).
const frontend::Frontend& ir_frontend();

/// The C++ header front end on its own: runs mcpc-extract (next to the running mcpc, else
/// $MCPC_EXTRACT, else on PATH) and reads the IR it writes.
const frontend::Frontend& cpp_frontend();

/// The mcpc-extract program: next to the running mcpc (an install's bin/, a build's bin/), else
/// $MCPC_EXTRACT, else on PATH; "" when there is none.
std::string find_extract_program();

}  // namespace mcpc::pipeline
