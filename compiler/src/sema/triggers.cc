// Trigger checks: cron schedules (5-field Vixie cron with names and macros) and webhook paths.
#include <map>
#include <sstream>

#include "checks.h"

namespace mcpc::sema {
namespace {

struct CronField {
  const char* name;
  int lo;
  int hi;
  std::vector<std::string_view> names;  // names[i] stands for lo + i
};

const CronField kFields[] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month", 1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
};

bool parse_value(const CronField& f, std::string_view s, int& out) {
  if (s.empty()) return false;
  std::string upper;
  for (char c : s) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    if (upper == f.names[i]) {
      out = f.lo + static_cast<int>(i);
      return true;
    }
  }
  if (s.size() > 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::string field_error(const CronField& f, std::string_view text) {
  std::string whole(text);
  std::stringstream parts(whole);
  std::string part;
  while (std::getline(parts, part, ',')) {
    if (part.empty()) return std::string(f.name) + " field '" + whole + "' has an empty list element";
    std::string_view range = part;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      range = std::string_view(part).substr(0, slash);
      std::string_view step = std::string_view(part).substr(slash + 1);
      int n = 0;
      if (!parse_value(CronField{f.name, 0, 0, {}}, step, n) || n == 0) {
        return std::string(f.name) + " field '" + whole + "' has an invalid step '" + std::string(step) + "'";
      }
    }
    if (range == "*") continue;
    int a = 0, b = 0;
    auto dash = range.find('-');
    std::string_view first = range.substr(0, dash);
    if (!parse_value(f, first, a)) {
      return std::string(f.name) + " field has invalid value '" + std::string(first) + "'";
    }
    b = a;
    if (dash != std::string_view::npos) {
      std::string_view second = range.substr(dash + 1);
      if (!parse_value(f, second, b)) {
        return std::string(f.name) + " field has invalid value '" + std::string(second) + "'";
      }
    }
    for (int v : {a, b}) {
      if (v < f.lo || v > f.hi) {
        return std::string(f.name) + " " + std::to_string(v) + " is out of range " + std::to_string(f.lo) + "-" +
               std::to_string(f.hi);
      }
    }
    if (a > b) {
      return std::string(f.name) + " range " + std::to_string(a) + "-" + std::to_string(b) + " is backwards";
    }
  }
  return "";
}

// "/a//b/" and "/a/b" are the same route to most HTTP routers.
std::string normalize_path(const std::string& p) {
  std::string out;
  for (char c : p) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

std::string cron_error(const std::string& schedule) {
  static const char* const macros[] = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"};
  if (!schedule.empty() && schedule[0] == '@') {
    for (const char* m : macros) {
      if (schedule == m) return "";
    }
    return "unknown cron macro '" + schedule +
           "'; expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly";
  }
  std::istringstream in(schedule);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5) {
    return "cron schedule '" + schedule + "' has " + std::to_string(fields.size()) +
           " fields; expected 5 (minute hour day-of-month month day-of-week)";
  }
  for (std::size_t i = 0; i < 5; ++i) {
    std::string why = field_error(kFields[i], fields[i]);
    if (!why.empty()) return "invalid cron schedule '" + schedule + "': " + why;
  }
  return "";
}

void check_triggers(const ir::Module& m, DiagnosticEngine& diags) {
  if (!m.triggers.empty()) {  // once per spec, so a spec full of triggers is not a wall of notes
    diags.report(Check::Unimplemented, m.triggers.front().loc,
                 "triggers are declared and checked, but generated servers do not run them yet: no schedule "
                 "fires and no webhook is served");
  }
  std::map<std::string, const ir::Trigger*> routes;
  for (const ir::Trigger& t : m.triggers) {
    if (t.kind == ir::TriggerKind::Cron) {
      if (t.schedule.empty()) continue;
      std::string why = cron_error(t.schedule);
      if (!why.empty()) diags.report(Check::Cron, t.schedule_loc, why);
      continue;
    }
    if (t.path.empty()) continue;
    bool valid = t.path[0] == '/';
    for (char c : t.path) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == '?' || c == '#' || c == '\\') valid = false;
    }
    if (!valid) {
      diags.report(Check::WebhookPath, t.path_loc,
                   "webhook path '" + t.path + "' must start with '/' and contain no spaces, '?', '#' or '\\'");
      continue;
    }
    std::string key = t.method + " " + normalize_path(t.path);
    auto [it, inserted] = routes.emplace(key, &t);
    if (!inserted) {
      diags.report(Check::WebhookCollision, t.path_loc,
                   "webhook " + t.method + " " + t.path + " collides with the webhook at line " +
                       std::to_string(it->second->path_loc.line) + " (" + it->second->method + " " + it->second->path +
                       ")");
    }
  }
}

}  // namespace mcpc::sema
