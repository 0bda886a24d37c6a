// mcpc validate: spec, compile, protocol and dependencies checks for a spec (with the native
// server built from it) or a generated TypeScript package. See docs/validate.md.
#include "validate.h"

#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "mcpc/codegen/backend.h"
#include "mcpc/codegen/output.h"
#include "subcommand.h"
#include "mcpc/pipeline/pipeline.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/json_schema/comparison.h"
#include "mcpc/process/mcp_client.h"
#include "mcpc/process/subprocess.h"
#include "mcpc/process/temp_dir.h"
#include "mcpc/sema/check.h"
#include "mcpc/support/diagnostic.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::tool {
namespace {

namespace fs = std::filesystem;
using Millis = std::chrono::milliseconds;
using json_schema::compare_schemas;
using process::CommandResult;
using process::find_program;
using process::McpStdioClient;
using process::run_command;
using process::SpawnOptions;
using process::split_command;

constexpr const char* kProtocolVersion = "2025-11-25";
constexpr const char* kEnvPlaceholder = "mcpc-validate-placeholder";
constexpr Millis kCompileTimeout{600'000};  // one C++ file, or tsc on the whole package
constexpr Millis kNpmTimeout{300'000};
constexpr std::size_t kMaxOutputLines = 20;

std::string dump(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

std::string short_dump(const OrderedJson& j, std::size_t max = 80) {
  std::string s = dump(j);
  return s.size() > max ? s.substr(0, max) + "..." : s;
}

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : sep) + i;
  return s;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Checks

enum class Status { Pass, Fail, Skipped };

std::string_view to_string(Status s) {
  switch (s) {
    case Status::Pass:
      return "pass";
    case Status::Fail:
      return "fail";
    case Status::Skipped:
      return "skipped";
  }
  return "fail";
}

struct CheckResult {
  explicit CheckResult(std::string check_name) : name(std::move(check_name)) {}
  std::string name;
  Status status = Status::Pass;
  std::vector<std::string> details;

  void add(const std::string& detail) { details.push_back(sanitize_utf8(detail)); }
  void fail(const std::string& detail) {
    status = Status::Fail;
    add(detail);
  }
  void skip(const std::string& reason) {
    status = Status::Skipped;
    add(reason);
  }
};

void add_output(CheckResult& r, const std::string& output, const std::string& strip = "",
                const std::string& prefer = "", bool drop_npm_warnings = false) {
  std::vector<std::string> lines = split_lines(output);
  if (drop_npm_warnings) {
    std::erase_if(lines,
                  [](const std::string& l) { return l.rfind("npm warn", 0) == 0 || l.rfind("npm WARN", 0) == 0; });
  }
  if (!prefer.empty()) {
    std::vector<std::string> preferred;
    for (const std::string& l : lines) {
      if (l.find(prefer) != std::string::npos) preferred.push_back(l);
    }
    if (!preferred.empty()) lines = preferred;
  }
  std::size_t shown = 0;
  for (std::string line : lines) {
    if (shown == kMaxOutputLines) {
      r.add("... (" + std::to_string(lines.size() - shown) + " more lines)");
      break;
    }
    if (!strip.empty()) {
      for (std::size_t at; (at = line.find(strip)) != std::string::npos;) line.erase(at, strip.size());
    }
    r.add("  " + line);
    ++shown;
  }
}

void add_diagnostics(CheckResult& r, const SourceManager& sm, const DiagnosticEngine& diags) {
  TextRenderOptions tro;
  tro.color = false;
  tro.show_source = false;
  for (const std::string& line : split_lines(render_text(sm, diags.sorted(), tro))) r.add(line);
  std::size_t e = diags.error_count(), w = diags.warning_count();
  if (e + w > 0) {
    r.add(std::to_string(e) + (e == 1 ? " error" : " errors") + " and " + std::to_string(w) +
          (w == 1 ? " warning" : " warnings"));
  }
}

// The spec check: the pipeline's loader and checks, with their diagnostics as the details.
CheckResult check_loaded(const pipeline::Request& request, const std::string& shown,
                         std::optional<sema::CheckedModule>& checked) {
  CheckResult r{"spec"};
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Result result = pipeline::run(request, sm, diags);
  if (!diags.has_errors() && !result.modules.empty()) checked = std::move(result.modules.front());
  add_diagnostics(r, sm, diags);
  if (!checked) {
    r.status = Status::Fail;
    if (r.details.empty()) r.add(shown + ": cannot be loaded");
  } else if (diags.error_count() + diags.warning_count() == 0) {
    r.add(shown + ": no problems");
  }
  return r;
}

CheckResult check_spec_file(const std::string& path, std::optional<sema::CheckedModule>& checked) {
  pipeline::Request request;
  request.inputs.push_back({path, std::nullopt});
  return check_loaded(request, path, checked);
}

CheckResult check_ir_file(const fs::path& dir, std::optional<sema::CheckedModule>& checked) {
  fs::path path = dir / "mcpc.ir.json";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    CheckResult r{"spec"};
    r.fail(path.string() +
           " is missing: a package generated by 'mcpc compile --target ts' carries the checked IR "
           "there ('mcpc ir' output), and validation compares the server with it");
    return r;
  }
  pipeline::Request request;
  request.inputs.push_back({path.string(), std::nullopt});
  request.frontend = "ir";
  return check_loaded(request, path.string(), checked);
}

// Where the runtime's headers are: next to an installed mcpc (PREFIX/bin/../include), else
// the source tree this mcpc was built from.
std::string find_runtime_include() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "include";
    if (fs::is_regular_file(installed / "mcpc" / "runtime.h", ec)) return installed.lexically_normal().string();
  }
#ifdef MCPC_RUNTIME_INCLUDE_DIR
  if (fs::is_regular_file(fs::path(MCPC_RUNTIME_INCLUDE_DIR) / "mcpc" / "runtime.h", ec))
    return MCPC_RUNTIME_INCLUDE_DIR;
#endif
  return "";
}

