// The MCP health probe. One io_context per probe, driven synchronously: each step starts one
// asynchronous operation on a Beast tcp_stream whose expiry is the probe's deadline, then runs
// the context until it completes, so no step can outlive the deadline. Name resolution (which
// Asio cannot cancel) runs on a detached thread that the probe stops waiting for at the deadline.
#include "mcpc/probe/mcp_probe.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "mcpc/json.h"

namespace mcpc::probe {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxErrorBytes = 300;
constexpr std::size_t kMaxNameBytes = 200;       // server name, version, protocol version kept
constexpr std::size_t kMaxSessionIdBytes = 256;  // longer Mcp-Session-Id values are refused
constexpr std::size_t kMaxHostBytes = 253;
constexpr int kMaxToolPages = 20;
constexpr const char* kProtocolVersion = "2025-11-25";

/// `raw` with every byte outside printable ASCII as \xNN, cut to `max_bytes` input bytes.
std::string printable(std::string_view raw, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < raw.size() && i < max_bytes; ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  if (raw.size() > max_bytes) out += "...";
  return out;
}

bool is_visible_ascii(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

struct Url {
  std::string host;  // without brackets
  std::uint16_t port = 80;
  std::string host_header;                  // as sent in Host
  std::string target;                       // path and query
  std::optional<net::ip::address> address;  // when the host is an IP literal
};

// The URL's parts, or nullopt with `error` set. Nothing of the URL is echoed: it may hold
// credentials or tokens.
std::optional<Url> parse_url(std::string_view url, std::string& error) {
  if (url.size() > kMaxUrlBytes) {
    error = "the endpoint URL is longer than " + std::to_string(kMaxUrlBytes) + " bytes";
    return std::nullopt;
  }
  if (url.empty()) {
    error = "the endpoint URL is empty";
    return std::nullopt;
  }
  if (!is_visible_ascii(url)) {
    error = "the endpoint URL holds spaces, control characters or non-ASCII bytes";
    return std::nullopt;
  }
  if (starts_with_nocase(url, "https://")) {
    error = "https endpoints are not supported by the health probe (http:// only)";
    return std::nullopt;
  }
  if (!starts_with_nocase(url, "http://")) {
    error = "the endpoint URL is not an http:// URL";
    return std::nullopt;
  }
  std::string_view rest = url.substr(7);
  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (auto hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);  // never sent
  if (authority.find('@') != std::string_view::npos) {
    error = "the endpoint URL holds credentials (user@host), which the probe does not send";
    return std::nullopt;
  }
  Url u;
  std::string_view host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "the endpoint URL has an unterminated IPv6 address";
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        error = "the endpoint URL has a malformed host";
        return std::nullopt;
      }
      port = after.substr(1);
    }
    beast::error_code ec;
    auto v6 = net::ip::make_address_v6(std::string(host), ec);
    if (ec) {
      error = "the endpoint URL has a malformed IPv6 address";
      return std::nullopt;
    }
    u.address = net::ip::address(v6);
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (host.empty() || host.size() > kMaxHostBytes) {
      error = "the endpoint URL has no host, or one longer than 253 bytes";
      return std::nullopt;
    }
    for (char c : host) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!ok) {
        error = "the endpoint URL's host has characters a host name cannot have";
        return std::nullopt;
      }
    }
    if (host.front() == '.' || host.front() == '-' || host.find("..") != std::string_view::npos) {
      error = "the endpoint URL's host is not a valid host name";
      return std::nullopt;
    }
    beast::error_code ec;
    auto v4 = net::ip::make_address_v4(std::string(host), ec);
    if (!ec) u.address = net::ip::address(v4);
  }
  if (!port.empty() || authority.find(':') != std::string_view::npos) {
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoul(std::string(port)) == 0 || std::stoul(std::string(port)) > 65535) {
      error = "the endpoint URL's port is not a number from 1 to 65535";
      return std::nullopt;
    }
    u.port = static_cast<std::uint16_t>(std::stoul(std::string(port)));
  }
  u.host = std::string(host);
  std::string shown_host = u.address && u.address->is_v6() ? "[" + u.host + "]" : u.host;
  u.host_header = u.port == 80 ? shown_host : shown_host + ":" + std::to_string(u.port);
  u.target = tail.empty() || tail.front() == '?' ? "/" + std::string(tail) : std::string(tail);
  return u;
}

struct ResolveState {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::vector<Tcp::endpoint> endpoints;
  std::string error;
};

