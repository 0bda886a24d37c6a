// Mistakes in the parameter shorthand that YAML's indentation makes easy and that would otherwise
// pass silently: a schema keyword indented one level too shallow becomes a parameter named like
// the keyword, and `parameters:` written as a whole JSON Schema object.
#pragma once

#include <string_view>

#include "mcpc/frontend/document.h"

namespace mcpc::frontend {

/// Reports (one error) and returns true when a `parameters:` mapping is a JSON Schema object
/// rather than parameters by name: its first entry is `type: object`, `$schema`, `properties:`
/// holding property names, or `required:` holding a list.
bool report_schema_as_parameters(const doc::Node& params, DiagnosticEngine& diags);

/// Checks a mapping of names to shorthand schemas (`kind`: "parameter", "property", "variable"),
/// and the schemas nested in it, for members named like a JSON Schema keyword that belong inside
/// the schema of the member before them (docs/diagnostics.md#keyword-parameter).
void lint_keyword_members(const doc::Node& members, std::string_view kind, DiagnosticEngine& diags);

/// The same for the properties nested in one shorthand schema (`returns`).
void lint_keyword_schema(const doc::Node& schema, DiagnosticEngine& diags);

}  // namespace mcpc::frontend
