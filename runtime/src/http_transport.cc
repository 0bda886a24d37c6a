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
#include <deque>
#include <iostream>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "http_listener.h"
#include "http_request.h"
#include "internal.h"
#include "secure_random.h"

namespace mcpc::runtime {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Tcp = net::ip::tcp;

using http_listener::log_error;
using http_listener::status_line;
using http_request::printable;

constexpr std::size_t kMaxLoggedEvents = 1024;  // per stream, for Last-Event-ID replay
constexpr std::size_t kMaxKeptStreams = 64;     // finished streams kept per session for replay
constexpr std::size_t kSessionIdBytes = 16;     // 128 bits from the CSPRNG
constexpr std::size_t kStreamTagBytes = 4;      // per session, so a stale Last-Event-ID matches nothing
// While a connection streams SSE it is still read, to notice the client leaving; bytes it sends
// meanwhile (a pipelined request) are kept up to this much, then reading pauses.
constexpr std::size_t kMaxBufferedWhileStreaming = 64 * 1024;
constexpr std::size_t kWatchReadBytes = 4096;

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
      : owner_(std::move(owner)),
        stream_id_(std::move(stream_id)),
        session_id_(std::move(session_id)),
        retry_(retry),
        standalone_(standalone) {}

  void attach(const std::shared_ptr<Connection>& c);
  /// Starts the SSE response now (the standalone GET stream has no response to wait for).
  void open() {
    std::lock_guard lock(mu_);
    mode_ = Mode::Sse;
    start_sse_locked(conn_);
  }
  void send(const Json& message) override {
    deliver(message.dump(-1, ' ', false, Json::error_handler_t::replace), is_final_response(message));
  }
  void send_response_text(const std::string& text) override { deliver(text, true); }
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
  void deliver(const std::string& data, bool final_response);
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
  std::string stream_tag;  // random, not derived from the id: SSE event ids are shown to clients
  // Created, but its initialize not yet handed to the session (which would count it in flight):
  // another initialize must not evict it in that window.
  std::atomic<bool> opening{true};
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
    std::string sid = stream_tag + "s" + std::to_string(stream_counter.fetch_add(1));
    return std::make_shared<ExchangeSink>(weak_from_this(), sid, id, retry, standalone_stream);
  }

  /// A request in flight or a live GET stream: not to be evicted.
  bool busy();

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
class Connection;

