// Hard-coded secret detection: a spec is committed to git and packaged, so credentials written
// into it leak. Two signals: well-known token shapes anywhere, and literal strings under keys
// that name credentials. Warnings, because a false positive must not block a build.
#include <string_view>

#include "lower.h"

namespace mcpc::frontend {
namespace {

// Token shapes are matched by hand: std::regex costs more than the whole YAML parse here.
bool word_start(std::string_view s, std::size_t i) {
  return i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
}

// Length of the run of characters from `set` (plus alphanumerics) starting at i.
std::size_t run(std::string_view s, std::size_t i, std::string_view extra) {
  std::size_t n = 0;
  while (i + n < s.size() &&
         (std::isalnum(static_cast<unsigned char>(s[i + n])) || extra.find(s[i + n]) != std::string_view::npos)) {
    ++n;
  }
  return n;
}

// Finds `prefix` at a word start followed by at least `min` characters of [A-Za-z0-9<extra>].
bool token_after(std::string_view s, std::string_view prefix, std::size_t min, std::string_view extra) {
  for (std::size_t i = s.find(prefix); i != std::string_view::npos; i = s.find(prefix, i + 1)) {
    if (word_start(s, i) && run(s, i + prefix.size(), extra) >= min) return true;
  }
  return false;
}

bool aws_key(std::string_view s) {
  for (std::string_view prefix : {"AKIA", "ASIA"}) {
    for (std::size_t i = s.find(prefix); i != std::string_view::npos; i = s.find(prefix, i + 1)) {
      std::size_t n = 0;
      while (i + 4 + n < s.size() && (std::isupper(static_cast<unsigned char>(s[i + 4 + n])) ||
                                      std::isdigit(static_cast<unsigned char>(s[i + 4 + n])))) {
        ++n;
      }
      if (word_start(s, i) && n == 16) return true;
    }
  }
  return false;
}

bool jwt(std::string_view s) {
  for (std::size_t i = s.find("eyJ"); i != std::string_view::npos; i = s.find("eyJ", i + 1)) {
    std::size_t a = run(s, i, "_-");
    if (a < 11 || i + a >= s.size() || s[i + a] != '.') continue;
    std::size_t j = i + a + 1;
    if (s.compare(j, 3, "eyJ") != 0) continue;
    std::size_t b = run(s, j, "_-");
    if (b < 11 || j + b >= s.size() || s[j + b] != '.') continue;
    if (run(s, j + b + 1, "_-") >= 8) return true;
  }
  return false;
}

// scheme://user:password@host
bool url_password(std::string_view s) {
  for (std::size_t i = s.find("://"); i != std::string_view::npos; i = s.find("://", i + 1)) {
    std::size_t j = i + 3;
    std::size_t user = 0;
    while (j + user < s.size() && std::string_view("/ \t\n:@").find(s[j + user]) == std::string_view::npos) ++user;
    if (user == 0 || j + user >= s.size() || s[j + user] != ':') continue;
    std::size_t k = j + user + 1, pass = 0;
    while (k + pass < s.size() && std::string_view("/ \t\n@").find(s[k + pass]) == std::string_view::npos) ++pass;
    if (pass > 0 && k + pass < s.size() && s[k + pass] == '@') return true;
  }
  return false;
}

// What a string looks like, or nullptr.
const char* token_shape(std::string_view s) {
  if (token_after(s, "sk-ant-", 20, "_-") || token_after(s, "sk-", 20, "_-")) return "an Anthropic or OpenAI API key";
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (token_after(s, p, 30, "")) return "a GitHub token";
  }
  if (token_after(s, "github_pat_", 30, "_")) return "a GitHub token";
  if (aws_key(s)) return "an AWS access key id";
  for (std::string_view p : {"xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"}) {
    if (token_after(s, p, 10, "-")) return "a Slack token";
  }
  if (token_after(s, "AIza", 35, "_-")) return "a Google API key";
  for (std::string_view p : {"sk_live_", "sk_test_", "rk_live_", "rk_test_"}) {
    if (token_after(s, p, 16, "")) return "a Stripe key";
  }
  if (s.find("-----BEGIN ") != std::string_view::npos && s.find("PRIVATE KEY-----") != std::string_view::npos) {
    return "a private key";
  }
  if (jwt(s)) return "a JSON Web Token";
  if (url_password(s)) return "a password inside a URL";
  return nullptr;
}

// Key names that hold credentials, compared after lower-casing and dropping '_' and '-'.
bool is_secret_key(std::string_view key) {
  std::string k;
  for (char c : key) {
    if (c == '_' || c == '-') continue;
    k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const char* const secret_names[] = {
      "password",  "passwd",     "secret",    "clientsecret", "token",       "accesstoken",     "apikey",
      "apisecret", "privatekey", "authtoken", "bearertoken",  "credentials", "connectionstring"};
  for (const char* n : secret_names) {
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
    if (const char* shape = token_shape(node.text)) {
      diags.report(Check::HardcodedSecret, node.loc,
                   "this value looks like " + std::string(shape) +
                       "; keep secrets out of the spec and declare an env entry with secret: true instead");
      return;
    }
    // `password: hunter2hunter2`, or `default: ...` of a parameter named like a credential.
    std::string_view key = parent_key == "default" ? grandparent_key : parent_key;
    if (is_secret_key(key) && !is_placeholder(node.text)) {
      diags.report(Check::HardcodedSecret, node.loc,
                   "'" + std::string(key) +
                       "' has a literal value; a credential should come from an env entry with secret: true");
    }
    return;
  }
  for (const doc::Node& item : node.items) walk(item, parent_key, grandparent_key, diags);
  for (const doc::Entry& e : node.entries) walk(e.value, e.key, parent_key, diags);
}

}  // namespace

void lint_secrets(const doc::Node& root, DiagnosticEngine& diags) { walk(root, "", "", diags); }

}  // namespace mcpc::frontend
