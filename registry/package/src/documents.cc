// The JSON documents of a package: server.json (MCP registry 2025-12-11), the MCPB manifest
// (0.2), the four client snippets and mcpc's manifest.json. Pure functions of their inputs.
#include "documents.h"

#include <algorithm>
#include <cctype>

namespace mcpc::package {

namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "inventory-mcp" -> "inventoryMcp" (VS Code advises camelCase server keys).
std::string camel_case(std::string_view s) {
  std::string out;
  bool upper = false;
  for (char c : s) {
    if (!is_alnum(c)) {
      upper = !out.empty();
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out.empty() ? std::string("server") : out;
}

// "INVENTORY_API_KEY" -> "inventory-api-key" (VS Code input ids).
std::string kebab_case(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_alnum(c)) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Whether a text is empty or only white space: such a description is left out, never written.
bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool has_default(const ir::EnvVar& e) { return e.default_value.has_value(); }
// A variable the server cannot start without: required, and no default to fall back on.
bool must_set(const ir::EnvVar& e) { return e.required && !has_default(e); }

std::string env_description(const ir::EnvVar& e) {
  return blank(e.description) ? "The " + e.name + " environment variable" : e.description;
}

// What the server says it is for, never blank: the description, else the title, else the name.
std::string server_description(const ir::ServerInfo& s) {
  return !blank(s.description) ? s.description : !blank(s.title) ? s.title : s.name;
}

// A prompt's messages as one MCPB prompt text: {{ name }} becomes ${arguments.name}, the
// host's placeholder; several messages (or an assistant's) are each prefixed with the role.
std::string mcpb_prompt_text(const ir::Prompt& p) {
  const bool plain = p.messages.size() == 1 && p.messages.front().role == "user";
  std::string out;
  for (const ir::PromptMessage& m : p.messages) {
    if (!out.empty()) out += "\n\n";
    if (!plain) out += (m.role == "assistant" ? "Assistant: " : "User: ");
    for (std::size_t pos = 0; pos < m.text.size();) {
      std::size_t open = m.text.find("{{", pos), close = std::string::npos;
      if (open != std::string::npos) close = m.text.find("}}", open + 2);
      if (close == std::string::npos) {
        out.append(m.text, pos, std::string::npos);
        break;
      }
      std::string_view name = std::string_view(m.text).substr(open + 2, close - open - 2);
      name.remove_prefix(std::min(name.size(), name.find_first_not_of(' ')));
      name.remove_suffix(name.size() - std::min(name.size(), name.find_last_not_of(' ') + 1));
      out.append(m.text, pos, open - pos).append("${arguments.").append(name).append("}");
      pos = close + 2;
    }
  }
  return out;
}

OrderedJson annotations_json(const ir::ToolAnnotations& a) {
  OrderedJson j = OrderedJson::object();
  if (a.read_only) j["readOnlyHint"] = *a.read_only;
  if (a.destructive) j["destructiveHint"] = *a.destructive;
  if (a.idempotent) j["idempotentHint"] = *a.idempotent;
  if (a.open_world) j["openWorldHint"] = *a.open_world;
  return j;
}

std::string transport_url(const ir::Transport& t) {
  std::string host = t.host == "0.0.0.0" || t.host == "::" || t.host.empty() ? "localhost" : t.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(t.port) + t.path;
}

}  // namespace

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  static constexpr std::string_view kEllipsis = "...";
  if (max_bytes <= kEllipsis.size()) return std::string(text.substr(0, max_bytes));
  std::size_t cut = max_bytes - kEllipsis.size();
  // Never split a UTF-8 sequence: back up to a lead byte.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  // Prefer the last word boundary, unless that would throw away more than a third.
  std::size_t space = text.substr(0, cut + 1).find_last_of(" \t\n");
  if (space != std::string_view::npos && space >= cut * 2 / 3) cut = space;
  std::string out(text.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';' || out.back() == ':' ||
                          out.back() == '.' || out.back() == '-' || out.back() == '\t' || out.back() == '\n')) {
    out.pop_back();
  }
  return out + std::string(kEllipsis);
}

