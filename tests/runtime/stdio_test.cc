// The stdio transport over real pipes: framing, oversized lines, CRLF, EOF, backpressure.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <limits.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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
  virtual int output_pipe_flags() { return 0; }
  void SetUp() override {
    ASSERT_EQ(pipe(to_server_), 0);
    ASSERT_EQ(pipe2(from_server_, output_pipe_flags()), 0);
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

namespace mcpc::runtime {
namespace {

// Output coalescing. The server's stdout is a pipe in packet mode (O_DIRECT): each write() of up
// to PIPE_BUF bytes is one packet and each read() returns one packet, so reads count writes.
class StdioCoalescingTest : public StdioTest {
 protected:
  int output_pipe_flags() override { return O_DIRECT; }
  void add_tools(Server& s) override {
    Tool add;  // inline: answered on the reading thread, in the order read
    add.name = "add";
    add.description = "d";
    add.runs_inline = true;
    add.handler = [](const Json& a, Context&) {
      return ToolResult::text(std::to_string(a.value("a", 0) + a.value("b", 0)));
    };
    s.add_tool(add);
  }
  // Reads packets until `lines` whole lines have arrived; returns how many packets that took.
  std::size_t count_packets(std::size_t lines, std::string& bytes) {
    std::size_t packets = 0;
    while (static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n')) < lines) {
      pollfd p{from_server_[0], POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) break;
      char buf[65536];
      ssize_t n = read(from_server_[0], buf, sizeof buf);
      if (n <= 0) break;
      ++packets;
      bytes.append(buf, static_cast<std::size_t>(n));
    }
    return packets;
  }
};

TEST_F(StdioCoalescingTest, PipelinedAnswersShareWrites) {
  constexpr int kCalls = 2000;
  std::string requests =
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})"
      "\n"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
      "\n";
  for (int i = 1; i <= kCalls; ++i) {
    requests += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                R"(,"method":"tools/call","params":{"name":"add","arguments":{"a":)" + std::to_string(i) +
                R"(,"b":1}}})"
                "\n";
  }
  std::thread feeder([&] { write_raw(requests); });
  std::string bytes;
  std::size_t packets = count_packets(kCalls + 1, bytes);
  feeder.join();
  // Every answer, in order, with its own result.
  std::size_t pos = bytes.find('\n') + 1;
  for (int i = 1; i <= kCalls; ++i) {
    std::size_t nl = bytes.find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "answer " << i << " missing";
    Json answer = Json::parse(bytes.substr(pos, nl - pos));
    ASSERT_EQ(answer["id"], i);
    ASSERT_EQ(answer["result"]["content"][0]["text"], std::to_string(i + 1));
    pos = nl + 1;
  }
  // One write per answer would be kCalls + 1 packets. Coalesced, the answers leave about once
  // per read of requests (up to 64 KiB), each write split into PIPE_BUF-sized packets.
  std::size_t full_packets = bytes.size() / PIPE_BUF;
  EXPECT_LT(packets, full_packets + kCalls / 20) << bytes.size() << " bytes in " << packets << " writes";
}

TEST_F(StdioCoalescingTest, ALoneRequestIsAnsweredWithoutWaitingForMore) {
  write_raw(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})"
      "\n"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
      "\n");
  std::string bytes;
  ASSERT_EQ(count_packets(1, bytes), 1u);
  // Input stays open and nothing else comes: each answer must still leave at once, inline
  // (reading thread) and pooled (worker) alike.
  for (const char* tool : {"add", "echo"}) {
    auto start = std::chrono::steady_clock::now();
    write_raw(std::string(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":")") + tool +
              R"(","arguments":{"a":2,"b":3,"text":"5"}}})"
              "\n");
    bytes.clear();
    EXPECT_EQ(count_packets(1, bytes), 1u) << tool;
    EXPECT_EQ(Json::parse(bytes)["result"]["content"][0]["text"], "5") << tool;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1)) << tool;
  }
}

}  // namespace
}  // namespace mcpc::runtime
