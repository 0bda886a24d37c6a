// Named types: the `types:` section of the shorthand, inlined wherever a schema names one.
#pragma once

#include "mcpc/frontend/frontend.h"
#include "mcpc/ir/module.h"

namespace mcpc::frontend {

/// Replaces each use of a named type (a pointer in a Schema::named whose node holds only what
/// the use adds) with the type's schema, first within the types, then in every tool and template
/// variable schema, so that each schema is self-contained. Reports names that are not declared,
/// types that refer to themselves, keywords a use cannot add, and schemas that inlining would
/// make deeper or larger than `limits` allow; such a use keeps only what it wrote.
void resolve_named_types(ir::Module& module, const Limits& limits, DiagnosticEngine& diags);

}  // namespace mcpc::frontend
