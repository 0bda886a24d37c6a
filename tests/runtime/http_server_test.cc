// mcpc::runtime::http::serve over real sockets: a server on a free port in a thread, driven by
// raw requests, so that what goes on the wire (status lines, lengths, closes) is what is checked.
#include "mcpc/runtime/http_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "mcpc/json.h"

namespace mcpc::runtime::http {
namespace {

using namespace std::chrono_literals;

class Serving {
 public:
  Serving(Handler handler, ServerOptions options) : handler_(std::move(handler)) {
    options.port = 0;
    std::promise<std::uint16_t> listening;
    options.on_listening = [&listening](std::uint16_t port) { listening.set_value(port); };
    thread_ = std::thread([this, options] { exit_code_ = serve(handler_, options); });
    port_ = listening.get_future().get();
  }
  ~Serving() { stop(); }
  /// Asks the server to stop and waits for serve() to return; its exit code.
  int stop() {
    if (thread_.joinable()) {
      request_stop();
      thread_.join();
    }
    return exit_code_;
  }
  std::uint16_t port() const { return port_; }

 private:
  Handler handler_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  int exit_code_ = -1;
};

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

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

struct Reply {
  int status = 0;  // 0: no complete response within the deadline
  std::string head;
  std::string body;
  std::string header(std::string name) const {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = lower.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    at += name.size() + 4;
    return head.substr(at, head.find("\r\n", at) - at);
  }
};

// Bytes a connection received and not yet consumed, per descriptor (pipelined answers).
thread_local std::map<int, std::string> pending;

// Reads one response (head, and a Content-Length body unless `head_only`).
Reply read_reply(int fd, bool head_only = false, std::chrono::milliseconds timeout = 5s) {
  Reply r;
  std::string& got = pending[fd];
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto end = got.find("\r\n\r\n");
    if (end != std::string::npos) {
      r.head = got.substr(0, end + 2);
      std::string length = r.header("content-length");
      std::size_t want = head_only || length.empty() ? 0 : std::stoul(length);
      if (got.size() >= end + 4 + want) {
        r.body = got.substr(end + 4, want);
        got.erase(0, end + 4 + want);
        r.status = std::stoi(r.head.substr(9, 3));
        return r;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return r;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return r;
    got.append(buf, static_cast<std::size_t>(n));
  }
}

// True when the server closed the connection (EOF or reset) within `timeout`, after any bytes.
bool closed_by_server(int fd, std::chrono::milliseconds timeout = 3s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

Reply round_trip(int fd, const std::string& request, bool head_only = false) {
  if (!send_all(fd, request)) return {};
  return read_reply(fd, head_only);
}

std::string get(const std::string& target, const std::string& extra = {}) {
  return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

std::string post(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Answers with what it received, as JSON.
Response echo(const Request& req) {
  Response r;
  Json j{{"method", req.method},       {"target", req.target},         {"body", req.body},
         {"head_only", req.head_only}, {"remote", req.remote_address}, {"x_test", std::string(req.header("X-TEST"))}};
  r.body = j.dump();
  r.headers = {{"X-Extra", "yes"}, {"Bad\r\nName", "x"}, {"X-Split", "a\r\nInjected: 1"}, {"Content-Length", "1"}};
  return r;
}

Json body_json(const Reply& r) { return Json::parse(r.body, nullptr, false); }

TEST(HttpServer, AnswersWithTheHandlersResponseAndDropsUnsafeHeaders) {
  Serving s(echo, {});
  int fd = connect_to(s.port());
  Reply r = round_trip(fd, get("/a/b%2Fc?q=1&r=%20", "X-Test: hello\r\n"));
  ASSERT_EQ(r.status, 200) << r.head;
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-extra"), "yes");
  EXPECT_EQ(r.header("injected"), "");
  EXPECT_EQ(r.header("x-split"), "");
  EXPECT_EQ(r.header("connection"), "keep-alive");
  Json j = body_json(r);
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["target"], "/a/b%2Fc?q=1&r=%20");
  EXPECT_EQ(j["x_test"], "hello");
  EXPECT_EQ(j["remote"].get<std::string>().rfind("127.0.0.1:", 0), 0u) << j.dump();

  r = round_trip(fd, post("/p", R"({"k":1})"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(body_json(r)["body"], R"({"k":1})");
  close(fd);
  EXPECT_EQ(s.stop(), 0);
}

TEST(HttpServer, KeepAliveServesSeveralRequestsOnOneConnectionAlsoPipelined) {
  Serving s(echo, {});
  int fd = connect_to(s.port());
  std::string remote;
  for (int i = 0; i < 3; ++i) {
    Reply r = round_trip(fd, get("/n" + std::to_string(i)));
    ASSERT_EQ(r.status, 200) << i;
    Json j = body_json(r);
    EXPECT_EQ(j["target"], "/n" + std::to_string(i));
    if (i == 0) remote = j["remote"];
    EXPECT_EQ(j["remote"], remote) << "a new connection was used";
  }
  ASSERT_TRUE(send_all(fd, get("/p1") + post("/p2", "xy") + get("/p3", "Connection: close\r\n")));
  EXPECT_EQ(body_json(read_reply(fd))["target"], "/p1");
  EXPECT_EQ(body_json(read_reply(fd))["body"], "xy");
  Reply last = read_reply(fd);
  EXPECT_EQ(body_json(last)["target"], "/p3");
  EXPECT_EQ(last.header("connection"), "close");
  EXPECT_TRUE(closed_by_server(fd));
  close(fd);
}

TEST(HttpServer, HeadIsAnsweredLikeGetWithoutTheBody) {
  Serving s(echo, {});
  int fd = connect_to(s.port());
  Reply g = round_trip(fd, get("/h"));
  ASSERT_EQ(g.status, 200);
  Reply h = round_trip(fd, "HEAD /h HTTP/1.1\r\nHost: localhost\r\n\r\n", /*head_only=*/true);
  ASSERT_EQ(h.status, 200) << h.head;
  // The length of the body GET would get ("head_only":true is one byte shorter than false).
  EXPECT_EQ(std::stoul(h.header("content-length")), g.body.size() - 1);
  // No body bytes followed: the next answer on the connection starts with its status line.
  Reply next = round_trip(fd, get("/after"));
  EXPECT_EQ(next.status, 200) << next.head;
  EXPECT_EQ(body_json(next)["target"], "/after");
  close(fd);
}

TEST(HttpServer, BodyOverTheLimitGets413WithContentLengthOrChunked) {
  ServerOptions o;
  o.max_body_bytes = 100;
  std::atomic<int> calls{0};
  Serving s(
      [&](const Request& r) {
        ++calls;
        return echo(r);
      },
      o);
  int fd = connect_to(s.port());
  EXPECT_EQ(round_trip(fd, post("/ok", std::string(100, 'a'))).status, 200);
  Reply r = round_trip(fd, post("/big", std::string(101, 'a')));
  ASSERT_EQ(r.status, 413) << r.head;
  EXPECT_EQ(body_json(r)["code"], "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(r.header("connection"), "close");
  close(fd);

  // Chunked: the limit holds however the body arrives (the server never buffers past it).
  fd = connect_to(s.port());
  std::string chunked = "POST /big HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "a\r\n0123456789\r\n";
  chunked += "0\r\n\r\n";
  r = round_trip(fd, chunked);
  EXPECT_EQ(r.status, 413) << r.head;
  close(fd);
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServer, HeadersOverTheLimitGet431) {
  ServerOptions o;
  o.max_header_bytes = 1024;
  Serving s(echo, o);
  int fd = connect_to(s.port());
  Reply r = round_trip(fd, get("/", "X-Big: " + std::string(4000, 'h') + "\r\n"));
  ASSERT_EQ(r.status, 431) << r.head;
  EXPECT_EQ(body_json(r)["code"], "HEADERS_TOO_LARGE");
  close(fd);
}

TEST(HttpServer, MalformedRequestsGet400) {
  Serving s(echo, {});
  for (std::string bad : {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"),
                          std::string("GET / HTTP/9.9\r\n\r\n"), std::string("\x01\x02\xff\r\n\r\n"),
                          std::string("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab")}) {
    int fd = connect_to(s.port());
    Reply r = round_trip(fd, bad);
    EXPECT_EQ(r.status, 400) << bad << "\n" << r.head;
    Json j = body_json(r);
    EXPECT_EQ(j["code"], "BAD_REQUEST") << r.body;
    EXPECT_TRUE(closed_by_server(fd)) << bad;
    close(fd);
  }
}

TEST(HttpServer, HandlerThatThrowsGets500WithoutTheExceptionText) {
  Serving s(
      [](const Request& r) -> Response {
        if (r.target == "/int") throw 42;
        throw std::runtime_error("password=hunter2");
      },
      {});
  int fd = connect_to(s.port());
  for (const char* target : {"/throw", "/int"}) {
    Reply r = round_trip(fd, get(target));
    ASSERT_EQ(r.status, 500) << r.head;
    EXPECT_EQ(body_json(r)["code"], "INTERNAL_ERROR");
    EXPECT_EQ(r.body.find("hunter2"), std::string::npos) << r.body;
  }
  close(fd);
}

TEST(HttpServer, IdleConnectionsTimeOut) {
  ServerOptions o;
  o.read_timeout = 1s;
  Serving s(echo, o);
  int fd = connect_to(s.port());
  ASSERT_TRUE(send_all(fd, "GET / HTTP/1.1\r\nHost: loc"));  // never finished
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(closed_by_server(fd, 3s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
  close(fd);
}

// Lets a test hold handlers inside their call until it releases them.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int inside = 0;
  void wait_inside(int n) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, 5s, [&] { return inside >= n; });
  }
  void pass() {
    std::unique_lock lock(mu);
    ++inside;
    cv.notify_all();
    cv.wait_for(lock, 10s, [&] { return open; });
  }
  void release() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
};

TEST(HttpServer, GracefulStopLetsTheRequestInFlightFinish) {
  Gate gate;
  std::atomic<bool> shutdown_called{false};
  ServerOptions o;
  o.on_shutdown = [&] { shutdown_called = true; };
  o.shutdown_grace = 5s;
  auto s = std::make_unique<Serving>(
      [&](const Request& r) {
        if (r.target == "/slow") gate.pass();
        return echo(r);
      },
      o);
  std::uint16_t port = s->port();
  int idle = connect_to(port);
  ASSERT_EQ(round_trip(idle, get("/warm")).status, 200);
  int busy = connect_to(port);
  ASSERT_TRUE(send_all(busy, get("/slow")));
  gate.wait_inside(1);

  std::thread stopper([&] { s->stop(); });
  EXPECT_TRUE(closed_by_server(idle)) << "an idle keep-alive connection stays open during shutdown";
  EXPECT_TRUE(shutdown_called.load());
  EXPECT_EQ(connect_to(port), -1) << "still accepting after the shutdown began";
  std::this_thread::sleep_for(200ms);
  gate.release();
  Reply r = read_reply(busy);
  EXPECT_EQ(r.status, 200) << "the request in flight did not finish";
  EXPECT_EQ(r.header("connection"), "close");
  stopper.join();
  EXPECT_EQ(s->stop(), 0);
  close(idle);
  close(busy);
}

TEST(HttpServer, GraceOverClosesConnectionsAndServeReturnsOnceHandlersReturn) {
  Gate gate;
  ServerOptions o;
  o.shutdown_grace = 1s;
  auto s = std::make_unique<Serving>(
      [&](const Request& r) {
        gate.pass();
        return echo(r);
      },
      o);
  int busy = connect_to(s->port());
  ASSERT_TRUE(send_all(busy, get("/stuck")));
  gate.wait_inside(1);
  auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { s->stop(); });
  EXPECT_TRUE(closed_by_server(busy, 3s));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2500ms);
  gate.release();
  stopper.join();
  close(busy);
}

TEST(HttpServer, SigtermStartsTheGracefulShutdown) {
  std::promise<void> shutdown;
  ServerOptions o;
  o.port = 0;
  std::promise<std::uint16_t> listening;
  o.on_listening = [&](std::uint16_t port) { listening.set_value(port); };
  o.on_shutdown = [&] { shutdown.set_value(); };
  int code = -1;
  std::thread t([&] { code = serve(echo, o); });
  listening.get_future().wait();
  std::raise(SIGTERM);
  EXPECT_EQ(shutdown.get_future().wait_for(5s), std::future_status::ready);
  t.join();
  EXPECT_EQ(code, 0);
}

TEST(HttpServer, AtTheConnectionCapTheLongestIdleMakesRoomAndBusyOnesAreKept) {
  Gate gate;
  ServerOptions o;
  o.max_connections = 2;
  Serving s(
      [&](const Request& r) {
        if (r.target == "/slow") gate.pass();
        return echo(r);
      },
      o);
  int a = connect_to(s.port());
  ASSERT_EQ(round_trip(a, get("/a")).status, 200);
  std::this_thread::sleep_for(20ms);
  int b = connect_to(s.port());
  ASSERT_EQ(round_trip(b, get("/b")).status, 200);
  int c = connect_to(s.port());
  EXPECT_EQ(round_trip(c, get("/c")).status, 200);
  EXPECT_TRUE(closed_by_server(a)) << "the longest idle connection was not closed to make room";
  EXPECT_EQ(round_trip(b, get("/b2")).status, 200);

  // b and c both busy: a third connection is refused (closed unanswered).
  ASSERT_TRUE(send_all(b, get("/slow")));
  ASSERT_TRUE(send_all(c, get("/slow")));
  gate.wait_inside(2);
  int d = connect_to(s.port());
  ASSERT_GE(d, 0);
  send_all(d, get("/d"));
  EXPECT_TRUE(closed_by_server(d));
  gate.release();
  EXPECT_EQ(read_reply(b).status, 200);
  EXPECT_EQ(read_reply(c).status, 200);
  for (int fd : {a, b, c, d}) close(fd);
}

TEST(HttpServer, EveryResponseReachesTheAccessHookRefusalsIncluded) {
  struct Seen {
    std::string method, target, remote;
    int status;
    std::size_t bytes;
  };
  std::mutex mu;
  std::vector<Seen> seen;
  ServerOptions o;
  o.max_body_bytes = 10;
  o.on_response = [&](const AccessRecord& r) {
    std::lock_guard lock(mu);
    seen.push_back(
        {std::string(r.method), std::string(r.target), std::string(r.remote_address), r.status, r.body_bytes});
    if (r.target == "/throwing-hook") throw std::runtime_error("the hook failed");
  };
  Serving s(echo, o);
  int fd = connect_to(s.port());
  Reply g = round_trip(fd, get("/a?b=1"));
  ASSERT_EQ(g.status, 200);
  ASSERT_EQ(round_trip(fd, "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n", true).status, 200);
  ASSERT_EQ(round_trip(fd, get("/throwing-hook")).status, 200) << "a hook that throws must not cost the response";
  ASSERT_EQ(round_trip(fd, post("/big", std::string(11, 'x'))).status, 413);
  close(fd);
  fd = connect_to(s.port());
  ASSERT_EQ(round_trip(fd, "NOT HTTP\r\n\r\n").status, 400);
  close(fd);
  s.stop();
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/a?b=1");
  EXPECT_EQ(seen[0].status, 200);
  EXPECT_EQ(seen[0].bytes, g.body.size());
  EXPECT_EQ(seen[0].remote.rfind("127.0.0.1:", 0), 0u);
  EXPECT_EQ(seen[1].method, "HEAD");
  EXPECT_EQ(seen[1].bytes, 0u);
  EXPECT_EQ(seen[3].method, "POST");
  EXPECT_EQ(seen[3].target, "/big");
  EXPECT_EQ(seen[3].status, 413);
  EXPECT_EQ(seen[4].status, 400);
  EXPECT_EQ(seen[4].method, "");
}

TEST(HttpServer, CannotListenOnABadHost) {
  ServerOptions o;
  o.host = "not an address";
  EXPECT_EQ(serve(echo, o), 2);
}

}  // namespace
}  // namespace mcpc::runtime::http