CheckResult check_compile_cpp(const sema::CheckedModule& module, const ValidateOptions& o) {
  CheckResult r{"compile"};
  const codegen::Backend* backend = codegen::find_backend("cpp");
  if (backend == nullptr) {
    r.fail("this mcpc has no cpp backend");
    return r;
  }
  std::vector<std::string> cxx = {"c++"};
  if (const char* env = std::getenv("CXX"); env && *env) {
    std::string error;
    std::optional<std::vector<std::string>> words = split_command(env, &error);
    if (!words || words->empty()) {
      r.skip("$CXX ('" + std::string(env) + "') is not a command line: " + (words ? "empty" : error));
      return r;
    }
    cxx = *words;
  }
  if (find_program(cxx.front()).empty()) {
    r.skip("no C++ compiler: '" + cxx.front() + "' is not on PATH" +
           (std::getenv("CXX") ? std::string(" ($CXX)") : std::string(" (set CXX to choose one)")));
    return r;
  }
  std::string include = o.runtime_include.empty() ? find_runtime_include() : o.runtime_include;
  if (include.empty()) {
    r.skip("cannot find the runtime headers (mcpc/runtime.h): pass --runtime-include DIR");
    return r;
  }

  codegen::GenerateOptions go;
  go.tool_version = MCPC_VERSION;
  std::string tmp_error;
  std::optional<process::TempDir> tmp = process::TempDir::create("mcpc-validate", &tmp_error);
  if (!tmp) {
    r.fail(tmp_error);
    return r;
  }
  std::vector<std::string> sources;
  DiagnosticEngine diags;
  std::optional<codegen::Output> output = backend->generate(module, go, diags);
  if (!output || !codegen::write_files(tmp->path(), output->files, diags)) {
    r.fail("generating the C++ failed: " + diags.raw().front().message);
    return r;
  }
  for (const codegen::GeneratedFile& f : output->files) {
    if (f.path.size() > 3 && f.path.compare(f.path.size() - 3, 3, ".cc") == 0) sources.push_back(f.path);
  }

  std::vector<std::string> flags = {
      "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-I" + include, "-I" + tmp->path().string()};
  std::string command = join(cxx, " ") + " " + join({flags.begin(), flags.begin() + 5}, " ");
  std::vector<std::string> compiled;
  for (const std::string& source : sources) {
    SpawnOptions so;
    so.argv = cxx;
    so.argv.insert(so.argv.end(), flags.begin(), flags.end());
    so.argv.push_back((tmp->path() / source).string());
    CommandResult c = run_command(so, kCompileTimeout);
    if (!c.ok()) {
      r.fail(source + ": " + cxx.front() + " " + c.describe() + ":");
      add_output(r, c.output, tmp->path().string() + "/");
    } else {
      compiled.push_back(source);
    }
  }
  if (r.status == Status::Pass) r.add("compiled " + join(compiled) + " (generated by the cpp backend)");
  r.add("with: " + command + " -I" + include);
  return r;
}

