// RFC 6570 templates compiled to RE2 expressions, one capture per expression. RE2 (not
// std::regex, which recurses per character) so that a multi-megabyte URI is matched in linear
// time and constant stack.
#include "uri_template.h"

#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <re2/re2.h>

namespace mcpc::runtime {
namespace {

// Compiled templates, shared by every thread: a server's templates are fixed, and
// kMaxCachedTemplates bounds the set anyway (past it, each construction compiles its own).
constexpr std::size_t kMaxCachedTemplates = 1024;

std::shared_ptr<const re2::RE2> compile_cached(const std::string& pattern) {
  static auto* mu = new std::shared_mutex;  // never destroyed: handler threads may outlive main()
  static auto* cache = new std::unordered_map<std::string, std::shared_ptr<const re2::RE2>>;
  {
    std::shared_lock lock(*mu);
    if (auto it = cache->find(pattern); it != cache->end()) return it->second;
  }
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);  // URIs are matched as bytes
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) throw std::invalid_argument("cannot compile URI template: " + re->error());
  std::unique_lock lock(*mu);
  if (cache->size() < kMaxCachedTemplates) cache->emplace(pattern, re);
  return re;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

}  // namespace

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

UriTemplate::UriTemplate(const std::string& tmpl) {
  std::string pattern = "^";
  std::size_t i = 0;
  while (i < tmpl.size()) {
    std::size_t open = tmpl.find('{', i);
    pattern += re2::RE2::QuoteMeta(tmpl.substr(i, open == std::string::npos ? std::string::npos : open - i));
    if (open == std::string::npos) break;
    std::size_t close = tmpl.find('}', open);
    if (close == std::string::npos) throw std::invalid_argument("unterminated expression in " + tmpl);
    std::string expr = tmpl.substr(open + 1, close - open - 1);
    if (expr.empty()) throw std::invalid_argument("empty expression in " + tmpl);
    Group g{0, {}};
    if (std::string("+#/.;?&").find(expr[0]) != std::string::npos) {
      g.op = expr[0];
      expr.erase(0, 1);
    }
    for (std::string name : split(expr, ',')) {
      if (!name.empty() && name.back() == '*') name.pop_back();
      if (auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
      if (name.empty()) throw std::invalid_argument("empty variable name in " + tmpl);
      g.names.push_back(name);
      variables_.push_back(name);
    }
    switch (g.op) {
      case 0: pattern += "([^/?#]*)"; break;
      case '+': pattern += "([^?#]*)"; break;
      case '#': pattern += "(?:#(.*))?"; break;
      case '/': pattern += "((?:/[^/?#]*)*)"; break;
      case '.': pattern += "((?:\\.[^/?#.]*)*)"; break;
      case ';': pattern += "((?:;[^/?#]*)*)"; break;
      case '?': pattern += "(?:\\?([^#]*))?"; break;
      case '&': pattern += "((?:&[^#]*)*)"; break;
    }
    groups_.push_back(std::move(g));
    i = close + 1;
  }
  pattern += "$";
  regex_ = compile_cached(pattern);
}

std::optional<std::map<std::string, std::string>> UriTemplate::match(const std::string& uri) const {
  std::vector<std::string> captures(groups_.size());
  std::vector<re2::RE2::Arg> args;
  args.reserve(captures.size());
  for (std::string& c : captures) args.emplace_back(&c);
  std::vector<const re2::RE2::Arg*> arg_ptrs;
  for (const auto& a : args) arg_ptrs.push_back(&a);
  if (!re2::RE2::FullMatchN(uri, *regex_, arg_ptrs.data(), static_cast<int>(arg_ptrs.size()))) return std::nullopt;
  std::map<std::string, std::string> vars;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    const Group& g = groups_[gi];
    std::string& captured = captures[gi];
    if (g.op == '?' || g.op == '&' || g.op == ';') {
      // name=value pairs
      char sep = g.op == ';' ? ';' : '&';
      if (!captured.empty() && (captured[0] == '&' || captured[0] == ';')) captured.erase(0, 1);
      for (const std::string& pair : split(captured, sep)) {
        auto eq = pair.find('=');
        std::string key = pair.substr(0, eq);
        for (const std::string& name : g.names) {
          if (name == key) vars[name] = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
        }
      }
      continue;
    }
    if (g.op == '/' || g.op == '.') {
      if (!captured.empty()) captured.erase(0, 1);
      std::vector<std::string> parts = split(captured, g.op);
      for (std::size_t k = 0; k < g.names.size() && k < parts.size(); ++k) vars[g.names[k]] = percent_decode(parts[k]);
      continue;
    }
    std::vector<std::string> parts = g.names.size() > 1 ? split(captured, ',') : std::vector<std::string>{captured};
    if (parts.size() != g.names.size() && g.names.size() > 1) return std::nullopt;
    for (std::size_t k = 0; k < g.names.size(); ++k) vars[g.names[k]] = percent_decode(parts[k]);
  }
  return vars;
}

}  // namespace mcpc::runtime
