// mcpc-load: a load client for MCP servers over stdio and Streamable HTTP. It checks every answer
// (JSON-RPC id, `result` present, add's structuredContent.sum == a + b) and measures, per server:
//   - cold start: spawn -> initialize response (median of --cold-runs runs)
//   - stdio: sequential tools/call latency p50/p99, pipelined throughput (--depth in flight)
//   - HTTP: requests/s with p50/p99 at 1, 8 and 32 keep-alive connections (one in flight each)
//   - RSS: idle (after initialize) and peak (VmHWM) of the server process, per transport
// Several servers run one after the other; a Markdown table goes to stdout, JSON to --out.
// docs/performance.md ("Runtime (MCP server) benchmarks") says how to run it and what it measured.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

extern char** environ;

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

constexpr const char* kProtocolVersion = "2025-11-25";
constexpr std::size_t kMaxSamples = 50'000'000;  // latency samples kept per phase
constexpr std::size_t kMaxErrorMessages = 8;     // error texts kept per server
constexpr std::int64_t kAddA = 2, kAddB = 3;     // the trivial responder's canned sum is 5

double seconds_between(TimePoint a, TimePoint b) { return std::chrono::duration<double>(b - a).count(); }
TimePoint after(TimePoint t, double seconds) {
  return t + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}
double micros_between(TimePoint a, TimePoint b) { return std::chrono::duration<double, std::micro>(b - a).count(); }

// ---------------------------------------------------------------------------------------------
// Options

struct ServerSpec {
  std::string name;
  std::string command;
  std::vector<std::string> argv;
};

struct Options {
  std::vector<ServerSpec> servers;
  double duration = 5.0;  // seconds per measured phase
  double warmup = 1.0;    // seconds of unrecorded load before the first phase of each transport
  int cold_runs = 20;
  int depth = 64;
  std::vector<int> connections{1, 8, 32};
  double timeout = 10.0;  // seconds without an answer before a phase is abandoned
  bool stdio = true, http = true, server_stderr = false;
  std::string out;
};

// Splits a command line on whitespace; single and double quotes group, backslash escapes.
std::vector<std::string> split_command(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool have = false;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < s.size())
        cur += s[++i];
      else
        cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      have = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      cur += s[++i];
      have = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (have) out.push_back(cur);
      cur.clear();
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push_back(cur);
  return out;
}

[[noreturn]] void usage(const std::string& why) {
  if (!why.empty()) std::cerr << "mcpc-load: " << why << "\n";
  std::cerr <<
      R"(usage: mcpc-load --server NAME=COMMAND [--server NAME=COMMAND ...] [options]
  COMMAND is run directly (no shell; quotes group words) with `--transport stdio` or
  `--transport http --host 127.0.0.1 --port P` appended. It must exec the server itself
  (not a wrapper script), because RSS is read from /proc/<pid>/status of that process.
options:
  --duration S       seconds per measured phase (default 5)
  --warmup S         unrecorded load before each transport's phases (default 1)
  --cold-runs N      cold starts to take the median of (default 20; 0 skips)
  --depth N          requests in flight for the pipelined stdio phase (default 64)
  --connections L    HTTP connection counts, comma separated (default 1,8,32)
  --timeout S        give up on a phase after S seconds without an answer (default 10)
  --stdio-only | --http-only
  --server-stderr    let the servers' stderr through (default: /dev/null)
  --out FILE         write the results as JSON
exit status: 0 when every benchmark ran without an error, 1 otherwise, 2 on bad usage.
)";
  std::exit(2);
}

double parse_double(const std::string& s, const char* what, double lo, double hi) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(v >= lo && v <= hi)) usage(std::string("bad ") + what + ": " + s);
  return v;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value after " + a);
      return argv[++i];
    };
    if (a == "--server") {
      std::string v = value();
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0) usage("--server wants NAME=COMMAND, got " + v);
      ServerSpec s{v.substr(0, eq), v.substr(eq + 1), split_command(v.substr(eq + 1))};
      if (s.argv.empty()) usage("empty command for server " + s.name);
      o.servers.push_back(std::move(s));
    } else if (a == "--duration") {
      o.duration = parse_double(value(), "--duration", 0.05, 3600);
    } else if (a == "--warmup") {
      o.warmup = parse_double(value(), "--warmup", 0, 3600);
    } else if (a == "--cold-runs") {
      o.cold_runs = static_cast<int>(parse_double(value(), "--cold-runs", 0, 10000));
    } else if (a == "--depth") {
      o.depth = static_cast<int>(parse_double(value(), "--depth", 1, 100000));
    } else if (a == "--timeout") {
      o.timeout = parse_double(value(), "--timeout", 0.1, 3600);
    } else if (a == "--connections") {
      o.connections.clear();
      std::stringstream ss(value());
      for (std::string part; std::getline(ss, part, ',');)
        o.connections.push_back(static_cast<int>(parse_double(part, "--connections", 1, 1000)));
    } else if (a == "--stdio-only") {
      o.http = false;
    } else if (a == "--http-only") {
      o.stdio = false;
    } else if (a == "--server-stderr") {
      o.server_stderr = true;
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "-h" || a == "--help") {
      usage("");
    } else {
      usage("unknown argument " + a);
    }
  }
  if (o.servers.empty()) usage("no --server given");
  if (!o.stdio && !o.http) usage("--stdio-only and --http-only exclude each other");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Child processes. Every child gets its own process group; all are killed on exit or on a signal.

