// The everything server: every tool, resource, template and prompt the official conformance
// suite's server scenarios expect (names and shapes from its fixture list), plus add/echo/slow
// for benchmarks and end-to-end tests, and slug/tree for the hostile suite. Written by hand on
// mcpc::runtime.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "mcpc/runtime/context.h"
#include "mcpc/runtime/http_transport.h"
#include "mcpc/runtime/server.h"
#include "mcpc/runtime/stdio_transport.h"

using namespace mcpc::runtime;

namespace {

// A 1x1 red PNG and a 44-byte silent WAV.
const char* kPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const char* kWav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";

Tool simple(const std::string& name, const std::string& description, ToolHandler handler) {
  Tool t;
  t.name = name;
  t.description = description;
  t.handler = std::move(handler);
  return t;
}

void add_tools(Server& s) {
  s.add_tool(simple("test_simple_text", "Returns a simple text response", [](const Json&, Context&) {
    return ToolResult::text("This is a simple text response for testing.");
  }));
  s.add_tool(simple("test_image_content", "Returns an image", [](const Json&, Context&) {
    ToolResult r;
    r.content.push_back(content::image(kPng, "image/png"));
    return r;
  }));
  s.add_tool(simple("test_audio_content", "Returns audio", [](const Json&, Context&) {
    ToolResult r;
    r.content.push_back(content::audio(kWav, "audio/wav"));
    return r;
  }));
  s.add_tool(simple("test_embedded_resource", "Returns an embedded resource", [](const Json&, Context&) {
    ToolResult r;
    r.content.push_back(
        content::resource_text("test://embedded-resource", "text/plain", "This is an embedded resource content."));
    return r;
  }));
  s.add_tool(simple("test_multiple_content_types", "Returns text, an image and a resource", [](const Json&, Context&) {
    ToolResult r;
    r.content.push_back(content::text("Multiple content types test:"));
    r.content.push_back(content::image(kPng, "image/png"));
    r.content.push_back(
        content::resource_text("test://mixed-content-resource", "application/json", R"({"test":"data","value":123})"));
    return r;
  }));
  s.add_tool(simple("test_tool_with_logging", "Sends log messages while it runs", [](const Json&, Context& ctx) {
    ctx.log(LogLevel::Info, "Tool execution started");
    ctx.sleep_for(std::chrono::milliseconds(50));
    ctx.log(LogLevel::Info, "Tool processing data");
    ctx.sleep_for(std::chrono::milliseconds(50));
    ctx.log(LogLevel::Info, "Tool execution completed");
    return ToolResult::text("Tool with logging executed successfully");
  }));
  s.add_tool(simple("test_tool_with_progress", "Reports progress while it runs", [](const Json&, Context& ctx) {
    for (int step : {0, 50, 100}) {
      ctx.progress(step, 100, "Completed step " + std::to_string(step) + " of 100");
      if (step != 100) ctx.sleep_for(std::chrono::milliseconds(50));
    }
    return ToolResult::text("Tool with progress completed");
  }));
  s.add_tool(simple("test_error_handling", "Always fails", [](const Json&, Context&) {
    return ToolResult::error("This tool intentionally returns an error for testing");
  }));
  s.add_tool(
      simple("test_reconnection", "Closes its SSE stream early, to test resumption", [](const Json&, Context& ctx) {
        ctx.close_sse_stream();  // the client must come back with Last-Event-ID for the answer
        ctx.sleep_for(std::chrono::milliseconds(300));
        return ToolResult::text("Reconnection test completed");
      }));

  Tool sampling = simple("test_sampling", "Asks the client's LLM", [](const Json& args, Context& ctx) {
    Json result = ctx.create_message(Json{
        {"messages", Json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", args.at("prompt")}}}}})},
        {"maxTokens", 100}});
    std::string text = result.value("content", Json::object()).value("text", result.dump());
    return ToolResult::text("LLM response: " + text);
  });
  sampling.input_schema = Json::parse(
      R"({"type":"object","properties":{"prompt":{"type":"string","description":"The prompt to send"}},"required":["prompt"]})");
  s.add_tool(sampling);

  Tool elicitation = simple("test_elicitation", "Asks the user for information", [](const Json& args, Context& ctx) {
    Json result = ctx.elicit(Json{
        {"message", args.at("message")},
        {"requestedSchema",
         Json::parse(
             R"({"type":"object","properties":{"username":{"type":"string","description":"Your username"},"email":{"type":"string","format":"email","description":"Your email"}},"required":["username","email"]})")}});
    return ToolResult::text("User response: action=" + result.value("action", std::string()) +
                            ", content=" + result.value("content", Json::object()).dump());
  });
  elicitation.input_schema = Json::parse(
      R"({"type":"object","properties":{"message":{"type":"string","description":"What to ask"}},"required":["message"]})");
  s.add_tool(elicitation);

  s.add_tool(simple("test_elicitation_sep1034_defaults", "Elicitation with defaults on every primitive",
                    [](const Json&, Context& ctx) {
                      Json result =
                          ctx.elicit(Json{{"message", "Please review and update the form fields with defaults"},
                                          {"requestedSchema", Json::parse(R"({"type":"object","properties":{
        "name":{"type":"string","description":"User name","default":"John Doe"},
        "age":{"type":"integer","description":"User age","default":30},
        "score":{"type":"number","description":"User score","default":95.5},
        "status":{"type":"string","description":"User status","enum":["active","inactive","pending"],"default":"active"},
        "verified":{"type":"boolean","description":"Verification status","default":true}}})")}});
                      return ToolResult::text("Elicitation completed: action=" + result.value("action", std::string()) +
                                              ", content=" + result.value("content", Json::object()).dump());
                    }));
  s.add_tool(
      simple("test_elicitation_sep1330_enums", "Elicitation with every enum shape", [](const Json&, Context& ctx) {
        Json result = ctx.elicit(Json{{"message", "Please select options from the enum fields"},
                                      {"requestedSchema", Json::parse(R"({"type":"object","properties":{
        "untitledSingle":{"type":"string","description":"Select one option","enum":["option1","option2","option3"]},
        "titledSingle":{"type":"string","description":"Select one option with titles","oneOf":[{"const":"value1","title":"First Option"},{"const":"value2","title":"Second Option"},{"const":"value3","title":"Third Option"}]},
        "legacyEnum":{"type":"string","description":"Select one option, legacy style","enum":["opt1","opt2","opt3"],"enumNames":["Option One","Option Two","Option Three"]},
        "untitledMulti":{"type":"array","description":"Select multiple options","minItems":1,"maxItems":3,"items":{"type":"string","enum":["option1","option2","option3"]}},
        "titledMulti":{"type":"array","description":"Select multiple options with titles","minItems":1,"maxItems":3,"items":{"anyOf":[{"const":"value1","title":"First Choice"},{"const":"value2","title":"Second Choice"},{"const":"value3","title":"Third Choice"}]}}}})")}});
        return ToolResult::text("Elicitation completed: action=" + result.value("action", std::string()) +
                                ", content=" + result.value("content", Json::object()).dump());
      }));

  Tool schema2020 = simple("json_schema_2020_12_tool", "A tool whose input schema uses JSON Schema 2020-12 features",
                           [](const Json& args, Context&) { return ToolResult::text("Received: " + args.dump()); });
  // OrderedJson: tools/list shows the keys as written here (name before address).
  schema2020.input_schema =
      OrderedJson::parse(R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
      "$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
      "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},"additionalProperties":false})");
  s.add_tool(schema2020);

  // Benchmarks and end-to-end tests.
  Tool add = simple("add", "Adds two numbers", [](const Json& args, Context&) {
    double sum = args.at("a").get<double>() + args.at("b").get<double>();
    Json value =
        sum == static_cast<double>(static_cast<long long>(sum)) ? Json(static_cast<long long>(sum)) : Json(sum);
    ToolResult r = ToolResult::text(value.dump());
    r.structured = Json{{"sum", value}};
    return r;
  });
  add.input_schema = Json::parse(
      R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]})");
  add.output_schema = Json::parse(R"({"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]})");
  add.annotations = ToolAnnotations{std::nullopt, true, false, true, false};
  add.runs_inline = true;  // pure computation: no worker hand-off (see docs/runtime.md)
  s.add_tool(add);

