#include "server_view.h"

#include <algorithm>

#include "escape.h"
#include "mcpc/json_schema/uri_template.h"
#include "resource_content.h"

namespace mcpc::codegen {
namespace {

/// The description, else the title: what a one-line comment says about an entity.
const std::string& summary(const std::string& title, const std::string& description) {
  return description.empty() ? title : description;
}

/// The keys of an entity's name, title and description.
void set_names(View& v, const std::string& name, const std::string& title, const std::string& description,
               const Spelling& s) {
  v.set("name_comment", s.comment(name));
  v.set("name_md", markdown_code_span(name));
  v.set("name_lit", s.literal(name));
  v.set("has_title", flag(!title.empty()));
  v.set("title_lit", s.literal(title));
  v.set("has_description", flag(!description.empty()));
  v.set("description_lit", s.literal(description));
  v.set("comment", s.comment(summary(title, description)));
  v.set("comment_md", markdown_text(summary(title, description)));
}

ir::Transport http_transport(const ir::Module& m) {
  for (const ir::Transport& t : m.transports) {
    if (t.kind == ir::TransportKind::Http) return t;
  }
  return ir::Transport();
}

void set_transport_view(View& v, const ir::Module& m, const Spelling& s) {
  ir::Transport http = http_transport(m);
  std::string first = m.transports.empty() || m.transports[0].kind == ir::TransportKind::Stdio ? "stdio" : "http";
  v.set("default_transport", first);
  v.set("default_transport_lit", s.literal(first));
  v.set("http_host_lit", s.literal(http.host));
  v.set("http_host_md", markdown_code_span(http.host));
  v.set("http_port", std::to_string(http.port));
  v.set("http_path_lit", s.literal(http.path));
  v.set("http_path_md", markdown_code_span(http.path));
  bool bearer = m.auth && m.auth->type == ir::AuthType::Bearer && m.auth->env;
  bool api_key = m.auth && m.auth->type == ir::AuthType::ApiKey && m.auth->env;
  v.set("auth_bearer", flag(bearer));
  v.set("auth_api_key", flag(api_key));
  if (bearer || api_key) v.set("auth_env_lit", s.literal(m.auth->env->name));
  if (api_key) v.set("auth_header_lit", s.literal(m.auth->header));
}

}  // namespace

View server_view(const ir::Module& m, const GenerateOptions& o, const Spelling& s) {
  const ir::ServerInfo& server = m.server;
  View v = object();
  v.set("tool_version_comment", s.comment(o.tool_version));
  v.set("server_name_comment", s.comment(server.name));
  v.set("server_version_comment", s.comment(server.version));
  // Older --template-dir overrides print these in comments.
  v.set("tool_version", s.comment(o.tool_version));
  v.set("server_name", s.comment(server.name));
  v.set("server_version", s.comment(server.version));
  v.set("server_comment", s.comment(server.title.empty() ? server.name : server.title));
  v.set("server_description_comment", s.comment(server.description));
  v.set("server_name_lit", s.literal(server.name));
  v.set("server_version_lit", s.literal(server.version));
  v.set("server_title_lit", s.literal(server.title));
  v.set("server_description_lit", s.literal(server.description));
  v.set("server_website_lit", s.literal(server.website));
  v.set("server_name_md", markdown_text(server.name));
  v.set("server_version_md", markdown_text(server.version));
  v.set("server_description_md", markdown_text(server.description.empty() ? server.name : server.description));
  v.set("has_title", flag(!server.title.empty()));
  v.set("has_description", flag(!server.description.empty()));
  v.set("has_website", flag(!server.website.empty()));
  v.set("has_resources", flag(!m.resources.empty()));
  v.set("has_resource_templates", flag(!m.resource_templates.empty()));
  v.set("has_prompts", flag(!m.prompts.empty()));
  // As in the native runtime: resources can be subscribed to, and completion/complete answers
  // for every prompt and template.
  v.set("has_any_resources", flag(!m.resources.empty() || !m.resource_templates.empty()));
  v.set("has_completions", flag(!m.prompts.empty() || !m.resource_templates.empty()));
  set_transport_view(v, m, s);
  return v;
}

View tool_view(const ir::Tool& t, const Spelling& s) {
  View v = object();
  set_names(v, t.name, t.title, t.description, s);
  v.set("has_output", flag(t.output_schema.has_value()));
  v.set("runs_inline", flag(t.runs_inline));
  return v;
}

View resource_view(const ir::Module& m, const ir::Resource& r, const Spelling& s, std::vector<std::string>& inputs,
                   DiagnosticEngine& diags) {
  View v = object();
  set_names(v, r.name, r.title, r.description, s);
  v.set("comment_md", markdown_text(r.description.empty() ? (r.title.empty() ? r.name : r.title) : r.description));
  v.set("uri_lit", s.literal(r.uri));
  v.set("uri_md", markdown_code_span(r.uri));
  v.set("has_mime_type", flag(!r.mime_type.empty()));
  v.set("mime_type_lit", s.literal(r.mime_type));
  v.set("has_handler", flag(r.kind == ir::ResourceContentKind::Handler));
  EmbeddedContent content = embedded_content(m, r, inputs, diags).value_or(EmbeddedContent{});
  v.set("is_blob", flag(content.blob));
  v.set("content_lit", s.literal(content.content));
  return v;
}

View resource_template_view(const ir::ResourceTemplate& t, const Spelling& s) {
  View v = object();
  set_names(v, t.name, t.title, t.description, s);
  v.set("uri_template_comment", s.comment(t.uri_template));
  v.set("uri_template_md", markdown_code_span(t.uri_template));
  v.set("uri_template_lit", s.literal(t.uri_template));
  v.set("has_mime_type", flag(!t.mime_type.empty()));
  v.set("mime_type_lit", s.literal(t.mime_type));
  v.set("has_variables", flag(!t.variables.empty()));
  return v;
}

std::string variable_type(const ir::TemplateVariable& var) {
  const OrderedJson& schema = var.schema.json;
  if (!schema.is_object()) return "string";
  OrderedJson type = schema.value("type", OrderedJson("string"));
  return type == "integer" || type == "number" || type == "boolean" ? type.get<std::string>() : "string";
}

OrderedJson variable_checks(const ir::TemplateVariable& var) {
  const OrderedJson& schema = var.schema.json;
  OrderedJson checks = OrderedJson::object();
  if (!schema.is_object()) return checks;
  std::string type = variable_type(var);
  std::vector<const char*> keys;
  if (type == "string" && schema.value("type", OrderedJson("string")) == "string") {
    keys = {"pattern", "minLength", "maxLength", "enum", "format"};
  } else if (type == "integer" || type == "number") {
    checks["type"] = type;
    keys = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "enum"};
  } else if (type == "boolean") {
    checks["type"] = type;
    keys = {"enum"};
  }
  for (const char* key : keys) {
    if (schema.contains(key)) checks[key] = schema[key];
  }
  if (schema.contains("description")) checks["description"] = schema["description"];
  return checks;
}

