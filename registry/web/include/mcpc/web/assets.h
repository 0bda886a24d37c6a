// The discovery page's static files (registry/web/static), embedded in the binary at build
// time so `mcpc serve` needs nothing on disk to serve them.
#pragma once

#include <span>
#include <string_view>

namespace mcpc::web {

struct Asset {
  std::string_view path;          // "/index.html", "/assets/app.js", ...
  std::string_view content_type;  // "text/html; charset=utf-8", ...
  std::string_view body;          // the file's bytes
  std::string_view etag;          // a strong ETag, quoted, ready for the ETag header: "\"3f2a...\""
};

/// "/" and "/index.html" -> the page; "/assets/app.js", "/assets/style.css", ... -> the other
/// files of registry/web/static; nullptr when unknown. `path` is the request path alone (no
/// query string), already percent-decoded.
const Asset* find_asset(std::string_view path);

/// Every embedded file, each once ("/" is only an alias of "/index.html").
std::span<const Asset> all_assets();

}  // namespace mcpc::web
