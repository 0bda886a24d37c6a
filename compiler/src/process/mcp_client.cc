// The MCP stdio client: see mcpc/process/mcp_client.h.
#include "mcpc/process/mcp_client.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "deadline.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc::process {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxLine = 64u << 20;   // one message; beyond this the server is broken
constexpr std::size_t kMaxStderr = 8u << 10;  // kept for reports
constexpr std::size_t kMaxNotifications = 100;

std::string excerpt(const std::string& s, std::size_t max = 200) {
  std::string cut = s.size() > max ? s.substr(0, max) + "..." : s;
  return sanitize_utf8(cut);
}

std::string dump(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

}  // namespace

std::string describe_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  std::string s = std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100);
  if (ms % 100 != 0) s += std::to_string((ms % 100) / 10);
  return s + " s";
}

std::string McpStdioClient::Reply::describe() const {
  if (!failure.empty()) return failure;
  if (!is_error) return "ok";
  std::string s = "error";
  if (error.is_object() && error.contains("code") && error["code"].is_number()) s += " " + dump(error["code"]);
  if (error.is_object() && error.contains("message") && error["message"].is_string()) {
    s += ": " + excerpt(error["message"].get<std::string>());
  }
  return s;
}

std::unique_ptr<McpStdioClient> McpStdioClient::start(SpawnOptions options, std::string* error) {
  options.pipe_stdin = true;
  options.stderr_to = Stderr::Pipe;
  std::unique_ptr<Subprocess> process = Subprocess::spawn(options, error);
  if (!process) return nullptr;
  auto client = std::unique_ptr<McpStdioClient>(new McpStdioClient());
  client->process_ = std::move(process);
  return client;
}

void McpStdioClient::fail(std::string message) {
  if (failure_.empty()) failure_ = std::move(message);
}

void McpStdioClient::read_stderr() {
  if (!stderr_open_ || process_->stderr_fd() < 0) return;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(process_->stderr_fd(), buf, sizeof buf);
    if (n > 0) {
      stderr_buffer_.append(buf, static_cast<std::size_t>(n));
      if (stderr_buffer_.size() > 2 * kMaxStderr) stderr_buffer_.erase(0, stderr_buffer_.size() - kMaxStderr);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) stderr_open_ = false;
    return;
  }
}

std::vector<std::string> McpStdioClient::stderr_tail(std::size_t max_lines) const {
  std::string text =
      stderr_buffer_.size() > kMaxStderr ? stderr_buffer_.substr(stderr_buffer_.size() - kMaxStderr) : stderr_buffer_;
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(excerpt(line, 300));
    start = end + 1;
  }
  // Too long: stack frames ("    at f (file:1:2)") go first, so the error itself stays.
  if (lines.size() > max_lines) {
    std::vector<std::string> kept;
    for (const std::string& l : lines) {
      bool frame = l.find_first_not_of(" \t") != 0 && l.compare(l.find_first_not_of(" \t"), 3, "at ") == 0;
      if (!frame) {
        kept.push_back(l);
      } else if (kept.empty() || kept.back() != "    ...") {
        kept.push_back("    ...");
      }
    }
    lines = std::move(kept);
  }
  if (lines.size() > max_lines) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(max_lines));
  return lines;
}

bool McpStdioClient::send(const OrderedJson& message, Millis timeout) {
  if (!failure_.empty()) return false;
  std::string why;
  if (!process_->write_stdin(dump(message) + "\n", Clock::now() + timeout, &why)) {
    read_stderr();
    // What it wrote before it went away says more than the broken pipe does.
    if (std::string garbage = pending_garbage(); !garbage.empty()) {
      fail(garbage);
      return false;
    }
    std::string what = message.contains("method") ? " '" + message["method"].get<std::string>() + "'" : "";
    std::string exit =
        process_->wait_exit(std::chrono::milliseconds(500)) ? " (it " + process_->describe_exit() + ")" : "";
    fail("cannot send" + what + " to the server: " + why + exit);
    return false;
  }
  return true;
}

std::string McpStdioClient::pending_garbage() {
  char buf[65536];
  bool eof = false;
  for (;;) {
    ssize_t n = ::read(process_->stdout_fd(), buf, sizeof buf);
    if (n > 0 && stdout_buffer_.size() < kMaxLine) {
      stdout_buffer_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    eof = n == 0;
    break;
  }
  std::size_t start = 0;
  while (start < stdout_buffer_.size()) {
    std::size_t end = stdout_buffer_.find('\n', start);
    if (end == std::string::npos && !eof) break;
    if (end == std::string::npos) end = stdout_buffer_.size();
    std::string line = stdout_buffer_.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos && OrderedJson::parse(line, nullptr, false).is_discarded()) {
      return "the server wrote a line that is not JSON on stdout: '" + excerpt(line) + "'";
    }
    start = end + 1;
  }
  return "";
}

