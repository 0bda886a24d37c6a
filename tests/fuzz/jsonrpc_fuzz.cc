// libFuzzer target for the runtime's message handling: arbitrary bytes, one message per line,
// through a session (parse, classify, dispatch, validate arguments against schemas, respond).
// A second session takes the same lines one at a time, each with its own sink, and checks what
// every line may produce: a notification nothing back, a line with a raw NUL no result, and
// any other line at most one answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
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
    srv->add_resource(
        Resource{"mem://a", "a", "", "", "text/plain", std::nullopt, [](const std::string& uri, Context&) {
                   return ResourceContents{resource_contents_text(uri, "text/plain", "A")};
                 }});
    ResourceTemplate t;
    t.uri_template = "mem://items/{id}{?q}";
    t.name = "item";
    t.read = [](const std::string& uri, const std::map<std::string, std::string>& v, Context&) {
      return ResourceContents{resource_contents_text(uri, "text/plain", v.count("id") ? v.at("id") : "")};
    };
    srv->add_resource_template(t);
    srv->add_prompt(Prompt{"p",
                           "",
                           "d",
                           {{"x", "", "", true}},
                           [](const std::map<std::string, std::string>& a, Context&) {
                             return PromptResult{"", {{"user", content::text(a.at("x"))}}};
                           },
                           nullptr});
    return srv;
  }();
  return *s;
}

// What one line got back.
class LineSink : public MessageSink {
 public:
  void send(const Json& message) override {
    (void)message.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (message.is_object() && message.contains("method")) return;  // notifications, requests to the client
    std::lock_guard lock(mu_);
    ++answers_;
    if (message.is_object() && message.contains("result")) ++results_;
  }
  int answers() {
    std::lock_guard lock(mu_);
    return answers_;
  }
  int results() {
    std::lock_guard lock(mu_);
    return results_;
  }

 private:
  std::mutex mu_;
  int answers_ = 0;
  int results_ = 0;
};

bool shallow(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if ((c == '[' || c == '{') && ++depth > max_depth) {
      return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// A JSON-RPC notification as the spec defines it (never to be answered).
bool is_notification(std::string_view line) {
  if (line.size() > (1 << 16) || line.find('\0') != std::string_view::npos || !shallow(line, 100)) return false;
  Json j = Json::parse(line, nullptr, false);
  if (!j.is_object()) return false;
  auto v = j.find("jsonrpc");
  auto m = j.find("method");
  return v != j.end() && *v == "2.0" && m != j.end() && m->is_string() && !j.contains("id");
}

void wait_idle(Session& session) {
  for (int i = 0; i < 2000 && session.in_flight() > 0; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
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
  wait_idle(*session);
  session->close();

  auto checked = server().open_session(sink);
  std::vector<std::shared_ptr<LineSink>> sinks;
  for (std::string_view line : lines) {
    sinks.push_back(std::make_shared<LineSink>());
    checked->receive(line, sinks.back());
  }
  wait_idle(*checked);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool batch = !lines[i].empty() && lines[i].find_first_not_of(" \t\r") != std::string_view::npos &&
                 lines[i][lines[i].find_first_not_of(" \t\r")] == '[';
    if (is_notification(lines[i]) && sinks[i]->answers() != 0) std::abort();  // notifications are never answered
    bool nul = lines[i].find('\0') != std::string_view::npos;
    if (nul && sinks[i]->results() != 0) std::abort();    // a NUL refuses the line
    if (!batch && sinks[i]->answers() > 1) std::abort();  // one answer per request, never two
  }
  checked->close();
  return 0;
}