std::vector<pid_t> g_children;

void kill_all_children() {
  for (pid_t p : g_children) ::kill(-p, SIGKILL);
}

extern "C" void on_fatal_signal(int sig) {
  for (pid_t p : g_children) ::kill(-p, SIGKILL);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

struct Child {
  pid_t pid = -1;
  int to_child = -1;    // the child's stdin (stdio transport)
  int from_child = -1;  // the child's stdout (stdio transport)
};

// Finds argv[0] the way execvp would, so that a missing binary is reported before spawning.
bool resolvable(const std::string& prog) {
  if (prog.find('/') != std::string::npos) return ::access(prog.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(ss, dir, ':');)
    if (::access((dir.empty() ? "." : dir + "/" + prog).c_str(), X_OK) == 0) return true;
  return false;
}

Child spawn_server(const std::vector<std::string>& argv, bool pipes, bool keep_stderr) {
  Child c;
  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (pipes) {
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  } else {
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  }
  if (!keep_stderr) posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  sigaddset(&def, SIGINT);
  sigaddset(&def, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &def);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = ::posix_spawnp(&c.pid, args[0], &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (pipes) {
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
  }
  if (rc != 0) {
    if (pipes) {
      ::close(in_pipe[1]);
      ::close(out_pipe[0]);
    }
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  g_children.push_back(c.pid);
  if (pipes) {
    c.to_child = in_pipe[1];
    c.from_child = out_pipe[0];
  }
  return c;
}

bool child_exited(Child& c) {
  if (c.pid < 0) return true;
  int st = 0;
  pid_t r = ::waitpid(c.pid, &st, WNOHANG);
  if (r == c.pid) {
    std::erase(g_children, c.pid);
    c.pid = -1;
    return true;
  }
  return false;
}

// Closes stdin and waits `grace` seconds for an exit, then SIGTERM, then SIGKILL.
void stop_server(Child& c, double grace = 0.5) {
  if (c.to_child >= 0) ::close(c.to_child);
  if (c.from_child >= 0) ::close(c.from_child);
  c.to_child = c.from_child = -1;
  if (c.pid < 0) return;
  auto wait_for = [&](double s) {
    auto end = after(Clock::now(), s);
    while (Clock::now() < end) {
      if (child_exited(c)) return true;
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    return child_exited(c);
  };
  if (wait_for(grace)) return;
  ::kill(-c.pid, SIGTERM);
  if (wait_for(2.0)) return;
  ::kill(-c.pid, SIGKILL);
  ::waitpid(c.pid, nullptr, 0);
  std::erase(g_children, c.pid);
  c.pid = -1;
}

struct Rss {
  long rss_kb = -1, hwm_kb = -1;
};

Rss read_rss(pid_t pid) {
  Rss r;
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(f, line);) {
    if (line.rfind("VmRSS:", 0) == 0) r.rss_kb = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) r.hwm_kb = std::atol(line.c_str() + 6);
  }
  return r;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// ---------------------------------------------------------------------------------------------
// Messages and checks

enum class Expect { Initialize, Add };

std::string initialize_request(std::int64_t id) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"method", "initialize"},
              {"params",
               {{"protocolVersion", kProtocolVersion},
                {"capabilities", json::object()},
                {"clientInfo", {{"name", "mcpc-load"}, {"version", "1.0.0"}}}}}}
      .dump();
}

const std::string& initialized_notification() {
  static const std::string s = json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump();
  return s;
}

// tools/call add(a, b) with the id spliced in; the rest is serialised once.
std::string add_request(std::int64_t id) {
  static const std::string tail = R"(,"method":"tools/call","params":)" +
                                  json{{"name", "add"}, {"arguments", {{"a", kAddA}, {"b", kAddB}}}}.dump() + "}";
  std::string s = R"({"jsonrpc":"2.0","id":)";
  s += std::to_string(id);
  s += tail;
  return s;
}

// Checks a parsed answer to request `id`; empty when it is right, otherwise what is wrong.
std::string check_answer(const json& j, std::int64_t id, Expect what) {
  if (!j.is_object()) return "answer is not a JSON object";
  if (j.value("jsonrpc", "") != "2.0") return "jsonrpc is not \"2.0\"";
  auto idit = j.find("id");
  if (idit == j.end() || !idit->is_number_integer() || idit->get<std::int64_t>() != id)
    return "id mismatch (wanted " + std::to_string(id) + ")";
  if (auto e = j.find("error"); e != j.end()) return "error answer: " + e->dump().substr(0, 200);
  auto r = j.find("result");
  if (r == j.end() || !r->is_object()) return "no result object";
  if (what == Expect::Initialize) {
    auto pv = r->find("protocolVersion");
    if (pv == r->end() || !pv->is_string()) return "initialize result without protocolVersion";
    return {};
  }
  if (r->value("isError", false)) return "tool result has isError: true";
  auto sc = r->find("structuredContent");
  if (sc == r->end() || !sc->is_object()) return "add result without structuredContent";
  auto sum = sc->find("sum");
  if (sum == sc->end() || !sum->is_number() || sum->get<double>() != double(kAddA + kAddB))
    return "structuredContent.sum is not " + std::to_string(kAddA + kAddB);
  auto content = r->find("content");
  if (content == r->end() || !content->is_array() || content->empty() || content->at(0).value("type", "") != "text")
    return "add result without text content";
  return {};
}

// ---------------------------------------------------------------------------------------------
// Results

