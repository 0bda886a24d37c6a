// JSON Schema `pattern`s (ECMA-262 regular expressions) run on RE2, which matches in time linear
// in the input and without recursion, so no argument can overflow the stack or run forever.
// Used by the validator (validator.h), by `mcpc check` and by the TypeScript backend, so the
// compiler and every server agree on what a pattern means and which patterns are refused.
//
// RE2 has no lookaround and no backreferences; a pattern using them does not compile, and is
// then refused (by `mcpc check` as an error, and by the runtime as a failed validation: a value
// that cannot be checked is never accepted). The ECMA-262 spellings RE2 lacks are rewritten
// first: \uXXXX and \u{X...}, \cX, \0, named groups (?<name>...), [^] and [], and the ECMA-262
// meanings of '.', \s and \S (which cover \r, \v, U+2028, U+2029 and Unicode spaces).
#pragma once

#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <re2/re2.h>

namespace mcpc::json_schema {

/// Memory one compiled pattern may use (RE2's own default); a pattern needing more is refused.
inline constexpr std::int64_t kPatternMaxMemory = 8 << 20;

namespace ecma_detail {

// ECMA-262 WhiteSpace and LineTerminator, as the body of a character class.
inline constexpr std::string_view kSpaceClass =
    "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

inline bool all_hex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace ecma_detail

/// The RE2 spelling of an ECMA-262 pattern. What RE2 cannot express is left as written, so that
/// RE2 refuses it rather than it meaning something else.
inline std::string ecma_to_re2(std::string_view p) {
  using namespace ecma_detail;
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      if (e == 'u' && i + 6 <= p.size() && all_hex(p.substr(i + 2, 4))) {
        out += "\\x{" + std::string(p.substr(i + 2, 4)) + "}";
        i += 5;
        continue;
      }
      if (e == 'u' && i + 2 < p.size() && p[i + 2] == '{') {
        std::size_t close = p.find('}', i + 3);
        if (close != std::string_view::npos && close - (i + 3) <= 6 && all_hex(p.substr(i + 3, close - (i + 3)))) {
          out += "\\x{" + std::string(p.substr(i + 3, close - (i + 3))) + "}";
          i = close;
          continue;
        }
      }
      if (e == 'c' && i + 2 < p.size() && std::isalpha(static_cast<unsigned char>(p[i + 2]))) {
        static const char* hex = "0123456789ABCDEF";
        int code = p[i + 2] % 32;
        out += std::string("\\x{") + hex[code / 16] + hex[code % 16] + "}";
        i += 2;
        continue;
      }
      if (e == '0' && !(i + 2 < p.size() && std::isdigit(static_cast<unsigned char>(p[i + 2])))) {
        out += "\\x{00}";
        ++i;
        continue;
      }
      if (e == 's' || e == 'S') {
        if (in_class) {
          // A negated \S inside a class cannot be spelled as a range list; RE2's own \S is close.
          if (e == 's')
            out += kSpaceClass;
          else
            out += "\\S";
        } else {
          out += e == 's' ? "[" : "[^";
          out += kSpaceClass;
          out += "]";
        }
        ++i;
        continue;
      }
      out += c;
      out += e;
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      if (p.substr(i, 3) == "[^]") {  // any character, line terminators included
        out += "(?s:.)";
        i += 2;
        continue;
      }
      if (p.substr(i, 2) == "[]") {  // no character at all
        out += "[^\\x00-\\x{10FFFF}]";
        i += 1;
        continue;
      }
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      continue;
    }
    if (c == '.') {  // ECMA-262: any character but a line terminator
      out += "[^\\n\\r\\x{2028}\\x{2029}]";
      continue;
    }
    if (c == '(' && p.substr(i, 3) == "(?<" && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

/// Why RE2 refused `pattern` (its error is `re2_error`), in words for the spec's author.
inline std::string describe_pattern_error(std::string_view pattern, const std::string& re2_error) {
  for (std::string_view look : {"(?=", "(?!", "(?<=", "(?<!"}) {
    if (pattern.find(look) != std::string_view::npos) {
      return "uses lookahead or lookbehind, which RE2 (the regular expressions servers check with) does not support";
    }
  }
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      char e = pattern[i + 1];
      if ((e >= '1' && e <= '9') || e == 'k') {
        return "uses a backreference, which RE2 (the regular expressions servers check with) does not support";
      }
      ++i;
    }
  }
  return "is not a valid regular expression (" + re2_error + ")";
}

/// Compiles an ECMA-262 pattern for unanchored search (RE2::PartialMatch), or returns nullptr
/// with why in `error`.
inline std::unique_ptr<re2::RE2> compile_ecma_pattern(std::string_view pattern, std::string* error) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);  // only "does it match" is asked
  options.set_max_mem(kPatternMaxMemory);
  auto re = std::make_unique<re2::RE2>(ecma_to_re2(pattern), options);
  if (!re->ok()) {
    if (error) *error = re->error();
    return nullptr;
  }
  return re;
}

// Compiled `pattern`s, shared by every thread and validation: a server's schemas are fixed, so
// the set is small; kMaxCachedPatterns bounds it anyway (past it, patterns are compiled per use).
inline constexpr std::size_t kMaxCachedPatterns = 4096;

struct CompiledPattern {
  std::unique_ptr<re2::RE2> re;  // nullptr: RE2 cannot compile the pattern (see error)
  std::string error;
};

class PatternCache {
 public:
  // The result lives as long as the process, or as long as `uncached` when the cache is full.
  const CompiledPattern* get(const std::string& pattern, std::unique_ptr<CompiledPattern>& uncached) {
    {
      std::shared_lock lock(mu_);
      if (auto it = map_.find(pattern); it != map_.end()) return it->second.get();
    }
    auto compiled = std::make_unique<CompiledPattern>();
    compiled->re = compile_ecma_pattern(pattern, &compiled->error);
    std::unique_lock lock(mu_);
    if (auto it = map_.find(pattern); it != map_.end()) return it->second.get();
    if (map_.size() >= kMaxCachedPatterns) {
      uncached = std::move(compiled);
      return uncached.get();
    }
    return map_.emplace(pattern, std::move(compiled)).first->second.get();
  }

 private:
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<CompiledPattern>> map_;
};

/// The process's cache, shared by the validator and `mcpc check`.
inline PatternCache& pattern_cache() {
  static auto* cache = new PatternCache;  // never destroyed: handler threads may outlive main()
  return *cache;
}

}  // namespace mcpc::json_schema
