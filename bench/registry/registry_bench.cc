// mcpc-registry-bench: builds a registry of N servers x M versions through the store API, then
// measures get and search latency (p50/p99), list page latency, durable publish throughput and
// index size per version. docs/performance.md ("Registry store") has the numbers and commands.
//
// A plain timing program rather than Google Benchmark: the interesting numbers are tail
// latencies over a fixed query mix on one large registry, built once.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"

namespace {

namespace fs = std::filesystem;
namespace reg = mcpc::registry;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
  fs::path root;
  int servers = 10000;
  int versions = 10;
  int queries = 2000;
  int publishes = 200;
  bool keep = false;
  bool reuse = false;  // time queries on a registry kept by an earlier --keep run
  std::string db;      // --db: the index elsewhere (sqlite:PATH or postgresql://...)
};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Latency {
  std::vector<double> ms;
  double pct(double p) {
    std::sort(ms.begin(), ms.end());
    return ms.empty() ? 0 : ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
  }
};

// A vocabulary of pronounceable words so descriptions and tool names spread over many terms
// with a realistic skew (a few common words, a long tail).
std::vector<std::string> make_vocabulary(std::mt19937& rng, int n) {
  const char* syll[] = {"ka", "lo", "mi", "ne", "su", "ra", "to", "vi", "be",
                        "do", "fa", "gu", "he", "ji", "po", "qu", "ze", "xo"};
  std::vector<std::string> words;
  for (const char* common :
       {"data", "server", "tool", "file", "search", "weather", "inventory", "github", "notes", "calendar"})
    words.emplace_back(common);
  std::uniform_int_distribution<int> s(0, static_cast<int>(std::size(syll)) - 1), len(2, 4);
  while (static_cast<int>(words.size()) < n) {
    std::string w;
    for (int i = len(rng); i > 0; --i) w += syll[s(rng)];
    words.push_back(w);
  }
  return words;
}

// Zipf-ish pick: low indexes (common words) far more often.
const std::string& pick(const std::vector<std::string>& words, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  double x = u(rng);
  return words[static_cast<std::size_t>(x * x * x * static_cast<double>(words.size() - 1))];
}

std::uintmax_t index_bytes(const fs::path& root) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const char* f : {"index.sqlite", "index.sqlite-wal"}) {
    std::uintmax_t s = fs::file_size(root / f, ec);
    if (!ec) total += s;
  }
  return total;
}

// Writes DIR/manifest.json for name@version with one small artifact of `payload` bytes.
fs::path write_manifest(const fs::path& dir, const std::string& name, const std::string& version,
                        const std::string& description, const json& tools, const std::string& payload) {
  std::ofstream(dir / "payload.bin", std::ios::binary | std::ios::trunc) << payload;
  json m = {{"format", "mcpc-manifest/1"},
            {"name", name},
            {"version", version},
            {"title", name},
            {"description", description},
            {"runtime", "native"},
            {"tools", tools},
            {"metadata", {{"tags", {"bench"}}}},
            {"artifacts", json::array({{{"role", "file"},
                                        {"file", "payload.bin"},
                                        {"size", payload.size()},
                                        {"sha256", reg::sha256_hex(payload)},
                                        {"media_type", "application/octet-stream"}}})}};
  std::ofstream(dir / "manifest.json", std::ios::binary | std::ios::trunc) << m.dump();
  return dir / "manifest.json";
}

