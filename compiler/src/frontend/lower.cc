// Lowering: one function per spec section, each reading its mapping through Fields so that
// every unknown key and mistyped value is reported, then building the IR node.
#include "lower.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "keyword_lint.h"
#include "mcpc/frontend/fields.h"
#include "named_types.h"
#include "schema_lowering.h"

namespace mcpc::frontend {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string_view> kRootOnlyKeys = {"$schema", "name",      "version",    "title", "description",
                                                     "website", "transport", "transports", "auth",  "author"};
const std::vector<std::string_view> kSectionKeys = {"tools", "resources", "resourceTemplates", "prompts", "connections",
                                                    "env",   "triggers",  "include",           "types"};

std::vector<std::string_view> concat(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::string_view> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

bool is_json_path(const std::string& path) {
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

std::string name_of(const doc::Node& item) {
  if (const doc::Entry* e = item.is_map() ? item.find("name") : nullptr) {
    if (e->value.is_string()) return e->value.text;
  }
  return {};
}

std::string quoted_name(std::string_view kind, const doc::Node& item) {
  std::string n = name_of(item);
  return n.empty() ? std::string(kind) : std::string(kind) + " '" + n + "'";
}

class Lowerer {
 public:
  Lowerer(SourceManager& sm, DiagnosticEngine& diags, const FrontendOptions& options)
      : sm_(sm), diags_(diags), options_(options) {}

  ir::Module run(const doc::Node& root, const std::string& root_path) {
    root_dir_ = fs::path(root_path).parent_path().string();
    std::error_code ec;
    include_stack_.push_back(fs::weakly_canonical(root_path, ec).string());
    lower_file(root, root_path, /*is_root=*/true);
    // Named types may be declared after their uses, or in a file included later.
    resolve_named_types(module_, options_.limits, diags_);
    for (std::size_t i : returns_tools_) wrap_returns(module_.tools[i]);
    for (std::size_t i = 0; i < sm_.size(); ++i)
      module_.files.push_back(sm_.file(static_cast<std::uint32_t>(i)).name());
    return std::move(module_);
  }

 private:
  void lower_file(const doc::Node& root, const std::string& path, bool is_root) {
    if (!root.is_map()) {
      if (root.kind == doc::Kind::Null) {
        diags_.report(Check::MissingField, root.loc,
                      is_root ? "the spec is empty; expected a mapping with at least 'name' and 'version'"
                              : "the included file is empty");
      } else {
        report_type(diags_, root, "",
                    is_root ? "a mapping at the top of the spec" : "a mapping at the top of the included file");
      }
      return;
    }
    Fields f(root, is_root ? "the spec" : "an included file",
             is_root ? concat(kRootOnlyKeys, kSectionKeys) : concat({"$schema"}, kSectionKeys), diags_);
    if (is_root) {
      lower_server(f);
    } else {
      for (std::string_view key : kRootOnlyKeys) {
        if (key == "$schema") continue;
        if (const doc::Entry* e = f.entry(key)) {
          diags_.report(Check::Include, e->key_loc,
                        "'" + std::string(key) + "' may only appear in the root spec, not in an included file");
        }
      }
    }
    f.get("$schema");
    if (const doc::Node* n = f.list("connections"))
      for (const doc::Node& c : n->items) lower_connection(c);
    if (const doc::Node* n = f.list("env"))
      for (const doc::Node& e : n->items) lower_env(e);
    if (const doc::Node* n = f.mapping("types"))
      for (const doc::Entry& e : n->entries) lower_named_type(e);
    if (const doc::Node* n = f.list("tools"))
      for (const doc::Node& t : n->items) lower_tool(t);
    if (const doc::Node* n = f.list("resources"))
      for (const doc::Node& r : n->items) lower_resource(r, path);
    if (const doc::Node* n = f.list("resourceTemplates"))
      for (const doc::Node& r : n->items) lower_template(r);
    if (const doc::Node* n = f.list("prompts"))
      for (const doc::Node& p : n->items) lower_prompt(p);
    if (const doc::Node* n = f.list("triggers"))
      for (const doc::Node& t : n->items) lower_trigger(t);
    f.finish();
    if (const doc::Entry* inc = root.find("include")) lower_includes(inc->value, path);
  }

  void lower_includes(const doc::Node& value, const std::string& from_path) {
    std::vector<const doc::Node*> paths;
    if (value.is_string()) {
      paths.push_back(&value);
    } else if (value.is_seq()) {
      for (const doc::Node& item : value.items) {
        if (item.is_string())
          paths.push_back(&item);
        else
          report_type(diags_, item, "include", "a file path");
      }
    } else {
      report_type(diags_, value, "include", "a file path or a list of file paths");
      return;
    }
    for (const doc::Node* p : paths) {
      if (p->text.empty()) {
        diags_.report(Check::Include, p->loc, "include path is empty");
        continue;
      }
      fs::path target = fs::path(p->text).is_absolute()
                            ? fs::path(p->text)
                            : (fs::path(from_path).parent_path() / p->text).lexically_normal();
      std::error_code ec;
      std::string canonical = fs::weakly_canonical(target, ec).string();
      if (std::find(include_stack_.begin(), include_stack_.end(), canonical) != include_stack_.end()) {
        diags_.report(Check::Include, p->loc, "include cycle: '" + p->text + "' is already being included");
        continue;
      }
      if (included_.count(canonical)) {
        diags_.report(Severity::Warning, Check::Include, p->loc,
                      "'" + p->text + "' is included more than once; ignoring the repeat");
        continue;
      }
      if (include_stack_.size() > options_.limits.max_include_depth) {
        diags_.report(Check::Limits, p->loc,
                      "includes nest deeper than " + std::to_string(options_.limits.max_include_depth) + " levels");
        continue;
      }
      if (sm_.size() >= options_.limits.max_files) {
        diags_.report(Check::Limits, p->loc,
                      "more than " + std::to_string(options_.limits.max_files) + " files included");
        continue;
      }
      std::optional<doc::Node> doc = read_document(target.string(), target.string(), sm_, diags_, options_, p->loc);
      if (!doc) continue;
      included_.insert(canonical);
      include_stack_.push_back(canonical);
      lower_file(*doc, target.string(), /*is_root=*/false);
      include_stack_.pop_back();
    }
  }

  void lower_server(Fields& f) {
    ir::ServerInfo& s = module_.server;
    s.loc = f.node().loc;
    if (const doc::Entry* e = f.entry("name")) s.name_loc = e->value.loc;
    if (const doc::Entry* e = f.entry("version")) s.version_loc = e->value.loc;
    s.name = f.string("name", true).value_or("");
    if (const doc::Node* v = f.get("version"); v && (v->kind == doc::Kind::Int || v->kind == doc::Kind::Float)) {
      // "version: 1.0" is read as a number by YAML; say what to write instead.
      diags_.report(Check::Type, v->loc, "version must be a string; write it quoted, e.g. \"" + v->text + ".0\"");
    } else {
      s.version = f.string("version", true).value_or("");
    }
    s.title = f.string("title").value_or("");
    s.description = f.string("description").value_or("");
    if (const doc::Entry* e = f.entry("website")) s.website_loc = e->value.loc;
    s.website = f.string("website").value_or("");
    s.author = f.string("author").value_or("");

    const doc::Entry* single = f.entry("transport");
    const doc::Entry* many = f.entry("transports");
    if (single && many) {
      diags_.report(Check::InvalidValue, many->key_loc, "give either 'transport' or 'transports', not both");
    }
    if (single) {
      if (auto kind = f.choice("transport", {"stdio", "http"})) {
        ir::Transport t;
        t.kind = *kind == "http" ? ir::TransportKind::Http : ir::TransportKind::Stdio;
        t.loc = single->value.loc;
        module_.transports.push_back(t);
      }
    } else if (many) {
      if (const doc::Node* list = f.list("transports")) {
        for (const doc::Node& item : list->items) lower_transport(item);
      }
    }
    if (const doc::Node* auth = f.get("auth")) lower_auth(*auth);
  }

  void lower_transport(const doc::Node& node) {
    if (node.is_string()) {  // "- stdio" is short for "- type: stdio"
      ir::Transport t;
      t.loc = node.loc;
      if (node.text == "stdio" || node.text == "http") {
        t.kind = node.text == "http" ? ir::TransportKind::Http : ir::TransportKind::Stdio;
        module_.transports.push_back(t);
      } else {
        diags_.report(Check::InvalidValue, node.loc, "invalid transport '" + node.text + "'; expected stdio or http");
      }
      return;
    }
    Fields f(node, "transport", {"type", "host", "port", "path"}, diags_);
    if (!f.ok()) return;
    auto type = f.choice("type", {"stdio", "http"}, true);
    if (!type) return;
    ir::Transport t;
    t.loc = node.loc;
    t.kind = *type == "http" ? ir::TransportKind::Http : ir::TransportKind::Stdio;
    if (t.kind == ir::TransportKind::Http) {
      if (auto host = f.string("host")) t.host = *host;
      if (auto port = f.integer("port")) {
        if (*port < 1 || *port > 65535) {
          diags_.report(Check::InvalidValue, f.get("port")->loc,
                        "port " + std::to_string(*port) + " is outside 1-65535");
        } else {
          t.port = *port;
        }
      }
      if (auto path = f.string("path")) {
        if (path->empty() || (*path)[0] != '/') {
          diags_.report(Check::InvalidValue, f.get("path")->loc, "http path must start with '/'");
        } else {
          t.path = *path;
        }
      }
    } else {
      for (std::string_view key : {"host", "port", "path"}) {
        if (const doc::Entry* e = f.entry(key)) {
          diags_.report(Check::InvalidValue, e->key_loc,
                        "'" + std::string(key) + "' applies only to the http transport");
        }
      }
    }
    module_.transports.push_back(t);
  }

  void lower_auth(const doc::Node& node) {
    Fields f(node, "auth", {"type", "header", "envVar"}, diags_);
    if (!f.ok()) return;
    ir::Auth a;
    a.loc = node.loc;
    auto type = f.choice("type", {"api_key", "bearer", "none"}, true);
    if (!type) return;
    a.type = *type == "api_key" ? ir::AuthType::ApiKey : *type == "bearer" ? ir::AuthType::Bearer : ir::AuthType::None;
    if (auto header = f.string("header")) {
      if (a.type != ir::AuthType::ApiKey) {
        diags_.report(Check::InvalidValue, f.get("header")->loc, "'header' applies only to api_key auth");
      }
      a.header = *header;
    } else if (a.type == ir::AuthType::ApiKey) {
      a.header = "X-API-Key";
    }
    if (auto env = f.string("envVar")) a.env = ir::Ref{*env, f.get("envVar")->loc};
    module_.auth = a;
  }

  void lower_connection(const doc::Node& node) {
    Fields f(node, quoted_name("connection", node), {"name", "type", "envVar", "description"}, diags_);
    if (!f.ok()) return;
    ir::Connection c;
    c.loc = node.loc;
    if (const doc::Entry* e = f.entry("name")) c.name_loc = e->value.loc;
    c.name = f.string("name", true).value_or("");
    c.type = f.string("type", true).value_or("");
    c.description = f.string("description").value_or("");
    if (auto env = f.string("envVar")) c.env = ir::Ref{*env, f.get("envVar")->loc};
    module_.connections.push_back(std::move(c));
  }

  void lower_env(const doc::Node& node) {
    Fields f(node, quoted_name("env entry", node), {"name", "description", "required", "secret", "default"}, diags_);
    if (!f.ok()) return;
    ir::EnvVar e;
    e.loc = node.loc;
    if (const doc::Entry* n = f.entry("name")) e.loc = n->value.loc;
    e.name = f.string("name", true).value_or("");
    e.description = f.string("description").value_or("");
    e.required = f.boolean("required").value_or(true);
    e.secret = f.boolean("secret").value_or(false);
    if (const doc::Node* d = f.get("default")) {
      if (d->is_scalar() && d->kind != doc::Kind::Null)
        e.default_value = d->text;
      else
        report_type(diags_, *d, "default", "a string");
    }
    module_.env.push_back(std::move(e));
  }

  void lower_tool(const doc::Node& node) {
    Fields f(node, quoted_name("tool", node),
             {"name", "title", "description", "parameters", "inputSchema", "returns", "outputSchema", "annotations",
              "connection", "env", "content", "inline"},
             diags_);
    if (!f.ok()) return;
    ir::Tool t;
    t.loc = node.loc;
    if (const doc::Entry* e = f.entry("name")) t.name_loc = e->value.loc;
    t.name = f.string("name", true).value_or("");
    t.title = f.string("title").value_or("");
    t.description = f.string("description").value_or("");

    const doc::Entry* params = f.entry("parameters");
    const doc::Entry* input = f.entry("inputSchema");
    if (params && input) {
      diags_.report(Check::InvalidValue, input->key_loc, "give either 'parameters' or 'inputSchema', not both");
    }
    if (input) {
      lower_raw_schema(input->value, "inputSchema", t.input_schema);
    } else if (params) {
      lower_parameters(params->value, t.input_schema, diags_);
    } else {
      t.input_schema.loc = node.loc;
      t.input_schema.locs[""] = node.loc;
      t.input_schema.json = OrderedJson{{"type", "object"}, {"properties", OrderedJson::object()}};
    }

    const doc::Entry* returns = f.entry("returns");
    const doc::Entry* output = f.entry("outputSchema");
    if (returns && output) {
      diags_.report(Check::InvalidValue, output->key_loc, "give either 'returns' or 'outputSchema', not both");
    }
    if (output) {
      ir::Schema s;
      lower_raw_schema(output->value, "outputSchema", s);
      t.output_schema = std::move(s);
    } else if (returns) {
      lint_keyword_schema(returns->value, diags_);
      t.output_schema = lower_returns(returns->value);
      returns_tools_.push_back(module_.tools.size());
    }

    if (const doc::Node* a = f.get("annotations")) {
      Fields af(*a, "annotations of " + quoted_name("tool", node),
                {"title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}, diags_);
      if (af.ok()) {
        ir::ToolAnnotations ann;
        ann.loc = a->loc;
        ann.read_only = af.boolean("readOnlyHint");
        ann.destructive = af.boolean("destructiveHint");
        ann.idempotent = af.boolean("idempotentHint");
        ann.open_world = af.boolean("openWorldHint");
        if (auto title = af.string("title")) {
          if (t.title.empty()) t.title = *title;
        }
        t.annotations = ann;
      }
    }
    if (const doc::Entry* e = f.entry("inline")) {
      t.runs_inline = f.boolean("inline").value_or(false);
      t.inline_loc = e->key_loc;
    }
    if (auto conn = f.string("connection")) t.connection = ir::Ref{*conn, f.get("connection")->loc};
    if (const doc::Node* env = f.get("env")) t.env = string_refs(*env, "env");
    if (const doc::Node* content = f.get("content")) {
      t.content_types = string_refs(*content, "content");
      if (content->is_seq() && content->items.empty()) {
        diags_.report(Check::InvalidValue, content->loc,
                      "'content' lists no content types; leave it out to allow any, or list the types the " +
                          quoted_name("tool", node) + " returns");
      }
    }
    module_.tools.push_back(std::move(t));
  }

  std::vector<ir::Ref> string_refs(const doc::Node& node, std::string_view key) {
    std::vector<ir::Ref> refs;
    if (node.is_string()) {
      refs.push_back({node.text, node.loc});
    } else if (node.is_seq()) {
      for (const doc::Node& item : node.items) {
        if (item.is_string())
          refs.push_back({item.text, item.loc});
        else
          report_type(diags_, item, key, "a name");
      }
    } else {
      report_type(diags_, node, key, "a name or a list of names");
    }
    return refs;
  }

  void lower_raw_schema(const doc::Node& node, std::string_view key, ir::Schema& out) {
    out.loc = node.loc;
    if (!node.is_map()) {
      report_type(diags_, node, key, "a JSON Schema object");
      out.json = OrderedJson{{"type", "object"}};
      return;
    }
    out.json = to_json(node, "", out);
  }

  void lower_named_type(const doc::Entry& e) {
    ir::NamedType t;
    t.name = e.key;
    t.loc = e.key_loc;
    t.schema.loc = e.value.loc;
    t.schema.json = lower_shorthand(e.value, "", "type '" + e.key + "'", t.schema, diags_, nullptr);
    module_.types.push_back(std::move(t));
  }

  /// `returns:` as written; wrap_returns decides on wrapping once named types are inlined.
  ir::Schema lower_returns(const doc::Node& node) {
    ir::Schema s;
    s.loc = node.loc;
    s.json = lower_shorthand(node, "", "returns", s, diags_, nullptr);
    return s;
  }

  static void wrap_returns(ir::Tool& t) {
    ir::Schema& s = *t.output_schema;
    if (s.json.contains("type") && s.json["type"] == "object") return;
    // MCP structuredContent must be an object: carry other values as {"result": ...}.
    s.json = OrderedJson{{"type", "object"},
                         {"properties", OrderedJson{{"result", std::move(s.json)}}},
                         {"required", OrderedJson::array({"result"})}};
    std::map<std::string, SourceLoc> locs{{"", s.loc}};
    for (auto& [ptr, loc] : s.locs) locs["/properties/result" + ptr] = loc;
    s.locs = std::move(locs);
    std::map<std::string, std::string> named;
    for (auto& [ptr, name] : s.named) named["/properties/result" + ptr] = name;
    s.named = std::move(named);
    t.output_wrapped = true;
  }

  void lower_resource(const doc::Node& node, const std::string& spec_path) {
    Fields f(node, quoted_name("resource", node),
             {"uri", "name", "title", "description", "mimeType", "text", "blob", "file", "handler"}, diags_);
    if (!f.ok()) return;
    ir::Resource r;
    r.loc = node.loc;
    if (const doc::Entry* e = f.entry("uri")) r.uri_loc = e->value.loc;
    if (const doc::Entry* e = f.entry("name")) r.name_loc = e->value.loc;
    r.uri = f.string("uri", true).value_or("");
    r.name = f.string("name", true).value_or("");
    r.title = f.string("title").value_or("");
    r.description = f.string("description").value_or("");
    r.mime_type = f.string("mimeType").value_or("");
    int kinds = 0;
    for (auto [key, kind] :
         {std::pair{"text", ir::ResourceContentKind::Text}, std::pair{"blob", ir::ResourceContentKind::Blob},
          std::pair{"file", ir::ResourceContentKind::File}}) {
      if (const doc::Entry* e = f.entry(key)) {
        ++kinds;
        if (kinds > 1) {
          diags_.report(Check::InvalidValue, e->key_loc, "a resource takes exactly one of 'text', 'blob' or 'file'");
          continue;
        }
        if (auto v = f.string(key)) {
          r.kind = kind;
          r.content = *v;
          r.content_loc = e->value.loc;
        }
      }
    }
    // handler: true -- the server's code produces the content on each read.
    if (const doc::Entry* e = f.entry("handler"); e && f.boolean("handler").value_or(false)) {
      if (++kinds > 1) {
        diags_.report(Check::InvalidValue, e->key_loc,
                      "a resource takes exactly one of 'text', 'blob', 'file' or 'handler: true'");
      } else {
        r.kind = ir::ResourceContentKind::Handler;
        r.content_loc = e->value.loc;
      }
    }
    if (kinds == 0) {
      diags_.report(Check::MissingField, node.loc,
                    quoted_name("resource", node) + " needs one of 'text', 'blob' or 'file', or 'handler: true'");
    }
    if (r.kind == ir::ResourceContentKind::File && !r.content.empty()) {
      fs::path p =
          fs::path(r.content).is_absolute() ? fs::path(r.content) : fs::path(spec_path).parent_path() / r.content;
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) {
        diags_.report(
            Check::Io, r.content_loc,
            "resource file '" + r.content + "' does not exist (looked for " + p.lexically_normal().string() + ")");
      }
      // Paths in the IR are relative to the root spec so generated servers can find them.
      fs::path rel = p.lexically_normal().lexically_relative(fs::path(root_dir()).lexically_normal());
      if (!rel.empty()) r.content = rel.string();
    }
    module_.resources.push_back(std::move(r));
  }

  const std::string& root_dir() const { return root_dir_; }

  void lower_template(const doc::Node& node) {
    Fields f(node, quoted_name("resource template", node),
             {"uriTemplate", "name", "title", "description", "mimeType", "variables"}, diags_);
    if (!f.ok()) return;
    ir::ResourceTemplate t;
    t.loc = node.loc;
    if (const doc::Entry* e = f.entry("uriTemplate")) t.uri_loc = e->value.loc;
    if (const doc::Entry* e = f.entry("name")) t.name_loc = e->value.loc;
    t.uri_template = f.string("uriTemplate", true).value_or("");
    t.name = f.string("name", true).value_or("");
    t.title = f.string("title").value_or("");
    t.description = f.string("description").value_or("");
    t.mime_type = f.string("mimeType").value_or("");
    if (const doc::Node* vars = f.mapping("variables")) {
      lint_keyword_members(*vars, "variable", diags_);
      for (const doc::Entry& e : vars->entries) {
        ir::TemplateVariable v;
        v.name = e.key;
        v.loc = e.key_loc;
        v.schema.loc = e.value.loc;
        v.schema.json = lower_shorthand(e.value, "", "variable '" + e.key + "'", v.schema, diags_, nullptr);
        t.variables.push_back(std::move(v));
      }
    }
    module_.resource_templates.push_back(std::move(t));
  }

  void lower_prompt(const doc::Node& node) {
    Fields f(node, quoted_name("prompt", node), {"name", "title", "description", "arguments", "messages"}, diags_);
    if (!f.ok()) return;
    ir::Prompt p;
    p.loc = node.loc;
    if (const doc::Entry* e = f.entry("name")) p.name_loc = e->value.loc;
    p.name = f.string("name", true).value_or("");
    p.title = f.string("title").value_or("");
    p.description = f.string("description").value_or("");
    if (const doc::Node* args = f.list("arguments")) {
      for (const doc::Node& a : args->items) {
        Fields af(a, quoted_name("prompt argument", a), {"name", "description", "required", "default", "enum"}, diags_);
        if (!af.ok()) continue;
        ir::PromptArgument arg;
        arg.loc = a.loc;
        if (const doc::Entry* e = af.entry("name")) arg.loc = e->value.loc;
        arg.name = af.string("name", true).value_or("");
        arg.description = af.string("description").value_or("");
        arg.required = af.boolean("required").value_or(false);
        lower_argument_values(af, arg, p.name);
        p.arguments.push_back(std::move(arg));
      }
    }
    if (const doc::Node* msgs = f.list("messages")) {
      for (const doc::Node& m : msgs->items) {
        Fields mf(m, "prompt message", {"role", "text"}, diags_);
        if (!mf.ok()) continue;
        ir::PromptMessage msg;
        msg.loc = m.loc;
        msg.role = mf.choice("role", {"user", "assistant"}, true).value_or("user");
        if (const doc::Entry* e = mf.entry("text")) msg.text_loc = e->value.loc;
        msg.text = mf.string("text", true).value_or("");
        p.messages.push_back(std::move(msg));
      }
    }
    module_.prompts.push_back(std::move(p));
  }

  /// A prompt argument's `default` and `enum`: scalars, read as the strings clients send.
  void lower_argument_values(Fields& af, ir::PromptArgument& arg, const std::string& prompt) {
    auto is_value = [](const doc::Node& n) { return n.is_scalar() && n.kind != doc::Kind::Null; };
    if (const doc::Node* d = af.get("default")) {
      arg.default_loc = d->loc;
      if (is_value(*d))
        arg.default_value = d->text;
      else
        report_type(diags_, *d, "default", "a string");
    }
    if (const doc::Node* e = af.list("enum")) {
      arg.enum_loc = e->loc;
      if (e->items.empty()) {
        diags_.report(Check::InvalidValue, e->loc,
                      "the enum of argument '" + arg.name + "' of prompt '" + prompt +
                          "' is empty; leave it out to allow any value");
      }
      for (const doc::Node& v : e->items) {
        if (is_value(v))
          arg.enum_values.push_back(v.text);
        else
          report_type(diags_, v, "enum", "a string");
      }
    }
  }

  void lower_trigger(const doc::Node& node) {
    Fields f(node, "trigger", {"type", "schedule", "tool", "arguments", "path", "method"}, diags_);
    if (!f.ok()) return;
    auto type = f.choice("type", {"cron", "webhook"}, true);
    if (!type) return;
    ir::Trigger t;
    t.loc = node.loc;
    t.kind = *type == "cron" ? ir::TriggerKind::Cron : ir::TriggerKind::Webhook;
    if (const doc::Entry* e = f.entry("tool")) t.tool.loc = e->value.loc;
    t.tool.name = f.string("tool", true).value_or("");
    if (t.kind == ir::TriggerKind::Cron) {
      if (const doc::Entry* e = f.entry("schedule")) t.schedule_loc = e->value.loc;
      t.schedule = f.string("schedule", true).value_or("");
      for (std::string_view key : {"path", "method"}) {
        if (const doc::Entry* e = f.entry(key)) {
          diags_.report(Check::InvalidValue, e->key_loc, "'" + std::string(key) + "' applies only to webhook triggers");
        }
      }
    } else {
      if (const doc::Entry* e = f.entry("path")) t.path_loc = e->value.loc;
      t.path = f.string("path", true).value_or("");
      if (auto m = f.choice("method", {"GET", "POST", "PUT", "PATCH", "DELETE"})) t.method = *m;
      if (const doc::Entry* e = f.entry("schedule")) {
        diags_.report(Check::InvalidValue, e->key_loc, "'schedule' applies only to cron triggers");
      }
    }
    if (const doc::Node* args = f.mapping("arguments")) {
      ir::Schema scratch;
      t.arguments = to_json(*args, "", scratch);
    }
    module_.triggers.push_back(std::move(t));
  }

  SourceManager& sm_;
  DiagnosticEngine& diags_;
  const FrontendOptions& options_;
  ir::Module module_;
  std::vector<std::string> include_stack_;
  std::set<std::string> included_;
  std::string root_dir_;
  std::vector<std::size_t> returns_tools_;  ///< tools whose output schema came from `returns:`
};

}  // namespace

std::optional<doc::Node> parse_document(std::uint32_t file, SourceManager& sm, DiagnosticEngine& diags,
                                        const FrontendOptions& options) {
  if (!doc::check_utf8(sm, file, diags)) return std::nullopt;
  doc::Node root;
  bool json = options.format == InputFormat::JsonText ||
              (options.format == InputFormat::Auto && is_json_path(sm.file(file).name()));
  bool ok = json ? doc::read_json(sm, file, options.limits, diags, root)
                 : doc::read_yaml(sm, file, options.limits, diags, root);
  if (!ok) return std::nullopt;
  return root;
}

std::optional<doc::Node> read_document(const std::string& path, const std::string& display_name, SourceManager& sm,
                                       DiagnosticEngine& diags, const FrontendOptions& options,
                                       SourceLoc requested_at) {
  std::error_code ec;
  auto fail = [&](const std::string& msg) {
    diags.report(requested_at.valid() ? Check::Include : Check::Io, requested_at, msg);
    return std::nullopt;
  };
  if (!fs::exists(path, ec)) return fail("cannot read '" + display_name + "': no such file");
  if (fs::is_directory(path, ec)) return fail("cannot read '" + display_name + "': it is a directory");
  if (!fs::is_regular_file(path, ec)) return fail("cannot read '" + display_name + "': not a regular file");
  auto size = fs::file_size(path, ec);
  if (ec) return fail("cannot read '" + display_name + "': " + ec.message());
  if (size > options.limits.max_file_bytes) {
    std::uint32_t id = sm.add(display_name, "");
    diags.report(Check::Limits, SourceLoc{id, 1, 1},
                 "file is " + std::to_string(size) + " bytes; the limit is " +
                     std::to_string(options.limits.max_file_bytes) + " bytes");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open '" + display_name + "'");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.peek() != std::char_traits<char>::eof()) text.resize(options.limits.max_file_bytes + 1);
  if (text.size() > options.limits.max_file_bytes) {  // grew while we looked, or a special file
    std::uint32_t id = sm.add(display_name, "");
    diags.report(Check::Limits, SourceLoc{id, 1, 1},
                 "file is larger than the limit of " + std::to_string(options.limits.max_file_bytes) + " bytes");
    return std::nullopt;
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a UTF-8 BOM is allowed and ignored
  std::uint32_t id = sm.add(display_name, std::move(text));
  return parse_document(id, sm, diags, options);
}

ir::Module lower_module(const doc::Node& root, const std::string& root_path, SourceManager& sm, DiagnosticEngine& diags,
                        const FrontendOptions& options) {
  return Lowerer(sm, diags, options).run(root, root_path);
}

}  // namespace mcpc::frontend
