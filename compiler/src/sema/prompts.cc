// Prompt checks: {{placeholders}} in messages must name declared arguments.
#include <set>

#include "checks.h"

namespace mcpc::sema {

void check_prompts(const ir::Module& m, DiagnosticEngine& diags) {
  for (const ir::Prompt& p : m.prompts) {
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
}

}  // namespace mcpc::sema
