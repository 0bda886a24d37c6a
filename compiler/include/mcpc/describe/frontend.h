// The "describe" front end: a description in plain words (a .txt file, standard input) read by
// the offline rules (mcpc/describe/describe.h) into a spec, lowered like any spec. Only when
// named (--frontend describe, Request::frontend), as any text file could be a description.
#pragma once

#include "mcpc/frontend/frontend.h"

namespace mcpc::describe {

/// The drafted spec's diagnostics name "<input>.draft.yaml": the YAML `mcpc new` would write.
const frontend::Frontend& describe_frontend();

}  // namespace mcpc::describe
