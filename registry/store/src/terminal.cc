#include "mcpc/registry/terminal.h"

#include <cstdint>

namespace mcpc::registry {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_byte_escape(std::string& out, unsigned char c) {
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

void append_code_point_escape(std::string& out, std::uint32_t cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
}

// Code points above ASCII that a terminal acts on or that reorder what is shown.
bool is_unsafe_code_point(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) ||                    // C1 controls (CSI, OSC, ...)
         (cp >= 0x202a && cp <= 0x202e) ||                // bidi embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||                // bidi isolates
         cp == 0x200e || cp == 0x200f || cp == 0x061c ||  // directional marks
         cp == 0x2028 || cp == 0x2029;                    // line and paragraph separators
}

// Length of the well-formed UTF-8 sequence starting at `i` (2 to 4), its code point in `cp`;
// 0 when the bytes there are not one (stray continuation, overlong form, surrogate, > U+10FFFF,
// truncated).
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  std::size_t len;
  std::uint32_t min;
  if (lead >= 0xc2 && lead <= 0xdf) {
    len = 2, min = 0x80, cp = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    len = 3, min = 0x800, cp = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    len = 4, min = 0x10000, cp = lead & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

}  // namespace

std::string terminal_safe(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 0x20 && c != 0x7f) {
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += keep_newlines ? "\n" : "\\n";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\r') {
        out += "\\r";
      } else {
        append_byte_escape(out, c);
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      append_byte_escape(out, c);
      ++i;
    } else if (is_unsafe_code_point(cp)) {
      append_code_point_escape(out, cp);
      i += len;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace mcpc::registry
