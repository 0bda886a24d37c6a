// The HTTP transport's request checks, apart from sockets and parsing: what a request head must
// satisfy (Host, Origin, path, auth, protocol version, media types) before anything acts on it,
// and the first checks of a POSTed body. Pure functions over string views, so they are unit
// tested and fuzzed directly (tests/runtime/http_test.cc, tests/fuzz/http_fuzz.cc).
//
// Every message in a refusal is built from printable() text: request bytes never reach a JSON
// serializer raw (invalid UTF-8 there throws).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mcpc/runtime/http_transport.h"
#include "mcpc/runtime/types.h"

namespace mcpc::runtime::http_request {

/// Longest piece of a request echoed in an error message; the rest is cut with "...".
inline constexpr std::size_t kMaxEchoedBytes = 128;

/// `raw` made safe for a message or a log line: printable ASCII is kept, every other byte
/// becomes \xNN, and at most `max_bytes` input bytes are shown.
std::string printable(std::string_view raw, std::size_t max_bytes = kMaxEchoedBytes);

enum class Method { Get, Post, Delete, Other };

/// The parts of a request head the checks read, as the parser gave them.
struct RequestHead {
  Method method = Method::Other;
  unsigned version = 11;  ///< 10 for HTTP/1.0, 11 for HTTP/1.1
  std::string_view target;
  std::string_view host;
  std::size_t host_count = 0;
  std::string_view origin;
  std::size_t origin_count = 0;
  std::string_view authorization;
  std::string_view api_key;  ///< the value of HttpOptions::api_key_header
  std::string_view content_type;
  std::size_t content_type_count = 0;
  std::string_view accept;
  std::string_view protocol_version;  ///< MCP-Protocol-Version
};

/// The head of a parsed request (a Beast request, or anything with the same accessors).
template <class Request>
RequestHead head_of(const Request& req, std::string_view api_key_header) {
  // Beast's string_view may be boost::string_view: convert through data() and size().
  auto view = [](const auto& v) { return std::string_view(v.data(), v.size()); };
  RequestHead h;
  std::string_view method = view(req.method_string());
  h.method = method == "POST"     ? Method::Post
             : method == "GET"    ? Method::Get
             : method == "DELETE" ? Method::Delete
                                  : Method::Other;
  h.version = req.version();
  h.target = view(req.target());
  auto one = [&](std::string_view name, std::string_view& value, std::size_t* count) {
    auto it = req.find({name.data(), name.size()});
    if (it == req.end()) return;
    value = view(it->value());
    if (count) *count = req.count({name.data(), name.size()});
  };
  one("Host", h.host, &h.host_count);
  one("Origin", h.origin, &h.origin_count);
  one("Authorization", h.authorization, nullptr);
  if (!api_key_header.empty()) one(api_key_header, h.api_key, nullptr);
  one("Content-Type", h.content_type, &h.content_type_count);
  one("Accept", h.accept, nullptr);
  one("MCP-Protocol-Version", h.protocol_version, nullptr);
  return h;
}

enum class Route { Refused, Health, Post, Get, Delete };

/// What to do with a request: a route, or a refusal to send as a JSON-RPC error.
struct Verdict {
  Route route = Route::Refused;
  int status = 0;  ///< HTTP status of a refusal
  int code = 0;    ///< JSON-RPC error code of a refusal
  std::string message;
  std::string_view extra_headers;  ///< whole header lines, e.g. "WWW-Authenticate: Bearer\r\n"
};

/// Every check of a request head, in order: Host (present on HTTP/1.1, once, well formed,
/// allowed), Origin (once, a well-formed origin of an allowed host; "null" only when allowed),
/// path, credentials, MCP-Protocol-Version, method, then Content-Type and Accept for the
/// method. Allocates nothing for a request that passes.
Verdict check_request(const RequestHead& head, const HttpOptions& options);

/// The error body of a refusal (a JSON-RPC error without id).
std::string refusal_body(int code, std::string_view message);

// --- the pieces check_request uses (exposed for tests) -------------------------------------

/// "host[:port]" of a Host header, or of an origin's authority: the host part (IPv6 kept in
/// brackets), or nullopt unless it is a well-formed reg-name, IPv4 or bracketed IPv6 with an
/// optional numeric port. Userinfo, paths and spaces make it malformed.
std::optional<std::string_view> host_of_authority(std::string_view authority);

/// The host of a serialized origin "scheme://host[:port]" (RFC 6454), or nullopt when it is
/// not one ("null", paths, userinfo, a missing scheme).
std::optional<std::string_view> host_of_origin(std::string_view origin);

/// localhost, 127.0.0.1 and [::1], or a host in `allowed` (all compared case-insensitively).
bool host_allowed(std::string_view host, const std::vector<std::string>& allowed);

/// True when `value` is exactly one media type `type/subtype` (case-insensitive) with
/// well-formed parameters; a charset parameter, if any, must be utf-8.
bool media_type_is(std::string_view value, std::string_view type, std::string_view subtype);

/// True when an Accept value lets the response be `type/subtype`: the most specific matching
/// range (exact, type/*, */*) decides, and q=0 refuses. Malformed ranges are ignored.
bool accepts(std::string_view accept, std::string_view type, std::string_view subtype);

/// The credentials of "Bearer <token>" (scheme case-insensitive, RFC 9110), or nullopt.
std::optional<std::string_view> bearer_token_of(std::string_view authorization);

/// The first checks of a POSTed body: nesting depth, JSON syntax, a string method and an
/// echoable id. Fills `out` and returns a Route::Post verdict, or a refusal.
Verdict parse_post_body(std::string_view body, std::size_t max_json_depth, Json& out);

/// Chooses the session to drop when the table is full: never-initialized idle sessions first,
/// then initialized idle ones, least recently used first within each; a busy session (a request
/// in flight, or an open stream) is never chosen.
template <class Key>
class EvictionChoice {
 public:
  void consider(const Key& key, bool initialized, bool busy, std::chrono::steady_clock::time_point last_seen) {
    if (busy) return;
    int rank = initialized ? 1 : 0;
    if (!victim_ || rank < rank_ || (rank == rank_ && last_seen < last_seen_)) {
      victim_ = key;
      rank_ = rank;
      last_seen_ = last_seen;
    }
  }
  const std::optional<Key>& victim() const { return victim_; }

 private:
  std::optional<Key> victim_;
  int rank_ = 0;
  std::chrono::steady_clock::time_point last_seen_;
};

}  // namespace mcpc::runtime::http_request
