// mcpc-mix-load: a second MCP load client, written apart from bench/load/mcpc-load so that the two
// can check each other. Where mcpc-load sends one fixed add(2, 3), this one varies every request:
// add with fractional numbers of several magnitudes, and echo with strings of several lengths
// (up to --echo-bytes, default 4 KiB) holding quotes, backslashes, control and non-ASCII
// characters. It checks the content of EVERY answer (the sum, the echoed text), except for servers
// named with --unchecked (the trivial responder's canned answers: id and result only).
//   stdio: pipelined tools/call, --depth requests in flight
//   http:  Streamable HTTP, --connections keep-alive connections (one session and one request in
//          flight each), served by one poll() loop
// It prints calls/s and p50/p99 latency per server and transport as a Markdown table.
// docs/performance.md ("Runtime (MCP server) benchmarks") says how bench/load/run.sh uses it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kProtocol = "2025-11-25";

struct Options {
  struct Server {
    std::string name;
    std::vector<std::string> argv;
    bool checked = true;
  };
  std::vector<Server> servers;
  long calls = 20000;             // per server and transport
  int depth = 64;                 // stdio: requests in flight
  int connections = 32;           // http
  double echo_share = 0.5;        // fraction of calls that are echo (the rest: add)
  std::size_t echo_bytes = 4096;  // longest echo string; lengths are drawn from a few up to it
  bool stdio = true, http = true;
  unsigned seed = 14;
};

[[noreturn]] void usage(const std::string& why) {
  if (!why.empty()) std::fprintf(stderr, "mcpc-mix-load: %s\n", why.c_str());
  std::fputs(
      "usage: mcpc-mix-load --server NAME=COMMAND [--server ...] [options]\n"
      "  COMMAND (split on spaces, run without a shell) gets `--transport stdio` or\n"
      "  `--transport http --host 127.0.0.1 --port P` appended.\n"
      "  --unchecked NAME    check only ids and results of NAME (a canned responder)\n"
      "  --calls N           calls per server and transport (default 20000)\n"
      "  --depth N           stdio: requests in flight (default 64)\n"
      "  --connections N     http: connections (default 32)\n"
      "  --echo-share F      fraction of echo calls, 0..1 (default 0.5; 0: add only)\n"
      "  --echo-bytes N      longest echo string (default 4096); --echo-exact: every echo is N bytes\n"
      "  --stdio-only | --http-only      --seed N\n"
      "exit status: 0 when every answer was right, 1 otherwise, 2 on bad usage\n",
      stderr);
  std::exit(2);
}

bool echo_exact = false;

Options parse(int argc, char** argv) {
  Options o;
  std::vector<std::string> unchecked;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value after " + a);
      return argv[++i];
    };
    if (a == "--server") {
      std::string v = value();
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0) usage("--server wants NAME=COMMAND");
      Options::Server s{v.substr(0, eq), {}, true};
      std::istringstream words(v.substr(eq + 1));
      for (std::string w; words >> w;) s.argv.push_back(w);
      if (s.argv.empty()) usage("empty command for " + s.name);
      o.servers.push_back(s);
    } else if (a == "--unchecked") {
      unchecked.push_back(value());
    } else if (a == "--calls") {
      o.calls = std::stol(value());
    } else if (a == "--depth") {
      o.depth = std::stoi(value());
    } else if (a == "--connections") {
      o.connections = std::stoi(value());
    } else if (a == "--echo-share") {
      o.echo_share = std::stod(value());
    } else if (a == "--echo-bytes") {
      o.echo_bytes = std::stoul(value());
    } else if (a == "--echo-exact") {
      echo_exact = true;
    } else if (a == "--stdio-only") {
      o.http = false;
    } else if (a == "--http-only") {
      o.stdio = false;
    } else if (a == "--seed") {
      o.seed = static_cast<unsigned>(std::stoul(value()));
    } else {
      usage(a == "--help" || a == "-h" ? "" : "unknown argument " + a);
    }
  }
  if (o.servers.empty()) usage("no --server given");
  if (o.calls < 1 || o.depth < 1 || o.connections < 1 || o.echo_share < 0 || o.echo_share > 1) usage("bad value");
  for (auto& s : o.servers) s.checked = std::find(unchecked.begin(), unchecked.end(), s.name) == unchecked.end();
  return o;
}

