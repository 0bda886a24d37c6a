// The official MCP registry API (v0.1, and the same under v0) so VS Code and other clients can
// use this registry as their gallery: GET servers (cursor, limit, search, version, updated_since,
// include_deleted), a server's versions, one version or latest; POST publish with a bearer
// token; health and ping. Rules: docs/service.md, "Official registry API".
#include <fstream>

#include "internal.h"

namespace mcpc::service {
namespace fs = std::filesystem;
using nlohmann::json;
using registry::RegistryError;

namespace {

constexpr const char* kOfficialMeta = "io.modelcontextprotocol.registry/official";
constexpr std::size_t kDefaultLimit = 30, kMaxLimit = 100;

// server.json as published; when a version has none (a minimal manifest), one made from the
// manifest with the fields clients require (name, description, version) never empty.
json server_of(const registry::EntryRecord& e) {
  json server = e.server_json.empty() ? json() : json::parse(e.server_json, nullptr, false);
  if (!server.is_object()) {
    json m = json::parse(e.manifest_json, nullptr, false);
    server = {{"$schema", "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"},
              {"name", e.name},
              {"version", e.version}};
    std::string description = m.is_object() ? m.value("description", "") : "";
    server["description"] = description.empty() ? e.name : description;
    if (m.is_object() && m.contains("title") && m["title"].is_string()) server["title"] = m["title"];
    if (m.is_object() && m.contains("transports") && m["transports"].is_array()) {
      json remotes = json::array();
      for (const json& t : m["transports"]) {
        if (t.is_object() && t.value("type", "") == "streamable-http" && t.contains("url")) {
          remotes.push_back({{"type", "streamable-http"}, {"url", t["url"]}});
        }
      }
      if (!remotes.empty()) server["remotes"] = remotes;
    }
  }
  if (!server.contains("description") || !server["description"].is_string() || server["description"] == "") {
    server["description"] = e.name;
  }
  return server;
}

json response_of(const registry::EntryRecord& e) {
  json official = {{"status", e.status},
                   {"publishedAt", e.published_at},
                   {"updatedAt", e.updated_at},
                   {"statusChangedAt", e.updated_at},
                   {"isLatest", e.is_latest}};
  if (!e.deprecation_message.empty()) official["statusMessage"] = e.deprecation_message;
  return {{"server", server_of(e)}, {"_meta", {{kOfficialMeta, official}}}};
}

Response official_error(int status, const std::string& message) {
  return http_util::json_response(status, {{"error", message}, {"title", message}, {"status", status}});
}

// A cursor carries the position and the filter, base64url (VS Code sends it unencoded and
// drops `search` on later pages).
struct Cursor {
  std::string name, version, search, updated_since, version_filter;
  bool include_deleted = false;
};

std::string encode_cursor(const Cursor& c) {
  json j = {{"n", c.name}, {"v", c.version}};
  if (!c.search.empty()) j["s"] = c.search;
  if (!c.updated_since.empty()) j["u"] = c.updated_since;
  if (!c.version_filter.empty()) j["f"] = c.version_filter;
  if (c.include_deleted) j["d"] = true;
  return http_util::base64url_encode(j.dump());
}

std::optional<Cursor> decode_cursor(std::string_view text) {
  if (text.size() > 2048) return std::nullopt;
  std::optional<std::string> raw = http_util::base64url_decode(text);
  if (!raw) return std::nullopt;
  json j = json::parse(*raw, nullptr, false);
  if (!j.is_object() || !j.contains("n") || !j["n"].is_string() || !j.contains("v") || !j["v"].is_string()) {
    return std::nullopt;
  }
  Cursor c{j["n"], j["v"], j.value("s", ""), j.value("u", ""), j.value("f", ""), j.value("d", false)};
  return c;
}

bool truthy(const std::string& v) { return v == "true" || v == "1"; }

Response list_servers(Service::Impl& s, Context& ctx) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  registry::EntryQuery q;
  q.limit = kDefaultLimit;
  if (std::string l = ctx.param("limit"); !l.empty()) {
    std::size_t n = 0;
    bool ok = l.size() <= 4;
    for (char c : l) {
      ok = ok && c >= '0' && c <= '9';
      if (ok) n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (!ok || n < 1 || n > kMaxLimit) return official_error(400, "limit must be a number from 1 to 100");
    q.limit = n;
  }
  Cursor filter;
  if (std::string c = ctx.param("cursor"); !c.empty()) {
    std::optional<Cursor> cursor = decode_cursor(c);
    if (!cursor) return official_error(400, "invalid cursor");
    filter = *cursor;
    q.after_name = cursor->name;
    q.after_version = cursor->version;
  }
  // Parameters given with a cursor win over the ones it carries.
  if (ctx.query.count("search")) filter.search = ctx.param("search");
  if (ctx.query.count("version")) filter.version_filter = ctx.param("version");
  if (ctx.query.count("include_deleted")) filter.include_deleted = truthy(ctx.param("include_deleted"));
  if (ctx.query.count("updated_since")) {
    std::optional<std::string> since = http_util::normalize_rfc3339(ctx.param("updated_since"));
    if (!since) return official_error(400, "updated_since must be an RFC 3339 date-time");
    filter.updated_since = *since;
  }
  if (filter.search.size() > 200 || filter.version_filter.size() > 128) return official_error(400, "query too long");
  q.search = filter.search;
  q.version = filter.version_filter;
  q.updated_since = filter.updated_since;
  q.include_deleted = filter.include_deleted || !filter.updated_since.empty();
  std::size_t page = q.limit;
  q.limit = page + 1;
  auto reg = s.pool.acquire();
  std::vector<registry::EntryRecord> rows = reg->entries(q);
  json servers = json::array();
  json metadata = json::object();
  for (std::size_t i = 0; i < rows.size() && i < page; ++i) servers.push_back(response_of(rows[i]));
  if (rows.size() > page) {
    Cursor next = filter;
    next.name = rows[page - 1].name;
    next.version = rows[page - 1].version;
    metadata["nextCursor"] = encode_cursor(next);
  }
  metadata["count"] = servers.size();
  return http_util::json_response(200, {{"servers", servers}, {"metadata", metadata}});
}

// The store name a path's server name refers to: the store's own name, or a server.json name.
std::optional<std::string> resolve_name(registry::Registry& reg, const std::string& name) {
  if (name.size() > 300) return std::nullopt;
  if (!registry::name_problem(name) && reg.server(std::string_view(name))) return name;
  return reg.name_for_registry_name(name);
}

std::vector<registry::EntryRecord> entries_of(registry::Registry& reg, const std::string& name, bool include_deleted) {
  registry::EntryQuery q;
  q.name = name;
  q.include_deleted = include_deleted;
  q.limit = 10'000;
  std::vector<registry::EntryRecord> rows;
  for (registry::EntryRecord& e : reg.entries(q)) {
    rows.push_back(std::move(e));
  }
  return rows;
}

Response list_versions(Service::Impl& s, Context& ctx, const std::string& name) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  auto reg = s.pool.acquire();
  std::optional<std::string> stored = resolve_name(*reg, name);
  if (!stored) return official_error(404, "Server not found");
  std::vector<registry::EntryRecord> rows = entries_of(*reg, *stored, truthy(ctx.param("include_deleted")));
  if (rows.empty()) return official_error(404, "Server not found");
  json servers = json::array();
  for (const registry::EntryRecord& e : rows) servers.push_back(response_of(e));
  return http_util::json_response(200, {{"servers", servers}, {"metadata", {{"count", servers.size()}}}});
}

Response get_version(Service::Impl& s, Context& ctx, const std::string& name, const std::string& version) {
  if (auto gate = require_read(s, ctx, false)) return *gate;
  auto reg = s.pool.acquire();
  std::optional<std::string> stored = resolve_name(*reg, name);
  if (!stored) return official_error(404, "Server not found");
  bool latest = registry::is_latest_alias(version);
  for (const registry::EntryRecord& e : entries_of(*reg, *stored, truthy(ctx.param("include_deleted")))) {
    if (latest ? e.is_latest : e.version == version) return http_util::json_response(200, response_of(e));
  }
  return official_error(404, "Server version not found");
}

// POST publish: a server.json body, stored as a package whose only artifact is that document.
Response publish(Service::Impl& s, Context& ctx) {
  if (ctx.principal.rfind("key:", 0) != 0 && ctx.principal.rfind("basic:", 0) != 0) {
    Response r = official_error(401, "Authentication required: Authorization: Bearer <API key>");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  if (auto gate = require_write(s, ctx, true)) return *gate;
  http_util::JsonBody body = http_util::parse_json_object(ctx.request);
  if (body.error) return official_error(400, "the body must be a server.json object");
  const json& server = body.value;
  json errors = json::array();
  auto str = [&](const char* key, std::size_t max) -> std::string {
    if (!server.contains(key) || !server[key].is_string() || server[key].get_ref<const std::string&>().empty()) {
      errors.push_back({{"location", std::string("body.") + key}, {"message", "is required (a non-empty string)"}});
      return {};
    }
    const std::string& v = server[key].get_ref<const std::string&>();
    if (v.size() > max) errors.push_back({{"location", std::string("body.") + key}, {"message", "is too long"}});
    return v;
  };
  std::string name = str("name", 200), version = str("version", 128), description = str("description", 100);
  if (!name.empty()) {
    if (auto why = registry::name_problem(name)) errors.push_back({{"location", "body.name"}, {"message", *why}});
  }
  if (!version.empty()) {
    if (auto why = registry::version_problem(version))
      errors.push_back({{"location", "body.version"}, {"message", *why}});
  }
  if (!errors.empty()) {
    return http_util::json_response(
        422, {{"title", "Unprocessable Entity"}, {"status", 422}, {"detail", "validation failed"}, {"errors", errors}});
  }
  json transports = json::array();
  if (server.contains("remotes") && server["remotes"].is_array()) {
    for (const json& r : server["remotes"]) {
      if (r.is_object() && r.value("type", "") == "streamable-http" && r.contains("url") && r["url"].is_string()) {
        transports.push_back({{"type", "streamable-http"}, {"url", r["url"]}});
      }
    }
  }
  WorkDir work(s.options.root, "publish");
  const fs::path& dir = work.path();
  {
    std::ofstream out(dir / "server.json", std::ios::binary);
    out << ctx.request.body;  // as published, byte for byte (formats.md 1.9 B3)
  }
  json manifest = {
      {"format", "mcpc-manifest/1"},
      {"name", name},
      {"version", version},
      {"title", server.value("title", "")},
      {"description", description},
      {"registry_name", name},
      {"server_type", transports.empty() ? "local" : "remote"},
      {"transports", transports},
      {"artifacts",
       json::array({{{"role", "server.json"}, {"file", "server.json"}, {"media_type", "application/json"}}})}};
  {
    std::ofstream out(dir / "manifest.json", std::ios::binary);
    out << manifest.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  auto reg = s.pool.acquire();
  try {
    reg->publish(dir / "manifest.json");
  } catch (const RegistryError& e) {
    if (e.kind() == RegistryError::Kind::Conflict) {
      return official_error(400, "invalid version: cannot publish duplicate version");
    }
    if (e.kind() == RegistryError::Kind::Invalid) return official_error(400, e.what());
    throw;
  }
  for (const registry::EntryRecord& e : entries_of(*reg, name, false)) {
    if (e.version == version) return http_util::json_response(200, response_of(e));
  }
  throw RegistryError(RegistryError::Kind::Io, "the published version cannot be read back");
}

}  // namespace

std::optional<Response> official_routes(Service::Impl& s, Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  const std::string& m = ctx.request.method;
  if (p.empty() || (p[0] != "v0.1" && p[0] != "v0")) return std::nullopt;
  if (p.size() == 2 && (p[1] == "health" || p[1] == "ping")) {
    if (m != "GET") return method_not_allowed("GET, HEAD");
    return http_util::json_response(200, p[1] == "health" ? json{{"status", "ok"}} : json{{"pong", true}});
  }
  if (p.size() == 2 && p[1] == "publish") return m == "POST" ? publish(s, ctx) : method_not_allowed("POST");
  if (p.size() < 2 || p[1] != "servers") return std::nullopt;
  if (m != "GET") return method_not_allowed("GET, HEAD, OPTIONS");
  if (p.size() == 2) return list_servers(s, ctx);
  if (p.size() == 4 && p[3] == "versions") return list_versions(s, ctx, p[2]);
  if (p.size() == 5 && p[3] == "versions") return get_version(s, ctx, p[2], p[4]);
  return official_error(404, "Not found");
}

std::optional<Response> artifact_routes(Service::Impl& s, Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  if (p.size() != 3 || p[0] != "artifacts" || p[1] != "sha256") return std::nullopt;
  if (ctx.request.method != "GET") return method_not_allowed("GET, HEAD");
  if (auto gate = require_read(s, ctx, false)) return *gate;
  // The digest is checked by the store before any path is made from it.
  std::optional<registry::ArtifactRecord> a;
  {
    auto reg = s.pool.acquire();
    a = reg->artifact(p[2]);
  }
  if (!a) return not_found("No such artifact");
  constexpr std::uint64_t kMaxServedBytes = 256ull << 20;
  if (a->size > kMaxServedBytes) {
    return http_util::error_response(413, "TOO_LARGE", "This artifact is larger than the service sends (256 MiB)");
  }
  if (std::string_view inm = ctx.request.header("If-None-Match"); inm == "\"" + a->sha256 + "\"") {
    Response r;
    r.status = 304;
    r.content_type.clear();
    r.headers.emplace_back("ETag", "\"" + a->sha256 + "\"");
    return r;
  }
  std::ifstream in(a->blob_path, std::ios::binary);
  if (!in) return not_found("The artifact's bytes are missing from the store");
  Response r;
  r.content_type = "application/octet-stream";
  r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::string file = a->file.substr(a->file.rfind('/') + 1);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + http_util::printable(file, 200) + "\"");
  r.headers.emplace_back("ETag", "\"" + a->sha256 + "\"");
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

}  // namespace mcpc::service
