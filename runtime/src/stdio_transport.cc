// stdio: a reader loop on stdin feeding the session, and one locked writer for stdout so that
// responses and notifications from concurrent handlers never interleave within a line.
#include "mcpc/runtime/stdio_transport.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>

#include "mcpc/runtime/session.h"

namespace mcpc::runtime {
namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

class LineWriter : public MessageSink {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}
  void send(const Json& message) override {
    std::string line = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    line += '\n';
    std::lock_guard lock(mu_);
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0 && !broken_) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        broken_ = true;  // the client went away; keep serving nothing
        break;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
  std::mutex mu_;
  bool broken_ = false;
};

}  // namespace

int serve_stdio(Server& server, const StdioOptions& options) {
  // Without SA_RESTART, a signal interrupts read() so the loop sees it.
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed stdout must not kill the process mid-write

  auto out = std::make_shared<LineWriter>(options.out_fd);
  std::shared_ptr<MessageSink> sink = out;
  auto session = server.open_session(sink);
  const std::size_t limit = server.options().max_message_bytes;

  std::string buffer;
  bool discarding = false;  // inside a line that already exceeded the limit
  char chunk[65536];
  while (!g_stop) {
    ssize_t n = ::read(options.in_fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (n == 0) break;  // EOF: the client is done
    std::size_t start = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      if (chunk[i] != '\n') continue;
      if (discarding) {
        discarding = false;
      } else {
        buffer.append(chunk + start, i - start);
        if (!buffer.empty() && buffer.back() == '\r') buffer.pop_back();
        if (!buffer.empty()) session->receive(buffer, sink);
      }
      buffer.clear();
      start = i + 1;
    }
    if (!discarding) buffer.append(chunk + start, static_cast<std::size_t>(n) - start);
    if (!discarding && buffer.size() > limit) {
      // Refuse the line without holding it in memory; resume at the next newline.
      sink->send(Json{{"jsonrpc", "2.0"},
                      {"error", {{"code", kInvalidRequest},
                                 {"message", "message exceeds the limit of " + std::to_string(limit) + " bytes"}}}});
      buffer.clear();
      buffer.shrink_to_fit();
      discarding = true;
    }
  }
  session->close();
  return 0;
}

}  // namespace mcpc::runtime