int run(const Options& o) {
  std::mt19937 rng(42);
  std::vector<std::string> vocab = make_vocabulary(rng, 5000);
  fs::path staging = o.root / "staging";
  fs::create_directories(staging);
  fs::path root = o.root / "registry";
  const long total = static_cast<long>(o.servers) * o.versions;

  auto name_of = [](int s) { return "bench-" + std::to_string(s); };
  auto describe = [&](int words) {
    std::string d;
    for (int i = 0; i < words; ++i) d += (i ? " " : "") + pick(vocab, rng);
    return d;
  };

  // 1. Bulk build (non-durable: no fsync), recording index size at 1k/10k/100k versions.
  std::printf("building %d servers x %d versions = %ld versions in %s\n", o.servers, o.versions, total, root.c_str());
  Clock::time_point build_start = Clock::now();
  const bool build = !(o.reuse && fs::exists(root / "index.sqlite"));
  if (!build) std::printf("  reusing the registry already there (--reuse)\n");
  if (build) {
    reg::OpenOptions bulk;
    bulk.durable = false;
    bulk.database_url = o.db;
    reg::Registry r = reg::Registry::open(root, bulk);
    long done = 0;
    long next_mark = 1000;
    for (int s = 0; s < o.servers; ++s) {
      std::string description = describe(12);
      for (int v = 0; v < o.versions; ++v) {
        json tools = json::array();
        for (int t = 0; t < 5; ++t) {
          tools.push_back({{"name", "tool_" + pick(vocab, rng) + "_" + std::to_string(t)},
                           {"description", describe(8)},
                           {"input_schema", {{"type", "object"}}}});
        }
        std::string version = "1." + std::to_string(v) + ".0";
        r.publish(write_manifest(staging, name_of(s), version, description, tools,
                                 "payload of " + name_of(s) + "@" + version + " " + describe(20)));
        ++done;
        if (done == next_mark || done == total) {
          std::uintmax_t bytes = index_bytes(root);
          std::printf("  index at %7ld versions: %8.1f MiB, %6.0f bytes/version (%.1f s elapsed)\n", done,
                      static_cast<double>(bytes) / (1 << 20), static_cast<double>(bytes) / static_cast<double>(done),
                      ms_since(build_start) / 1000);
          std::fflush(stdout);
          next_mark *= 10;
        }
      }
    }
  }
  if (build) {
    double build_s = ms_since(build_start) / 1000;
    std::printf("  bulk build: %.1f s, %.0f publishes/s (no fsync)\n", build_s, static_cast<double>(total) / build_s);
  }

  reg::OpenOptions durable;
  durable.database_url = o.db;
  reg::Registry r = reg::Registry::open(root, durable);
  std::uniform_int_distribution<int> server(0, o.servers - 1), version(0, o.versions - 1);

  // 2. get latency: latest, and an exact version.
  Latency get_latest, get_exact;
  for (int i = 0; i < o.queries * 5; ++i) {
    std::string n = name_of(server(rng));
    Clock::time_point t = Clock::now();
    auto v = r.get(n);
    get_latest.ms.push_back(ms_since(t));
    if (!v) return std::fprintf(stderr, "missing %s\n", n.c_str()), 1;
    std::string ver = "1." + std::to_string(version(rng)) + ".0";
    t = Clock::now();
    auto w = r.get(n, std::string_view(ver));
    get_exact.ms.push_back(ms_since(t));
    if (!w) return std::fprintf(stderr, "missing %s@%s\n", n.c_str(), ver.c_str()), 1;
  }

  // 3. search latency: one or two words drawn like the descriptions (common words included).
  Latency search_one, search_two;
  std::size_t hits = 0;
  for (int i = 0; i < o.queries; ++i) {
    std::string q = pick(vocab, rng);
    Clock::time_point t = Clock::now();
    hits += r.search(q, 20).size();
    search_one.ms.push_back(ms_since(t));
    q += " " + pick(vocab, rng);
    t = Clock::now();
    hits += r.search(q, 20).size();
    search_two.ms.push_back(ms_since(t));
  }
  Latency search_common;
  for (const char* q :
       {"data", "server", "tool", "search", "bench", "weather", "inventory", "github", "notes", "calendar"}) {
    for (int i = 0; i < 20; ++i) {
      Clock::time_point t = Clock::now();
      r.search(q, 20);
      search_common.ms.push_back(ms_since(t));
    }
  }

  // 4. list: walking pages of 50.
  Latency list_page;
  reg::ListFilter f;
  for (int i = 0; i < 200; ++i) {
    Clock::time_point t = Clock::now();
    reg::ListPage page = r.list(f);
    list_page.ms.push_back(ms_since(t));
    f.cursor = page.next_cursor;
    if (f.cursor.empty()) break;
  }

  // 5. Durable publishes (fsync of blob, directory and WAL) into the full registry, each with a
  // 64 KiB artifact.
  std::string big(64 * 1024, 'x');
  // A registry reused from an earlier run already holds 2.I.0: publish new versions.
  const long run_id = build ? 0 : static_cast<long>(std::time(nullptr) % 1000000);
  Clock::time_point pub_start = Clock::now();
  Latency publish_ms;
  for (int i = 0; i < o.publishes; ++i) {
    json tools = json::array({{{"name", "t"}, {"description", describe(6)}}});
    big.replace(0, 16, std::to_string(1000000000 + i) + "abcdef");
    Clock::time_point t = Clock::now();
    r.publish(write_manifest(staging, "durable-" + std::to_string(i % 50),
                             "2." + std::to_string(i) + "." + std::to_string(run_id), describe(10), tools, big));
    publish_ms.ms.push_back(ms_since(t));
  }
  double pub_s = ms_since(pub_start) / 1000;

  std::printf("\nresults (%ld versions, %d servers; %d queries per kind)\n", total, o.servers, o.queries);
  auto row = [](const char* what, Latency& l) {
    std::printf("  %-34s p50 %8.3f ms   p99 %8.3f ms   max %8.3f ms\n", what, l.pct(0.50), l.pct(0.99), l.pct(1.0));
  };
  row("get NAME (latest)", get_latest);
  row("get NAME VERSION", get_exact);
  row("search, one word", search_one);
  row("search, two words", search_two);
  row("search, the 10 commonest words", search_common);
  row("list, page of 50", list_page);
  row("publish (durable, 64 KiB artifact)", publish_ms);
  std::printf("  durable publish throughput: %.1f publishes/s (one process)\n", o.publishes / pub_s);
  std::printf("  search hits returned: %zu\n", hits);
  std::printf("  index size: %.1f MiB (%.0f bytes/version)\n", static_cast<double>(index_bytes(root)) / (1 << 20),
              static_cast<double>(index_bytes(root)) / static_cast<double>(total + o.publishes));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "mcpc-registry-bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--root")
      o.root = next();
    else if (a == "--servers")
      o.servers = std::stoi(next());
    else if (a == "--versions")
      o.versions = std::stoi(next());
    else if (a == "--queries")
      o.queries = std::stoi(next());
    else if (a == "--publishes")
      o.publishes = std::stoi(next());
    else if (a == "--db")
      o.db = next();
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--reuse")
      o.reuse = o.keep = true;
    else {
      std::fprintf(stderr,
                   "usage: mcpc-registry-bench [--root DIR] [--servers N] [--versions M] [--queries Q] "
                   "[--publishes P] [--db sqlite:PATH|postgresql://...] [--keep] [--reuse]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  bool temp = o.root.empty();
  if (temp) o.root = fs::temp_directory_path() / "mcpc-registry-bench";
  if (fs::exists(o.root / "registry") && !o.reuse) {
    std::fprintf(stderr, "mcpc-registry-bench: %s already holds a registry; pick another --root\n", o.root.c_str());
    return 2;
  }
  try {
    int rc = run(o);
    if (!o.keep) fs::remove_all(o.root);
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcpc-registry-bench: %s\n", e.what());
    return 1;
  }
}
