// A small MCP client over stdio, for checking servers (`mcpc validate`): it
// starts the server as a child process, speaks newline-delimited JSON-RPC on its stdin and
// stdout, and gives every request a time limit. A server that dies, hangs or prints
// something that is not JSON-RPC becomes a failure message, never a hang or a crash; the
// child (and anything it started) is killed when the client goes away.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mcpc/json.h"
#include "mcpc/process/subprocess.h"

namespace mcpc::process {

class McpStdioClient {
 public:
  using Millis = std::chrono::milliseconds;

  /// What a request got back: a result, a JSON-RPC error, or a failure of the server itself
  /// (after which the client is unusable and every call fails with the same message).
  struct Reply {
    OrderedJson result;  ///< when ok()
    OrderedJson error;   ///< the error object, when the server answered with one
    bool is_error = false;
    std::string failure;  ///< non-empty: the server died, hung or wrote garbage
    bool ok() const { return failure.empty() && !is_error; }
    /// "error -32601: Method not found" (for is_error) or the failure.
    std::string describe() const;
  };

  /// Starts the server (options.pipe_stdin and stderr_to are forced to true and Stderr::Pipe).
  /// nullptr with `error` set when it cannot be started.
  static std::unique_ptr<McpStdioClient> start(SpawnOptions options, std::string* error);

  /// Sends a request and waits up to `timeout` for the response with its id. Requests the
  /// server sends meanwhile are answered (ping with {}, anything else with -32601);
  /// notifications are kept (notifications()).
  Reply request(const std::string& method, const OrderedJson& params, Millis timeout);
  /// Sends a notification. False (and failure() set) when the server cannot take it.
  bool notify(const std::string& method, const OrderedJson& params, Millis timeout);

  /// initialize with `protocol_version` and an empty capability set, then
  /// notifications/initialized. Returns the InitializeResult in `result`.
  Reply initialize(const std::string& protocol_version, Millis timeout, const std::string& client_name = "mcpc",
                   const std::string& client_version = "0.0.0");

  /// Every item of a paginated list (`method` is e.g. "tools/list", `key` "tools"), following
  /// nextCursor. A reply that is not ok() is returned as is; a page without an array under
  /// `key`, or more than `max_pages` pages, or a repeated cursor, is a failure.
  Reply list_all(const std::string& method, const std::string& key, Millis timeout, std::size_t max_pages = 1000);

  /// Why the server is unusable ("" while it is fine).
  const std::string& failure() const { return failure_; }
  /// The last lines the server wrote on stderr (at most ~8 KiB), for failure reports.
  std::vector<std::string> stderr_tail(std::size_t max_lines = 10) const;
  /// Notifications received so far (the last 100).
  const std::deque<OrderedJson>& notifications() const { return notifications_; }
  Subprocess& process() { return *process_; }

 private:
  McpStdioClient() = default;
  bool send(const OrderedJson& message, Millis timeout);
  /// Reads until a whole line is buffered or `deadline`; false with failure_ set otherwise.
  std::optional<std::string> read_line(std::chrono::steady_clock::time_point deadline, const std::string& waiting_for,
                                       Millis timeout);
  void read_stderr();
  /// After a failed write: the first line already on stdout that is not JSON, as a message.
  std::string pending_garbage();
  void fail(std::string message);

  std::unique_ptr<Subprocess> process_;
  std::string stdout_buffer_;
  std::string stderr_buffer_;
  bool stderr_open_ = true;
  std::deque<OrderedJson> notifications_;
  std::string failure_;
  std::int64_t next_id_ = 1;
};

/// "10 s", "1.5 s", "250 ms".
std::string describe_duration(std::chrono::milliseconds d);

}  // namespace mcpc::process
