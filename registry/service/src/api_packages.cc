// Package search for people and the discovery page: GET /api/v1/packages, /search, /:name, and
// POST /api/v1/packages (a package directory sent as JSON: manifest plus base64 files).
#include <fstream>

#include "internal.h"

namespace mcpc::service {
namespace fs = std::filesystem;
using nlohmann::json;
using registry::RegistryError;

namespace {

constexpr std::size_t kMaxPageSize = 100;

json health_json(const std::optional<registry::HealthSample>& h) {
  if (!h) return nullptr;
  return {{"status", h->healthy ? "healthy" : "unhealthy"},
          {"response_time_ms", h->response_time_ms},
          {"checked_at", h->checked_at}};
}

// The server's shown status: its health when it has an endpoint, else its latest version's.
std::string shown_status(const registry::ServerRecord& r) {
  if (r.status == "error" || r.status == "inactive") return r.status;
  return r.version_status.empty() ? r.status : r.version_status;
}

json summary(const registry::ServerRecord& r) {
  return {{"name", r.name},
          {"display_name", r.display_name},
          {"description", r.description},
          {"latest_version", r.latest_version},
          {"runtime", r.runtime},
          {"server_type", r.server_type},
          {"status", shown_status(r)},
          {"tags", r.tags},
          {"tools_count", r.tools_count},
          {"updated_at", r.updated_at},
          {"health", health_json(r.health)}};
}

struct Filters {
  std::string type, status, tag;
  bool matches(const registry::ServerRecord& r) const {
    return (type.empty() || r.server_type == type) && (status.empty() || shown_status(r) == status) &&
           (tag.empty() || std::find(r.tags.begin(), r.tags.end(), tag) != r.tags.end());
  }
};

std::optional<Response> read_limit(const Context& ctx, std::size_t& limit) {
  std::string text = ctx.param("limit");
  if (text.empty()) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || n > kMaxPageSize) {
      n = 0;
      break;
    }
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < 1 || n > kMaxPageSize) {
    return http_util::error_response(400, "VALIDATION_ERROR", "limit must be a number from 1 to 100");
  }
  limit = n;
  return std::nullopt;
}

Response list_packages(Service::Impl& s, Context& ctx, bool search) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  std::size_t limit = 50;
  if (auto bad = read_limit(ctx, limit)) return *bad;
  Filters f{ctx.param("type"), ctx.param("status"), ctx.param("tag")};
  std::string q = search ? ctx.param("q") : std::string();
  if (q.size() > 200 || f.tag.size() > 50) return http_util::error_response(400, "VALIDATION_ERROR", "query too long");
  std::size_t offset = 0;
  if (std::string c = ctx.param("cursor"); !c.empty()) {
    std::optional<std::string> decoded = http_util::base64url_decode(c);
    bool ok = decoded && !decoded->empty() && decoded->size() < 10;
    for (char ch : decoded.value_or("x")) ok = ok && ch >= '0' && ch <= '9';
    if (!ok) return http_util::error_response(400, "VALIDATION_ERROR", "cursor is not one this registry handed out");
    offset = std::stoul(*decoded);
  }
  auto reg = s.pool.acquire();
  std::vector<registry::ServerRecord> matches;
  if (!q.empty() && f.type.empty() && f.status.empty() && f.tag.empty()) {
    // Ranked, unfiltered: every hit counts, so only the page's servers need their records (a
    // common word hits up to 1,000 servers, and a query per hit made that the slowest route).
    std::vector<registry::SearchHit> hits = reg->search(q, 1000);
    json packages = json::array();
    for (std::size_t i = offset; i < hits.size() && packages.size() < limit; ++i) {
      if (std::optional<registry::ServerRecord> r = reg->server(std::string_view(hits[i].server.name)))
        packages.push_back(summary(*r));
    }
    std::size_t next = offset + packages.size();
    return http_util::json_response(
        200, {{"packages", packages},
              {"total", hits.size()},
              {"next_cursor", next < hits.size() ? json(http_util::base64url_encode(std::to_string(next))) : json()}});
  }
  if (q.empty()) {
    // A listing: the filters and the page in SQL, and a count for the total.
    registry::ServerQuery query;
    query.server_type = f.type;
    query.shown_status = f.status;
    query.tag = f.tag;
    query.limit = limit;
    query.offset = offset;
    std::vector<registry::ServerRecord> page = reg->servers(query);
    std::size_t total = reg->count_servers(query);
    json packages = json::array();
    for (const registry::ServerRecord& r : page) packages.push_back(summary(r));
    std::size_t next = offset + packages.size();
    return http_util::json_response(
        200, {{"packages", packages},
              {"total", total},
              {"next_cursor", next < total ? json(http_util::base64url_encode(std::to_string(next))) : json()}});
  }
  // Full-text ranked (names, titles, descriptions, tools), then the filters.
  for (const registry::SearchHit& hit : reg->search(q, 1000)) {
    std::optional<registry::ServerRecord> r = reg->server(std::string_view(hit.server.name));
    if (r && f.matches(*r)) matches.push_back(std::move(*r));
  }
  json packages = json::array();
  for (std::size_t i = offset; i < matches.size() && packages.size() < limit; ++i)
    packages.push_back(summary(matches[i]));
  std::size_t next = offset + packages.size();
  return http_util::json_response(
      200, {{"packages", packages},
            {"total", matches.size()},
            {"next_cursor", next < matches.size() ? json(http_util::base64url_encode(std::to_string(next))) : json()}});
}

