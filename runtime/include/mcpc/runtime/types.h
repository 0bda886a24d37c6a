// Definitions a server registers (tools, resources, templates, prompts) and the values their
// handlers return. Field names follow the MCP 2025-11-25 schema.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/json.h"

namespace mcpc::runtime {

using Json = mcpc::Json;
using OrderedJson = mcpc::OrderedJson;

class Context;

/// JSON-RPC error codes used by MCP.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kResourceNotFound = -32002,
  kRequestTimeout = -32001,
};

/// Thrown by handlers (or by Context calls) to answer with a JSON-RPC error instead of a result.
class McpError : public std::runtime_error {
 public:
  McpError(int code, const std::string& message, Json data = nullptr)
      : std::runtime_error(message), code_(code), data_(std::move(data)) {}
  int code() const { return code_; }
  const Json& data() const { return data_; }

 private:
  int code_;
  Json data_;
};

/// `bytes` as base64 (RFC 4648, padded), as MCP carries binary data (image, audio, blobs).
std::string base64_encode(std::string_view bytes);

/// Content blocks for tool results and prompt messages. `base64_data` is already encoded.
namespace content {
Json text(std::string text);
Json image(std::string base64_data, std::string mime_type);
Json audio(std::string base64_data, std::string mime_type);
/// An embedded resource holding text.
Json resource_text(std::string uri, std::string mime_type, std::string text);
/// An embedded resource holding base64 data.
Json resource_blob(std::string uri, std::string mime_type, std::string base64_data);
Json resource_link(std::string uri, std::string name, std::string mime_type = {});
}  // namespace content

/// What a tool returns. `structured` becomes structuredContent and is also added as a text
/// block when `content` is empty, as the spec asks for older clients.
struct ToolResult {
  Json content = Json::array();
  std::optional<Json> structured;
  bool is_error = false;

  static ToolResult text(std::string text);
  static ToolResult error(std::string message);
  static ToolResult structured_result(Json value);
  /// One content block of each MCP type. `bytes` are raw: they are base64-encoded here.
  static ToolResult image(std::string_view bytes, std::string mime_type);
  static ToolResult audio(std::string_view bytes, std::string mime_type);
  static ToolResult resource_link(std::string uri, std::string name, std::string mime_type = {});
  static ToolResult embedded_resource(std::string uri, std::string mime_type, std::string text);
  static ToolResult embedded_blob(std::string uri, std::string mime_type, std::string_view bytes);
  /// Adds a block (see content::), for results of several:
  /// `return ToolResult::image(png, "image/png").with(content::text("The chart"));`
  ToolResult&& with(Json block) &&;
};

using ToolHandler = std::function<ToolResult(const Json& arguments, Context& ctx)>;

struct ToolAnnotations {
  std::optional<std::string> title;
  std::optional<bool> read_only;
  std::optional<bool> destructive;
  std::optional<bool> idempotent;
  std::optional<bool> open_world;
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  /// Passed to clients unaltered ($schema, $defs, $ref...) and in the order written: tools/list
  /// lists the keys of an OrderedJson as they were given (a schema assigned from Json, e.g.
  /// Json::parse, has them sorted). The root must be type "object".
  OrderedJson input_schema = OrderedJson{{"type", "object"}};
  std::optional<OrderedJson> output_schema;
  std::optional<ToolAnnotations> annotations;
  ToolHandler handler;
  /// The content block types ("text", "image", "audio", "resource_link", "resource") its results
  /// may carry; empty: any. A result with another type becomes an error result, as one whose
  /// structured content does not match the output schema does.
  std::vector<std::string> content_types;
  /// The handler is quick and never waits (no sleep_for, no requests to the client): run it on
  /// the thread that read the request instead of handing it to a worker. Saves a thread
  /// hand-off per call; but while it runs, that connection reads nothing else. Requests to the
  /// client from an inline handler fail with an error instead of deadlocking.
  bool runs_inline = false;
};

/// The contents of one read: items made with resource_contents_text/_blob.
using ResourceContents = std::vector<Json>;
Json resource_contents_text(std::string uri, std::string mime_type, std::string text);
Json resource_contents_blob(std::string uri, std::string mime_type, std::string base64_data);

struct Resource {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::optional<std::int64_t> size;
  std::function<ResourceContents(const std::string& uri, Context& ctx)> read;
};

/// Values offered for one argument of a prompt or resource template: (argument name, the
/// partial value typed so far, arguments resolved before) -> candidate values.
using Completer = std::function<std::vector<std::string>(const std::string& argument, const std::string& value,
                                                         const std::map<std::string, std::string>& context)>;

struct ResourceTemplate {
  std::string uri_template;  ///< RFC 6570; reads of matching URIs reach `read`
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::function<ResourceContents(const std::string& uri, const std::map<std::string, std::string>& variables,
                                 Context& ctx)>
      read;
  Completer complete;
  /// Optional JSON Schema for the variables ({"type": "object", "properties": {"id": {"type":
  /// "integer", "minimum": 1}}}): each variable is read as the type its schema gives (integer,
  /// number, boolean; else it stays a string: json_schema::typed_variables), and a URI whose
  /// variables do not validate is refused with -32602 before `read` runs, naming the variable
  /// and the reason ("variable id: must be >= 1"). `read` still gets the variables' text. A
  /// variable with a string `enum` completes from it (completion/complete), without `complete`.
  Json variables_schema;
};

struct PromptArgument {
  std::string name;
  std::string title;
  std::string description;
  bool required = false;
  /// The only values allowed (empty: any): prompts/get refuses others with -32602, and
  /// completion/complete offers them. (Initialised so that {name, title, description,
  /// required} still compiles without -Wmissing-field-initializers.)
  std::vector<std::string> values = {};
  /// What prompts/get uses when the client leaves the argument out.
  std::optional<std::string> default_value = std::nullopt;
};

struct PromptMessage {
  std::string role;  ///< "user" or "assistant"
  Json content;      ///< one content block
};

struct PromptResult {
  std::string description;
  std::vector<PromptMessage> messages;
};

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  std::function<PromptResult(const std::map<std::string, std::string>& arguments, Context& ctx)> get;
  /// For arguments without `values` (those complete from their values).
  Completer complete;
};

/// RFC 5424 severities, least to most severe, as MCP logging uses them.
enum class LogLevel { Debug, Info, Notice, Warning, Error, Critical, Alert, Emergency };
const char* to_string(LogLevel level);
std::optional<LogLevel> parse_log_level(const std::string& name);

}  // namespace mcpc::runtime
