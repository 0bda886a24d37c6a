// Reading the IR's JSON form back: the inverse of to_json, for `mcpc compile --from-ir`.
// The file may have been edited by hand, so every value is checked and the first problem is
// reported with its JSON path. Nothing here throws to the caller.
#include "mcpc/ir/ir_json.h"

#include <charconv>
#include <initializer_list>
#include <limits>
#include <unordered_map>
#include <utility>

namespace mcpc::ir {
namespace {

/// Far deeper than any IR mcpc writes (spec nesting is capped at 64), far shallower than what
/// would exhaust the stack when the schema values are copied or dumped recursively.
constexpr int kMaxDepth = 1000;

/// The first problem found. Thrown inside the reader only, so each getter can stay one line;
/// from_json turns it into the error string.
struct Malformed {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw Malformed{path.empty() ? message : path + ": " + message};
}

std::string member(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string element(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

/// A string as a JSON literal for messages; never throws, even on invalid UTF-8.
std::string quote(const std::string& s) {
  return OrderedJson(s).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string a_type(const OrderedJson& j) {
  switch (j.type()) {
    case OrderedJson::value_t::null:
      return "null";
    case OrderedJson::value_t::object:
      return "an object";
    case OrderedJson::value_t::array:
      return "an array";
    case OrderedJson::value_t::string:
      return "a string";
    case OrderedJson::value_t::boolean:
      return "a boolean";
    default:
      return "a number";
  }
}

const std::string& as_string(const OrderedJson& j, const std::string& path) {
  if (!j.is_string()) fail(path, "expected a string, got " + a_type(j));
  return j.get_ref<const std::string&>();
}

bool as_bool(const OrderedJson& j, const std::string& path) {
  if (!j.is_boolean()) fail(path, "expected a boolean, got " + a_type(j));
  return j.get<bool>();
}

/// Enum values are matched against the writer's own spellings (ir::to_string), so the two
/// cannot drift apart.
template <class E>
E as_enum(const OrderedJson& j, const std::string& path, std::string_view what, std::initializer_list<E> values) {
  const std::string& s = as_string(j, path);
  std::string expected;
  for (E e : values) {
    if (to_string(e) == s) return e;
    expected += (expected.empty() ? "" : ", ") + std::string(to_string(e));
  }
  fail(path, "unknown " + std::string(what) + " " + quote(s) + " (expected one of: " + expected + ")");
}

template <class F>
void each_element(const OrderedJson& array, const std::string& path, F&& f) {
  if (!array.is_array()) fail(path, "expected an array, got " + a_type(array));
  for (std::size_t i = 0; i < array.size(); ++i) f(array[i], element(path, i));
}

/// One JSON object being read: typed getters by key, and a final check that every key was
/// read (a misspelt key in a hand-edited file would otherwise vanish without a word).
class Object {
 public:
  Object(const OrderedJson& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j.is_object()) fail(path_, "expected an object, got " + a_type(j));
  }

  const std::string& path() const { return path_; }
  std::string path(std::string_view key) const { return member(path_, key); }

  const OrderedJson* get(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end()) return nullptr;
    read_.emplace_back(key);
    return &*it;
  }
  const OrderedJson& need(const char* key) {
    const OrderedJson* v = get(key);
    if (!v) fail(path(key), "required key is missing");
    return *v;
  }

  std::string string(const char* key) { return as_string(need(key), path(key)); }
  /// Keys the writer leaves out when empty.
  std::string opt_string(const char* key) {
    const OrderedJson* v = get(key);
    return v ? as_string(*v, path(key)) : std::string();
  }
  bool boolean(const char* key) { return as_bool(need(key), path(key)); }
  std::optional<bool> opt_boolean(const char* key) {
    const OrderedJson* v = get(key);
    if (!v) return std::nullopt;
    return as_bool(*v, path(key));
  }

  /// Calls f(item, path) for each element of the array at `key`.
  template <class F>
  void each(const char* key, F&& f) {
    each_element(need(key), path(key), std::forward<F>(f));
  }

  /// Keys a node does not take in its current form (e.g. `host` on a stdio transport) are
  /// refused too: the writer would drop them.
  void done() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      bool read = false;
      for (const std::string& k : read_) read = read || k == it.key();
      if (!read) fail(member(path_, it.key()), "unexpected key");
    }
  }

