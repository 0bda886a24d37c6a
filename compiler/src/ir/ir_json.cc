// The IR's JSON form. Keys are written in a fixed order and empty optional fields are left
// out, so the dump is stable enough to be a golden file.
#include "mcpc/ir/ir_json.h"

#include <algorithm>

namespace mcpc::ir {
namespace {

class Writer {
 public:
  explicit Writer(const Module& m) : m_(m) {}

  std::string loc(const SourceLoc& l) const {
    if (!l.valid()) return "";
    std::string file = l.file < m_.files.size() ? m_.files[l.file] : "?";
    return file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  }

  static void put(OrderedJson& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  }

  void put_loc(OrderedJson& j, const char* key, const SourceLoc& l) const {
    if (l.valid()) j[key] = loc(l);
  }

  OrderedJson ref(const Ref& r) const {
    OrderedJson j = OrderedJson::object();
    j["name"] = r.name;
    put_loc(j, "loc", r.loc);
    return j;
  }

  OrderedJson schema(const Schema& s) const {
    OrderedJson j = OrderedJson::object();
    j["schema"] = s.json;
    // The keys come from a map, so they are distinct: append them. (OrderedJson's operator[]
    // searches its keys linearly, which made a schema of many inlined nodes quadratic to dump.)
    OrderedJson locs = OrderedJson::object();
    auto& loc_members = locs.get_ref<OrderedJson::object_t&>();
    loc_members.reserve(s.locs.size());
    for (const auto& [pointer, l] : s.locs) loc_members.emplace_back(pointer.empty() ? "#" : "#" + pointer, loc(l));
    j["locs"] = std::move(locs);
    if (!s.named.empty()) {
      OrderedJson named = OrderedJson::object();
      auto& named_members = named.get_ref<OrderedJson::object_t&>();
      named_members.reserve(s.named.size());
      for (const auto& [pointer, name] : s.named) named_members.emplace_back("#" + pointer, name);
      j["named"] = std::move(named);
    }
    return j;
  }

