// The handler context: what a tool, resource or prompt handler may do while it runs.
// It hides how messages travel (stdio line, HTTP SSE event), so handlers stay transport-free.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

namespace detail {
class Exchange;
}

/// What the client said about itself at initialize.
struct ClientInfo {
  std::string protocol_version;
  Json capabilities = Json::object();
  Json info = Json::object();  ///< clientInfo: name, version, ...
};

class Context {
 public:
  explicit Context(std::shared_ptr<detail::Exchange> exchange);
  ~Context();

  /// The request's params._meta (empty object when absent).
  const Json& meta() const;
  const ClientInfo& client() const;

  /// True once the client cancelled this request; the handler should stop and its answer
  /// will not be sent.
  bool cancelled() const;
  /// Sleeps, waking early on cancellation. Returns false if cancelled.
  bool sleep_for(std::chrono::milliseconds duration) const;

  /// notifications/progress, only if the client asked for progress (a progressToken).
  void progress(double progress, std::optional<double> total = {}, const std::string& message = {});
  /// notifications/message, filtered by the level the client set.
  void log(LogLevel level, Json data, const std::string& logger = {});

  /// sampling/createMessage; blocks this handler (not the server) until the client answers.
  /// Throws McpError if the client lacks the capability, answers with an error, the request
  /// times out, or this request is cancelled.
  Json create_message(Json params, std::chrono::milliseconds timeout = std::chrono::seconds(60));
  /// elicitation/create (form mode unless params say otherwise).
  Json elicit(Json params, std::chrono::milliseconds timeout = std::chrono::seconds(600));
  /// roots/list.
  Json list_roots(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  /// Closes this request's HTTP SSE connection early (after a priming event with a retry
  /// hint); the client reconnects with Last-Event-ID and receives everything sent meanwhile.
  /// Useful before long work behind proxies that cut idle connections. No effect on stdio.
  void close_sse_stream();

  /// notifications/resources/updated to every session subscribed to `uri`.
  void resource_updated(const std::string& uri);

 private:
  std::shared_ptr<detail::Exchange> exchange_;
};

}  // namespace mcpc::runtime
