// The stdio transport over real pipes: framing, oversized lines, CRLF, EOF.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <thread>

#include "mcpc/runtime/server.h"
#include "mcpc/runtime/stdio_transport.h"

namespace mcpc::runtime {
namespace {

class StdioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe(to_server_), 0);
    ASSERT_EQ(pipe(from_server_), 0);
    ServerOptions o;
    o.max_message_bytes = 4096;
    server_ = std::make_unique<Server>(o);
    Tool echo;
    echo.name = "echo";
    echo.description = "d";
    echo.handler = [](const Json& a, Context&) { return ToolResult::text(a.value("text", "")); };
    server_->add_tool(echo);
    thread_ = std::thread([this] { exit_code_ = serve_stdio(*server_, {to_server_[0], from_server_[1]}); });
  }
  void TearDown() override {
    if (to_server_[1] >= 0) close(to_server_[1]);
    thread_.join();
    close(to_server_[0]);
    close(from_server_[0]);
    close(from_server_[1]);
  }
  void write_raw(const std::string& s) { ASSERT_EQ(write(to_server_[1], s.data(), s.size()), static_cast<ssize_t>(s.size())); }
  // Reads one line, or "" after a timeout.
  std::string read_line(int timeout_ms = 5000) {
    std::string line;
    while (true) {
      auto nl = pending_.find('\n');
      if (nl != std::string::npos) {
        line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        return line;
      }
      pollfd p{from_server_[0], POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) return "";
      char buf[65536];
      ssize_t n = read(from_server_[0], buf, sizeof buf);
      if (n <= 0) return "";
      pending_.append(buf, static_cast<std::size_t>(n));
    }
  }
  int to_server_[2] = {-1, -1};
  int from_server_[2] = {-1, -1};
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int exit_code_ = -1;
  std::string pending_;
};

TEST_F(StdioTest, OneCompactMessagePerLine) {
  write_raw(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})" "\r\n\n");
  Json init = Json::parse(read_line());
  EXPECT_EQ(init["id"], 1);
  write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})" "\n");
  write_raw(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a\nb"}}})" "\n");
  std::string line = read_line();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(Json::parse(line)["result"]["content"][0]["text"], "a\nb");
}

TEST_F(StdioTest, OversizedLineIsRefusedAndServingContinues) {
  write_raw(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})" "\n");
  read_line();
  // 10,000 bytes in several writes, over the 4,096-byte limit.
  std::string big = R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":")" + std::string(10000, 'x') + "\"}}\n";
  write_raw(big.substr(0, 3000));
  write_raw(big.substr(3000));
  Json refused = Json::parse(read_line());
  EXPECT_EQ(refused["error"]["code"], kInvalidRequest);
  write_raw(R"({"jsonrpc":"2.0","id":3,"method":"ping"})" "\n");
  EXPECT_EQ(Json::parse(read_line())["id"], 3);
}

TEST_F(StdioTest, ExitsCleanlyOnEndOfInput) {
  write_raw("not json\n");
  EXPECT_EQ(Json::parse(read_line())["error"]["code"], kParseError);
  close(to_server_[1]);
  to_server_[1] = -1;
  thread_.join();
  thread_ = std::thread([] {});
  EXPECT_EQ(exit_code_, 0);
}

}  // namespace
}  // namespace mcpc::runtime
