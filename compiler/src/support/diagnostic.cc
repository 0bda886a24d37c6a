// DiagnosticEngine and the three renderers (text, JSON, SARIF 2.1.0).
#include "mcpc/support/diagnostic.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "mcpc/json.h"

namespace mcpc {

const std::vector<CheckInfo>& all_checks() {
  static const std::vector<CheckInfo> checks = {
#define MCPC_CHECK(id, name, severity, summary) {Check::id, name, Severity::severity, summary},
#include "mcpc/support/checks.def"
#undef MCPC_CHECK
  };
  return checks;
}

const CheckInfo& check_info(Check check) { return all_checks().at(static_cast<std::size_t>(check)); }

Diagnostic& DiagnosticEngine::report(Check check, SourceLoc loc, std::string message) {
  return report(check_info(check).default_severity, check, loc, std::move(message));
}

Diagnostic& DiagnosticEngine::report(Severity severity, Check check, SourceLoc loc, std::string message) {
  if (severity == Severity::Error) ++errors_;
  if (severity == Severity::Warning) ++warnings_;
  Diagnostic d;
  d.severity = severity;
  d.check = check;
  d.loc = loc;
  d.message = std::move(message);
  diags_.push_back(std::move(d));
  return diags_.back();
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<Diagnostic> out = diags_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    // Problems with the invocation first; errors before warnings at the same position; then
    // check and text break ties.
    auto key = [](const Diagnostic& d) {
      return std::tuple(d.loc.file != SourceLoc::kNoFile, d.loc, -static_cast<int>(d.severity),
                        static_cast<int>(d.check), std::string_view(d.message));
    };
    return key(a) < key(b);
  });
  // The same finding can be reached twice (e.g. a shared schema); say it once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.loc == b.loc && a.check == b.check && a.message == b.message;
                        }),
            out.end());
  return out;
}

namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Error:
      return "\x1b[1;31m";
    case Severity::Warning:
      return "\x1b[1;35m";
    case Severity::Note:
      return "\x1b[1;36m";
  }
  return "";
}

// The byte offset of a 1-based code-point column in a line, clamped to the line end.
std::size_t byte_offset_of_column(std::string_view line, std::uint32_t column) {
  std::size_t offset = 0;
  std::uint32_t seen = 1;
  while (offset < line.size() && seen < column) {
    ++offset;
    while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) ++offset;
    ++seen;
  }
  return offset;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

