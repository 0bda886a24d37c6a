// The JSON types of mcpc, spelt once for every library (runtime, compiler, codegen, registry).
#pragma once

#include <nlohmann/json.hpp>

namespace mcpc {

/// JSON as servers exchange it, and as generated code sees it (mcpc::runtime::Json).
using Json = nlohmann::json;

/// JSON that keeps the key order it was written in: the IR, and the documents made from it
/// (generated code, manifests, diagnostics) follow the spec's order. Either converts to the
/// other directly (`Json j = ordered;`), never through text.
using OrderedJson = nlohmann::ordered_json;

}  // namespace mcpc
