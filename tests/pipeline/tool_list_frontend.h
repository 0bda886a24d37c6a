// A front end that exists only in tests, built by following docs/adding-a-frontend.md: a
// ".tools" file lists one tool per line as "name: description"; '#' starts a comment.
// The server is named after the file. It proves a new front end needs no change to the
// pipeline, the checks or the backends.
#pragma once

#include "mcpc/frontend/frontend.h"

namespace mcpc::testing {

const frontend::Frontend& tool_list_frontend();

}  // namespace mcpc::testing
