// The native C++ backend: a typed header, the registration with mcpc::runtime, main(), and
// "not implemented" handlers for servers built without handler sources. Everything the
// templates print is decided here, in the view model; the templates only lay it out.
#include "cpp_backend.h"

#include <algorithm>

#include "../escape.h"
#include "../namer.h"
#include "../server_view.h"
#include "../templates.h"
#include "cpp_types.h"
#include "handler_source.h"

namespace mcpc::codegen::cpp {
namespace {

std::string lit(std::string_view s) { return cpp_string_literal(s); }
std::string comment(std::string_view s) { return cpp_comment(s); }
constexpr Spelling kCpp{&cpp_string_literal, &cpp_comment};
/// Up to this many tools, the types' code goes into NAME.cc rather than NAME_types.cc.
constexpr std::size_t kToolsInOneFile = 8;
/// The comment line of a handler source that --add-stubs inserts new stubs before.
constexpr std::string_view kStubMarker = "mcpc: stubs for new handlers go above this line";

/// The basename names files and is #included: letters, digits and "_-.+" only.
bool valid_basename(const std::string& basename) {
  return std::all_of(basename.begin(), basename.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_-.+").find(c) != std::string_view::npos;
  });
}

class ViewBuilder {
 public:
  ViewBuilder(const ir::Module& m, const GenerateOptions& o, DiagnosticEngine& diags) : m_(m), o_(o), diags_(diags) {}

  View build() {
    View v = server_view(m_, o_, kCpp);
    std::string ns = CppScope().claim(snake_case(m_.server.name), "mcp_server");
    basename_ = o_.basename.empty() ? ns : o_.basename;
    if (!valid_basename(basename_)) {
      diags_.report(Check::Usage, SourceLoc::none(),
                    "basename '" + cpp_comment(basename_) + "' may hold only letters, digits, '_', '-', '.' and '+'");
    }
    v.set("namespace", ns);
    v.set("basename", basename_);
    v.set("header", basename_ + ".h");
    v.set("stub_marker_comment", std::string(kStubMarker));
    v.set("class_prefix", cpp_identifier(pascal_case(m_.server.name), "Server"));

    // Tools with a handler (declared in Handlers) and tools that call a C++ function directly
    // (their glue is generated); the registration lists both, in the order of the spec.
    View tools = list();
    View native_tools = list();
    View registered_tools = list();
    for (const ir::Tool& t : m_.tools) {
      View tv = t.native ? native_tool(t) : tool(t);
      (t.native ? native_tools : tools).push_back(tv);
      registered_tools.push_back(tv);
    }
    View templates = list();
    for (const ir::ResourceTemplate& t : m_.resource_templates) templates.push_back(resource_template(t));
    View prompts = list();
    for (const ir::Prompt& p : m_.prompts) prompts.push_back(prompt(p));
    View resources = list();
    for (const ir::Resource& r : m_.resources) resources.push_back(resource(r));
    v.set("has_tools", flag(!registered_tools.is_empty_list()));
    v.set("has_handler_tools", flag(!tools.is_empty_list()));
    v.set("tools", tools);
    v.set("registered_tools", registered_tools);
    v.set("native_tools", native_tools);
    native(v, !native_tools.is_empty_list());
    v.set("resource_templates", templates);
    v.set("prompts", prompts);
    v.set("resources", resources);
    v.set("types", types());
    env(v);
    return v;
  }

  const std::string& basename() const { return basename_; }
  const std::vector<std::string>& inputs() const { return inputs_; }
  const HandlerInterface& handler_interface() const { return interface_; }

  /// A function the user writes (prompts have a default): its kind, name and view.
  struct Stub {
    std::string kind;
    std::string name;
    std::string method;
    View view;
  };
  const std::vector<Stub>& stubs() const { return stubs_; }

 private:
  void handler(const char* kind, const std::string& name, const View& v, std::string parameters,
               std::string params_type, std::string result_type) {
    std::string method = v.get("method")->string_value();
    std::string returns = v.get("return_type")->string_value();
    interface_.handlers.push_back(
        {kind, name, method, returns, std::move(parameters), std::move(params_type), std::move(result_type)});
    if (std::string_view(kind) != "prompt") stubs_.push_back({kind, name, method, v});
  }

