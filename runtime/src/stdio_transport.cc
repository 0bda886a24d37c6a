// stdio: a reader loop on stdin feeding the session, and one locked writer for stdout so that
// responses and notifications from concurrent handlers never interleave within a line.
#include "mcpc/runtime/stdio_transport.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mcpc/runtime/session.h"

namespace mcpc::runtime {
namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

class LineWriter : public MessageSink {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}
  void send(const Json& message) override { write_line(message.dump(-1, ' ', false, Json::error_handler_t::replace)); }
  void send_response_text(const std::string& text) override { write_line(text); }

  // Flat combining: whoever finds the writer busy leaves its line in `pending_`, and the busy
  // writer sends it with its own before letting go. Under load many lines share one write().
  void write_line(std::string line) {
    line += '\n';
    std::unique_lock lock(mu_);
    if (broken_) return;  // nobody reads any more: keep nothing
    if (pending_.empty())
      pending_ = std::move(line);
    else
      pending_ += line;
    // Corked (the reader is handling lines it has already read): the lines leave together when
    // it is done, unless enough has gathered to be worth a write of its own.
    if (corked_ && pending_.size() < kCorkedBytes) return;
    flush(lock);
  }

  /// Holds output back while the reader handles a batch of lines it has already read: their
  /// answers (and any worker's meanwhile) leave in one write() at uncork() instead of one each.
  /// A lone request is a batch of one, answered as soon as it is handled.
  void cork() {
    std::lock_guard lock(mu_);
    corked_ = true;
  }
  void uncork() {
    std::unique_lock lock(mu_);
    corked_ = false;
    flush(lock);
  }

  /// Backpressure: blocks while more than `limit` bytes wait for the client to read them, so
  /// the reader stops taking requests whose answers would only pile up. Gives up on `stop`
  /// (set by a signal handler, which cannot notify, hence the polling).
  void wait_below(std::size_t limit, const std::atomic<bool>& stop) {
    std::unique_lock lock(mu_);
    while (!broken_ && !stop && pending_.size() + in_write_ > limit) {
      drained_.wait_for(lock, std::chrono::milliseconds(50));
    }
  }

 private:
  static constexpr std::size_t kCorkedBytes = 256 * 1024;

  // Writes `pending_` until it is empty, unless another thread is writing (it takes ours too).
  void flush(std::unique_lock<std::mutex>& lock) {
    if (writing_ || broken_) return;
    writing_ = true;
    while (!pending_.empty() && !broken_) {
      std::string out;
      out.swap(pending_);
      in_write_ = out.size();
      lock.unlock();
      bool ok = write_all(out);
      lock.lock();
      in_write_ = 0;
      if (!ok) broken_ = true;  // the client went away; keep serving nothing
      drained_.notify_all();
    }
    if (broken_) pending_.clear();
    writing_ = false;
    drained_.notify_all();
  }

  bool write_all(const std::string& bytes) {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
      // A signal to stop ends a write blocked on a client that no longer reads (the signal
      // interrupts it: EINTR, or a short write).
      if (g_stop) return false;
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    return true;
  }

  int fd_;
  std::mutex mu_;
  std::condition_variable drained_;  // the reader waits here for the client to catch up
  std::string pending_;
  std::size_t in_write_ = 0;  // bytes handed to write() and not yet written
  bool writing_ = false;
  bool broken_ = false;
  bool corked_ = false;
};

// A line (or a whole read's worth) that could not be handled must not end the loop: the
// session answers its own errors, so this only catches what escaped it (e.g. bad_alloc).
template <typename Step>
void guarded(const char* what, Step&& step) {
  try {
    step();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcpc: stdio: %s failed: %s\n", what, e.what());
  } catch (...) {
    std::fprintf(stderr, "mcpc: stdio: %s failed\n", what);
  }
}

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
  const std::size_t output_limit = server.options().max_pending_output_bytes;

  std::string buffer;
  bool discarding = false;  // inside a line that already exceeded the limit
  bool eof = false;
  std::vector<char> chunk(1 << 16);
  std::vector<std::string> lines;
  std::vector<std::string_view> views;
  while (!g_stop) {
    out->wait_below(output_limit, g_stop);  // no new requests while answers pile up unread
    if (g_stop) break;
    ssize_t n = ::read(options.in_fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (n == 0) {
      eof = true;  // the client is done sending
      break;
    }
    std::size_t start = 0;
    lines.clear();
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      if (chunk[i] != '\n') continue;
      if (discarding) {
        discarding = false;
      } else {
        buffer.append(chunk.data() + start, i - start);
        if (!buffer.empty() && buffer.back() == '\r') buffer.pop_back();
        if (!buffer.empty()) lines.push_back(std::move(buffer));
      }
      buffer.clear();
      start = i + 1;
    }
    if (!lines.empty()) {
      views.assign(lines.begin(), lines.end());
      out->cork();
      guarded("handling messages", [&] { session->receive_all(views, sink); });
      out->uncork();
    }
    if (!discarding) buffer.append(chunk.data() + start, static_cast<std::size_t>(n) - start);
    if (!discarding && buffer.size() > limit) {
      // Refuse the line without holding it in memory; resume at the next newline.
      buffer.clear();
      buffer.shrink_to_fit();
      discarding = true;
      guarded("refusing an oversized message", [&] {
        sink->send(Json{{"jsonrpc", "2.0"},
                        {"error",
                         {{"code", kInvalidRequest},
                          {"message", "message exceeds the limit of " + std::to_string(limit) + " bytes"}}}});
      });
    }
  }
  // End of input is not cancellation: answer what was asked (a client may pipe requests and
  // close stdin), unless a signal says to stop now.
  while (eof && !g_stop && session->in_flight() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  session->close();
  return 0;
}

}  // namespace mcpc::runtime