bool variable_may_be_absent(const ir::ResourceTemplate& t, const std::string& variable) {
  json_schema::UriTemplateSyntax syntax;
  if (!json_schema::parse_uri_template(t.uri_template, syntax).empty()) return true;
  for (const json_schema::UriTemplateSyntax::Expression& e : syntax.expressions) {
    for (const std::string& name : e.variables) {
      if (name == variable) return e.op != 0 && e.op != '+' && e.op != '#';
    }
  }
  return true;
}

View prompt_view(const ir::Prompt& p, const Spelling& s) {
  View v = object();
  set_names(v, p.name, p.title, p.description, s);
  v.set("has_arguments", flag(!p.arguments.empty()));
  View messages = list();
  for (const ir::PromptMessage& msg : p.messages) {
    View mv = object();
    mv.set("role_lit", s.literal(msg.role));
    mv.set("text_lit", s.literal(msg.text));
    messages.push_back(mv);
  }
  v.set("messages", messages);
  return v;
}

View env_var_view(const ir::EnvVar& e, const Spelling& s) {
  View v = object();
  v.set("name_comment", s.comment(e.name));
  v.set("name_md", markdown_code_span(e.name));
  v.set("name_lit", s.literal(e.name));
  v.set("name_json", json_string(e.name));
  v.set("description_md", markdown_text(e.description));
  v.set("description_lit", s.literal(e.description));
  bool required = e.required && !e.default_value;
  v.set("required", flag(required));
  v.set("required_lit", required ? "true" : "false");
  v.set("secret", flag(e.secret));
  v.set("has_default", flag(e.default_value.has_value()));
  v.set("default_lit", s.literal(e.default_value.value_or("")));
  v.set("default_md", markdown_code_span(e.default_value.value_or("")));
  return v;
}

std::vector<const ir::EnvVar*> env_by_name(const ir::Module& m) {
  std::vector<const ir::EnvVar*> sorted;
  for (const ir::EnvVar& e : m.env) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return sorted;
}

}  // namespace mcpc::codegen