// ---------------------------------------------------------------------------------------------
// The calls: made up front (so that making them is not timed), each with what its answer must be.

struct Call {
  std::string params;  // the tools/call params as JSON text
  bool echo = false;
  double sum = 0;
  std::string text;
};

std::string random_text(std::mt19937& rng, std::size_t n) {
  // Plain letters mostly, with characters JSON must escape and multi-byte UTF-8 mixed in.
  static const char* const pieces[] = {"a", "b", "z", "Q", "7", " ", "\"", "\\", "\n", "\t", "/", "é", "→", "😀"};
  std::uniform_int_distribution<int> pick(0, 99);
  std::string s;
  while (s.size() < n) {
    int r = pick(rng);
    std::string_view p = r < 80 ? pieces[r % 6] : pieces[6 + r % 8];
    if (s.size() + p.size() > n) p = "x";
    s += p;
  }
  return s;
}

std::vector<Call> make_calls(const Options& o, long count) {
  std::mt19937 rng(o.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> exponent(-3, 9);
  std::vector<std::size_t> lengths;
  if (echo_exact) {
    lengths = {o.echo_bytes};
  } else {
    for (std::size_t n : {0, 1, 16, 100, 512, 2048}) {
      if (n <= o.echo_bytes) lengths.push_back(n);
    }
    lengths.push_back(o.echo_bytes);
  }
  std::vector<Call> calls(static_cast<std::size_t>(count));
  for (Call& c : calls) {
    if (unit(rng) < o.echo_share) {
      c.echo = true;
      c.text = random_text(rng, lengths[rng() % lengths.size()]);
      c.params = json{{"name", "echo"}, {"arguments", {{"text", c.text}}}}.dump();
    } else {
      double a = (unit(rng) - 0.3) * std::pow(10.0, exponent(rng));
      double b = (unit(rng) - 0.5) * std::pow(10.0, exponent(rng));
      if (rng() % 4 == 0) a = std::round(a);  // some integers too
      c.sum = a + b;
      c.params = json{{"name", "add"}, {"arguments", {{"a", a}, {"b", b}}}}.dump();
    }
  }
  return calls;
}

// Empty when `answer` is right for `call`, else what is wrong.
std::string check(const json& answer, const Call& call, bool checked) {
  if (!answer.contains("result")) return "no result: " + answer.dump().substr(0, 200);
  if (!checked) return "";
  const json& r = answer["result"];
  if (r.value("isError", false)) return "isError: " + r.dump().substr(0, 200);
  const json* content =
      r.contains("content") && r["content"].is_array() && !r["content"].empty() ? &r["content"][0] : nullptr;
  if (call.echo) {
    if (!content || content->value("text", std::string()) != call.text) return "echo returned other text";
    return "";
  }
  double got = 0;
  if (r.contains("structuredContent") && r["structuredContent"].contains("sum") &&
      r["structuredContent"]["sum"].is_number()) {
    got = r["structuredContent"]["sum"].get<double>();
  } else if (content && content->contains("text")) {
    got = std::strtod(content->at("text").get<std::string>().c_str(), nullptr);
  } else {
    return "add answered without a sum";
  }
  if (std::fabs(got - call.sum) > 1e-9 * std::max(1.0, std::fabs(call.sum))) {
    return "add: got " + std::to_string(got) + ", expected " + std::to_string(call.sum);
  }
  return "";
}

struct Result {
  long calls = 0, errors = 0;
  double seconds = 0;
  std::vector<double> latency_us;
  std::string first_error;
  void fail(const std::string& why) {
    if (errors++ == 0) first_error = why;
  }
};

std::string request(long id, const std::string& params) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":)" + params + "}";
}

std::string initialize_request() {
  return json{{"jsonrpc", "2.0"},
              {"id", 0},
              {"method", "initialize"},
              {"params",
               {{"protocolVersion", kProtocol},
                {"capabilities", json::object()},
                {"clientInfo", {{"name", "mcpc-mix-load"}, {"version", "1"}}}}}}
      .dump();
}