// Replaces each byte that does not start a valid UTF-8 sequence with U+FFFD, so an excerpt
// of a non-UTF-8 file does not put raw bytes on the terminal. One byte becomes one code point,
// which keeps the caret column right.
std::string sanitize_utf8(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    // Control characters (but tab) are replaced too: an excerpt must not drive the terminal.
    // So are C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F): some terminals obey them too.
    bool ok = len != 0 && i + len <= s.size() && !(len == 2 && c < 0xC2) && !(c < 0x20 && c != '\t') && c != 0x7F &&
              !(c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0);
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
      // Stray continuation bytes count as no column, so they are dropped, not replaced.
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

std::string render_text(const SourceManager& sm, const std::vector<Diagnostic>& diags,
                        const TextRenderOptions& options) {
  const char* bold = options.color ? "\x1b[1m" : "";
  const char* reset = options.color ? "\x1b[0m" : "";
  const char* green = options.color ? "\x1b[1;32m" : "";
  std::string out;
  for (const Diagnostic& d : diags) {
    out += bold;
    out += sm.describe(d.loc);
    out += ": ";
    out += reset;
    if (options.color) out += severity_color(d.severity);
    out += severity_word(d.severity);
    out += ":";
    out += reset;
    out += " ";
    out += bold;
    out += sanitize_utf8(d.message);  // messages quote spec text, which must not drive the terminal
    out += reset;
    out += " [";
    out += check_info(d.check).name;
    out += "]\n";
    if (options.show_source && d.loc.valid() && d.loc.file < sm.size()) {
      std::string_view line = sm.file(d.loc.file).line_text(d.loc.line);
      std::uint32_t column = d.loc.column;
      std::string clipped;
      std::string clean = sanitize_utf8(line);
      line = clean;
      // Very long lines (minified JSON) are shown as a window around the column.
      constexpr std::uint32_t kWindow = 60;
      if (line.size() > 3 * kWindow) {
        std::size_t from = column > kWindow ? byte_offset_of_column(line, column - kWindow) : 0;
        std::size_t to = byte_offset_of_column(line, column + kWindow);
        clipped = (from > 0 ? "..." : "") + std::string(line.substr(from, to - from)) + (to < line.size() ? "..." : "");
        column = column > kWindow ? kWindow + 3 : column;
        line = clipped;
      }
      if (!line.empty()) {
        // Tabs are kept in the padding so the caret lines up under them.
        std::size_t caret_at = byte_offset_of_column(line, column);
        std::string pad;
        for (std::size_t i = 0; i < caret_at; ++i) {
          unsigned char c = static_cast<unsigned char>(line[i]);
          if ((c & 0xC0) == 0x80) continue;
          pad += c == '\t' ? '\t' : ' ';
        }
        out += "  ";
        out += line;
        out += "\n  ";
        out += pad;
        out += green;
        out += '^';
        for (std::uint32_t i = 1; i < d.length; ++i) out += '~';
        out += reset;
        out += '\n';
      }
    }
    for (const std::string& note : d.notes) {
      out += "  ";
      if (options.color) out += severity_color(Severity::Note);
      out += "note:";
      out += reset;
      out += " ";
      out += sanitize_utf8(note);
      out += '\n';
    }
  }
  return out;
}

std::string render_json(const SourceManager& sm, const std::vector<Diagnostic>& diags) {
  OrderedJson arr = OrderedJson::array();
  for (const Diagnostic& d : diags) {
    OrderedJson j;
    j["file"] = d.loc.file < sm.size() ? sm.file(d.loc.file).name() : "";
    j["line"] = d.loc.line;
    j["column"] = d.loc.column;
    j["endColumn"] = d.loc.column + d.length;
    j["severity"] = severity_word(d.severity);
    j["check"] = check_info(d.check).name;
    j["message"] = d.message;
    if (!d.notes.empty()) j["notes"] = d.notes;
    arr.push_back(std::move(j));
  }
  return arr.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

std::string render_sarif(const SourceManager& sm, const std::vector<Diagnostic>& diags, std::string_view tool_version) {
  using J = OrderedJson;  // the SARIF document in the order written here
  J rules = J::array();
  for (const CheckInfo& info : all_checks()) {
    J rule;
    rule["id"] = info.name;
    rule["name"] = info.name;
    rule["shortDescription"] = {{"text", info.summary}};
    rule["fullDescription"] = {{"text", info.summary}};
    rule["help"] = {{"text", std::string("See docs/diagnostics.md#") + std::string(info.name)}};
    rule["defaultConfiguration"] = {{"level", severity_word(info.default_severity)}};
    rules.push_back(std::move(rule));
  }
  J results = J::array();
  for (const Diagnostic& d : diags) {
    J r;
    r["ruleId"] = check_info(d.check).name;
    r["ruleIndex"] = static_cast<std::size_t>(d.check);
    r["level"] = severity_word(d.severity);
    std::string text = d.message;
    for (const std::string& n : d.notes) text += "; " + n;
    r["message"] = {{"text", text}};
    if (d.loc.file < sm.size()) {
      J physical;
      physical["artifactLocation"] = {{"uri", sm.file(d.loc.file).name()}};
      if (d.loc.valid()) {
        physical["region"] = {{"startLine", d.loc.line},
                              {"startColumn", d.loc.column},
                              {"endLine", d.loc.line},
                              {"endColumn", d.loc.column + d.length}};
      }
      r["locations"] = J::array({{{"physicalLocation", physical}}});
      std::string_view line = sm.file(d.loc.file).line_text(d.loc.line);
      char hash[32];
      std::snprintf(
          hash, sizeof hash, "%016llx:1",
          static_cast<unsigned long long>(fnv1a(std::string(check_info(d.check).name) + "\n" + std::string(line))));
      r["partialFingerprints"] = {{"primaryLocationLineHash", hash}};
    }
    results.push_back(std::move(r));
  }
  bool failed =
      std::any_of(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
  J driver;
  driver["name"] = "mcpc";
  driver["semanticVersion"] = tool_version;
  driver["informationUri"] = "https://modelcontextprotocol.io";
  driver["rules"] = std::move(rules);
  J run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  // executionSuccessful says whether the tool ran, not whether the spec was clean.
  run["invocations"] = J::array({{{"executionSuccessful", true}, {"exitCode", failed ? 1 : 0}}});
  J log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = J::array({std::move(run)});
  return log.dump(2, ' ', false, J::error_handler_t::replace) + "\n";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  auto lower = [](std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
  };
  std::string w = lower(word);
  std::size_t best = std::max<std::size_t>(2, word.size() / 3) + 1;
  std::string result;
  for (std::string_view c : candidates) {
    std::size_t d = edit_distance(w, lower(c));
    if (d < best) {
      best = d;
      result = std::string(c);
    }
  }
  return result;
}

}  // namespace mcpc
