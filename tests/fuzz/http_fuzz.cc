// libFuzzer target for the HTTP transport's request path: the input is what one client sends
// on one connection (pipelined requests). Byte 0 picks the server's options (bearer token, API
// key, Origin: null, an extra allowed host); the rest is parsed by Beast with the transport's
// limits (headers, Content-Length and chunked bodies), checked by http_request::check_request
// (Host, Origin, path, credentials, media types), and POSTed bodies go through
// parse_post_body into sessions that are created, found by Mcp-Session-Id, evicted at a small
// cap and deleted as the transport does. Every refusal must serialize to JSON with printable
// text only, and no exception may escape.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <thread>

#include "http_request.h"
#include "mcpc/runtime.h"

using namespace mcpc::runtime;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::size_t kMaxRequests = 16;  // per input
constexpr std::size_t kMaxSessions = 4;   // small, so eviction is reached
constexpr std::size_t kBodyLimit = 1 << 16;

class NullSink : public MessageSink {
 public:
  void send(const Json& message) override { (void)message.dump(-1, ' ', false, Json::error_handler_t::replace); }
};

Server& server() {
  static Server* s = [] {
    ServerOptions o;
    o.max_message_bytes = kBodyLimit;
    o.request_timeout = std::chrono::milliseconds(0);
    auto* srv = new Server(o);
    Tool add;
    add.name = "add";
    add.description = "adds";
    add.input_schema = Json::parse(
        R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]})");
    add.handler = [](const Json& a, Context&) {
      ToolResult r;
      r.structured = Json{{"sum", a["a"].get<double>() + a["b"].get<double>()}};
      return r;
    };
    srv->add_tool(add);
    return srv;
  }();
  return *s;
}

// A refusal as the transport would send it: the body must be JSON, the message printable.
void check_refusal(const http_request::Verdict& v) {
  if (v.status < 400 || v.status > 599) std::abort();
  for (char c : v.message) {
    if (c < 0x20 || c > 0x7E) std::abort();
  }
  Json body = Json::parse(http_request::refusal_body(v.code, v.message), nullptr, false);
  if (body.is_discarded() || !body.contains("error")) std::abort();
}

struct FuzzSession {
  std::shared_ptr<Session> session;
  std::chrono::steady_clock::time_point last_seen;
};

class Connection {
 public:
  explicit Connection(const HttpOptions& options) : options_(options) {}
  ~Connection() {
    // Let handlers finish before the next input so runs stay independent (a deadline, not a
    // count of sleeps: on a loaded machine each sleep lasts longer).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (auto& [id, s] : sessions_) {
      while (s.session->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
      s.session->close();
    }
  }

  // Handles one parsed request; false when the connection would close.
  bool handle(const http::request<http::string_body>& req) {
    http_request::RequestHead head = http_request::head_of(req, options_.api_key_header);
    http_request::Verdict v = http_request::check_request(head, options_);
    switch (v.route) {
      case http_request::Route::Refused:
        check_refusal(v);
        return true;
      case http_request::Route::Health:
        return true;
      case http_request::Route::Post:
        return post(req);
      case http_request::Route::Get:
        return get(req);
      case http_request::Route::Delete:
        sessions_.erase(std::string(req["Mcp-Session-Id"]));
        return true;
    }
    return true;
  }

 private:
  bool post(const http::request<http::string_body>& req) {
    Json msg;
    http_request::Verdict v = http_request::parse_post_body(req.body(), server().options().max_json_depth, msg);
    if (v.route == http_request::Route::Refused) {
      check_refusal(v);
      return true;
    }
    auto it = msg.is_object() ? msg.find("method") : msg.end();
    bool is_initialize = msg.is_object() && it != msg.end() && it->is_string() && *it == "initialize";
    std::string id(req["Mcp-Session-Id"]);
    FuzzSession* s = nullptr;
    if (is_initialize && id.empty()) {
      s = create();
      if (!s) return true;  // every session busy: 503
    } else {
      auto found = sessions_.find(id);
      if (found == sessions_.end()) return true;  // 400 or 404
      s = &found->second;
      s->last_seen = std::chrono::steady_clock::now();
    }
    s->session->receive_json(std::move(msg), sink_);
    return true;
  }

  bool get(const http::request<http::string_body>& req) {
    std::string last(req["Last-Event-ID"]);
    auto dash = last.rfind('-');
    if (dash != std::string::npos) {
      try {
        (void)std::stoull(last.substr(dash + 1));
      } catch (const std::exception&) {
      }
    }
    return sessions_.count(std::string(req["Mcp-Session-Id"])) > 0;  // a stream holds the connection
  }

  FuzzSession* create() {
    if (sessions_.size() >= kMaxSessions) {
      http_request::EvictionChoice<std::string> choice;
      for (auto& [id, s] : sessions_) {
        choice.consider(id, s.session->initialized(), s.session->in_flight() > 0, s.last_seen);
      }
      if (!choice.victim()) return nullptr;
      sessions_[*choice.victim()].session->close();
      sessions_.erase(*choice.victim());
    }
    // Predictable ids here (unlike the transport), so the fuzzer can name them: s0, s1, ...
    std::string id = "s" + std::to_string(next_id_++);
    FuzzSession& s = sessions_[id];
    s.session = server().open_session(nullptr);
    s.last_seen = std::chrono::steady_clock::now();
    return &s;
  }

  const HttpOptions& options_;
  std::shared_ptr<NullSink> sink_ = std::make_shared<NullSink>();
  std::map<std::string, FuzzSession> sessions_;
  int next_id_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  HttpOptions options;
  if (data[0] & 1) options.bearer_token = "tok";
  if (data[0] & 2) {
    options.api_key_header = "X-Api-Key";
    options.api_key = "k3y";
  }
  options.allow_null_origin = (data[0] & 4) != 0;
  if (data[0] & 8) options.allowed_hosts = {"mcp.example"};
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  Connection connection(options);
  for (std::size_t n = 0; n < kMaxRequests && !rest.empty(); ++n) {
    http::request_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(kBodyLimit);
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    beast::error_code ec;
    while (!parser.is_done() && !rest.empty()) {
      std::size_t used = parser.put(net::buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
      if (ec == http::error::need_more && used > 0) ec = {};  // progress: offer the rest again
      if (ec || used == 0) break;
    }
    if (!parser.is_done()) break;  // malformed (400, 413, 431) or incomplete (read timeout): closed
    if (!connection.handle(parser.get()) || !parser.get().keep_alive()) break;
  }
  return 0;
}
