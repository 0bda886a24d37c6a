// The registry API: POST /api/registry/register (a remote server with its tools),
// GET /api/registry/servers[?status&type&search], GET /api/registry/servers/:id, and
// POST /api/jobs/health-check. Error bodies are {error, code} with 400/401/404/409.
#include <fstream>

#include "internal.h"

namespace mcpc::service {
namespace fs = std::filesystem;
using nlohmann::json;
using registry::RegistryError;

namespace {

bool is_http_url(const json& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() > 2048) return false;
  std::string_view rest;
  if (s.rfind("http://", 0) == 0) {
    rest = std::string_view(s).substr(7);
  } else if (s.rfind("https://", 0) == 0) {
    rest = std::string_view(s).substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/') return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

json check_register(const json& b) {
  json details = json::array();
  auto problem = [&](const std::string& path, const std::string& message) {
    details.push_back({{"path", path}, {"message", message}});
  };
  auto string_field = [&](const char* key, bool required, std::size_t min, std::size_t max) {
    if (!b.contains(key)) {
      if (required) problem(key, "is required");
      return;
    }
    if (!b[key].is_string()) return problem(key, "must be a string");
    std::size_t n = b[key].get_ref<const std::string&>().size();
    if (n < min || n > max)
      problem(key, "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters");
  };
  string_field("name", true, 1, 100);
  if (b.contains("name") && b["name"].is_string()) {
    if (auto why = registry::name_problem(b["name"].get<std::string>())) problem("name", *why);
  }
  string_field("display_name", true, 1, 200);
  string_field("description", false, 0, 10'000);
  if (!b.contains("server_type") || !b["server_type"].is_string() ||
      (b["server_type"] != "official" && b["server_type"] != "community" && b["server_type"] != "mock")) {
    problem("server_type", "must be one of official, community, mock");
  }
  if (!is_http_url(b.value("endpoint_url", json()))) problem("endpoint_url", "must be an http(s) URL");
  string_field("version", false, 1, 128);
  if (b.contains("version") && b["version"].is_string()) {
    if (auto why = registry::version_problem(b["version"].get<std::string>())) problem("version", *why);
  }
  if (b.contains("metadata")) {
    const json& m = b["metadata"];
    if (!m.is_object()) {
      problem("metadata", "must be an object");
    } else {
      if (m.contains("author") && !m["author"].is_string()) problem("metadata.author", "must be a string");
      for (const char* key : {"repository_url", "documentation_url"}) {
        if (m.contains(key) && !is_http_url(m[key])) problem(std::string("metadata.") + key, "must be an http(s) URL");
      }
      if (m.contains("tags")) {
        if (!m["tags"].is_array() || m["tags"].size() > 50) {
          problem("metadata.tags", "must be an array of at most 50 strings");
        } else {
          for (const json& t : m["tags"]) {
            if (!t.is_string() || t.get_ref<const std::string&>().empty() ||
                t.get_ref<const std::string&>().size() > 50)
              problem("metadata.tags", "every tag must be a string of 1 to 50 characters");
          }
        }
      }
    }
  }
  if (!b.contains("tools") || !b["tools"].is_array()) {
    problem("tools", "must be an array");
  } else if (b["tools"].size() > 1000) {
    problem("tools", "at most 1000 tools");
  } else {
    for (std::size_t i = 0; i < b["tools"].size(); ++i) {
      const json& t = b["tools"][i];
      std::string at = "tools[" + std::to_string(i) + "]";
      if (!t.is_object()) {
        problem(at, "must be an object");
        continue;
      }
      if (!t.contains("name") || !t["name"].is_string() || t["name"].get_ref<const std::string&>().empty() ||
          t["name"].get_ref<const std::string&>().size() > 128) {
        problem(at + ".name", "must be a string of 1 to 128 characters");
      }
      if (!t.contains("description") || !t["description"].is_string()) problem(at + ".description", "must be a string");
      if (!t.contains("input_schema") || !t["input_schema"].is_object())
        problem(at + ".input_schema", "must be an object");
      if (t.contains("category") && !t["category"].is_string()) problem(at + ".category", "must be a string");
    }
  }
  for (const auto& [key, value] : b.items()) {
    static const char* const known[] = {"name",         "display_name", "description", "server_type",
                                        "endpoint_url", "version",      "metadata",    "tools"};
    if (std::find(std::begin(known), std::end(known), key) == std::end(known)) problem(key, "unknown field");
  }
  return details;
}

// The registration as a package manifest without artifacts (and a server.json describing the
// remote), so it goes through the store's one publish path: same checks, same atomicity.
json manifest_of(const json& b, const std::string& version) {
  json tools = json::array();
  for (const json& t : b["tools"]) {
    json tool = {{"name", t["name"]}, {"description", t["description"]}, {"input_schema", t["input_schema"]}};
    if (t.contains("category")) tool["category"] = t["category"];
    tools.push_back(tool);
  }
  json metadata = json::object();
  if (b.contains("metadata")) {
    const json& m = b["metadata"];
    if (m.contains("author")) metadata["author"] = m["author"];
    if (m.contains("repository_url")) metadata["repository"] = {{"url", m["repository_url"]}};
    if (m.contains("documentation_url")) metadata["documentation"] = m["documentation_url"];
    if (m.contains("tags")) metadata["tags"] = m["tags"];
  }
  return {{"format", "mcpc-manifest/1"},
          {"name", b["name"]},
          {"version", version},
          {"title", b["display_name"]},
          {"description", b.value("description", "")},
          {"runtime", "remote"},
          {"server_type", b["server_type"]},
          {"transports", json::array({{{"type", "streamable-http"}, {"url", b["endpoint_url"]}}})},
          {"tools", tools},
          {"metadata", metadata},
          {"artifacts", json::array()}};
}

Response register_server(Service::Impl& s, Context& ctx) {
  if (auto gate = require_write(s, ctx, true)) return *gate;
  http_util::JsonBody body = http_util::parse_json_object(ctx.request);
  if (body.error) return *body.error;
  json details = check_register(body.value);
  if (!details.empty()) return http_util::error_response(400, "VALIDATION_ERROR", "Validation failed", details);
  std::string name = body.value["name"];
  std::string version = body.value.value("version", "1.0.0");
  auto reg = s.pool.acquire();
  if (reg->server(std::string_view(name))) {
    return http_util::error_response(409, "DUPLICATE_SERVER", "Server with this name already exists");
  }
  WorkDir work(s.options.root, "register");
  const fs::path& dir = work.path();
  {
    std::ofstream out(dir / "manifest.json", std::ios::binary);
    out << manifest_of(body.value, version).dump();
  }
  try {
    reg->publish(dir / "manifest.json");
  } catch (const RegistryError& e) {
    if (e.kind() == RegistryError::Kind::Conflict) {
      return http_util::error_response(409, "DUPLICATE_SERVER", "Server with this name already exists");
    }
    throw;
  }
  std::optional<registry::ServerRecord> server = reg->server(std::string_view(name));
  if (!server) throw RegistryError(RegistryError::Kind::Io, "the registered server cannot be read back");
  s.wake.notify_all();
  return http_util::json_response(
      201,
      {{"id", server->id}, {"name", server->name}, {"status", server->status}, {"created_at", server->created_at}});
}

json summary_of(const registry::ServerRecord& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"display_name", r.display_name},
          {"server_type", r.server_type},
          {"status", r.status},
          {"version", r.latest_version},
          {"endpoint_url", r.endpoint_url.empty() ? json() : json(r.endpoint_url)},
          {"last_health_check", r.last_health_check.empty() ? json() : json(r.last_health_check)},
          {"tools_count", r.tools_count}};
}

Response list_registered(Service::Impl& s, Context& ctx) {
  if (auto gate = require_read(s, ctx, true)) return *gate;
  registry::ServerQuery q;
  q.status = ctx.param("status");
  q.server_type = ctx.param("type");
  q.search = ctx.param("search");
  if (!q.status.empty() && q.status != "active" && q.status != "inactive" && q.status != "error") {
    return http_util::error_response(400, "VALIDATION_ERROR", "status must be active, inactive or error");
  }
  if (!q.server_type.empty() && q.server_type != "official" && q.server_type != "community" &&
      q.server_type != "mock" && q.server_type != "local") {
    return http_util::error_response(400, "VALIDATION_ERROR", "type must be official, community, mock or local");
  }
  if (q.search.size() > 200) return http_util::error_response(400, "VALIDATION_ERROR", "search is too long");
  auto reg = s.pool.acquire();
  json servers = json::array();
  for (const registry::ServerRecord& r : reg->servers(q)) servers.push_back(summary_of(r));
  return http_util::json_response(200, {{"servers", servers}, {"total", servers.size()}});
}

Response get_registered(Service::Impl& s, Context& ctx, const std::string& id_text) {
  if (auto gate = require_read(s, ctx, true)) return *gate;
  std::int64_t id = 0;
  bool ok = !id_text.empty() && id_text.size() <= 18;
  for (char c : id_text) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) id = id * 10 + (c - '0');
  }
  if (!ok) return http_util::error_response(400, "VALIDATION_ERROR", "Invalid server ID");
  auto reg = s.pool.acquire();
  std::optional<registry::ServerRecord> r = reg->server(id);
  if (!r) return http_util::error_response(404, "SERVER_NOT_FOUND", "Server not found");
  json out = summary_of(*r);
  out["description"] = r->description;
  out["created_at"] = r->created_at;
  out["updated_at"] = r->updated_at;
  bool has_meta = !r->author.empty() || !r->repository_url.empty() || !r->documentation_url.empty() || !r->tags.empty();
  out["metadata"] = has_meta ? json{{"author", r->author},
                                    {"repository_url", r->repository_url},
                                    {"documentation_url", r->documentation_url},
                                    {"tags", r->tags}}
                             : json();
  std::optional<registry::VersionRecord> v = reg->get(r->name);
  out["tools"] = v ? tools_json(*v, true) : json::array();
  json health = json::array();
  for (const registry::HealthSample& h : reg->health_history(r->id, 20)) {
    health.push_back({{"checked_at", h.checked_at},
                      {"healthy", h.healthy},
                      {"response_time_ms", h.response_time_ms},
                      {"status_code", h.status_code},
                      {"error", h.error.empty() ? json() : json(h.error)}});
  }
  out["health_metrics"] = health;
  return http_util::json_response(200, out);
}