Response get_package(Service::Impl& s, Context& ctx, const std::string& name) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  if (registry::name_problem(name)) return not_found("No such package");
  auto reg = s.pool.acquire();
  std::optional<registry::ServerRecord> r = reg->server(std::string_view(name));
  if (!r) return not_found("No such package");
  std::optional<registry::VersionRecord> v = reg->get(name);
  json out = summary(*r);
  out["endpoint_url"] = r->endpoint_url;
  out["author"] = r->author;
  out["repository_url"] = r->repository_url;
  out["documentation_url"] = r->documentation_url;
  json versions = json::array();
  for (const registry::VersionSummary& vs : reg->versions(name)) {
    if (vs.status == "deleted") continue;
    versions.push_back({{"version", vs.version},
                        {"status", vs.status},
                        {"published_at", vs.published_at},
                        {"is_latest", vs.is_latest}});
  }
  out["versions"] = versions;
  out["tools"] = v ? tools_json(*v) : json::array();
  out["artifacts"] = v ? artifacts_json(*v) : json::array();
  json history = json::array();
  for (const registry::HealthSample& h : reg->health_history(r->id, 20)) {
    history.push_back({{"checked_at", h.checked_at},
                       {"healthy", h.healthy},
                       {"response_time_ms", h.response_time_ms},
                       {"status_code", h.status_code},
                       {"error", h.error}});
  }
  out["health_history"] = history;
  out["client_configs"] = client_configs(*reg, *r, v);
  return http_util::json_response(200, out);
}

// A file name a package may carry: relative, plain segments, at most two levels deep.
bool safe_package_file(const std::string& f) {
  if (f.empty() || f.size() > 200 || f.front() == '/' || f.back() == '/') return false;
  int slashes = 0;
  std::size_t seg_start = 0;
  for (std::size_t i = 0; i <= f.size(); ++i) {
    if (i == f.size() || f[i] == '/') {
      std::string_view seg(f.data() + seg_start, i - seg_start);
      if (seg.empty() || seg == "." || seg == ".." || seg[0] == '.') return false;
      seg_start = i + 1;
      if (i < f.size() && ++slashes > 1) return false;
      continue;
    }
    char c = f[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-' || c == '@' || c == '+')) {
      return false;
    }
  }
  return f != "manifest.json";
}

Response create_package(Service::Impl& s, Context& ctx) {
  if (auto gate = require_write(s, ctx, true)) return *gate;
  http_util::JsonBody body = http_util::parse_json_object(ctx.request);
  if (body.error) return *body.error;
  const json& b = body.value;
  if (!b.contains("manifest") || !b["manifest"].is_object()) {
    return http_util::error_response(400, "VALIDATION_ERROR", "'manifest' must be the package's manifest.json object");
  }
  if (b.contains("files") && !b["files"].is_object()) {
    return http_util::error_response(400, "VALIDATION_ERROR", "'files' must map file names to base64 contents");
  }
  WorkDir work(s.options.root, "upload");
  const fs::path& dir = work.path();
  if (b.contains("files")) {
    if (b["files"].size() > 64) return http_util::error_response(400, "VALIDATION_ERROR", "at most 64 files");
    for (const auto& [file, content] : b["files"].items()) {
      if (!safe_package_file(file)) {
        return http_util::error_response(400, "VALIDATION_ERROR",
                                         "refusing file name '" + http_util::printable(file) + "'");
      }
      std::optional<std::string> bytes =
          content.is_string() ? http_util::base64_decode(content.get<std::string>()) : std::nullopt;
      if (!bytes) {
        return http_util::error_response(400, "VALIDATION_ERROR",
                                         "file '" + http_util::printable(file) + "' is not base64 text");
      }
      fs::path target = dir / file;
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      std::ofstream out(target, std::ios::binary);
      out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
      if (!out) throw RegistryError(RegistryError::Kind::Io, "cannot write an uploaded file");
    }
  }
  {
    std::ofstream out(dir / "manifest.json", std::ios::binary);
    out << b["manifest"].dump(-1, ' ', false, json::error_handler_t::replace);
  }
  auto reg = s.pool.acquire();
  registry::PublishResult p = reg->publish(dir / "manifest.json");
  return http_util::json_response(p.unchanged ? 200 : 201, {{"name", p.name},
                                                            {"version", p.version},
                                                            {"unchanged", p.unchanged},
                                                            {"is_latest", p.is_latest},
                                                            {"manifest_sha256", p.manifest_sha256}});
}

}  // namespace