CheckResult check_compile_ts(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& npm_env) {
  CheckResult r{"compile"};
  std::error_code ec;
  if (!fs::is_directory(dir / "node_modules", ec)) {
    r.skip((dir / "node_modules").string() + " is missing: run 'npm ci' in " + dir.string() + " first");
    return r;
  }
  if (find_program("npx").empty()) {
    r.skip("npx is not on PATH (Node.js is needed to check a TypeScript package)");
    return r;
  }
  if (!fs::is_regular_file(dir / "tsconfig.json", ec)) {
    r.fail("no tsconfig.json in " + dir.string());
    return r;
  }
  SpawnOptions so;
  so.argv = {"npx", "--no-install", "tsc", "--noEmit", "-p", dir.string()};
  so.cwd = dir.string();
  so.env = npm_env;
  CommandResult c = run_command(so, kCompileTimeout);
  if (c.ok()) {
    r.add("npx --no-install tsc --noEmit -p " + dir.string() + ": no errors");
  } else {
    r.fail("npx --no-install tsc --noEmit -p " + dir.string() + " " + c.describe() + ":");
    add_output(r, c.output, "", "error TS");
  }
  return r;
}

CheckResult check_dependencies(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& npm_env) {
  CheckResult r{"dependencies"};
  std::error_code ec;
  if (find_program("npm").empty()) {
    r.skip("npm is not on PATH");
    return r;
  }
  if (!fs::is_regular_file(dir / "package.json", ec)) {
    r.fail("no package.json in " + dir.string());
    return r;
  }
  SpawnOptions so;
  so.argv = {"npm", "ls", "--omit=dev", "--depth=0"};
  so.cwd = dir.string();
  so.env = npm_env;
  CommandResult c = run_command(so, kNpmTimeout);
  if (c.ok()) {
    r.add("npm ls --omit=dev --depth=0: every dependency resolves");
    add_output(r, c.output, "", "", true);
  } else {
    r.fail("npm ls --omit=dev --depth=0 " + c.describe() + ":");
    add_output(r, c.output);
    if (!fs::is_directory(dir / "node_modules", ec)) r.add("node_modules is missing: run 'npm ci' in " + dir.string());
  }
  return r;
}

// --- protocol ------------------------------------------------------------------------------

struct Listed {
  std::vector<std::string> order;
  std::map<std::string, const OrderedJson*> by_name;
};

// Indexes a listed array by name and compares the names with the spec's.
Listed compare_names(CheckResult& r, const std::string& singular, const std::string& plural,
                     const std::vector<std::string>& expected, const OrderedJson& items) {
  Listed listed;
  for (const OrderedJson& item : items) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) {
      r.fail("a listed " + singular + " has no name: " + short_dump(item));
      continue;
    }
    std::string name = item["name"].get<std::string>();
    if (!listed.by_name.emplace(name, &item).second) {
      r.fail(singular + " '" + name + "' is listed twice");
      continue;
    }
    listed.order.push_back(name);
  }
  std::vector<std::string> missing, unexpected;
  std::set<std::string> spec(expected.begin(), expected.end());
  for (const std::string& n : expected) {
    if (!listed.by_name.count(n)) missing.push_back(n);
  }
  for (const std::string& n : listed.order) {
    if (!spec.count(n)) unexpected.push_back(n);
  }
  if (!missing.empty()) r.fail("missing " + plural + " (in the spec, not listed by the server): " + join(missing));
  if (!unexpected.empty()) {
    r.fail("unexpected " + plural + " (listed by the server, not in the spec): " + join(unexpected));
  }
  return listed;
}

std::string count_line(const std::string& plural, const std::vector<std::string>& names) {
  std::string s = plural + ": " + std::to_string(names.size());
  if (names.empty()) return s;
  std::vector<std::string> shown(names.begin(),
                                 names.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(names.size(), 10)));
  return s + " (" + join(shown) + (names.size() > 10 ? ", ..." : "") + ")";
}