  View tool(const ir::Tool& t) {
    View v = tool_view(t, kCpp);
    std::string pascal = pascal_case(t.name);
    if (pascal.empty()) pascal = "Tool";
    v.set("not_written_lit", lit(t.name + ": not written yet"));
    v.set("not_implemented_lit", lit("tool '" + t.name + "' is not implemented yet"));
    v.set("method", methods_.claim(snake_case(t.name), "tool"));
    v.set("params_type", types_.root_type(t.input_schema, pascal + "Params", "Arguments of " + t.name));
    v.set("input_schema_lit", lit(t.input_schema.json.dump()));
    if (t.output_schema) {
      std::string result = types_.result_type(*t.output_schema, pascal + "Result", "Result of " + t.name);
      v.set("result_type", result);
      v.set("return_type", "Outcome<" + result + ">");
      v.set("output_schema_lit", lit(t.output_schema->json.dump()));
    } else {
      v.set("return_type", std::string("ToolResult"));
    }
    registration(v, t);
    std::string params = v.get("params_type")->string_value();
    std::string result = t.output_schema ? v.get("result_type")->string_value() : "";
    handler("tool", t.name, v, "const " + params + "& params, Context& ctx", params, result);
    return v;
  }

  /// A tool that calls a C++ function: no handler, no generated structs; its glue decodes each
  /// argument into the parameter's own type (mcpc/runtime/bind.h).
  View native_tool(const ir::Tool& t) {
    const ir::NativeFunction& f = *t.native;
    View v = tool_view(t, kCpp);
    v.set("method", methods_.claim(snake_case(t.name), "tool"));
    v.set("function", spelling(f.function, f.loc, "function name"));
    v.set("wrapped", t.output_wrapped ? "true" : "false");
    const OrderedJson& properties = t.input_schema.json.value("properties", OrderedJson::object());
    View arguments = list();
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      const ir::NativeParam& p = f.params[i];
      View a = object();
      std::string type = spelling(p.value_type, f.loc, "parameter type");
      std::string decode = "mcpc::runtime::bind::argument<" + type + ">(arguments, " + cpp_string_view_literal(p.name);
      if (p.has_default) {
        auto property = properties.find(p.name);
        if (property == properties.end() || !property->is_object() || !property->contains("default")) {
          diags_.report(Check::Generate, f.loc,
                        "parameter '" + cpp_comment(p.name) + "' of tool '" + cpp_comment(t.name) +
                            "' has a C++ default, but its property in the input schema has no default");
        } else {
          decode = "mcpc::runtime::bind::argument_or<" + type + ">(arguments, " + cpp_string_view_literal(p.name) +
                   ", " + cpp_string_view_literal((*property)["default"].dump());
        }
      }
      decode += p.pass == ir::NativePass::CStr ? ").c_str()" : ")";
      a.set("decode", decode);
      a.set("end", i + 1 < f.params.size() ? "," : ");");
      arguments.push_back(a);
    }
    v.set("arguments", arguments);
    v.set("has_arguments", flag(!f.params.empty()));
    registration(v, t);
    return v;
  }

  /// What a tool's entry in the registration table needs.
  static void registration(View& v, const ir::Tool& t) {
    // The tool table holds string views (constant data, no constructors): these may hold NUL.
    v.set("name_view_lit", cpp_string_view_literal(t.name));
    v.set("title_view_lit", cpp_string_view_literal(t.title));
    v.set("description_view_lit", cpp_string_view_literal(t.description));
    v.set("input_schema_view_lit", cpp_string_view_literal(t.input_schema.json.dump()));
    if (t.output_schema) v.set("output_schema_view_lit", cpp_string_view_literal(t.output_schema->json.dump()));

    View hints = list();
    if (t.annotations) {
      auto hint = [&](const char* member, const std::optional<bool>& value) {
        if (!value) return;
        View h = object();
        h.set("member", member);
        h.set("value", *value ? "true" : "false");
        hints.push_back(h);
      };
      hint("read_only", t.annotations->read_only);
      hint("destructive", t.annotations->destructive);
      hint("idempotent", t.annotations->idempotent);
      hint("open_world", t.annotations->open_world);
    }
    v.set("has_annotations", flag(t.annotations.has_value()));
    v.set("annotations", hints);
    set_content_types(v, t);
  }

