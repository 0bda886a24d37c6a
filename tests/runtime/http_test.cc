// The HTTP transport's request checks (runtime/src/http_request.h), its ids and secret
// comparison (secure_random.h), and, over real sockets, how serve_http behaves when file
// descriptors run out.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <future>
#include <set>
#include <thread>

#include "http_request.h"
#include "mcpc/runtime/http_transport.h"
#include "mcpc/runtime/server.h"
#include "secure_random.h"

namespace mcpc::runtime {
namespace {

using namespace http_request;

RequestHead good_post() {
  RequestHead h;
  h.method = Method::Post;
  h.target = "/mcp";
  h.host = "localhost:3000";
  h.host_count = 1;
  h.content_type = "application/json";
  h.content_type_count = 1;
  h.accept = "application/json, text/event-stream";
  return h;
}

// The refusal's body must serialize (the crash of issue 11, item 1) and carry printable text.
void expect_refused(const Verdict& v, int status, const std::string& what) {
  EXPECT_EQ(v.route, Route::Refused) << what;
  EXPECT_EQ(v.status, status) << what << ": " << v.message;
  std::string body;
  ASSERT_NO_THROW(body = refusal_body(v.code, v.message)) << what;
  Json parsed = Json::parse(body, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << what << ": " << body;
  for (char c : v.message) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << what << ": " << v.message;
}

TEST(HttpRequest, PrintableEscapesAndTruncates) {
  EXPECT_EQ(printable("abc"), "abc");
  EXPECT_EQ(printable(std::string("a\xff\x01\n", 4)), "a\\xFF\\x01\\x0A");
  EXPECT_EQ(printable(std::string(200, 'x'), 10), std::string(10, 'x') + "...");
  EXPECT_EQ(printable("\xc3\xa9"), "\\xC3\\xA9");  // even valid UTF-8: only ASCII is echoed
}

TEST(HttpRequest, RawBytesInHostOriginPathAndVersionBecomePrintableRefusals) {
  HttpOptions o;
  auto h = good_post();
  std::string bad_host = "local\xffhost";
  h.host = bad_host;
  expect_refused(check_request(h, o), 400, "0xFF in Host");

  h = good_post();
  std::string bad_origin = "http://\xff";
  h.origin = bad_origin;
  h.origin_count = 1;
  expect_refused(check_request(h, o), 403, "0xFF in Origin");

  h = good_post();
  std::string bad_path = "/\xff\xfe";
  h.target = bad_path;
  Verdict v = check_request(h, o);
  expect_refused(v, 404, "0xFF in the path");
  EXPECT_NE(v.message.find("\\xFF\\xFE"), std::string::npos) << v.message;

  h = good_post();
  std::string bad_version = "2025-\xff";
  h.protocol_version = bad_version;
  expect_refused(check_request(h, o), 400, "0xFF in MCP-Protocol-Version");

  h = good_post();
  std::string long_path = "/" + std::string(100000, 'a');
  h.target = long_path;
  v = check_request(h, o);
  expect_refused(v, 404, "a long path");
  EXPECT_LT(v.message.size(), 400u);
}

TEST(HttpRequest, HostMustBePresentOnceAndWellFormed) {
  HttpOptions o;
  auto h = good_post();
  EXPECT_EQ(check_request(h, o).route, Route::Post);
  h.host_count = 0;
  h.host = {};
  expect_refused(check_request(h, o), 400, "HTTP/1.1 without Host");
  h.version = 10;
  EXPECT_EQ(check_request(h, o).route, Route::Post) << "HTTP/1.0 needs no Host";
  h = good_post();
  h.host_count = 2;
  expect_refused(check_request(h, o), 400, "two Host headers");
  for (const char* host : {"", "localhost:x", "localhost:99999", "user@localhost", "localhost/x", "local host", "[::1",
                           "[]", "localhost:1@evil.example"}) {
    h = good_post();
    h.host = host;
    expect_refused(check_request(h, o), 400, std::string("Host ") + host);
  }
  for (const char* host : {"evil.example", "localhost.evil.example:3000", "127.0.0.1.evil.example"}) {
    h = good_post();
    h.host = host;
    expect_refused(check_request(h, o), 403, std::string("Host ") + host);
  }
  for (const char* host : {"localhost", "LOCALHOST:80", "127.0.0.1:3000", "[::1]:3000", "localhost:"}) {
    h = good_post();
    h.host = host;
    EXPECT_EQ(check_request(h, o).route, Route::Post) << host;
  }
  o.allowed_hosts = {"mcp.example"};
  h = good_post();
  h.host = "MCP.example:443";
  EXPECT_EQ(check_request(h, o).route, Route::Post);
}

TEST(HttpRequest, OriginIsParsedAsAnOrigin) {
  HttpOptions o;
  auto with_origin = [](std::string_view origin) {
    auto h = good_post();
    h.origin = origin;
    h.origin_count = 1;
    return h;
  };
  for (const char* origin : {"http://localhost:1@evil.example", "http://evil.example", "http://localhost.evil.example",
                             "http://localhost/path", "localhost", "http://", "://localhost", "null", "",
                             "http://localhost:3000 http://evil.example"}) {
    expect_refused(check_request(with_origin(origin), o), 403, std::string("Origin ") + origin);
  }
  for (const char* origin : {"http://localhost:3000", "https://127.0.0.1", "http://[::1]:8080", "HTTP://LocalHost"}) {
    EXPECT_EQ(check_request(with_origin(origin), o).route, Route::Post) << origin;
  }
  auto twice = with_origin("http://localhost");
  twice.origin_count = 2;
  expect_refused(check_request(twice, o), 403, "two Origin headers");
  o.allow_null_origin = true;
  EXPECT_EQ(check_request(with_origin("null"), o).route, Route::Post);
}

TEST(HttpRequest, ContentTypeIsAMediaType) {
  // Content-Type values, and whether each is application/json.
  const std::pair<const char*, bool> cases[] = {
      {"application/json", true},
      {"Application/JSON; charset=UTF-8", true},
      {"application/json;charset=\"utf-8\"", true},
      {" application/json ; foo=bar;", true},
      {"text/plain;charset=application/json", false},
      {"text/plain; x=\"application/json\"", false},
      {"application/jsonx", false},
      {"application/json-seq", false},
      {"application/json, text/plain", false},
      {"application/json; charset=latin1", false},
      {"application/json; charset", false},
      {"application/json; q=\"x", false},
      {"application/", false},
      {"", false},
  };
  for (const auto& [header, is_json] : cases)
    EXPECT_EQ(media_type_is(header, "application", "json"), is_json) << header;

  HttpOptions o;
  auto h = good_post();
  h.content_type = "text/plain;charset=application/json";
  expect_refused(check_request(h, o), 415, "text/plain with a json charset");
  h = good_post();
  h.content_type_count = 2;
  expect_refused(check_request(h, o), 415, "two Content-Type headers");
}

TEST(HttpRequest, AcceptIsAListOfMediaRanges) {
  EXPECT_TRUE(accepts("application/json, text/event-stream", "text", "event-stream"));
  EXPECT_TRUE(accepts("*/*", "text", "event-stream"));
  EXPECT_TRUE(accepts("text/*", "text", "event-stream"));
  EXPECT_TRUE(accepts("TEXT/Event-Stream;q=0.5", "text", "event-stream"));
  EXPECT_TRUE(accepts("text/event-stream;q=0, */*", "application", "json"));
  EXPECT_FALSE(accepts("text/event-stream;q=0, */*", "text", "event-stream"));
  EXPECT_FALSE(accepts("application/json;q=0", "application", "json"));
  EXPECT_FALSE(accepts("application/json;q=0.000", "application", "json"));
  EXPECT_TRUE(accepts("application/json;q=0.001", "application", "json"));
  EXPECT_FALSE(accepts("application/jsonx", "application", "json"));
  EXPECT_FALSE(accepts("text/html;x=\"application/json, text/event-stream\"", "text", "event-stream"));
  EXPECT_FALSE(accepts("text/html", "text", "event-stream"));
  EXPECT_FALSE(accepts("", "text", "event-stream"));
  EXPECT_TRUE(accepts("bogus, application/json", "application", "json"));
  EXPECT_FALSE(accepts("application/json;q=2", "application", "json"));

  HttpOptions o;
  auto h = good_post();
  h.accept = "text/html, application/jsonx";
  expect_refused(check_request(h, o), 406, "Accept without json or SSE");
  h.method = Method::Get;
  expect_refused(check_request(h, o), 406, "GET without SSE");
  h.accept = "text/event-stream";
  EXPECT_EQ(check_request(h, o).route, Route::Get);
}

TEST(HttpRequest, BearerSchemeIsCaseInsensitiveAndTokensMustMatch) {
  EXPECT_EQ(bearer_token_of("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token_of("bearer abc"), "abc");
  EXPECT_EQ(bearer_token_of("BEARER   abc "), "abc");
  EXPECT_FALSE(bearer_token_of("Bearerabc"));
  EXPECT_FALSE(bearer_token_of("Basic abc"));
  EXPECT_FALSE(bearer_token_of("Bearer "));
  EXPECT_FALSE(bearer_token_of(""));

  HttpOptions o;
  o.bearer_token = "s3cret";
  auto h = good_post();
  for (const char* auth : {"Bearer s3cret", "bearer s3cret", "BeArEr s3cret"}) {
    h.authorization = auth;
    EXPECT_EQ(check_request(h, o).route, Route::Post) << auth;
  }
  for (const char* auth : {"", "Bearer s3cre", "Bearer s3cret2", "Bearer S3CRET", "Basic s3cret", "s3cret"}) {
    h.authorization = auth;
    Verdict v = check_request(h, o);
    expect_refused(v, 401, auth);
    EXPECT_EQ(v.extra_headers, "WWW-Authenticate: Bearer\r\n");
  }
  o.bearer_token.clear();
  o.api_key_header = "X-Api-Key";
  o.api_key = "k3y";
  h.authorization = {};
  h.api_key = "k3y";
  EXPECT_EQ(check_request(h, o).route, Route::Post);
  for (const char* key : {"", "k3", "k3yy", "K3Y"}) {
    h.api_key = key;
    expect_refused(check_request(h, o), 401, key);
  }
}

TEST(HttpRequest, HealthNeedsNoCredentialsButAnAllowedHost) {
  HttpOptions o;
  o.bearer_token = "t";
  RequestHead h;
  h.method = Method::Get;
  h.target = "/health";
  h.host = "127.0.0.1:1";
  h.host_count = 1;
  EXPECT_EQ(check_request(h, o).route, Route::Health);
  h.host = "evil.example";
  expect_refused(check_request(h, o), 403, "health from a foreign Host");
}

TEST(HttpRequest, PostBodyChecks) {
  Json msg;
  EXPECT_EQ(parse_post_body(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", 128, msg).route, Route::Post);
  EXPECT_EQ(msg["method"], "ping");
  expect_refused(parse_post_body("{\"a\":\"\xff\"}", 128, msg), 400, "invalid UTF-8");
  expect_refused(parse_post_body(std::string(200, '[') + std::string(200, ']'), 128, msg), 400, "deep");
  expect_refused(parse_post_body(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", 128, msg), 400, "fractional id");
  expect_refused(parse_post_body(R"({"jsonrpc":"2.0","id":1,"method":7})", 128, msg), 400, "numeric method");
  // Bytes after a raw NUL are not ignored: the body is one JSON text or it is refused.
  using namespace std::string_literals;
  expect_refused(parse_post_body(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"s + '\0' + "garbage", 128, msg), 400,
                 "NUL then garbage");
}

TEST(HttpRequest, EvictionPrefersNeverInitializedThenLeastRecentlyUsedAndNeverBusy) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  auto at = [&](int s) { return t0 + std::chrono::seconds(s); };
  EvictionChoice<int> c;
  c.consider(1, true, false, at(1));
  c.consider(2, false, false, at(5));
  c.consider(3, false, false, at(3));
  c.consider(4, false, true, at(0));
  EXPECT_EQ(c.victim(), 3);
  EvictionChoice<int> initialized;
  initialized.consider(1, true, false, at(4));
  initialized.consider(2, true, false, at(2));
  initialized.consider(3, true, true, at(1));
  EXPECT_EQ(initialized.victim(), 2);
  EvictionChoice<int> busy;
  busy.consider(1, true, true, at(1));
  busy.consider(2, false, true, at(1));
  EXPECT_FALSE(busy.victim());
}

TEST(SecureRandom, HexIdsAreLongUniqueAndUnrelated) {
  std::set<std::string> seen;
  std::array<int, 16> digits{};
  for (int i = 0; i < 2000; ++i) {
    std::string id = secure_random_hex(16);
    ASSERT_EQ(id.size(), 32u);
    for (char c : id) {
      ASSERT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
      ++digits[static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10)];
    }
    EXPECT_TRUE(seen.insert(id).second) << "repeated id " << id;
  }
  // 64,000 digits: each of 16 values near 4,000 (a broken source, e.g. zeros, fails this).
  for (int n : digits) {
    EXPECT_GT(n, 3500);
    EXPECT_LT(n, 4500);
  }
  EXPECT_EQ(secure_random_hex(100).size(), 200u);
}

TEST(SecureRandom, ConstantTimeEqualIsEquality) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_FALSE(constant_time_equal("abcabc", "abc"));  // the secret is cycled, the length still counts
  EXPECT_FALSE(constant_time_equal("", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", ""));
  EXPECT_FALSE(constant_time_equal(std::string("a\0c", 3), "abc"));
}

// --- serve_http over real sockets ------------------------------------------------------------

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int connect_to(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends one request and returns the response's first line ("" after `timeout_ms`).
std::string exchange(int fd, const std::string& request, int timeout_ms) {
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) return "";
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (got.find("\r\n") == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return "";
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got.substr(0, got.find("\r\n"));
}

// Issue 11, item 15: with no descriptor left, accept used to fail at once, forever, and spin a
// core. Now the accept loop backs off, and serves again once descriptors are free.
TEST(HttpServe, AcceptBacksOffWhenDescriptorsRunOut) {
  Server server;
  HttpOptions o;
  o.port = 0;
  std::promise<std::uint16_t> listening;
  o.on_listening = [&](std::uint16_t port) { listening.set_value(port); };
  std::thread serving([&] { serve_http(server, o); });
  std::uint16_t port = listening.get_future().get();

  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  int first_client = connect_to(port);
  ASSERT_GE(first_client, 0);
  EXPECT_EQ(exchange(first_client, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000), "HTTP/1.1 200 OK");
  // No idle connection is left for the server to close to make room: it must wait.
  close(first_client);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Use up every descriptor (a low limit makes that quick), then connect: the server's accept
  // gets EMFILE while the connection waits in the backlog.
  int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(client, 0);
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(client + 64);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> filler;
  for (int fd; (fd = dup(0)) >= 0;) filler.push_back(fd);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);

  double cpu_before = cpu_seconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  double cpu_used = cpu_seconds() - cpu_before;
  EXPECT_LT(cpu_used, 0.5) << "the accept loop spins while descriptors are exhausted";

  for (int fd : filler) close(fd);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_EQ(exchange(client, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000), "HTTP/1.1 200 OK");
  close(client);
  std::raise(SIGTERM);  // serve_http stops on SIGTERM
  serving.join();
}

// serve_http on a free port in a thread; stopped with SIGTERM (what serve_http waits for).
class ServingThread {
 public:
  explicit ServingThread(Server& server) {
    HttpOptions o;
    o.port = 0;
    std::promise<std::uint16_t> listening;
    o.on_listening = [&](std::uint16_t port) { listening.set_value(port); };
    thread_ = std::thread([&server, o] { serve_http(server, o); });
    port_ = listening.get_future().get();
  }
  ~ServingThread() {
    std::raise(SIGTERM);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }

 private:
  std::thread thread_;
  std::uint16_t port_ = 0;
};

struct Response {
  int status = 0;
  std::string head;
  std::string body;
  std::string header(const std::string& name) const {
    std::string lower_head = head;
    for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string key = "\r\n" + name + ": ";
    auto at = lower_head.find(key);
    if (at == std::string::npos) return "";
    at += key.size();
    return head.substr(at, head.find("\r\n", at) - at);
  }
};

// Sends `request` on `fd` and reads the answer: a whole Content-Length body, or for an SSE
// stream its first event. status 0 when nothing came within 5 s.
Response send_request(int fd, const std::string& request) {
  Response r;
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) return r;
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    auto end = got.find("\r\n\r\n");
    if (end != std::string::npos) {
      r.head = got.substr(0, end + 2);
      std::string rest = got.substr(end + 4);
      std::string length = r.header("content-length");
      if (!length.empty() && rest.size() >= std::stoul(length)) {
        r.body = rest.substr(0, std::stoul(length));
        break;
      }
      if (length.empty() && rest.find("\n\n") != std::string::npos) {
        r.body = rest;
        break;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return r;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return r;
    got.append(buf, static_cast<std::size_t>(n));
  }
  r.status = std::stoi(r.head.substr(9, 3));
  return r;
}

std::string post_request(const std::string& body, const std::string& session_id = {}) {
  std::string r =
      "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Accept: application/json, text/event-stream\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n";
  if (!session_id.empty()) r += "Mcp-Session-Id: " + session_id + "\r\n";
  return r + "\r\n" + body;
}

const std::string kInitialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},)"
    R"("clientInfo":{"name":"t","version":"1"}}})";

// Items 6, 17 and 19 of issue 11: a full table evicts an idle session rather than refusing
// the new one; a session with a live GET stream is busy and kept; once its client drops the
// stream, the server notices and the session can make room.
TEST(HttpServe, FullSessionTableEvictsIdleSessionsNeverBusyOnes) {
  ServerOptions so;
  so.max_sessions = 2;
  Server server(so);
  ServingThread serving(server);
  std::vector<std::string> sids;
  std::vector<int> streams;
  for (int i = 0; i < 2; ++i) {
    int fd = connect_to(serving.port());
    Response init = send_request(fd, post_request(kInitialize));
    ASSERT_EQ(init.status, 200) << init.head << init.body;
    sids.push_back(init.header("mcp-session-id"));
    ASSERT_EQ(
        send_request(fd, post_request(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", sids.back())).status,
        202);
    close(fd);
    int stream = connect_to(serving.port());
    Response get = send_request(stream,
                                "GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                                "Mcp-Session-Id: " +
                                    sids.back() + "\r\n\r\n");
    ASSERT_EQ(get.status, 200) << get.head;
    streams.push_back(stream);
  }
  int fd = connect_to(serving.port());
  EXPECT_EQ(send_request(fd, post_request(kInitialize)).status, 503) << "both sessions hold a stream: busy";

  close(streams[0]);  // the first client goes away
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = send_request(fd, post_request(kInitialize)).status;
  }
  EXPECT_EQ(status, 200) << "the dropped stream's session did not make room";
  const std::string ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  EXPECT_EQ(send_request(fd, post_request(ping, sids[0])).status, 404) << "the idle session was evicted";
  EXPECT_EQ(send_request(fd, post_request(ping, sids[1])).status, 200) << "the busy session was kept";
  close(fd);
  close(streams[1]);
}

}  // namespace
}  // namespace mcpc::runtime
