// What a server may write as JSON: nlohmann writes a non-finite number as null and throws on a
// string that is not UTF-8, so the session checks results (and decoded URI variables) first.
#include "json_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mcpc/json_schema/validator.h"

namespace mcpc::runtime {

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // ASCII eight bytes at a time: most text is, and this runs over every string a result holds.
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= s.size()) break;
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

namespace {

// Bytes a JSON string cannot hold as they are: control characters, the quote and the backslash.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

void append_escaped(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {  // as nlohmann writes them: \u and four lowercase hex digits
        static constexpr char kHex[] = "0123456789abcdef";
        char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(u, 6);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
}

void append_number(std::string& out, const Json& value) {
  std::array<char, 64> buf;
  char* end = buf.data();
  if (value.is_number_unsigned()) {  // before is_number_integer(), which holds for unsigned too
    end = std::to_chars(buf.data(), buf.data() + buf.size(), value.get<std::uint64_t>()).ptr;
  } else if (value.is_number_integer()) {
    end = std::to_chars(buf.data(), buf.data() + buf.size(), value.get<std::int64_t>()).ptr;
  } else {
    double d = value.get<double>();
    if (!std::isfinite(d)) {
      out += "null";
      return;
    }
    // nlohmann's own shortest round-trip formatting ("5.0", "1e+100"), so the text is the same.
    end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), d);
  }
  out.append(buf.data(), static_cast<std::size_t>(end - buf.data()));
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (!is_valid_utf8(s)) {  // rare: nlohmann's replacement rules, exactly
    out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  out += '"';
  append_escaped(out, s);
  out += '"';
}

void append_json(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      append_number(out, value);
      return;
    case Json::value_t::string:
      append_json_string(out, value.get_ref<const std::string&>());
      return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, it.key());
        out += ':';
        append_json(out, it.value());
      }
      out += '}';
      return;
    }
    default:  // binary and discarded values: nlohmann's writing of them
      out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

std::string to_json_text(const Json& value) {
  std::string out;
  append_json(out, value);
  return out;
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
