// Streamable HTTP on Boost.Asio/Beast. Beast parses requests (robust, bounded); responses are
// written as raw bytes so that one code path serves JSON bodies and chunked SSE streams.
// Threading: each connection lives on its own strand; handlers on worker threads reach it only
// through ExchangeSink, which serializes and posts to that strand.
//
// Why Beast: it is in Debian (Boost 1.74), event-driven (many long-lived SSE streams cost a
// socket each, not a thread each, unlike cpp-httplib), and maintained with Boost.
#include "mcpc/runtime/http_transport.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <csignal>
#include <deque>
#include <iostream>
#include <mutex>
#include <random>
#include <unordered_map>

#include "internal.h"

namespace mcpc::runtime {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr std::size_t kMaxLoggedEvents = 1024;  // per stream, for Last-Event-ID replay
constexpr std::size_t kMaxKeptStreams = 64;      // finished streams kept per session for replay

std::string random_session_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "localhost:3000" -> "localhost"; "[::1]:80" -> "[::1]".
std::string host_part(const std::string& hostport) {
  if (!hostport.empty() && hostport[0] == '[') {
    auto close = hostport.find(']');
    return close == std::string::npos ? hostport : hostport.substr(0, close + 1);
  }
  auto colon = hostport.find(':');
  return lower(colon == std::string::npos ? hostport : hostport.substr(0, colon));
}

std::string status_line(int status) {
  switch (status) {
    case 200: return "200 OK";
    case 202: return "202 Accepted";
    case 400: return "400 Bad Request";
    case 401: return "401 Unauthorized";
    case 403: return "403 Forbidden";
    case 404: return "404 Not Found";
    case 405: return "405 Method Not Allowed";
    case 406: return "406 Not Acceptable";
    case 409: return "409 Conflict";
    case 413: return "413 Payload Too Large";
    case 415: return "415 Unsupported Media Type";
    case 503: return "503 Service Unavailable";
    default: return std::to_string(status) + " Status";
  }
}

std::string chunk(const std::string& data) {
  char len[20];
  std::snprintf(len, sizeof len, "%zx\r\n", data.size());
  return len + data + "\r\n";
}

bool is_final_response(const Json& m) {
  return m.is_array() || (!m.contains("method") && (m.contains("id") || m.contains("error")));
}

class Connection;
struct HttpSession;
class ExchangeSink;
void register_stream(const std::weak_ptr<HttpSession>& session, const std::shared_ptr<ExchangeSink>& stream);

/// The answer to one POSTed request, or the standalone GET stream: JSON until something other
/// than the response is sent, then SSE. Keeps its events for Last-Event-ID replay.
class ExchangeSink : public MessageSink, public std::enable_shared_from_this<ExchangeSink> {
 public:
  ExchangeSink(std::weak_ptr<HttpSession> owner, std::string stream_id, std::string session_id,
               std::chrono::milliseconds retry, bool standalone)
      : owner_(std::move(owner)), stream_id_(std::move(stream_id)), session_id_(std::move(session_id)), retry_(retry),
        standalone_(standalone) {}

  void attach(const std::shared_ptr<Connection>& c);
  /// Starts the SSE response now (the standalone GET stream has no response to wait for).
  void open() {
    std::lock_guard lock(mu_);
    mode_ = Mode::Sse;
    start_sse_locked(conn_);
  }
  void send(const Json& message) override;
  void finish() override;
  void interrupt() override;
  /// Re-attaches a connection (GET with Last-Event-ID) and replays events after `after`.
  void resume(const std::shared_ptr<Connection>& c, std::uint64_t after);
  bool done() {
    std::lock_guard lock(mu_);
    return done_;
  }
  bool attached();
  const std::string& stream_id() const { return stream_id_; }
  void start_sse_locked(const std::shared_ptr<Connection>& c);

 private:
  enum class Mode { Undecided, Json, Sse };
  // Status line and headers of a chunked SSE response, ending with the blank line.
  std::string sse_head() const {
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache, no-transform\r\n"
        "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n";
    if (!session_id_.empty()) head += "Mcp-Session-Id: " + session_id_ + "\r\n";
    return head + "\r\n";
  }
  std::string event(std::uint64_t n, const std::string& data) const {
    return "id: " + stream_id_ + "-" + std::to_string(n) + "\ndata: " + data + "\n\n";
  }