struct Phase {
  bool ran = false;
  std::uint64_t ok = 0, errors = 0;
  double seconds = 0;
  std::vector<double> lat_us;  // one per answered request
  double rate() const { return seconds > 0 ? double(ok) / seconds : 0; }
  double pct(double p) {
    if (lat_us.empty()) return NAN;
    std::sort(lat_us.begin(), lat_us.end());
    std::size_t idx = static_cast<std::size_t>(std::ceil(p * double(lat_us.size())));
    return lat_us[std::min(lat_us.size() - 1, idx == 0 ? 0 : idx - 1)];
  }
};

struct ServerResult {
  std::string name, command;
  bool missing = false;
  std::uint64_t errors = 0;
  std::vector<std::string> messages;
  std::vector<double> cold_ms;
  Phase seq, pipe;
  std::vector<std::pair<int, Phase>> http;
  Rss stdio_idle, stdio_peak, http_idle, http_peak;

  void error(const std::string& what) {
    ++errors;
    if (messages.size() < kMaxErrorMessages) messages.push_back(what);
  }
};

void record(Phase& ph, double us) {
  ++ph.ok;
  if (ph.lat_us.size() < kMaxSamples) ph.lat_us.push_back(us);
}

// ---------------------------------------------------------------------------------------------
// stdio

// Reads one line from `fd` (blocking with poll), bounded by `deadline`.
std::optional<std::string> read_line(int fd, std::string& buf, TimePoint deadline) {
  for (;;) {
    if (auto nl = buf.find('\n'); nl != std::string::npos) {
      std::string line = buf.substr(0, nl);
      buf.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (r <= 0) continue;
    char tmp[65536];
    ssize_t n = ::read(fd, tmp, sizeof tmp);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return std::nullopt;
    buf.append(tmp, static_cast<std::size_t>(n));
  }
}

bool write_all(int fd, std::string_view s, TimePoint deadline) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n > 0) {
      s.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN && Clock::now() < deadline) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    return false;
  }
  return true;
}

// Reads lines until the answer to `id` (skipping server notifications and requests).
std::string await_answer(int fd, std::string& buf, std::int64_t id, Expect what, TimePoint deadline) {
  for (int skipped = 0; skipped < 10000; ++skipped) {
    auto line = read_line(fd, buf, deadline);
    if (!line) return "no answer (timeout or server exited)";
    json j = json::parse(*line, nullptr, false);
    if (j.is_discarded()) return "answer is not JSON: " + line->substr(0, 120);
    if (j.is_object() && j.contains("method")) continue;  // a notification or server request
    return check_answer(j, id, what);
  }
  return "too many messages without an answer";
}

// Runs one stdio cold start; returns milliseconds, or nullopt with an error recorded.
std::optional<double> cold_start(const ServerSpec& spec, const Options& o, ServerResult& res) {
  auto argv = spec.argv;
  argv.insert(argv.end(), {"--transport", "stdio"});
  std::string line = initialize_request(0) + "\n";
  auto t0 = Clock::now();
  Child c = spawn_server(argv, true, o.server_stderr);
  auto deadline = after(t0, o.timeout);
  std::string buf;
  std::optional<double> ms;
  if (!write_all(c.to_child, line, deadline)) {
    res.error("cold start: cannot write initialize");
  } else if (auto err = await_answer(c.from_child, buf, 0, Expect::Initialize, deadline); !err.empty()) {
    res.error("cold start: " + err);
  } else {
    ms = seconds_between(t0, Clock::now()) * 1e3;
  }
  stop_server(c);
  return ms;
}

// Keeps `depth` tools/call add requests in flight for `seconds` (depth 1 = sequential).
void stdio_load(Child& c, std::int64_t& next_id, int depth, double seconds, double timeout, Phase& ph,
                ServerResult& res) {
  std::string out, in;
  std::unordered_map<std::int64_t, TimePoint> inflight;
  inflight.reserve(static_cast<std::size_t>(depth) * 2);
  auto start = Clock::now();
  auto end = after(start, seconds);
  auto last_progress = start;
  bool broken = false;
  char tmp[1 << 16];
  for (std::uint64_t iter = 0; iter < 2'000'000'000ULL; ++iter) {
    auto now = Clock::now();
    if (now < end)
      while (inflight.size() < static_cast<std::size_t>(depth)) {
        inflight.emplace(next_id, now);
        out += add_request(next_id++);
        out += '\n';
      }
    else if (inflight.empty())
      break;
    if (seconds_between(last_progress, now) > timeout) {
      res.error("stdio: no answer for " + std::to_string(timeout) + " s; " + std::to_string(inflight.size()) +
                " requests lost");
      ph.errors += inflight.size();
      broken = true;
      break;
    }
    // Write what we can without blocking, then wait for output from the server.
    while (!out.empty()) {
      ssize_t n = ::write(c.to_child, out.data(), out.size());
      if (n > 0)
        out.erase(0, static_cast<std::size_t>(n));
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && errno == EAGAIN)
        break;
      else {
        res.error("stdio: write to server failed (exited?)");
        broken = true;
        break;
      }
    }
    if (broken) break;
    pollfd p[2] = {{c.from_child, POLLIN, 0}, {c.to_child, static_cast<short>(out.empty() ? 0 : POLLOUT), 0}};
    int r = ::poll(p, out.empty() ? 1 : 2, 100);
    if (r <= 0) continue;
    if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = ::read(c.from_child, tmp, sizeof tmp);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      res.error("stdio: server closed its stdout");
      ph.errors += inflight.size();
      broken = true;
      break;
    }
    in.append(tmp, static_cast<std::size_t>(n));
    auto got = Clock::now();
    std::size_t pos = 0;
    for (std::size_t nl; (nl = in.find('\n', pos)) != std::string::npos; pos = nl + 1) {
      std::string_view line(in.data() + pos, nl - pos);
      json j = json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        ++ph.errors;
        res.error("stdio: answer is not a JSON object: " + std::string(line.substr(0, 120)));
        continue;
      }
      if (j.contains("method")) continue;  // notification or server-to-client request
      auto idit = j.find("id");
      auto it =
          idit != j.end() && idit->is_number_integer() ? inflight.find(idit->get<std::int64_t>()) : inflight.end();
      if (it == inflight.end()) {
        ++ph.errors;
        res.error("stdio: answer with an unknown id: " + std::string(line.substr(0, 120)));
        continue;
      }
      if (auto err = check_answer(j, it->first, Expect::Add); !err.empty()) {
        ++ph.errors;
        res.error("stdio: " + err);
      } else {
        record(ph, micros_between(it->second, got));
      }
      inflight.erase(it);
      last_progress = got;
    }
    in.erase(0, pos);
  }
  ph.ran = true;
  ph.seconds = seconds_between(start, std::min(Clock::now(), end));
  if (broken) res.error("stdio: phase abandoned");
}

