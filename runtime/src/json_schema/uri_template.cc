// RFC 6570 templates: read by one parser, and compiled to RE2 expressions (one capture per
// expression) for matching. RE2 (not std::regex, which recurses per character) so that a
// multi-megabyte URI is matched in linear time and constant stack.
#include "mcpc/json_schema/uri_template.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include <cctype>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <re2/re2.h>

namespace mcpc::json_schema {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

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

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// One expression's body (between the braces, operator included) into `e`; "" or what is wrong.
// variable-list = varspec *( "," varspec ); varspec = varname [ ":" max-length / "*" ]
std::string parse_expression(const std::string& expr, std::size_t offset, UriTemplateSyntax::Expression& e) {
  if (expr.empty()) return "empty expression '{}' at offset " + std::to_string(offset);
  if (expr.find('{') != std::string::npos) return "nested '{' in expression at offset " + std::to_string(offset);
  std::size_t start = 0;
  if (std::string_view("+#./;?&").find(expr[0]) != std::string_view::npos) {
    e.op = expr[0];
    start = 1;
  } else if (std::string_view("=,!@|").find(expr[0]) != std::string_view::npos) {
    return std::string("operator '") + expr[0] + "' is reserved by RFC 6570 and not supported";
  }
  while (true) {
    std::size_t end = expr.find(',', start);
    std::string spec = expr.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::string name = spec;
    if (!spec.empty() && spec.back() == '*') {
      name = spec.substr(0, spec.size() - 1);
    } else if (auto colon = spec.find(':'); colon != std::string::npos) {
      name = spec.substr(0, colon);
      std::string len = spec.substr(colon + 1);
      bool ok = !len.empty() && len.size() <= 4 && len[0] != '0';
      for (char d : len) ok = ok && std::isdigit(static_cast<unsigned char>(d));
      if (!ok) return "invalid prefix length ':" + len + "' in '{" + expr + "}' (expected 1-9999)";
    }
    if (name.empty()) return "empty variable name in '{" + expr + "}'";
    for (std::size_t k = 0; k < name.size(); ++k) {
      char ch = name[k];
      bool ok =
          std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || (ch == '.' && k > 0 && k + 1 < name.size());
      if (ch == '%' && k + 2 < name.size() && is_hex(name[k + 1]) && is_hex(name[k + 2])) {
        k += 2;
        continue;
      }
      if (!ok) return "invalid character '" + std::string(1, ch) + "' in variable name '" + name + "'";
    }
    e.variables.push_back(name);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

}  // namespace

std::string parse_uri_template(std::string_view tmpl, UriTemplateSyntax& syntax) {
  const std::string t(tmpl);
  syntax = {};
  std::string literal;
  std::size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '}') return "unmatched '}' at offset " + std::to_string(i);
    if (c != '{') {
      if (c == '%') {
        if (i + 2 >= t.size() || !is_hex(t[i + 1]) || !is_hex(t[i + 2])) {
          return "invalid percent-encoding at offset " + std::to_string(i);
        }
      } else if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
                 c == '`' || c == '|') {
        return std::string("character '") + c + "' is not allowed in a URI template literal";
      }
      literal += c;
      ++i;
      continue;
    }
    std::size_t close = t.find('}', i);
    if (close == std::string::npos) return "unterminated expression starting at offset " + std::to_string(i);
    UriTemplateSyntax::Expression e;
    if (std::string why = parse_expression(t.substr(i + 1, close - i - 1), i, e); !why.empty()) return why;
    syntax.literals.push_back(std::move(literal));
    literal.clear();
    syntax.expressions.push_back(std::move(e));
    i = close + 1;
  }
  syntax.literals.push_back(std::move(literal));
  return "";
}

