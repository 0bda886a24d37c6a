// The service's frame: request parsing, authentication, CORS, the access log, /health, and the
// background job workers and health checker. Routes live in api_*.cc.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "internal.h"

namespace mcpc::service {
namespace fs = std::filesystem;
using nlohmann::json;
using registry::Registry;
using registry::RegistryError;

namespace {

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_official_read(const std::vector<std::string>& path) {
  return !path.empty() && (path[0] == "v0.1" || path[0] == "v0") && path.size() >= 2 && path[1] == "servers";
}

}  // namespace

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string client_of(const std::string& remote) {
  std::size_t colon = remote.rfind(':');
  return colon == std::string::npos ? remote : remote.substr(0, colon);
}

// --- pool and limiter --------------------------------------------------------------------

RegistryPool::RegistryPool(const ServiceOptions& options, std::size_t size) : options_(options) {
  for (std::size_t i = 0; i < size; ++i) free_.push_back(open());
}

std::unique_ptr<Registry> RegistryPool::open() const {
  registry::OpenOptions o;
  o.database_url = options_.database_url;
  return std::make_unique<Registry>(Registry::open(options_.root, o));
}

RegistryPool::Lease RegistryPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !free_.empty(); });
  std::unique_ptr<Registry> r = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(r));
}

RegistryPool::Lease::~Lease() {
  if (!r_) return;
  std::lock_guard lock(pool_->mutex_);
  pool_->free_.push_back(std::move(r_));
  pool_->available_.notify_one();
}

bool RateLimiter::allow(const std::string& client, int* retry_after_seconds) {
  if (per_minute_ == 0) return true;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    // Bounded: when full, forget every bucket that has refilled (they hold no information).
    if (buckets_.size() >= 10'000) {
      for (auto b = buckets_.begin(); b != buckets_.end();) {
        double elapsed = std::chrono::duration<double>(now - b->second.last).count();
        b = elapsed >= 60.0 ? buckets_.erase(b) : std::next(b);
      }
      if (buckets_.size() >= 10'000) buckets_.erase(buckets_.begin());
    }
    it = buckets_.emplace(client, Bucket{static_cast<double>(per_minute_), now}).first;
  }
  Bucket& b = it->second;
  double rate = static_cast<double>(per_minute_) / 60.0;
  b.tokens =
      std::min(static_cast<double>(per_minute_), b.tokens + std::chrono::duration<double>(now - b.last).count() * rate);
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after_seconds) *retry_after_seconds = static_cast<int>((1.0 - b.tokens) / rate) + 1;
  return false;
}

WorkDir::WorkDir(const fs::path& root, const std::string& prefix)
    : path_(root / "work" / (prefix + "-" + registry::random_hex(8))) {
  std::error_code ec;
  fs::create_directories(path_, ec);
  if (ec) throw RegistryError(RegistryError::Kind::Io, "cannot create " + path_.string() + ": " + ec.message());
}

WorkDir::~WorkDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

// --- shared responses --------------------------------------------------------------------

Response unauthorized() {
  Response r = http_util::error_response(401, "UNAUTHORIZED", "Authentication required");
  r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"mcpc registry\", Bearer");
  return r;
}

Response method_not_allowed(std::string_view allowed) {
  Response r = http_util::error_response(405, "METHOD_NOT_ALLOWED",
                                         "Method not allowed (allowed: " + std::string(allowed) + ")");
  r.headers.emplace_back("Allow", std::string(allowed));
  return r;
}

Response not_found(std::string_view what) { return http_util::error_response(404, "NOT_FOUND", what); }

Response store_error(const RegistryError& e) {
  switch (e.kind()) {
    case RegistryError::Kind::Invalid:
      return http_util::error_response(400, "VALIDATION_ERROR", e.what());
    case RegistryError::Kind::NotFound:
      return http_util::error_response(404, "NOT_FOUND", e.what());
    case RegistryError::Kind::Conflict:
      return http_util::error_response(409, "CONFLICT", e.what());
    case RegistryError::Kind::Io:
      break;
  }
  std::cerr << "mcpc serve: store error: " << e.what() << "\n";
  return http_util::error_response(500, "INTERNAL_ERROR", "Internal server error");
}

std::optional<Response> require_write(Service::Impl& s, Context& ctx, bool rate_limited) {
  if (ctx.principal.empty()) return unauthorized();
  int retry = 0;
  if (rate_limited && !s.limiter.allow(client_of(ctx.request.remote_address), &retry)) {
    Response r = http_util::error_response(429, "RATE_LIMITED", "Too many requests; try again later");
    r.headers.emplace_back("Retry-After", std::to_string(retry));
    return r;
  }
  return std::nullopt;
}

std::optional<Response> require_read(Service::Impl& s, Context& ctx, bool registry_api) {
  bool needed =
      s.options.read_access == ReadAccess::All || (s.options.read_access == ReadAccess::RegistryApi && registry_api);
  if (needed && ctx.principal.empty()) return unauthorized();
  return std::nullopt;
}