class Connection : public std::enable_shared_from_this<Connection>, public http_listener::TrackedConnection {
 public:
  Connection(Tcp::socket socket, HttpServer& server);
  ~Connection() override;
  void start() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // Called from any thread: queue bytes on the strand.
  void post_write(std::string bytes, bool then_read = false, bool then_close = false) {
    net::post(stream_.get_executor(), [self = shared_from_this(), bytes = std::move(bytes), then_read,
                                       then_close]() mutable { self->queue(std::move(bytes), then_read, then_close); });
  }
  /// Called from any thread once an SSE response starts: keep reading the socket, so that the
  /// client closing the stream is noticed (else a dropped GET stream blocks the next one).
  void watch_for_close() {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->watch(); });
  }
  void respond(int status, const std::string& body, const std::string& session_id = {},
               const std::string& content_type = "application/json", std::string_view extra_headers = {}) {
    std::string head = "HTTP/1.1 " + status_line(status) + "\r\n";
    if (!body.empty() || status == 200) head += "Content-Type: " + content_type + "\r\n";
    if (!session_id.empty()) head += "Mcp-Session-Id: " + session_id + "\r\n";
    head += extra_headers;
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    head += keep_alive_ ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    post_write(head + body, keep_alive_, !keep_alive_);
  }
  /// `message` must be printable() text (or constant text): it goes into JSON.
  void respond_error(int status, int code, std::string_view message, std::string_view extra_headers = {}) {
    respond(status, http_request::refusal_body(code, message), {}, "application/json", extra_headers);
  }
  bool alive() const { return !closed_.load(std::memory_order_acquire); }
  /// On the strand: closes the connection if it is still idle (see ConnectionTable::admit).
  void shed() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle())
        self->close();
      else
        self->release_shedding();  // a request came in meanwhile
    });
  }
  std::shared_ptr<TrackedConnection> lock_tracked() override { return weak_from_this().lock(); }

 private:
  void read();
  void on_read(beast::error_code ec);
  void watch();
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
  void close();

  struct Write {
    std::string bytes;
    bool then_read;
    bool then_close;
  };
  beast::tcp_stream stream_;
  HttpServer& server_;
  std::shared_ptr<http_listener::ConnectionTable> table_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<Write> writes_;
  static constexpr std::size_t kMaxBatch = 64;  // Asio gathers at most 64 buffers per writev
  std::vector<net::const_buffer> batch_;        // the writes in flight
  bool writing_ = false;
  std::atomic<bool> closed_{false};
  bool keep_alive_ = true;
  bool linger_ = false;
  bool reading_ = false;           // a request read is pending
  bool watching_ = false;          // a read only to notice the client leaving is pending
  bool read_after_watch_ = false;  // read() was called while watching: read once the watch returns
  std::array<char, 16384> drain_{};

  // Closing with unread input makes the kernel send a reset, and the client may lose the
  // response; so stop sending, read and drop input for a while, then close.
  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(Tcp::socket::shutdown_send, ec);
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
      : server_(server),
        options_(options),
        listener_(
            {options.host, options.port, options.max_connections, options.threads, options.path, options.on_listening}),
        sweeper_(listener_.context()) {}

  int run() {
    if (int failed = listener_.open()) return failed;
    sweep();
    listener_.run([this](Tcp::socket socket) { return std::make_shared<Connection>(std::move(socket), *this); },
                  [this] { listener_.stop(); });
    std::lock_guard lock(mu_);
    for (auto& [id, s] : sessions_) s->session->close();
    sessions_.clear();
    return 0;
  }

  Server& server() { return server_; }
  const HttpOptions& options() const { return options_; }
  const std::shared_ptr<http_listener::ConnectionTable>& connections() const { return listener_.connections(); }

  std::shared_ptr<HttpSession> lookup(const std::string& id) {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return nullptr;
    it->second->last_seen = std::chrono::steady_clock::now();
    return it->second;
  }

  /// A new session; when the table is full, the least recently used idle session makes room
  /// (never-initialized ones first). nullptr only when every session is busy.
  std::shared_ptr<HttpSession> create() {
    std::shared_ptr<HttpSession> evicted;
    std::shared_ptr<HttpSession> s;
    {
      std::lock_guard lock(mu_);
      if (sessions_.size() >= std::max<std::size_t>(server_.options().max_sessions, 1)) {
        http_request::EvictionChoice<HttpSession*> choice;
        for (auto& [id, hs] : sessions_) {
          choice.consider(hs.get(), hs->session->initialized(), hs->busy(), hs->last_seen);
        }
        if (!choice.victim()) return nullptr;
        auto it = sessions_.find((*choice.victim())->id);
        evicted = std::move(it->second);
        sessions_.erase(it);
      }
      s = std::make_shared<HttpSession>();
      std::string random = secure_random_hex(kSessionIdBytes + kStreamTagBytes);
      s->id = random.substr(0, 2 * kSessionIdBytes);
      s->stream_tag = random.substr(2 * kSessionIdBytes);
      s->session = server_.open_session(nullptr);
      s->last_seen = std::chrono::steady_clock::now();
      sessions_[s->id] = s;
    }
    if (evicted) evicted->session->close();
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
  http_listener::Listener listener_;
  net::steady_timer sweeper_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<HttpSession>> sessions_;
};

bool HttpSession::busy() {
  if (opening.load(std::memory_order_acquire) || session->in_flight() > 0) return true;
  std::shared_ptr<ExchangeSink> stream;
  {
    std::lock_guard lock(mu);  // not held while asking the sink: the sink takes mu to register
    stream = standalone;
  }
  return stream && stream->attached();
}

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
  if (c) {
    c->post_write(head + chunk(priming));
    c->watch_for_close();
  }
}

void ExchangeSink::deliver(const std::string& data, bool final_response) {
  std::lock_guard lock(mu_);
  if (done_) return;
  auto c = conn_;
  if (mode_ == Mode::Undecided && final_response && !standalone_) {
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
  if (done_)
    conn_.reset();
  else
    c->watch_for_close();
}

// --- Connection ------------------------------------------------------------------------------

Connection::Connection(Tcp::socket socket, HttpServer& server)
    : stream_(std::move(socket)), server_(server), table_(server.connections()) {}

Connection::~Connection() { table_->release(*this); }

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  set_idle(false);
  beast::error_code ec;
  stream_.socket().shutdown(Tcp::socket::shutdown_both, ec);
  stream_.close();
  table_->release(*this);
}

void Connection::read() {
  if (closed_) return;
  if (watching_) {
    // Stop the watch (no write is in flight when read() is called) and read once it returns.
    read_after_watch_ = true;
    beast::error_code ec;
    stream_.socket().cancel(ec);
    return;
  }
  parser_.emplace();
  http_listener::limit_parser(*parser_, server_.server().options().max_message_bytes,
                              server_.options().max_header_bytes);
  stream_.expires_after(server_.options().read_timeout);
  reading_ = true;
  set_idle(true);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Connection::watch() {
  if (closed_ || watching_ || reading_ || buffer_.size() >= kMaxBufferedWhileStreaming) return;
  watching_ = true;
  stream_.expires_never();  // a stream may stay quiet for hours; only the client leaving ends it
  stream_.async_read_some(buffer_.prepare(kWatchReadBytes),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->watching_ = false;
                            if (!ec) self->buffer_.commit(n);  // the start of a pipelined request: kept for the parser
                            if (self->read_after_watch_) {
                              self->read_after_watch_ = false;
                              if (!ec || ec == net::error::operation_aborted) {
                                self->read();
                                return;
                              }
                            }
                            if (ec) {
                              self->close();  // the client closed the stream (or the connection failed)
                              return;
                            }
                            self->watch();
                          });
}