  OrderedJson module() const {
    OrderedJson j = OrderedJson::object();
    j["irVersion"] = kIrVersion;
    j["files"] = m_.files;

    OrderedJson server = OrderedJson::object();
    server["name"] = m_.server.name;
    server["version"] = m_.server.version;
    put(server, "title", m_.server.title);
    put(server, "description", m_.server.description);
    put(server, "website", m_.server.website);
    put(server, "author", m_.server.author);
    put_loc(server, "loc", m_.server.loc);
    j["server"] = std::move(server);

    OrderedJson transports = OrderedJson::array();
    for (const Transport& t : m_.transports) {
      OrderedJson tj = OrderedJson::object();
      tj["type"] = to_string(t.kind);
      if (t.kind == TransportKind::Http) {
        tj["host"] = t.host;
        tj["port"] = t.port;
        tj["path"] = t.path;
      }
      put_loc(tj, "loc", t.loc);
      transports.push_back(std::move(tj));
    }
    j["transports"] = std::move(transports);

    if (m_.auth) {
      OrderedJson a = OrderedJson::object();
      a["type"] = to_string(m_.auth->type);
      put(a, "header", m_.auth->header);
      if (m_.auth->env) a["env"] = ref(*m_.auth->env);
      put_loc(a, "loc", m_.auth->loc);
      j["auth"] = std::move(a);
    }

    std::vector<const EnvVar*> env;
    for (const EnvVar& e : m_.env) env.push_back(&e);
    std::stable_sort(env.begin(), env.end(), [](auto* a, auto* b) { return a->name < b->name; });
    OrderedJson env_j = OrderedJson::array();
    for (const EnvVar* e : env) {
      OrderedJson ej = OrderedJson::object();
      ej["name"] = e->name;
      put(ej, "description", e->description);
      ej["required"] = e->required;
      ej["secret"] = e->secret;
      if (e->default_value) ej["default"] = *e->default_value;
      if (e->implicit) ej["implicit"] = true;
      put_loc(ej, "loc", e->loc);
      env_j.push_back(std::move(ej));
    }
    j["env"] = std::move(env_j);

    std::vector<const Connection*> conns;
    for (const Connection& c : m_.connections) conns.push_back(&c);
    std::stable_sort(conns.begin(), conns.end(), [](auto* a, auto* b) { return a->name < b->name; });
    OrderedJson conn_j = OrderedJson::array();
    for (const Connection* c : conns) {
      OrderedJson cj = OrderedJson::object();
      cj["name"] = c->name;
      cj["type"] = c->type;
      put(cj, "description", c->description);
      if (c->env) cj["envVar"] = ref(*c->env);
      put_loc(cj, "loc", c->loc);
      conn_j.push_back(std::move(cj));
    }
    j["connections"] = std::move(conn_j);

    if (!m_.types.empty()) {  // left out when empty, as version 1 files had no types
      OrderedJson types = OrderedJson::array();
      for (const NamedType& t : m_.types) {
        OrderedJson tj = OrderedJson::object();
        tj["name"] = t.name;
        tj.update(schema(t.schema));
        put_loc(tj, "loc", t.loc);
        types.push_back(std::move(tj));
      }
      j["types"] = std::move(types);
    }

    OrderedJson tools = OrderedJson::array();
    for (const Tool& t : m_.tools) {
      OrderedJson tj = OrderedJson::object();
      tj["name"] = t.name;
      put(tj, "title", t.title);
      put(tj, "description", t.description);
      tj["inputSchema"] = schema(t.input_schema);
      if (t.output_schema) {
        tj["outputSchema"] = schema(*t.output_schema);
        if (t.output_wrapped) tj["outputWrapped"] = true;
      }
      if (t.annotations) {
        OrderedJson a = OrderedJson::object();
        if (t.annotations->read_only) a["readOnlyHint"] = *t.annotations->read_only;
        if (t.annotations->destructive) a["destructiveHint"] = *t.annotations->destructive;
        if (t.annotations->idempotent) a["idempotentHint"] = *t.annotations->idempotent;
        if (t.annotations->open_world) a["openWorldHint"] = *t.annotations->open_world;
        put_loc(a, "loc", t.annotations->loc);
        tj["annotations"] = std::move(a);
      }
      if (t.connection) tj["connection"] = ref(*t.connection);
      if (!t.env.empty()) {
        OrderedJson refs = OrderedJson::array();
        for (const Ref& r : t.env) refs.push_back(ref(r));
        tj["env"] = std::move(refs);
      }
      if (!t.content_types.empty()) {
        OrderedJson refs = OrderedJson::array();
        for (const Ref& r : t.content_types) refs.push_back(ref(r));
        tj["content"] = std::move(refs);
      }
      if (t.runs_inline) tj["inline"] = true;
      if (t.native) {
        OrderedJson nj = OrderedJson::object();
        nj["function"] = t.native->function;
        OrderedJson params = OrderedJson::array();
        for (const NativeParam& p : t.native->params) {
          OrderedJson pj = OrderedJson::object();
          pj["name"] = p.name;
          pj["valueType"] = p.value_type;
          if (p.pass != NativePass::Value) pj["pass"] = to_string(p.pass);
          if (p.has_default) pj["hasDefault"] = true;
          params.push_back(std::move(pj));
        }
        nj["params"] = std::move(params);
        put(nj, "resultType", t.native->result_type);
        put_loc(nj, "loc", t.native->loc);
        tj["native"] = std::move(nj);
      }
      put_loc(tj, "loc", t.loc);
      tools.push_back(std::move(tj));
    }
    j["tools"] = std::move(tools);

    OrderedJson resources = OrderedJson::array();
    for (const Resource& r : m_.resources) {
      OrderedJson rj = OrderedJson::object();
      rj["uri"] = r.uri;
      rj["name"] = r.name;
      put(rj, "title", r.title);
      put(rj, "description", r.description);
      put(rj, "mimeType", r.mime_type);
      rj["content"] = OrderedJson{{"kind", to_string(r.kind)}};
      if (r.kind != ResourceContentKind::Handler) rj["content"]["value"] = r.content;
      put_loc(rj, "loc", r.loc);
      resources.push_back(std::move(rj));
    }
    j["resources"] = std::move(resources);

    OrderedJson templates = OrderedJson::array();
    for (const ResourceTemplate& t : m_.resource_templates) {
      OrderedJson tj = OrderedJson::object();
      tj["uriTemplate"] = t.uri_template;
      tj["name"] = t.name;
      put(tj, "title", t.title);
      put(tj, "description", t.description);
      put(tj, "mimeType", t.mime_type);
      OrderedJson vars = OrderedJson::array();
      for (const TemplateVariable& v : t.variables) {
        OrderedJson vj = schema(v.schema);
        vj["name"] = v.name;
        put_loc(vj, "loc", v.loc);
        vars.push_back(std::move(vj));
      }
      tj["variables"] = std::move(vars);
      put_loc(tj, "loc", t.loc);
      templates.push_back(std::move(tj));
    }
    j["resourceTemplates"] = std::move(templates);

    OrderedJson prompts = OrderedJson::array();
    for (const Prompt& p : m_.prompts) {
      OrderedJson pj = OrderedJson::object();
      pj["name"] = p.name;
      put(pj, "title", p.title);
      put(pj, "description", p.description);
      OrderedJson args = OrderedJson::array();
      for (const PromptArgument& a : p.arguments) {
        OrderedJson aj = OrderedJson::object();
        aj["name"] = a.name;
        put(aj, "description", a.description);
        aj["required"] = a.required;
        if (a.default_value) aj["default"] = *a.default_value;
        if (!a.enum_values.empty()) aj["enum"] = a.enum_values;
        put_loc(aj, "loc", a.loc);
        args.push_back(std::move(aj));
      }
      pj["arguments"] = std::move(args);
      OrderedJson msgs = OrderedJson::array();
      for (const PromptMessage& m : p.messages) {
        OrderedJson mj = OrderedJson::object();
        mj["role"] = m.role;
        mj["text"] = m.text;
        put_loc(mj, "loc", m.loc);
        msgs.push_back(std::move(mj));
      }
      pj["messages"] = std::move(msgs);
      put_loc(pj, "loc", p.loc);
      prompts.push_back(std::move(pj));
    }
    j["prompts"] = std::move(prompts);

    OrderedJson triggers = OrderedJson::array();
    for (const Trigger& t : m_.triggers) {
      OrderedJson tj = OrderedJson::object();
      tj["type"] = to_string(t.kind);
      if (t.kind == TriggerKind::Cron) {
        tj["schedule"] = t.schedule;
      } else {
        tj["path"] = t.path;
        tj["method"] = t.method;
      }
      tj["tool"] = ref(t.tool);
      if (!t.arguments.empty()) tj["arguments"] = t.arguments;
      put_loc(tj, "loc", t.loc);
      triggers.push_back(std::move(tj));
    }
    j["triggers"] = std::move(triggers);

    if (!m_.native_headers.empty() || !m_.native_types.empty()) {  // left out when empty (before version 4)
      OrderedJson native = OrderedJson::object();
      native["headers"] = m_.native_headers;
      OrderedJson types = OrderedJson::array();
      for (const NativeType& t : m_.native_types) {
        OrderedJson tj = OrderedJson::object();
        tj["kind"] = to_string(t.kind);
        tj["cppName"] = t.cpp_name;
        OrderedJson members = OrderedJson::array();
        for (const NativeType::Member& mem : t.members) {
          OrderedJson mj = OrderedJson::object();
          mj["name"] = mem.name;
          if (t.kind == NativeType::Kind::Struct && !mem.required) mj["required"] = false;
          members.push_back(std::move(mj));
        }
        tj["members"] = std::move(members);
        put_loc(tj, "loc", t.loc);
        types.push_back(std::move(tj));
      }
      native["types"] = std::move(types);
      j["native"] = std::move(native);
    }
    return j;
  }

 private:
  const Module& m_;
};

}  // namespace

OrderedJson to_json(const Module& module) { return Writer(module).module(); }

std::string dump(const Module& module) { return to_json(module).dump(2) + "\n"; }

}  // namespace mcpc::ir
