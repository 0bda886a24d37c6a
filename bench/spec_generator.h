// Synthetic MCP server specs for benchmarks: N tools with varied parameters, plus resources,
// resource templates, prompts, connections, env entries and triggers in proportion.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace mcpc::bench {

/// The spec as a JSON value (key order as written). Deterministic for a given tool count.
/// The result passes `mcpc check` with no diagnostics.
nlohmann::ordered_json generate_spec(std::size_t tool_count);

/// `spec` as block-style YAML (strings double-quoted, so any text round-trips).
std::string to_yaml(const nlohmann::ordered_json& spec);

/// `spec` as pretty-printed JSON.
std::string to_json_text(const nlohmann::ordered_json& spec);

}  // namespace mcpc::bench
