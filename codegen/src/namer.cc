#include "namer.h"

#include "escape.h"

namespace mcpc::codegen {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

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

std::string IdentifierScope::claim(std::string_view name, std::string_view fallback) {
  std::string identifier = language_ == Language::Cpp ? cpp_identifier(name, fallback) : js_identifier(name, fallback);
  // "x_" + "2", not "x__2": a double underscore is reserved in C++.
  std::string sep = identifier.back() == '_' ? "" : "_";
  std::string candidate = identifier;
  for (int n = 2; taken_.count(candidate) != 0; ++n) candidate = identifier + sep + std::to_string(n);
  taken_.insert(candidate);
  return candidate;
}

}  // namespace mcpc::codegen