  std::mutex mu_;
  std::weak_ptr<HttpSession> owner_;  // a stream registers there once it becomes SSE (resumable)
  std::string stream_id_;
  std::string session_id_;
  std::chrono::milliseconds retry_;
  bool standalone_;
  Mode mode_ = Mode::Undecided;
  bool done_ = false;
  // Strong while the exchange runs: nothing else keeps an idle connection object alive.
  std::shared_ptr<Connection> conn_;
  std::deque<std::pair<std::uint64_t, std::string>> log_;
  std::uint64_t next_ = 1;
};

struct HttpSession : std::enable_shared_from_this<HttpSession> {
  std::string id;
  std::shared_ptr<Session> session;
  std::chrono::steady_clock::time_point last_seen;
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<ExchangeSink>> streams;
  std::deque<std::string> stream_order;
  std::shared_ptr<ExchangeSink> standalone;

  std::atomic<std::uint64_t> stream_counter{0};

  /// A sink for one exchange; it joins `streams` (for Last-Event-ID) only if it turns into SSE,
  /// so plain JSON answers cost no bookkeeping.
  std::shared_ptr<ExchangeSink> new_stream(std::chrono::milliseconds retry, bool standalone_stream) {
    std::string sid = id.substr(0, 8) + "s" + std::to_string(stream_counter.fetch_add(1));
    return std::make_shared<ExchangeSink>(weak_from_this(), sid, id, retry, standalone_stream);
  }

  void add_stream(const std::shared_ptr<ExchangeSink>& s) {
    std::lock_guard lock(mu);
    streams[s->stream_id()] = s;
    stream_order.push_back(s->stream_id());
    while (stream_order.size() > kMaxKeptStreams) {
      auto it = streams.find(stream_order.front());
      if (it != streams.end() && it->second != standalone) streams.erase(it);
      stream_order.pop_front();
    }
  }
};

void register_stream(const std::weak_ptr<HttpSession>& session, const std::shared_ptr<ExchangeSink>& stream) {
  if (auto s = session.lock()) s->add_stream(stream);
}

class HttpServer;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, HttpServer& server);
  void start() { net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); }); }

  // Called from any thread: queue bytes on the strand.
  void post_write(std::string bytes, bool then_read = false, bool then_close = false) {
    net::post(stream_.get_executor(), [self = shared_from_this(), bytes = std::move(bytes), then_read, then_close]() mutable {
      self->queue(std::move(bytes), then_read, then_close);
    });
  }
  void respond(int status, const std::string& body, const std::string& session_id = {},
               const std::string& content_type = "application/json", const std::string& extra_headers = {}) {
    std::string head = "HTTP/1.1 " + status_line(status) + "\r\n";
    if (!body.empty() || status == 200) head += "Content-Type: " + content_type + "\r\n";
    if (!session_id.empty()) head += "Mcp-Session-Id: " + session_id + "\r\n";
    head += extra_headers;
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    head += keep_alive_ ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    post_write(head + body, keep_alive_, !keep_alive_);
  }
  void respond_error(int status, int code, const std::string& message, const std::string& extra_headers = {}) {
    respond(status, make_error(nullptr, code, message).dump(), {}, "application/json", extra_headers);
  }
  bool alive() const { return !closed_; }

 private:
  void read();
  void on_read(beast::error_code ec);
  void handle();
  void handle_post(const std::string& body);
  void handle_get();
  void handle_delete();
  /// The session named by Mcp-Session-Id, or nullptr after answering 400 (no header) or 404.
  std::shared_ptr<HttpSession> find_session();

  void queue(std::string bytes, bool then_read, bool then_close) {
    if (closed_) return;
    writes_.push_back({std::move(bytes), then_read, then_close});
    if (!writing_) write_next();
  }
  void write_next();
  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  struct Write {
    std::string bytes;
    bool then_read;
    bool then_close;
  };
  beast::tcp_stream stream_;
  HttpServer& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<Write> writes_;
  bool writing_ = false;
  bool closed_ = false;
  bool keep_alive_ = true;
  bool linger_ = false;
  std::array<char, 16384> drain_{};

  // Closing with unread input makes the kernel send a reset, and the client may lose the
  // response; so stop sending, read and drop input for a while, then close.
  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    drain();
  }
  void drain() {
    stream_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->close();
        return;
      }
      self->drain();
    });
  }
};

