#include "http_listener.h"

#include <sys/resource.h>

#include <csignal>
#include <iostream>
#include <thread>
#include <vector>

#include "http_request.h"

namespace mcpc::runtime::http_listener {
namespace {

// Accept back-off when descriptors or memory run out: doubles from min to max.
constexpr std::chrono::milliseconds kAcceptBackoffMin{10};
constexpr std::chrono::milliseconds kAcceptBackoffMax{1000};
constexpr std::chrono::seconds kResourceLogInterval{10};  // at most one "cannot accept" line per interval

bool out_of_resources(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

}  // namespace

std::size_t connection_limit(std::size_t configured) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    auto fds = static_cast<std::size_t>(rl.rlim_cur);
    std::size_t reserve = std::min(kReservedFds, fds / 2);
    configured = std::min(configured, fds - reserve);
  }
  return std::max<std::size_t>(configured, 1);
}

void log_error(std::string_view what, std::string_view detail) {
  std::cerr << "mcpc http: " << what << ": " << http_request::printable(detail, 512) << "\n";
}

std::string status_line(int status) {
  switch (status) {
    case 200:
      return "200 OK";
    case 201:
      return "201 Created";
    case 202:
      return "202 Accepted";
    case 204:
      return "204 No Content";
    case 301:
      return "301 Moved Permanently";
    case 302:
      return "302 Found";
    case 304:
      return "304 Not Modified";
    case 400:
      return "400 Bad Request";
    case 401:
      return "401 Unauthorized";
    case 403:
      return "403 Forbidden";
    case 404:
      return "404 Not Found";
    case 405:
      return "405 Method Not Allowed";
    case 406:
      return "406 Not Acceptable";
    case 409:
      return "409 Conflict";
    case 413:
      return "413 Payload Too Large";
    case 415:
      return "415 Unsupported Media Type";
    case 422:
      return "422 Unprocessable Content";
    case 429:
      return "429 Too Many Requests";
    case 431:
      return "431 Request Header Fields Too Large";
    case 500:
      return "500 Internal Server Error";
    case 501:
      return "501 Not Implemented";
    case 503:
      return "503 Service Unavailable";
    default:
      return std::to_string(status) + " Status";
  }
}

// --- ConnectionTable -------------------------------------------------------------------------

bool ConnectionTable::admit(TrackedConnection& c) {
  std::shared_ptr<TrackedConnection> victim;
  {
    std::lock_guard lock(mu_);
    if (open_.size() >= max_ && !longest_idle_locked(victim)) return false;
    c.slot = open_.insert(open_.end(), &c);
    c.counted = true;
  }
  if (victim) victim->shed();  // outside the lock: the last reference may go with it
  return true;
}

void ConnectionTable::release(TrackedConnection& c) {
  std::lock_guard lock(mu_);
  if (!c.counted) return;
  c.counted = false;
  open_.erase(c.slot);
}

void ConnectionTable::shed_longest_idle() {
  std::shared_ptr<TrackedConnection> victim;
  {
    std::lock_guard lock(mu_);
    longest_idle_locked(victim);
  }
  if (victim) victim->shed();
}

void ConnectionTable::shed_all_idle() {
  std::vector<std::shared_ptr<TrackedConnection>> victims;
  {
    std::lock_guard lock(mu_);
    for (TrackedConnection* c : open_) {
      if (!c->idle() || !c->claim_for_shedding()) continue;
      if (auto strong = c->lock_tracked()) victims.push_back(std::move(strong));
    }
  }
  for (auto& v : victims) v->shed();
}

void ConnectionTable::abort_all() {
  std::vector<std::shared_ptr<TrackedConnection>> all;
  {
    std::lock_guard lock(mu_);
    for (TrackedConnection* c : open_) {
      if (auto strong = c->lock_tracked()) all.push_back(std::move(strong));
    }
  }
  for (auto& c : all) c->abort();  // outside the lock: closing releases the connection's slot
}

std::size_t ConnectionTable::size() {
  std::lock_guard lock(mu_);
  return open_.size();
}

