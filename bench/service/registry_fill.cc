// mcpc-registry-fill: publishes N synthetic but realistic servers into a registry (SQLite or
// PostgreSQL index) for the service benchmark (bench/service/run.sh, docs/performance.md,
// "Registry service"). The content depends only on --seed and --servers, so the SQLite and the
// PostgreSQL registries hold the same servers. Non-durable (no fsync): the registry is rebuilt
// whenever it is lost.
//
// It also writes the load client's URL lists (list, search and get paths) next to the registry,
// drawn from the names and words it published.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "mcpc/registry/registry.h"

namespace {

namespace fs = std::filesystem;
namespace reg = mcpc::registry;
using nlohmann::json;

// Words a registry of MCP servers is made of: domains, verbs, nouns. Descriptions draw from them
// with a skew (the first words far more often), so a few words match thousands of servers and
// most match a handful.
constexpr const char* kWords[] = {
    "data",         "files",     "search",     "github",     "weather",     "database",    "notes",      "calendar",
    "email",        "slack",     "docs",       "issues",     "query",       "postgres",    "sqlite",     "browser",
    "memory",       "time",      "maps",       "translate",  "finance",     "stocks",      "crypto",     "news",
    "music",        "video",     "images",     "pdf",        "markdown",    "spreadsheet", "invoice",    "payments",
    "shipping",     "inventory", "orders",     "customers",  "tickets",     "support",     "chat",       "logs",
    "metrics",      "alerts",    "kubernetes", "docker",     "terraform",   "aws",         "azure",      "gcp",
    "cloudflare",   "dns",       "http",       "graphql",    "rest",        "webhooks",    "cron",       "queue",
    "kafka",        "redis",     "mongo",      "elastic",    "vector",      "embeddings",  "rag",        "llm",
    "prompt",       "summarize", "classify",   "extract",    "convert",     "resize",      "compress",   "archive",
    "backup",       "restore",   "sync",       "upload",     "download",    "share",       "publish",    "schedule",
    "remind",       "track",     "monitor",    "deploy",     "build",       "test",        "lint",       "format",
    "review",       "commit",    "branch",     "merge",      "release",     "version",     "package",    "registry",
    "npm",          "pypi",      "cargo",      "maven",      "gradle",      "jira",        "linear",     "notion",
    "confluence",   "trello",    "asana",      "figma",      "sketch",      "canvas",      "diagram",    "chart",
    "report",       "dashboard", "analytics",  "survey",     "forms",       "contacts",    "crm",        "sales",
    "marketing",    "seo",       "ads",        "social",     "twitter",     "reddit",      "youtube",    "podcast",
    "recipes",      "fitness",   "health",     "medical",    "legal",       "contracts",   "tax",        "accounting",
    "budget",       "travel",    "flights",    "hotels",     "booking",     "restaurant",  "delivery",   "transit",
    "geocode",      "routing",   "satellite",  "climate",    "energy",      "solar",       "sensors",    "iot",
    "home",         "lights",    "thermostat", "camera",     "security",    "secrets",     "vault",      "auth",
    "oauth",        "users",     "roles",      "audit",      "compliance",  "privacy",     "encryption", "keys",
    "certificates", "ssh",       "terminal",   "shell",      "python",      "javascript",  "rust",       "golang",
    "compiler",     "debugger",  "profiler",   "benchmark",  "coverage",    "snapshot",    "fixtures",   "mocks",
    "wiki",         "glossary",  "dictionary", "thesaurus",  "quotes",      "books",       "library",    "papers",
    "arxiv",        "citations", "patents",    "trademarks", "jobs",        "resumes",     "interviews", "hiring",
    "payroll",      "expenses",  "receipts",   "scanner",    "ocr",         "speech",      "audio",      "voice",
    "transcribe",   "subtitles", "fonts",      "colors",     "icons",       "emoji",       "games",      "chess",
    "sports",       "scores",    "lottery",    "wildfires",  "earthquakes", "tides",       "astronomy",  "planets"};
constexpr std::size_t kWordCount = std::size(kWords);

constexpr const char* kOwners[] = {"acme",   "contoso", "initech",  "globex",    "umbrella",  "hooli",    "stark",
                                   "wayne",  "wonka",   "tyrell",   "cyberdyne", "soylent",   "aperture", "blackmesa",
                                   "oscorp", "massive", "vandelay", "prestige",  "gringotts", "dunder"};

struct Generator {
  std::mt19937 rng;
  explicit Generator(unsigned seed) : rng(seed) {}

