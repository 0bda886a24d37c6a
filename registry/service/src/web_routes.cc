// The discovery page (docs/web.md): "/", "/index.html" and "/assets/NAME", served from the files
// mcpc_web embeds at build time. Public whatever --read-auth says: the page holds no data, and
// the API calls it makes are authorised on their own.
#include "internal.h"
#include "mcpc/web/assets.h"

namespace mcpc::service {

namespace {

/// True when an If-None-Match value names `etag` (or is "*"): the copy the browser has is current.
bool matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    std::size_t comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);  // If-None-Match compares weakly
    if (item == "*" || item == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::optional<Response> page_routes(Service::Impl& /*s*/, Context& ctx) {
  const std::vector<std::string>& p = ctx.path;
  std::string path;
  if (p.empty()) {
    path = "/";
  } else if (p.size() == 1 && p[0] == "index.html") {
    path = "/index.html";
  } else if (p.size() == 2 && p[0] == "assets") {
    path = "/assets/" + p[1];
  } else {
    return std::nullopt;
  }
  const web::Asset* asset = web::find_asset(path);
  if (asset == nullptr) return std::nullopt;
  if (ctx.request.method != "GET") return method_not_allowed("GET, HEAD");

  Response r;
  r.headers.emplace_back("ETag", std::string(asset->etag));
  // Asset URLs carry no version, so browsers revalidate every time: a 304 while unchanged, the
  // new page at once after an upgrade.
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  if (matches(ctx.request.header("If-None-Match"), asset->etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = std::string(asset->content_type);
  r.body = std::string(asset->body);
  return r;
}

}  // namespace mcpc::service