class HttpServer {
 public:
  HttpServer(Server& server, const HttpOptions& options)
      : server_(server), options_(options), acceptor_(ioc_), signals_(ioc_, SIGINT, SIGTERM), sweeper_(ioc_) {}

  int run() {
    beast::error_code ec;
    auto address = net::ip::make_address(options_.host, ec);
    if (ec) {
      std::cerr << "mcpc http: invalid host '" << options_.host << "': " << ec.message() << "\n";
      return 2;
    }
    tcp::endpoint ep{address, options_.port};
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      std::cerr << "mcpc http: cannot listen on " << options_.host << ":" << options_.port << ": " << ec.message() << "\n";
      return 1;
    }
    std::uint16_t port = acceptor_.local_endpoint().port();
    std::cerr << "mcpc http: listening on http://" << options_.host << ":" << port << options_.path << "\n";
    if (options_.on_listening) options_.on_listening(port);
    accept();
    sweep();
    signals_.async_wait([this](beast::error_code, int) { stop(); });
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < std::max<std::size_t>(1, options_.threads); ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    std::lock_guard lock(mu_);
    for (auto& [id, s] : sessions_) s->session->close();
    sessions_.clear();
    return 0;
  }

  void stop() {
    beast::error_code ec;
    acceptor_.close(ec);
    ioc_.stop();
  }

  Server& server() { return server_; }
  const HttpOptions& options() const { return options_; }

  std::shared_ptr<HttpSession> lookup(const std::string& id) {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return nullptr;
    it->second->last_seen = std::chrono::steady_clock::now();
    return it->second;
  }

  std::shared_ptr<HttpSession> create() {
    std::lock_guard lock(mu_);
    if (sessions_.size() >= server_.options().max_sessions) return nullptr;
    auto s = std::make_shared<HttpSession>();
    s->id = random_session_id();
    s->session = server_.open_session(nullptr);
    s->last_seen = std::chrono::steady_clock::now();
    sessions_[s->id] = s;
    return s;
  }

  bool remove(const std::string& id) {
    std::shared_ptr<HttpSession> s;
    {
      std::lock_guard lock(mu_);
      auto it = sessions_.find(id);
      if (it == sessions_.end()) return false;
      s = it->second;
      sessions_.erase(it);
    }
    s->session->close();
    return true;
  }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Connection>(std::move(socket), *this)->start();
      }
      accept();
    });
  }

  // Expires idle sessions: the conformance suite, like many clients, never sends DELETE.
  void sweep() {
    sweeper_.expires_after(std::chrono::seconds(5));
    sweeper_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      auto now = std::chrono::steady_clock::now();
      std::vector<std::shared_ptr<HttpSession>> expired;
      {
        std::lock_guard lock(mu_);
        for (auto it = sessions_.begin(); it != sessions_.end();) {
          if (now - it->second->last_seen > options_.session_idle_timeout && it->second->session->in_flight() == 0) {
            expired.push_back(it->second);
            it = sessions_.erase(it);
          } else {
            ++it;
          }
        }
      }
      for (auto& s : expired) s->session->close();
      sweep();
    });
  }

  Server& server_;
  HttpOptions options_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer sweeper_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<HttpSession>> sessions_;
};

// --- ExchangeSink ---------------------------------------------------------------------------

void ExchangeSink::attach(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu_);
  conn_ = c;
}

bool ExchangeSink::attached() {
  std::lock_guard lock(mu_);
  return conn_ && conn_->alive();
}

void ExchangeSink::start_sse_locked(const std::shared_ptr<Connection>& c) {
  register_stream(owner_, shared_from_this());
  std::string head = sse_head();
  // The priming event: an id to resume from and how long to wait before reconnecting.
  std::string priming = "id: " + stream_id_ + "-0\nretry: " + std::to_string(retry_.count()) + "\ndata: \n\n";
  if (c) c->post_write(head + chunk(priming));
}