  const char* word() {
    std::uniform_real_distribution<double> u(0, 1);
    double x = u(rng);
    return kWords[static_cast<std::size_t>(x * x * static_cast<double>(kWordCount - 1))];
  }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  std::string sentence(int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
      if (i) s += ' ';
      s += word();
    }
    return s;
  }
};

json input_schema(Generator& g) {
  json props = json::object();
  json required = json::array();
  int n = g.between(1, 4);
  for (int i = 0; i < n; ++i) {
    std::string p = std::string(g.word()) + "_" + std::to_string(i);
    switch (g.between(0, 3)) {
      case 0:
        props[p] = {{"type", "string"}, {"description", g.sentence(5)}, {"maxLength", 256}};
        break;
      case 1:
        props[p] = {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}, {"default", 10}};
        break;
      case 2:
        props[p] = {{"type", "string"}, {"enum", {g.word(), g.word(), g.word()}}};
        break;
      default:
        props[p] = {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", 20}};
    }
    if (i == 0) required.push_back(p);
  }
  return {{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}};
}

struct Options {
  fs::path root;
  fs::path out;  // the URL lists
  std::string db;
  int servers = 10000;
  unsigned seed = 1;
};

int run(const Options& o) {
  Generator g(o.seed);
  fs::path staging = o.root / "staging";
  fs::create_directories(staging);
  fs::create_directories(o.out);
  reg::OpenOptions bulk;
  bulk.durable = false;
  bulk.database_url = o.db;
  reg::Registry r = reg::Registry::open(o.root / "registry", bulk);

  std::vector<std::string> names;
  std::set<std::string> used;
  auto start = std::chrono::steady_clock::now();
  long versions = 0;
  for (int s = 0; s < o.servers; ++s) {
    // io.github.OWNER/WORD-WORD, unique by a numeric suffix.
    std::string slug = std::string(g.word()) + "-" + g.word();
    std::string name =
        std::string("io.github.") + kOwners[g.between(0, static_cast<int>(std::size(kOwners)) - 1)] + "/" + slug;
    if (!used.insert(name).second) {
      name += '-';
      name += std::to_string(s);
      used.insert(name);
    }
    names.push_back(name);
    std::string title = slug;
    title[0] = static_cast<char>(title[0] - 'a' + 'A');
    std::string description = "MCP server for " + g.sentence(g.between(6, 18));
    json tags = json::array();
    for (int t = g.between(1, 4); t > 0; --t) tags.push_back(g.word());
    // A quarter of the servers have older versions too.
    int n_versions = s % 4 == 0 ? 3 : 1;
    for (int v = 0; v < n_versions; ++v) {
      std::string version = "1." + std::to_string(v) + "." + std::to_string(g.between(0, 9));
      json tools = json::array();
      for (int t = g.between(3, 8); t > 0; --t) {
        tools.push_back({{"name", std::string(g.word()) + "_" + g.word() + "_" + std::to_string(t)},
                         {"description", g.sentence(g.between(5, 15))},
                         {"input_schema", input_schema(g)}});
      }
      json server = {{"$schema", "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json"},
                     {"name", name},
                     {"title", title},
                     {"description", description.substr(0, 100)},
                     {"version", version},
                     {"repository", {{"url", "https://github.com/example/" + slug}, {"source", "github"}}},
                     {"packages", json::array({{{"registryType", "npm"},
                                                {"identifier", "@example/" + slug},
                                                {"version", version},
                                                {"transport", {{"type", "stdio"}}}}})}};
      std::ofstream(staging / "server.json", std::ios::binary | std::ios::trunc) << server.dump();
      json manifest = {
          {"format", "mcpc-manifest/1"},
          {"name", name},
          {"version", version},
          {"title", title},
          {"description", description},
          {"runtime", "native"},
          {"registry_name", name},
          {"tools", tools},
          {"metadata",
           {{"tags", tags},
            {"author", kOwners[s % std::size(kOwners)]},
            {"repository", "https://github.com/example/" + slug}}},
          {"artifacts",
           json::array({{{"role", "server.json"}, {"file", "server.json"}, {"media_type", "application/json"}}})}};
      std::ofstream(staging / "manifest.json", std::ios::binary | std::ios::trunc) << manifest.dump();
      r.publish(staging / "manifest.json");
      ++versions;
    }
    if ((s + 1) % 1000 == 0) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "  %d servers, %ld versions, %.1f s\n", s + 1, versions, secs);
    }
  }
  fs::remove_all(staging);

  // The URL lists: the percent-encoded name for path segments ('/' is the only reserved
  // character names contain).
  auto encoded = [](std::string n) {
    std::size_t slash = n.find('/');
    if (slash != std::string::npos) n.replace(slash, 1, "%2F");
    return n;
  };
  std::ofstream get_official(o.out / "get-official.txt"), get_packages(o.out / "get-packages.txt");
  std::mt19937 pick(o.seed + 1);
  for (int i = 0; i < 2000; ++i) {
    const std::string& n = names[std::uniform_int_distribution<std::size_t>(0, names.size() - 1)(pick)];
    get_official << "/v0.1/servers/" << encoded(n) << "/versions/latest\n";
    get_packages << "/api/v1/packages/" << encoded(n) << "\n";
  }
  // Search: one or two of the words the descriptions use (common and rare alike), and name
  // substrings for the official API's search.
  std::ofstream search_packages(o.out / "search-packages.txt"), search_official(o.out / "search-official.txt");
  for (int i = 0; i < 2000; ++i) {
    std::string q = kWords[std::uniform_int_distribution<std::size_t>(0, kWordCount - 1)(pick)];
    if (i % 3 == 0) q += std::string("+") + kWords[std::uniform_int_distribution<std::size_t>(0, kWordCount - 1)(pick)];
    search_packages << "/api/v1/packages/search?q=" << q << "\n";
    const std::string& n = names[std::uniform_int_distribution<std::size_t>(0, names.size() - 1)(pick)];
    std::string slug = n.substr(n.find('/') + 1);
    std::size_t len = std::uniform_int_distribution<std::size_t>(3, std::min<std::size_t>(slug.size(), 10))(pick);
    std::string sub = slug.substr(0, len);
    if (!sub.empty() && sub.back() == '-') sub.pop_back();
    search_official << "/v0.1/servers?search=" << sub << "&limit=30\n";
  }
  std::ofstream(o.out / "list-official.txt") << "/v0.1/servers?limit=30\n";
  std::ofstream(o.out / "list-packages.txt") << "/api/v1/packages?limit=50\n";

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("published %d servers (%ld versions) in %.1f s (%.0f publishes/s, no fsync)\n", o.servers, versions, secs,
              static_cast<double>(versions) / secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "mcpc-registry-fill: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--root")
      o.root = next();
    else if (a == "--urls")
      o.out = next();
    else if (a == "--db")
      o.db = next();
    else if (a == "--servers")
      o.servers = std::stoi(next());
    else if (a == "--seed")
      o.seed = static_cast<unsigned>(std::stoul(next()));
    else {
      std::fprintf(stderr,
                   "usage: mcpc-registry-fill --root DIR [--urls DIR] [--db sqlite:PATH|postgresql://...] "
                   "[--servers N] [--seed S]\n"
                   "  publishes N servers into DIR/registry (the index at --db if given) and writes the load\n"
                   "  client's URL lists into --urls (default DIR)\n");
      return a == "--help" ? 0 : 2;
    }
  }
  if (o.root.empty()) {
    std::fprintf(stderr, "mcpc-registry-fill: --root is required\n");
    return 2;
  }
  if (o.out.empty()) o.out = o.root;
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcpc-registry-fill: %s\n", e.what());
    return 1;
  }
}
