#include "resource_content.h"

#include <filesystem>
#include <fstream>

#include "escape.h"

namespace mcpc::codegen {
namespace {

bool is_text_mime(std::string_view mime) {
  return mime.empty() || mime.starts_with("text/") || mime.ends_with("+json") || mime.ends_with("+xml") ||
         mime == "application/json" || mime == "application/xml" || mime == "application/yaml" ||
         mime == "application/javascript" || mime == "image/svg+xml";
}

std::string base64(std::string_view in) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
  }
  return out;
}

}  // namespace

std::optional<EmbeddedContent> embedded_content(const ir::Module& m, const ir::Resource& r,
                                                std::vector<std::string>& inputs, DiagnosticEngine& diags) {
  EmbeddedContent out;
  out.blob = r.kind == ir::ResourceContentKind::Blob;
  out.content = r.content;
  if (r.kind != ir::ResourceContentKind::File) return out;
  // The IR keeps file paths relative to the root spec (files[0]).
  std::filesystem::path root = m.files.empty() ? "" : std::filesystem::path(m.files[0]).parent_path();
  std::filesystem::path path =
      std::filesystem::path(r.content).is_absolute() ? std::filesystem::path(r.content) : root / r.content;
  // Only a regular file, and a bounded one: a spec naming /dev/zero or a FIFO must not hang or
  // exhaust the compiler, and the content is compiled into the server.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    diags.report(Check::Io, r.content_loc,
                 "resource file '" + path.string() + "' is not a readable regular file (resource " + r.uri + ")");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string content;
  char chunk[1 << 16];
  while (in && content.size() <= kMaxResourceFileBytes) {
    in.read(chunk, sizeof chunk);
    content.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (!in.is_open() || in.bad()) {
    diags.report(Check::Io, r.content_loc,
                 "cannot read resource file '" + path.string() + "' (resource " + r.uri + ")");
    return std::nullopt;
  }
  if (content.size() > kMaxResourceFileBytes) {
    diags.report(Check::Limits, r.content_loc,
                 "resource file '" + path.string() + "' is larger than " + std::to_string(kMaxResourceFileBytes >> 20) +
                     " MiB, the limit for content compiled into a server (resource " + r.uri +
                     "); serve it from a handler (handler: true) instead");
    return std::nullopt;
  }
  inputs.push_back(std::filesystem::absolute(path).lexically_normal().string());
  out.content = std::move(content);
  out.blob = !(is_text_mime(r.mime_type) && is_utf8(out.content));
  if (out.blob) out.content = base64(out.content);
  return out;
}

}  // namespace mcpc::codegen
