// Strict RFC 8259 JSON reader that records the line and column of every value and key.
// Written by hand because general JSON libraries do not report positions per value.
#include <charconv>
#include <cmath>

#include "mcpc/frontend/document.h"

namespace mcpc::frontend::doc {
namespace {

class JsonReader {
 public:
  JsonReader(const SourceManager& sm, std::uint32_t file, const Limits& limits, DiagnosticEngine& diags)
      : src_(sm.file(file)), text_(src_.text()), file_(file), limits_(limits), diags_(diags) {}

  bool read(Node& out) {
    skip_ws();
    if (pos_ >= text_.size()) return fail("expected a JSON value but the file is empty");
    if (!value(out, 0)) return false;
    skip_ws();
    if (pos_ < text_.size()) return fail("unexpected text after the JSON value");
    return true;
  }

 private:
  SourceLoc here() const {
    std::uint32_t line = 0, column = 0;
    src_.position_of(pos_, line, column);
    return SourceLoc{file_, line, column};
  }

  bool fail(const std::string& message) {
    diags_.report(Check::Syntax, here(), "JSON syntax error: " + message);
    return false;
  }

  void skip_ws() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  bool literal(std::string_view word) {
    if (text_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  bool value(Node& out, std::size_t depth) {
    if (depth >= limits_.max_depth) {
      diags_.report(Check::Limits, here(),
                    "nesting deeper than " + std::to_string(limits_.max_depth) + " levels; refusing the document");
      return false;
    }
    if (++nodes_ > limits_.max_nodes) {
      diags_.report(Check::Limits, here(), "document has more than " + std::to_string(limits_.max_nodes) + " nodes");
      return false;
    }
    out.loc = here();
    char c = text_[pos_];
    switch (c) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"':
        out.kind = Kind::String;
        return string(out.text);
      case 't':
        if (!literal("true")) return fail("invalid literal; expected 'true'");
        out.kind = Kind::Bool;
        out.boolean = true;
        out.text = "true";
        return true;
      case 'f':
        if (!literal("false")) return fail("invalid literal; expected 'false'");
        out.kind = Kind::Bool;
        out.text = "false";
        return true;
      case 'n':
        if (!literal("null")) return fail("invalid literal; expected 'null'");
        out.kind = Kind::Null;
        out.text = "null";
        return true;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return fail(std::string("unexpected character '") + printable(c) + "'");
    }
  }

  static std::string printable(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) return std::string(1, c);
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", u);
    return buf;
  }

  bool object(Node& out, std::size_t depth) {
    out.kind = Kind::Map;
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_ws();
      if (pos_ >= text_.size()) return fail("unterminated object; expected '}'");
      if (text_[pos_] != '"') return fail("expected a string key in object");
      Entry e;
      e.key_loc = here();
      if (!string(e.key)) return false;
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') return fail("expected ':' after object key");
      ++pos_;
      skip_ws();
      if (pos_ >= text_.size()) return fail("expected a value after ':'");
      if (!value(e.value, depth + 1)) return false;
      if (const Entry* dup = out.find(e.key)) {
        diags_.report(Check::DuplicateKey, e.key_loc, "duplicate key '" + e.key + "' in object")
            .notes.push_back("first defined at line " + std::to_string(dup->key_loc.line));
      } else {
        out.entries.push_back(std::move(e));
      }
      skip_ws();
      if (pos_ >= text_.size()) return fail("unterminated object; expected ',' or '}'");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or '}' after object member");
    }
  }

  bool array(Node& out, std::size_t depth) {
    out.kind = Kind::Seq;
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_ws();
      if (pos_ >= text_.size()) return fail("unterminated array; expected ']'");
      Node item;
      if (!value(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
      skip_ws();
      if (pos_ >= text_.size()) return fail("unterminated array; expected ',' or ']'");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or ']' after array element");
    }
  }

  static void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) return fail("truncated \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      out <<= 4;
      if (c >= '0' && c <= '9')
        out |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return fail("invalid hex digit in \\u escape");
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated string");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string; escape it");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) return fail("unterminated escape in string");
      char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) {
              return fail("unpaired UTF-16 surrogate in \\u escape");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("unpaired UTF-16 surrogate in \\u escape");
          }
          append_utf8(out, cp);
          break;
        }
        default:
          pos_ -= 2;  // point at the backslash
          return fail(std::string("invalid escape '\\") + printable(e) + "'");
      }
    }
  }

  bool number(Node& out) {
    std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      return fail("invalid number");
    }
    if (text_[pos_] == '0') {
      ++pos_;
      if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        return fail("numbers must not have leading zeros");
      }
    } else {
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool is_float = false;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      is_float = true;
      ++pos_;
      if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        return fail("expected digits after the decimal point");
      }
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        return fail("expected digits in the exponent");
      }
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    out.text = text_.substr(start, pos_ - start);
    if (!is_float) {
      auto [ptr, ec] = std::from_chars(out.text.data(), out.text.data() + out.text.size(), out.integer);
      if (ec == std::errc() && ptr == out.text.data() + out.text.size()) {
        out.kind = Kind::Int;
        return true;
      }
    }
    out.kind = Kind::Float;
    out.number = std::strtod(out.text.c_str(), nullptr);
    return true;
  }

  const SourceFile& src_;
  const std::string& text_;
  std::uint32_t file_;
  const Limits& limits_;
  DiagnosticEngine& diags_;
  std::size_t pos_ = 0;
  std::size_t nodes_ = 0;
};

}  // namespace

bool read_json(const SourceManager& sm, std::uint32_t file, const Limits& limits, DiagnosticEngine& diags, Node& out) {
  return JsonReader(sm, file, limits, diags).read(out);
}

}  // namespace mcpc::frontend::doc