void run_stdio(const ServerSpec& spec, const Options& o, ServerResult& res) {
  for (int i = 0; i < o.cold_runs; ++i) {
    if (auto ms = cold_start(spec, o, res))
      res.cold_ms.push_back(*ms);
    else if (i >= 2 && res.cold_ms.empty())
      break;  // it never starts: don't try 20 times
  }
  auto argv = spec.argv;
  argv.insert(argv.end(), {"--transport", "stdio"});
  Child c = spawn_server(argv, true, o.server_stderr);
  auto deadline = after(Clock::now(), o.timeout);
  std::string buf;
  std::int64_t id = 0;
  if (!write_all(c.to_child, initialize_request(id) + "\n", deadline)) {
    res.error("stdio: cannot write initialize");
  } else if (auto err = await_answer(c.from_child, buf, id, Expect::Initialize, deadline); !err.empty()) {
    res.error("stdio: initialize: " + err);
  } else if (!write_all(c.to_child, initialized_notification() + "\n", deadline)) {
    res.error("stdio: cannot write notifications/initialized");
  } else {
    ++id;
    set_nonblocking(c.to_child);
    set_nonblocking(c.from_child);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    res.stdio_idle = read_rss(c.pid);
    if (!buf.empty()) res.error("stdio: unexpected output after initialize");
    Phase warm;
    if (o.warmup > 0) stdio_load(c, id, o.depth, o.warmup, o.timeout, warm, res);
    res.errors += warm.errors;
    stdio_load(c, id, 1, o.duration, o.timeout, res.seq, res);
    stdio_load(c, id, o.depth, o.duration, o.timeout, res.pipe, res);
    res.errors += res.seq.errors + res.pipe.errors;
    res.stdio_peak = read_rss(c.pid);
  }
  stop_server(c);
}

// ---------------------------------------------------------------------------------------------
// Streamable HTTP

// Incremental HTTP/1.1 response parser: Content-Length, chunked, or until close.
struct HttpResponse {
  enum class St { Head, Length, ChunkSize, ChunkData, ChunkEnd, Trailer, UntilClose, Done } st = St::Head;
  int status = 0;
  bool chunked = false, close = false;
  long long length = -1;
  std::size_t remaining = 0;
  std::string content_type, session, body;

  void reset() { *this = HttpResponse{}; }