void Connection::on_read(beast::error_code ec) {
  reading_ = false;
  set_idle(false);
  if (ec == http::error::body_limit || ec == http::error::header_limit) {
    keep_alive_ = false;
    linger_ = true;  // drain what the client is still sending, so it sees the answer
    if (ec == http::error::body_limit) {
      respond_error(
          413, kInvalidRequest,
          "message exceeds the limit of " + std::to_string(server_.server().options().max_message_bytes) + " bytes");
    } else {
      respond_error(
          431, kInvalidRequest,
          "request headers exceed the limit of " + std::to_string(server_.options().max_header_bytes) + " bytes");
    }
    return;
  }
  if (ec) {
    if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != net::error::operation_aborted &&
        ec != net::error::connection_reset && ec != http::error::partial_message) {
      keep_alive_ = false;
      respond_error(400, kInvalidRequest, "malformed HTTP request: " + printable(ec.message()));
      return;
    }
    close();
    return;
  }
  stream_.expires_never();
  keep_alive_ = parser_->get().keep_alive();
  // The last resort: whatever a request does, it must not take the process down.
  try {
    handle();
  } catch (const std::exception& e) {
    log_error("internal error; closing the connection", e.what());
    close();
  } catch (...) {
    log_error("internal error; closing the connection", "unknown exception");
    close();
  }
}

void Connection::write_next() {
  if (writes_.empty() || closed_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  // Everything queued leaves together (one writev): SSE events, or a response and the events
  // queued behind it, cost one system call instead of one each. A write that closes ends a batch.
  batch_.clear();
  std::size_t count = 0;
  for (const Write& w : writes_) {
    batch_.emplace_back(net::buffer(w.bytes));
    ++count;
    if (w.then_close || count == kMaxBatch) break;
  }
  stream_.expires_after(std::chrono::seconds(30));  // a client that stops reading is dropped
  net::async_write(stream_, batch_, [self = shared_from_this(), count](beast::error_code ec, std::size_t) {
    if (ec) {
      self->writes_.clear();
      self->writing_ = false;
      self->close();
      return;
    }
    bool then_read = false;
    bool then_close = false;
    for (std::size_t i = 0; i < count; ++i) {
      then_read = then_read || self->writes_.front().then_read;
      then_close = then_close || self->writes_.front().then_close;
      self->writes_.pop_front();
    }
    self->stream_.expires_never();
    if (then_close) {
      if (self->linger_)
        self->linger_close();
      else
        self->close();
      return;
    }
    if (then_read) self->read();
    self->write_next();
  });
}

void Connection::handle() {
  const auto& req = parser_->get();
  const HttpOptions& o = server_.options();
  http_request::Verdict verdict = http_request::check_request(http_request::head_of(req, o.api_key_header), o);
  switch (verdict.route) {
    case http_request::Route::Refused:
      respond_error(verdict.status, verdict.code, verdict.message, verdict.extra_headers);
      return;
    case http_request::Route::Health:
      respond(200, R"({"status":"ok"})");
      return;
    case http_request::Route::Post:
      handle_post(req.body());
      return;
    case http_request::Route::Get:
      handle_get();
      return;
    case http_request::Route::Delete:
      handle_delete();
      return;
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
  Json msg;
  http_request::Verdict checked = http_request::parse_post_body(body, server_.server().options().max_json_depth, msg);
  if (checked.route == http_request::Route::Refused) {
    respond_error(checked.status, checked.code, checked.message);
    return;
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
      respond_error(503, kInvalidRequest, "too many sessions, all busy; try again later");
      return;
    }
  } else {
    hs = find_session();
    if (!hs) return;
  }
  // However the hand-over ends (even by an exception), the session becomes evictable again.
  struct HandedOver {
    HttpSession& s;
    ~HandedOver() { s.opening.store(false, std::memory_order_release); }
  } handed_over{*hs};
  if (!has_request) {
    auto capture = std::make_shared<CaptureSink>();
    Incoming kind = hs->session->receive_json(std::move(msg), capture);
    if (kind == Incoming::Invalid || !capture->messages.empty()) {
      respond(400,
              capture->messages.empty()
                  ? std::string()
                  : capture->messages.front().dump(-1, ' ', false, Json::error_handler_t::replace),
              hs->id);
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

int serve_http(Server& server, const HttpOptions& options) { return HttpServer(server, options).run(); }

}  // namespace mcpc::runtime