constexpr const char* kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";

// ---------------------------------------------------------------------------------------------
// Processes

struct Child {
  pid_t pid = -1;
  int in = -1, out = -1;  // stdio: its stdin and stdout
};

Child spawn(std::vector<std::string> argv, bool pipes) {
  int in[2] = {-1, -1}, out[2] = {-1, -1};
  if (pipes && (pipe(in) != 0 || pipe(out) != 0)) std::perror("pipe"), std::exit(1);
  Child c;
  c.pid = fork();
  if (c.pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(pipes ? in[0] : null, 0);
    dup2(pipes ? out[1] : null, 1);
    dup2(null, 2);  // servers log to stderr ("listening on ..."); the table stays readable
    for (int fd = 3; fd < 256; ++fd) close(fd);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror(args[0]);
    _exit(127);
  }
  if (pipes) {
    close(in[0]);
    close(out[1]);
    c.in = in[1];
    c.out = out[0];
  }
  return c;
}

void stop(Child& c) {
  if (c.in >= 0) close(c.in);
  if (c.out >= 0) close(c.out);
  kill(c.pid, SIGTERM);
  int status = 0;
  waitpid(c.pid, &status, 0);
}

bool write_all(int fd, const std::string& s) {
  for (std::size_t off = 0; off < s.size();) {
    ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// stdio, pipelined: a writer thread keeps `depth` requests in flight; this thread reads answers.

Result run_stdio(const Options::Server& s, const Options& o, const std::vector<Call>& calls) {
  Result res;
  std::vector<std::string> argv = s.argv;
  argv.insert(argv.end(), {"--transport", "stdio"});
  Child c = spawn(argv, true);
  std::string in;
  char buf[1 << 16];
  auto next_line = [&](std::string& line) {
    for (;;) {
      auto nl = in.find('\n');
      if (nl != std::string::npos) {
        line.assign(in, 0, nl);
        in.erase(0, nl + 1);
        return true;
      }
      ssize_t n = read(c.out, buf, sizeof buf);
      if (n <= 0) return false;
      in.append(buf, static_cast<std::size_t>(n));
    }
  };
  std::string line;
  if (!write_all(c.in, initialize_request() + "\n") || !next_line(line) ||
      !json::parse(line, nullptr, false).contains("result")) {
    res.fail("initialize failed");
    stop(c);
    return res;
  }
  write_all(c.in, std::string(kInitialized) + "\n");

  const long n = static_cast<long>(calls.size());
  std::vector<Clock::time_point> sent(calls.size());
  std::mutex mu;
  std::condition_variable cv;
  long answered = 0;
  auto start = Clock::now();
  std::thread writer([&] {
    long next = 0;
    std::string batch;
    while (next < n) {
      long limit;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return next - answered < o.depth; });
        limit = std::min(n, answered + o.depth);
      }
      batch.clear();
      auto now = Clock::now();
      for (; next < limit; ++next) {
        sent[static_cast<std::size_t>(next)] = now;
        batch += request(next + 1, calls[static_cast<std::size_t>(next)].params);
        batch += '\n';
      }
      if (!write_all(c.in, batch)) return;
    }
  });
  res.latency_us.reserve(calls.size());
  for (long got = 0; got < n; ++got) {
    if (!next_line(line)) {
      res.fail("the server closed stdout after " + std::to_string(got) + " answers");
      break;
    }
    auto now = Clock::now();
    json answer = json::parse(line, nullptr, false);
    long id =
        answer.is_object() && answer.contains("id") && answer["id"].is_number_integer() ? answer["id"].get<long>() : -1;
    if (id < 1 || id > n) {
      res.fail("answer with an unknown id: " + line.substr(0, 200));
    } else {
      const auto i = static_cast<std::size_t>(id - 1);
      res.latency_us.push_back(std::chrono::duration<double, std::micro>(now - sent[i]).count());
      if (std::string why = check(answer, calls[i], s.checked); !why.empty()) res.fail(why);
    }
    {
      std::lock_guard lock(mu);
      ++answered;
    }
    cv.notify_one();
    ++res.calls;
  }
  res.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  {
    std::lock_guard lock(mu);
    answered = n + o.depth;  // release the writer if it is still waiting
  }
  cv.notify_one();
  writer.join();
  stop(c);
  return res;
}

