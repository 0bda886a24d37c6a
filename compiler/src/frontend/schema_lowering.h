// Parameter shorthand -> JSON Schema 2020-12, and raw document values -> JSON, both recording
// the source location of every node they produce.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mcpc/frontend/document.h"
#include "mcpc/ir/module.h"

namespace mcpc::frontend {

/// Converts any document value to JSON verbatim, recording locations under `pointer`.
OrderedJson to_json(const doc::Node& node, const std::string& pointer, ir::Schema& locs);

/// Lowers one parameter written in shorthand (`{type: string, required: true, ...}` or just
/// `string`). Sets `required` when the shorthand says `required: true`. A type name that is not
/// built in is recorded in `out.named`, for resolve_named_types to inline.
OrderedJson lower_shorthand(const doc::Node& node, const std::string& pointer, std::string_view what, ir::Schema& out,
                            DiagnosticEngine& diags, bool* required);

/// Whether the shorthand has this keyword (`type`, `items`, `minimum`, ...).
bool is_shorthand_key(std::string_view key);
/// Whether this is a JSON type name (`string`, `integer`, ...); any other type name in the
/// shorthand names a type declared under `types:`.
bool is_type_name(std::string_view name);
/// "unknown type 'strng'; expected string, ... (did you mean 'string'?)", suggesting the
/// `candidates` among the declared type names too; `types_declared` says whether there are any.
std::string unknown_type_message(const std::string& name, const std::vector<std::string>& candidates,
                                 bool types_declared);

/// Lowers a `parameters:` mapping into an object schema with properties and a required list.
void lower_parameters(const doc::Node& params, ir::Schema& out, DiagnosticEngine& diags);

}  // namespace mcpc::frontend
