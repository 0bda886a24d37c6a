// Mistakes in annotations and tool names: errors, so mcpc-extract writes nothing and exits 1
// (golden: annotation_errors.diagnostics.txt).
#pragma once

#include <string>

#include "mcpc/annotations.h"

namespace oops {

MCPC_TOOL("Range on a string") void range_on_string(MCPC_RANGE(1, 2) std::string s);
MCPC_TOOL("Example that is not JSON") void bad_example(MCPC_EXAMPLE("red") std::string colour);
MCPC_TOOL("Bound that is not a number") void bad_bound(MCPC_MAXIMUM(ten) int n);

MCPC_TOOL("First") int clash(int a);
MCPC_TOOL("Second") int clash(double a);

}  // namespace oops