std::string check_registry_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 200) {
    return "'" + std::string(name) + "' must be 3 to 200 characters long";
  }
  std::size_t slash = name.find('/');
  if (slash == std::string_view::npos || name.find('/', slash + 1) != std::string_view::npos) {
    return "'" + std::string(name) + "' must be NAMESPACE/NAME with exactly one '/'";
  }
  std::string_view ns = name.substr(0, slash), server = name.substr(slash + 1);
  auto part_ok = [](std::string_view part, bool allow_underscore) {
    if (part.empty() || !is_alnum(part.front()) || !is_alnum(part.back())) return false;
    return std::all_of(part.begin(), part.end(),
                       [&](char c) { return is_alnum(c) || c == '.' || c == '-' || (allow_underscore && c == '_'); });
  };
  if (!part_ok(ns, false)) {
    return "namespace '" + std::string(ns) +
           "' may use only letters, digits, '.' and '-', and must start and end with a letter or digit";
  }
  if (!part_ok(server, true)) {
    return "server name '" + std::string(server) +
           "' may use only letters, digits, '.', '_' and '-', and must start and end with a letter or digit";
  }
  return "";
}

std::string check_plain_name(std::string_view what, std::string_view value, std::size_t max) {
  if (value.empty()) return std::string(what) + " is empty";
  if (value.size() > max) return std::string(what) + " is longer than " + std::to_string(max) + " characters";
  if (!is_alnum(value.front())) {
    return std::string(what) + " '" + std::string(value) + "' must start with a letter or digit";
  }
  for (char c : value) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-' && c != '+') {
      return std::string(what) + " '" + std::string(value) +
             "' may use only letters, digits, '.', '_', '-' and '+' (it names files)";
    }
  }
  if (value.find("..") != std::string_view::npos) {
    return std::string(what) + " '" + std::string(value) + "' must not contain '..'";
  }
  return "";
}

std::string repository_source(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  std::string host = lower(rest.substr(0, rest.find_first_of("/:?#")));
  if (std::size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  if (host == "github.com") return "github";
  if (host == "gitlab.com") return "gitlab";
  std::size_t dot = host.rfind('.');
  std::string label = dot == std::string::npos ? host : host.substr(0, dot);
  if (std::size_t inner = label.rfind('.'); inner != std::string::npos) label = label.substr(inner + 1);
  return label.empty() ? "git" : label;
}

bool is_http_url(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return false;
  std::string_view rest = url.substr(url.find("://") + 3);
  if (rest.empty() || rest.front() == '/') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20;
  });
}

std::vector<std::string> stdio_args() { return {"--transport", "stdio"}; }

std::string official_mcpb_identifier_problem(std::string_view identifier) {
  if (identifier.find("://") == std::string_view::npos) return "it is a file name, not a URL";
  if (identifier.rfind("https://", 0) != 0) return "it is not an https URL";
  std::string host = lower(identifier.substr(8, identifier.find_first_of("/?#", 8) - 8));
  std::string path = std::string(identifier.substr(std::min(identifier.size(), 8 + host.size())));
  if (host == "github.com") {
    if (path.find("/releases/download/") == std::string::npos) return "it is not a GitHub release asset";
  } else if (host != "gitlab.com") {
    return "it is not on github.com or gitlab.com";
  }
  return "";
}

std::string with_mcp_name(const std::string& package_json, const std::string& name) {
  OrderedJson pkg = OrderedJson::parse(package_json, nullptr, false);
  if (!pkg.is_object()) throw PackageError("package.json is not a JSON object");
  if (pkg.contains("mcpName") && pkg["mcpName"] == name) return package_json;
  pkg["mcpName"] = name;
  return pkg.dump(2) + "\n";
}

