// The typed IR of an MCP server: what every front end produces and the only thing backends see.
// Plain value types; every node keeps where it was written (file, line, column).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/json.h"
#include "mcpc/support/source.h"

namespace mcpc::ir {

/// A name written somewhere, e.g. the tool a trigger calls.
struct Ref {
  std::string name;
  SourceLoc loc;
};

/// Escapes one JSON pointer token (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string pointer_token(std::string_view token);

/// A JSON Schema (2020-12) with the location of each of its nodes, keyed by JSON pointer
/// ("" is the schema itself, "/properties/limit/default" a default inside it).
struct Schema {
  /// In the order it was written: properties become struct fields and arguments in that order.
  OrderedJson json = OrderedJson::object();
  SourceLoc loc;
  std::map<std::string, SourceLoc> locs;
  /// Where a named type (Module::types) is used, by JSON pointer: the node there is that type's
  /// schema inlined (plus the use's own description, default or null), so `json` stays
  /// self-contained for clients while backends declare one struct or zod schema per name.
  std::map<std::string, std::string> named;

  /// The location of the node at `pointer`, or of its nearest recorded ancestor.
  SourceLoc loc_of(std::string_view pointer) const;
};

struct ServerInfo {
  std::string name;
  std::string version;
  std::string title;
  std::string description;
  std::string website;
  std::string author;  ///< "Name" or "Name <email>": who makes the server (packages name them)
  SourceLoc loc;
  SourceLoc name_loc;
  SourceLoc version_loc;
  SourceLoc website_loc;
};

enum class TransportKind { Stdio, Http };

struct Transport {
  TransportKind kind = TransportKind::Stdio;
  std::string host = "127.0.0.1";  ///< http only
  std::int64_t port = 3000;        ///< http only
  std::string path = "/mcp";       ///< http only
  SourceLoc loc;
};

enum class AuthType { None, ApiKey, Bearer };

struct Auth {
  AuthType type = AuthType::None;
  std::string header;      ///< api_key: the request header carrying the key
  std::optional<Ref> env;  ///< the env entry holding the expected key or token
  SourceLoc loc;
};

/// An environment variable the server reads. Declared under `env:`, or implied by a
/// connection's `envVar` (then `implicit` is true).
struct EnvVar {
  std::string name;
  std::string description;
  bool required = true;
  bool secret = false;
  std::optional<std::string> default_value;
  bool implicit = false;
  SourceLoc loc;
};

struct Connection {
  std::string name;
  std::string type;  ///< postgresql, sqlite, http, ... (free-form, lower case)
  std::string description;
  std::optional<Ref> env;  ///< envVar: the variable holding the connection string
  SourceLoc loc;
  SourceLoc name_loc;
};

struct ToolAnnotations {
  std::optional<bool> read_only;
  std::optional<bool> destructive;
  std::optional<bool> idempotent;
  std::optional<bool> open_world;
  SourceLoc loc;
};

/// How a decoded argument is handed to a native function.
enum class NativePass {
  Value,  ///< as decoded (moved); also binds const references, string_view and span parameters
  CStr,   ///< a `const char*` parameter: decoded as std::string, passed as `.c_str()`
};

/// One parameter of a native function: decoded from the argument of the same name.
struct NativeParam {
  std::string name;  ///< the property in the tool's input schema
  /// The owning type the JSON value is decoded into, fully qualified and spelled as C++
  /// ("double", "std::vector<::geo::Point>", "std::optional<std::string>").
  std::string value_type;
  NativePass pass = NativePass::Value;
  /// The parameter has a C++ default argument: a missing argument is decoded from the
  /// `default` of its property in the input schema (which the front end wrote from it).
  bool has_default = false;
};

/// A C++ function a tool calls directly (the C++ header front end): the C++ backend writes glue
/// that decodes the JSON arguments into the real types and calls it, with no handler code.
struct NativeFunction {
  std::string function;  ///< fully qualified, with a leading "::" ("::geo::area")
  std::vector<NativeParam> params;
  std::string result_type;  ///< fully qualified; "" for void (a plain success result)
  SourceLoc loc;
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  Schema input_schema;
  std::optional<Schema> output_schema;
  /// True when `returns:` was not an object schema: MCP structured output must be an
  /// object, so the value is carried as {"result": value}.
  bool output_wrapped = false;
  std::optional<ToolAnnotations> annotations;
  std::optional<Ref> connection;
  std::vector<Ref> env;
  /// `content:` the MCP content block types its results may carry (text, image, audio,
  /// resource_link, resource); empty when any. Names as written: sema checks them.
  std::vector<Ref> content_types;
  /// `inline: true`: the handler never blocks, so the server runs it on the thread that read
  /// the request instead of handing it to a worker.
  bool runs_inline = false;
  SourceLoc inline_loc;  ///< the `inline` key, when given
  /// Set: the tool calls this C++ function instead of a handler.
  std::optional<NativeFunction> native;
  SourceLoc loc;
  SourceLoc name_loc;
};

/// Handler: the content is produced when the resource is read, by the server's code.
enum class ResourceContentKind { Text, Blob, File, Handler };

struct Resource {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  ResourceContentKind kind = ResourceContentKind::Text;
  std::string content;  ///< the text, the base64 blob, or the file path (relative to the spec); "" for Handler
  SourceLoc loc;
  SourceLoc uri_loc;
  SourceLoc name_loc;
  SourceLoc content_loc;
};

struct TemplateVariable {
  std::string name;
  Schema schema;
  SourceLoc loc;
};

struct ResourceTemplate {
  std::string uri_template;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::vector<TemplateVariable> variables;
  SourceLoc loc;
  SourceLoc uri_loc;
  SourceLoc name_loc;
};

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
  std::optional<std::string> default_value;  ///< used when the client leaves the argument out
  std::vector<std::string> enum_values;      ///< the only values allowed; empty when any
  SourceLoc loc;
  SourceLoc default_loc;
  SourceLoc enum_loc;
};

