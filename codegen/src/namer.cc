#include "namer.h"

#include <array>
#include <cctype>

namespace mcpc::codegen {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr std::string_view kKeywords[] = {
    "alignas",    "alignof",     "and",          "and_eq",    "asm",         "auto",
    "bitand",     "bitor",       "bool",         "break",     "case",        "catch",
    "char",       "char8_t",     "char16_t",     "char32_t",  "class",       "compl",
    "concept",    "const",       "consteval",    "constexpr", "constinit",   "const_cast",
    "continue",   "co_await",    "co_return",    "co_yield",  "decltype",    "default",
    "delete",     "do",          "double",       "dynamic_cast", "else",     "enum",
    "explicit",   "export",      "extern",       "false",     "float",       "for",
    "friend",     "goto",        "if",           "inline",    "int",         "long",
    "mutable",    "namespace",   "new",          "noexcept",  "not",         "not_eq",
    "nullptr",    "operator",    "or",           "or_eq",     "private",     "protected",
    "public",     "register",    "reinterpret_cast", "requires", "return",   "short",
    "signed",     "sizeof",      "static",       "static_assert", "static_cast", "struct",
    "switch",     "template",    "this",         "thread_local", "throw",    "true",
    "try",        "typedef",     "typeid",       "typename",  "union",       "unsigned",
    "using",      "virtual",     "void",         "volatile",  "wchar_t",     "while",
    "xor",        "xor_eq",      "final",        "override",  "import",      "module",
    "assert"};

}  // namespace

std::vector<std::string> split_words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!is_alnum(c)) {
      flush();
      continue;
    }
    if (!cur.empty() && is_upper(c)) {
      char prev = name[i - 1];
      bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      // fooBar -> foo|Bar; HTTPStatus -> HTTP|Status
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) flush();
    }
    cur.push_back(lower(c));
  }
  flush();
  return words;
}

std::string snake_case(std::string_view name) {
  std::string out;
  for (const std::string& w : split_words(name)) {
    if (!out.empty()) out.push_back('_');
    out += w;
  }
  return out;
}

std::string pascal_case(std::string_view name) {
  std::string out;
  for (std::string w : split_words(name)) {
    w[0] = upper(w[0]);
    out += w;
  }
  return out;
}

bool is_cpp_keyword(std::string_view word) {
  for (std::string_view k : kKeywords) {
    if (k == word) return true;
  }
  return false;
}

std::string CppScope::claim(std::string identifier, std::string_view fallback) {
  if (identifier.empty()) identifier = std::string(fallback);
  if (is_digit(identifier[0])) identifier = (is_upper(fallback.empty() ? 'v' : fallback[0]) ? "V" : "v") + identifier;
  // Reserved forms: keywords, and names with a double underscore or _Capital start.
  if (is_cpp_keyword(identifier) || identifier.find("__") != std::string::npos) identifier += "_";
  std::string candidate = identifier;
  for (int n = 2; taken_.count(candidate) != 0; ++n) candidate = identifier + "_" + std::to_string(n);
  taken_.insert(candidate);
  return candidate;
}

std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\\')) out.pop_back();
  return out;
}

std::string cpp_string_literal(std::string_view text) {
  std::string out = "\"";
  std::size_t chunk = 0;
  bool after_hex = false;  // a hex escape swallows following hex digits: split the literal
  for (unsigned char c : text) {
    if (chunk >= 2000) {
      out += "\" \"";
      chunk = 0;
      after_hex = false;
    }
    ++chunk;
    switch (c) {
      case '"': out += "\\\""; after_hex = false; continue;
      case '\\': out += "\\\\"; after_hex = false; continue;
      case '\n': out += "\\n"; after_hex = false; continue;
      case '\t': out += "\\t"; after_hex = false; continue;
      case '\r': out += "\\r"; after_hex = false; continue;
      case '?': out += "\\?"; after_hex = false; continue;  // no trigraph surprises
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
      after_hex = true;
      continue;
    }
    if (after_hex && std::isxdigit(c)) out += "\" \"";
    after_hex = false;
    out.push_back(static_cast<char>(c));
  }
  out += "\"";
  return out;
}

}  // namespace mcpc::codegen
