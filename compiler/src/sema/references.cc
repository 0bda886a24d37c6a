// Cross references: triggers -> tools, tools -> connections and env, auth and connections -> env;
// the reverse direction: connections and env entries nobody uses; and inline tools that do I/O.
#include <set>

#include "checks.h"

namespace mcpc::sema {
namespace {

template <typename Range, typename NameOf>
std::string suggestion(const std::string& name, const Range& range, NameOf name_of) {
  std::vector<std::string> names;
  for (const auto& item : range) names.push_back(name_of(item));
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string guess = closest_match(name, views);
  return guess.empty() ? "" : "; did you mean '" + guess + "'?";
}

}  // namespace

void check_references(const ir::Module& m, DiagnosticEngine& diags) {
  std::set<std::string> used_env;
  std::set<std::string> used_connections;
  auto tool_name = [](const ir::Tool& t) { return t.name; };
  auto env_name = [](const ir::EnvVar& e) { return e.name; };

  auto check_env = [&](const ir::Ref& ref, const std::string& who) {
    if (ref.name.empty()) return;
    used_env.insert(ref.name);
    if (!m.find_env(ref.name)) {
      diags.report(Check::UndefinedEnv, ref.loc,
                   who + " refers to env entry '" + ref.name + "', which is not declared under 'env'" +
                       suggestion(ref.name, m.env, env_name));
    }
  };

  for (const ir::Trigger& t : m.triggers) {
    if (t.tool.name.empty()) continue;
    if (!m.find_tool(t.tool.name)) {
      std::string kind(ir::to_string(t.kind));
      diags
          .report(Check::UndefinedTool, t.tool.loc,
                  kind + " trigger calls tool '" + t.tool.name + "', which is not defined" +
                      suggestion(t.tool.name, m.tools, tool_name))
          .length = static_cast<std::uint32_t>(t.tool.name.size());
    }
  }
  for (const ir::Tool& t : m.tools) {
    if (t.connection && !t.connection->name.empty()) {
      used_connections.insert(t.connection->name);
      if (!m.find_connection(t.connection->name)) {
        diags.report(Check::UndefinedConnection, t.connection->loc,
                     "tool '" + t.name + "' uses connection '" + t.connection->name + "', which is not defined" +
                         suggestion(t.connection->name, m.connections, [](const ir::Connection& c) { return c.name; }));
      }
    }
    for (const ir::Ref& r : t.env) check_env(r, "tool '" + t.name + "'");
    // An inline tool runs on the thread that reads the connection: I/O there stalls every
    // request behind it, so a tool the spec itself says does I/O cannot be inline.
    if (t.runs_inline && t.connection) {
      diags
          .report(Check::InvalidValue, t.inline_loc,
                  "tool '" + t.name + "' is inline but uses connection '" + t.connection->name +
                      "'; an inline tool must not do I/O")
          .notes.push_back("remove 'inline: true': the tool then runs on a worker thread");
    }
    if (t.runs_inline && t.annotations && t.annotations->open_world.value_or(false)) {
      diags
          .report(Check::InvalidValue, t.inline_loc,
                  "tool '" + t.name + "' is inline but declares openWorldHint: true; an inline tool must not do I/O")
          .notes.push_back("remove 'inline: true': the tool then runs on a worker thread");
    }
  }
  if (m.auth && m.auth->env) check_env(*m.auth->env, "auth");
  for (const ir::Connection& c : m.connections) {
    if (c.env) used_env.insert(c.env->name);
    if (!c.name.empty() && !used_connections.count(c.name)) {
      diags.report(Check::UnusedConnection, c.name_loc, "connection '" + c.name + "' is not used by any tool");
    }
  }
  for (const ir::EnvVar& e : m.env) {
    if (e.implicit || e.name.empty() || used_env.count(e.name)) continue;
    diags.report(Check::UnusedEnv, e.loc,
                 "env entry '" + e.name + "' is not referenced by any tool, connection or auth");
  }
}

}  // namespace mcpc::sema
