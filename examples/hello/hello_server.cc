// A complete MCP server written by hand on mcpc::runtime (docs/runtime.md walks through it).
#include <mcpc/runtime.h>

using namespace mcpc::runtime;

int main(int argc, char** argv) {
  ServerOptions options;
  options.name = "hello";
  options.version = "1.0.0";
  Server server(options);

  Tool greet;
  greet.name = "greet";
  greet.description = "Greets someone by name";
  greet.input_schema = Json::parse(R"({"type": "object", "required": ["name"],
      "properties": {"name": {"type": "string", "minLength": 1}}})");
  greet.handler = [](const Json& args, Context& ctx) {
    std::string name = args["name"];
    ctx.log(LogLevel::Info, "greeting " + name);
    return ToolResult::text("Hello, " + name + "!");
  };
  server.add_tool(greet);

  Resource motd;
  motd.uri = "hello://motd";
  motd.name = "motd";
  motd.mime_type = "text/plain";
  motd.read = [](const std::string& uri, Context&) {
    return ResourceContents{resource_contents_text(uri, "text/plain", "Be kind.")};
  };
  server.add_resource(motd);

  Prompt welcome;
  welcome.name = "welcome";
  welcome.description = "Writes a welcome note";
  welcome.arguments = {{"who", "", "Who to welcome", true}};
  welcome.get = [](const std::map<std::string, std::string>& args, Context&) {
    return PromptResult{"", {{"user", content::text("Welcome, " + args.at("who") + "!")}}};
  };
  server.add_prompt(welcome);

  if (argc > 1 && std::string(argv[1]) == "--http") return serve_http(server);  // 127.0.0.1:3000/mcp
  return serve_stdio(server);
}