// The host's addresses, or empty with `error` set when resolution fails or outlasts the deadline.
std::vector<Tcp::endpoint> resolve(const Url& u, Clock::time_point deadline, std::string& error) {
  if (u.address) return {Tcp::endpoint(*u.address, u.port)};
  auto state = std::make_shared<ResolveState>();
  try {
    std::thread([state, host = u.host, port = u.port] {
      std::vector<Tcp::endpoint> found;
      std::string failure;
      try {
        net::io_context io;
        Tcp::resolver resolver(io);
        beast::error_code ec;
        auto results = resolver.resolve(host, std::to_string(port), ec);
        if (ec) {
          failure = ec.message();
        } else {
          for (const auto& r : results) found.push_back(r.endpoint());
        }
      } catch (const std::exception& e) {
        failure = e.what();
      }
      std::lock_guard lock(state->mu);
      state->endpoints = std::move(found);
      state->error = std::move(failure);
      state->done = true;
      state->cv.notify_all();
    }).detach();
  } catch (const std::exception&) {
    error = "cannot resolve the host: no thread available";
    return {};
  }
  std::unique_lock lock(state->mu);
  if (!state->cv.wait_until(lock, deadline, [&] { return state->done; })) {
    error = "timed out resolving the host";
    return {};
  }
  if (state->endpoints.empty()) {
    error = "cannot resolve the host: " + (state->error.empty() ? std::string("no address") : state->error);
  }
  return std::move(state->endpoints);
}

// One HTTP exchange's outcome.
struct Reply {
  int status = 0;
  std::string session_id;
  std::optional<Json> response;  // the JSON-RPC response to the request sent, when one was expected
};

class Prober {
 public:
  Prober(Url url, std::vector<Tcp::endpoint> endpoints, Clock::time_point deadline, ProbeResult& result)
      : url_(std::move(url)), endpoints_(std::move(endpoints)), deadline_(deadline), result_(result) {}

