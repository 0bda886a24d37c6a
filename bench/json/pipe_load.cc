// mcpc-json-pipe: pipelined stdio tools/call load with a chosen payload, for the runtime's JSON
// path (docs/performance.md, "The runtime's JSON path"). mcpc-load always asks add(2, 3); this
// asks add with varied fractional numbers or echo with strings of a given length (varied per
// request, with characters that need escaping), keeps --depth requests in flight, and checks
// that every answer is a result for an outstanding id.
//   mcpc-json-pipe [--tool add|echo] [--bytes N] [--depth D] [--duration S] -- SERVER ARGS...
// The server is started as SERVER ARGS... --transport stdio. Prints "<calls/s> <answers>".
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  std::string tool = "add";
  std::size_t bytes = 2048;
  int depth = 64;
  double duration = 3;
  std::vector<std::string> command;
};

[[noreturn]] void usage() {
  std::fputs("usage: mcpc-json-pipe [--tool add|echo] [--bytes N] [--depth D] [--duration S] -- SERVER ARGS...\n",
             stderr);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (i + 1 >= argc) usage();
    if (a == "--tool")
      o.tool = argv[++i];
    else if (a == "--bytes")
      o.bytes = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--depth")
      o.depth = std::atoi(argv[++i]);
    else if (a == "--duration")
      o.duration = std::atof(argv[++i]);
    else
      usage();
  }
  for (++i; i < argc; ++i) o.command.emplace_back(argv[i]);
  if (o.command.empty() || (o.tool != "add" && o.tool != "echo") || o.depth < 1) usage();
  return o;
}

// The request with id `n`: add(n + 0.25, n / 4) or echo of a string of o.bytes characters whose
// content shifts with n; one in 64 characters is a quote, backslash or newline (escaped twice: in
// the request and in the answer).
std::string request(const Options& o, long n) {
  std::string r = R"({"jsonrpc":"2.0","id":)" + std::to_string(n) + R"(,"method":"tools/call","params":{"name":")";
  if (o.tool == "add") {
    char nums[96];
    std::snprintf(nums, sizeof nums, R"(add","arguments":{"a":%ld.25,"b":%.2f}}})", n, static_cast<double>(n) / 4);
    return r + nums;
  }
  r += R"(echo","arguments":{"text":")";
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
  for (std::size_t i = 0; i < o.bytes; ++i) {
    std::size_t k = (i + static_cast<std::size_t>(n)) % 64;
    if (k == 63)
      r += (i % 3 == 0) ? "\\\"" : (i % 3 == 1) ? "\\\\" : "\\n";
    else
      r += kAlphabet[k % (sizeof kAlphabet - 1)];
  }
  return r + R"("}}})";
}

bool write_all(int fd, const std::string& s) {
  for (std::size_t off = 0; off < s.size();) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    std::vector<char*> args;
    o.command.emplace_back("--transport");
    o.command.emplace_back("stdio");
    for (auto& a : o.command) args.push_back(a.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  int in = to_child[1], out = from_child[0];

  write_all(in, R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                R"("capabilities":{},"clientInfo":{"name":"mcpc-json-pipe","version":"0"}}})"
                "\n");
  std::string buf;
  char chunk[1 << 16];
  auto read_line = [&](std::string& line) {
    for (;;) {
      auto nl = buf.find('\n');
      if (nl != std::string::npos) {
        line.assign(buf, 0, nl);
        buf.erase(0, nl + 1);
        return true;
      }
      ssize_t n = read(out, chunk, sizeof chunk);
      if (n <= 0) return false;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
  };
  std::string line;
  if (!read_line(line)) return std::fputs("no initialize answer\n", stderr), 1;
  write_all(in, R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
                "\n");

  // Both pipes are nonblocking and polled: a 2 KB echo fills a pipe in a few dozen requests,
  // and blocking on either side while the server blocks on the other would deadlock.
  fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_NONBLOCK);
  fcntl(out, F_SETFL, fcntl(out, F_GETFL) | O_NONBLOCK);
  long next = 1, answered = 0, errors = 0;
  std::string pending;  // requests not yet written
  for (int i = 0; i < o.depth; ++i) pending += request(o, next++) + "\n";
  auto start = std::chrono::steady_clock::now();
  auto end = start + std::chrono::duration<double>(o.duration);
  std::size_t pos = 0;
  bool stopping = false;
  long in_flight = o.depth;
  while (in_flight > 0) {
    pollfd fds[2] = {{out, POLLIN, 0}, {in, static_cast<short>(pending.empty() ? 0 : POLLOUT), 0}};
    if (poll(fds, pending.empty() ? 1 : 2, 10000) <= 0) break;
    if (!pending.empty() && (fds[1].revents & (POLLOUT | POLLERR))) {
      ssize_t w = write(in, pending.data(), pending.size());
      if (w < 0 && errno != EAGAIN && errno != EINTR) break;
      if (w > 0) pending.erase(0, static_cast<std::size_t>(w));
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP))) continue;
    ssize_t n = read(out, chunk, sizeof chunk);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    buf.append(chunk, static_cast<std::size_t>(n));
    std::size_t nl;
    while ((nl = buf.find('\n', pos)) != std::string::npos) {
      std::string_view ans(buf.data() + pos, nl - pos);
      if (ans.find("\"result\"") == std::string_view::npos || ans.find("\"isError\"") != std::string_view::npos)
        ++errors;
      pos = nl + 1;
      ++answered;
      --in_flight;
      if (!stopping) {
        pending += request(o, next++) + "\n";
        ++in_flight;
      }
    }
    buf.erase(0, pos);
    pos = 0;
    if (!stopping && std::chrono::steady_clock::now() >= end) stopping = true;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  close(in);
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  std::printf("%.0f %ld\n", static_cast<double>(answered) / secs, answered);
  if (errors) std::fprintf(stderr, "mcpc-json-pipe: %ld answers were errors\n", errors);
  return errors ? 1 : 0;
}