  /// A C++ spelling from the IR, checked (cpp_type_spelling); a refused one is an error.
  std::string spelling(const std::string& text, SourceLoc loc, const char* what) {
    if (std::optional<std::string> ok = cpp_type_spelling(text)) return *ok;
    diags_.report(Check::Generate, loc, std::string(what) + " '" + cpp_comment(text) + "' is not a C++ name or type");
    return "void";
  }

  /// The headers native tools need and the specializations that describe their structs and
  /// enums to mcpc/runtime/bind.h.
  void native(View& v, bool has_native_tools) {
    v.set("has_native", flag(has_native_tools || !m_.native_types.empty()));
    View headers = list();
    for (const std::string& h : m_.native_headers) {
      View hv = object();
      std::optional<std::string> operand = cpp_include_operand(h);
      if (!operand) {
        diags_.report(
            Check::Generate, SourceLoc::none(),
            "header '" + cpp_comment(h) + "' cannot be #included: use a path of printable ASCII without '\"' or '\\'");
      }
      hv.set("operand", operand.value_or("\"\""));
      headers.push_back(hv);
    }
    v.set("native_headers", headers);
    View types = list();
    for (const ir::NativeType& t : m_.native_types) {
      View tv = object();
      std::string name = spelling(t.cpp_name, t.loc, "type name");
      bool is_enum = t.kind == ir::NativeType::Kind::Enum;
      tv.set("cpp_name", name);
      tv.set("is_enum", flag(is_enum));
      tv.set("is_struct", flag(!is_enum));
      tv.set("name_view_lit", cpp_string_view_literal(t.cpp_name));
      if (is_enum && t.members.empty()) {
        diags_.report(Check::Generate, t.loc, "enum '" + cpp_comment(t.cpp_name) + "' has no enumerators");
      }
      View members = list();
      for (std::size_t i = 0; i < t.members.size(); ++i) {
        const ir::NativeType::Member& m = t.members[i];
        std::optional<std::string> id = cpp_declared_identifier(m.name);
        if (!id) {
          diags_.report(
              Check::Generate, t.loc,
              "member '" + cpp_comment(m.name) + "' of '" + cpp_comment(t.cpp_name) + "' is not an identifier");
        }
        View mv = object();
        mv.set("member", id.value_or("invalid"));
        mv.set("key_view_lit", cpp_string_view_literal(m.name));
        mv.set("required", m.required ? "true" : "false");
        mv.set("comma", i + 1 < t.members.size() ? "," : "");
        members.push_back(mv);
      }
      tv.set("members", members);
      types.push_back(tv);
    }
    v.set("native_types", types);
  }

  /// `tool.content_types = {...};` and the doc line naming the ToolResult helpers to use.
  static void set_content_types(View& v, const ir::Tool& t) {
    std::string types, helpers, text;
    for (const ir::Ref& type : t.content_types) {
      types += (types.empty() ? "" : ", ") + lit(type.name);
      text += (text.empty() ? "" : " ") + type.name;
      std::string helper = type.name == "resource" ? "embedded_resource, ToolResult::embedded_blob" : type.name;
      helpers += (helpers.empty() ? "" : ", ") + ("ToolResult::" + helper);
    }
    v.set("has_content_types", flag(!t.content_types.empty()));
    v.set("content_types_lit", "{ " + types + " }");
    v.set("content_types_view_lit", cpp_string_view_literal(text));
    v.set("content_helpers_comment", comment(helpers));
  }

