// Uniqueness of names and the MCP 2025-11-25 tool naming rules.
#include <map>

#include "checks.h"

namespace mcpc::sema {
namespace {

// Reports the second and later definitions of a name, pointing back at the first.
class UniqueNames {
 public:
  UniqueNames(std::string kind, const ir::Module& m, DiagnosticEngine& diags)
      : kind_(std::move(kind)), m_(m), diags_(diags) {}
  void add(const std::string& name, SourceLoc loc) {
    if (name.empty()) return;
    auto [it, inserted] = first_.emplace(name, loc);
    if (!inserted) {
      diags_.report(Check::DuplicateName, loc, "duplicate " + kind_ + " '" + name + "'")
          .notes.push_back("first defined at " + where(it->second, loc));
    }
  }

 private:
  // "line 7" in the same file; "parts/tools.yaml:7:11" across an include.
  std::string where(SourceLoc first, SourceLoc here) const {
    if (first.file == here.file || first.file >= m_.files.size()) return "line " + std::to_string(first.line);
    return m_.files[first.file] + ":" + std::to_string(first.line) + ":" + std::to_string(first.column);
  }

  std::string kind_;
  const ir::Module& m_;
  DiagnosticEngine& diags_;
  std::map<std::string, SourceLoc> first_;
};

bool is_env_name(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void check_env_name(const std::string& name, SourceLoc loc, DiagnosticEngine& diags) {
  if (name.empty() || is_env_name(name)) return;
  diags.report(Check::InvalidValue, loc,
               "env name '" + name +
                   "' is not a valid environment variable name (letters, digits, '_'; not starting with a digit)");
}

bool valid_tool_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

}  // namespace

void check_names(const ir::Module& m, DiagnosticEngine& diags) {
  UniqueNames tools("tool name", m, diags);
  for (const ir::Tool& t : m.tools) {
    tools.add(t.name, t.name_loc);
    if (t.name.empty()) continue;
    if (t.name.size() > 128) {
      diags.report(Check::ToolName, t.name_loc,
                   "tool name '" + t.name.substr(0, 20) + "...' is " + std::to_string(t.name.size()) +
                       " characters; MCP allows at most 128");
    }
    for (std::size_t i = 0; i < t.name.size(); ++i) {
      char c = t.name[i];
      if (!valid_tool_char(c)) {
        std::string what =
            c == ' ' ? "a space"
                     : (static_cast<unsigned char>(c) >= 0x80 ? "a non-ASCII character" : std::string("'") + c + "'");
        Diagnostic& d = diags.report(Check::ToolName, t.name_loc,
                                     "tool name '" + t.name + "' contains " + what +
                                         "; MCP tool names use only A-Z, a-z, 0-9, '_', '-' and '.'");
        std::string fixed;
        for (char ch : t.name) fixed += valid_tool_char(ch) ? ch : '_';
        d.notes.push_back("a valid spelling would be '" + fixed + "'");
        break;
      }
    }
    if (t.description.empty()) {
      diags.report(Check::MissingDescription, t.name_loc,
                   "tool '" + t.name + "' has no description; clients show it to the model to choose tools");
    }
  }
  UniqueNames resource_uris("resource uri", m, diags);
  UniqueNames resource_names("resource name", m, diags);
  for (const ir::Resource& r : m.resources) {
    resource_uris.add(r.uri, r.uri_loc);
    resource_names.add(r.name, r.name_loc);
  }
  UniqueNames templates("resource template name", m, diags);
  UniqueNames template_uris("resource template uriTemplate", m, diags);
  for (const ir::ResourceTemplate& t : m.resource_templates) {
    templates.add(t.name, t.name_loc);
    template_uris.add(t.uri_template, t.uri_loc);
  }
  UniqueNames prompts("prompt name", m, diags);
  for (const ir::Prompt& p : m.prompts) {
    prompts.add(p.name, p.name_loc);
    UniqueNames args("argument name in prompt '" + p.name + "'", m, diags);
    for (const ir::PromptArgument& a : p.arguments) args.add(a.name, a.loc);
  }
  UniqueNames types("type name", m, diags);
  for (const ir::NamedType& t : m.types) types.add(t.name, t.loc);
  UniqueNames connections("connection name", m, diags);
  for (const ir::Connection& c : m.connections) connections.add(c.name, c.name_loc);
  UniqueNames env("env entry", m, diags);
  for (const ir::EnvVar& e : m.env) {
    if (e.implicit) continue;
    env.add(e.name, e.loc);
    check_env_name(e.name, e.loc, diags);
  }
  // Names written where env entries are referenced; an invalid one would also be declared
  // implicitly (connections), so say it here, once, where it was written.
  for (const ir::Connection& c : m.connections) {
    if (c.env) check_env_name(c.env->name, c.env->loc, diags);
  }
}

}  // namespace mcpc::sema