 private:
  const OrderedJson& j_;
  std::string path_;
  std::vector<std::string> read_;
};

std::optional<std::uint32_t> parse_uint32(std::string_view s) {
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

class Reader {
 public:
  Module module(const OrderedJson& root) {
    if (!root.is_object()) fail("", "the IR must be a JSON object, got " + a_type(root));
    Object o(root, "");
    // The version first: a newer file should say so, not trip over its new keys.
    const OrderedJson& version = o.need("irVersion");
    if (!version.is_number_integer()) {
      fail("irVersion", "expected an integer, got " + (version.is_number() ? version.dump() : a_type(version)));
    }
    // Older versions are subsets of this one: version 1 had no named types.
    if (version < kOldestIrVersion || version > kIrVersion) {
      fail("irVersion", "this file is IR version " + version.dump() + ", but this mcpc reads IR versions " +
                            std::to_string(kOldestIrVersion) + " to " + std::to_string(kIrVersion));
    }

    Module m;
    // Files before anything else: every location refers to them by name.
    o.each("files", [&](const OrderedJson& f, const std::string& path) {
      m.files.push_back(as_string(f, path));
      file_ids_.emplace(m.files.back(), static_cast<std::uint32_t>(m.files.size() - 1));
    });
    file_count_ = m.files.size();

    Object s(o.need("server"), "server");
    m.server.name = s.string("name");
    m.server.version = s.string("version");
    m.server.title = s.opt_string("title");
    m.server.description = s.opt_string("description");
    m.server.website = s.opt_string("website");
    m.server.author = s.opt_string("author");
    m.server.loc = loc(s);
    // The dump keeps one location per node; the finer ones fall back to it so that checks run
    // on a read-back module still point somewhere close.
    m.server.name_loc = m.server.version_loc = m.server.website_loc = m.server.loc;
    s.done();

    o.each("transports",
           [&](const OrderedJson& v, const std::string& p) { m.transports.push_back(transport(Object(v, p))); });
    if (const OrderedJson* a = o.get("auth")) m.auth = auth(Object(*a, o.path("auth")));
    o.each("env", [&](const OrderedJson& v, const std::string& p) { m.env.push_back(env(Object(v, p))); });
    o.each("connections",
           [&](const OrderedJson& v, const std::string& p) { m.connections.push_back(connection(Object(v, p))); });
    if (o.get("types")) {
      o.each("types", [&](const OrderedJson& v, const std::string& p) { m.types.push_back(named_type(Object(v, p))); });
    }
    o.each("tools", [&](const OrderedJson& v, const std::string& p) { m.tools.push_back(tool(Object(v, p))); });
    o.each("resources",
           [&](const OrderedJson& v, const std::string& p) { m.resources.push_back(resource(Object(v, p))); });
    o.each("resourceTemplates", [&](const OrderedJson& v, const std::string& p) {
      m.resource_templates.push_back(resource_template(Object(v, p)));
    });
    o.each("prompts", [&](const OrderedJson& v, const std::string& p) { m.prompts.push_back(prompt(Object(v, p))); });
    o.each("triggers",
           [&](const OrderedJson& v, const std::string& p) { m.triggers.push_back(trigger(Object(v, p))); });
    if (const OrderedJson* n = o.get("native")) {
      Object no(*n, o.path("native"));
      no.each("headers",
              [&](const OrderedJson& v, const std::string& p) { m.native_headers.push_back(as_string(v, p)); });
      no.each("types",
              [&](const OrderedJson& v, const std::string& p) { m.native_types.push_back(native_type(Object(v, p))); });
      no.done();
    }
    o.done();
    return m;
  }

 private:
  /// "file:line:col", as Writer::loc spells it.
  SourceLoc parse_loc(const OrderedJson& j, const std::string& path) const {
    const std::string& s = as_string(j, path);
    if (s.empty()) return {};  // how schema locs spell "no location"
    auto bad = [&](const std::string& why) { fail(path, "bad location " + quote(s) + " (" + why + ")"); };
    // File names may hold ':' themselves (drive letters, URLs): split at the last two.
    auto col_colon = s.rfind(':');
    auto line_colon =
        col_colon == std::string::npos || col_colon == 0 ? std::string::npos : s.rfind(':', col_colon - 1);
    if (line_colon == std::string::npos) bad("expected file:line:column");
    auto line = parse_uint32(std::string_view(s).substr(line_colon + 1, col_colon - line_colon - 1));
    auto column = parse_uint32(std::string_view(s).substr(col_colon + 1));
    if (!line || !column) bad("expected file:line:column with decimal numbers");
    if (*line == 0) bad("lines start at 1");
    std::string file = s.substr(0, line_colon);
    auto it = file_ids_.find(file);
    std::uint32_t id = 0;
    if (it != file_ids_.end()) {
      id = it->second;
    } else if (file == "?") {
      id = static_cast<std::uint32_t>(file_count_);  // the writer's "?" is a file index past files[]
    } else {
      bad("file " + quote(file) + " is not in files");
    }
    return SourceLoc{id, *line, *column};
  }

  SourceLoc loc(Object& o) const {
    const OrderedJson* l = o.get("loc");
    return l ? parse_loc(*l, o.path("loc")) : SourceLoc{};
  }

  Ref ref(Object o) const {
    Ref r;
    r.name = o.string("name");
    r.loc = loc(o);
    o.done();
    return r;
  }
  Ref ref(const OrderedJson& j, const std::string& path) const { return ref(Object(j, path)); }

  /// The "schema" and "locs" keys of a schema node; template variables add their own keys.
  void schema_fields(Object& o, Schema& s) const {
    const OrderedJson& json = o.need("schema");
    if (!json.is_object()) fail(o.path("schema"), "expected an object, got " + a_type(json));
    s.json = json;
    const OrderedJson& locs = o.need("locs");
    std::string locs_path = o.path("locs");
    if (!locs.is_object()) fail(locs_path, "expected an object, got " + a_type(locs));
    for (auto it = locs.begin(); it != locs.end(); ++it) {
      const std::string& key = it.key();
      std::string path = locs_path + "[" + quote(key) + "]";
      if (key != "#" && key.rfind("#/", 0) != 0) fail(path, "expected a key \"#\" or \"#/...\"");
      s.locs[key.substr(1)] = parse_loc(it.value(), path);
    }
    if (const OrderedJson* named = o.get("named")) {
      std::string named_path = o.path("named");
      if (!named->is_object()) fail(named_path, "expected an object, got " + a_type(*named));
      for (auto it = named->begin(); it != named->end(); ++it) {
        const std::string& key = it.key();
        std::string path = named_path + "[" + quote(key) + "]";
        if (key != "#" && key.rfind("#/", 0) != 0) fail(path, "expected a key \"#\" or \"#/...\"");
        s.named[key.substr(1)] = as_string(it.value(), path);
      }
    }
    // Schema::loc is not written: lowering always records it as the root pointer's location.
    if (auto root = s.locs.find(""); root != s.locs.end()) s.loc = root->second;
  }

  Schema schema(Object o) const {
    Schema s;
    schema_fields(o, s);
    o.done();
    return s;
  }

  NamedType named_type(Object o) const {
    NamedType t;
    t.name = o.string("name");
    schema_fields(o, t.schema);
    t.loc = loc(o);
    o.done();
    return t;
  }

  Transport transport(Object o) const {
    Transport t;
    t.kind = as_enum(o.need("type"), o.path("type"), "transport type", {TransportKind::Stdio, TransportKind::Http});
    if (t.kind == TransportKind::Http) {
      t.host = o.string("host");
      const OrderedJson& port = o.need("port");
      constexpr auto kMaxPort = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      if (!port.is_number_integer() || (port.is_number_unsigned() && port.get<std::uint64_t>() > kMaxPort)) {
        fail(o.path("port"), "expected an integer, got " + (port.is_number() ? port.dump() : a_type(port)));
      }
      t.port = port.get<std::int64_t>();
      t.path = o.string("path");
    }
    t.loc = loc(o);
    o.done();
    return t;
  }

  Auth auth(Object o) const {
    Auth a;
    a.type = as_enum(o.need("type"), o.path("type"), "auth type", {AuthType::None, AuthType::ApiKey, AuthType::Bearer});
    a.header = o.opt_string("header");
    if (const OrderedJson* e = o.get("env")) a.env = ref(*e, o.path("env"));
    a.loc = loc(o);
    o.done();
    return a;
  }

  EnvVar env(Object o) const {
    EnvVar e;
    e.name = o.string("name");
    e.description = o.opt_string("description");
    e.required = o.boolean("required");
    e.secret = o.boolean("secret");
    if (const OrderedJson* d = o.get("default")) e.default_value = as_string(*d, o.path("default"));
    e.implicit = o.opt_boolean("implicit").value_or(false);
    e.loc = loc(o);
    o.done();
    return e;
  }

  Connection connection(Object o) const {
    Connection c;
    c.name = o.string("name");
    c.type = o.string("type");
    c.description = o.opt_string("description");
    if (const OrderedJson* e = o.get("envVar")) c.env = ref(*e, o.path("envVar"));
    c.loc = loc(o);
    c.name_loc = c.loc;
    o.done();
    return c;
  }

  Tool tool(Object o) const {
    Tool t;
    t.name = o.string("name");
    t.title = o.opt_string("title");
    t.description = o.opt_string("description");
    t.input_schema = schema(Object(o.need("inputSchema"), o.path("inputSchema")));
    if (const OrderedJson* out = o.get("outputSchema")) {
      t.output_schema = schema(Object(*out, o.path("outputSchema")));
      // Only read beside an output schema: the writer drops it anywhere else.
      t.output_wrapped = o.opt_boolean("outputWrapped").value_or(false);
    }
    if (const OrderedJson* a = o.get("annotations")) {
      Object ao(*a, o.path("annotations"));
      ToolAnnotations ann;
      ann.read_only = ao.opt_boolean("readOnlyHint");
      ann.destructive = ao.opt_boolean("destructiveHint");
      ann.idempotent = ao.opt_boolean("idempotentHint");
      ann.open_world = ao.opt_boolean("openWorldHint");
      ann.loc = loc(ao);
      ao.done();
      t.annotations = ann;
    }
    if (const OrderedJson* c = o.get("connection")) t.connection = ref(*c, o.path("connection"));
    if (const OrderedJson* e = o.get("env")) {
      each_element(*e, o.path("env"),
                   [&](const OrderedJson& j, const std::string& path) { t.env.push_back(ref(j, path)); });
    }
    if (const OrderedJson* c = o.get("content")) {
      each_element(*c, o.path("content"),
                   [&](const OrderedJson& j, const std::string& path) { t.content_types.push_back(ref(j, path)); });
    }
    t.runs_inline = o.opt_boolean("inline").value_or(false);
    if (const OrderedJson* n = o.get("native")) t.native = native_function(Object(*n, o.path("native")));
    t.loc = loc(o);
    t.name_loc = t.inline_loc = t.loc;
    o.done();
    return t;
  }

  NativeFunction native_function(Object o) const {
    NativeFunction f;
    f.function = o.string("function");
    o.each("params", [&](const OrderedJson& v, const std::string& path) {
      Object po(v, path);
      NativeParam p;
      p.name = po.string("name");
      p.value_type = po.string("valueType");
      if (const OrderedJson* pass = po.get("pass")) {
        p.pass = as_enum(*pass, po.path("pass"), "parameter passing", {NativePass::Value, NativePass::CStr});
      }
      p.has_default = po.opt_boolean("hasDefault").value_or(false);
      po.done();
      f.params.push_back(std::move(p));
    });
    f.result_type = o.opt_string("resultType");
    f.loc = loc(o);
    o.done();
    return f;
  }

  NativeType native_type(Object o) const {
    NativeType t;
    t.kind =
        as_enum(o.need("kind"), o.path("kind"), "native type kind", {NativeType::Kind::Struct, NativeType::Kind::Enum});
    t.cpp_name = o.string("cppName");
    o.each("members", [&](const OrderedJson& v, const std::string& path) {
      Object mo(v, path);
      NativeType::Member mem;
      mem.name = mo.string("name");
      mem.required = mo.opt_boolean("required").value_or(true);
      mo.done();
      t.members.push_back(std::move(mem));
    });
    t.loc = loc(o);
    o.done();
    return t;
  }

  Resource resource(Object o) const {
    Resource r;
    r.uri = o.string("uri");
    r.name = o.string("name");
    r.title = o.opt_string("title");
    r.description = o.opt_string("description");
    r.mime_type = o.opt_string("mimeType");
    Object content(o.need("content"), o.path("content"));
    r.kind = as_enum(content.need("kind"), content.path("kind"), "resource content kind",
                     {ResourceContentKind::Text, ResourceContentKind::Blob, ResourceContentKind::File,
                      ResourceContentKind::Handler});
    if (r.kind != ResourceContentKind::Handler) r.content = content.string("value");
    content.done();
    r.loc = loc(o);
    r.uri_loc = r.name_loc = r.content_loc = r.loc;
    o.done();
    return r;
  }

  ResourceTemplate resource_template(Object o) const {
    ResourceTemplate t;
    t.uri_template = o.string("uriTemplate");
    t.name = o.string("name");
    t.title = o.opt_string("title");
    t.description = o.opt_string("description");
    t.mime_type = o.opt_string("mimeType");
    o.each("variables", [&](const OrderedJson& j, const std::string& path) {
      Object vo(j, path);
      TemplateVariable v;
      schema_fields(vo, v.schema);
      v.name = vo.string("name");
      v.loc = loc(vo);
      vo.done();
      t.variables.push_back(std::move(v));
    });
    t.loc = loc(o);
    t.uri_loc = t.name_loc = t.loc;
    o.done();
    return t;
  }

  Prompt prompt(Object o) const {
    Prompt p;
    p.name = o.string("name");
    p.title = o.opt_string("title");
    p.description = o.opt_string("description");
    o.each("arguments", [&](const OrderedJson& j, const std::string& path) {
      Object ao(j, path);
      PromptArgument a;
      a.name = ao.string("name");
      a.description = ao.opt_string("description");
      a.required = ao.boolean("required");
      if (const OrderedJson* d = ao.get("default")) a.default_value = as_string(*d, ao.path("default"));
      if (const OrderedJson* e = ao.get("enum")) {
        each_element(*e, ao.path("enum"),
                     [&](const OrderedJson& v, const std::string& at) { a.enum_values.push_back(as_string(v, at)); });
      }
      a.loc = loc(ao);
      a.default_loc = a.enum_loc = a.loc;
      ao.done();
      p.arguments.push_back(std::move(a));
    });
    o.each("messages", [&](const OrderedJson& j, const std::string& path) {
      Object mo(j, path);
      PromptMessage msg;
      msg.role = mo.string("role");
      msg.text = mo.string("text");
      msg.loc = loc(mo);
      msg.text_loc = msg.loc;
      mo.done();
      p.messages.push_back(std::move(msg));
    });
    p.loc = loc(o);
    p.name_loc = p.loc;
    o.done();
    return p;
  }

  Trigger trigger(Object o) const {
    Trigger t;
    t.kind = as_enum(o.need("type"), o.path("type"), "trigger type", {TriggerKind::Cron, TriggerKind::Webhook});
    if (t.kind == TriggerKind::Cron) {
      t.schedule = o.string("schedule");
    } else {
      t.path = o.string("path");
      t.method = o.string("method");
    }
    t.tool = ref(o.need("tool"), o.path("tool"));
    if (const OrderedJson* a = o.get("arguments")) {
      if (!a->is_object()) fail(o.path("arguments"), "expected an object, got " + a_type(*a));
      t.arguments = *a;
    }
    t.loc = loc(o);
    t.schedule_loc = t.path_loc = t.loc;
    o.done();
    return t;
  }

  std::unordered_map<std::string, std::uint32_t> file_ids_;  // first index of each name
  std::size_t file_count_ = 0;
};

}  // namespace

std::optional<Module> from_json(const OrderedJson& j, std::string* error) {
  try {
    return Reader().module(j);
  } catch (const Malformed& e) {
    if (error) *error = e.message;
  } catch (const OrderedJson::exception& e) {
    // Not expected (every access checks its type first); kept so a slip is a message, not a crash.
    if (error) *error = std::string("internal error reading the IR: ") + e.what();
  }
  return std::nullopt;
}

std::optional<Module> parse_ir(std::string_view text, std::string* error) {
  bool too_deep = false;
  // Values nested past the limit are discarded while parsing, so they are never built.
  auto limit = [&](int depth, OrderedJson::parse_event_t, OrderedJson&) {
    if (depth > kMaxDepth) too_deep = true;
    return depth <= kMaxDepth;
  };
  OrderedJson j;
  try {
    j = OrderedJson::parse(text.begin(), text.end(), limit);
  } catch (const OrderedJson::parse_error& e) {
    std::string what = e.what();
    auto prefix = what.find("] ");  // drop "[json.exception.parse_error.101] "
    if (error) *error = "invalid JSON: " + (prefix == std::string::npos ? what : what.substr(prefix + 2));
    return std::nullopt;
  }
  if (too_deep) {
    if (error) *error = "invalid JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels";
    return std::nullopt;
  }
  return from_json(j, error);
}

}  // namespace mcpc::ir