  View resource_template(const ir::ResourceTemplate& t) {
    View v = resource_template_view(t, kCpp);
    std::string pascal = pascal_case(t.name).empty() ? "Template" : pascal_case(t.name);
    v.set("not_implemented_lit", lit("resource template '" + t.name + "' is not implemented yet"));
    v.set("method", methods_.claim("read_" + snake_case(t.name), "read"));
    StructDecl vars;
    vars.name = types_.claim_type_name(pascal + "Variables");
    vars.comment = "Variables of resource template " + t.name + " (" + t.uri_template + ")";
    // Each variable is read as its declared type and checked by the runtime before the handler
    // runs (a description checks nothing: the schema the server carries leaves it out). One a
    // matching URI may leave out is a std::optional, except a plain string, which is "" then.
    OrderedJson var_schema = {{"type", "object"}, {"properties", OrderedJson::object()}};
    CppScope members;
    for (const ir::TemplateVariable& var : t.variables) {
      OrderedJson checks = variable_checks(var);
      checks.erase("description");
      if (!checks.empty()) var_schema["properties"][var.name] = checks;
      FieldDecl f;
      f.key = var.name;
      f.member = members.claim(snake_case(var.name), "variable");
      f.comment = description_of(var.schema.json);
      OrderedJson typed = checks;
      if (!typed.contains("type")) typed["type"] = "string";
      typed.erase("format");
      f.value_type = types_.type_for(typed, vars.name + pascal_case(var.name), f.comment);
      if (!variable_may_be_absent(t, var.name)) {
        f.required = true;
      } else if (f.value_type != "std::string") {
        f.optional = true;
      }
      f.type = f.optional ? "std::optional<" + f.value_type + ">" : f.value_type;
      f.initializer = f.optional ? "" : "{}";
      vars.fields.push_back(std::move(f));
    }
    v.set("variables_schema_lit", lit(var_schema.dump()));
    v.set("variables_type", vars.name);
    v.set("return_type", std::string("ResourceContents"));
    handler("resource template", t.name, v, "const std::string& uri, const " + vars.name + "& variables, Context& ctx",
            vars.name, "");
    types_.add_struct(std::move(vars));
    View completers = list();
    for (const ir::TemplateVariable& var : t.variables) {
      if (variable_checks(var).contains("enum")) continue;  // the runtime completes from the enum
      completers.push_back(completer("complete_" + snake_case(t.name) + "_" + snake_case(var.name), var.name));
    }
    v.set("has_completers", flag(!completers.is_empty_list()));
    v.set("completers", completers);
    return v;
  }

  /// A Handlers method that suggests values for one argument (or variable) in completion/complete.
  View completer(const std::string& method, const std::string& argument) {
    View c = object();
    c.set("method", methods_.claim(method, "complete"));
    c.set("key_lit", lit(argument));
    c.set("key_comment", comment(argument));
    return c;
  }

  View prompt(const ir::Prompt& p) {
    View v = prompt_view(p, kCpp);
    std::string pascal = pascal_case(p.name).empty() ? "Prompt" : pascal_case(p.name);
    v.set("method", methods_.claim(snake_case(p.name) + "_prompt", "prompt"));
    StructDecl args;
    args.name = types_.claim_type_name(pascal + "Arguments");
    args.comment = "Arguments of prompt " + p.name;
    CppScope members;
    View arg_views = list();
    View completers = list();
    for (const ir::PromptArgument& a : p.arguments) {
      // The runtime fills in a default before the handler runs: such an argument always has a value.
      bool has_value = a.required || a.default_value;
      FieldDecl f;
      f.key = a.name;
      f.member = members.claim(snake_case(a.name), "argument");
      f.value_type = "std::string";
      f.required = a.required;
      f.optional = !has_value;
      f.type = has_value ? "std::string" : "std::optional<std::string>";
      f.initializer = a.default_value ? " = " + lit(*a.default_value) : has_value ? "{}" : "";
      f.comment = a.description;
      View av = object();
      av.set("member", f.member);
      av.set("key_lit", lit(a.name));
      av.set("description_lit", lit(a.description));
      av.set("has_value", flag(has_value));
      av.set("required_lit", a.required ? "true" : "false");
      set_argument_values(av, a);
      arg_views.push_back(av);
      args.fields.push_back(std::move(f));
      if (a.enum_values.empty()) {
        completers.push_back(completer("complete_" + snake_case(p.name) + "_" + snake_case(a.name), a.name));
      }
    }
    v.set("arguments_type", args.name);
    v.set("arguments", arg_views);
    v.set("has_completers", flag(!completers.is_empty_list()));
    v.set("completers", completers);
    v.set("return_type", std::string("PromptResult"));
    handler("prompt", p.name, v, "const " + args.name + "& arguments, Context& ctx", args.name, "");
    types_.add_struct(std::move(args));
    return v;
  }

  /// The allowed values and the default of a prompt argument, for the trailing fields of its
  /// runtime::PromptArgument initializer (has_values_or_default).
  static void set_argument_values(View& av, const ir::PromptArgument& a) {
    std::string values;
    for (const std::string& value : a.enum_values) values += (values.empty() ? "" : ", ") + lit(value);
    av.set("has_values_or_default", flag(!a.enum_values.empty() || a.default_value));
    av.set("values_lit", values.empty() ? "{}" : "{ " + values + " }");
    av.set("default_value",
           a.default_value ? "std::string(" + lit(*a.default_value) + ")" : std::string("std::nullopt"));
  }