  Tool echo = simple("echo", "Echoes its input",
                     [](const Json& args, Context&) { return ToolResult::text(args.at("text").get<std::string>()); });
  echo.input_schema = Json::parse(R"({"type":"object","properties":{"text":{"type":"string"}},"required":["text"]})");
  echo.runs_inline = true;
  s.add_tool(echo);

  Tool slow =
      simple("slow", "Sleeps for ms milliseconds, stopping early when cancelled", [](const Json& args, Context& ctx) {
        auto ms = args.value("ms", 1000);
        if (!ctx.sleep_for(std::chrono::milliseconds(ms))) return ToolResult::error("cancelled");
        return ToolResult::text("slept " + std::to_string(ms) + " ms");
      });
  slow.input_schema = Json::parse(
      R"({"type":"object","properties":{"ms":{"type":"integer","minimum":0,"maximum":600000}},"required":["ms"]})");
  s.add_tool(slow);

  // Fixtures of the hostile suite (tests/hostile/schema.test.mjs); native only, not in mcp.yaml.
  // A `pattern` (a 100 KB slug once overflowed std::regex's recursion) ...
  Tool slug = simple("slug", "Echoes a slug: lowercase letters, digits and hyphens",
                     [](const Json& args, Context&) { return ToolResult::text(args.at("slug").get<std::string>()); });
  slug.input_schema = Json::parse(
      R"({"type":"object","properties":{"slug":{"type":"string","pattern":"^[a-z0-9-]+$"}},"required":["slug"]})");
  s.add_tool(slug);