void compare_tools(CheckResult& r, const ir::Module& m, const OrderedJson& items) {
  std::vector<std::string> expected;
  for (const ir::Tool& t : m.tools) expected.push_back(t.name);
  Listed listed = compare_names(r, "tool", "tools", expected, items);
  for (const ir::Tool& t : m.tools) {
    auto it = listed.by_name.find(t.name);
    if (it == listed.by_name.end()) continue;
    const OrderedJson& item = *it->second;
    std::string who = "tool '" + t.name + "': ";
    if (!item.contains("inputSchema") || !item["inputSchema"].is_object()) {
      r.fail(who + "the server lists no inputSchema");
    } else {
      for (const std::string& d : compare_schemas(t.input_schema.json, item["inputSchema"]))
        r.fail(who + "inputSchema: " + d);
    }
    bool listed_output = item.contains("outputSchema") && !item["outputSchema"].is_null();
    if (t.output_schema && !listed_output) {
      r.fail(who + "the spec declares an outputSchema, the server lists none");
    } else if (!t.output_schema && listed_output) {
      r.fail(who + "the server lists an outputSchema, the spec declares none");
    } else if (t.output_schema) {
      for (const std::string& d : compare_schemas(t.output_schema->json, item["outputSchema"])) {
        r.fail(who + "outputSchema: " + d);
      }
    }
    if (t.annotations) {
      const OrderedJson annotations = item.value("annotations", OrderedJson::object());
      auto hint = [&](const char* key, const std::optional<bool>& value) {
        if (!value) return;
        if (!annotations.is_object() || !annotations.contains(key)) {
          r.fail(who + "annotation " + key + " is " + (*value ? "true" : "false") +
                 " in the spec, absent on the server");
        } else if (annotations[key] != *value) {
          r.fail(who + "annotation " + key + " is " + (*value ? "true" : "false") + " in the spec, " +
                 short_dump(annotations[key]) + " on the server");
        }
      };
      hint("readOnlyHint", t.annotations->read_only);
      hint("destructiveHint", t.annotations->destructive);
      hint("idempotentHint", t.annotations->idempotent);
      hint("openWorldHint", t.annotations->open_world);
    }
  }
  r.add(count_line("tools", listed.order));
}

void compare_resources(CheckResult& r, const ir::Module& m, const OrderedJson& items) {
  std::vector<std::string> expected;
  for (const ir::Resource& x : m.resources) expected.push_back(x.name);
  Listed listed = compare_names(r, "resource", "resources", expected, items);
  for (const ir::Resource& x : m.resources) {
    auto it = listed.by_name.find(x.name);
    if (it == listed.by_name.end()) continue;
    OrderedJson uri = it->second->value("uri", OrderedJson());
    if (uri != x.uri)
      r.fail("resource '" + x.name + "': uri is " + short_dump(uri) + " on the server, \"" + x.uri + "\" in the spec");
  }
  r.add(count_line("resources", listed.order));
}

void compare_templates(CheckResult& r, const ir::Module& m, const OrderedJson& items) {
  std::vector<std::string> expected;
  for (const ir::ResourceTemplate& x : m.resource_templates) expected.push_back(x.name);
  Listed listed = compare_names(r, "resource template", "resource templates", expected, items);
  for (const ir::ResourceTemplate& x : m.resource_templates) {
    auto it = listed.by_name.find(x.name);
    if (it == listed.by_name.end()) continue;
    OrderedJson uri = it->second->value("uriTemplate", OrderedJson());
    if (uri != x.uri_template) {
      r.fail("resource template '" + x.name + "': uriTemplate is " + short_dump(uri) + " on the server, \"" +
             x.uri_template + "\" in the spec");
    }
  }
  r.add(count_line("resource templates", listed.order));
}

