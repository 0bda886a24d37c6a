// mcpc-http-load: a closed-loop HTTP/1.1 load client for the registry service's read API
// (bench/service/run.sh, docs/performance.md, "Registry service").
//
// N keep-alive connections each send one GET at a time, walking a list of paths from its own
// starting point, for a warm-up and then for the measured duration. It prints requests/s and
// the latency percentiles of the measured part, and counts as errors every non-2xx status,
// connection failure and timeout. One thread (Asio coroutines over Beast): the point is the
// server's throughput, and on a small machine a second client thread would only take CPU from it.
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::vector<std::string> paths;
  int connections = 32;
  double duration = 10;
  double warmup = 2;
  double timeout = 10;
  bool json = false;
  std::string name;
};

struct Stats {
  std::vector<double> ms;  // measured requests only
  long errors = 0;
  long statuses_non2xx = 0;
  long bytes = 0;
  std::string first_error;
};

struct Shared {
  const Options& o;
  tcp::endpoint endpoint;
  Clock::time_point measure_from, stop_at;
  Stats stats;
};

void note_error(Shared& s, const std::string& what) {
  if (Clock::now() < s.measure_from) return;
  ++s.stats.errors;
  if (s.stats.first_error.empty()) s.stats.first_error = what;
}

asio::awaitable<void> connection(Shared& s, std::size_t index) {
  auto executor = co_await asio::this_coro::executor;
  std::size_t next = (index * 7919) % s.o.paths.size();
  const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.o.timeout));
  while (Clock::now() < s.stop_at) {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    auto [ec] = co_await stream.async_connect(s.endpoint, asio::as_tuple(asio::use_awaitable));
    if (ec) {
      note_error(s, "connect: " + ec.message());
      asio::steady_timer t(executor, std::chrono::milliseconds(50));
      co_await t.async_wait(asio::use_awaitable);
      continue;
    }
    stream.socket().set_option(tcp::no_delay(true));
    beast::flat_buffer buffer;
    while (Clock::now() < s.stop_at) {
      const std::string& path = s.o.paths[next];
      next = (next + 1) % s.o.paths.size();
      http::request<http::empty_body> req(http::verb::get, path, 11);
      req.set(http::field::host, s.o.host);
      req.set(http::field::accept, "application/json");
      req.keep_alive(true);
      Clock::time_point start = Clock::now();
      stream.expires_after(timeout);
      auto [wec, wn] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
      if (wec) {
        note_error(s, "write: " + wec.message());
        break;
      }
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 << 20);
      auto [rec, rn] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      Clock::time_point end = Clock::now();
      if (rec) {
        note_error(s, "read: " + rec.message());
        break;
      }
      const auto& res = parser.get();
      if (start >= s.measure_from && end <= s.stop_at) {
        s.stats.ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
        s.stats.bytes += static_cast<long>(res.body().size());
        if (res.result_int() < 200 || res.result_int() >= 300) {
          ++s.stats.statuses_non2xx;
          note_error(s, "HTTP " + std::to_string(res.result_int()) + " for " + path);
        }
      }
      if (!res.keep_alive()) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

double pct(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

int usage(int rc) {
  std::fprintf(rc ? stderr : stdout,
               "usage: mcpc-http-load --port P [--host H] (--path PATH | --paths FILE)... [--connections N]\n"
               "                      [--duration S] [--warmup S] [--timeout S] [--name LABEL] [--json]\n"
               "  N keep-alive connections (32) each send one GET at a time over the paths, for the warm-up\n"
               "  (2 s) and then the measured duration (10 s); prints requests/s, latency percentiles and\n"
               "  errors (any non-2xx status, connection failure or timeout). Exits 1 on any error.\n");
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "mcpc-http-load: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--host") {
      o.host = next();
    } else if (a == "--port") {
      o.port = next();
    } else if (a == "--path") {
      o.paths.push_back(next());
    } else if (a == "--paths") {
      std::string file = next();
      std::ifstream in(file);
      if (!in) {
        std::fprintf(stderr, "mcpc-http-load: cannot read %s\n", file.c_str());
        return 2;
      }
      for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] == '/') o.paths.push_back(line);
      }
    } else if (a == "--connections") {
      o.connections = std::stoi(next());
    } else if (a == "--duration") {
      o.duration = std::stod(next());
    } else if (a == "--warmup") {
      o.warmup = std::stod(next());
    } else if (a == "--timeout") {
      o.timeout = std::stod(next());
    } else if (a == "--name") {
      o.name = next();
    } else if (a == "--json") {
      o.json = true;
    } else {
      return usage(a == "--help" ? 0 : 2);
    }
  }
  if (o.port.empty() || o.paths.empty() || o.connections < 1 || o.duration <= 0) return usage(2);

  try {
    asio::io_context io(1);
    tcp::resolver resolver(io);
    Shared s{o, *resolver.resolve(o.host, o.port).begin(), {}, {}, {}};
    Clock::time_point t0 = Clock::now();
    s.measure_from = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
    s.stop_at = s.measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
    for (int c = 0; c < o.connections; ++c) {
      asio::co_spawn(io, connection(s, static_cast<std::size_t>(c)), [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          note_error(s, ex.what());
        }
      });
    }
    io.run();
    double secs = std::chrono::duration<double>(Clock::now() - s.measure_from).count();
    secs = std::min(secs, o.duration);
    std::vector<double>& ms = s.stats.ms;
    std::sort(ms.begin(), ms.end());
    double rps = static_cast<double>(ms.size()) / secs;
    if (o.json) {
      std::printf(
          "{\"name\":\"%s\",\"connections\":%d,\"duration_s\":%.3f,\"requests\":%zu,\"requests_per_s\":%.1f,"
          "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"errors\":%ld,\"non_2xx\":%ld,"
          "\"mean_body_bytes\":%.0f}\n",
          o.name.c_str(), o.connections, secs, ms.size(), rps, pct(ms, 0.50), pct(ms, 0.90), pct(ms, 0.99),
          ms.empty() ? 0.0 : ms.back(), s.stats.errors, s.stats.statuses_non2xx,
          ms.empty() ? 0.0 : static_cast<double>(s.stats.bytes) / static_cast<double>(ms.size()));
    } else {
      std::printf("%s%s%d connections, %.1f s: %zu requests, %.1f req/s\n", o.name.c_str(), o.name.empty() ? "" : ": ",
                  o.connections, secs, ms.size(), rps);
      std::printf("  latency p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms\n", pct(ms, 0.50), pct(ms, 0.90),
                  pct(ms, 0.99), ms.empty() ? 0.0 : ms.back());
      std::printf("  errors %ld (non-2xx %ld)\n", s.stats.errors, s.stats.statuses_non2xx);
    }
    if (!s.stats.first_error.empty())
      std::fprintf(stderr, "mcpc-http-load: first error: %s\n", s.stats.first_error.c_str());
    if (ms.empty()) {
      std::fprintf(stderr, "mcpc-http-load: no request completed in the measured window\n");
      return 1;
    }
    return s.stats.errors ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcpc-http-load: %s\n", e.what());
    return 1;
  }
}
