// Out of line on purpose: generated code calls these instead of instantiating the JSON
// library's templates for each of its structs (see codec.h).
#include "mcpc/runtime/codec.h"

#include <limits>
#include <span>
#include <sstream>

#include "mcpc/runtime/server.h"

namespace mcpc::runtime::codec {
namespace {

const char* type_name(const Json& json) {
  switch (json.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a binary value";
  }
}

[[noreturn]] void mismatch(const Json& json, const char* expected) {
  throw McpError(kInvalidParams, std::string("expected ") + expected + ", got " + type_name(json));
}

}  // namespace

void encode(Json& json, const std::string& value) { json = value; }
void encode(Json& json, std::string_view value) { json = std::string(value); }
void encode(Json& json, std::int64_t value) { json = value; }
void encode(Json& json, double value) { json = value; }
void encode(Json& json, bool value) { json = value; }
void encode_json(Json& json, const Json& value) { json = value; }
void encode_null(Json& json) { json = nullptr; }
void begin_object(Json& json) { json = Json::object(); }

void begin_array(Json& json, std::size_t size) {
  json = Json::array();
  json.get_ref<Json::array_t&>().reserve(size);
}

Json& member(Json& json, std::string_view key) { return json[std::string(key)]; }

Json& append(Json& json) {
  auto& array = json.get_ref<Json::array_t&>();
  array.emplace_back();
  return array.back();
}

void decode(const Json& json, std::string& value) {
  if (!json.is_string()) mismatch(json, "a string");
  value = json.get_ref<const std::string&>();
}

void decode(const Json& json, std::int64_t& value) {
  if (json.is_number_integer()) {
    value = json.get<std::int64_t>();
    if (json.is_number_unsigned() &&
        json.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
      throw McpError(kInvalidParams, "integer out of range");
    }
    return;
  }
  // A float with an integral value (1.0) is an integer to JSON Schema.
  if (json.is_number_float()) {
    double d = json.get<double>();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d >= -9.2e18 && d <= 9.2e18) {
      value = static_cast<std::int64_t>(d);
      return;
    }
  }
  mismatch(json, "an integer");
}

void decode(const Json& json, double& value) {
  if (!json.is_number()) mismatch(json, "a number");
  value = json.get<double>();
}

void decode(const Json& json, bool& value) {
  if (!json.is_boolean()) mismatch(json, "a boolean");
  value = json.get<bool>();
}

void decode(const Json& json, Json& value) { value = json; }

const std::string& string_of(const Json& json) {
  if (!json.is_string()) mismatch(json, "a string");
  return json.get_ref<const std::string&>();
}

void invalid_value(const std::string& text, std::string_view type) {
  throw McpError(kInvalidParams, "'" + text + "' is not a valid " + std::string(type));
}

void expect_object(const Json& json) {
  if (!json.is_object()) mismatch(json, "an object");
}

std::size_t array_size(const Json& json) {
  if (!json.is_array()) mismatch(json, "an array");
  return json.size();
}

const Json& element(const Json& json, std::size_t index) { return json[index]; }

const Json* find(const Json& json, std::string_view key) {
  if (!json.is_object()) return nullptr;
  auto it = json.find(key);
  return it == json.end() ? nullptr : &*it;
}

bool is_null(const Json& json) { return json.is_null(); }

Json parse(std::string_view text) { return Json::parse(text); }

void missing(std::string_view key) { throw McpError(kInvalidParams, "member '" + std::string(key) + "' is missing"); }

void rethrow_in(std::string_view key) {
  try {
    throw;
  } catch (const McpError& e) {
    throw McpError(kInvalidParams, "member '" + std::string(key) + "': " + e.what());
  }
}

void put(Json& json, std::string_view key, const std::string& value) { put<std::string>(json, key, value); }
void put(Json& json, std::string_view key, std::int64_t value) { put<std::int64_t>(json, key, value); }
void put(Json& json, std::string_view key, double value) { put<double>(json, key, value); }
void put(Json& json, std::string_view key, bool value) { put<bool>(json, key, value); }
void put_optional(Json& json, std::string_view key, const std::optional<std::string>& value) {
  put_optional<std::string>(json, key, value);
}
void put_optional(Json& json, std::string_view key, const std::optional<std::int64_t>& value) {
  put_optional<std::int64_t>(json, key, value);
}
void put_optional(Json& json, std::string_view key, const std::optional<double>& value) {
  put_optional<double>(json, key, value);
}
void put_optional(Json& json, std::string_view key, const std::optional<bool>& value) {
  put_optional<bool>(json, key, value);
}
void get(const Json& json, std::string_view key, std::string& value) { get<std::string>(json, key, value); }
void get(const Json& json, std::string_view key, std::int64_t& value) { get<std::int64_t>(json, key, value); }
void get(const Json& json, std::string_view key, double& value) { get<double>(json, key, value); }
void get(const Json& json, std::string_view key, bool& value) { get<bool>(json, key, value); }
void get_optional(const Json& json, std::string_view key, std::string& value) {
  get_optional<std::string>(json, key, value);
}
void get_optional(const Json& json, std::string_view key, std::int64_t& value) {
  get_optional<std::int64_t>(json, key, value);
}
void get_optional(const Json& json, std::string_view key, double& value) { get_optional<double>(json, key, value); }
void get_optional(const Json& json, std::string_view key, bool& value) { get_optional<bool>(json, key, value); }
void get_optional(const Json& json, std::string_view key, std::optional<std::string>& value) {
  get_optional<std::optional<std::string>>(json, key, value);
}
void get_optional(const Json& json, std::string_view key, std::optional<std::int64_t>& value) {
  get_optional<std::optional<std::int64_t>>(json, key, value);
}
void get_optional(const Json& json, std::string_view key, std::optional<double>& value) {
  get_optional<std::optional<double>>(json, key, value);
}
void get_optional(const Json& json, std::string_view key, std::optional<bool>& value) {
  get_optional<std::optional<bool>>(json, key, value);
}

}  // namespace mcpc::runtime::codec

namespace mcpc::runtime {

void invalid_arguments(const McpError& e) {
  throw McpError(kInvalidParams, std::string("invalid arguments: ") + e.what());
}

void add_tools(Server& server, void* handlers, const ToolEntry* tools, std::size_t count) {
  for (const ToolEntry& entry : std::span(tools, count)) {
    Tool tool;
    tool.name = entry.name;
    tool.title = entry.title;
    tool.description = entry.description;
    tool.input_schema = OrderedJson::parse(entry.input_schema);
    if (!entry.output_schema.empty()) tool.output_schema = OrderedJson::parse(entry.output_schema);
    if (entry.has_annotations) {
      ToolAnnotations annotations;
      annotations.read_only = entry.read_only;
      annotations.destructive = entry.destructive;
      annotations.idempotent = entry.idempotent;
      annotations.open_world = entry.open_world;
      tool.annotations = annotations;
    }
    std::istringstream types{std::string(entry.content_types)};
    for (std::string type; types >> type;) tool.content_types.push_back(type);
    tool.runs_inline = entry.runs_inline;
    tool.handler = [call = entry.call, handlers](const Json& arguments, Context& ctx) {
      return call(handlers, arguments, ctx);
    };
    server.add_tool(std::move(tool));
  }
}

}  // namespace mcpc::runtime