std::optional<std::string> McpStdioClient::read_line(Clock::time_point deadline, const std::string& waiting_for,
                                                     Millis timeout) {
  for (;;) {
    std::size_t nl = stdout_buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = stdout_buffer_.substr(0, nl);
      stdout_buffer_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (stdout_buffer_.size() > kMaxLine) {
      fail("the server wrote more than " + std::to_string(kMaxLine >> 20) + " MiB on stdout without a newline");
      return std::nullopt;
    }
    int left = remaining_ms(deadline);
    if (left == 0) {
      read_stderr();
      fail("no answer to " + waiting_for + " within " + describe_duration(timeout) +
           ": the server hangs, or writes its messages somewhere else");
      return std::nullopt;
    }
    struct pollfd fds[2] = {{process_->stdout_fd(), POLLIN, 0}, {stderr_open_ ? process_->stderr_fd() : -1, POLLIN, 0}};
    int r = ::poll(fds, 2, left);
    if (r < 0 && errno != EINTR) {
      fail(std::string("poll failed: ") + std::strerror(errno));
      return std::nullopt;
    }
    read_stderr();
    if (r <= 0 || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[65536];
    ssize_t n = ::read(process_->stdout_fd(), buf, sizeof buf);
    if (n > 0) {
      stdout_buffer_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    // End of stdout: a last line without its newline still counts.
    if (!stdout_buffer_.empty()) {
      std::string line;
      line.swap(stdout_buffer_);
      return line;
    }
    bool exited = process_->wait_exit(std::chrono::milliseconds(1000));
    read_stderr();
    fail("the server closed its stdout before answering " + waiting_for +
         (exited ? " (it " + process_->describe_exit() + ")" : ""));
    return std::nullopt;
  }
}

McpStdioClient::Reply McpStdioClient::request(const std::string& method, const OrderedJson& params, Millis timeout) {
  Reply reply;
  std::int64_t id = next_id_++;
  OrderedJson message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) message["params"] = params;
  Clock::time_point deadline = Clock::now() + timeout;
  std::string waiting_for = "'" + method + "'";
  if (send(message, timeout)) {
    while (failure_.empty()) {
      std::optional<std::string> line = read_line(deadline, waiting_for, timeout);
      if (!line) break;
      if (line->find_first_not_of(" \t") == std::string::npos) continue;
      OrderedJson m = OrderedJson::parse(*line, nullptr, false);
      if (m.is_discarded()) {
        fail("the server wrote a line that is not JSON on stdout: '" + excerpt(*line) + "'");
        break;
      }
      if (!m.is_object() || m.value("jsonrpc", OrderedJson()) != "2.0") {
        fail("the server wrote something that is not a JSON-RPC 2.0 message on stdout: '" + excerpt(*line) + "'");
        break;
      }
      if (m.contains("method")) {
        if (m.contains("id")) {  // a request to us
          OrderedJson answer = {{"jsonrpc", "2.0"}, {"id", m["id"]}};
          if (m["method"] == "ping") {
            answer["result"] = OrderedJson::object();
          } else {
            answer["error"] = {{"code", -32601}, {"message", "Method not found"}};
          }
          send(answer, timeout);
        } else {
          notifications_.push_back(std::move(m));
          if (notifications_.size() > kMaxNotifications) notifications_.pop_front();
        }
        continue;
      }
      if (!m.contains("id") || m["id"] != OrderedJson(id)) continue;  // an answer to something else
      if (m.contains("result")) {
        reply.result = std::move(m["result"]);
        return reply;
      }
      if (m.contains("error")) {
        reply.is_error = true;
        reply.error = std::move(m["error"]);
        return reply;
      }
      fail("the server's answer to '" + method + "' has neither result nor error: '" + excerpt(*line) + "'");
    }
  }
  reply.failure = failure_;
  return reply;
}

bool McpStdioClient::notify(const std::string& method, const OrderedJson& params, Millis timeout) {
  OrderedJson message = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = params;
  return send(message, timeout);
}

McpStdioClient::Reply McpStdioClient::initialize(const std::string& protocol_version, Millis timeout,
                                                 const std::string& client_name, const std::string& client_version) {
  OrderedJson params = {{"protocolVersion", protocol_version},
                        {"capabilities", OrderedJson::object()},
                        {"clientInfo", {{"name", client_name}, {"version", client_version}}}};
  Reply reply = request("initialize", params, timeout);
  if (!reply.ok()) return reply;
  if (!reply.result.is_object()) {
    fail("the server's initialize result is not an object");
    reply.failure = failure_;
    return reply;
  }
  if (!notify("notifications/initialized", OrderedJson(), timeout)) reply.failure = failure_;
  return reply;
}

McpStdioClient::Reply McpStdioClient::list_all(const std::string& method, const std::string& key, Millis timeout,
                                               std::size_t max_pages) {
  Reply all;
  all.result = OrderedJson::array();
  std::set<std::string> cursors;
  OrderedJson params = OrderedJson::object();
  for (std::size_t page = 0;; ++page) {
    if (page == max_pages) {
      all.failure = "'" + method + "' has more than " + std::to_string(max_pages) + " pages";
      return all;
    }
    Reply r = request(method, params, timeout);
    if (!r.ok()) return r;
    if (!r.result.is_object() || !r.result.contains(key) || !r.result[key].is_array()) {
      all.failure =
          "the server's '" + method + "' result has no '" + key + "' array: '" + excerpt(dump(r.result)) + "'";
      return all;
    }
    for (OrderedJson& item : r.result[key]) all.result.push_back(std::move(item));
    if (!r.result.contains("nextCursor") || r.result["nextCursor"].is_null()) return all;
    if (!r.result["nextCursor"].is_string()) {
      all.failure = "the server's '" + method + "' nextCursor is not a string";
      return all;
    }
    std::string cursor = r.result["nextCursor"].get<std::string>();
    if (!cursors.insert(cursor).second) {
      all.failure = "the server's '" + method + "' pages loop: cursor '" + excerpt(cursor) + "' came back";
      return all;
    }
    params = {{"cursor", cursor}};
  }
}

}  // namespace mcpc::process