void ExchangeSink::send(const Json& message) {
  std::string data = message.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::lock_guard lock(mu_);
  if (done_) return;
  auto c = conn_;
  if (mode_ == Mode::Undecided && is_final_response(message) && !standalone_) {
    mode_ = Mode::Json;
    if (c) c->respond(200, data, session_id_);
    conn_.reset();
    return;
  }
  if (mode_ == Mode::Undecided) {
    mode_ = Mode::Sse;
    start_sse_locked(c);
  }
  std::uint64_t n = next_++;
  std::string ev = event(n, data);
  log_.emplace_back(n, ev);
  if (log_.size() > kMaxLoggedEvents) log_.pop_front();
  if (c) c->post_write(chunk(ev));
}

void ExchangeSink::finish() {
  std::lock_guard lock(mu_);
  if (done_) return;
  done_ = true;
  auto c = std::move(conn_);
  if (!c) return;
  if (mode_ == Mode::Undecided) {
    // Cancelled before any answer: nothing to say; end the exchange with an empty stream.
    mode_ = Mode::Sse;
    start_sse_locked(c);
  }
  if (mode_ == Mode::Sse) c->post_write("0\r\n\r\n", /*then_read=*/true);
}

void ExchangeSink::interrupt() {
  std::lock_guard lock(mu_);
  if (done_ || mode_ == Mode::Json || !conn_) return;
  if (mode_ == Mode::Undecided) {
    mode_ = Mode::Sse;
    start_sse_locked(conn_);
  }
  // End the HTTP response cleanly (an abrupt TCP close reads as an error to fetch clients);
  // the logical stream stays open in the log for the Last-Event-ID reconnect.
  conn_->post_write("0\r\n\r\n", /*then_read=*/true);
  conn_.reset();
}

void ExchangeSink::resume(const std::shared_ptr<Connection>& c, std::uint64_t after) {
  std::lock_guard lock(mu_);  // already registered: only SSE streams can be found to resume
  conn_ = c;
  mode_ = Mode::Sse;
  std::string bytes = sse_head();
  for (const auto& [n, ev] : log_) {
    if (n > after) bytes += chunk(ev);
  }
  if (done_) bytes += "0\r\n\r\n";
  c->post_write(std::move(bytes), done_);
  if (done_) conn_.reset();
}

// --- Connection ------------------------------------------------------------------------------

Connection::Connection(tcp::socket socket, HttpServer& server) : stream_(std::move(socket)), server_(server) {}

void Connection::read() {
  if (closed_) return;
  parser_.emplace();
  parser_->body_limit(server_.server().options().max_message_bytes);
  parser_->header_limit(64 * 1024);
  stream_.expires_after(server_.options().read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Connection::on_read(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    keep_alive_ = false;
    linger_ = true;  // drain what the client is still sending, so it sees the 413
    respond_error(413, kInvalidRequest, "message exceeds the limit of " +
                                            std::to_string(server_.server().options().max_message_bytes) + " bytes");
    return;
  }
  if (ec) {
    if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != net::error::operation_aborted &&
        ec != net::error::connection_reset && ec != http::error::partial_message) {
      keep_alive_ = false;
      respond_error(400, kInvalidRequest, "malformed HTTP request: " + ec.message());
      return;
    }
    close();
    return;
  }
  stream_.expires_never();
  keep_alive_ = parser_->get().keep_alive();
  handle();
}

void Connection::write_next() {
  if (writes_.empty() || closed_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  stream_.expires_after(std::chrono::seconds(30));  // a client that stops reading is dropped
  net::async_write(stream_, net::buffer(writes_.front().bytes),
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     if (ec) {
                       self->writes_.clear();
                       self->writing_ = false;
                       self->close();
                       return;
                     }
                     Write done = std::move(self->writes_.front());
                     self->writes_.pop_front();
                     self->stream_.expires_never();
                     if (done.then_close) {
                       if (self->linger_) self->linger_close();
                       else self->close();
                       return;
                     }
                     if (done.then_read) self->read();
                     self->write_next();
                   });
}