  static bool header_is(std::string_view line, std::string_view name, std::string_view& value) {
    if (line.size() <= name.size() || line[name.size()] != ':' ||
        strncasecmp(line.data(), name.data(), name.size()) != 0)
      return false;
    value = line.substr(name.size() + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
    return true;
  }

  // Consumes bytes from `in`; returns -1 on a malformed response, otherwise 0 (more needed) or 1.
  int feed(std::string& in) {
    std::size_t pos = 0;
    int rc = 0;
    for (;;) {
      if (st == St::Head) {
        auto he = in.find("\r\n\r\n", pos);
        if (he == std::string::npos) break;
        std::string_view head(in.data() + pos, he - pos);
        if (head.rfind("HTTP/1.", 0) != 0 || head.size() < 12) return -1;
        status = std::atoi(std::string(head.substr(9, 3)).c_str());
        for (std::size_t ls = head.find("\r\n"); ls != std::string_view::npos;) {
          std::size_t le = head.find("\r\n", ls + 2);
          std::string_view line = head.substr(ls + 2, (le == std::string_view::npos ? head.size() : le) - ls - 2);
          std::string_view v;
          if (header_is(line, "content-length", v))
            length = std::atoll(std::string(v).c_str());
          else if (header_is(line, "transfer-encoding", v))
            chunked = v.find("chunked") != std::string_view::npos;
          else if (header_is(line, "content-type", v))
            content_type = std::string(v);
          else if (header_is(line, "mcp-session-id", v))
            session = std::string(v);
          else if (header_is(line, "connection", v))
            close = strncasecmp(v.data(), "close", 5) == 0;
          ls = le;
        }
        pos = he + 4;
        if (status == 204 || status == 304 || (status >= 100 && status < 200))
          st = St::Done;
        else if (chunked)
          st = St::ChunkSize;
        else if (length >= 0) {
          remaining = static_cast<std::size_t>(length);
          st = remaining ? St::Length : St::Done;
        } else
          st = St::UntilClose;
      } else if (st == St::Length || st == St::ChunkData || st == St::UntilClose) {
        std::size_t take = st == St::UntilClose ? in.size() - pos : std::min(remaining, in.size() - pos);
        body.append(in, pos, take);
        pos += take;
        if (st == St::UntilClose) break;
        remaining -= take;
        if (remaining) break;
        st = st == St::Length ? St::Done : St::ChunkEnd;
      } else if (st == St::ChunkSize || st == St::ChunkEnd || st == St::Trailer) {
        auto le = in.find("\r\n", pos);
        if (le == std::string::npos) break;
        std::string_view line(in.data() + pos, le - pos);
        pos = le + 2;
        if (st == St::ChunkEnd) {
          if (!line.empty()) return -1;
          st = St::ChunkSize;
        } else if (st == St::Trailer) {
          if (line.empty()) st = St::Done;
        } else {
          char* end = nullptr;
          std::string hex(line.substr(0, line.find(';')));
          unsigned long long n = std::strtoull(hex.c_str(), &end, 16);
          if (hex.empty() || (*end != '\0' && *end != ' ')) return -1;
          remaining = static_cast<std::size_t>(n);
          st = n ? St::ChunkData : St::Trailer;
        }
      }
      if (st == St::Done) {
        rc = 1;
        break;
      }
    }
    in.erase(0, pos);
    return rc;
  }
};

// Finds the JSON-RPC answer in an SSE body: events without `event:` or with `event: message`.
std::optional<json> sse_answer(const std::string& body) {
  std::string data, event;
  bool have_data = false;
  std::size_t pos = 0;
  for (std::size_t nl; (nl = body.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    std::string_view line(body.data() + pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (have_data && (event.empty() || event == "message") && !data.empty()) {
        json j = json::parse(data, nullptr, false);
        if (j.is_object() && !j.contains("method")) return j;
      }
      data.clear();
      event.clear();
      have_data = false;
      continue;
    }
    if (line.front() == ':') continue;
    auto colon = line.find(':');
    std::string_view field = line.substr(0, colon), value;
    if (colon != std::string_view::npos) {
      value = line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "data") {
      if (have_data) data += '\n';
      data += value;
      have_data = true;
    } else if (field == "event") {
      event = std::string(value);
    }
  }
  return std::nullopt;
}

struct HttpConn {
  enum class St { Init, Notified, Ready, Calling, Dead } st = St::Init;
  int fd = -1;
  std::string in, out, session, version = kProtocolVersion;
  bool want_out = false;
  std::int64_t next_id = 0, pending = -1;
  TimePoint sent;
  bool answered = false;  // the SSE answer came before the end of the body
  HttpResponse resp;
};

class HttpLoad {
 public:
  HttpLoad(int port, const Options& o, ServerResult& res) : port_(port), o_(o), res_(res) {
    host_ = "127.0.0.1:" + std::to_string(port_);
  }

  // Opens `n` connections (each with its own session), loads them for `seconds`.
  void run(int n, double seconds, Phase& ph) {
    ep_ = ::epoll_create1(EPOLL_CLOEXEC);
    conns_.clear();
    conns_.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      HttpConn c;
      c.fd = connect_once();
      if (c.fd < 0) {
        res_.error("http: cannot connect to " + host_);
        ++ph.errors;
        c.st = HttpConn::St::Dead;
      }
      conns_.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      HttpConn& c = conns_[i];
      if (c.st == HttpConn::St::Dead) continue;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      ::epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
      c.pending = c.next_id++;
      send(i, initialize_request(c.pending));
    }
    // Handshake: initialize, notifications/initialized, on every connection.
    auto deadline = after(Clock::now(), o_.timeout);
    while (count(HttpConn::St::Init) + count(HttpConn::St::Notified) > 0 && Clock::now() < deadline) poll_once(ph, 50);
    for (auto& c : conns_)
      if (c.st == HttpConn::St::Init || c.st == HttpConn::St::Notified) {
        res_.error("http: handshake timed out");
        kill(c, ph);
      }
    // Load.
    running_ = true;
    auto start = Clock::now();
    end_ = after(start, seconds);
    for (std::size_t i = 0; i < conns_.size(); ++i)
      if (conns_[i].st == HttpConn::St::Ready) call(i);
    auto last = Clock::now();
    std::uint64_t seen = 0;
    for (std::uint64_t iter = 0; iter < 2'000'000'000ULL; ++iter) {
      auto now = Clock::now();
      if (now >= end_) running_ = false;
      if (!running_ && count(HttpConn::St::Calling) == 0) break;
      if (ph.ok + ph.errors != seen) {
        seen = ph.ok + ph.errors;
        last = now;
      } else if (seconds_between(last, now) > o_.timeout) {
        res_.error("http: no answer for " + std::to_string(o_.timeout) + " s");
        for (auto& c : conns_)
          if (c.st == HttpConn::St::Calling) kill(c, ph);
        break;
      }
      poll_once(ph, 20);
    }
    ph.ran = true;
    ph.seconds = seconds_between(start, std::min(Clock::now(), end_));
    for (auto& c : conns_)
      if (c.fd >= 0) ::close(c.fd);
    conns_.clear();
    ::close(ep_);
    ep_ = -1;
  }

 private:
  int connect_once() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port_));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      ::close(fd);
      return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    set_nonblocking(fd);
    return fd;
  }

  std::size_t count(HttpConn::St st) const {
    return static_cast<std::size_t>(
        std::count_if(conns_.begin(), conns_.end(), [st](const HttpConn& c) { return c.st == st; }));
  }

  void kill(HttpConn& c, Phase& ph) {
    if (c.st == HttpConn::St::Calling || c.st == HttpConn::St::Init || c.st == HttpConn::St::Notified) ++ph.errors;
    c.st = HttpConn::St::Dead;
    if (c.fd >= 0) ::close(c.fd);  // closing removes it from the epoll set
    c.fd = -1;
  }

  void send(std::size_t i, const std::string& body) {
    HttpConn& c = conns_[i];
    std::string& o = c.out;
    o += "POST /mcp HTTP/1.1\r\nHost: ";
    o += host_;
    o += "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
         "MCP-Protocol-Version: ";
    o += c.version;
    if (!c.session.empty()) {
      o += "\r\nMcp-Session-Id: ";
      o += c.session;
    }
    o += "\r\nContent-Length: ";
    o += std::to_string(body.size());
    o += "\r\n\r\n";
    o += body;
    c.sent = Clock::now();
    c.answered = false;
    c.resp.reset();
    flush(i);
  }

  void call(std::size_t i) {
    HttpConn& c = conns_[i];
    c.st = HttpConn::St::Calling;
    c.pending = c.next_id++;
    send(i, add_request(c.pending));
  }

  void flush(std::size_t i) {
    HttpConn& c = conns_[i];
    while (!c.out.empty()) {
      ssize_t n = ::write(c.fd, c.out.data(), c.out.size());
      if (n > 0)
        c.out.erase(0, static_cast<std::size_t>(n));
      else if (n < 0 && errno == EINTR)
        continue;
      else
        break;
    }
    bool want = !c.out.empty();
    if (want != c.want_out) {
      c.want_out = want;
      epoll_event ev{};
      ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
      ev.data.u64 = i;
      ::epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
    }
  }

  void poll_once(Phase& ph, int timeout_ms) {
    epoll_event evs[256];
    int n = ::epoll_wait(ep_, evs, 256, timeout_ms);
    for (int k = 0; k < n; ++k) {
      std::size_t i = evs[k].data.u64;
      HttpConn& c = conns_[i];
      if (c.st == HttpConn::St::Dead) continue;
      if (evs[k].events & EPOLLOUT) flush(i);
      if (!(evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      char tmp[1 << 16];
      bool eof = false;
      for (int reads = 0; reads < 64; ++reads) {
        ssize_t r = ::read(c.fd, tmp, sizeof tmp);
        if (r > 0) {
          c.in.append(tmp, static_cast<std::size_t>(r));
          if (static_cast<std::size_t>(r) < sizeof tmp) break;
        } else if (r < 0 && errno == EINTR) {
          continue;
        } else {
          eof = r == 0 || errno != EAGAIN;
          break;
        }
      }
      on_input(i, eof, ph);
    }
  }

  void on_input(std::size_t i, bool eof, Phase& ph) {
    HttpConn& c = conns_[i];
    if (c.in.empty() && !eof) return;
    if (c.st == HttpConn::St::Ready) {  // nothing was asked
      res_.error("http: unsolicited bytes or close from the server");
      return kill(c, ph);
    }
    int rc = c.resp.feed(c.in);
    if (rc == 0 && eof && c.resp.st == HttpResponse::St::UntilClose) rc = 1;
    if (rc < 0) {
      res_.error("http: malformed HTTP response");
      return kill(c, ph);
    }
    auto now = Clock::now();
    bool sse = c.resp.content_type.rfind("text/event-stream", 0) == 0;
    if (rc == 0 && sse && c.st == HttpConn::St::Calling && !c.answered) {
      if (auto j = sse_answer(c.resp.body)) {  // the answer may come before the stream ends
        c.answered = true;
        finish_call(c, *j, now, ph);
      }
    }
    if (rc == 0) {
      if (eof) {
        res_.error("http: the server closed the connection mid-response");
        kill(c, ph);
      }
      return;
    }
    // A whole response.
    HttpResponse r = std::move(c.resp);
    c.resp.reset();
    bool keep = !r.close && !eof && r.st != HttpResponse::St::UntilClose;
    if (c.st == HttpConn::St::Notified) {
      if (r.status < 200 || r.status > 299) {
        res_.error("http: notifications/initialized got HTTP " + std::to_string(r.status));
        return kill(c, ph);
      }
      c.st = HttpConn::St::Ready;
    } else {
      std::optional<json> j;
      if (sse)
        j = sse_answer(r.body);
      else if (r.content_type.rfind("application/json", 0) == 0) {
        json p = json::parse(r.body, nullptr, false);
        if (!p.is_discarded()) j = std::move(p);
      }
      if (r.status != 200 || !j) {
        if (!(c.st == HttpConn::St::Calling && c.answered)) {
          res_.error("http: HTTP " + std::to_string(r.status) + " (" + r.content_type + "): " + r.body.substr(0, 160));
          return kill(c, ph);
        }
      } else if (c.st == HttpConn::St::Init) {
        if (auto err = check_answer(*j, c.pending, Expect::Initialize); !err.empty()) {
          res_.error("http: initialize: " + err);
          return kill(c, ph);
        }
        c.session = r.session;
        c.version = (*j)["result"]["protocolVersion"].get<std::string>();
        c.st = HttpConn::St::Notified;
        if (keep) send(i, initialized_notification());
      } else if (c.st == HttpConn::St::Calling && !c.answered) {
        finish_call(c, *j, now, ph);
      }
      if (c.st == HttpConn::St::Calling) c.st = HttpConn::St::Ready;
    }
    if (!keep) {
      res_.error("http: the server does not keep the connection alive");
      return kill(c, ph);
    }
    if (!c.in.empty()) {
      res_.error("http: bytes after the response");
      return kill(c, ph);
    }
    if (c.st == HttpConn::St::Ready && running_ && Clock::now() < end_) call(i);
  }

  void finish_call(HttpConn& c, const json& j, TimePoint now, Phase& ph) {
    if (auto err = check_answer(j, c.pending, Expect::Add); !err.empty()) {
      ++ph.errors;
      res_.error("http: " + err);
    } else {
      record(ph, micros_between(c.sent, now));
    }
  }

  int port_;
  const Options& o_;
  ServerResult& res_;
  std::string host_;
  int ep_ = -1;
  std::vector<HttpConn> conns_;
  bool running_ = false;
  TimePoint end_;
};

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) == 0)
    port = ntohs(sa.sin_port);
  ::close(fd);
  return port;
}

