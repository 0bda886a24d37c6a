// The request/response server of http_server.h. Connections live on the listener's event loop
// (one thread, each connection on its own strand); handlers run on a separate pool, so a
// handler that blocks on a database or a file never stalls reading and writing. Each
// connection handles one request at a time: the next one is read after the answer is written.
#include "mcpc/runtime/http_server.h"

#include <boost/asio/thread_pool.hpp>

#include <array>
#include <iostream>
#include <optional>

#include "http_listener.h"
#include "http_request.h"
#include "mcpc/json.h"

namespace mcpc::runtime::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Tcp = net::ip::tcp;
using http_listener::log_error;

constexpr std::chrono::seconds kWriteTimeout{30};  // a client that stops reading is dropped
constexpr std::chrono::seconds kLingerTimeout{5};  // draining input after a refusal, at most
constexpr std::chrono::milliseconds kShutdownPoll{20};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// RFC 9110 token: what a header name may be.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// A header value that cannot split the response: no CR, LF or NUL.
bool is_safe_value(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string error_body(std::string_view message, std::string_view code) {
  Json body{{"error", message}, {"code", code}};
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response error_response(int status, std::string_view message, std::string_view code) {
  Response r;
  r.status = status;
  r.body = error_body(message, code);
  return r;
}

std::string endpoint_text(const Tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return {};
  std::string address = ep.address().to_string();
  if (ep.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(ep.port());
}

class ServerImpl;

class Connection : public std::enable_shared_from_this<Connection>, public http_listener::TrackedConnection {
 public:
  Connection(Tcp::socket socket, ServerImpl& server);
  ~Connection() override { table_->release(*this); }

  void start() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }
  void shed() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle())
        self->close();
      else
        self->release_shedding();  // a request came in meanwhile
    });
  }
  std::shared_ptr<TrackedConnection> lock_tracked() override { return weak_from_this().lock(); }
  void abort() override { close(); }

 private:
  void read();
  void on_header(beast::error_code ec);
  void read_body();
  void on_read(beast::error_code ec);
  /// Answers a request the parser refused; the connection closes after it.
  void refuse(int status, std::string_view message, std::string_view code);
  void call_handler();
  void respond(const Response& response, bool head_only);
  void write(std::string bytes);
  void close();
  void linger_close();
  void drain();

  beast::tcp_stream stream_;
  ServerImpl& server_;
  std::shared_ptr<http_listener::ConnectionTable> table_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string out_;
  // The request being answered, for ServerOptions::on_response.
  std::string method_;
  std::string target_;
  std::chrono::steady_clock::time_point started_;
  bool keep_alive_ = true;
  bool linger_ = false;
  bool closed_ = false;
  std::array<char, 16384> drain_{};
};

class ServerImpl {
 public:
  ServerImpl(const Handler& handler, const ServerOptions& options)
      : handler_(handler),
        options_(options),
        listener_({options.host, options.port, options.max_connections, 1, "", options.on_listening}),
        pool_(std::max<std::size_t>(1, options.threads)),
        shutdown_timer_(listener_.context()) {}

  int run();
  /// From any thread: begins the graceful shutdown on the event loop.
  void request_shutdown() {
    net::post(listener_.context(), [this] { begin_shutdown(); });
  }

  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  net::thread_pool& pool() { return pool_; }
  const std::shared_ptr<http_listener::ConnectionTable>& connections() const { return listener_.connections(); }

  /// The handler's answer; a 500 without details when it throws.
  Response call(const Request& request) const {
    try {
      return handler_(request);
    } catch (const std::exception& e) {
      log_error("request handler failed", e.what());
    } catch (...) {
      log_error("request handler failed", "unknown exception");
    }
    return error_response(500, "internal error", "INTERNAL_ERROR");
  }