OrderedJson environment_variables(const ir::Module& module) {
  OrderedJson vars = OrderedJson::array();
  for (const ir::EnvVar& e : module.env) {
    OrderedJson v = OrderedJson::object();
    v["name"] = e.name;
    if (!blank(e.description)) v["description"] = e.description;
    v["isRequired"] = must_set(e);
    v["isSecret"] = e.secret;
    v["format"] = "string";
    if (e.default_value) v["default"] = *e.default_value;
    vars.push_back(std::move(v));
  }
  return vars;
}

OrderedJson make_server_json(const ir::Module& module, const ServerJsonInputs& in, std::vector<std::string>& warnings) {
  const ir::ServerInfo& s = module.server;
  OrderedJson j = OrderedJson::object();
  j["$schema"] = std::string(kServerJsonSchema);
  j["name"] = in.registry_name;
  std::string description = server_description(s);
  std::string short_description = shorten(description, 100);
  if (short_description != description) {
    warnings.push_back("server.json: the description is longer than 100 characters; shortened to \"" +
                       short_description + "\"");
  }
  j["description"] = short_description;
  std::string title = s.title;
  if (title.find_first_not_of(" \t\r\n") != std::string::npos) j["title"] = shorten(title, 100);
  j["version"] = s.version;
  if (!s.website.empty()) j["websiteUrl"] = s.website;
  if (!in.metadata.repository.empty()) {
    j["repository"] = {{"url", in.metadata.repository}, {"source", repository_source(in.metadata.repository)}};
  }
  OrderedJson pkg = OrderedJson::object();
  if (in.runtime == Runtime::Native) {
    pkg["registryType"] = "mcpb";
    pkg["identifier"] = in.identifier;
    pkg["version"] = s.version;
    pkg["fileSha256"] = in.file_sha256;
  } else {
    pkg["registryType"] = "npm";
    pkg["registryBaseUrl"] = "https://registry.npmjs.org";
    pkg["identifier"] = in.identifier;
    pkg["version"] = in.package_version;
    pkg["runtimeHint"] = "npx";
  }
  pkg["transport"] = {{"type", "stdio"}};
  // Generated servers default to their spec's first transport: ask for stdio explicitly.
  pkg["packageArguments"] =
      OrderedJson::array({OrderedJson{{"type", "named"}, {"name", "--transport"}, {"value", "stdio"}}});
  OrderedJson env = environment_variables(module);
  if (!env.empty()) pkg["environmentVariables"] = std::move(env);
  j["packages"] = OrderedJson::array({std::move(pkg)});
  j["_meta"] = {
      {"io.modelcontextprotocol.registry/publisher-provided", {{"tool", "mcpc"}, {"version", in.mcpc_version}}}};
  return j;
}

std::string user_config_key(const ir::EnvVar& e) { return lower(e.name); }

