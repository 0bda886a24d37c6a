// The MCP health probe (mcpc/probe/mcp_probe.h) against real servers started here: the
// runtime's own Streamable HTTP server (healthy), a closed port (down), local TCP servers that
// answer garbage or never answer, and malformed URLs.
#include "mcpc/probe/mcp_probe.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <functional>
#include <mutex>
#include <future>
#include <thread>

#include "mcpc/runtime/http_transport.h"
#include "mcpc/runtime/server.h"

namespace mcpc::probe {
namespace {

using namespace std::chrono_literals;

std::string url_of(std::uint16_t port, const std::string& path = "/mcp") {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

// serve_http with a small server on a free port; stopped with SIGTERM, what it waits for.
class McpServing {
 public:
  explicit McpServing(std::size_t tools) {
    runtime::ServerOptions so;
    so.name = "probe-target";
    so.version = "1.2.3";
    server_ = std::make_unique<runtime::Server>(so);
    for (std::size_t i = 0; i < tools; ++i) {
      runtime::Tool tool;
      tool.name = "tool" + std::to_string(i);
      tool.description = "a tool";
      tool.handler = [](const runtime::Json&, runtime::Context&) { return runtime::ToolResult::text("ok"); };
      server_->add_tool(std::move(tool));
    }
    runtime::HttpOptions o;
    o.port = 0;
    std::promise<std::uint16_t> listening;
    o.on_listening = [&](std::uint16_t port) { listening.set_value(port); };
    thread_ = std::thread([this, o] { runtime::serve_http(*server_, o); });
    port_ = listening.get_future().get();
  }
  ~McpServing() {
    std::raise(SIGTERM);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }

 private:
  std::unique_ptr<runtime::Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

// A TCP server on a free port whose connections `serve` handles, one thread per connection.
class RawServer {
 public:
  explicit RawServer(std::function<void(int fd)> serve) : serve_(std::move(serve)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(listen(listen_fd_, 16), 0);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) continue;
        connections_.emplace_back([this, fd] {
          serve_(fd);
          close(fd);
        });
      }
    });
  }
  ~RawServer() {
    stop_ = true;
    thread_.join();
    for (auto& t : connections_) t.join();
    close(listen_fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  std::function<void(int)> serve_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> connections_;
};

// Reads one request: its head and a Content-Length body, at most 2 s.
std::string read_request(int fd) {
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto end = got.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      auto at = got.find("Content-Length: ");
      if (at != std::string::npos && at < end) length = std::stoul(got.substr(at + 16));
      if (got.size() >= end + 4 + length) return got;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

std::string http_200(const std::string& content_type, const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

void send_text(int fd, const std::string& text) { (void)send(fd, text.data(), text.size(), MSG_NOSIGNAL); }

void expect_unhealthy(const ProbeResult& r, const std::string& why) {
  EXPECT_FALSE(r.healthy) << why;
  EXPECT_FALSE(r.error.empty()) << why;
  EXPECT_LE(r.error.size(), 300u) << why;
  for (char c : r.error) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << why << ": " << r.error;
}

TEST(Probe, AHealthyServerCompletesTheHandshake) {
  McpServing serving(3);
  ProbeResult r = probe_mcp_endpoint(url_of(serving.port()), 5000ms);
  EXPECT_TRUE(r.healthy) << r.error;
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.server_name, "probe-target");
  EXPECT_EQ(r.server_version, "1.2.3");
  EXPECT_EQ(r.protocol_version, "2025-11-25");
  EXPECT_EQ(r.tools_count, 3u);
  EXPECT_GE(r.response_time_ms, 0);
  EXPECT_LT(r.response_time_ms, 5000);

  // By name as well as by address; and a wrong path is a 404, not healthy.
  ProbeResult by_name = probe_mcp_endpoint("http://localhost:" + std::to_string(serving.port()) + "/mcp", 5000ms);
  EXPECT_TRUE(by_name.healthy) << by_name.error;
  ProbeResult wrong_path = probe_mcp_endpoint(url_of(serving.port(), "/other"), 5000ms);
  expect_unhealthy(wrong_path, "wrong path");
  EXPECT_EQ(wrong_path.http_status, 404);
}

std::string chunk(const std::string& data) {
  char length[20];
  std::snprintf(length, sizeof length, "%zx\r\n", data.size());
  return length + data + "\r\n";
}

// A scripted MCP server: initialize answered on an event stream that stays open (a comment
// and a notification first), ping on an event stream with the JSON split over two data lines
// and CRLF line ends, tools/list in two pages; every request recorded.
TEST(Probe, EventStreamAnswersSessionIdsPagesAndTheFinalDelete) {
  std::mutex mu;
  std::vector<std::string> requests;
  RawServer server([&](int fd) {
    std::string req = read_request(fd);
    {
      std::lock_guard lock(mu);
      requests.push_back(req);
    }
    if (req.find("\"initialize\"") != std::string::npos) {
      send_text(
          fd,
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nMcp-Session-Id: sess-42\r\n"
          "Transfer-Encoding: chunked\r\n\r\n" +
              chunk(": a comment\n\nid: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                    "\"params\":{\"level\":\"info\",\"data\":\"hi\"}}\n\n") +
              chunk("data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\","
                    "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"scripted\",\"version\":\"9\"}}}\n\n"));
      // The stream stays open: the probe must stop reading once it has the response.
      pollfd p{fd, POLLIN, 0};
      poll(&p, 1, 3000);
    } else if (req.find("notifications/initialized") != std::string::npos) {
      send_text(fd, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
    } else if (req.find("\"ping\"") != std::string::npos) {
      send_text(fd,
                http_200("text/event-stream", "data: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":2,\"result\":{}}\r\n\r\n"));
    } else if (req.find("\"cursor\":\"page2\"") != std::string::npos) {
      send_text(fd, http_200("application/json", R"({"jsonrpc":"2.0","id":4,"result":{"tools":[{"name":"c"}]}})"));
    } else if (req.find("tools/list") != std::string::npos) {
      send_text(
          fd,
          http_200("application/json",
                   R"({"jsonrpc":"2.0","id":3,"result":{"tools":[{"name":"a"},{"name":"b"}],"nextCursor":"page2"}})"));
    } else if (req.rfind("DELETE ", 0) == 0) {
      send_text(fd, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    }
  });
  auto start = std::chrono::steady_clock::now();
  ProbeResult r = probe_mcp_endpoint(url_of(server.port(), "/mcp?x=1"), 5000ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << "the probe waited for the open stream to end";
  EXPECT_TRUE(r.healthy) << r.error;
  EXPECT_EQ(r.server_name, "scripted");
  EXPECT_EQ(r.server_version, "9");
  EXPECT_EQ(r.protocol_version, "2025-06-18");
  EXPECT_EQ(r.tools_count, 3u);
  std::lock_guard lock(mu);
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[0].rfind("POST /mcp?x=1 HTTP/1.1\r\n", 0), 0u) << requests[0];
  EXPECT_EQ(requests[0].find("Mcp-Session-Id"), std::string::npos);
  for (std::size_t i = 1; i < requests.size(); ++i) {
    EXPECT_NE(requests[i].find("Mcp-Session-Id: sess-42\r\n"), std::string::npos) << requests[i];
    EXPECT_NE(requests[i].find("MCP-Protocol-Version: 2025-06-18\r\n"), std::string::npos) << requests[i];
  }
  EXPECT_EQ(requests.back().rfind("DELETE /mcp?x=1 HTTP/1.1\r\n", 0), 0u) << requests.back();
}

TEST(Probe, AServerWithoutToolsIsHealthyWithNoTools) {
  McpServing serving(0);
  ProbeResult r = probe_mcp_endpoint(url_of(serving.port()), 5000ms);
  EXPECT_TRUE(r.healthy) << r.error;
  EXPECT_EQ(r.tools_count, 0u);
}

TEST(Probe, AClosedPortIsDown) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);  // bound, never listening: connections are refused
  auto start = std::chrono::steady_clock::now();
  ProbeResult r = probe_mcp_endpoint(url_of(ntohs(a.sin_port)), 5000ms);
  expect_unhealthy(r, "closed port");
  EXPECT_EQ(r.http_status, 0);
  EXPECT_NE(r.error.find("cannot connect"), std::string::npos) << r.error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(Probe, GarbageAnswersAreUnhealthy) {
  struct Case {
    const char* what;
    std::string answer;
    int status;
  };
  std::vector<Case> cases = {
      {"non-HTTP bytes", std::string("\x00\xff garbage \x01\x02\r\n\r\n", 17), 0},
      {"200 with a body that is not JSON", http_200("application/json", "not json!"), 200},
      {"200 with JSON that is no InitializeResult",
       http_200("application/json", R"({"jsonrpc":"2.0","id":1,"result":{}})"), 200},
      {"200 with a JSON-RPC error",
       http_200("application/json", R"({"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"no"}})"), 200},
      {"200 with HTML", http_200("text/html", "<html>"), 200},
      {"500", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", 500},
      {"a body announced beyond the bound",
       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{", 200},
      {"an SSE stream that ends without the response",
       http_200("text/event-stream", "data: {\"jsonrpc\":\"2.0\"}\n\ndata: not json\n\n"), 200},
  };
  for (const Case& c : cases) {
    RawServer server([&](int fd) {
      read_request(fd);
      send_text(fd, c.answer);
    });
    ProbeResult r = probe_mcp_endpoint(url_of(server.port()), 3000ms);
    expect_unhealthy(r, c.what);
    EXPECT_EQ(r.http_status, c.status) << c.what << ": " << r.error;
    EXPECT_LT(r.response_time_ms, 2000) << c.what << ": " << r.error;
  }
}

TEST(Probe, AnEndlessEventStreamIsBoundedBySize) {
  RawServer server([](int fd) {
    read_request(fd);
    send_text(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n");
    std::string event = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n";
    std::string block;
    for (int i = 0; i < 1000; ++i) block += event;
    for (int i = 0; i < 200; ++i) {  // ~12 MB if nobody stops reading
      if (send(fd, block.data(), block.size(), MSG_NOSIGNAL) <= 0) return;
    }
  });
  ProbeResult r = probe_mcp_endpoint(url_of(server.port()), 5000ms);
  expect_unhealthy(r, "endless stream");
  EXPECT_NE(r.error.find("exceeds"), std::string::npos) << r.error;
}

TEST(Probe, AServerThatNeverAnswersCostsTheTimeout) {
  std::atomic<bool> done{false};
  RawServer server([&](int fd) {
    read_request(fd);
    while (!done) std::this_thread::sleep_for(10ms);  // holds the connection, says nothing
  });
  auto start = std::chrono::steady_clock::now();
  ProbeResult r = probe_mcp_endpoint(url_of(server.port()), 1000ms);
  auto took = std::chrono::steady_clock::now() - start;
  done = true;
  expect_unhealthy(r, "silent server");
  EXPECT_NE(r.error.find("timed out"), std::string::npos) << r.error;
  EXPECT_GE(took, 950ms);
  EXPECT_LT(took, 1500ms);
}

TEST(Probe, MalformedOrRefusedUrlsFailAtOnceWithoutEchoingThem) {
  for (std::string url : {std::string(""),
                          std::string("ftp://127.0.0.1/mcp"),
                          std::string("127.0.0.1:80/mcp"),
                          std::string("http://"),
                          std::string("http:///mcp"),
                          std::string("http://user:secret@127.0.0.1/mcp"),
                          std::string("http://127.0.0.1:0/mcp"),
                          std::string("http://127.0.0.1:65536/mcp"),
                          std::string("http://127.0.0.1:abc/mcp"),
                          std::string("http://127.0.0.1:/mcp"),
                          std::string("http://[::1/mcp"),
                          std::string("http://[zz::1]/mcp"),
                          std::string("http://exa mple.com/mcp"),
                          std::string("http://ex\x01.com/"),
                          std::string("http://h\xc3\xa9.example/"),
                          std::string("http://a..b/"),
                          std::string("http://-a/"),
                          std::string("http://127.0.0.1/mcp\r\nX-Injected: 1"),
                          "http://" + std::string(300, 'a') + "/",
                          "http://127.0.0.1/" + std::string(5000, 'p')}) {
    auto start = std::chrono::steady_clock::now();
    ProbeResult r = probe_mcp_endpoint(url, 5000ms);
    expect_unhealthy(r, url);
    EXPECT_EQ(r.http_status, 0) << url;
    EXPECT_EQ(r.error.find("secret"), std::string::npos) << r.error;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms) << url;
  }
  ProbeResult https = probe_mcp_endpoint("https://127.0.0.1/mcp", 5000ms);
  EXPECT_NE(https.error.find("https"), std::string::npos) << https.error;
}

}  // namespace
}  // namespace mcpc::probe
