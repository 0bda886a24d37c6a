// What the describe library's files share: YAML text for values, and the HTTP client the
// model requests go through.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mcpc/json.h"

namespace mcpc::describe {

/// `s` as a YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string yaml_scalar(std::string_view s);

/// A JSON value as block YAML a person can edit (keys in the order given).
std::string json_to_yaml(const OrderedJson& value);

/// A spec object with its keys in the order docs/spec.md uses (name, version, ...; a tool's name
/// first), so that a model's answer reads like a hand-written spec.
OrderedJson in_spec_order(const OrderedJson& spec);

/// The spec's JSON Schema (compiler/schema/mcp-spec.schema.json), embedded at build time.
std::string_view spec_schema_text();

struct HttpResponse {
  long status = 0;  ///< 0: no answer (network error, timeout)
  std::string body;
  std::string error;  ///< why there was no answer
};

/// One POST through libcurl.
HttpResponse http_post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                       const std::string& body, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds connect_timeout);

}  // namespace mcpc::describe