// ---------------------------------------------------------------------------------------------
// Streamable HTTP: one poll() loop over every connection, each with one request in flight.

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// One HTTP/1.1 response taken off the front of `in`: Content-Length or chunked bodies. For an SSE
// body, the JSON-RPC message is the data of its last event that has data.
struct Response {
  int status = 0;
  std::string session, body;
};

// 1: a whole response was taken; 0: more bytes needed; -1: malformed.
int take_response(std::string& in, Response& r) {
  auto he = in.find("\r\n\r\n");
  if (he == std::string::npos) return 0;
  std::string head = in.substr(0, he);
  if (head.compare(0, 7, "HTTP/1.") != 0) return -1;
  r = Response{};
  r.status = std::atoi(head.c_str() + 9);
  long length = -1;
  bool chunked = false, sse = false;
  std::istringstream lines(head);
  for (std::string l; std::getline(lines, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    auto colon = l.find(':');
    if (colon == std::string::npos) continue;
    std::string name = l.substr(0, colon), value = l.substr(colon + 1);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
    value.erase(0, value.find_first_not_of(' '));
    if (name == "content-length") length = std::atol(value.c_str());
    if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) chunked = true;
    if (name == "content-type" && value.rfind("text/event-stream", 0) == 0) sse = true;
    if (name == "mcp-session-id") r.session = value;
  }
  std::size_t pos = he + 4;
  if (chunked) {
    for (;;) {
      auto le = in.find("\r\n", pos);
      if (le == std::string::npos) return 0;
      std::size_t size = std::strtoul(in.c_str() + pos, nullptr, 16);
      if (in.size() < le + 2 + size + 2) return 0;
      r.body.append(in, le + 2, size);
      pos = le + 2 + size + 2;
      if (size == 0) break;
    }
  } else {
    if (length < 0) length = 0;
    if (in.size() < pos + static_cast<std::size_t>(length)) return 0;
    r.body = in.substr(pos, static_cast<std::size_t>(length));
    pos += static_cast<std::size_t>(length);
  }
  in.erase(0, pos);
  if (sse) {
    std::string data, last;
    std::istringstream events(r.body);
    for (std::string l; std::getline(events, l);) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      if (l.rfind("data:", 0) == 0) {
        data += l.substr(l.size() > 5 && l[5] == ' ' ? 6 : 5);
      } else if (l.empty() && !data.empty()) {
        last = std::move(data);
        data.clear();
      }
    }
    r.body = data.empty() ? last : data;
  }
  return 1;
}

std::string post(const std::string& body, const std::string& session) {
  std::string h =
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: ";
  h += kProtocol;
  h += "\r\n";
  if (!session.empty()) h += "Mcp-Session-Id: " + session + "\r\n";
  h += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  return h + body;
}

// A blocking exchange, for the set-up of each connection.
bool exchange(int fd, const std::string& req, std::string& in, Response& r) {
  if (!write_all(fd, req)) return false;
  char buf[1 << 16];
  for (;;) {
    int rc = take_response(in, r);
    if (rc != 0) return rc > 0;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    in.append(buf, static_cast<std::size_t>(n));
  }
}