json tools_json(const registry::VersionRecord& version, bool with_category) {
  json tools = json::array();
  for (const registry::ToolRecord& t : version.tools) {
    json tool = {{"name", t.name},
                 {"description", t.description},
                 {"input_schema", json::parse(t.input_schema, nullptr, false)}};
    if (with_category) tool["category"] = t.category.empty() ? json() : json(t.category);
    tools.push_back(std::move(tool));
  }
  return tools;
}

json artifacts_json(const registry::VersionRecord& version) {
  json artifacts = json::array();
  for (const registry::ArtifactRecord& a : version.artifacts) {
    artifacts.push_back({{"role", a.role},
                         {"file", a.file},
                         {"size", a.size},
                         {"sha256", a.sha256},
                         {"url", "/artifacts/sha256/" + a.sha256}});
  }
  return artifacts;
}

json client_configs(registry::Registry& reg, const registry::ServerRecord& server,
                    const std::optional<registry::VersionRecord>& version) {
  (void)reg;
  json out = json::object();
  std::string key = server.name.substr(server.name.find('/') + 1);
  if (!server.endpoint_url.empty()) {
    // A remote server: HTTP entries, and a stdio bridge for Claude Desktop (no remote entries there).
    out["claude_desktop"] = {
        {"mcpServers", {{key, {{"command", "npx"}, {"args", {"-y", "mcp-remote", server.endpoint_url}}}}}}};
    out["claude_code"] = {{"mcpServers", {{key, {{"type", "http"}, {"url", server.endpoint_url}}}}}};
    out["vscode"] = {{"servers", {{key, {{"type", "http"}, {"url", server.endpoint_url}}}}}};
    out["cursor"] = {{"mcpServers", {{key, {{"url", server.endpoint_url}}}}}};
    return out;
  }
  if (!version) return out;
  // A package: the configurations the packager wrote (clients/*.json artifacts), else the
  // manifest's claude_config.
  for (const registry::ArtifactRecord& a : version->artifacts) {
    if (a.role != "client-config" || a.size > 64 * 1024) continue;
    std::string file = a.file.substr(a.file.rfind('/') + 1);
    if (file.rfind("local-", 0) == 0 || file.size() < 6) continue;
    // claude-desktop.json, claude-code.mcp.json, vscode.mcp.json, cursor.mcp.json
    std::string client = file.substr(0, file.find('.'));
    for (char& c : client) c = c == '-' ? '_' : c;
    std::ifstream in(a.blob_path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json parsed = json::parse(text, nullptr, false);
    if (!parsed.is_discarded()) out[client] = parsed;
  }
  if (!out.contains("claude_desktop")) {
    json manifest = json::parse(version->manifest_json, nullptr, false);
    if (manifest.is_object() && manifest.contains("claude_config")) out["claude_desktop"] = manifest["claude_config"];
  }
  return out;
}

std::optional<Response> package_routes(Service::Impl& s, Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  const std::string& m = ctx.request.method;
  if (p.size() < 3 || p[0] != "api" || p[1] != "v1" || p[2] != "packages") return std::nullopt;
  if (p.size() == 3) {
    if (m == "GET") return list_packages(s, ctx, false);
    if (m == "POST") return create_package(s, ctx);
    return method_not_allowed("GET, HEAD, POST");
  }
  if (p.size() == 4 && p[3] == "search")
    return m == "GET" ? list_packages(s, ctx, true) : method_not_allowed("GET, HEAD");
  if (p.size() == 4) return m == "GET" ? get_package(s, ctx, p[3]) : method_not_allowed("GET, HEAD");
  return std::nullopt;
}

}  // namespace mcpc::service
