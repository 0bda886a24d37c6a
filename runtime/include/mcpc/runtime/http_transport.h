// The Streamable HTTP transport (MCP 2025-11-25): one endpoint for POST, GET and DELETE, with
// sessions, SSE streams that can be resumed, and DNS-rebinding protection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mcpc/runtime/server.h"

namespace mcpc::runtime {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;  ///< 0 picks a free port (see on_listening)
  std::string path = "/mcp";
  /// Host names accepted in Host and Origin besides localhost, 127.0.0.1 and [::1].
  std::vector<std::string> allowed_hosts;
  /// Accept "Origin: null" (sandboxed iframes, file: pages). Off: such a page could otherwise
  /// post to a local server without a CORS preflight.
  bool allow_null_origin = false;
  /// When set, requests need "Authorization: Bearer <token>".
  std::string bearer_token;
  /// When both are set, requests need this header with this value (API-key auth).
  std::string api_key_header;
  std::string api_key;
  /// Sessions unused this long are closed. When ServerOptions::max_sessions are open, a new
  /// one replaces the least recently used idle session (never-initialized ones first).
  std::chrono::seconds session_idle_timeout{30 * 60};
  std::chrono::seconds read_timeout{30};      ///< a request must arrive within this
  std::chrono::milliseconds sse_retry{1000};  ///< the retry hint sent with priming events
  std::size_t max_header_bytes = 64 * 1024;   ///< request line and headers; larger gets 431
  /// Open client connections (lowered to fit RLIMIT_NOFILE). Beyond it, the connection that has
  /// waited longest for a request is closed to make room; the new one is admitted meanwhile.
  std::size_t max_connections = 1024;
  std::size_t threads = 2;
  /// Called once the socket listens, with the actual port (useful with port 0).
  std::function<void(std::uint16_t port)> on_listening;
};

/// Serves until SIGTERM or SIGINT. Returns a process exit code (non-zero if it cannot listen).
int serve_http(Server& server, const HttpOptions& options = {});

}  // namespace mcpc::runtime
