// The canonical JSON form of the IR: `mcpc ir` prints it and golden tests compare it.
#pragma once

#include <string>

#include "mcpc/ir/module.h"

namespace mcpc::ir {

/// A stable JSON document: source order for tools, resources, prompts and triggers (clients
/// show them in that order); sorted by name for env and connections, whose order means nothing.
Json to_json(const Module& module);
/// to_json, pretty-printed with two-space indents and a trailing newline.
std::string dump(const Module& module);

}  // namespace mcpc::ir