OrderedJson make_mcpb_manifest(const ir::Module& module, const McpbInputs& in) {
  const ir::ServerInfo& s = module.server;
  OrderedJson j = OrderedJson::object();
  j["manifest_version"] = "0.2";
  j["name"] = s.name;
  if (!blank(s.title)) j["display_name"] = s.title;
  j["version"] = s.version;
  j["description"] = server_description(s);
  OrderedJson author = OrderedJson::object();
  std::string name = in.metadata.author, email;
  if (std::size_t lt = name.find('<'); lt != std::string::npos && name.back() == '>') {
    email = name.substr(lt + 1, name.size() - lt - 2);
    name = name.substr(0, lt);
    while (!name.empty() && name.back() == ' ') name.pop_back();
  }
  author["name"] = name.empty() ? in.fallback_author : name;
  if (email.find('@') != std::string::npos && email.find(' ') == std::string::npos) author["email"] = email;
  j["author"] = std::move(author);
  if (!in.metadata.repository.empty()) j["repository"] = {{"type", "git"}, {"url", in.metadata.repository}};
  if (is_http_url(s.website)) j["homepage"] = s.website;
  if (is_http_url(in.metadata.documentation)) j["documentation"] = in.metadata.documentation;

  OrderedJson config = OrderedJson::object();
  OrderedJson server = OrderedJson::object();
  if (in.runtime == Runtime::Native) {
    server["type"] = "binary";
    server["entry_point"] = "server/" + in.entry;
    config["command"] = "${__dirname}/server/" + in.entry;
    config["args"] = stdio_args();
  } else {
    server["type"] = "node";
    server["entry_point"] = "server/" + in.entry;
    config["command"] = "node";
    OrderedJson args = OrderedJson::array({"${__dirname}/server/" + in.entry});
    for (const std::string& a : stdio_args()) args.push_back(a);
    config["args"] = std::move(args);
  }
  OrderedJson user_config = OrderedJson::object();
  if (!module.env.empty()) {
    OrderedJson env = OrderedJson::object();
    for (const ir::EnvVar& e : module.env) {
      std::string key = user_config_key(e);
      env[e.name] = "${user_config." + key + "}";
      OrderedJson option = OrderedJson::object();
      option["type"] = "string";
      option["title"] = e.name;
      option["description"] = env_description(e);
      option["required"] = must_set(e);
      if (e.secret) option["sensitive"] = true;
      if (e.default_value) option["default"] = *e.default_value;
      user_config[key] = std::move(option);
    }
    config["env"] = std::move(env);
  }
  server["mcp_config"] = std::move(config);
  j["server"] = std::move(server);
  OrderedJson tools = OrderedJson::array();
  for (const ir::Tool& t : module.tools) {
    OrderedJson tool = {{"name", t.name}};
    if (!blank(t.description)) tool["description"] = t.description;
    tools.push_back(std::move(tool));
  }
  j["tools"] = std::move(tools);
  if (!module.prompts.empty()) {
    OrderedJson prompts = OrderedJson::array();
    for (const ir::Prompt& p : module.prompts) {
      OrderedJson prompt = {{"name", p.name}};
      if (!blank(p.description)) prompt["description"] = p.description;
      if (!p.arguments.empty()) {
        OrderedJson args = OrderedJson::array();
        for (const ir::PromptArgument& a : p.arguments) args.push_back(a.name);
        prompt["arguments"] = std::move(args);
      }
      prompt["text"] = mcpb_prompt_text(p);
      prompts.push_back(std::move(prompt));
    }
    j["prompts"] = std::move(prompts);
  }
  if (!in.metadata.tags.empty()) j["keywords"] = in.metadata.tags;
  if (!in.metadata.license.empty()) j["license"] = in.metadata.license;
  OrderedJson compat = OrderedJson::object();
  if (in.runtime == Runtime::Native) {
    compat["platforms"] = OrderedJson::array({in.platform});
  } else {
    compat["platforms"] = OrderedJson::array({"darwin", "linux", "win32"});
    if (!in.node_engine.empty()) compat["runtimes"] = {{"node", in.node_engine}};
  }
  j["compatibility"] = std::move(compat);
  if (!user_config.empty()) j["user_config"] = std::move(user_config);
  return j;
}

namespace {

// Claude Code expands ${VAR} and ${VAR:-default} in .mcp.json: it takes the text up to the
// FIRST '}' after "${" (so ${A:-${B}} breaks, anthropics/claude-code#25563) and splits it at
// ':-' keeping only the piece between the first and second ':-' (JavaScript's split with a
// limit drops the rest). There is no escape character, so a default holding '}' or ':-' cannot
// be written. "${" is left out too: a field expanded twice (headers are) would expand it.
bool claude_code_can_express(std::string_view default_value) {
  return default_value.find('}') == std::string_view::npos && default_value.find(":-") == std::string_view::npos &&
         default_value.find("${") == std::string_view::npos;
}

// Cursor expands ${env:NAME}, ${userHome}, ${workspaceFolder}, ... in the value it is given and
// has no escape either: a default written literally must not hold "${".
bool cursor_can_express(std::string_view default_value) { return default_value.find("${") == std::string_view::npos; }

}  // namespace