void compare_prompts(CheckResult& r, const ir::Module& m, const OrderedJson& items) {
  std::vector<std::string> expected;
  for (const ir::Prompt& p : m.prompts) expected.push_back(p.name);
  Listed listed = compare_names(r, "prompt", "prompts", expected, items);
  for (const ir::Prompt& p : m.prompts) {
    auto it = listed.by_name.find(p.name);
    if (it == listed.by_name.end()) continue;
    std::string who = "prompt '" + p.name + "': ";
    std::map<std::string, bool> server_args;
    OrderedJson args = it->second->value("arguments", OrderedJson::array());
    if (args.is_array()) {
      for (const OrderedJson& a : args) {
        if (a.is_object() && a.contains("name") && a["name"].is_string()) {
          server_args[a["name"].get<std::string>()] = a.value("required", OrderedJson(false)) == true;
        }
      }
    }
    std::set<std::string> spec_args;
    for (const ir::PromptArgument& a : p.arguments) {
      spec_args.insert(a.name);
      auto s = server_args.find(a.name);
      if (s == server_args.end()) {
        r.fail(who + "argument '" + a.name + "' is in the spec, not listed by the server");
      } else if (s->second != a.required) {
        r.fail(who + "argument '" + a.name + "' is " + (a.required ? "required" : "optional") + " in the spec, " +
               (s->second ? "required" : "optional") + " on the server");
      }
    }
    for (const auto& [name, required] : server_args) {
      if (!spec_args.count(name)) r.fail(who + "argument '" + name + "' is listed by the server, not in the spec");
    }
  }
  r.add(count_line("prompts", listed.order));
}

void add_stderr(CheckResult& r, const McpStdioClient& client) {
  std::vector<std::string> tail = client.stderr_tail();
  if (tail.empty()) return;
  r.add("server stderr (last lines):");
  for (const std::string& line : tail) r.add("  | " + line);
}

CheckResult check_protocol(const ir::Module& m, SpawnOptions spawn, const ValidateOptions& o) {
  CheckResult r{"protocol"};
  Millis timeout{static_cast<std::int64_t>(o.timeout_seconds * 1000)};

  std::set<std::string> given;
  for (const std::string& e : o.env) {
    std::size_t eq = e.find('=');
    spawn.env.emplace_back(e.substr(0, eq), e.substr(eq + 1));
    given.insert(e.substr(0, eq));
  }
  for (const ir::EnvVar& v : m.env) {
    if (v.required && !v.default_value && std::getenv(v.name.c_str()) == nullptr && !given.count(v.name)) {
      spawn.env.emplace_back(v.name, kEnvPlaceholder);
      r.add("set " + v.name + "=" + kEnvPlaceholder + " (required by the spec and not set; use --env NAME=VALUE)");
    }
  }

  std::string error;
  std::unique_ptr<McpStdioClient> client = McpStdioClient::start(spawn, &error);
  if (!client) {
    r.fail("cannot start the server: " + error);
    return r;
  }
  r.add("server: " + join(spawn.argv, " "));
  McpStdioClient::Reply init = client->initialize(kProtocolVersion, timeout, "mcpc-validate", MCPC_VERSION);
  if (!init.ok()) {
    r.fail("initialize: " + init.describe());
    add_stderr(r, *client);
    return r;
  }
  const OrderedJson info = init.result.value("serverInfo", OrderedJson::object());
  std::string name = info.is_object() ? info.value("name", std::string()) : "";
  std::string version = info.is_object() ? info.value("version", std::string()) : "";
  r.add("initialize: " + name + " " + version + ", protocol " +
        short_dump(init.result.value("protocolVersion", OrderedJson())));
  if (name != m.server.name)
    r.fail("serverInfo.name is \"" + name + "\", the spec's name is \"" + m.server.name + "\"");
  if (version != m.server.version) {
    r.fail("serverInfo.version is \"" + version + "\", the spec's version is \"" + m.server.version + "\"");
  }
  const OrderedJson capabilities = init.result.value("capabilities", OrderedJson::object());

  struct Kind {
    const char* capability;
    const char* method;
    const char* key;
    void (*compare)(CheckResult&, const ir::Module&, const OrderedJson&);
    std::size_t expected;
  };
  const Kind kinds[] = {
      {"tools", "tools/list", "tools", compare_tools, m.tools.size()},
      {"resources", "resources/list", "resources", compare_resources, m.resources.size()},
      {"resources", "resources/templates/list", "resourceTemplates", compare_templates, m.resource_templates.size()},
      {"prompts", "prompts/list", "prompts", compare_prompts, m.prompts.size()}};
  for (const Kind& k : kinds) {
    OrderedJson items = OrderedJson::array();
    bool offered = capabilities.is_object() && capabilities.contains(k.capability);
    if (!offered && k.expected > 0) {
      r.add(std::string(k.method) + ": not sent, the server does not announce the '" + k.capability + "' capability");
    }
    if (offered) {
      McpStdioClient::Reply list = client->list_all(k.method, k.key, timeout);
      if (!list.failure.empty()) {
        r.fail(std::string(k.method) + ": " + list.failure);
        add_stderr(r, *client);
        return r;
      }
      if (list.is_error) {
        r.fail(std::string(k.method) + ": the server answered " + list.describe());
        continue;
      }
      items = std::move(list.result);
    }
    k.compare(r, m, items);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Reporting

void print_text(std::ostream& out, const CheckResult& c) {
  std::string label = c.name + " ";
  while (label.size() < 16) label += '.';
  out << "mcpc validate: " << label << " " << to_string(c.status) << "\n";
  for (const std::string& d : c.details) out << "    " << d << "\n";
  out.flush();
}

}  // namespace

namespace {

void run_validate(const ValidateOptions& o, Invocation& inv);

}  // namespace

Subcommand add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  ValidateOptions& o = *options;
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a spec and the native server built from it, or a generated TypeScript package");
  cmd->footer("Checks: spec, compile, protocol, dependencies; each passes, fails or is skipped.");
  cmd->add_option("input", o.input, "A spec file (native), or the directory of a generated TypeScript package")
      ->required();
  cmd->add_option("--server", o.server,
                  "With a spec: the command line of the server built from it (run with --transport stdio)");
  cmd->add_option("--format", o.format, "How to report: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--runtime-include", o.runtime_include,
                  "With a spec: the runtime's include directory for the compile check (default: found next to mcpc)");
  cmd->add_option("--timeout", o.timeout_seconds, "Seconds to wait for each protocol request")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  // One value per occurrence, so that `--env A=1 SPEC` leaves SPEC alone.
  cmd->add_option("--env", o.env, "NAME=VALUE to set in the server's environment (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--skip", o.skip, "A check not to run: compile, protocol or dependencies (repeatable)")
      ->check(CLI::IsMember({"compile", "protocol", "dependencies"}))
      ->allow_extra_args(false);
  return {cmd, [options](Invocation& inv) { run_validate(*options, inv); }};
}