void ConnectionTable::set_max(std::size_t max) {
  std::lock_guard lock(mu_);
  max_ = max;
}

bool ConnectionTable::longest_idle_locked(std::shared_ptr<TrackedConnection>& victim) {
  TrackedConnection* best = nullptr;
  for (TrackedConnection* c : open_) {
    if (c->idle() && !c->being_shed() && (!best || c->idle_since() < best->idle_since())) best = c;
  }
  if (!best) return false;
  best->claim_for_shedding();
  victim = best->lock_tracked();
  return true;
}

// --- Listener --------------------------------------------------------------------------------

Listener::Listener(ListenerOptions options)
    : options_(std::move(options)),
      accept_strand_(net::make_strand(ioc_)),
      acceptor_(accept_strand_),
      signals_(ioc_, SIGINT, SIGTERM),
      accept_timer_(accept_strand_),
      accept_backoff_(kAcceptBackoffMin) {
  // A client that disconnects mid-write must cost an error code, not the process.
  std::signal(SIGPIPE, SIG_IGN);
}

int Listener::open() {
  beast::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) {
    std::cerr << "mcpc http: invalid host '" << http_request::printable(options_.host) << "': " << ec.message() << "\n";
    return 2;
  }
  Tcp::endpoint ep{address, options_.port};
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "mcpc http: cannot listen on " << options_.host << ":" << options_.port << ": " << ec.message()
              << "\n";
    return 1;
  }
  connections_->set_max(connection_limit(options_.max_connections));
  std::uint16_t port = acceptor_.local_endpoint().port();
  std::cerr << "mcpc http: listening on http://" << options_.host << ":" << port << options_.path << "\n";
  if (options_.on_listening) options_.on_listening(port);
  return 0;
}

void Listener::run(Factory factory, std::function<void()> on_signal) {
  factory_ = std::move(factory);
  net::dispatch(accept_strand_, [this] { accept(); });
  on_signal_ = std::move(on_signal);
  wait_for_signal();
  // The last line of defence: an exception out of a handler is logged and the loop goes on
  // (each connection handler already catches its own).
  auto run_loop = [this] {
    while (true) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        log_error("internal error in the event loop", e.what());
      } catch (...) {
        log_error("internal error in the event loop", "unknown exception");
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < std::max<std::size_t>(1, options_.threads); ++i) threads.emplace_back(run_loop);
  run_loop();
  for (auto& t : threads) t.join();
}

void Listener::stop_accepting() {
  net::dispatch(accept_strand_, [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    accept_timer_.cancel();
  });
}

void Listener::stop() {
  stop_accepting();
  ioc_.stop();
}

void Listener::wait_for_signal() {
  signals_.async_wait([this](beast::error_code ec, int) {
    if (ec) return;
    // The first signal asks for a graceful stop; a second one stops at once.
    if (signals_received_++ == 0 && on_signal_) {
      on_signal_();
    } else {
      stop();
    }
    wait_for_signal();
  });
}

void Listener::accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, Tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (out_of_resources(ec)) {
      // The pending connection stays queued and accept would fail again at once: free a
      // descriptor if an idle connection holds one, and retry after a pause instead of spinning.
      auto now = std::chrono::steady_clock::now();
      if (now - last_resource_log_ >= kResourceLogInterval) {
        last_resource_log_ = now;
        log_error("cannot accept connections for now", ec.message());
      }
      connections_->shed_longest_idle();
      accept_timer_.expires_after(accept_backoff_);
      accept_backoff_ = std::min(accept_backoff_ * 2, kAcceptBackoffMax);
      accept_timer_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) accept();
      });
      return;
    }
    accept_backoff_ = kAcceptBackoffMin;
    if (!ec) {
      beast::error_code ignored;
      socket.set_option(Tcp::no_delay(true), ignored);
      auto c = factory_(std::move(socket));
      if (c && connections_->admit(*c)) c->start();
      // else: every connection is busy; dropping `c` closes the new one.
    }
    accept();
  });
}

}  // namespace mcpc::runtime::http_listener
