// An MCP server: what it offers (tools, resources, templates, prompts) and the options that
// bound it. Capabilities are derived from what is registered. Transports (stdio_transport.h,
// http_transport.h) connect clients to it; each connection is a Session (session.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

class Session;
class MessageSink;

struct ServerOptions {
  std::string name = "mcpc-server";
  std::string version = "0.0.0";
  std::string title;
  std::string description;
  std::string website;
  std::string instructions;
  std::size_t page_size = 100;               ///< items per page of every list
  std::size_t max_message_bytes = 4u << 20;  ///< larger messages are refused
  std::size_t max_json_depth = 128;          ///< deeper JSON is refused
  std::size_t max_workers = 64;              ///< handlers running at once, across sessions
  std::size_t max_sessions = 1024;           ///< HTTP sessions alive at once
  /// Requests of one session being handled at once (queued for a worker or running); more are
  /// answered with error -32000 and their arguments dropped. A request stays counted until
  /// its handler returns, also after it was cancelled or timed out.
  std::size_t max_in_flight_per_session = 64;
  /// Items in one 2025-03-26 JSON-RPC batch; a larger batch is answered with one error.
  std::size_t max_batch_size = 64;
  /// resources/subscribe: the longest URI accepted, and the subscriptions one session may hold.
  std::size_t max_uri_bytes = 8192;
  std::size_t max_subscriptions_per_session = 512;
  /// stdio: answers waiting for a client that does not read stdout; past this many bytes the
  /// transport stops reading stdin until the client catches up.
  std::size_t max_pending_output_bytes = 4u << 20;
  /// A handler still running after this long is cancelled and its request answered with
  /// error -32001 (0 disables). Time spent waiting on the client counts too.
  std::chrono::milliseconds request_timeout{std::chrono::minutes(10)};
};

/// The protocol revisions this runtime speaks, newest first.
const std::vector<std::string>& supported_protocol_versions();

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Registration is safe at any time; after a session is initialized, a change sends
  /// notifications/*/list_changed to it.
  void add_tool(Tool tool);
  void add_resource(Resource resource);
  void add_resource_template(ResourceTemplate resource_template);
  void add_prompt(Prompt prompt);
  bool remove_tool(const std::string& name);
  bool remove_resource(const std::string& uri);
  bool remove_prompt(const std::string& name);

  /// notifications/resources/updated to every session subscribed to `uri`.
  void notify_resource_updated(const std::string& uri);

  /// The capabilities object sent at initialize.
  Json capabilities() const;
  const ServerOptions& options() const;

  /// A new client connection. `notifications` receives messages not tied to a request
  /// (list changes, resource updates, log messages outside handlers); it may be null.
  std::shared_ptr<Session> open_session(std::shared_ptr<MessageSink> notifications);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace mcpc::runtime
