#include "escape.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace mcpc::codegen {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr const char* kHex = "0123456789abcdef";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_word_char(char c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c == '_'; }

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// General_Category=Cf (Unicode 15.1), as [first, last] ranges.
constexpr std::array<std::pair<char32_t, char32_t>, 21> kFormat = {{
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},
    {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},   {0x200B, 0x200F},   {0x202A, 0x202E},
    {0x2060, 0x2064},   {0x2066, 0x206F},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD},
    {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
}};

/// One line of comment text, with `line_break(c)` telling what ends a line in the language.
/// Whitespace runs fold into one space; what could close a block comment is broken up.
std::string one_line(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t c = next_code_point(text, pos);
    if (c == '\t' || is_invisible(c)) c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    if (c == '/' && !out.empty() && out.back() == '*') out.push_back(' ');  // "*/" -> "* /"
    append_utf8(out, c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string hex_byte(unsigned char c) { return {kHex[c >> 4], kHex[c & 15]}; }

std::string u_escape(char32_t unit) {
  std::string out = "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 15]);
  return out;
}

/// The body of a JavaScript string (no quotes): `extra` says which printable characters the
/// context also escapes.
template <typename Extra>
std::string js_body(std::string_view text, Extra extra) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t c = next_code_point(text, pos);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (extra(out, c)) continue;
    if (is_invisible(c)) {
      if (c >= 0x10000) {  // a surrogate pair: \u escapes are UTF-16 code units
        out += u_escape(0xD800 + ((c - 0x10000) >> 10));
        out += u_escape(0xDC00 + ((c - 0x10000) & 0x3FF));
      } else {
        out += u_escape(c);
      }
      continue;
    }
    append_utf8(out, c);
  }
  return out;
}

constexpr std::string_view kCppKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
    "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr", "constinit",
    "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return", "short", "signed",
    "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq",
    // Identifiers with special meaning, and lower-case macros of the C and C++ libraries and of
    // GCC's GNU modes: a member named errno or linux would not compile.
    "final", "override", "import", "module", "assert", "errno", "stdin", "stdout", "stderr", "offsetof", "setjmp",
    "va_arg", "va_copy", "va_end", "va_start", "unix", "linux", "i386", "major", "minor", "makedev"};

constexpr std::string_view kJsReserved[] = {
    // Reserved words (ES2022, strict mode and modules).
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
    "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
    "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
    "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments",
    "eval",
    // Globals TypeScript refuses to see redeclared.
    "undefined", "globalThis", "NaN", "Infinity",
    // Names the generated modules declare or import next to handler functions, and the
    // parameters and locals of the functions that call handlers (src/server.ts, src/prompts.ts).
    "schemas", "server", "z", "args", "ctx", "uri", "variables", "result", "structured", "decoded", "parsed", "issue",
    "createServer", "acceptSubscriptions", "completerOf", "decodeUriVariables", "handlerContext", "listedAs",
    "serveCompletions", "fillPlaceholders"};

/// An identifier from `text` under `reserved`; see cpp_identifier.
template <typename Reserved>
std::string identifier(std::string_view text, std::string_view fallback, Reserved reserved) {
  std::string id;
  for (char c : text) {
    if (!is_word_char(c)) c = '_';
    if (c == '_' && !id.empty() && id.back() == '_') continue;
    id.push_back(c);
  }
  while (!id.empty() && id.front() == '_') id.erase(0, 1);  // _x and _X are reserved forms
  if (id.empty()) id = std::string(fallback);
  if (id.empty()) id = "v";
  if (is_digit(id[0])) id.insert(0, is_upper(fallback.empty() ? 'v' : fallback[0]) ? "V" : "v");
  if (reserved(id)) id += "_";  // no reserved word ends in '_'
  return id;
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& pos) {
  unsigned char c = static_cast<unsigned char>(s[pos]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 1) {
    ++pos;
    return c;
  }
  if (n == 0 || pos + n > s.size()) {
    ++pos;
    return kReplacement;
  }
  char32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[pos + k]);
    if ((cc >> 6) != 2) {
      ++pos;
      return kReplacement;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++pos;
    return kReplacement;
  }
  pos += n;
  return cp;
}

bool is_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t start = pos;
    // An invalid sequence gives U+FFFD for one byte; a real U+FFFD takes its three.
    if (next_code_point(text, pos) == kReplacement && pos - start != 3) return false;
  }
  return true;
}

bool is_invisible(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;  // Cc
  if (c == 0x2028 || c == 0x2029) return true;            // Zl, Zp
  for (const auto& [first, last] : kFormat) {
    if (c < first) return false;
    if (c <= last) return true;
  }
  return false;
}