void Connection::handle() {
  const auto& req = parser_->get();
  const HttpOptions& o = server_.options();
  std::string target(req.target());
  std::string path = target.substr(0, target.find('?'));

  // DNS-rebinding defence: Host and (when present) Origin must name an allowed host.
  auto allowed = [&](const std::string& host) {
    if (host == "localhost" || host == "127.0.0.1" || host == "[::1]") return true;
    return std::find(o.allowed_hosts.begin(), o.allowed_hosts.end(), host) != o.allowed_hosts.end();
  };
  std::string host(req[http::field::host]);
  if (!host.empty() && !allowed(host_part(host))) {
    respond_error(403, kInvalidRequest, "Forbidden: Host '" + host + "' is not allowed");
    return;
  }
  if (auto origin = req.find(http::field::origin); origin != req.end()) {
    std::string value(origin->value());
    auto scheme = value.find("://");
    std::string origin_host = scheme == std::string::npos ? value : host_part(value.substr(scheme + 3));
    if (value != "null" && !allowed(origin_host)) {
      respond_error(403, kInvalidRequest, "Forbidden: Origin '" + value + "' is not allowed");
      return;
    }
  }
  if (path == "/health" && req.method() == http::verb::get) {
    respond(200, R"({"status":"ok"})");
    return;
  }
  if (path != o.path) {
    respond_error(404, kInvalidRequest, "not found: " + path + " (the MCP endpoint is " + o.path + ")");
    return;
  }
  if (!o.bearer_token.empty()) {
    std::string auth(req[http::field::authorization]);
    if (auth != "Bearer " + o.bearer_token) {
      respond_error(401, kInvalidRequest, "missing or invalid bearer token", "WWW-Authenticate: Bearer\r\n");
      return;
    }
  }
  if (!o.api_key_header.empty() && !o.api_key.empty() && std::string(req[o.api_key_header]) != o.api_key) {
    respond_error(401, kInvalidRequest, "missing or invalid " + o.api_key_header + " header");
    return;
  }
  std::string version(req["MCP-Protocol-Version"]);
  if (!version.empty()) {
    const auto& supported = supported_protocol_versions();
    if (std::find(supported.begin(), supported.end(), version) == supported.end()) {
      respond_error(400, kInvalidRequest, "unsupported MCP-Protocol-Version '" + version + "'");
      return;
    }
  }
  switch (req.method()) {
    case http::verb::post: handle_post(req.body()); return;
    case http::verb::get: handle_get(); return;
    case http::verb::delete_: handle_delete(); return;
    default:
      respond_error(405, kInvalidRequest, "method not allowed", "Allow: GET, POST, DELETE\r\n");
  }
}

std::shared_ptr<HttpSession> Connection::find_session() {
  std::string id(parser_->get()["Mcp-Session-Id"]);
  if (id.empty()) {
    respond_error(400, kInvalidRequest, "Bad Request: Mcp-Session-Id header is required");
    return nullptr;
  }
  auto s = server_.lookup(id);
  if (!s) {
    // 404 tells the client to start a new session (400 would leave it stuck).
    respond_error(404, -32001, "Session not found");
    return nullptr;
  }
  return s;
}

// A sink that keeps what a notification or response produced (only errors).
class CaptureSink : public MessageSink {
 public:
  void send(const Json& m) override { messages.push_back(m); }
  std::vector<Json> messages;
};