  // ... and anyOf of two self-$refs, exponential in the depth of a nested value unless bounded.
  Tool tree = simple("tree", "Sums the integers of a nested list", [](const Json& args, Context&) {
    long long sum = 0;
    std::vector<const Json*> todo{&args.at("tree")};  // iterative: the depth is the client's
    while (!todo.empty()) {
      const Json* node = todo.back();
      todo.pop_back();
      if (node->is_number_integer())
        sum += node->get<long long>();
      else if (node->is_array())
        for (const Json& x : *node) todo.push_back(&x);
    }
    ToolResult r = ToolResult::text(std::to_string(sum));
    r.structured = Json{{"sum", sum}};
    return r;
  });
  tree.input_schema = Json::parse(R"({"type":"object","properties":{"tree":{"$ref":"#/$defs/tree"}},"required":["tree"],
      "$defs":{"tree":{"type":["integer","array"],"items":{"anyOf":[{"$ref":"#/$defs/tree"},{"$ref":"#/$defs/tree"}]}}}})");
  s.add_tool(tree);
}

void add_resources(Server& s) {
  s.add_resource(Resource{"test://static-text", "static-text", "Static text", "A static text resource", "text/plain",
                          std::nullopt, [](const std::string& uri, Context&) {
                            return ResourceContents{resource_contents_text(
                                uri, "text/plain", "This is the content of the static text resource.")};
                          }});
  s.add_resource(Resource{"test://static-binary", "static-binary", "Static binary", "A static binary resource (PNG)",
                          "image/png", std::nullopt, [](const std::string& uri, Context&) {
                            return ResourceContents{resource_contents_blob(uri, "image/png", kPng)};
                          }});
  s.add_resource(
      Resource{"test://watched-resource", "watched-resource", "Watched resource", "A resource clients can subscribe to",
               "text/plain", std::nullopt, [](const std::string& uri, Context&) {
                 return ResourceContents{resource_contents_text(uri, "text/plain", "Watched resource content")};
               }});
  ResourceTemplate t;
  t.uri_template = "test://template/{id}/data";
  t.name = "template";
  t.title = "Data by id";
  t.description = "A resource template with an id variable";
  t.mime_type = "application/json";
  t.read = [](const std::string& uri, const std::map<std::string, std::string>& vars, Context&) {
    const std::string& id = vars.at("id");
    Json body{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
    return ResourceContents{resource_contents_text(uri, "application/json", body.dump())};
  };
  t.complete = [](const std::string&, const std::string& value, const std::map<std::string, std::string>&) {
    std::vector<std::string> out;
    for (const char* id : {"1", "2", "3", "42", "123"}) {
      if (std::string(id).rfind(value, 0) == 0) out.emplace_back(id);
    }
    return out;
  };
  s.add_resource_template(t);
}

void add_prompts(Server& s) {
  s.add_prompt(Prompt{"test_simple_prompt",
                      "Simple prompt",
                      "A simple prompt without arguments",
                      {},
                      [](const std::map<std::string, std::string>&, Context&) {
                        return PromptResult{"", {{"user", content::text("This is a simple prompt for testing.")}}};
                      },
                      nullptr});
  s.add_prompt(Prompt{"test_prompt_with_arguments",
                      "Prompt with arguments",
                      "A prompt with two required arguments",
                      {{"arg1", "", "First test argument", true}, {"arg2", "", "Second test argument", true}},
                      [](const std::map<std::string, std::string>& a, Context&) {
                        return PromptResult{"",
                                            {{"user", content::text("Prompt with arguments: arg1='" + a.at("arg1") +
                                                                    "', arg2='" + a.at("arg2") + "'")}}};
                      },
                      [](const std::string& arg, const std::string& value, const std::map<std::string, std::string>&) {
                        std::vector<std::string> out;
                        for (std::string v : {arg + "-one", arg + "-two", value + "-suggestion"}) {
                          if (v.rfind(value, 0) == 0) out.push_back(v);
                        }
                        return out;
                      }});
  s.add_prompt(Prompt{"test_prompt_with_embedded_resource",
                      "Prompt with an embedded resource",
                      "A prompt that embeds a resource",
                      {{"resourceUri", "", "URI of the resource to embed", true}},
                      [](const std::map<std::string, std::string>& a, Context&) {
                        return PromptResult{"",
                                            {{"user", content::resource_text(a.at("resourceUri"), "text/plain",
                                                                             "Embedded resource content for testing.")},
                                             {"user", content::text("Please process the embedded resource above.")}}};
                      },
                      nullptr});
  s.add_prompt(Prompt{"test_prompt_with_image",
                      "Prompt with an image",
                      "A prompt that includes an image",
                      {},
                      [](const std::map<std::string, std::string>&, Context&) {
                        return PromptResult{"",
                                            {{"user", content::image(kPng, "image/png")},
                                             {"user", content::text("Please analyze the image above.")}}};
                      },
                      nullptr});
}

void usage(std::ostream& out) {
  out << "usage: mcpc-everything-server [--transport stdio|http] [--host HOST] [--port PORT]\n"
         "                              [--bearer-token TOKEN] [--api-key HEADER=VALUE]\n"
         "  The MCP conformance fixtures on mcpc::runtime. stdio by default; http serves /mcp.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string transport = "stdio";
  HttpOptions http;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "mcpc-everything-server: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--transport")
      transport = value();
    else if (a == "--host")
      http.host = value();
    else if (a == "--port")
      http.port = static_cast<unsigned short>(std::stoi(value()));
    else if (a == "--bearer-token")
      http.bearer_token = value();
    else if (a == "--api-key") {  // NAME=VALUE: requests need header NAME with VALUE
      std::string kv = value();
      auto eq = kv.find('=');
      if (eq == std::string::npos) {
        std::cerr << "mcpc-everything-server: --api-key wants HEADER=VALUE\n";
        return 2;
      }
      http.api_key_header = kv.substr(0, eq);
      http.api_key = kv.substr(eq + 1);
    } else if (a == "--help" || a == "-h") {
      usage(std::cout);
      return 0;
    } else if (a == "--version") {
      std::cout << "mcpc-everything-server 0.1.0\n";
      return 0;
    } else {
      std::cerr << "mcpc-everything-server: unknown argument '" << a << "'\n";
      usage(std::cerr);
      return 2;
    }
  }
  ServerOptions options;
  options.name = "mcpc-everything-server";
  options.version = "0.1.0";
  options.title = "mcpc everything server";
  options.description = "Every MCP feature, for conformance and end-to-end tests";
  Server server(options);
  add_tools(server);
  add_resources(server);
  add_prompts(server);
  if (transport == "stdio") return serve_stdio(server);
  if (transport == "http") return serve_http(server, http);
  std::cerr << "mcpc-everything-server: --transport must be stdio or http\n";
  return 2;
}