// ---- C++ -----------------------------------------------------------------------------------

std::string cpp_comment(std::string_view text) {
  std::string out = one_line(text);
  // A backslash at the end of a line (GCC also allows whitespace after it) splices the next
  // line into the comment; so does "??/" where trigraphs are on.
  while (!out.empty()) {
    if (out.back() == ' ' || out.back() == '\\') {
      out.pop_back();
    } else if (out.ends_with("?\?/")) {
      out.resize(out.size() - 3);
    } else {
      break;
    }
  }
  return out;
}

namespace {

std::string cpp_quoted(std::string_view text) {
  constexpr std::size_t kChunk = 2000;  // bytes of text per literal piece: under every compiler's limit
  std::string out = "\"";
  std::size_t chunk = 0;
  bool after_hex = false;  // a \x escape swallows the hex digits after it: split the literal
  for (unsigned char c : text) {
    if (chunk == kChunk) {
      out += "\" \"";
      chunk = 0;
      after_hex = false;
    }
    ++chunk;
    const char* simple = c == '"'    ? "\\\""
                         : c == '\\' ? "\\\\"
                         : c == '\n' ? "\\n"
                         : c == '\t' ? "\\t"
                         : c == '\r' ? "\\r"
                         : c == '?'  ? "\\?"
                                     : nullptr;
    if (simple) {
      out += simple;
      after_hex = false;
    } else if (c < 0x20 || c >= 0x7F) {
      out += "\\x" + hex_byte(c);
      after_hex = true;
    } else {
      if (after_hex && std::isxdigit(c)) out += "\" \"";
      out.push_back(static_cast<char>(c));
      after_hex = false;
    }
  }
  return out + "\"";
}

}  // namespace

std::string cpp_string_literal(std::string_view text) {
  if (text.find('\0') == std::string_view::npos) return cpp_quoted(text);
  return "std::string(" + cpp_quoted(text) + ", " + std::to_string(text.size()) + ")";
}

std::string cpp_string_view_literal(std::string_view text) {
  if (text.find('\0') == std::string_view::npos) return cpp_quoted(text);
  return "std::string_view(" + cpp_quoted(text) + ", " + std::to_string(text.size()) + ")";
}

bool is_cpp_keyword(std::string_view word) {
  return std::find(std::begin(kCppKeywords), std::end(kCppKeywords), word) != std::end(kCppKeywords);
}

std::string cpp_identifier(std::string_view text, std::string_view fallback) {
  return identifier(text, fallback, [](const std::string& id) { return is_cpp_keyword(id); });
}

