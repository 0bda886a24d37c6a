// What the service's route files share: the state behind Service, a request's context, and
// the route handlers by API family. Private to mcpc_service.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_util.h"
#include "mcpc/registry/sha256.h"
#include "mcpc/service/service.h"

namespace mcpc::service {

using runtime::http::Request;
using runtime::http::Response;

/// Registry handles for concurrent requests: one connection each, borrowed per request.
class RegistryPool {
 public:
  RegistryPool(const ServiceOptions& options, std::size_t size);
  class Lease {
   public:
    Lease(RegistryPool& pool, std::unique_ptr<registry::Registry> r) : pool_(&pool), r_(std::move(r)) {}
    Lease(Lease&& other) noexcept = default;
    ~Lease();
    registry::Registry* operator->() { return r_.get(); }
    registry::Registry& operator*() { return *r_; }

   private:
    RegistryPool* pool_;
    std::unique_ptr<registry::Registry> r_;
  };
  Lease acquire();

 private:
  friend class Lease;
  std::unique_ptr<registry::Registry> open() const;
  const ServiceOptions& options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<registry::Registry>> free_;
};

/// Token buckets per client address for the costly write routes; bounded in entries.
class RateLimiter {
 public:
  explicit RateLimiter(std::size_t per_minute) : per_minute_(per_minute) {}
  /// True when `client` may make one more request now; otherwise the seconds to wait.
  bool allow(const std::string& client, int* retry_after_seconds);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  std::size_t per_minute_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

/// One request on its way through the routes.
struct Context {
  const Request& request;
  std::vector<std::string> path;             ///< decoded segments
  std::map<std::string, std::string> query;  ///< decoded parameters
  std::string principal;                     ///< who authenticated ("basic:NAME", "key:ID"), or empty
  std::string param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

struct Service::Impl {
  explicit Impl(ServiceOptions o);

  ServiceOptions options;
  std::string instance;
  RegistryPool pool;
  RateLimiter limiter;
  std::mutex log_mutex;

  // Jobs and health checks in the background.
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  bool started = false;
  std::vector<std::thread> workers;
  std::thread health_thread;
  std::atomic<std::size_t> running_jobs{0};

  Response dispatch(Context& ctx);
  /// The credentials of the request, checked: a principal, or empty when none or wrong.
  std::string authenticate(const Request& request);
  void log_access(const Request& request, const Response& response, const std::string& principal, double ms);
  void worker_loop();
  void health_loop();
  void run_job(const registry::JobRecord& job);
  std::size_t health_round(bool all_due);
  Response health();
};

// Route families (one file each). Each returns nullopt when the path is not theirs.
std::optional<Response> factory_routes(Service::Impl& s, Context& ctx);   ///< /api/generate, jobs, servers, validate
std::optional<Response> registry_routes(Service::Impl& s, Context& ctx);  ///< /api/registry/*, /api/jobs/health-check
std::optional<Response> package_routes(Service::Impl& s, Context& ctx);   ///< /api/v1/packages*
std::optional<Response> official_routes(Service::Impl& s, Context& ctx);  ///< /v0.1/*, /v0/*
std::optional<Response> artifact_routes(Service::Impl& s, Context& ctx);  ///< /artifacts/sha256/<digest>
std::optional<Response> page_routes(Service::Impl& s, Context& ctx);      ///< /, /index.html, /assets/* (web_routes.cc)

/// A scratch directory under ROOT/work for one request or job, removed when it goes away.
class WorkDir {
 public:
  WorkDir(const std::filesystem::path& root, const std::string& prefix);
  ~WorkDir();
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Responses shared by the routes.
Response unauthorized();
Response method_not_allowed(std::string_view allowed);
Response not_found(std::string_view what);
/// A write route's gate: credentials, then the rate limit. nullopt: go on.
std::optional<Response> require_write(Service::Impl& s, Context& ctx, bool rate_limited);
/// A read route's gate under ReadAccess.
std::optional<Response> require_read(Service::Impl& s, Context& ctx, bool registry_api);

/// Client configurations for a version (package artifacts) or a remote endpoint.
nlohmann::json client_configs(registry::Registry& reg, const registry::ServerRecord& server,
                              const std::optional<registry::VersionRecord>& version);
/// A version's tools as the APIs show them ({name, description, input_schema[, category]}).
nlohmann::json tools_json(const registry::VersionRecord& version, bool with_category = false);
/// A version's artifacts with their download URLs (/artifacts/sha256/DIGEST).
nlohmann::json artifacts_json(const registry::VersionRecord& version);

/// Milliseconds since the Unix epoch: the clock of job leases and health-check rounds.
std::int64_t now_ms();
/// The address part of "host:port" (IPv6 in brackets kept whole): whom rate limits count.
std::string client_of(const std::string& remote_address);

/// A store error as an HTTP answer (400/404/409/500).
Response store_error(const registry::RegistryError& e);

}  // namespace mcpc::service
