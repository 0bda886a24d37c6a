// Reading a diagnostics case's statement (see case_statement.h and tests/README.md).
#include "case_statement.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "mcpc/support/diagnostic.h"

namespace mcpc::testing {
namespace {

bool is_check(const std::string& id) {
  const std::vector<CheckInfo>& checks = all_checks();
  return std::any_of(checks.begin(), checks.end(), [&](const CheckInfo& c) { return c.name == id; });
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

// YAML: the leading '#' lines, joined; and each later line's end-of-line comment that starts
// with a check id ("version: x   # semver").
void read_yaml_comments(std::string_view source, CaseStatement& st) {
  static const std::regex end_of_line(R"(\S\s+#\s*\[?([a-z][a-z0-9-]*)\]?)");
  std::istringstream in{std::string(source)};
  std::string line;
  bool leading = true;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    if (leading && line.rfind('#', 0) == 0) {
      st.text += (st.text.empty() ? "" : " ") + trim(line.substr(1));
      continue;
    }
    leading = false;
    std::smatch m;
    if (std::regex_search(line, m, end_of_line) && is_check(m[1])) st.line_checks.emplace_back(number, m[1]);
  }
}

// JSON: the first "description" that says what mcpc must do.
void read_json_description(std::string_view source, CaseStatement& st) {
  static const std::regex description(R"re("description"\s*:\s*"((?:[^"\\]|\\.)*)")re");
  std::string text(source);
  for (std::sregex_iterator it(text.begin(), text.end(), description), end; it != end; ++it) {
    std::string value = (*it)[1];
    if (value.find("mcpc must") != std::string::npos) {
      st.text = value;
      return;
    }
  }
}

// "[type]", "[type] or [semver]", "[tool-name] (or [missing-field])"; bracketed text that is
// no check id ("[A-Z_]") is prose, a lower-case word that is no check a mistake.
void read_checks(CaseStatement& st) {
  static const std::regex bracketed(R"(\[([^\[\]]*)\])");
  static const std::regex id(R"([a-z][a-z0-9-]*)");
  static const std::regex alternative(R"(\s*\(?\s*or\s*)");
  std::size_t previous_end = std::string::npos;
  for (std::sregex_iterator it(st.text.begin(), st.text.end(), bracketed), end; it != end; ++it) {
    std::string name = (*it)[1];
    if (!std::regex_match(name, id)) continue;
    if (!is_check(name)) {
      st.problem = "it names [" + name + "], which is no check (docs/diagnostics.md lists them)";
      return;
    }
    std::size_t start = static_cast<std::size_t>(it->position());
    bool joins = previous_end != std::string::npos &&
                 std::regex_match(st.text.substr(previous_end, start - previous_end), alternative);
    if (joins) {
      st.checks.back().push_back(name);
    } else {
      st.checks.push_back({name});
    }
    previous_end = start + static_cast<std::size_t>(it->length());
  }
}

// "line 3", "lines 9, 12 and 15" (three places), "line 3 or 4", "line 5 (or 4)", "lines 7-8"
// and "near line 9" (8 to 10) (one place each).
void read_lines(CaseStatement& st) {
  static const std::regex first(R"((\bnear\s+)?\blines?\s+(\d+))");
  static const std::regex range(R"(^\s*-\s*(\d+))");
  static const std::regex next(R"(^(\s*,\s*and|\s*,|\s+and|\s*\(?\s*or)\s+(\d+)\b)");
  auto number = [](const std::ssub_match& m) { return static_cast<unsigned>(std::stoul(m.str())); };
  auto at = st.text.cbegin();
  std::smatch m;
  while (std::regex_search(at, st.text.cend(), m, first)) {
    unsigned n = number(m[2]);
    LineChoice choice{{{n, n}}, {}};
    if (m[1].matched) choice.ranges.back() = {n - 1, n + 1};  // "near line 9": 8 to 10
    auto words_start = m[0].first;
    auto finish = [&](std::string::const_iterator words_end) {
      choice.words = std::string(words_start, words_end);
      if (choice.words.find_first_of("0123456789") == 0) choice.words = "line " + choice.words;
      if (choice.words.find('(') != std::string::npos) choice.words += ")";  // "line 5 (or 4"
      st.lines.push_back(choice);
    };
    at = m[0].second;
    while (true) {
      if (std::regex_search(at, st.text.cend(), m, range)) {
        choice.ranges.back().second = number(m[1]);
      } else if (std::regex_search(at, st.text.cend(), m, next)) {
        if (m[1].str().find("or") == std::string::npos) {  // "," or "and": another place
          finish(at);
          choice.ranges.clear();
          words_start = m[2].first;
        }
        choice.ranges.push_back({number(m[2]), number(m[2])});
      } else {
        break;
      }
      at = m[0].second;
    }
    finish(at);
  }
}

void read_files(CaseStatement& st) {
  static const std::regex file(R"([\w./-]*\w\.(?:yaml|yml|json)\b)");
  for (std::sregex_iterator it(st.text.begin(), st.text.end(), file), end; it != end; ++it) st.files.push_back(it->str());
}

std::string choices(const std::vector<std::string>& ids) {
  std::string s;
  for (const std::string& id : ids) s += (s.empty() ? "[" : " or [") + id + "]";
  return s;
}

}  // namespace

CaseStatement read_case_statement(std::string_view source, bool json) {
  CaseStatement st;
  if (json) {
    read_json_description(source, st);
  } else {
    read_yaml_comments(source, st);
  }
  read_checks(st);
  if (!st.problem.empty()) return st;
  read_lines(st);
  read_files(st);
  st.warn = std::regex_search(st.text, std::regex(R"(\bwarn\b)"));
  st.clean = st.text.find("exit status 0") != std::string::npos || st.text.find("checks clean") != std::string::npos;
  if (st.checks.empty() && st.lines.empty() && st.line_checks.empty() && !st.clean) {
    st.problem = st.text.empty() ? "it states nothing: a YAML case starts with a comment, a JSON case has a "
                                   "\"description\" saying \"mcpc must ...\""
                                 : "its statement names no [check-id], no line and no exit status";
  }
  return st;
}

std::vector<Reported> parse_reported(const std::string& json_output) {
  static const std::regex same_file(R"(\bat line (\d+))");
  static const std::regex other_file(R"(\bat (\S+):(\d+):\d+)");
  std::vector<Reported> out;
  for (const nlohmann::json& d : nlohmann::json::parse(json_output)) {
    Reported r;
    r.file = d.value("file", "");
    r.line = d.value("line", 0u);
    r.severity = d.value("severity", "");
    r.check = d.value("check", "");
    std::vector<std::string> texts{d.value("message", "")};
    for (const nlohmann::json& note : d.value("notes", nlohmann::json::array())) texts.push_back(note.get<std::string>());
    for (const std::string& text : texts) {
      std::smatch m;
      if (std::regex_search(text, m, other_file)) {
        r.pointed_at.emplace_back(m[1], static_cast<unsigned>(std::stoul(m[2])));
      } else if (std::regex_search(text, m, same_file)) {
        r.pointed_at.emplace_back(r.file, static_cast<unsigned>(std::stoul(m[1])));
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> unmet_expectations(const CaseStatement& st, const std::string& case_file,
                                            const std::vector<Reported>& reported) {
  std::vector<std::string> unmet;
  const std::string severity = st.warn ? "warning" : "error";
  for (const std::vector<std::string>& ids : st.checks) {
    bool found = std::any_of(reported.begin(), reported.end(), [&](const Reported& r) {
      return r.severity == severity && std::find(ids.begin(), ids.end(), r.check) != ids.end();
    });
    if (!found) unmet.push_back("no " + severity + " " + choices(ids));
  }
  // A line counts in the case itself and in the files the statement names.
  auto in_named_file = [&](const std::string& file) {
    if (file == case_file) return true;
    return std::any_of(st.files.begin(), st.files.end(), [&](const std::string& name) {
      return file == name || (file.size() > name.size() && file.ends_with("/" + name));
    });
  };
  auto fits = [](const LineChoice& choice, unsigned line) {
    return std::any_of(choice.ranges.begin(), choice.ranges.end(),
                       [&](const std::pair<unsigned, unsigned>& r) { return r.first <= line && line <= r.second; });
  };
  for (const LineChoice& choice : st.lines) {
    bool found = std::any_of(reported.begin(), reported.end(), [&](const Reported& r) {
      if (in_named_file(r.file) && fits(choice, r.line)) return true;
      return std::any_of(r.pointed_at.begin(), r.pointed_at.end(), [&](const auto& place) {
        return in_named_file(place.first) && fits(choice, place.second);
      });
    });
    if (!found) unmet.push_back("nothing reported at " + choice.words);
  }
  for (const auto& line_check : st.line_checks) {
    // Named variables, not a structured binding: Clang 14 cannot capture those in a lambda.
    const auto line = line_check.first;
    const std::string& check = line_check.second;
    bool found = std::any_of(reported.begin(), reported.end(), [&](const Reported& r) {
      return r.file == case_file && r.line == line && r.check == check;
    });
    if (!found) unmet.push_back("no [" + check + "] at line " + std::to_string(line) + ", as its end-of-line comment says");
  }
  if (st.clean) {
    for (const Reported& r : reported) {
      if (r.severity == "error") unmet.push_back("an error [" + r.check + "] at line " + std::to_string(r.line) +
                                                 ", but the case says there are none");
    }
  }
  return unmet;
}

}  // namespace mcpc::testing