namespace {

void run_validate(const ValidateOptions& o, Invocation& inv) {
  CliStreams& io = inv.io;
  std::error_code ec;
  fs::path input(o.input);
  if (!fs::exists(input, ec)) {
    return inv.report(Check::Io, "cannot read '" + o.input + "': no such file or directory");
  }
  bool ts = fs::is_directory(input, ec);
  if (!ts && !fs::is_regular_file(input, ec)) {
    return inv.report(Check::Io, "cannot read '" + o.input + "': not a regular file or directory");
  }
  if (ts && !o.server.empty()) {
    return inv.usage_error(
        "--server is for a spec; a TypeScript package's server is started with node DIR/dist/main.js");
  }
  if (ts && !o.runtime_include.empty()) {
    return inv.usage_error("--runtime-include is for a spec (the native compile check)");
  }
  for (const std::string& e : o.env) {
    std::size_t eq = e.find('=');
    if (eq == std::string::npos || eq == 0) {
      return inv.usage_error("--env takes NAME=VALUE, not '" + e + "'");
    }
  }
  std::vector<std::string> server_argv;
  if (!o.server.empty()) {
    std::string error;
    std::optional<std::vector<std::string>> words = split_command(o.server, &error);
    if (!words || words->empty()) {
      return inv.usage_error("--server '" + o.server + "': " + (words ? "no command" : error));
    }
    server_argv = *words;
  }
  std::set<std::string> skip(o.skip.begin(), o.skip.end());
  bool json = o.format == "json";
  std::vector<CheckResult> results;
  auto record = [&](CheckResult r) {
    if (!json) print_text(io.out, r);
    results.push_back(std::move(r));
  };
  auto skipped = [&](const std::string& name, const std::string& reason) {
    CheckResult r{name};
    r.skip(reason);
    record(std::move(r));
  };
  const std::vector<std::pair<std::string, std::string>> npm_env = {
      {"npm_config_update_notifier", "false"}, {"npm_config_fund", "false"}, {"npm_config_audit", "false"}};

  std::optional<sema::CheckedModule> checked;
  fs::path dir = ts ? fs::absolute(input, ec).lexically_normal() : fs::path();
  if (ts && dir.has_filename() == false) dir = dir.parent_path();
  record(ts ? check_ir_file(dir, checked) : check_spec_file(o.input, checked));

  // compile
  if (skip.count("compile")) {
    skipped("compile", "skipped with --skip compile");
  } else if (ts) {
    record(check_compile_ts(dir, npm_env));
  } else if (!checked) {
    skipped("compile", "the spec has errors");
  } else {
    record(check_compile_cpp(*checked, o));
  }

  // protocol
  if (skip.count("protocol")) {
    skipped("protocol", "skipped with --skip protocol");
  } else if (!checked) {
    skipped("protocol", ts ? "no checked IR to compare the server with" : "the spec has errors");
  } else if (!ts && server_argv.empty()) {
    skipped("protocol", "no --server given: pass the server built from this spec (e.g. --server build/bin/NAME)");
  } else if (!ts) {
    SpawnOptions so;
    so.argv = server_argv;
    so.argv.push_back("--transport");
    so.argv.push_back("stdio");
    record(check_protocol(checked->module(), so, o));
  } else {
    fs::path main_js = dir / "dist" / "main.js";
    CheckResult build{"protocol"};
    if (find_program("node").empty()) {
      build.skip("node is not on PATH");
    } else if (!fs::is_regular_file(main_js, ec)) {
      if (!fs::is_directory(dir / "node_modules", ec)) {
        build.fail(main_js.string() + " is missing, and so is node_modules: run 'npm ci && npm run build' in " +
                   dir.string());
      } else {
        SpawnOptions so;
        so.argv = {"npm", "run", "build"};
        so.cwd = dir.string();
        so.env = npm_env;
        CommandResult c = run_command(so, kCompileTimeout);
        if (!c.ok()) {
          build.fail(main_js.string() + " is missing, and 'npm run build' " + c.describe() + ":");
          add_output(build, c.output, "", "error");
        } else if (!fs::is_regular_file(main_js, ec)) {
          build.fail("'npm run build' did not produce " + main_js.string());
        } else {
          build.add("built dist/main.js with 'npm run build'");
        }
      }
    }
    if (build.status != Status::Pass) {
      record(std::move(build));
    } else {
      SpawnOptions so;
      so.argv = {"node", main_js.string(), "--transport", "stdio"};
      so.cwd = dir.string();
      CheckResult r = check_protocol(checked->module(), so, o);
      r.details.insert(r.details.begin(), build.details.begin(), build.details.end());
      record(std::move(r));
    }
  }

  // dependencies
  if (!ts) {
    skipped("dependencies", "a native server has no package dependencies to resolve");
  } else if (skip.count("dependencies")) {
    skipped("dependencies", "skipped with --skip dependencies");
  } else {
    record(check_dependencies(dir, npm_env));
  }

  std::size_t passed = 0, failed = 0, skipped_count = 0;
  for (const CheckResult& r : results) {
    (r.status == Status::Pass ? passed : r.status == Status::Fail ? failed : skipped_count)++;
  }
  bool ok = failed == 0;
  if (json) {
    OrderedJson j = {{"target", ts ? "ts" : "cpp"}, {"checks", OrderedJson::array()}, {"ok", ok}};
    for (const CheckResult& r : results) {
      j["checks"].push_back({{"name", r.name}, {"status", to_string(r.status)}, {"details", r.details}});
    }
    io.out << j.dump(2, ' ', false, OrderedJson::error_handler_t::replace) << "\n";
  } else {
    io.out << "mcpc validate: " << o.input << " (" << (ts ? "ts" : "cpp") << "): " << (ok ? "ok" : "FAILED") << ", "
           << passed << " passed, " << failed << " failed, " << skipped_count << " skipped\n";
  }
  if (!ok) {
    inv.report(Check::Validation, std::to_string(failed) + (failed == 1 ? " check" : " checks") + " of " +
                                      std::to_string(results.size()) + " failed");
  }
}

}  // namespace
}  // namespace mcpc::tool
