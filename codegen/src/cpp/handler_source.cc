#include "handler_source.h"

#include <algorithm>

namespace mcpc::codegen::cpp {
namespace {

constexpr std::size_t kMaxScan = 1024;

bool identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The encoding prefixes a raw string may carry before its R: "", L, u, U, u8.
bool raw_string_start(std::string_view s, std::size_t quote) {
  if (quote == 0 || s[quote - 1] != 'R') return false;
  std::size_t r = quote - 1;
  std::size_t begin = r;
  while (begin > 0 && identifier_char(s[begin - 1])) --begin;
  std::string_view prefix = s.substr(begin, r - begin);
  return prefix.empty() || prefix == "L" || prefix == "u" || prefix == "U" || prefix == "u8";
}

// A quote inside a number (1'000, 0xFF'FF) separates digits; after a prefix (u8'a') it opens
// a character literal.
bool digit_separator(std::string_view s, std::size_t quote) {
  std::size_t begin = quote;
  while (begin > 0 && identifier_char(s[begin - 1])) --begin;
  return begin < quote && s[begin] >= '0' && s[begin] <= '9';
}

}  // namespace

std::string code_only(std::string_view source) {
  std::string out(source);
  auto blank = [&](std::size_t from, std::size_t to, char filler = ' ') {
    for (std::size_t k = from; k < to && k < out.size(); ++k) {
      if (out[k] != '\n') out[k] = filler;
    }
  };
  std::size_t i = 0;
  const std::size_t n = source.size();
  while (i < n) {
    char c = source[i];
    if (c == '/' && i + 1 < n && source[i + 1] == '/') {
      std::size_t end = source.find('\n', i);
      if (end == std::string_view::npos) end = n;
      blank(i, end);
      i = end;
    } else if (c == '/' && i + 1 < n && source[i + 1] == '*') {
      std::size_t end = source.find("*/", i + 2);
      end = end == std::string_view::npos ? n : end + 2;
      blank(i, end);
      i = end;
    } else if (c == '"' && raw_string_start(source, i)) {
      // R"delim( ... )delim": the delimiter is at most 16 characters.
      std::size_t open = source.find('(', i + 1);
      std::size_t end = n;
      if (open != std::string_view::npos && open - i - 1 <= 16) {
        std::string close = ")" + std::string(source.substr(i + 1, open - i - 1)) + "\"";
        std::size_t found = source.find(close, open + 1);
        if (found != std::string_view::npos) end = found + close.size();
      }
      blank(i, end, '"');
      i = end;
    } else if (c == '"' || (c == '\'' && !digit_separator(source, i))) {
      std::size_t j = i + 1;
      while (j < n && source[j] != c && source[j] != '\n') j += source[j] == '\\' ? 2 : 1;
      std::size_t end = j < n && source[j] == c ? j + 1 : j;
      blank(i, end, '"');
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

bool declares_override(std::string_view code, std::string_view function) {
  if (function.empty()) return false;
  for (std::size_t at = code.find(function); at != std::string_view::npos; at = code.find(function, at + 1)) {
    std::size_t after = at + function.size();
    if ((at > 0 && identifier_char(code[at - 1])) || (after < code.size() && identifier_char(code[after]))) continue;
    while (after < code.size() && space(code[after])) ++after;
    if (after == code.size() || code[after] != '(') continue;
    // A declaration's parameter list and what follows it are short: bounded scans keep a large
    // file linear.
    int depth = 0;
    std::size_t close = after;
    std::size_t limit = std::min(code.size(), after + kMaxScan);
    for (; close < limit; ++close) {
      if (code[close] == '(') ++depth;
      if (code[close] == ')' && --depth == 0) break;
    }
    if (close == limit) continue;
    // Between the parameter list and the body: qualifiers, a trailing return type, override.
    std::string_view tail = code.substr(close + 1, kMaxScan);
    tail = tail.substr(0, tail.find_first_of("{;"));
    for (std::string_view word : {std::string_view("override"), std::string_view("final")}) {
      for (std::size_t w = tail.find(word); w != std::string_view::npos; w = tail.find(word, w + 1)) {
        bool starts = w == 0 || !identifier_char(tail[w - 1]);
        bool ends = w + word.size() == tail.size() || !identifier_char(tail[w + word.size()]);
        if (starts && ends) return true;
      }
    }
  }
  return false;
}

std::size_t marked_line(std::string_view source, std::string_view code, std::string_view marker) {
  for (std::size_t at = source.find(marker); at != std::string_view::npos; at = source.find(marker, at + 1)) {
    if (code[at] != ' ') continue;  // in code or a string, not in a comment
    std::size_t line = source.rfind('\n', at);
    return line == std::string_view::npos ? 0 : line + 1;
  }
  return std::string_view::npos;
}

}  // namespace mcpc::codegen::cpp