  /// The handshake; false with the error set in the result when it fails.
  bool handshake() {
    Json init{{"jsonrpc", "2.0"},
              {"id", 1},
              {"method", "initialize"},
              {"params",
               {{"protocolVersion", kProtocolVersion},
                {"capabilities", Json::object()},
                {"clientInfo", {{"name", "mcpc-health-probe"}, {"version", "1"}}}}}};
    Reply reply;
    if (!post("initialize", init, 1, reply)) return false;
    if (!check_initialize(*reply.response)) return false;
    if (!reply.session_id.empty()) {
      if (reply.session_id.size() > kMaxSessionIdBytes || !is_visible_ascii(reply.session_id)) {
        return fail("initialize answered with a malformed Mcp-Session-Id");
      }
      session_id_ = reply.session_id;
    }
    Reply ignored;
    if (!post("notifications/initialized", {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, std::nullopt,
              ignored)) {
      return false;
    }
    if (!post("ping", {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "ping"}}, 2, reply)) return false;
    if (!reply.response->contains("result")) return fail("ping was answered with an error");
    if (has_tools_) {
      std::optional<std::string> cursor;
      int id = 3;
      for (int page = 0; page < kMaxToolPages; ++page, ++id) {
        Json req{{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/list"}};
        if (cursor) req["params"] = {{"cursor", *cursor}};
        if (!post("tools/list", req, id, reply)) return false;
        const Json& r = *reply.response;
        auto res = r.find("result");
        if (res == r.end() || !res->is_object() || !res->contains("tools") || !(*res)["tools"].is_array()) {
          return fail("tools/list was not answered with a list of tools");
        }
        result_.tools_count += (*res)["tools"].size();
        auto next = res->find("nextCursor");
        if (next == res->end() || !next->is_string() || next->get<std::string>().empty()) break;
        cursor = next->get<std::string>();
      }
    }
    return true;
  }

  /// Ends the session (best effort, within the deadline): the server may free it at once.
  void end_session() {
    if (session_id_.empty() || Clock::now() >= deadline_) return;
    Reply ignored;
    std::string saved_error = result_.error;
    int saved_status = result_.http_status;
    exchange("DELETE", "", "DELETE", std::nullopt, ignored);
    result_.error = saved_error;
    result_.http_status = saved_status;
  }

 private:
  bool fail(std::string message) {
    result_.error = std::move(message);
    return false;
  }

  bool check_initialize(const Json& response) {
    auto res = response.find("result");
    if (res == response.end()) {
      auto err = response.find("error");
      std::string detail;
      if (err != response.end() && err->is_object() && err->contains("message") && (*err)["message"].is_string()) {
        detail = ": " + printable((*err)["message"].get<std::string>(), 120);
      }
      return fail("initialize was answered with an error" + detail);
    }
    if (!res->is_object()) return fail("initialize result is not an object");
    auto version = res->find("protocolVersion");
    if (version == res->end() || !version->is_string() || version->get<std::string>().empty()) {
      return fail("initialize result has no protocolVersion");
    }
    auto caps = res->find("capabilities");
    if (caps == res->end() || !caps->is_object()) return fail("initialize result has no capabilities object");
    auto info = res->find("serverInfo");
    if (info == res->end() || !info->is_object() || !info->contains("name") || !(*info)["name"].is_string() ||
        !info->contains("version") || !(*info)["version"].is_string()) {
      return fail("initialize result has no serverInfo with a name and a version");
    }
    result_.protocol_version = printable(version->get<std::string>(), kMaxNameBytes);
    result_.server_name = printable((*info)["name"].get<std::string>(), kMaxNameBytes);
    result_.server_version = printable((*info)["version"].get<std::string>(), kMaxNameBytes);
    has_tools_ = caps->contains("tools");
    std::string negotiated = version->get<std::string>();
    if (negotiated.size() <= 64 && is_visible_ascii(negotiated)) negotiated_version_ = negotiated;
    return true;
  }

  bool post(const char* stage, const Json& message, std::optional<int> id, Reply& reply) {
    return exchange("POST", message.dump(), stage, id, reply);
  }

  // Runs the context until the operation started before it completes (the stream's expiry
  // guarantees it does, at the deadline at the latest).
  void run() {
    ioc_.restart();
    ioc_.run();
  }

  bool io_failed(const beast::error_code& ec, const char* stage, const char* what) {
    if (ec == beast::error::timeout || Clock::now() >= deadline_) {
      return fail(std::string("timed out during ") + stage);
    }
    return fail(std::string(what) + " during " + stage + ": " + printable(ec.message(), 100));
  }

  bool exchange(const char* method, const std::string& body, const char* stage, std::optional<int> id, Reply& reply) {
    reply = Reply{};
    beast::tcp_stream stream(ioc_);
    stream.expires_at(deadline_);
    beast::error_code ec;
    stream.async_connect(endpoints_, [&](beast::error_code e, const Tcp::endpoint&) { ec = e; });
    run();
    if (ec) {
      if (ec == beast::error::timeout) return fail(std::string("timed out connecting during ") + stage);
      return fail("cannot connect to " + printable(url_.host_header, 260) + ": " + printable(ec.message(), 100));
    }
    std::string request = std::string(method) + " " + url_.target + " HTTP/1.1\r\nHost: " + url_.host_header +
                          "\r\nUser-Agent: mcpc-health-probe\r\nAccept: application/json, text/event-stream\r\n"
                          "Connection: close\r\n";
    if (!body.empty()) request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (!session_id_.empty()) request += "Mcp-Session-Id: " + session_id_ + "\r\n";
    if (!negotiated_version_.empty()) request += "MCP-Protocol-Version: " + negotiated_version_ + "\r\n";
    request += "\r\n" + body;
    net::async_write(stream, net::buffer(request), [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) return io_failed(ec, stage, "cannot send the request");

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kMaxResponseHeaderBytes));
    parser.body_limit(kMaxResponseBytes);
    http::async_read_header(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec == http::error::header_limit)
      return fail(std::string("the response headers to ") + stage + " are too large");
    if (ec == http::error::body_limit) {  // a Content-Length beyond the bound, known with the head
      result_.http_status = static_cast<int>(parser.get().result_int());
      return too_large(stage);
    }
    if (ec) return io_failed(ec, stage, "no HTTP response");
    const auto& res = parser.get();
    reply.status = static_cast<int>(res.result_int());
    result_.http_status = reply.status;
    reply.session_id = std::string(res["Mcp-Session-Id"]);
    if (!id) {
      // A notification (202 expected) or DELETE: any 2xx will do; the body is not read.
      if (reply.status < 200 || reply.status > 299) {
        return fail("HTTP " + std::to_string(reply.status) + " in answer to " + stage);
      }
      return true;
    }
    if (reply.status != 200) {
      std::string hint = reply.status == 401 || reply.status == 403 ? " (the endpoint requires credentials)"
                         : reply.status / 100 == 3                  ? " (redirects are not followed)"
                                                                    : "";
      return fail("HTTP " + std::to_string(reply.status) + " in answer to " + stage + hint);
    }
    std::string content_type(res[http::field::content_type]);
    for (char& c : content_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool sse = content_type.rfind("text/event-stream", 0) == 0;
    if (!sse && content_type.rfind("application/json", 0) != 0) {
      return fail(std::string("the answer to ") + stage + " is neither JSON nor an event stream (Content-Type '" +
                  printable(content_type, 60) + "')");
    }
    if (!sse) {
      http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
      run();
      if (ec == http::error::body_limit) return too_large(stage);
      if (ec) return io_failed(ec, stage, "cannot read the response");
      Json parsed = Json::parse(parser.get().body(), nullptr, false);
      if (parsed.is_discarded()) return fail(std::string("the answer to ") + stage + " is not JSON");
      if (auto found = match(parsed, *id)) {
        reply.response = std::move(found);
        return true;
      }
      return fail(std::string("the answer to ") + stage + " is not a JSON-RPC response to it");
    }
    // SSE: events are read as they come, until the response to the request arrives; the
    // server may keep the stream open afterwards.
    std::size_t scanned = 0;
    while (true) {
      const std::string& text = parser.get().body();
      std::string data;
      while (next_event(text, scanned, data)) {
        Json parsed = Json::parse(data, nullptr, false);
        if (parsed.is_discarded()) continue;  // not JSON-RPC: ignored, as a client would
        if (auto found = match(parsed, *id)) {
          reply.response = std::move(found);
          return true;
        }
      }
      if (parser.is_done())
        return fail(std::string("the event stream answering ") + stage + " ended without a response");
      http::async_read_some(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
      run();
      if (ec == http::error::body_limit) return too_large(stage);
      if (ec && !(ec == http::error::end_of_stream && parser.is_done())) {
        return io_failed(ec, stage, "cannot read the event stream");
      }
    }
  }

  bool too_large(const char* stage) {
    return fail(std::string("the answer to ") + stage + " exceeds " + std::to_string(kMaxResponseBytes) + " bytes");
  }

  // The JSON-RPC response with `id` in a message or a batch.
  static std::optional<Json> match(const Json& message, int id) {
    auto is_response = [id](const Json& m) {
      return m.is_object() && m.contains("id") && m["id"] == id && (m.contains("result") || m.contains("error"));
    };
    if (is_response(message)) return message;
    if (message.is_array()) {
      for (const Json& m : message) {
        if (is_response(m)) return m;
      }
    }
    return std::nullopt;
  }

  // The data of the next complete SSE event at or after `pos` (its data lines joined by "\n");
  // advances `pos` past it. False when no complete event follows.
  static bool next_event(const std::string& text, std::size_t& pos, std::string& data) {
    data.clear();
    bool has_data = false;
    std::size_t at = pos;
    while (true) {
      std::size_t eol = text.find('\n', at);
      if (eol == std::string::npos) return false;
      std::string_view line(text.data() + at, eol - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      at = eol + 1;
      if (line.empty()) {
        pos = at;
        if (has_data) return true;
        continue;  // an event without data (a priming event, a comment): nothing to dispatch
      }
      if (line.rfind("data", 0) == 0 && (line.size() == 4 || line[4] == ':')) {
        std::string_view value = line.size() > 4 ? line.substr(5) : std::string_view();
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (has_data) data += '\n';
        data += value;
        has_data = true;
      }
    }
  }

  Url url_;
  std::vector<Tcp::endpoint> endpoints_;
  Clock::time_point deadline_;
  ProbeResult& result_;
  net::io_context ioc_;
  std::string session_id_;
  std::string negotiated_version_;
  bool has_tools_ = false;
};

void finish_error(ProbeResult& result) {
  if (result.healthy) {
    result.error.clear();
    return;
  }
  if (result.error.empty()) result.error = "the server did not complete the MCP handshake";
  result.error = printable(result.error, kMaxErrorBytes - 3);
  if (result.error.size() > kMaxErrorBytes) result.error.resize(kMaxErrorBytes);
}

}  // namespace

ProbeResult probe_mcp_endpoint(std::string_view url, std::chrono::milliseconds timeout) {
  ProbeResult result;
  auto start = Clock::now();
  try {
    auto deadline = start + std::max(timeout, std::chrono::milliseconds(0));
    std::string error;
    std::optional<Url> parsed = parse_url(url, error);
    if (!parsed) {
      result.error = error;
    } else {
      auto endpoints = resolve(*parsed, deadline, error);
      if (endpoints.empty()) {
        result.error = error;
      } else {
        Prober prober(std::move(*parsed), std::move(endpoints), deadline, result);
        result.healthy = prober.handshake();
        result.response_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        prober.end_session();  // also after a later step failed: the server may free the session
      }
    }
  } catch (const std::exception&) {
    result.healthy = false;
    result.error = "internal error while probing";
  } catch (...) {
    result.healthy = false;
    result.error = "internal error while probing";
  }
  if (result.response_time_ms == 0) {
    result.response_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  }
  finish_error(result);
  return result;
}

}  // namespace mcpc::probe
