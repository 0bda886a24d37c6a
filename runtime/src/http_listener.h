// What the two HTTP servers of the runtime share (the MCP Streamable HTTP transport and the
// request/response server of http_server.h): the listening socket and its accept loop, the
// table of open connections with its cap, SIGTERM/SIGINT, and the threads that run the event
// loop. Internal: the connection classes themselves stay with each server.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace mcpc::runtime::http_listener {

namespace net = boost::asio;
namespace beast = boost::beast;
using Tcp = net::ip::tcp;

/// File descriptors kept back from client connections (stdio, the event loop, files handlers
/// open) when max_connections is fitted to RLIMIT_NOFILE.
inline constexpr std::size_t kReservedFds = 64;

/// max_connections, lowered so that connections alone cannot exhaust file descriptors.
std::size_t connection_limit(std::size_t configured);

/// "mcpc http: <what>: <detail as printable text>" on stderr.
void log_error(std::string_view what, std::string_view detail);

/// "200 OK", "413 Payload Too Large", ...; "<n> Status" for codes without a known phrase.
std::string status_line(int status);

/// Sets a fresh parser's limits: a larger body fails with http::error::body_limit, a larger
/// head with http::error::header_limit.
template <class Parser>
void limit_parser(Parser& parser, std::size_t max_body_bytes, std::size_t max_header_bytes) {
  parser.body_limit(max_body_bytes);
  parser.header_limit(
      static_cast<std::uint32_t>(std::min<std::size_t>(max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
}

/// The part of a connection the table needs: whether it waits for a request (and since when),
/// and a way to close it from another thread if it still waits.
class TrackedConnection {
 public:
  virtual ~TrackedConnection() = default;
  /// Starts reading requests (called once, after the table admitted the connection).
  virtual void start() = 0;
  /// From any thread: closes the connection on its strand if it is still idle; otherwise it
  /// calls release_shedding() there.
  virtual void shed() = 0;
  /// A strong reference, or null while the connection is being destroyed.
  virtual std::shared_ptr<TrackedConnection> lock_tracked() = 0;
  /// Closes the connection at once; only called once the event loop stopped (no strand runs).
  virtual void abort() {}

  /// Waiting for a request (not handling one, not streaming): may be closed to make room.
  bool idle() const { return awaiting_request_.load(std::memory_order_acquire); }
  std::chrono::steady_clock::time_point idle_since() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(awaiting_since_.load(std::memory_order_acquire)));
  }
  void set_idle(bool idle) {
    if (idle) {
      awaiting_since_.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_release);
    }
    awaiting_request_.store(idle, std::memory_order_release);
  }
  /// Chosen to make room (by the table, under its mutex): not to be chosen twice.
  bool claim_for_shedding() { return !shedding_.exchange(true, std::memory_order_acq_rel); }
  bool being_shed() const { return shedding_.load(std::memory_order_acquire); }
  /// A request came in before the shedding closed it: it may be chosen again later.
  void release_shedding() { shedding_.store(false, std::memory_order_release); }

  std::list<TrackedConnection*>::iterator slot;  // in the table, while counted
  bool counted = false;                          // guarded by the table's mutex

 private:
  std::atomic<bool> awaiting_request_{false};
  std::atomic<std::chrono::steady_clock::rep> awaiting_since_{0};
  std::atomic<bool> shedding_{false};
};

/// The open connections, for the cap. Shared with every connection, so that one destroyed late
/// (held by a handler after the server stopped) still has a table to leave.
class ConnectionTable {
 public:
  /// Counts a new connection; at the cap, the connection idle longest is closed to make room.
  /// False when none is idle: the new one is refused.
  bool admit(TrackedConnection& c);
  /// Uncounts a connection (on close, or when it is destroyed unclosed). Idempotent.
  void release(TrackedConnection& c);
  /// Asks the connection that has waited longest for a request to close.
  void shed_longest_idle();
  /// Asks every idle connection to close (graceful shutdown).
  void shed_all_idle();
  /// abort()s every connection (the end of a graceful shutdown, the event loop stopped).
  void abort_all();
  std::size_t size();
  void set_max(std::size_t max);

 private:
  // False if no connection waits; true with a null `victim` if it is being destroyed already
  // (its descriptor is about to be freed anyway).
  bool longest_idle_locked(std::shared_ptr<TrackedConnection>& victim);

  std::mutex mu_;
  std::list<TrackedConnection*> open_;  // each removes itself (release) before it is destroyed
  std::size_t max_ = 1;
};

struct ListenerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::size_t max_connections = 1024;
  std::size_t threads = 1;  ///< threads running the event loop
  std::string path;         ///< shown after host:port in the "listening on" line
  std::function<void(std::uint16_t port)> on_listening;
};

/// Owns the event loop, the listening socket and the connection table.
class Listener {
 public:
  using Factory = std::function<std::shared_ptr<TrackedConnection>(Tcp::socket socket)>;

  explicit Listener(ListenerOptions options);

  /// Binds and listens, then reports the port (stderr and on_listening). A process exit code:
  /// 0, 2 for a host that is no address, 1 when the socket cannot listen (both logged).
  int open();
  /// Accepts connections and hands each admitted one to `factory` (then starts it); calls
  /// `on_signal` when SIGTERM or SIGINT arrives (a second signal calls stop()). Then runs the event loop on `threads`
  /// threads until stop(); an exception escaping a handler is logged and the loop goes on.
  void run(Factory factory, std::function<void()> on_signal);
  /// Closes the listening socket: no new connections (thread-safe).
  void stop_accepting();
  /// Ends run(): pending handlers are dropped (thread-safe).
  void stop();

  net::io_context& context() { return ioc_; }
  const std::shared_ptr<ConnectionTable>& connections() const { return connections_; }

 private:
  void accept();
  void wait_for_signal();

  ListenerOptions options_;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> accept_strand_;  // the acceptor, its timer, stop_accepting()
  Tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer accept_timer_;
  Factory factory_;
  std::function<void()> on_signal_;
  int signals_received_ = 0;                                   // only touched by the signal chain
  std::chrono::milliseconds accept_backoff_;                   // only touched by the accept chain
  std::chrono::steady_clock::time_point last_resource_log_{};  // likewise
  std::shared_ptr<ConnectionTable> connections_ = std::make_shared<ConnectionTable>();
};

}  // namespace mcpc::runtime::http_listener
