// libFuzzer target for the registry service's routes (registry/service): the input is one
// request — "METHOD TARGET\n", header lines "Name: value\n", an empty line, then the body — to
// Service::handle over a scratch registry that holds one published server, one registered
// remote and an API key. Every answer must be a status the service documents with a JSON body
// (or an asset or artifact), and no exception may escape (handle() never throws).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "mcpc/service/service.h"

namespace fs = std::filesystem;
using mcpc::runtime::http::Request;
using mcpc::runtime::http::Response;

namespace {

mcpc::service::Service& service() {
  static mcpc::service::Service* s = [] {
    char pattern[] = "/tmp/mcpc-service-fuzz-XXXXXX";
    const char* dir = ::mkdtemp(pattern);
    if (dir == nullptr) std::abort();
    fs::path root = fs::path(dir) / "registry";
    {
      // A published package (one server.json artifact) and its manifest.
      fs::path pkg = fs::path(dir) / "pkg";
      fs::create_directories(pkg);
      std::ofstream(pkg / "server.json")
          << R"({"name":"io.github.fuzz/weather","description":"Weather","version":"1.0.0"})";
      std::ofstream(pkg / "manifest.json")
          << R"({"format":"mcpc-manifest/1","name":"weather","version":"1.0.0","title":"Weather","registry_name":"io.github.fuzz/weather",)"
             R"("tools":[{"name":"forecast","description":"Forecast","input_schema":{"type":"object"}}],)"
             R"("metadata":{"tags":["weather"]},"artifacts":[{"role":"server.json","file":"server.json"}]})";
      mcpc::registry::Registry reg = mcpc::registry::Registry::open(root);
      reg.publish(pkg / "manifest.json");
    }
    mcpc::service::ServiceOptions o;
    o.root = root;
    o.basic_username = "admin";
    o.basic_password = "pw";
    o.cron_secret = "cron";
    o.write_rate_per_minute = 0;
    return new mcpc::service::Service(o);
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Request r;
  std::size_t eol = in.find('\n');
  std::string_view line = in.substr(0, eol);
  std::size_t sp = line.find(' ');
  r.method = std::string(line.substr(0, sp));
  r.target = sp == std::string_view::npos ? "/" : std::string(line.substr(sp + 1));
  r.remote_address = "127.0.0.1:1";
  std::size_t pos = eol == std::string_view::npos ? in.size() : eol + 1;
  while (pos < in.size()) {
    std::size_t end = in.find('\n', pos);
    if (end == std::string_view::npos) end = in.size();
    std::string_view h = in.substr(pos, end - pos);
    pos = end + 1;
    if (h.empty()) break;
    std::size_t colon = h.find(':');
    if (colon == std::string_view::npos || r.headers.size() >= 16) continue;
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::string(h.substr(0, colon)), std::string(value));
  }
  if (pos < in.size()) r.body = std::string(in.substr(pos));
  // Writes that would grow the registry without bound stay out: the store's publish path has
  // its own fuzz target (manifest_fuzz), and a registry that fills up slows every later input.
  if (r.method == "POST" && (r.target.rfind("/api/generate", 0) == 0)) return 0;
  Response a = service().handle(r);
  if (a.status < 200 || a.status > 599) std::abort();
  if (a.content_type == "application/json") {
    nlohmann::json body = nlohmann::json::parse(a.body, nullptr, false);
    if (body.is_discarded()) std::abort();
  }
  return 0;
}