// --- the service -------------------------------------------------------------------------

Service::Impl::Impl(ServiceOptions o)
    : options(std::move(o)),
      instance(registry::random_hex(8)),
      pool(options, options.index_connections > 0 ? options.index_connections : 8 + options.job_workers),
      limiter(options.write_rate_per_minute) {}

Service::Service(ServiceOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Service::~Service() { stop(std::chrono::milliseconds{0}); }

const std::string& Service::instance_id() const { return impl_->instance; }

std::string Service::Impl::authenticate(const Request& request) {
  std::string_view auth = request.header("Authorization");
  if (auth.size() > 4096) return {};
  auto scheme_is = [&](std::string_view scheme) {
    if (auth.size() <= scheme.size() || auth[scheme.size()] != ' ') return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(auth[i])) != scheme[i]) return false;
    }
    return true;
  };
  if (scheme_is("basic")) {
    if (options.basic_username.empty() || options.basic_password.empty()) return {};
    std::optional<std::string> decoded = http_util::base64_decode(auth.substr(6));
    if (!decoded) return {};
    std::size_t colon = decoded->find(':');
    if (colon == std::string::npos) return {};
    // Both compared whole, whatever the first result, so the time says nothing about which failed.
    bool user_ok = http_util::constant_time_equal(decoded->substr(0, colon), options.basic_username);
    bool pass_ok = http_util::constant_time_equal(decoded->substr(colon + 1), options.basic_password);
    return user_ok && pass_ok ? "basic:" + options.basic_username : std::string();
  }
  if (scheme_is("bearer")) {
    std::string_view token = auth.substr(7);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    auto reg = pool.acquire();
    if (std::optional<registry::ApiKeyRecord> key = reg->check_api_key(token)) return "key:" + key->id;
  }
  return {};
}

void Service::Impl::log_access(const Request& request, const Response& response, const std::string& principal,
                               double ms) {
  if (options.access_log == nullptr) return;
  // The path only: query strings may carry search text, and never a header (credentials).
  std::string_view path = std::string_view(request.target).substr(0, request.target.find('?'));
  json line = {{"time", now_iso()},
               {"remote", request.remote_address},
               {"method", request.head_only ? std::string("HEAD") : request.method},
               {"path", http_util::printable(path, 512)},
               {"status", response.status},
               {"bytes", response.body.size()},
               {"ms", std::round(ms * 100) / 100},
               {"principal", principal}};
  std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard lock(log_mutex);
  *options.access_log << text << '\n' << std::flush;
}

Response Service::Impl::health() {
  json body = {{"status", "ok"}};
  bool ok = true;
  const std::string& url = options.database_url;
  const char* kind = url.rfind("postgres", 0) == 0 ? "postgresql" : "sqlite";
  try {
    auto reg = pool.acquire();
    auto t0 = std::chrono::steady_clock::now();
    registry::ServerQuery q;
    q.limit = 1;
    reg->servers(q);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    body["database"] = {{"status", "ok"}, {"kind", kind}, {"latency_ms", std::round(ms * 100) / 100}};
  } catch (const std::exception&) {
    ok = false;
    body["database"] = {{"status", "error"}, {"kind", kind}};
  }
  fs::path blobs = options.root / "blobs";
  bool store_ok = ::access(options.root.c_str(), W_OK) == 0;
  body["store"] = {{"status", store_ok ? "ok" : "error"}, {"kind", "directory"}};
  ok = ok && store_ok;
  body["jobs"] = {{"workers", options.job_workers}, {"running", running_jobs.load()}};
  body["status"] = ok ? "ok" : "error";
  return http_util::json_response(ok ? 200 : 503, body);
}

Response Service::Impl::dispatch(Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  const std::string& method = ctx.request.method;
  if (p.size() == 1 && p[0] == "health") {
    if (method != "GET") return method_not_allowed("GET, HEAD");
    return health();
  }
  for (auto* family :
       {factory_routes, registry_routes, package_routes, official_routes, artifact_routes, page_routes}) {
    if (std::optional<Response> r = family(*this, ctx)) return std::move(*r);
  }
  return not_found("No such route");
}