namespace {

bool is_identifier_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> cpp_type_spelling(std::string_view text) {
  // A hand-edited IR file could put code here: only what a type's spelling needs gets through.
  int depth = 0;
  if (text.empty() || text.size() > 4096) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (is_identifier_char(c) || c == ' ' || c == ',' || c == '*' || c == '&') continue;
    if (c == ':') {
      if (i + 1 >= text.size() || text[i + 1] != ':') return std::nullopt;
      ++i;
      continue;
    }
    if (c == '<') {
      ++depth;
    } else if (c == '>') {
      if (--depth < 0) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (depth != 0) return std::nullopt;
  return std::string(text);
}

std::optional<std::string> cpp_declared_identifier(std::string_view text) {
  if (text.empty() || text.size() > 1024 || !is_identifier_start(text[0])) return std::nullopt;
  for (char c : text) {
    if (!is_identifier_char(c)) return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::string> cpp_include_operand(std::string_view path) {
  if (path.empty() || path.size() > 4096) return std::nullopt;
  for (char c : path) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return std::nullopt;
  }
  if (path.find("//") != std::string_view::npos || path.find("/*") != std::string_view::npos) return std::nullopt;
  return "\"" + std::string(path) + "\"";
}

// ---- JavaScript / TypeScript ----------------------------------------------------------------

std::string js_comment(std::string_view text) { return one_line(text); }

std::string js_string_literal(std::string_view text) {
  return "\"" + js_body(text, [](std::string&, char32_t) { return false; }) + "\"";
}

std::string js_template_text(std::string_view text) {
  // "${" must not open a substitution: the '$' of each is escaped.
  return js_body(text, [](std::string& o, char32_t c) {
    if (c == '`') {
      o += "\\`";
      return true;
    }
    if (c == '{' && !o.empty() && o.back() == '$') {
      o.insert(o.size() - 1, "\\");
      o.push_back('{');
      return true;
    }
    return false;
  });
}

std::string js_property_key(std::string_view key) {
  if (key == "__proto__") return "[\"__proto__\"]";
  return js_string_literal(key);
}

namespace {

std::string spaces(int n) { return std::string(static_cast<std::size_t>(std::max(n, 0)) * 2, ' '); }

std::string js_scalar(const OrderedJson& j) {
  if (j.is_string()) return js_string_literal(j.get_ref<const std::string&>());
  return j.dump();  // numbers, booleans, null: JSON and JavaScript spell them alike
}

}  // namespace

std::string js_json(const OrderedJson& j, int indent) {
  if (j.is_object() && !j.empty()) {
    std::string out = "{\n";
    std::size_t i = 0;
    for (const auto& [key, value] : j.items()) {
      out += spaces(indent + 1) + js_property_key(key) + ": " + js_json(value, indent + 1) +
             (++i < j.size() ? ",\n" : "\n");
    }
    return out + spaces(indent) + "}";
  }
  if (j.is_array() && std::any_of(j.begin(), j.end(), [](const OrderedJson& x) { return x.is_structured(); })) {
    std::string out = "[\n";
    for (std::size_t i = 0; i < j.size(); ++i) {
      out += spaces(indent + 1) + js_json(j[i], indent + 1) + (i + 1 < j.size() ? ",\n" : "\n");
    }
    return out + spaces(indent) + "]";
  }
  if (j.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < j.size(); ++i) out += (i ? ", " : "") + js_scalar(j[i]);
    return out + "]";
  }
  if (j.is_object()) return "{}";
  return js_scalar(j);
}

std::string js_json_inline(const OrderedJson& j) {
  if (j.is_object()) {
    std::string out;
    for (const auto& [key, value] : j.items()) {
      out += (out.empty() ? "{" : ",") + js_property_key(key) + ":" + js_json_inline(value);
    }
    return out.empty() ? "{}" : out + "}";
  }
  if (j.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < j.size(); ++i) out += (i ? "," : "") + js_json_inline(j[i]);
    return out + "]";
  }
  return js_scalar(j);
}

std::string js_regexp(std::string_view pattern) { return "new RegExp(" + js_string_literal(pattern) + ")"; }

bool is_js_reserved(std::string_view word) {
  return std::find(std::begin(kJsReserved), std::end(kJsReserved), word) != std::end(kJsReserved);
}

std::string js_identifier(std::string_view text, std::string_view fallback) {
  return identifier(text, fallback, [](const std::string& id) { return is_js_reserved(id); });
}

// ---- data files and documentation -------------------------------------------------------------

std::string json_string(std::string_view text) { return js_string_literal(text); }

std::string markdown_text(std::string_view text) {
  std::string line = one_line(text);
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    bool special = std::string_view("\\`*[]<>|&~").find(c) != std::string_view::npos;
    // '_' inside a word (snake_case) is no emphasis.
    auto alnum = [&](std::size_t k) { return k < line.size() && std::isalnum(static_cast<unsigned char>(line[k])); };
    if (c == '_' && !(i > 0 && alnum(i - 1) && alnum(i + 1))) special = true;
    // At the start of a line, these open headings, lists and setext underlines.
    if (i == 0 && std::string_view("#+-=").find(c) != std::string_view::npos) special = true;
    if ((c == '.' || c == ')') && i > 0 && (i + 1 == line.size() || line[i + 1] == ' ') &&
        std::all_of(line.begin(), line.begin() + static_cast<long>(i), is_digit)) {
      special = true;  // "1. " or "1) " starts an ordered list
    }
    if (special) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string markdown_code_span(std::string_view text) {
  std::string body;
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t c = next_code_point(text, pos);
    if (c == '|') {
      body += "\\|";
      continue;
    }
    append_utf8(body, is_invisible(c) ? U' ' : c);
  }
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  // A space on each side keeps a backtick at either end apart from the fence (and is stripped).
  bool pad = body.empty() || body.front() == '`' || body.back() == '`' || body.front() == ' ';
  return pad ? fence + " " + body + " " + fence : fence + body + fence;
}

std::string shell_word(std::string_view text) {
  bool plain = !text.empty();
  bool invisible = false;
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t c = next_code_point(text, pos);
    if (c >= 0x80 || !(is_word_char(static_cast<char>(c)) ||
                       std::string_view("@%+=:,./-").find(static_cast<char>(c)) != std::string_view::npos)) {
      plain = false;
    }
    invisible = invisible || is_invisible(c) || c == kReplacement;
  }
  if (plain) return std::string(text);
  if (!invisible) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? "'\\''" : std::string(1, c);
    return out + "'";
  }
  std::string out = "$'";
  for (unsigned char c : text) {
    if (c == '\'' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7F) {
      out += "\\x" + hex_byte(c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "'";
}

}  // namespace mcpc::codegen