  View resource(const ir::Resource& r) {
    View v = resource_view(m_, r, kCpp, inputs_, diags_);
    if (r.kind == ir::ResourceContentKind::Handler) {
      v.set("uri_comment", comment(r.uri));
      v.set("method", methods_.claim("read_" + snake_case(r.name), "read"));
      v.set("not_implemented_lit", lit("resource '" + r.uri + "' is not implemented yet"));
      v.set("return_type", std::string("ResourceContents"));
      handler("resource", r.name, v, "const std::string& uri, Context& ctx", "", "");
    }
    return v;
  }

  View types() {
    View out = list();
    for (const TypeCollector::Decl& d : types_.order()) {
      View t = object();
      InterfaceType& shape = interface_.types.emplace_back();
      if (d.is_enum) {
        const EnumDecl& e = types_.enums()[d.index];
        shape.name = e.name;
        for (const EnumValue& value : e.values) shape.members.emplace_back(value.identifier, "");
        t.set("is_enum", flag(true));
        t.set("name", e.name);
        t.set("comment", comment(e.comment));
        t.set("has_comment", flag(!comment(e.comment).empty()));
        t.set("name_lit", lit(e.name));
        t.set("invalid_value_lit", lit("' is not a valid " + e.name));  // for templates of earlier versions
        View values = list();
        for (const EnumValue& value : e.values) {
          View ev = object();
          ev.set("identifier", value.identifier);
          ev.set("json_lit", lit(value.json));
          ev.set("json_view_lit", cpp_string_view_literal(value.json));
          values.push_back(ev);
        }
        t.set("values", values);
      } else {
        const StructDecl& s = types_.structs()[d.index];
        shape.name = s.name;
        for (const FieldDecl& f : s.fields) shape.members.emplace_back(f.member, f.type);
        t.set("is_struct", flag(true));
        t.set("name", s.name);
        t.set("comment", comment(s.comment));
        t.set("has_comment", flag(!comment(s.comment).empty()));
        View fields = list();
        for (const FieldDecl& f : s.fields) {
          View fv = object();
          fv.set("member", f.member);
          fv.set("type", f.type);
          fv.set("value_type", f.value_type);
          fv.set("initializer", f.initializer);
          fv.set("comment", comment(f.comment));
          fv.set("has_comment", flag(!comment(f.comment).empty()));
          fv.set("key_lit", lit(f.key));
          fv.set("required", flag(f.required));
          fv.set("optional", flag(f.optional));
          fv.set("lenient", flag(!f.required));
          fields.push_back(fv);
        }
        t.set("fields", fields);
        t.set("has_fields", flag(!s.fields.empty()));
        t.set("decoded", flag(!s.result));
      }
      out.push_back(t);
    }
    return out;
  }

  void env(View& v) {
    View vars = list();
    for (const ir::EnvVar* e : env_by_name(m_)) {
      View ev = env_var_view(*e, kCpp);
      ev.set("default_value",
             e->default_value ? "std::string(" + lit(*e->default_value) + ")" : std::string("std::nullopt"));
      vars.push_back(ev);
    }
    v.set("env", vars);
  }

  const ir::Module& m_;
  const GenerateOptions& o_;
  DiagnosticEngine& diags_;
  std::string basename_;
  TypeCollector types_{&m_};
  CppScope methods_{{"make_handlers", "Handlers"}};
  std::vector<std::string> inputs_;
  HandlerInterface interface_{"cpp", {}, {}};
  std::vector<Stub> stubs_;
};

}  // namespace

