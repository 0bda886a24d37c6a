// Prompt checks: {{placeholders}} in messages must name declared arguments, and an argument's
// default must be one of its enum values.
#include <algorithm>
#include <set>

#include "checks.h"

namespace mcpc::sema {
namespace {

std::string json_list(const std::vector<std::string>& values) { return OrderedJson(values).dump(); }

void check_argument_values(const ir::Prompt& p, const ir::PromptArgument& a, DiagnosticEngine& diags) {
  std::string who = "argument '" + a.name + "' of prompt '" + p.name + "'";
  std::set<std::string> seen;
  for (const std::string& v : a.enum_values) {
    if (!seen.insert(v).second) {
      diags.report(Check::InvalidValue, a.enum_loc,
                   "the enum of " + who + " lists " + OrderedJson(v).dump() + " more than once");
    }
  }
  if (!a.default_value) return;
  if (!a.enum_values.empty() &&
      std::find(a.enum_values.begin(), a.enum_values.end(), *a.default_value) == a.enum_values.end()) {
    diags.report(Check::SchemaDefault, a.default_loc,
                 "default " + OrderedJson(*a.default_value).dump() + " of " + who + " is not one of the enum values " +
                     json_list(a.enum_values));
  }
  if (a.required) {
    diags.report(Severity::Warning, Check::RequiredWithDefault, a.default_loc,
                 "'" + a.name + "' is required and also has a default; the default is never used");
  }
}

void check_placeholders(const ir::Prompt& p, DiagnosticEngine& diags) {
  std::set<std::string> declared;
  for (const ir::PromptArgument& a : p.arguments) declared.insert(a.name);
  for (const ir::PromptMessage& msg : p.messages) {
    std::size_t pos = 0;
    while ((pos = msg.text.find("{{", pos)) != std::string::npos) {
      std::size_t end = msg.text.find("}}", pos + 2);
      if (end == std::string::npos) {
        diags.report(Check::PromptArgument, msg.text_loc, "unterminated '{{' placeholder in prompt '" + p.name + "'");
        break;
      }
      std::string name = msg.text.substr(pos + 2, end - pos - 2);
      while (!name.empty() && name.front() == ' ') name.erase(0, 1);
      while (!name.empty() && name.back() == ' ') name.pop_back();
      if (name.empty()) {
        diags.report(Check::PromptArgument, msg.text_loc, "empty '{{}}' placeholder in prompt '" + p.name + "'");
      } else if (!declared.count(name)) {
        diags.report(Check::PromptArgument, msg.text_loc,
                     "prompt '" + p.name + "' uses '{{" + name + "}}' but declares no argument '" + name + "'");
      }
      pos = end + 2;
    }
  }
}

}  // namespace

void check_prompts(const ir::Module& m, DiagnosticEngine& diags) {
  for (const ir::Prompt& p : m.prompts) {
    for (const ir::PromptArgument& a : p.arguments) check_argument_values(p, a, diags);
    check_placeholders(p, diags);
  }
}

}  // namespace mcpc::sema