void Connection::handle_post(const std::string& body) {
  const auto& req = parser_->get();
  std::string ctype = lower(std::string(req[http::field::content_type]));
  if (ctype.find("application/json") == std::string::npos) {
    respond_error(415, kInvalidRequest, "Unsupported Media Type: Content-Type must be application/json");
    return;
  }
  std::string accept = lower(std::string(req[http::field::accept]));
  if (!accept.empty() && accept.find("*/*") == std::string::npos && accept.find("application/json") == std::string::npos &&
      accept.find("text/event-stream") == std::string::npos) {
    respond_error(406, kInvalidRequest, "Not Acceptable: Accept must include application/json and text/event-stream");
    return;
  }
  const ServerOptions& so = server_.server().options();
  if (!nesting_within(body, so.max_json_depth)) {
    respond_error(400, kInvalidRequest, "message nests deeper than " + std::to_string(so.max_json_depth) + " levels");
    return;
  }
  Json msg = Json::parse(body, nullptr, false);
  if (msg.is_discarded()) {
    respond_error(400, kParseError, "Parse error: the body is not valid JSON");
    return;
  }
  // A message that is not a well-formed JSON-RPC request gets an HTTP error, not a 200 whose
  // body a client could not relate to anything.
  if (msg.is_object() && msg.contains("method") && !msg["method"].is_string()) {
    respond_error(400, kInvalidRequest, "method must be a string");
    return;
  }
  // A request whose id cannot be echoed cannot be answered in-band: refuse it here.
  if (msg.is_object() && msg.contains("method") && msg.contains("id")) {
    const Json& id = msg["id"];
    if (!(id.is_string() || id.is_number_integer() || id.is_number_unsigned())) {
      respond_error(400, kInvalidRequest, "id must be a string or an integer");
      return;
    }
  }
  auto method_is = [](const Json& m, const char* name) {
    auto it = m.find("method");
    return it != m.end() && it->is_string() && *it == name;
  };
  bool is_initialize = msg.is_object() && method_is(msg, "initialize");
  bool has_request = msg.is_object() ? (msg.contains("method") && msg.contains("id"))
                                     : msg.is_array() && std::any_of(msg.begin(), msg.end(), [](const Json& m) {
                                         return m.is_object() && m.contains("method") && m.contains("id");
                                       });
  std::shared_ptr<HttpSession> hs;
  if (is_initialize && req["Mcp-Session-Id"].empty()) {
    hs = server_.create();
    if (!hs) {
      respond_error(503, kInvalidRequest, "too many sessions; try again later");
      return;
    }
  } else {
    hs = find_session();
    if (!hs) return;
  }
  if (!has_request) {
    auto capture = std::make_shared<CaptureSink>();
    Incoming kind = hs->session->receive_json(std::move(msg), capture);
    if (kind == Incoming::Invalid || !capture->messages.empty()) {
      respond(400, capture->messages.empty() ? std::string() : capture->messages.front().dump(), hs->id);
    } else {
      respond(202, "", hs->id);
    }
    return;
  }
  auto sink = hs->new_stream(server_.options().sse_retry, /*standalone=*/false);
  sink->attach(shared_from_this());
  hs->session->receive_json(std::move(msg), sink);
  // A failed initialize leaves no session behind.
  if (is_initialize && !hs->session->initialized() && hs->session->protocol_version().empty()) server_.remove(hs->id);
}

void Connection::handle_get() {
  const auto& req = parser_->get();
  std::string accept = lower(std::string(req[http::field::accept]));
  if (accept.find("text/event-stream") == std::string::npos && accept.find("*/*") == std::string::npos) {
    respond_error(406, kInvalidRequest, "Not Acceptable: GET needs Accept: text/event-stream");
    return;
  }
  auto hs = find_session();
  if (!hs) return;
  std::string last(req["Last-Event-ID"]);
  if (!last.empty()) {
    auto dash = last.rfind('-');
    std::shared_ptr<ExchangeSink> stream;
    {
      std::lock_guard lock(hs->mu);
      auto it = dash == std::string::npos ? hs->streams.end() : hs->streams.find(last.substr(0, dash));
      if (it != hs->streams.end()) stream = it->second;
    }
    if (stream) {
      std::uint64_t after = 0;
      try {
        after = std::stoull(last.substr(dash + 1));
      } catch (const std::exception&) {
      }
      stream->resume(shared_from_this(), after);
      return;
    }
  }
  std::shared_ptr<ExchangeSink> standalone;
  {
    std::lock_guard lock(hs->mu);
    standalone = hs->standalone;
  }
  if (standalone && standalone->attached()) {
    respond_error(409, kInvalidRequest, "Conflict: this session already has a GET stream");
    return;
  }
  auto stream = hs->new_stream(server_.options().sse_retry, /*standalone=*/true);
  {
    std::lock_guard lock(hs->mu);
    hs->standalone = stream;
  }
  stream->attach(shared_from_this());
  stream->open();
  hs->session->set_notification_sink(stream);
}

void Connection::handle_delete() {
  auto hs = find_session();
  if (!hs) return;
  server_.remove(hs->id);
  respond(200, "");
}

}  // namespace

int serve_http(Server& server, const HttpOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);
  return HttpServer(server, options).run();
}

}  // namespace mcpc::runtime
