// Content helpers, result constructors and log level names.
#include "mcpc/runtime/types.h"

#include <array>

namespace mcpc::runtime {

std::string base64_encode(std::string_view bytes) {
  static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], kTable[(v >> 6) & 63], kTable[v & 63]};
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = (byte(i) << 16) | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], rest == 2 ? kTable[(v >> 6) & 63] : '=', '='};
  }
  return out;
}

namespace content {
Json text(std::string text) { return Json{{"type", "text"}, {"text", std::move(text)}}; }
Json image(std::string data, std::string mime) {
  return Json{{"type", "image"}, {"data", std::move(data)}, {"mimeType", std::move(mime)}};
}
Json audio(std::string data, std::string mime) {
  return Json{{"type", "audio"}, {"data", std::move(data)}, {"mimeType", std::move(mime)}};
}
Json resource_text(std::string uri, std::string mime, std::string text) {
  return Json{{"type", "resource"},
              {"resource", resource_contents_text(std::move(uri), std::move(mime), std::move(text))}};
}
Json resource_blob(std::string uri, std::string mime, std::string data) {
  return Json{{"type", "resource"},
              {"resource", resource_contents_blob(std::move(uri), std::move(mime), std::move(data))}};
}
Json resource_link(std::string uri, std::string name, std::string mime) {
  Json j{{"type", "resource_link"}, {"uri", std::move(uri)}, {"name", std::move(name)}};
  if (!mime.empty()) j["mimeType"] = std::move(mime);
  return j;
}
}  // namespace content

Json resource_contents_text(std::string uri, std::string mime, std::string text) {
  Json j{{"uri", std::move(uri)}, {"text", std::move(text)}};
  if (!mime.empty()) j["mimeType"] = std::move(mime);
  return j;
}

Json resource_contents_blob(std::string uri, std::string mime, std::string data) {
  Json j{{"uri", std::move(uri)}, {"blob", std::move(data)}};
  if (!mime.empty()) j["mimeType"] = std::move(mime);
  return j;
}

ToolResult ToolResult::text(std::string text) {
  ToolResult r;
  r.content.push_back(content::text(std::move(text)));
  return r;
}

ToolResult ToolResult::error(std::string message) {
  ToolResult r = text(std::move(message));
  r.is_error = true;
  return r;
}

ToolResult ToolResult::structured_result(Json value) {
  ToolResult r;
  r.structured = std::move(value);
  return r;
}

namespace {
ToolResult one_block(Json block) {
  ToolResult r;
  r.content.push_back(std::move(block));
  return r;
}
}  // namespace

ToolResult ToolResult::image(std::string_view bytes, std::string mime_type) {
  return one_block(content::image(base64_encode(bytes), std::move(mime_type)));
}

ToolResult ToolResult::audio(std::string_view bytes, std::string mime_type) {
  return one_block(content::audio(base64_encode(bytes), std::move(mime_type)));
}

ToolResult ToolResult::resource_link(std::string uri, std::string name, std::string mime_type) {
  return one_block(content::resource_link(std::move(uri), std::move(name), std::move(mime_type)));
}

ToolResult ToolResult::embedded_resource(std::string uri, std::string mime_type, std::string text) {
  return one_block(content::resource_text(std::move(uri), std::move(mime_type), std::move(text)));
}

ToolResult ToolResult::embedded_blob(std::string uri, std::string mime_type, std::string_view bytes) {
  return one_block(content::resource_blob(std::move(uri), std::move(mime_type), base64_encode(bytes)));
}

ToolResult&& ToolResult::with(Json block) && {
  content.push_back(std::move(block));
  return std::move(*this);
}

namespace {
constexpr std::array<const char*, 8> kLevels = {"debug", "info",     "notice", "warning",
                                                "error", "critical", "alert",  "emergency"};
}

const char* to_string(LogLevel level) { return kLevels.at(static_cast<std::size_t>(level)); }

std::optional<LogLevel> parse_log_level(const std::string& name) {
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    if (name == kLevels[i]) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

}  // namespace mcpc::runtime