 private:
  void begin_shutdown() {
    if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
    if (options_.on_shutdown) {
      try {
        options_.on_shutdown();
      } catch (const std::exception& e) {
        log_error("on_shutdown failed", e.what());
      }
    }
    listener_.stop_accepting();
    connections()->shed_all_idle();
    shutdown_deadline_ = std::chrono::steady_clock::now() + options_.shutdown_grace;
    wait_for_connections();
  }
  // Polls the table until the last connection closed or the grace period ran out.
  void wait_for_connections() {
    if (connections()->size() == 0 || std::chrono::steady_clock::now() >= shutdown_deadline_) {
      listener_.stop();
      return;
    }
    connections()->shed_all_idle();  // those that finished their request meanwhile
    shutdown_timer_.expires_after(kShutdownPoll);
    shutdown_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) wait_for_connections();
    });
  }

  const Handler& handler_;
  ServerOptions options_;
  http_listener::Listener listener_;
  net::thread_pool pool_;
  net::steady_timer shutdown_timer_;
  std::atomic<bool> stopping_{false};
  std::chrono::steady_clock::time_point shutdown_deadline_;
};

// The servers running now, for request_stop().
std::mutex& running_mutex() {
  static std::mutex mu;
  return mu;
}
std::vector<ServerImpl*>& running() {
  static std::vector<ServerImpl*> servers;
  return servers;
}

int ServerImpl::run() {
  {
    std::lock_guard lock(running_mutex());
    running().push_back(this);
  }
  int status = listener_.open();
  if (status == 0) {
    listener_.run([this](Tcp::socket socket) { return std::make_shared<Connection>(std::move(socket), *this); },
                  [this] { begin_shutdown(); });
    // The grace is over: connections still waiting for a handler are closed now, so their
    // clients stop waiting; the handlers themselves are waited for below.
    connections()->abort_all();
  }
  {
    std::lock_guard lock(running_mutex());
    std::erase(running(), this);
  }
  pool_.join();  // handlers still running reference the caller's handler
  return status;
}

// --- Connection ------------------------------------------------------------------------------

Connection::Connection(Tcp::socket socket, ServerImpl& server)
    : stream_(std::move(socket)), server_(server), table_(server.connections()) {
  remote_ = endpoint_text(stream_.socket());
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  set_idle(false);
  beast::error_code ec;
  stream_.socket().shutdown(Tcp::socket::shutdown_both, ec);
  stream_.close();
  table_->release(*this);
}

// Closing with unread input makes the kernel send a reset, and the client may lose the
// response; so stop sending, read and drop input for a while, then close.
void Connection::linger_close() {
  beast::error_code ec;
  stream_.socket().shutdown(Tcp::socket::shutdown_send, ec);
  stream_.expires_after(kLingerTimeout);
  drain();
}

void Connection::drain() {
  stream_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) {
      self->close();
      return;
    }
    self->drain();
  });
}

void Connection::read() {
  if (closed_) return;
  if (server_.stopping()) {
    close();
    return;
  }
  parser_.emplace();
  http_listener::limit_parser(*parser_, server_.options().max_body_bytes, server_.options().max_header_bytes);
  stream_.expires_after(server_.options().read_timeout);
  set_idle(true);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void Connection::on_header(beast::error_code ec) {
  started_ = std::chrono::steady_clock::now();
  method_.clear();
  target_.clear();
  // A Content-Length over the limit fails once the head is read: method and target are known.
  if (parser_->is_header_done() || ec == bhttp::error::body_limit) {
    const auto& head = parser_->get();
    method_.assign(head.method_string().data(), head.method_string().size());
    target_.assign(head.target().data(), head.target().size());
  }
  if (ec) {
    on_read(ec);
    return;
  }
  set_idle(false);  // a request has begun: no longer to be shed
  // A client that waits for "100 Continue" before sending its body (curl does, for large ones)
  // would otherwise stall a second. The length is within the limit: the parser checked it.
  const auto& req = parser_->get();
  auto expect = req.find(bhttp::field::expect);
  if (expect != req.end() &&
      iequals(std::string_view(expect->value().data(), expect->value().size()), "100-continue") &&
      !parser_->is_done()) {
    out_ = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(out_), [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
      if (write_ec) {
        self->close();
        return;
      }
      self->read_body();
    });
    return;
  }
  read_body();
}

