// Versions and URIs: semver for the server version, RFC 3986 scheme for resource URIs, and
// RFC 6570 syntax for resource templates (read by the servers' parser, mcpc/json_schema), with
// their declared variables.
// Spec values are matched with RE2 (linear time, no recursion), never std::regex, which recurses
// per character and overflows the stack on a long enough value.
#include <set>

#include <re2/re2.h>

#include "checks.h"
#include "mcpc/json_schema/uri_template.h"

namespace mcpc::sema {
namespace {

bool valid_scheme_prefix(const std::string& s) {
  static const re2::RE2 scheme(R"(^[A-Za-z][A-Za-z0-9+.\-]*:)");
  return re2::RE2::PartialMatch(s, scheme);
}

// RFC 3986 characters allowed in a URI (unreserved, reserved, and '%' for escapes).
bool uri_char(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

// RFC 4648 base64 with the standard alphabet and padding, no whitespace.
bool is_base64(const std::string& s) {
  if (s.size() % 4 != 0) return false;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      ++pad;
      if (i + 2 < s.size()) return false;  // '=' only in the last two places
      continue;
    }
    if (pad > 0) return false;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) return false;
  }
  return pad <= 2;
}

}  // namespace

bool is_semver(const std::string& v) {
  static const re2::RE2 re(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");
  return re2::RE2::FullMatch(v, re);
}

void check_uris(const ir::Module& m, DiagnosticEngine& diags) {
  if (!m.server.version.empty() && !is_semver(m.server.version)) {
    Diagnostic& d = diags.report(Check::Semver, m.server.version_loc,
                                 "version '" + m.server.version + "' is not a semantic version (MAJOR.MINOR.PATCH)");
    static const re2::RE2 short_version(R"(v?\d+(\.\d+)?)");
    if (re2::RE2::FullMatch(m.server.version, short_version)) {
      std::string v = m.server.version[0] == 'v' ? m.server.version.substr(1) : m.server.version;
      d.notes.push_back("write it as '" + v + (v.find('.') == std::string::npos ? ".0.0" : ".0") + "'");
    }
  }
  static const re2::RE2 http_url(R"(^https?://[^\s/]+)");
  if (!m.server.website.empty() && !re2::RE2::PartialMatch(m.server.website, http_url)) {
    diags.report(Check::Uri, m.server.website_loc, "website '" + m.server.website + "' is not an http(s) URL");
  }
  for (const ir::Resource& r : m.resources) {
    if (r.kind == ir::ResourceContentKind::Blob && !is_base64(r.content)) {
      diags.report(Check::InvalidValue, r.content_loc,
                   "blob of resource '" + r.name + "' is not valid base64 (RFC 4648, standard alphabet, padded)");
    }
    if (r.uri.empty()) continue;
    if (!valid_scheme_prefix(r.uri)) {
      diags.report(Check::Uri, r.uri_loc, "resource uri '" + r.uri + "' has no scheme (e.g. file:///..., docs://...)");
      continue;
    }
    for (char c : r.uri) {
      if (!uri_char(c)) {
        diags.report(Check::Uri, r.uri_loc,
                     "resource uri '" + r.uri + "' contains '" + std::string(1, c) + "'; percent-encode it");
        break;
      }
    }
  }
  for (const ir::ResourceTemplate& rt : m.resource_templates) {
    if (rt.uri_template.empty()) continue;
    json_schema::UriTemplateSyntax syntax;  // as servers read it
    std::string why = json_schema::parse_uri_template(rt.uri_template, syntax);
    if (!why.empty()) {
      diags.report(Check::UriTemplate, rt.uri_loc, "invalid URI template '" + rt.uri_template + "': " + why);
      continue;
    }
    if (!valid_scheme_prefix(rt.uri_template)) {
      diags.report(Check::UriTemplate, rt.uri_loc,
                   "URI template '" + rt.uri_template + "' must start with a scheme (e.g. notes://{id})");
    }
    std::set<std::string> used;
    for (const auto& e : syntax.expressions) used.insert(e.variables.begin(), e.variables.end());
    if (used.empty()) {
      diags.report(Check::UriTemplate, rt.uri_loc,
                   "URI template '" + rt.uri_template + "' has no {variables}; use a plain resource instead");
    }
    for (const ir::TemplateVariable& v : rt.variables) {
      if (!used.count(v.name)) {
        diags.report(Check::UriTemplate, v.loc,
                     "variable '" + v.name + "' is declared but does not appear in '" + rt.uri_template + "'");
      }
    }
  }
}

}  // namespace mcpc::sema
