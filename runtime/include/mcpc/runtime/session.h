// One client connection's protocol state. Transports feed it messages and give it sinks to
// answer through; everything else (lifecycle, dispatch, cancellation, requests to the client)
// happens here, the same for every transport.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

/// Where a session's messages go for one exchange: for stdio, standard output; for HTTP, the
/// body of the POST that carried the request (JSON or an SSE stream) or the GET stream.
/// Implementations must accept calls from any thread.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  /// One JSON-RPC message: a notification, a request to the client, or the final response.
  virtual void send(const Json& message) = 0;
  /// A final response already written as JSON text: the session writes tools/list answers
  /// itself, as Json would sort the properties of the schemas they list. By default the text is
  /// parsed and handed to send(), which loses that order; the transports write it as it is.
  virtual void send_response_text(const std::string& text) { send(Json::parse(text)); }
  /// The exchange is over: its response was sent, or suppressed because it was cancelled.
  virtual void finish() {}
  /// Ends the current delivery without ending the exchange: the client reconnects and resumes
  /// (HTTP: SSE with Last-Event-ID). Transports that cannot resume ignore it.
  virtual void interrupt() {}
};

/// What an incoming message turned out to be.
enum class Incoming {
  Request,       ///< answered through the sink, now or later
  Notification,  ///< nothing will be sent back
  Response,      ///< the client answering one of our requests
  Batch,         ///< a 2025-03-26 batch; the array of answers goes to the sink
  Invalid,       ///< an error response was sent to the sink
};

class Session {
 public:
  virtual ~Session() = default;

  /// Parses and handles one message (JSON text). Never throws; malformed input is answered
  /// with a JSON-RPC error through `sink`.
  virtual Incoming receive(std::string_view text, const std::shared_ptr<MessageSink>& sink) = 0;
  /// Handles messages that arrived together, in order. Same as receive() on each, but work for
  /// the handler pool is handed over in one go.
  virtual void receive_all(const std::vector<std::string_view>& texts, const std::shared_ptr<MessageSink>& sink) = 0;
  /// Same for a message already parsed.
  virtual Incoming receive_json(Json message, const std::shared_ptr<MessageSink>& sink) = 0;

  /// The negotiated protocol revision ("" before initialize).
  virtual std::string protocol_version() const = 0;
  virtual bool initialized() const = 0;
  /// Replaces the sink for messages not tied to a request (HTTP: the standalone GET stream).
  virtual void set_notification_sink(std::shared_ptr<MessageSink> sink) = 0;
  /// Cancels everything in flight; later messages are refused.
  virtual void close() = 0;
  /// Requests still running.
  virtual std::size_t in_flight() const = 0;
};

}  // namespace mcpc::runtime