std::optional<Output> CppBackend::generate(const sema::CheckedModule& module, const GenerateOptions& options,
                                           DiagnosticEngine& diags) const {
  std::size_t errors = diags.error_count();
  ViewBuilder builder(module.module(), options, diags);
  View view = builder.build();
  TemplateSet templates("cpp", options.template_dir, diags);
  // The types' JSON code and the tool calls: in NAME_types.cc, compiled beside NAME.cc, for a
  // server of many tools; in NAME.cc for a few, where a file more would cost more (each parses
  // the JSON library and the runtime's headers) than compiling them in parallel saves.
  // NAME_types.cc is written either way: add_mcp_server() lists it.
  if (std::optional<std::string> code = templates.render("types_code.cc", view)) {
    if (!code->empty() && code->back() == '\n') code->pop_back();
    // Its empty lines marked as a template's own (templates.cc): rendered text keeps them.
    std::string marked;
    for (std::size_t at = 0; at <= code->size();) {
      std::size_t end = std::min(code->find('\n', at), code->size());
      marked += end == at ? std::string("\x01") : code->substr(at, end - at);
      if (end < code->size()) marked += '\n';
      at = end + 1;
    }
    view.set("types_code", marked);
  }
  view.set("types_in_registration", flag(module.module().tools.size() <= kToolsInOneFile));
  Output out;
  for (const auto& [suffix, name] : {std::pair{".h", "header.h"},
                                     {".cc", "server.cc"},
                                     {"_types.cc", "types.cc"},
                                     {"_main.cc", "main.cc"},
                                     {"_unimplemented.cc", "unimplemented.cc"}}) {
    std::optional<std::string> text = templates.render(name, view);
    if (text) out.files.push_back({builder.basename() + suffix, std::move(*text)});
  }
  if (diags.error_count() > errors) return std::nullopt;
  out.handler_interface = builder.handler_interface();
  out.interface_path = builder.basename() + ".mcpc-interface";
  out.files.emplace_back(out.interface_path, format_interface(out.handler_interface));
  out.inputs = builder.inputs();
  for (const std::string& f : templates.files_read()) out.inputs.push_back(f);
  return out;
}

namespace {

/// `source` with stubs for the handlers it does not declare inserted before its marked line.
std::optional<GeneratedFile> add_stubs(GeneratedFile file, const ViewBuilder& builder, View view,
                                       TemplateSet& templates, DiagnosticEngine& diags) {
  const std::string source = std::move(file.content);
  std::string code = code_only(source);
  View tools = list();
  View resources = list();
  View resource_templates = list();
  for (const ViewBuilder::Stub& stub : builder.stubs()) {
    if (declares_override(code, stub.method)) continue;
    (stub.kind == "tool" ? tools : stub.kind == "resource" ? resources : resource_templates).push_back(stub.view);
    file.added.push_back(stub.kind + " " + stub.name);
  }
  file.content = source;
  if (file.added.empty()) return file;
  std::size_t at = marked_line(source, code, kStubMarker);
  if (at == std::string::npos) {
    diags.report(Check::Generate, SourceLoc::none(),
                 "cannot add handler stubs: the handler source has no line '// " + std::string(kStubMarker) +
                     "'; put that line inside your Handlers class, where new functions should go, and run again");
    return std::nullopt;
  }
  view.set("stubs_only", flag(true));
  view.set("tools", tools);
  view.set("resources", resources);
  view.set("resource_templates", resource_templates);
  std::optional<std::string> stubs = templates.render("handlers.cc", view);
  if (!stubs) return std::nullopt;
  // The stubs take the line ending of the marked line.
  std::size_t eol = source.find('\n', at);
  if (eol != std::string::npos && eol > 0 && source[eol - 1] == '\r') {
    std::string crlf;
    for (char c : *stubs) crlf += c == '\n' ? "\r\n" : std::string(1, c);
    *stubs = std::move(crlf);
  }
  file.content = source.substr(0, at) + *stubs + source.substr(at);
  return file;
}

}  // namespace

std::optional<GeneratedFile> CppBackend::handler_skeleton(const sema::CheckedModule& module,
                                                          const GenerateOptions& options,
                                                          DiagnosticEngine& diags) const {
  std::size_t errors = diags.error_count();
  ViewBuilder builder(module.module(), options, diags);
  View view = builder.build();
  TemplateSet templates("cpp", options.template_dir, diags);
  if (diags.error_count() > errors) return std::nullopt;
  std::string path = builder.basename() + "_handlers.cc";
  if (options.existing_handlers) {
    return add_stubs(GeneratedFile(path, *options.existing_handlers), builder, view, templates, diags);
  }
  std::optional<std::string> text = templates.render("handlers.cc", view);
  if (!text) return std::nullopt;
  return GeneratedFile(path, std::move(*text));
}

}  // namespace mcpc::codegen::cpp