ClientConfigs make_client_configs(const ir::Module& module, const std::string& command,
                                  const std::vector<std::string>& args, std::vector<std::string>* warnings) {
  auto warn = [&](const std::string& text) {
    if (warnings != nullptr) warnings->push_back(text);
  };
  const std::string& name = module.server.name;
  ClientConfigs c;
  OrderedJson desktop_env = OrderedJson::object(), code_env = OrderedJson::object(), vscode_env = OrderedJson::object(),
              cursor_env = OrderedJson::object();
  OrderedJson inputs = OrderedJson::array();
  for (const ir::EnvVar& e : module.env) {
    // Claude Desktop: literal values only.
    if (e.default_value) {
      desktop_env[e.name] = *e.default_value;
    } else if (e.required) {
      desktop_env[e.name] = "<" + e.name + ">";
    }
    // Claude Code: ${VAR} / ${VAR:-default} (a missing variable without a default is an error).
    // A default it cannot express is left out with the variable: the server then applies the
    // default itself (every generated server sets its spec's defaults for unset variables).
    if (e.default_value && !claude_code_can_express(*e.default_value)) {
      warn("clients/claude-code.mcp.json: the default of " + e.name +
           " contains '}', ':-' or '${', which Claude Code's ${VAR:-default} cannot express; " + e.name +
           " is left out of the snippet, so the server uses its own default unless " + e.name + " is set");
    } else if (e.default_value) {
      code_env[e.name] = "${" + e.name + ":-" + *e.default_value + "}";
    } else if (e.required) {
      code_env[e.name] = "${" + e.name + "}";
    } else {
      code_env[e.name] = "${" + e.name + ":-}";
    }
    // VS Code: one promptString input per variable, secrets as passwords.
    std::string id = kebab_case(e.name);
    OrderedJson input = {
        {"type", "promptString"}, {"id", id}, {"description", env_description(e) + (must_set(e) ? "" : " (optional)")}};
    if (e.secret) input["password"] = true;
    if (e.default_value && !e.secret) input["default"] = *e.default_value;
    inputs.push_back(std::move(input));
    vscode_env[e.name] = "${input:" + id + "}";
    // Cursor: ${env:NAME}; it has no default syntax, so a default is written as the value
    // (or, when Cursor would expand part of it, left to the server).
    if (e.default_value && !cursor_can_express(*e.default_value)) {
      warn("clients/cursor.mcp.json: the default of " + e.name + " contains '${', which Cursor would expand; " +
           e.name + " is left out of the snippet, so the server uses its own default");
    } else {
      cursor_env[e.name] = e.default_value ? *e.default_value : "${env:" + e.name + "}";
    }
  }
  auto entry = [&](OrderedJson env, bool typed) {
    OrderedJson j = OrderedJson::object();
    if (typed) j["type"] = "stdio";
    j["command"] = command;
    j["args"] = args;
    if (!env.empty()) j["env"] = std::move(env);
    return j;
  };
  c.claude_desktop = {{"mcpServers", {{name, entry(desktop_env, false)}}}};
  c.claude_code = {{"mcpServers", {{name, entry(code_env, true)}}}};
  c.vscode = OrderedJson::object();
  if (!inputs.empty()) c.vscode["inputs"] = std::move(inputs);
  c.vscode["servers"] = {{camel_case(name), entry(vscode_env, true)}};
  c.cursor = {{"mcpServers", {{name, entry(cursor_env, false)}}}};
  return c;
}

