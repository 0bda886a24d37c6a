// The canonical JSON form of the IR: `mcpc ir` prints it and golden tests compare it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mcpc/ir/module.h"

namespace mcpc::ir {

/// A stable JSON document: source order for named types, tools, resources, prompts and triggers
/// (clients show them in that order); sorted by name for env and connections, whose order means nothing.
OrderedJson to_json(const Module& module);
/// to_json, pretty-printed with two-space indents and a trailing newline.
std::string dump(const Module& module);

/// The inverse of to_json, for IR files read back in (`mcpc compile --from-ir`). Takes exactly
/// what to_json writes: irVersion from kOldestIrVersion to kIrVersion, keys the writer leaves out come back as
/// the struct defaults, and unknown keys are refused. Locations the dump does not keep
/// (name_loc, uri_loc, ...) fall back to their node's loc. On malformed input returns nullopt
/// and, if `error` is given, sets it to one message naming the JSON path, e.g.
/// "tools[2].inputSchema.schema: expected an object, got an array". Never throws.
std::optional<Module> from_json(const OrderedJson& j, std::string* error);
/// Parses JSON text, then from_json.
std::optional<Module> parse_ir(std::string_view text, std::string* error);

}  // namespace mcpc::ir
