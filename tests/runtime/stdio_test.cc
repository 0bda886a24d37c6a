// The stdio transport over real pipes: framing, oversized lines, CRLF, EOF, backpressure.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "mcpc/runtime/server.h"
#include "mcpc/runtime/stdio_transport.h"

namespace mcpc::runtime {
namespace {

class StdioTest : public ::testing::Test {
 protected:
  // Tests change the server before it starts serving.
  virtual void configure(ServerOptions&) {}
  virtual void add_tools(Server&) {}
  void SetUp() override {
    ASSERT_EQ(pipe(to_server_), 0);
    ASSERT_EQ(pipe(from_server_), 0);
    ServerOptions o;
    o.max_message_bytes = 4096;
    configure(o);
    server_ = std::make_unique<Server>(o);
    add_tools(*server_);
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
  void write_raw(const std::string& s) {
    ASSERT_EQ(write(to_server_[1], s.data(), s.size()), static_cast<ssize_t>(s.size()));
  }
  // Reads one line, or "" after a timeout.
  std::string read_line(int timeout_ms = 5000) {
    std::string line;
    while (true) {
      auto nl = pending_.find('\n', pos_);
      if (nl != std::string::npos) {
        line = pending_.substr(pos_, nl - pos_);
        pos_ = nl + 1;
        return line;
      }
      pending_.erase(0, pos_);
      pos_ = 0;
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
  std::size_t pos_ = 0;  // where the next line of pending_ starts
};

TEST_F(StdioTest, OneCompactMessagePerLine) {
  write_raw(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})"
      "\r\n\n");
  Json init = Json::parse(read_line());
  EXPECT_EQ(init["id"], 1);
  write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
            "\n");
  write_raw(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a\nb"}}})"
            "\n");
  std::string line = read_line();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(Json::parse(line)["result"]["content"][0]["text"], "a\nb");
}

TEST_F(StdioTest, OversizedLineIsRefusedAndServingContinues) {
  write_raw(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})"
      "\n");
  read_line();
  // 10,000 bytes in several writes, over the 4,096-byte limit.
  std::string big = R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":")" + std::string(10000, 'x') + "\"}}\n";
  write_raw(big.substr(0, 3000));
  write_raw(big.substr(3000));
  Json refused = Json::parse(read_line());
  EXPECT_EQ(refused["error"]["code"], kInvalidRequest);
  write_raw(R"({"jsonrpc":"2.0","id":3,"method":"ping"})"
            "\n");
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

namespace mcpc::runtime {
namespace {

// A client that stops reading stdout while it keeps writing requests: the server must stop
// reading stdin once its unwritten answers pass max_pending_output_bytes, instead of piling
// them up, and deliver every answer in order once the client reads again.
class StdioBackpressureTest : public StdioTest {
 protected:
  static constexpr std::size_t kBig = 1 << 20;
  void configure(ServerOptions& o) override { o.max_pending_output_bytes = 64 << 10; }
  void add_tools(Server& s) override {
    Tool big;  // answered by a worker thread, which then blocks writing to the full pipe
    big.name = "big";
    big.description = "d";
    big.handler = [](const Json&, Context&) { return ToolResult::text(std::string(kBig, 'b')); };
    s.add_tool(big);
    Tool thrower;
    thrower.name = "throws";
    thrower.description = "d";
    thrower.runs_inline = true;
    thrower.handler = [](const Json&, Context&) -> ToolResult { throw 42; };
    s.add_tool(thrower);
  }
};

TEST_F(StdioBackpressureTest, StopsReadingWhileTheClientDoesNotReadAndLosesNothing) {
  write_raw(
      R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})"
      "\n");
  ASSERT_EQ(Json::parse(read_line())["id"], "init");
  write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
            "\n"
            R"({"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"big"}})"
            "\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the worker is now stuck in write()
  constexpr int kPings = 100000;                                // about 4 MB of requests and as much of answers
  std::string flood;
  for (int i = 1; i <= kPings; ++i)
    flood += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
             R"(,"method":"ping"})"
             "\n";
  std::atomic<std::size_t> written{0};
  std::atomic<bool> done{false};
  std::thread feeder([&] {
    std::size_t off = 0;
    while (off < flood.size()) {
      ssize_t n = write(to_server_[1], flood.data() + off, std::min<std::size_t>(flood.size() - off, 4096));
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
      written = off;
    }
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // Without backpressure the server would have taken every request by now (and buffered every
  // answer); with it, it read about the limit's worth plus what the pipes hold.
  EXPECT_FALSE(done.load()) << "the server read all " << written.load() << " bytes while its output was not read";
  EXPECT_LT(written.load(), flood.size() / 4);
  // Now read: the big answer first, then every ping in order.
  Json big = Json::parse(read_line());
  EXPECT_EQ(big["id"], "big");
  EXPECT_EQ(big["result"]["content"][0]["text"].get<std::string>().size(), kBig);
  int expected = 1;
  for (; expected <= kPings; ++expected) {
    std::string line = read_line();
    if (line.empty()) break;
    Json ping = Json::parse(line);
    if (ping["id"] != expected) break;
  }
  EXPECT_EQ(expected, kPings + 1) << "answers stopped or went out of order at ping " << expected;
  feeder.join();
  EXPECT_EQ(written.load(), flood.size());
}

TEST_F(StdioBackpressureTest, AHandlerThrowingANonExceptionIsAnsweredAndServingGoesOn) {
  write_raw(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})"
      "\n");
  read_line();
  write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
            "\n"
            R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"throws"}})"
            "\n");
  EXPECT_EQ(Json::parse(read_line())["error"]["code"], kInternalError);
  write_raw(R"({"jsonrpc":"2.0","id":3,"method":"ping"})"
            "\n");
  EXPECT_EQ(Json::parse(read_line())["id"], 3);
}

}  // namespace
}  // namespace mcpc::runtime