struct PromptMessage {
  std::string role;  ///< user or assistant
  std::string text;  ///< may use {{argument}} placeholders
  SourceLoc loc;
  SourceLoc text_loc;
};

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  std::vector<PromptMessage> messages;
  SourceLoc loc;
  SourceLoc name_loc;
};

enum class TriggerKind { Cron, Webhook };

struct Trigger {
  TriggerKind kind = TriggerKind::Cron;
  std::string schedule;         ///< cron
  std::string path;             ///< webhook
  std::string method = "POST";  ///< webhook
  Ref tool;
  OrderedJson arguments = OrderedJson::object();
  SourceLoc loc;
  SourceLoc schedule_loc;
  SourceLoc path_loc;
};

/// A type declared under `types:` in the shorthand, referred to by name wherever a type is.
struct NamedType {
  std::string name;
  Schema schema;
  SourceLoc loc;  ///< where the name is written
};

/// A C++ struct or enum that native functions take or return: the glue converts it member by
/// member. Structs: public data members; JSON property names are the member names. Enums: the
/// enumerators, whose names are the JSON strings.
struct NativeType {
  enum class Kind { Struct, Enum };
  struct Member {
    std::string name;
    bool required = true;  ///< structs: false for std::optional members and ones with an initializer
  };
  Kind kind = Kind::Struct;
  std::string cpp_name;  ///< fully qualified, with a leading "::" ("::geo::Point")
  std::vector<Member> members;
  SourceLoc loc;
};

/// Bumped whenever the IR JSON form changes shape. Version 2 added named types (`types`, and
/// `named` beside a schema's `locs`); a version 1 file is read as a module without them.
/// Version 3 added a tool's `inline`; an older file's tools run on workers. Version 4 added
/// native bindings (a tool's `native`, the module's `native`); older files have none.
inline constexpr int kIrVersion = 4;
inline constexpr int kOldestIrVersion = 1;

struct Module {
  std::vector<std::string> files;  ///< indexed by SourceLoc::file
  ServerInfo server;
  std::vector<Transport> transports;
  std::optional<Auth> auth;
  std::vector<EnvVar> env;
  std::vector<Connection> connections;
  std::vector<NamedType> types;
  std::vector<Tool> tools;
  std::vector<Resource> resources;
  std::vector<ResourceTemplate> resource_templates;
  std::vector<Prompt> prompts;
  std::vector<Trigger> triggers;
  /// Native bindings: the headers the glue includes (as `#include "..."` spellings, found on
  /// the include path of the server's build) and the structs and enums it converts, each after
  /// the types its members use.
  std::vector<std::string> native_headers;
  std::vector<NativeType> native_types;

  const Tool* find_tool(std::string_view name) const;
  const Connection* find_connection(std::string_view name) const;
  const EnvVar* find_env(std::string_view name) const;
};

/// A module's named types by name (the first declaration of a name counts), for the many
/// lookups a schema's uses make. Points into the module, which must outlive it.
class TypeIndex {
 public:
  explicit TypeIndex(const Module& m);
  const NamedType* find(std::string_view name) const;

 private:
  std::map<std::string, const NamedType*, std::less<>> by_name_;
};

std::string_view to_string(TransportKind kind);
std::string_view to_string(AuthType type);
std::string_view to_string(ResourceContentKind kind);
std::string_view to_string(TriggerKind kind);
std::string_view to_string(NativePass pass);
std::string_view to_string(NativeType::Kind kind);

}  // namespace mcpc::ir