OrderedJson make_manifest(const ir::Module& module, const ManifestInputs& in) {
  const ir::ServerInfo& s = module.server;
  OrderedJson j = OrderedJson::object();
  j["format"] = "mcpc-manifest/1";
  j["name"] = s.name;
  j["registry_name"] = in.registry_name;
  j["version"] = s.version;
  j["title"] = s.title;
  j["description"] = s.description;
  j["runtime"] = in.runtime == Runtime::Native ? "native" : "node";
  j["server_type"] = "local";
  OrderedJson transports = OrderedJson::array();
  for (const ir::Transport& t : module.transports) {
    if (t.kind == ir::TransportKind::Stdio) {
      transports.push_back({{"type", "stdio"}});
    } else {
      transports.push_back({{"type", "streamable-http"}, {"url", transport_url(t)}});
    }
  }
  if (transports.empty()) transports.push_back({{"type", "stdio"}});
  j["transports"] = std::move(transports);
  OrderedJson env = OrderedJson::array();
  for (const ir::EnvVar& e : module.env) {
    OrderedJson v = {{"name", e.name}, {"description", e.description}, {"required", must_set(e)}, {"secret", e.secret}};
    if (e.default_value) v["default"] = *e.default_value;
    env.push_back(std::move(v));
  }
  j["env"] = std::move(env);
  if (module.auth && module.auth->type != ir::AuthType::None) {
    OrderedJson auth = {{"type", std::string(ir::to_string(module.auth->type))}};
    if (!module.auth->header.empty()) auth["header"] = module.auth->header;
    if (module.auth->env) auth["env"] = module.auth->env->name;
    j["auth"] = std::move(auth);
  }
  OrderedJson tools = OrderedJson::array();
  for (const ir::Tool& t : module.tools) {
    OrderedJson tool = {{"name", t.name}};
    if (!t.title.empty()) tool["title"] = t.title;
    tool["description"] = t.description;
    tool["input_schema"] = t.input_schema.json;
    if (t.output_schema) tool["output_schema"] = t.output_schema->json;
    if (t.annotations) tool["annotations"] = annotations_json(*t.annotations);
    tools.push_back(std::move(tool));
  }
  j["tools"] = std::move(tools);
  OrderedJson resources = OrderedJson::array();
  for (const ir::Resource& r : module.resources) {
    OrderedJson res = {{"uri", r.uri}, {"name", r.name}, {"description", r.description}};
    if (!r.mime_type.empty()) res["mime_type"] = r.mime_type;
    resources.push_back(std::move(res));
  }
  j["resources"] = std::move(resources);
  OrderedJson templates = OrderedJson::array();
  for (const ir::ResourceTemplate& r : module.resource_templates) {
    OrderedJson res = {{"uri_template", r.uri_template}, {"name", r.name}, {"description", r.description}};
    if (!r.mime_type.empty()) res["mime_type"] = r.mime_type;
    templates.push_back(std::move(res));
  }
  j["resource_templates"] = std::move(templates);
  OrderedJson prompts = OrderedJson::array();
  for (const ir::Prompt& p : module.prompts) {
    OrderedJson args = OrderedJson::array();
    for (const ir::PromptArgument& a : p.arguments) {
      args.push_back({{"name", a.name}, {"description", a.description}, {"required", a.required}});
    }
    prompts.push_back({{"name", p.name}, {"description", p.description}, {"arguments", std::move(args)}});
  }
  j["prompts"] = std::move(prompts);
  OrderedJson metadata = OrderedJson::object();
  if (!in.metadata.author.empty()) metadata["author"] = in.metadata.author;
  if (!in.metadata.repository.empty()) metadata["repository"] = in.metadata.repository;
  if (!in.metadata.documentation.empty()) metadata["documentation"] = in.metadata.documentation;
  if (!s.website.empty()) metadata["website"] = s.website;
  if (!in.metadata.license.empty()) metadata["license"] = in.metadata.license;
  metadata["tags"] = in.metadata.tags;
  j["metadata"] = std::move(metadata);
  j["artifact"] = {{"file", in.artifacts.front().file},
                   {"size", in.artifacts.front().size},
                   {"sha256", in.artifacts.front().sha256}};
  OrderedJson artifacts = OrderedJson::array();
  for (const Artifact& a : in.artifacts) {
    artifacts.push_back(
        {{"role", a.role}, {"file", a.file}, {"size", a.size}, {"sha256", a.sha256}, {"media_type", a.media_type}});
  }
  j["artifacts"] = std::move(artifacts);
  j["claude_config"] = in.claude_config;
  j["built_by"] = "mcpc " + in.mcpc_version;
  return j;
}

}  // namespace mcpc::package
