// The generate/validate API: POST /api/generate queues a job that runs the pipeline and
// publishes its package; GET /api/jobs/:id, GET /api/servers[/:name], POST /api/validate.
#include <fstream>
#include <iostream>

#include "internal.h"

namespace mcpc::service {
namespace fs = std::filesystem;
using nlohmann::json;
using registry::RegistryError;

namespace {

constexpr std::size_t kMaxDescriptionBytes = 20'000;

bool valid_job_id(std::string_view id) {
  if (id.size() != 4 + 24 || id.substr(0, 4) != "job_") return false;
  for (char c : id.substr(4)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

json job_json(const registry::JobRecord& j) {
  json out = {{"job_id", j.id}, {"status", j.status}, {"created_at", j.created_at}, {"attempts", j.attempts}};
  if (!j.started_at.empty()) out["started_at"] = j.started_at;
  if (!j.completed_at.empty()) out["completed_at"] = j.completed_at;
  if (j.status == "complete") out["result"] = json::parse(j.result, nullptr, false);
  if (j.status == "failed") out["error"] = j.error;
  return out;
}

// The input of a generate job, checked: {description | spec, runtime, name?, version?}.
std::optional<Response> check_generate_input(const json& body, json& input) {
  json details = json::array();
  auto problem = [&](const std::string& path, const std::string& message) {
    details.push_back({{"path", path}, {"message", message}});
  };
  bool has_description = body.contains("description");
  bool has_spec = body.contains("spec");
  if (has_description == has_spec) problem("", "give exactly one of 'description' and 'spec'");
  if (has_description) {
    if (!body["description"].is_string() || body["description"].get<std::string>().empty()) {
      problem("description", "must be a non-empty string");
    } else if (body["description"].get<std::string>().size() > kMaxDescriptionBytes) {
      problem("description", "must be at most 20000 bytes");
    } else {
      input["description"] = body["description"];
    }
  }
  if (has_spec) {
    if (body["spec"].is_string() || body["spec"].is_object()) {
      input["spec"] = body["spec"];
    } else {
      problem("spec", "must be the spec's YAML or JSON text, or a JSON object");
    }
  }
  std::string runtime = "node";
  if (body.contains("runtime")) {
    if (!body["runtime"].is_string() || (body["runtime"] != "node" && body["runtime"] != "cpp")) {
      problem("runtime", "must be 'node' or 'cpp'");
    } else {
      runtime = body["runtime"];
    }
  }
  input["runtime"] = runtime;
  for (const char* key : {"name", "version"}) {
    if (!body.contains(key)) continue;
    if (!body[key].is_string() || body[key].get<std::string>().empty() || body[key].get<std::string>().size() > 200) {
      problem(key, "must be a non-empty string of at most 200 bytes");
    } else if (auto why = key == std::string_view("name") ? registry::name_problem(body[key].get<std::string>())
                                                          : registry::version_problem(body[key].get<std::string>())) {
      problem(key, *why);  // the job publishes under it: refused now, not after the build
    } else {
      input[key] = body[key];
    }
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "description" && key != "spec" && key != "runtime" && key != "name" && key != "version") {
      problem(key, "unknown field");
    }
  }
  if (details.empty()) return std::nullopt;
  return http_util::error_response(400, "VALIDATION_ERROR", "Validation failed", details);
}

Response generate(Service::Impl& s, Context& ctx) {
  if (auto gate = require_write(s, ctx, true)) return *gate;
  if (s.options.runner == nullptr) {
    return http_util::error_response(501, "NOT_IMPLEMENTED", "This service does not run generate jobs");
  }
  http_util::JsonBody body = http_util::parse_json_object(ctx.request);
  if (body.error) return *body.error;
  json input = json::object();
  if (auto bad = check_generate_input(body.value, input)) return *bad;
  std::string id = "job_" + registry::random_hex(12);
  {
    auto reg = s.pool.acquire();
    registry::JobCounts counts = reg->job_counts();
    if (counts.pending >= s.options.max_queued_jobs) {
      Response r = http_util::error_response(503, "QUEUE_FULL", "Too many jobs are waiting; try again later");
      r.headers.emplace_back("Retry-After", "30");
      return r;
    }
    reg->create_job(id, "generate", input.dump());
  }
  s.wake.notify_all();
  Response r = http_util::json_response(202, {{"job_id", id}, {"status", "pending"}});
  r.headers.emplace_back("Location", "/api/jobs/" + id);
  return r;
}

Response get_job(Service::Impl& s, Context& ctx, const std::string& id) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  if (!valid_job_id(id)) return not_found("No such job");
  auto reg = s.pool.acquire();
  std::optional<registry::JobRecord> job = reg->job(id);
  if (!job) return not_found("No such job");
  return http_util::json_response(200, job_json(*job));
}

Response list_servers(Service::Impl& s, Context& ctx) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  auto reg = s.pool.acquire();
  json servers = json::array();
  for (const registry::ServerRecord& r : reg->servers()) {
    servers.push_back({{"name", r.name},
                       {"version", r.latest_version},
                       {"description", r.description},
                       {"runtime", r.runtime},
                       {"status", r.version_status}});
  }
  return http_util::json_response(200, {{"servers", servers}});
}

Response get_server(Service::Impl& s, Context& ctx, const std::string& name) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  if (registry::name_problem(name)) return not_found("No such server");
  auto reg = s.pool.acquire();
  std::optional<registry::ServerRecord> server = reg->server(std::string_view(name));
  std::optional<registry::VersionRecord> v = reg->get(name);
  if (!server || !v) return not_found("No such server");
  json configs = client_configs(*reg, *server, v);
  return http_util::json_response(200, {{"name", v->name},
                                        {"version", v->version},
                                        {"description", v->description},
                                        {"runtime", v->runtime},
                                        {"status", v->status},
                                        {"tools", tools_json(*v)},
                                        {"artifacts", artifacts_json(*v)},
                                        {"claude_config", configs["claude_desktop"]},
                                        {"client_configs", configs}});
}

