// A Service over a scratch registry, called in-process: requests built like the HTTP server
// builds them, answers parsed as JSON.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "../registry/registry_test_support.h"
#include "mcpc/service/service.h"

namespace mcpc::service::testing {

using nlohmann::json;
using runtime::http::Request;
using runtime::http::Response;
namespace fs = std::filesystem;

inline std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  while (out.size() % 4) out += '=';
  return out;
}

struct Answer {
  int status = 0;
  json body;
  Response raw;
  std::string header(std::string_view name) const {
    for (const auto& [k, v] : raw.headers) {
      if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          }))
        return v;
    }
    return {};
  }
};

class ServiceTest : public ::testing::Test {
 protected:
  mcpc::testing::TempDir dir_{"service"};
  std::ostringstream log_;
  std::unique_ptr<Service> service_;
  int packages_ = 0;

  virtual void configure(ServiceOptions& o) { (void)o; }

  void SetUp() override {
    ServiceOptions o;
    o.root = dir_ / "registry";
    o.basic_username = "admin";
    o.basic_password = "s3cret-pass";
    o.cron_secret = "cron-xyz";
    o.access_log = &log_;
    o.write_rate_per_minute = 1000;
    configure(o);
    service_ = std::make_unique<Service>(o);
  }

  Answer call(const std::string& method, const std::string& target, const std::string& body = "",
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.remote_address = "127.0.0.1:5555";
    r.headers = std::move(headers);
    r.headers.emplace_back("Host", "registry.test");
    Answer a;
    a.raw = service_->handle(r);
    a.status = a.raw.status;
    a.body = json::parse(a.raw.body, nullptr, false);
    return a;
  }
  std::pair<std::string, std::string> basic(const std::string& user = "admin",
                                            const std::string& pass = "s3cret-pass") {
    return {"Authorization", "Basic " + base64(user + ":" + pass)};
  }
  Answer get(const std::string& target) { return call("GET", target); }
  Answer post(const std::string& target, const json& body, bool auth = true) {
    std::vector<std::pair<std::string, std::string>> h;
    if (auth) h.push_back(basic());
    return call("POST", target, body.dump(), h);
  }

  // A package published straight into the store (what `mcpc publish` does).
  void publish(const registry::testing::PackageSpec& p) {
    registry::Registry reg = registry::Registry::open(dir_ / "registry");
    reg.publish(registry::testing::write_package(dir_ / ("pkg" + std::to_string(packages_++)), p));
  }

  static json register_payload(const std::string& name) {
    return {{"name", name},
            {"display_name", "The " + name},
            {"description", "Forecasts for " + name},
            {"server_type", "community"},
            {"endpoint_url", "http://127.0.0.1:9/mcp"},
            {"metadata", {{"author", "Ada"}, {"tags", {"weather"}}}},
            {"tools",
             {{{"name", "forecast"},
               {"description", "Forecast for a city"},
               {"input_schema", {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}}}}}}};
  }
};

}  // namespace mcpc::service::testing
