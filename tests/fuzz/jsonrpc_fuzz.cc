// libFuzzer target for the runtime's message handling: arbitrary bytes, one message per line,
// through a session (parse, classify, dispatch, validate arguments against schemas, respond).
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "mcpc/runtime.h"

using namespace mcpc::runtime;

namespace {

class NullSink : public MessageSink {
 public:
  void send(const Json& message) override { (void)message.dump(-1, ' ', false, Json::error_handler_t::replace); }
};

Server& server() {
  static Server* s = [] {
    ServerOptions o;
    o.max_message_bytes = 1 << 16;
    o.request_timeout = std::chrono::milliseconds(0);
    auto* srv = new Server(o);
    Tool add;
    add.name = "add";
    add.description = "adds";
    add.input_schema = Json::parse(R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"},
        "tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"},"uniqueItems":true},
        "opt":{"$ref":"#/$defs/o"}},"$defs":{"o":{"anyOf":[{"type":"null"},{"type":"object","additionalProperties":false}]}},
        "required":["a","b"]})");
    add.output_schema = Json::parse(R"({"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]})");
    add.handler = [](const Json& a, Context&) {
      ToolResult r;
      r.structured = Json{{"sum", a["a"].get<double>() + a["b"].get<double>()}};
      return r;
    };
    srv->add_tool(add);
    srv->add_resource(Resource{"mem://a", "a", "", "", "text/plain", std::nullopt, [](const std::string& uri, Context&) {
                                 return ResourceContents{resource_contents_text(uri, "text/plain", "A")};
                               }});
    ResourceTemplate t;
    t.uri_template = "mem://items/{id}{?q}";
    t.name = "item";
    t.read = [](const std::string& uri, const std::map<std::string, std::string>& v, Context&) {
      return ResourceContents{resource_contents_text(uri, "text/plain", v.count("id") ? v.at("id") : "")};
    };
    srv->add_resource_template(t);
    srv->add_prompt(Prompt{"p", "", "d", {{"x", "", "", true}},
                           [](const std::map<std::string, std::string>& a, Context&) {
                             return PromptResult{"", {{"user", content::text(a.at("x"))}}};
                           },
                           nullptr});
    return srv;
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto sink = std::make_shared<NullSink>();
  auto session = server().open_session(sink);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || input[i] == '\n') {
      if (i > start) lines.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  session->receive_all(lines, sink);
  // Let handlers finish before the next input so runs stay independent.
  for (int i = 0; i < 2000 && session->in_flight() > 0; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  session->close();
  return 0;
}