Response validate(Service::Impl& s, Context& ctx) {
  if (s.options.runner == nullptr) {
    return http_util::error_response(501, "NOT_IMPLEMENTED", "This service does not validate specs");
  }
  int retry = 0;
  if (!s.limiter.allow("validate:" + client_of(ctx.request.remote_address), &retry)) {
    Response r = http_util::error_response(429, "RATE_LIMITED", "Too many requests; try again later");
    r.headers.emplace_back("Retry-After", std::to_string(retry));
    return r;
  }
  http_util::JsonBody body = http_util::parse_json_object(ctx.request);
  if (body.error) return *body.error;
  if (!body.value.contains("spec") || !(body.value["spec"].is_string() || body.value["spec"].is_object())) {
    return http_util::error_response(
        400, "VALIDATION_ERROR", "Validation failed",
        json::array({{{"path", "spec"}, {"message", "the spec's YAML or JSON text, or a JSON object"}}}));
  }
  return http_util::json_response(200, s.options.runner->validate(body.value));
}

}  // namespace

void Service::Impl::run_job(const registry::JobRecord& job) {
  fs::path work = options.root / "work" / job.id;
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  // The lease is renewed while the job runs, so another instance never takes it over.
  std::mutex renew_mutex;
  std::condition_variable renew_cv;
  bool done = false;
  std::thread renewer([&] {
    std::unique_lock lock(renew_mutex);
    auto period = std::max<std::int64_t>(options.job_lease.count() / 3, 50);
    while (!renew_cv.wait_for(lock, std::chrono::milliseconds(period), [&] { return done; })) {
      try {
        auto reg = pool.acquire();
        reg->renew_job(job.id, instance, now_ms() + options.job_lease.count());
      } catch (const std::exception&) {
        // The next renewal tries again; an expired lease fails the job, never runs it twice.
      }
    }
  });
  auto finish = [&] {
    {
      std::lock_guard lock(renew_mutex);
      done = true;
    }
    renew_cv.notify_all();
    renewer.join();
  };
  std::string error;
  json result;
  try {
    json input = json::parse(job.input);
    GeneratedPackage package = options.runner->generate(input, work, [&](const std::string& line) {
      std::cerr << "mcpc serve: " << job.id << ": " << http_util::printable(line, 300) << "\n";
    });
    auto reg = pool.acquire();
    registry::PublishResult published = reg->publish(package.manifest);
    std::optional<registry::VersionRecord> v = reg->get(published.name, published.version);
    std::optional<registry::ServerRecord> server = reg->server(std::string_view(published.name));
    if (!v || !server) throw JobError("the published version cannot be read back");
    json configs = client_configs(*reg, *server, v);
    std::string package_url;
    for (const registry::ArtifactRecord& a : v->artifacts) {
      if (a.role == "tarball") package_url = "/artifacts/sha256/" + a.sha256;
    }
    result = {{"name", published.name},
              {"version", published.version},
              {"runtime", v->runtime},
              {"unchanged", published.unchanged},
              {"package", package_url},
              {"manifest_sha256", published.manifest_sha256},
              {"claude_config", configs["claude_desktop"]},
              {"client_configs", configs},
              {"warnings", package.warnings}};
  } catch (const JobError& e) {
    error = e.what();
  } catch (const RegistryError& e) {
    error = std::string("publishing failed: ") + e.what();
  } catch (const std::exception& e) {
    error = std::string("the job failed: ") + http_util::printable(e.what(), 300);
  }
  finish();
  fs::remove_all(work, ec);
  try {
    auto reg = pool.acquire();
    bool held = error.empty()
                    ? reg->complete_job(job.id, instance, result.dump(-1, ' ', false, json::error_handler_t::replace))
                    : reg->fail_job(job.id, instance, error);
    if (!held) std::cerr << "mcpc serve: " << job.id << " ended after its lease was lost; its outcome is dropped\n";
  } catch (const std::exception& e) {
    std::cerr << "mcpc serve: cannot record the end of " << job.id << ": " << http_util::printable(e.what()) << "\n";
  }
}

std::optional<Response> factory_routes(Service::Impl& s, Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  const std::string& m = ctx.request.method;
  if (p.empty() || p[0] != "api") return std::nullopt;
  if (p.size() == 2 && p[1] == "generate") return m == "POST" ? generate(s, ctx) : method_not_allowed("POST");
  if (p.size() == 2 && p[1] == "validate") return m == "POST" ? validate(s, ctx) : method_not_allowed("POST");
  if (p.size() == 3 && p[1] == "jobs" && p[2] != "health-check") {
    return m == "GET" ? get_job(s, ctx, p[2]) : method_not_allowed("GET, HEAD");
  }
  if (p.size() == 2 && p[1] == "servers") return m == "GET" ? list_servers(s, ctx) : method_not_allowed("GET, HEAD");
  if (p.size() == 3 && p[1] == "servers") {
    return m == "GET" ? get_server(s, ctx, p[2]) : method_not_allowed("GET, HEAD");
  }
  return std::nullopt;
}

}  // namespace mcpc::service