Response trigger_health_checks(Service::Impl& s, Context& ctx) {
  std::string_view secret = ctx.request.header("X-Cron-Secret");
  bool allowed = s.options.cron_secret.empty() ? !ctx.principal.empty()
                                               : http_util::constant_time_equal(secret, s.options.cron_secret);
  if (!allowed) return http_util::error_response(401, "UNAUTHORIZED", "Unauthorized");
  std::size_t checked = s.health_round(true);
  return http_util::json_response(200, {{"success", true}, {"checked", checked}});
}

}  // namespace

std::optional<Response> registry_routes(Service::Impl& s, Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  const std::string& m = ctx.request.method;
  if (p.size() < 2 || p[0] != "api") return std::nullopt;
  if (p.size() == 3 && p[1] == "jobs" && p[2] == "health-check") {
    return m == "POST" ? trigger_health_checks(s, ctx) : method_not_allowed("POST");
  }
  if (p[1] != "registry") return std::nullopt;
  if (p.size() == 3 && p[2] == "register") return m == "POST" ? register_server(s, ctx) : method_not_allowed("POST");
  if (p.size() == 3 && p[2] == "servers") return m == "GET" ? list_registered(s, ctx) : method_not_allowed("GET, HEAD");
  if (p.size() == 4 && p[2] == "servers") {
    return m == "GET" ? get_registered(s, ctx, p[3]) : method_not_allowed("GET, HEAD");
  }
  return std::nullopt;
}

}  // namespace mcpc::service
