// The rule families run by sema::check, one file each.
#pragma once

#include <string>

#include "mcpc/ir/module.h"
#include "mcpc/support/diagnostic.h"

namespace re2 {
class RE2;
}

namespace mcpc::sema {

void check_names(const ir::Module& m, DiagnosticEngine& diags);       // names.cc
void check_references(const ir::Module& m, DiagnosticEngine& diags);  // references.cc
void check_schemas(const ir::Module& m, DiagnosticEngine& diags);     // schemas.cc
void check_triggers(const ir::Module& m, DiagnosticEngine& diags);    // triggers.cc
void check_uris(const ir::Module& m, DiagnosticEngine& diags);        // uris.cc
void check_prompts(const ir::Module& m, DiagnosticEngine& diags);     // prompts.cc
void check_types(const ir::Module& m, DiagnosticEngine& diags);       // types.cc
void check_content(const ir::Module& m, DiagnosticEngine& diags);     // content.cc

/// Adds the env entries that connections imply through `envVar` (normalization, before checks).
void add_implicit_env(ir::Module& m);

/// Validates `value` against `schema` as servers do (mcpc/json_schema/validator.h), `schema`
/// being a part of `document` (default: itself), which its $refs resolve against. Returns an
/// empty string when valid, else why not, worded for a diagnostic ("is string, not integer",
/// "property 'a' item 2 is longer than maxLength 3"). Patterns RE2 refuses and $refs that do not
/// resolve are skipped: check_schemas reports them on their own. (schema_values.cc)
std::string validate(const OrderedJson& schema, const OrderedJson& value, const OrderedJson* document = nullptr);

/// A JSON Schema `pattern` compiled as servers compile it (RE2 via mcpc/json_schema/ecma_regex.h;
/// cached), or nullptr, with why in `error` when given, if RE2 cannot compile it (not valid
/// ECMA-262, or lookaround and backreferences, which RE2 lacks).
const re2::RE2* compiled_pattern(const std::string& pattern, std::string* error = nullptr);

/// Cron: empty when valid, else what is wrong.
std::string cron_error(const std::string& schedule);
bool is_semver(const std::string& version);

}  // namespace mcpc::sema
