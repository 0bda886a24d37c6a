// The registry service behind `mcpc serve`: the generate/validate API, the registry API with
// registration and health checks, package search, the official MCP registry read API (v0.1 and
// v0) with publish, and the discovery page, over one registry store. A thin layer: every
// operation is the store's or the pipeline's (through JobRunner), never its own copy.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"
#include "mcpc/runtime/http_server.h"

namespace mcpc::service {

/// A failed job, with a sentence for its `error` field.
struct JobError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// What a generate job produces: a package directory ready to publish.
struct GeneratedPackage {
  std::filesystem::path manifest;  ///< manifest.json of the package (its artifacts beside it)
  std::vector<std::string> warnings;
};

/// The pipeline, as the service needs it. `mcpc serve` implements it with the compiler, the
/// backends and the packager; the service library itself never sees them.
class JobRunner {
 public:
  virtual ~JobRunner() = default;
  /// Runs a generate job's input (`{description | spec, runtime, name?}`) into a package under
  /// `work_dir`. Throws JobError with a user-facing sentence. `progress` takes short lines.
  virtual GeneratedPackage generate(const nlohmann::json& input, const std::filesystem::path& work_dir,
                                    const std::function<void(const std::string&)>& progress) = 0;
  /// Checks a spec: `{valid, errors: [{line, column, severity, message, check}], ...}`.
  virtual nlohmann::json validate(const nlohmann::json& input) = 0;
};

/// One health probe of an endpoint (the real one is an MCP handshake; tests may pass their own).
using HealthProbe = std::function<registry::HealthSample(const std::string& url, std::chrono::milliseconds timeout)>;

/// Which routes need credentials. Writes always do.
enum class ReadAccess {
  Public,       ///< every read is public (the default: a registry is for discovery)
  RegistryApi,  ///< the seed registry API (/api/registry/*) needs auth, as its design says
  All,          ///< every API read needs auth (the page and /health stay public)
};

struct ServiceOptions {
  std::filesystem::path root;  ///< the registry directory (blobs, and the SQLite index by default)
  std::string database_url;    ///< empty: sqlite under root; "sqlite:PATH" or "postgresql://..."
  /// HTTP Basic credentials (REGISTRY_USERNAME / REGISTRY_PASSWORD). Empty: Basic is off.
  std::string basic_username, basic_password;
  ReadAccess read_access = ReadAccess::Public;
  /// Value of the X-Cron-Secret header that POST /api/jobs/health-check needs (CRON_SECRET).
  /// Empty: the trigger needs write credentials instead.
  std::string cron_secret;
  /// Origins allowed by CORS on the service's own API (the official API allows "*").
  std::vector<std::string> cors_origins;
  /// Requests per minute per client address on generate and publish routes; 0: unlimited.
  std::size_t write_rate_per_minute = 30;
  std::size_t job_workers = 2;
  /// Index connections shared by requests, workers and the health checker; 0: 8 + job_workers.
  /// Give at least the HTTP server's thread count, or requests wait for a connection.
  std::size_t index_connections = 0;
  std::chrono::milliseconds job_lease{60'000};
  std::chrono::milliseconds health_interval{30'000};  ///< 0: no background checks
  std::chrono::milliseconds health_timeout{5'000};
  std::size_t max_queued_jobs = 100;  ///< pending jobs beyond this: 503
  /// Where the access log goes (JSON lines); null: nowhere.
  std::ostream* access_log = nullptr;
  JobRunner* runner = nullptr;  ///< null: generate is refused with 501
  HealthProbe probe;            ///< null: health checks are off
};

class Service {
 public:
  /// Opens the store. Throws registry::RegistryError when it cannot.
  explicit Service(ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Answers one request. Never throws.
  runtime::http::Response handle(const runtime::http::Request& request);

  /// Starts the job workers and the health checker; fails jobs left behind by dead instances.
  void start();
  /// Stops them: running jobs get `stop_grace` to finish, then fail with a reason.
  void stop(std::chrono::milliseconds stop_grace = std::chrono::milliseconds{5'000});

  /// One round of health checks now (what the trigger route runs). Returns the servers checked.
  std::size_t run_health_checks();

  /// This instance's id in job leases.
  const std::string& instance_id() const;

  struct Impl;  ///< the state the route files share (src/internal.h)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcpc::service
