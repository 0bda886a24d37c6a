// Request parsing and response building for the service's routes: percent-decoding, query
// strings, JSON bodies and error bodies. Every input is a client's: bounded and checked.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/runtime/http_server.h"

namespace mcpc::service::http_util {

using runtime::http::Request;
using runtime::http::Response;

/// Percent-decodes `text` (and '+' as a space when `plus_is_space`); nullopt for a malformed
/// escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

/// The path of a request target, split on '/' *before* decoding (a name's %2F stays inside its
/// segment), each segment decoded; a trailing slash is ignored. nullopt when malformed.
std::optional<std::vector<std::string>> path_segments(std::string_view target);

/// The query parameters of a request target (first value of each name wins); nullopt when malformed
/// or larger than the bounds (64 parameters, 8 KiB each).
std::optional<std::map<std::string, std::string>> query_parameters(std::string_view target);

/// A JSON response.
Response json_response(int status, const nlohmann::json& body);
/// The service's error body: {"error": message, "code": code} (+ details).
Response error_response(int status, std::string_view code, std::string_view message,
                        const nlohmann::json& details = nullptr);

/// The body parsed as a JSON object (bounded depth), or an error response to send.
struct JsonBody {
  nlohmann::json value;
  std::optional<Response> error;
};
JsonBody parse_json_object(const Request& request);

/// Base64 (standard alphabet, padding optional) decoded; nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);
/// Base64url without padding.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

/// Equal contents, compared in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

/// An RFC 3339 date-time as the store's UTC form "YYYY-MM-DDTHH:MM:SS.mmmZ", or nullopt.
std::optional<std::string> normalize_rfc3339(std::string_view text);

/// `text` with control characters and non-ASCII bytes shown as \xNN, at most `max` bytes in:
/// for messages that echo client input.
std::string printable(std::string_view text, std::size_t max = 128);

}  // namespace mcpc::service::http_util
