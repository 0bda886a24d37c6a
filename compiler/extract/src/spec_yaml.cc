// The extracted module as a spec file (docs/spec.md): parameters in the shorthand, results as
// `returns:`, no native bindings. For users who take the schemas and write handlers by hand.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "mcpc/extract/extract.h"

namespace mcpc::extract {
namespace {

/// Plain YAML scalars only where nothing could misread them; everything else is written as a
/// JSON string, which is a valid YAML double-quoted scalar.
std::string scalar(const OrderedJson& v) {
  if (!v.is_string()) return v.dump();
  const std::string& s = v.get_ref<const std::string&>();
  bool plain = !s.empty() && s.size() < 200 && (std::isalpha(static_cast<unsigned char>(s[0])) != 0);
  for (char ch : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == ' ' || ch == '_' || ch == '-' || ch == '.' ||
              ch == ',' || ch == '(' || ch == ')' || ch == '/' || ch == '\'';
    if (!ok) plain = false;
  }
  if (plain && (s.back() == ' ' || s.back() == '.')) plain = s.back() == '.';
  static const char* const reserved_words[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"};
  std::string lower;
  for (char ch : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (const char* r : reserved_words) {
    if (lower == r) plain = false;
  }
  return plain ? s : v.dump();
}

bool is_scalar_list(const OrderedJson& v) {
  if (!v.is_array()) return false;
  for (const OrderedJson& item : v) {
    if (item.is_structured()) return false;
  }
  return true;
}

void write_value(std::string& out, const OrderedJson& v, int indent);

/// A mapping's entries, one per line at `indent`.
void write_entries(std::string& out, const OrderedJson& map, int indent) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& [key, value] : map.items()) {
    out += pad + scalar(OrderedJson(key)) + ":";
    write_value(out, value, indent);
  }
}

/// After "key:": a scalar or flow list on the same line, or a block below it.
void write_value(std::string& out, const OrderedJson& v, int indent) {
  if (v.is_object()) {
    if (v.empty()) {
      out += " {}\n";
      return;
    }
    out += "\n";
    write_entries(out, v, indent + 2);
  } else if (v.is_array()) {
    if (is_scalar_list(v)) {
      out += " [";
      bool first = true;
      for (const OrderedJson& item : v) {
        if (!first) out += ", ";
        first = false;
        out += scalar(item);
      }
      out += "]\n";
      return;
    }
    out += "\n";
    std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    for (const OrderedJson& item : v) {
      if (item.is_object() && !item.empty()) {
        std::string block;
        write_entries(block, item, indent + 4);
        // "- " takes the place of the first entry's indentation.
        out += pad + "- " + block.substr(static_cast<std::size_t>(indent + 4));
      } else {
        out += pad + "-";
        write_value(out, item, indent + 2);
      }
    }
  } else {
    out += " " + scalar(v) + "\n";
  }
}

/// JSON Schema's `required: [names]` becomes the shorthand's `required: true` on each property,
/// so that a property may say both what it holds and that it is required.
OrderedJson to_shorthand(const OrderedJson& schema) {
  if (!schema.is_object()) return schema;
  OrderedJson out = OrderedJson::object();
  std::vector<std::string> required;
  if (schema.contains("required") && schema["required"].is_array()) {
    required = schema["required"].get<std::vector<std::string>>();
  }
  for (const auto& [key, value] : schema.items()) {
    if (key == "required" && value.is_array()) continue;
    if (key == "properties" && value.is_object()) {
      OrderedJson props = OrderedJson::object();
      for (const auto& [name, prop] : value.items()) {
        OrderedJson p = to_shorthand(prop);
        if (std::find(required.begin(), required.end(), name) != required.end()) p["required"] = true;
        props[name] = std::move(p);
      }
      out[key] = std::move(props);
    } else if (key == "items" || key == "additionalProperties") {
      out[key] = to_shorthand(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

}  // namespace

std::string to_spec_yaml(const ir::Module& module) {
  std::string out;
  out += "# Written by mcpc-extract from";
  // The headers are the module's first files, as the user named them.
  // A file name may hold a line break: in a comment it would start a line of YAML.
  for (std::size_t i = 0; i < module.native_headers.size() && i < module.files.size(); ++i) {
    out += ' ';
    for (char c : module.files[i]) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  }
  out += ". Tools carry the schemas of the C++ functions;\n";
  out += "# each needs a handler (mcpc compile --emit-handler-skeleton).\n";
  OrderedJson root = OrderedJson::object();
  root["name"] = module.server.name;
  root["version"] = module.server.version;
  if (!module.server.description.empty()) root["description"] = module.server.description;
  write_entries(out, root, 0);
  if (module.tools.empty()) {
    out += "tools: []\n";
    return out;
  }
  out += "tools:\n";
  for (const ir::Tool& t : module.tools) {
    OrderedJson tool = OrderedJson::object();
    tool["name"] = t.name;
    if (!t.description.empty()) tool["description"] = t.description;
    const OrderedJson& in = t.input_schema.json;
    if (in.contains("properties") && !in["properties"].empty()) {
      tool["parameters"] = to_shorthand(in)["properties"];
    }
    if (t.output_schema) {
      const OrderedJson& o = t.output_schema->json;
      tool["returns"] = to_shorthand(t.output_wrapped ? o["properties"]["result"] : o);
    }
    std::string block;
    write_entries(block, tool, 4);
    out += "  - " + block.substr(4);
  }
  return out;
}

}  // namespace mcpc::extract
