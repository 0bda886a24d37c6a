// The one way the registry reads JSON it did not just build itself: manifests, server.json
// artifacts, and every document read back from the index. Untrusted text must not be able to
// crash the reader's users (nlohmann's dump() and comparisons recurse once per nesting level)
// nor say two things at once (a repeated key, where nlohmann would silently keep the last).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace mcpc::registry {

/// Deepest nesting of objects and arrays accepted (the top-level value is level 1). Specs are
/// read with at most 64 levels; a manifest wraps their schemas in a few more.
inline constexpr std::size_t kMaxJsonDepth = 128;

/// `text` parsed as JSON. Throws RegistryError(invalid), naming `what` ("manifest 'x/manifest.json'"),
/// for invalid JSON, nesting deeper than `max_depth`, or an object holding the same key twice.
/// Stops at the first problem: a 100,000-deep document costs no more than `max_depth` levels.
nlohmann::json read_json(std::string_view text, std::string_view what, std::size_t max_depth = kMaxJsonDepth);
/// The same, keeping object keys in document order (for output).
nlohmann::ordered_json read_ordered_json(std::string_view text, std::string_view what,
                                         std::size_t max_depth = kMaxJsonDepth);

}  // namespace mcpc::registry
