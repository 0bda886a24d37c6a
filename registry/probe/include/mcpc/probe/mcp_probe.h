// The health probe of the registry service: does an MCP server answer at its endpoint URL?
// A real client handshake over Streamable HTTP, bounded in time and in what it reads, so a
// hostile or broken endpoint costs at most `timeout` and a megabyte.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mcpc::probe {

/// The most bytes read from one HTTP response body (JSON or SSE); more fails the probe.
inline constexpr std::size_t kMaxResponseBytes = 1 << 20;
/// The most bytes of response headers.
inline constexpr std::size_t kMaxResponseHeaderBytes = 64 * 1024;
/// The longest URL accepted.
inline constexpr std::size_t kMaxUrlBytes = 2048;

struct ProbeResult {
  bool healthy = false;  ///< initialize answered with a valid InitializeResult AND ping/tools/list answered
  int http_status = 0;   ///< last HTTP status seen; 0 when no HTTP response
  std::int64_t response_time_ms = 0;  ///< whole handshake (DELETE of the session not counted)
  std::string error;                  ///< one sentence when !healthy (no secrets, printable, <= 300 bytes)
  std::string server_name, server_version, protocol_version;  ///< from InitializeResult (printable)
  std::size_t tools_count = 0;                                ///< from tools/list when the server has tools
};

/// A real MCP handshake over Streamable HTTP (http:// only; https refused with a clear error):
/// POST initialize (JSON or SSE answer), notifications/initialized, then ping and, when the
/// server has tools, tools/list (every page); Mcp-Session-Id honoured; DELETE the session at
/// the end. Never throws. Whole probe bounded by `timeout` (name resolution included).
ProbeResult probe_mcp_endpoint(std::string_view url, std::chrono::milliseconds timeout);

}  // namespace mcpc::probe
