// What a server may write as JSON: nlohmann writes a non-finite number as null and throws on a
// string that is not UTF-8, so the session checks results (and decoded URI variables) first.
#include "json_text.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "mcpc/json_schema/validator.h"

namespace mcpc::runtime {

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF)
      len = 2, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF)
      len = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4)
      len = 4, cp = b & 0x07;
    else
      return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string unrepresentable_in_json(const Json& value) {
  auto why_not = [](const Json& j) -> std::string {
    if (j.is_number_float() && !std::isfinite(j.get<double>())) {
      return std::isnan(j.get<double>()) ? "NaN is not a JSON number" : "an infinite number is not a JSON number";
    }
    if (j.is_string() && !is_valid_utf8(j.get_ref<const std::string&>())) return "the string is not valid UTF-8";
    return "";
  };
  // Depth-first with an explicit stack; each frame's iterator is at the child being visited,
  // so the frames spell the current pointer.
  struct Frame {
    const Json* json;
    Json::const_iterator it;
    std::size_t index;
  };
  std::vector<Frame> stack;
  auto pointer = [&](std::size_t frames) {
    std::string out;
    for (std::size_t i = 0; i < frames; ++i) {
      const Frame& f = stack[i];
      out += "/" + (f.json->is_array() ? std::to_string(f.index) : json_schema::pointer_token(f.it.key()));
    }
    return out.empty() ? std::string("/") : out;
  };
  if (std::string w = why_not(value); !w.empty()) return "/: " + w;
  if (value.is_structured()) stack.push_back({&value, value.cbegin(), 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.it == f.json->cend()) {
      stack.pop_back();
      if (!stack.empty()) ++stack.back().it, ++stack.back().index;
      continue;
    }
    if (f.json->is_object() && !is_valid_utf8(f.it.key()))
      return pointer(stack.size() - 1) + ": a property name is not valid UTF-8";
    const Json& child = *f.it;
    if (std::string w = why_not(child); !w.empty()) return pointer(stack.size()) + ": " + w;
    if (child.is_structured()) {
      stack.push_back({&child, child.cbegin(), 0});  // the parent moves on when this frame is done
      continue;
    }
    ++f.it;
    ++f.index;
  }
  return "";
}

}  // namespace mcpc::runtime