UriTemplate::UriTemplate(const std::string& tmpl) {
  UriTemplateSyntax syntax;
  if (std::string why = parse_uri_template(tmpl, syntax); !why.empty()) {
    throw std::invalid_argument("invalid URI template '" + tmpl + "': " + why);
  }
  std::string pattern = "^";
  for (std::size_t k = 0; k < syntax.expressions.size(); ++k) {
    pattern += re2::RE2::QuoteMeta(syntax.literals[k]);
    switch (syntax.expressions[k].op) {
      case 0:
        pattern += "([^/?#]*)";
        break;
      case '+':
        pattern += "([^?#]*)";
        break;
      case '#':
        pattern += "(?:#(.*))?";
        break;
      case '/':
        pattern += "((?:/[^/?#]*)*)";
        break;
      case '.':
        pattern += "((?:\\.[^/?#.]*)*)";
        break;
      case ';':
        pattern += "((?:;[^/?#]*)*)";
        break;
      case '?':
        pattern += "(?:\\?([^#]*))?";
        break;
      case '&':
        pattern += "((?:&[^#]*)*)";
        break;
    }
  }
  pattern += re2::RE2::QuoteMeta(syntax.literals.back());
  pattern += "$";
  regex_ = compile_cached(pattern);
  groups_ = std::move(syntax.expressions);
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
    const UriTemplateSyntax::Expression& g = groups_[gi];
    const std::vector<std::string>& names = g.variables;
    std::string& captured = captures[gi];
    if (g.op == '?' || g.op == '&' || g.op == ';') {
      // name=value pairs
      char sep = g.op == ';' ? ';' : '&';
      if (!captured.empty() && (captured[0] == '&' || captured[0] == ';')) captured.erase(0, 1);
      for (const std::string& pair : split(captured, sep)) {
        auto eq = pair.find('=');
        std::string key = pair.substr(0, eq);
        for (const std::string& name : names) {
          if (name == key) vars[name] = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
        }
      }
      continue;
    }
    if (g.op == '/' || g.op == '.') {
      if (!captured.empty()) captured.erase(0, 1);
      std::vector<std::string> parts = split(captured, g.op);
      for (std::size_t k = 0; k < names.size() && k < parts.size(); ++k) vars[names[k]] = percent_decode(parts[k]);
      continue;
    }
    std::vector<std::string> parts = names.size() > 1 ? split(captured, ',') : std::vector<std::string>{captured};
    if (parts.size() != names.size() && names.size() > 1) return std::nullopt;
    for (std::size_t k = 0; k < names.size(); ++k) vars[names[k]] = percent_decode(parts[k]);
  }
  return vars;
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// -?[0-9]+, the same with a fraction or an exponent: the JSON number syntax, leading zeros allowed.
bool number_text(std::string_view s, bool integer) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  std::size_t end = std::min(s.find_first_of(".eE"), s.size());
  if (!all_digits(s.substr(0, end))) return false;
  if (end == s.size()) return true;
  if (integer) return false;
  s.remove_prefix(end);
  if (s[0] == '.') {
    std::size_t e = std::min(s.find_first_of("eE"), s.size());
    if (!all_digits(s.substr(1, e - 1))) return false;
    s.remove_prefix(e);
    if (s.empty()) return true;
  }
  s.remove_prefix(1);  // e or E
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return all_digits(s);
}

Json typed_value(const Json& type, const std::string& text) {
  auto is = [&](const char* name) {
    if (type.is_string()) return type == name;
    return type.is_array() && std::find(type.begin(), type.end(), name) != type.end();
  };
  if (is("integer") && number_text(text, true)) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) return n;
  }
  if (is("number") && number_text(text, false)) {
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(d)) return d;
  }
  if (is("boolean") && (text == "true" || text == "false")) return text == "true";
  return text;
}

}  // namespace

Json typed_variables(const Json& schema, const std::map<std::string, std::string>& variables) {
  Json out = Json::object();
  const Json* properties = nullptr;
  if (auto p = schema.find("properties"); p != schema.end() && p->is_object()) properties = &*p;
  for (const auto& [name, text] : variables) {
    const Json* type = nullptr;
    if (properties) {
      if (auto v = properties->find(name); v != properties->end() && v->is_object()) {
        if (auto t = v->find("type"); t != v->end()) type = &*t;
      }
    }
    out[name] = type ? typed_value(*type, text) : Json(text);
  }
  return out;
}

}  // namespace mcpc::json_schema
