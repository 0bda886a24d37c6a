// A plain HTTP/1.1 request/response server on the same stack as the MCP Streamable HTTP
// transport (listener, connection cap, signals): for services that answer each request with
// one response, such as the registry service of `mcpc serve`.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpc::runtime::http {

struct Request {
  /// "GET", "POST", ... as sent, except that a HEAD request reaches the handler as "GET"
  /// (head_only set): the server answers it like GET and drops the body.
  std::string method;
  std::string target;  ///< raw request target, still percent-encoded (path + "?" + query)
  std::vector<std::pair<std::string, std::string>> headers;  ///< as received, in order
  std::string body;
  std::string remote_address;  ///< "127.0.0.1:54321"
  bool head_only = false;      ///< the request was HEAD
  /// First header named `name` (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";  ///< empty: no Content-Type header
  /// Extra headers. Content-Length, Connection and Transfer-Encoding are the server's and are
  /// dropped here, as is any header whose name or value holds CR, LF or NUL.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using Handler = std::function<Response(const Request&)>;

/// One response as written, for an access log: the handler's, and the server's own refusals
/// (400, 413, 431), whose method and target are empty when the request head was not read.
struct AccessRecord {
  std::string_view method;  ///< as sent ("HEAD" for a HEAD request)
  std::string_view target;
  std::string_view remote_address;
  int status = 0;
  std::size_t body_bytes = 0;            ///< body bytes sent (0 for HEAD)
  std::chrono::microseconds duration{};  ///< from the request head read to the response queued
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8070;                 ///< 0: a free port, reported through on_listening
  std::size_t max_body_bytes = 1 << 20;      ///< larger: 413 {"error","code":"PAYLOAD_TOO_LARGE"}
  std::size_t max_header_bytes = 64 * 1024;  ///< request line and headers; larger: 431
  std::chrono::seconds read_timeout{30};     ///< a whole request must arrive within this
  /// Open client connections (lowered to fit RLIMIT_NOFILE). Beyond it, the connection that has
  /// waited longest for a request is closed to make room; if none waits, the new one is closed.
  std::size_t max_connections = 1024;
  std::size_t threads = 4;  ///< handlers run on these threads and may block (DB, files)
  std::function<void(std::uint16_t port)> on_listening;
  std::function<void()> on_shutdown;        ///< SIGTERM/SIGINT or request_stop(): graceful shutdown begins
  std::chrono::seconds shutdown_grace{10};  ///< in-flight requests may finish within this
  /// Called for every response, on the event-loop thread: it must be quick and not block
  /// (format a line, hand it on). Exceptions it throws are logged and ignored.
  std::function<void(const AccessRecord&)> on_response;
};

/// Serves until SIGTERM/SIGINT (or request_stop()); returns a process exit code (0 after a
/// graceful stop, 1 when it cannot listen, 2 for a host that is not an IP address).
/// Malformed requests get 400, a handler that throws gets 500 {"error","code":"INTERNAL_ERROR"}
/// (never the exception text), HEAD is answered like GET without a body, keep-alive honoured.
/// On shutdown, idle connections close at once and requests in flight may finish within
/// shutdown_grace; then the remaining connections are closed. serve() returns once every
/// handler call has returned.
int serve(const Handler& handler, const ServerOptions& options);

/// Thread-safe, async-signal-unsafe: asks every running serve() to shut down gracefully.
void request_stop();

}  // namespace mcpc::runtime::http
