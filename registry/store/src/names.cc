// Name and version validation, semver parsing and ordering.
#include "mcpc/registry/names.h"

#include <charconv>

namespace mcpc::registry {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Shows a character in a message without echoing control bytes to the terminal.
std::string show_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) {
    static const char* hex = "0123456789abcdef";
    return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
  }
  return std::string("'") + c + "'";
}

std::optional<std::string> segment_problem(std::string_view seg) {
  if (seg.empty()) return "has an empty segment (a leading, trailing or doubled '/')";
  if (!is_lower_alnum(seg.front())) return "segment must start with a lowercase letter or digit";
  for (char c : seg) {
    if (!is_lower_alnum(c) && c != '.' && c != '_' && c != '-') {
      if (c >= 'A' && c <= 'Z') return "must be lowercase";
      return "contains " + show_char(c) + " (allowed: a-z 0-9 . _ - and one '/')";
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> parse_number(std::string_view s) {
  if (!is_digits(s) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

bool valid_identifiers(std::string_view s) {
  for (std::string_view id : split(s, '.')) {
    if (id.empty()) return false;
    for (char c : id) {
      if (!is_alnum(c) && c != '-') return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> name_problem(std::string_view name) {
  if (name.empty()) return "name is empty";
  if (name.size() > kMaxNameLength) {
    return "name is " + std::to_string(name.size()) + " characters long (at most " + std::to_string(kMaxNameLength) +
           ")";
  }
  if (name.find("..") != std::string_view::npos) return "name contains '..'";
  std::vector<std::string_view> segments = split(name, '/');
  if (segments.size() > 2) return "name has more than one '/' (at most NAMESPACE/NAME)";
  for (std::string_view seg : segments) {
    if (auto p = segment_problem(seg)) return "name " + *p;
  }
  return std::nullopt;
}

bool is_latest_alias(std::string_view version) {
  static constexpr std::string_view kLatest = "latest";
  if (version.size() != kLatest.size()) return false;
  for (std::size_t i = 0; i < kLatest.size(); ++i) {
    char c = version[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kLatest[i]) return false;
  }
  return true;
}

std::optional<std::string> version_problem(std::string_view version) {
  if (version.empty()) return "version is empty";
  if (version.size() > kMaxVersionLength) {
    return "version is " + std::to_string(version.size()) + " characters long (at most " +
           std::to_string(kMaxVersionLength) + ")";
  }
  for (char c : version) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-' && c != '+') {
      if (c == '^' || c == '~' || c == '>' || c == '<' || c == '=' || c == '*' || c == '|' || c == ' ')
        return "version looks like a range (contains " + show_char(c) + "); publish an exact version";
      return "version contains " + show_char(c) + " (allowed: A-Z a-z 0-9 . _ - +)";
    }
  }
  if (!is_alnum(version.front())) return "version must start with a letter or digit";
  if (version.find("..") != std::string_view::npos) return "version contains '..'";
  if (is_latest_alias(version)) {
    return "'" + std::string(version) + "' is reserved: 'latest' (in any case) names the newest version";
  }
  // `1.x`, `1.2.X`: npm-style wildcard ranges.
  std::string_view core = version.substr(0, version.find_first_of("-+"));
  for (std::string_view part : split(core, '.')) {
    if (part == "x" || part == "X") return "version looks like a range ('x' component); publish an exact version";
  }
  return std::nullopt;
}

std::optional<Semver> parse_semver(std::string_view text) {
  Semver v;
  std::size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    v.build = std::string(text.substr(plus + 1));
    if (!valid_identifiers(v.build)) return std::nullopt;
    text = text.substr(0, plus);
  }
  std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    std::string_view pre = text.substr(dash + 1);
    if (!valid_identifiers(pre)) return std::nullopt;
    for (std::string_view id : split(pre, '.')) {
      if (is_digits(id) && id.size() > 1 && id[0] == '0') return std::nullopt;  // no leading zeros
      v.prerelease.emplace_back(id);
    }
    text = text.substr(0, dash);
  }
  std::vector<std::string_view> core = split(text, '.');
  if (core.size() != 3) return std::nullopt;
  auto ma = parse_number(core[0]), mi = parse_number(core[1]), pa = parse_number(core[2]);
  if (!ma || !mi || !pa) return std::nullopt;
  v.major = *ma;
  v.minor = *mi;
  v.patch = *pa;
  return v;
}

std::strong_ordering Semver::operator<=>(const Semver& o) const {
  if (auto c = major <=> o.major; c != 0) return c;
  if (auto c = minor <=> o.minor; c != 0) return c;
  if (auto c = patch <=> o.patch; c != 0) return c;
  // A release outranks any of its prereleases.
  if (prerelease.empty() != o.prerelease.empty()) {
    return prerelease.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  for (std::size_t i = 0; i < prerelease.size() && i < o.prerelease.size(); ++i) {
    const std::string &a = prerelease[i], &b = o.prerelease[i];
    bool an = is_digits(a), bn = is_digits(b);
    if (an && bn) {
      // Numeric identifiers compare numerically: by length first (no leading zeros), then text.
      if (auto c = a.size() <=> b.size(); c != 0) return c;
      if (auto c = a.compare(b) <=> 0; c != 0) return c;
    } else if (an != bn) {
      return an ? std::strong_ordering::less : std::strong_ordering::greater;  // numeric < alphanumeric
    } else if (auto c = a.compare(b) <=> 0; c != 0) {
      return c;
    }
  }
  return prerelease.size() <=> o.prerelease.size();
}

std::strong_ordering compare_versions(std::string_view a, std::int64_t a_seq, std::string_view b, std::int64_t b_seq) {
  std::optional<Semver> sa = parse_semver(a), sb = parse_semver(b);
  if (sa && !sb) return std::strong_ordering::greater;
  if (!sa && sb) return std::strong_ordering::less;
  if (sa && sb) {
    if (auto c = *sa <=> *sb; c != 0) return c;
  }
  return a_seq <=> b_seq;
}

}  // namespace mcpc::registry