Response Service::handle(const Request& request) {
  auto t0 = std::chrono::steady_clock::now();
  Impl& s = *impl_;
  Response response;
  std::string principal;
  try {
    std::optional<std::vector<std::string>> path = http_util::path_segments(request.target);
    std::optional<std::map<std::string, std::string>> query = http_util::query_parameters(request.target);
    if (!path || !query) {
      response = http_util::error_response(400, "VALIDATION_ERROR", "Malformed request target");
    } else {
      Context ctx{request, std::move(*path), std::move(*query), {}};
      bool official =
          is_official_read(ctx.path) || (!ctx.path.empty() && (ctx.path[0] == "v0.1" || ctx.path[0] == "v0"));
      std::string_view origin = request.header("Origin");
      bool origin_allowed = false;
      for (const std::string& o : s.options.cors_origins) origin_allowed = origin_allowed || o == "*" || o == origin;
      if (request.method == "OPTIONS") {
        response.status = 204;
        response.content_type.clear();
      } else {
        principal = s.authenticate(request);
        ctx.principal = principal;
        response = s.dispatch(ctx);
      }
      if (official) {
        // The official API's CORS (GitHub's requirement for registries, formats.md 1.9 A6).
        response.headers.emplace_back("Access-Control-Allow-Origin", "*");
        response.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        response.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.headers.emplace_back("Access-Control-Max-Age", "86400");
      } else if (!origin.empty() && origin_allowed) {
        response.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
        response.headers.emplace_back("Vary", "Origin");
        response.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        response.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Cron-Secret");
        response.headers.emplace_back("Access-Control-Max-Age", "600");
      } else if (request.method == "OPTIONS" && !origin.empty()) {
        response = http_util::error_response(403, "CORS_REFUSED", "This origin may not call the API");
      }
    }
  } catch (const RegistryError& e) {
    response = store_error(e);
  } catch (const std::exception& e) {
    std::cerr << "mcpc serve: " << http_util::printable(e.what(), 300) << "\n";
    response = http_util::error_response(500, "INTERNAL_ERROR", "Internal server error");
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  s.log_access(request, response, principal, ms);
  return response;
}

// --- background work ---------------------------------------------------------------------

void Service::start() {
  Impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  if (s.started) return;
  s.started = true;
  s.stopping = false;
  {
    auto reg = s.pool.acquire();
    std::size_t n = reg->fail_abandoned_jobs(now_ms(), "the service stopped while this job ran (its lease expired)");
    if (n > 0) std::cerr << "mcpc serve: marked " << n << " job(s) left running by a stopped instance as failed\n";
  }
  if (s.options.runner != nullptr) {
    for (std::size_t i = 0; i < s.options.job_workers; ++i) s.workers.emplace_back([&s] { s.worker_loop(); });
  }
  if (s.options.probe && s.options.health_interval.count() > 0)
    s.health_thread = std::thread([&s] { s.health_loop(); });
}

void Service::stop(std::chrono::milliseconds stop_grace) {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    if (!s.started) return;
    s.stopping = true;
  }
  s.wake.notify_all();
  auto deadline = std::chrono::steady_clock::now() + stop_grace;
  while (s.running_jobs.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (s.running_jobs.load() > 0) {
    // Jobs still running fail now with the reason; their threads finish and drop the result.
    auto reg = s.pool.acquire();
    reg->fail_abandoned_jobs(now_ms(), "the service stopped before the job finished", s.instance);
  }
  for (std::thread& t : s.workers) t.join();
  s.workers.clear();
  if (s.health_thread.joinable()) s.health_thread.join();
  std::lock_guard lock(s.mutex);
  s.started = false;
}

void Service::Impl::worker_loop() {
  const auto lease = options.job_lease.count();
  while (true) {
    {
      std::unique_lock lock(mutex);
      if (stopping) return;
    }
    std::optional<registry::JobRecord> job;
    try {
      auto reg = pool.acquire();
      reg->fail_abandoned_jobs(now_ms(), "the instance running this job stopped (its lease expired)");
      job = reg->claim_job(instance, now_ms(), lease);
    } catch (const std::exception& e) {
      std::cerr << "mcpc serve: job queue: " << http_util::printable(e.what(), 300) << "\n";
    }
    if (!job) {
      std::unique_lock lock(mutex);
      wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping; });
      continue;
    }
    ++running_jobs;
    run_job(*job);
    --running_jobs;
  }
}

std::size_t Service::run_health_checks() { return impl_->health_round(true); }

std::size_t Service::Impl::health_round(bool all_due) {
  if (!options.probe) return 0;
  std::vector<registry::HealthTarget> due;
  {
    auto reg = pool.acquire();
    if (all_due) reg->make_health_checks_due();
    due = reg->claim_health_checks(now_ms(), std::max<std::int64_t>(options.health_interval.count(), 1000));
  }
  for (const registry::HealthTarget& t : due) {
    registry::HealthSample sample = options.probe(t.endpoint_url, options.health_timeout);
    auto reg = pool.acquire();
    reg->record_health(t.id, sample);
  }
  return due.size();
}

void Service::Impl::health_loop() {
  while (true) {
    try {
      health_round(false);
    } catch (const std::exception& e) {
      std::cerr << "mcpc serve: health checks: " << http_util::printable(e.what(), 300) << "\n";
    }
    std::unique_lock lock(mutex);
    if (wake.wait_for(lock, std::chrono::milliseconds(1000), [&] { return stopping; })) return;
  }
}

}  // namespace mcpc::service
