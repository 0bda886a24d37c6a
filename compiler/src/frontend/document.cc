// Located document tree helpers and UTF-8 validation shared by both readers.
#include "mcpc/frontend/document.h"

namespace mcpc::frontend::doc {

const Entry* Node::find(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::size_t Node::size() const {
  std::size_t n = 1;
  for (const Node& item : items) n += item.size();
  for (const Entry& e : entries) n += 1 + e.value.size();
  return n;
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "boolean";
    case Kind::Int:
      return "integer";
    case Kind::Float:
      return "number";
    case Kind::String:
      return "string";
    case Kind::Seq:
      return "list";
    case Kind::Map:
      return "mapping";
  }
  return "value";
}

bool check_utf8(const SourceManager& sm, std::uint32_t file, DiagnosticEngine& diags) {
  const std::string& s = sm.file(file).text();
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      // YAML forbids C0 controls other than tab, LF and CR (and DEL); JSON allows them only
      // escaped. A NUL also truncates strings in many tools downstream, so refuse them here.
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        std::uint32_t line = 0, column = 0;
        sm.file(file).position_of(i, line, column);
        char hex[8];
        std::snprintf(hex, sizeof hex, "U+%04X", c);
        diags.report(Check::Encoding, SourceLoc{file, line, column},
                     std::string("control character ") + hex + " is not allowed in a spec file (byte offset " +
                         std::to_string(i) + ")");
        return false;
      }
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if (ok) {
      static const std::uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= min_for_length[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!ok) {
      std::uint32_t line = 0, column = 0;
      sm.file(file).position_of(i, line, column);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      diags.report(Check::Encoding, SourceLoc{file, line, column},
                   std::string("invalid UTF-8 byte ") + hex + " at byte offset " + std::to_string(i) +
                       "; spec files must be UTF-8");
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace mcpc::frontend::doc