Result run_http(const Options::Server& s, const Options& o, const std::vector<Call>& calls) {
  Result res;
  int port = free_port();
  std::vector<std::string> argv = s.argv;
  argv.insert(argv.end(), {"--transport", "http", "--host", "127.0.0.1", "--port", std::to_string(port)});
  Child child = spawn(argv, false);
  struct Conn {
    int fd = -1;
    std::string session, in;
    long call = -1;  // the call in flight
    Clock::time_point sent;
  };
  std::vector<Conn> conns(static_cast<std::size_t>(o.connections));
  auto deadline = Clock::now() + std::chrono::seconds(10);
  for (Conn& c : conns) {
    while ((c.fd = connect_to(port)) < 0 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Response r;
    if (c.fd < 0 || !exchange(c.fd, post(initialize_request(), ""), c.in, r) || r.status != 200 ||
        !json::parse(r.body, nullptr, false).contains("result")) {
      res.fail("could not connect and initialize over HTTP");
      stop(child);
      return res;
    }
    c.session = r.session;
    if (!exchange(c.fd, post(kInitialized, c.session), c.in, r) || r.status / 100 != 2) {
      res.fail("notifications/initialized was refused");
      stop(child);
      return res;
    }
  }
  const long n = static_cast<long>(calls.size());
  long next = 0;
  res.latency_us.reserve(calls.size());
  auto send_next = [&](Conn& c) {
    if (next >= n) return;
    c.call = next++;
    c.sent = Clock::now();
    if (!write_all(c.fd, post(request(c.call + 1, calls[static_cast<std::size_t>(c.call)].params), c.session))) {
      res.fail("write failed");
    }
  };
  auto start = Clock::now();
  for (Conn& c : conns) send_next(c);
  std::vector<pollfd> fds(conns.size());
  char buf[1 << 16];
  while (res.calls < n && res.errors < 100) {
    for (std::size_t i = 0; i < conns.size(); ++i) fds[i] = {conns[i].fd, POLLIN, 0};
    if (poll(fds.data(), fds.size(), 10000) <= 0) {
      res.fail("no answer within 10 s");
      break;
    }
    for (std::size_t i = 0; i < conns.size(); ++i) {
      if (!fds[i].revents) continue;
      Conn& c = conns[i];
      ssize_t got = read(c.fd, buf, sizeof buf);
      if (got <= 0) {
        res.fail("the server closed a connection");
        res.errors = 100;
        break;
      }
      c.in.append(buf, static_cast<std::size_t>(got));
      Response r;
      int rc;
      while ((rc = take_response(c.in, r)) == 1) {
        auto now = Clock::now();
        ++res.calls;
        res.latency_us.push_back(std::chrono::duration<double, std::micro>(now - c.sent).count());
        json answer = json::parse(r.body, nullptr, false);
        if (r.status != 200 || !answer.is_object() || answer.value("id", -1L) != c.call + 1) {
          res.fail("HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
        } else if (std::string why = check(answer, calls[static_cast<std::size_t>(c.call)], s.checked); !why.empty()) {
          res.fail(why);
        }
        send_next(c);
      }
      if (rc < 0) res.fail("malformed HTTP response");
    }
  }
  res.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (Conn& c : conns) close(c.fd);
  stop(child);
  return res;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  Options o = parse(argc, argv);
  std::vector<Call> calls = make_calls(o, o.calls);
  std::printf(
      "mcpc-mix-load: %ld calls per run, %.0f%% echo up to %zu bytes%s, stdio depth %d, %d HTTP connections\n\n",
      o.calls, o.echo_share * 100, o.echo_bytes, echo_exact ? " (all that long)" : "", o.depth, o.connections);
  std::printf("| server | transport | calls/s | p50 µs | p99 µs | errors |\n|---|---|---:|---:|---:|---:|\n");
  bool ok = true;
  for (const auto& s : o.servers) {
    for (int t = 0; t < 2; ++t) {
      if ((t == 0 && !o.stdio) || (t == 1 && !o.http)) continue;
      Result r = t == 0 ? run_stdio(s, o, calls) : run_http(s, o, calls);
      double rate = r.seconds > 0 ? static_cast<double>(r.calls) / r.seconds : 0;
      std::string transport =
          t == 0 ? "stdio, depth " + std::to_string(o.depth) : "http, " + std::to_string(o.connections) + " conn";
      std::printf("| %s%s | %s | %.0f | %.0f | %.0f | %ld |\n", s.name.c_str(), s.checked ? "" : " (unchecked)",
                  transport.c_str(), rate, percentile(r.latency_us, 0.50), percentile(r.latency_us, 0.99), r.errors);
      std::fflush(stdout);
      if (r.errors || r.calls != o.calls) {
        ok = false;
        std::fprintf(stderr, "mcpc-mix-load: %s over %s: %ld errors, %ld of %ld answered; first: %s\n", s.name.c_str(),
                     transport.c_str(), r.errors, r.calls, o.calls, r.first_error.c_str());
      }
    }
  }
  return ok ? 0 : 1;
}
