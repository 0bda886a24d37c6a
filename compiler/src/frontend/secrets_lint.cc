// Hard-coded secret detection: a spec is committed to git and packaged, so credentials written
// into it leak. Two signals: well-known token shapes anywhere, and literal strings under keys
// that name credentials. Warnings, because a false positive must not block a build.
#include <regex>

#include "lower.h"

namespace mcpc::frontend {
namespace {

struct TokenShape {
  const char* what;
  std::regex pattern;
};

const std::vector<TokenShape>& token_shapes() {
  static const std::vector<TokenShape> shapes = [] {
    auto re = [](const char* p) { return std::regex(p, std::regex::ECMAScript | std::regex::optimize); };
    return std::vector<TokenShape>{
        {"an Anthropic or OpenAI API key", re(R"(\bsk-(ant-)?[A-Za-z0-9_-]{20,})")},
        {"a GitHub token", re(R"(\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,})")},
        {"an AWS access key id", re(R"(\b(AKIA|ASIA)[0-9A-Z]{16}\b)")},
        {"a Slack token", re(R"(\bxox[abposr]-[A-Za-z0-9-]{10,})")},
        {"a Google API key", re(R"(\bAIza[0-9A-Za-z_-]{35}\b)")},
        {"a Stripe key", re(R"(\b(sk|rk)_(live|test)_[0-9A-Za-z]{16,})")},
        {"a private key", re(R"(-----BEGIN [A-Z ]*PRIVATE KEY-----)")},
        {"a JSON Web Token", re(R"(\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})")},
        {"a password inside a URL", re(R"([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@)")},
    };
  }();
  return shapes;
}

// Key names that hold credentials, compared after lower-casing and dropping '_' and '-'.
bool is_secret_key(std::string_view key) {
  std::string k;
  for (char c : key) {
    if (c == '_' || c == '-') continue;
    k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const char* const kNames[] = {"password", "passwd", "secret", "clientsecret", "token", "accesstoken",
                                       "apikey", "apisecret", "privatekey", "authtoken", "bearertoken",
                                       "credentials", "connectionstring"};
  for (const char* n : kNames) {
    if (k == n) return true;
  }
  return false;
}

// Placeholders such as "${API_KEY}", "<token>" or "changeme" are not secrets.
bool is_placeholder(std::string_view v) {
  if (v.size() < 4) return true;  // "x", "***": obviously not a real credential
  if (v.find("${") != std::string_view::npos || v.front() == '<' || v.front() == '$') return true;
  for (std::string_view p : {"changeme", "example", "placeholder", "your-", "your_", "xxxx"}) {
    if (v.find(p) != std::string_view::npos) return true;
  }
  return false;
}

void walk(const doc::Node& node, std::string_view parent_key, std::string_view grandparent_key,
          DiagnosticEngine& diags) {
  if (node.is_string()) {
    for (const TokenShape& shape : token_shapes()) {
      if (std::regex_search(node.text, shape.pattern)) {
        diags.report(Check::kHardcodedSecret, node.loc,
                     "this value looks like " + std::string(shape.what) +
                         "; keep secrets out of the spec and declare an env entry with secret: true instead");
        return;
      }
    }
    // `password: hunter2hunter2`, or `default: ...` of a parameter named like a credential.
    std::string_view key = parent_key == "default" ? grandparent_key : parent_key;
    if (is_secret_key(key) && !is_placeholder(node.text)) {
      diags.report(Check::kHardcodedSecret, node.loc,
                   "'" + std::string(key) + "' has a literal value; a credential should come from an env entry with secret: true");
    }
    return;
  }
  for (const doc::Node& item : node.items) walk(item, parent_key, grandparent_key, diags);
  for (const doc::Entry& e : node.entries) walk(e.value, e.key, parent_key, diags);
}

}  // namespace

void lint_secrets(const doc::Node& root, DiagnosticEngine& diags) { walk(root, "", "", diags); }

}  // namespace mcpc::frontend