bool wait_listening(int port, Child& c, double timeout) {
  auto deadline = after(Clock::now(), timeout);
  while (Clock::now() < deadline) {
    if (child_exited(c)) return false;
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void run_http(const ServerSpec& spec, const Options& o, ServerResult& res) {
  int port = free_port();
  if (port <= 0) {
    res.error("http: no free port");
    return;
  }
  auto argv = spec.argv;
  argv.insert(argv.end(), {"--transport", "http", "--host", "127.0.0.1", "--port", std::to_string(port)});
  Child c = spawn_server(argv, false, o.server_stderr);
  if (!wait_listening(port, c, std::max(o.timeout, 20.0))) {
    res.error("http: the server did not listen on 127.0.0.1:" + std::to_string(port));
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    res.http_idle = read_rss(c.pid);
    HttpLoad load(port, o, res);
    if (o.warmup > 0) {
      Phase warm;
      load.run(8, o.warmup, warm);
      res.errors += warm.errors;
    }
    for (int n : o.connections) {
      res.http.emplace_back(n, Phase{});
      load.run(n, o.duration, res.http.back().second);
      res.errors += res.http.back().second.errors;
    }
    if (c.pid > 0) res.http_peak = read_rss(c.pid);
  }
  stop_server(c, 0);
}

// ---------------------------------------------------------------------------------------------
// Report

json num(double v, int decimals) {
  if (!std::isfinite(v)) return nullptr;
  double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

json phase_json(Phase& p) {
  if (!p.ran) return nullptr;
  return {{"ok", p.ok},
          {"errors", p.errors},
          {"seconds", num(p.seconds, 3)},
          {"per_second", num(p.rate(), 0)},
          {"p50_us", num(p.pct(0.50), 1)},
          {"p99_us", num(p.pct(0.99), 1)}};
}

json rss_json(const Rss& r) {
  return {{"vmrss_kb", r.rss_kb < 0 ? json(nullptr) : json(r.rss_kb)},
          {"vmhwm_kb", r.hwm_kb < 0 ? json(nullptr) : json(r.hwm_kb)}};
}

std::string fmt(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

std::string fmt_rate(Phase& p) { return p.ran && p.ok ? fmt(p.rate(), 0) : "–"; }
std::string fmt_lat(Phase& p) {
  if (!p.ran || p.lat_us.empty()) return "–";
  auto f = [](double us) { return us < 1000 ? fmt(us, 0) + " µs" : fmt(us / 1000, 2) + " ms"; };
  return f(p.pct(0.5)) + " / " + f(p.pct(0.99));
}
std::string fmt_mb(long kb) { return kb < 0 ? "–" : fmt(double(kb) / 1024.0, 1); }

std::string median(std::vector<double> v) {
  if (v.empty()) return "–";
  std::sort(v.begin(), v.end());
  double m = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  return m < 10 ? fmt(m, 2) : fmt(m, 0);
}

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGINT, on_fatal_signal);
  ::signal(SIGTERM, on_fatal_signal);
  ::signal(SIGHUP, on_fatal_signal);
  std::atexit(kill_all_children);

  std::string load_before = loadavg();
  std::vector<ServerResult> results;
  for (const auto& spec : o.servers) {
    ServerResult r;
    r.name = spec.name;
    r.command = spec.command;
    if (!resolvable(spec.argv[0])) {
      r.missing = true;
      r.error("not found: " + spec.argv[0]);
      std::cerr << "mcpc-load: " << spec.name << ": " << spec.argv[0] << " not found\n";
      results.push_back(std::move(r));
      continue;
    }
    try {
      std::cerr << "mcpc-load: " << spec.name << ": " << spec.command << "\n";
      if (o.stdio) run_stdio(spec, o, r);
      if (o.http) run_http(spec, o, r);
    } catch (const std::exception& e) {
      r.error(std::string("aborted: ") + e.what());
    }
    kill_all_children();
    for (pid_t p : g_children) ::waitpid(p, nullptr, 0);
    g_children.clear();
    for (const auto& m : r.messages) std::cerr << "mcpc-load: " << spec.name << ": " << m << "\n";
    results.push_back(std::move(r));
  }
  std::string load_after = loadavg();

  // Markdown table, one column per server.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  auto row = [&](const std::string& label, auto&& cell) {
    std::vector<std::string> cells;
    for (auto& r : results) cells.push_back(r.missing ? "not found" : cell(r));
    rows.emplace_back(label, std::move(cells));
  };
  if (o.stdio) {
    row("cold start, spawn → initialize answer (median of " + std::to_string(o.cold_runs) + ", ms)",
        [](ServerResult& r) { return median(r.cold_ms); });
    row("stdio sequential tools/call, calls/s", [](ServerResult& r) { return fmt_rate(r.seq); });
    row("stdio sequential latency p50 / p99", [](ServerResult& r) { return fmt_lat(r.seq); });
    row("stdio pipelined (" + std::to_string(o.depth) + " in flight), calls/s",
        [](ServerResult& r) { return fmt_rate(r.pipe); });
    row("stdio pipelined latency p50 / p99", [](ServerResult& r) { return fmt_lat(r.pipe); });
  }
  if (o.http) {
    for (std::size_t k = 0; k < o.connections.size(); ++k) {
      std::string n = std::to_string(o.connections[k]);
      row("HTTP " + n + " conn, req/s",
          [k](ServerResult& r) { return k < r.http.size() ? fmt_rate(r.http[k].second) : std::string("–"); });
      row("HTTP " + n + " conn, latency p50 / p99",
          [k](ServerResult& r) { return k < r.http.size() ? fmt_lat(r.http[k].second) : std::string("–"); });
    }
  }
  if (o.stdio) {
    row("RSS idle, stdio (VmRSS after initialize, MB)", [](ServerResult& r) { return fmt_mb(r.stdio_idle.rss_kb); });
    row("RSS peak, stdio (VmHWM, MB)", [](ServerResult& r) { return fmt_mb(r.stdio_peak.hwm_kb); });
  }
  if (o.http) {
    row("RSS idle, HTTP (VmRSS before requests, MB)", [](ServerResult& r) { return fmt_mb(r.http_idle.rss_kb); });
    row("RSS peak, HTTP (VmHWM, MB)", [](ServerResult& r) { return fmt_mb(r.http_peak.hwm_kb); });
  }
  row("errors", [](ServerResult& r) { return std::to_string(r.errors); });
  row("result", [](ServerResult& r) { return std::string(r.errors ? "FAILED" : "ok"); });

  std::cout << "| |";
  for (auto& r : results) std::cout << " " << r.name << " |";
  std::cout << "\n|---|";
  for (std::size_t i = 0; i < results.size(); ++i) std::cout << "---:|";
  std::cout << "\n";
  for (auto& [label, cells] : rows) {
    std::cout << "| " << label << " |";
    for (auto& c : cells) std::cout << " " << c << " |";
    std::cout << "\n";
  }
  std::cout << "\n"
            << o.duration << " s per phase, " << o.warmup << " s warm-up; load average before " << load_before
            << ", after " << load_after << "; " << std::thread::hardware_concurrency() << " CPUs.\n";

  bool all_ok = true;
  json servers = json::array();
  for (auto& r : results) {
    all_ok = all_ok && r.errors == 0;
    json s = {{"name", r.name},       {"command", r.command}, {"ok", r.errors == 0},
              {"missing", r.missing}, {"errors", r.errors},   {"error_messages", r.messages}};
    if (o.stdio) {
      json cold = {{"runs", r.cold_ms.size()}};
      if (!r.cold_ms.empty()) {
        auto v = r.cold_ms;
        std::sort(v.begin(), v.end());
        cold["median_ms"] = num(v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2, 3);
        cold["min_ms"] = num(v.front(), 3);
        cold["max_ms"] = num(v.back(), 3);
      }
      s["cold_start"] = cold;
      s["stdio"] = {{"sequential", phase_json(r.seq)},
                    {"pipelined", phase_json(r.pipe)},
                    {"depth", o.depth},
                    {"rss_idle", rss_json(r.stdio_idle)},
                    {"rss_peak", rss_json(r.stdio_peak)}};
    }
    if (o.http) {
      json conns = json::array();
      for (auto& [n, ph] : r.http) {
        json p = phase_json(ph);
        if (p.is_object()) p["connections"] = n;
        conns.push_back(p);
      }
      s["http"] = {{"connections", conns}, {"rss_idle", rss_json(r.http_idle)}, {"rss_peak", rss_json(r.http_peak)}};
    }
    servers.push_back(std::move(s));
  }
  if (!o.out.empty()) {
    std::time_t t = std::time(nullptr);
    char date[64];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    utsname u{};
    ::uname(&u);
    json doc = {{"tool", "mcpc-load"},
                {"date", date},
                {"host",
                 {{"cpus", std::thread::hardware_concurrency()},
                  {"kernel", std::string(u.release)},
                  {"loadavg_before", load_before},
                  {"loadavg_after", load_after}}},
                {"options",
                 {{"duration_s", o.duration},
                  {"warmup_s", o.warmup},
                  {"cold_runs", o.cold_runs},
                  {"depth", o.depth},
                  {"connections", o.connections},
                  {"timeout_s", o.timeout}}},
                {"ok", all_ok},
                {"servers", servers}};
    std::ofstream f(o.out);
    f << doc.dump(2) << "\n";
    if (!f) {
      std::cerr << "mcpc-load: cannot write " << o.out << "\n";
      return 1;
    }
  }
  return all_ok ? 0 : 1;
}