void Connection::read_body() {
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Connection::on_read(beast::error_code ec) {
  set_idle(false);
  if (closed_) return;
  if (ec == bhttp::error::body_limit) {
    refuse(413, "request body exceeds the limit of " + std::to_string(server_.options().max_body_bytes) + " bytes",
           "PAYLOAD_TOO_LARGE");
    return;
  }
  if (ec == bhttp::error::header_limit) {
    refuse(431, "request headers exceed the limit of " + std::to_string(server_.options().max_header_bytes) + " bytes",
           "HEADERS_TOO_LARGE");
    return;
  }
  if (ec) {
    if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout && ec != net::error::operation_aborted &&
        ec != net::error::connection_reset && ec != bhttp::error::partial_message) {
      refuse(400, "malformed HTTP request: " + http_request::printable(ec.message()), "BAD_REQUEST");
      return;
    }
    close();  // the client left, or sent nothing in time
    return;
  }
  stream_.expires_never();
  keep_alive_ = parser_->get().keep_alive();
  // The last resort (memory): whatever happens to a request, the process and the other
  // connections go on.
  try {
    call_handler();
  } catch (const std::exception& e) {
    log_error("internal error; closing the connection", e.what());
    close();
  }
}

void Connection::refuse(int status, std::string_view message, std::string_view code) {
  keep_alive_ = false;
  linger_ = true;  // drain what the client is still sending, so it sees the answer
  respond(error_response(status, message, code), false);
}

void Connection::call_handler() {
  auto& parsed = parser_->get();
  Request request;
  auto view = [](const auto& v) { return std::string(v.data(), v.size()); };
  request.method = view(parsed.method_string());
  if (request.method == "HEAD") {
    request.method = "GET";
    request.head_only = true;
  }
  request.target = view(parsed.target());
  for (const auto& field : parsed) request.headers.emplace_back(view(field.name_string()), view(field.value()));
  request.body = std::move(parsed.body());
  request.remote_address = remote_;
  parser_.reset();
  bool head_only = request.head_only;
  net::post(server_.pool(), [self = shared_from_this(), request = std::move(request), head_only]() {
    Response response = self->server_.call(request);
    net::post(self->stream_.get_executor(), [self, response = std::move(response), head_only] {
      try {
        self->respond(response, head_only);
      } catch (const std::exception& e) {  // memory; whatever happens, the connection must not leak it
        log_error("internal error; closing the connection", e.what());
        self->close();
      }
    });
  });
}

void Connection::respond(const Response& response, bool head_only) {
  if (closed_) return;
  int status = response.status;
  if (status < 200 || status > 599) {
    log_error("request handler returned an invalid status", std::to_string(status));
    status = 500;
  }
  bool no_body = status == 204 || status == 304;
  if (server_.stopping()) keep_alive_ = false;
  std::string out = "HTTP/1.1 " + http_listener::status_line(status) + "\r\n";
  if (!no_body && !response.content_type.empty() && is_safe_value(response.content_type)) {
    out += "Content-Type: " + response.content_type + "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    if (!is_token(name) || !is_safe_value(value) || iequals(name, "Content-Length") || iequals(name, "Connection") ||
        iequals(name, "Transfer-Encoding")) {
      continue;
    }
    out += name + ": " + value + "\r\n";
  }
  if (status != 204) out += "Content-Length: " + std::to_string(no_body ? 0 : response.body.size()) + "\r\n";
  out += keep_alive_ ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (!head_only && !no_body) out += response.body;
  if (const auto& hook = server_.options().on_response) {
    AccessRecord record;
    record.method = method_;
    record.target = target_;
    record.remote_address = remote_;
    record.status = status;
    record.body_bytes = head_only || no_body ? 0 : response.body.size();
    record.duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_);
    try {
      hook(record);
    } catch (const std::exception& e) {
      log_error("on_response failed", e.what());
    } catch (...) {
      log_error("on_response failed", "unknown exception");
    }
  }
  write(std::move(out));
}

void Connection::write(std::string bytes) {
  out_ = std::move(bytes);
  stream_.expires_after(kWriteTimeout);
  net::async_write(stream_, net::buffer(out_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->out_.clear();
    if (self->out_.capacity() > 64 * 1024) self->out_.shrink_to_fit();  // idle connections hold no large buffers
    if (ec) {
      self->close();
      return;
    }
    self->stream_.expires_never();
    if (!self->keep_alive_) {
      if (self->linger_)
        self->linger_close();
      else
        self->close();
      return;
    }
    self->read();
  });
}

}  // namespace

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

int serve(const Handler& handler, const ServerOptions& options) {
  ServerImpl server(handler, options);
  return server.run();
}

void request_stop() {
  std::lock_guard lock(running_mutex());
  for (ServerImpl* server : running()) server->request_shutdown();
}

}  // namespace mcpc::runtime::http
