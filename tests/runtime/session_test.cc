// The protocol core: lifecycle, every method, exact JSON shapes, errors, cancellation, requests
// to the client, batches and limits, all without a transport.
#include <future>

#include "internal.h"  // kLimitExceeded
#include "session_harness.h"

namespace mcpc::runtime {
namespace {

using testing::CaptureSink;
using testing::Harness;
using testing::request;

void add_basic(Server& s) {
  Tool add;
  add.name = "add";
  add.description = "adds";
  add.input_schema = Json::parse(
      R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number","maximum":100}},"required":["a","b"]})");
  add.output_schema = Json::parse(R"({"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]})");
  add.handler = [](const Json& a, Context&) {
    ToolResult r;
    r.structured = Json{{"sum", a["a"].get<double>() + a["b"].get<double>()}};
    return r;
  };
  s.add_tool(add);
  Tool slow;
  slow.name = "slow";
  slow.description = "sleeps";
  slow.handler = [](const Json&, Context& ctx) {
    ctx.sleep_for(std::chrono::seconds(10));
    return ToolResult::text(ctx.cancelled() ? "cancelled" : "done");
  };
  s.add_tool(slow);
  s.add_resource(Resource{"mem://a", "a", "", "", "text/plain", std::nullopt, [](const std::string& uri, Context&) {
                            return ResourceContents{resource_contents_text(uri, "text/plain", "A")};
                          }});
  s.add_prompt(Prompt{"p",
                      "",
                      "a prompt",
                      {{"topic", "", "", true}},
                      [](const std::map<std::string, std::string>& a, Context&) {
                        return PromptResult{"", {{"user", content::text("about " + a.at("topic"))}}};
                      },
                      nullptr});
}

TEST(Lifecycle, NegotiatesVersionsAndDerivesCapabilities) {
  Server s;
  add_basic(s);
  auto sink = std::make_shared<CaptureSink>();
  auto session = s.open_session(sink);
  session->receive(request(1, "tools/list").dump(), sink);
  EXPECT_EQ(sink->response(1)["error"]["code"], kInvalidRequest);  // before initialize
  session->receive(
      request(2, "initialize", {{"protocolVersion", "1999-01-01"}, {"capabilities", Json::object()}}).dump(), sink);
  Json init = sink->response(2)["result"];
  EXPECT_EQ(init["protocolVersion"], "2025-11-25");  // counter-offer our newest
  EXPECT_EQ(init["capabilities"]["tools"], Json({{"listChanged", true}}));
  EXPECT_EQ(init["capabilities"]["resources"], Json({{"subscribe", true}, {"listChanged", true}}));
  EXPECT_EQ(init["capabilities"]["logging"], Json::object());
  EXPECT_EQ(init["serverInfo"]["name"], "mcpc-server");
  EXPECT_FALSE(init.contains("instructions"));  // absent, never null
  session->receive(request(3, "initialize", {{"protocolVersion", "2025-06-18"}}).dump(), sink);
  EXPECT_EQ(sink->response(3)["error"]["code"], kInvalidRequest);  // only once
  for (const char* v : {"2025-06-18", "2025-03-26"}) {
    Harness h(s, v);
    EXPECT_EQ(h.session->protocol_version(), v);
  }
  Server empty;
  Harness h(empty);
  EXPECT_EQ(h.call(5, "tools/list")["error"]["code"], kMethodNotFound);  // capability not offered
}

TEST(Shapes, EmptyResultsAreObjectsAndNothingIsNull) {
  Server s;
  add_basic(s);
  Harness h(s);
  Json ping = h.call(1, "ping");
  EXPECT_EQ(ping, Json({{"jsonrpc", "2.0"}, {"id", 1}, {"result", Json::object()}}));
  EXPECT_EQ(h.call(2, "logging/setLevel", {{"level", "info"}})["result"], Json::object());
  EXPECT_EQ(h.call(3, "resources/subscribe", {{"uri", "mem://a"}})["result"], Json::object());
  EXPECT_EQ(h.call(4, "resources/unsubscribe", {{"uri", "mem://a"}})["result"], Json::object());
  std::function<void(const Json&)> no_nulls = [&](const Json& j) {
    EXPECT_FALSE(j.is_null());
    if (j.is_structured())
      for (const auto& x : j) no_nulls(x);
  };
  for (const Json& m : h.sink->all()) {
    no_nulls(m);
    EXPECT_FALSE(m.contains("error") && m.contains("result"));
  }
}

// What a transport writes for tools/list: the text the session hands it.
class TextSink : public CaptureSink {
 public:
  void send_response_text(const std::string& text) override {
    {
      std::lock_guard lock(mu_);
      texts_.push_back(text);
    }
    CaptureSink::send_response_text(text);
  }
  std::string text(std::size_t i) {
    std::lock_guard lock(mu_);
    return i < texts_.size() ? texts_[i] : "";
  }

 private:
  std::mutex mu_;
  std::vector<std::string> texts_;
};

// tools/list shows each schema in the order it was written (a Json object would sort it), and
// each tool's keys in a readable order; batches keep it too.
TEST(Tools, ListKeepsTheOrderSchemasWereWrittenIn) {
  Server s;
  Tool t;
  t.name = "add_bookmark";
  t.title = "Add a bookmark";
  t.description = "d";
  t.input_schema = OrderedJson::parse(R"({"type":"object","properties":{"url":{"type":"string","format":"uri"},
      "title":{"type":"string"},"added":{"type":"string"}},"required":["url","title"]})");
  t.output_schema =
      OrderedJson::parse(R"({"type":"object","properties":{"id":{"type":"integer"},"created":{"type":"string"}}})");
  t.annotations = ToolAnnotations{std::nullopt, true, std::nullopt, std::nullopt, false};
  s.add_tool(t);
  std::string expected =
      R"({"name":"add_bookmark","title":"Add a bookmark","description":"d","inputSchema":{"type":"object",)"
      R"("properties":{"url":{"type":"string","format":"uri"},"title":{"type":"string"},"added":{"type":"string"}},)"
      R"("required":["url","title"]},"outputSchema":{"type":"object","properties":{"id":{"type":"integer"},)"
      R"("created":{"type":"string"}}},"annotations":{"readOnlyHint":true,"openWorldHint":false}})";
  for (const char* version : {"2025-11-25", "2025-03-26"}) {
    auto sink = std::make_shared<TextSink>();
    auto session = s.open_session(sink);
    session->receive(request(0, "initialize", {{"protocolVersion", version}}).dump(), sink);
    session->receive(request(1, "tools/list").dump(), sink);
    // Every response goes out as text (append_json); the first is initialize's.
    EXPECT_EQ(sink->text(1), R"({"id":1,"jsonrpc":"2.0","result":{"tools":[)" + expected + "]}}") << version;
    EXPECT_EQ(sink->response(1)["result"]["tools"][0]["inputSchema"], Json(t.input_schema));
    if (std::string(version) != "2025-03-26") continue;
    Json batch = Json::array({request(2, "ping"), request(3, "tools/list")});
    session->receive(batch.dump(), sink);
    EXPECT_EQ(sink->text(2), R"([{"id":2,"jsonrpc":"2.0","result":{}},{"id":3,"jsonrpc":"2.0","result":{"tools":[)" +
                                 expected + "]}}]");
  }
}

TEST(Tools, CallValidatesInputAndStructuredOutput) {
  Server s;
  add_basic(s);
  Harness h(s);
  Json tools = h.call(1, "tools/list")["result"]["tools"];
  ASSERT_EQ(tools.size(), 2u);
  EXPECT_EQ(tools[0]["inputSchema"]["required"], Json({"a", "b"}));
  Json ok = h.call(2, "tools/call", {{"name", "add"}, {"arguments", {{"a", 2}, {"b", 3}}}})["result"];
  EXPECT_EQ(ok["structuredContent"], Json({{"sum", 5.0}}));
  EXPECT_EQ(ok["content"][0]["type"], "text");  // structured content is mirrored as text
  EXPECT_EQ(Json::parse(ok["content"][0]["text"].get<std::string>()), ok["structuredContent"]);
  EXPECT_FALSE(ok.contains("isError"));
  // 2025-11-25: invalid arguments are a tool error naming the field (SEP-1303).
  Json bad = h.call(3, "tools/call", {{"name", "add"}, {"arguments", {{"a", 2}, {"b", 500}}}})["result"];
  EXPECT_EQ(bad["isError"], true);
  EXPECT_NE(bad["content"][0]["text"].get<std::string>().find("/b: must be <= 100"), std::string::npos);
  EXPECT_EQ(h.call(4, "tools/call", {{"name", "nope"}})["error"]["code"], kInvalidParams);
  EXPECT_EQ(h.call(5, "tools/call", {{"name", "add"}, {"arguments", "x"}})["error"]["code"], kInvalidParams);
  // Earlier revisions answer invalid arguments with -32602.
  Harness old(s, "2025-06-18");
  EXPECT_EQ(old.call(6, "tools/call", {{"name", "add"}, {"arguments", {{"a", 2}}}})["error"]["code"], kInvalidParams);
}

TEST(Tools, ContentHelpersSpellMcpContentBlocks) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode(std::string("\xff\x00\xfe", 3)), "/wD+");
  EXPECT_EQ(ToolResult::image("foo", "image/png").content,
            Json::parse(R"([{"type": "image", "data": "Zm9v", "mimeType": "image/png"}])"));
  EXPECT_EQ(ToolResult::audio("fo", "audio/wav").content,
            Json::parse(R"([{"type": "audio", "data": "Zm8=", "mimeType": "audio/wav"}])"));
  EXPECT_EQ(ToolResult::resource_link("r://1", "one", "text/plain").content,
            Json::parse(R"([{"type": "resource_link", "uri": "r://1", "name": "one", "mimeType": "text/plain"}])"));
  EXPECT_EQ(ToolResult::resource_link("r://1", "one").content,
            Json::parse(R"([{"type": "resource_link", "uri": "r://1", "name": "one"}])"));
  EXPECT_EQ(
      ToolResult::embedded_resource("r://1", "text/plain", "hi").content,
      Json::parse(R"([{"type": "resource", "resource": {"uri": "r://1", "mimeType": "text/plain", "text": "hi"}}])"));
  ToolResult both = ToolResult::embedded_blob("r://2", "", "f").with(content::text("caption"));
  EXPECT_EQ(both.content, Json::parse(R"([{"type": "resource", "resource": {"uri": "r://2", "blob": "Zg=="}},
                                          {"type": "text", "text": "caption"}])"));
  EXPECT_FALSE(both.is_error);
}

TEST(Tools, ContentOfAnUndeclaredTypeBecomesAnErrorResult) {
  Server s;
  Tool t;
  t.name = "draw";
  t.content_types = {"image", "text"};
  t.handler = [](const Json& a, Context&) {
    if (a.contains("fail")) return ToolResult::error("no paper");
    ToolResult r = ToolResult::image("png", "image/png").with(content::text("a drawing"));
    if (a.contains("audio")) r = std::move(r).with(content::audio("AAAA", "audio/wav"));
    return r;
  };
  s.add_tool(t);
  Harness h(s);
  Json good = h.call(1, "tools/call", {{"name", "draw"}})["result"];
  EXPECT_EQ(good["content"].size(), 2u);
  EXPECT_FALSE(good.contains("isError")) << good;
  Json bad = h.call(2, "tools/call", {{"name", "draw"}, {"arguments", {{"audio", true}}}})["result"];
  EXPECT_EQ(bad["isError"], true);
  ASSERT_EQ(bad["content"].size(), 1u);
  EXPECT_EQ(
      bad["content"][0]["text"],
      "Tool 'draw' returned content of type \"audio\", which it does not declare (its content types: image, text)");
  // An error result is the handler's own answer, whatever its content.
  Json failed = h.call(3, "tools/call", {{"name", "draw"}, {"arguments", {{"fail", true}}}})["result"];
  EXPECT_EQ(failed["content"][0]["text"], "no paper");
}

TEST(Tools, AbsentArgumentsAreAnEmptyObject) {
  Server s;
  Tool t;
  t.name = "noargs";
  t.description = "d";
  t.handler = [](const Json& a, Context&) { return ToolResult::text(a.dump()); };
  s.add_tool(t);
  Harness h(s);
  EXPECT_EQ(h.call(1, "tools/call", {{"name", "noargs"}})["result"]["content"][0]["text"], "{}");
}

TEST(Tools, HandlerExceptionsBecomeToolErrorsAndMcpErrorsBecomeRpcErrors) {
  Server s;
  Tool t;
  t.name = "boom";
  t.description = "d";
  t.handler = [](const Json& a, Context&) -> ToolResult {
    if (a.contains("rpc")) throw McpError(-32010, "custom");
    throw std::runtime_error("disk full");
  };
  s.add_tool(t);
  Harness h(s);
  Json r = h.call(1, "tools/call", {{"name", "boom"}})["result"];
  EXPECT_EQ(r["isError"], true);
  EXPECT_NE(r["content"][0]["text"].get<std::string>().find("disk full"), std::string::npos);
  EXPECT_EQ(h.call(2, "tools/call", {{"name", "boom"}, {"arguments", {{"rpc", 1}}}})["error"]["code"], -32010);
}

TEST(Pagination, CursorsWalkEveryItemOnce) {
  ServerOptions o;
  o.page_size = 2;
  Server s(o);
  for (int i = 0; i < 5; ++i) {
    Tool t;
    t.name = "t" + std::to_string(i);
    t.description = "d";
    s.add_tool(t);
  }
  Harness h(s);
  std::vector<std::string> names;
  Json params = Json::object();
  for (int id = 1; id < 10; ++id) {
    Json r = h.call(id, "tools/list", params)["result"];
    for (const Json& t : r["tools"]) names.push_back(t["name"]);
    if (!r.contains("nextCursor")) break;
    params = {{"cursor", r["nextCursor"]}};
  }
  EXPECT_EQ(names, (std::vector<std::string>{"t0", "t1", "t2", "t3", "t4"}));
  EXPECT_EQ(h.call(20, "tools/list", {{"cursor", "garbage"}})["error"]["code"], kInvalidParams);
}

TEST(Resources, ReadSubscribeAndNotify) {
  Server s;
  add_basic(s);
  Harness h(s);
  EXPECT_EQ(h.call(1, "resources/read", {{"uri", "mem://a"}})["result"]["contents"][0]["text"], "A");
  Json missing = h.call(2, "resources/read", {{"uri", "mem://zzz"}});
  EXPECT_EQ(missing["error"]["code"], kResourceNotFound);
  EXPECT_EQ(missing["error"]["data"]["uri"], "mem://zzz");
  s.notify_resource_updated("mem://a");
  EXPECT_EQ(h.sink->count("notifications/resources/updated"), 0u);  // not subscribed
  h.call(3, "resources/subscribe", {{"uri", "mem://a"}});
  s.notify_resource_updated("mem://a");
  EXPECT_EQ(h.sink->count("notifications/resources/updated"), 1u);
}

TEST(Resources, TemplateVariablesAreValidatedBeforeTheReader) {
  Server s;
  ResourceTemplate t;
  t.uri_template = "notes://{folder}/{id}";
  t.name = "note";
  t.variables_schema =
      Json::parse(R"({"type": "object", "properties": {"folder": {"type": "string", "pattern": "^[a-z0-9-]+$"}}})");
  int reads = 0;
  t.read = [&](const std::string& uri, const std::map<std::string, std::string>& vars, Context&) {
    ++reads;
    return ResourceContents{resource_contents_text(uri, "text/plain", vars.at("folder"))};
  };
  s.add_resource_template(t);
  Harness h(s);
  EXPECT_EQ(h.call(1, "resources/read", {{"uri", "notes://work/1"}})["result"]["contents"][0]["text"], "work");
  // %2F decodes to '/': the variable no longer matches its pattern, and the reader never runs.
  Json bad = h.call(2, "resources/read", {{"uri", "notes://..%2F..%2Fetc/passwd"}});
  EXPECT_EQ(bad["error"]["code"], kInvalidParams);
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("variable folder"), std::string::npos) << bad;
  EXPECT_EQ(reads, 1);
}

TEST(Prompts, GetChecksArguments) {
  Server s;
  add_basic(s);
  Harness h(s);
  Json r = h.call(1, "prompts/get", {{"name", "p"}, {"arguments", {{"topic", "cats"}}}})["result"];
  EXPECT_EQ(r["messages"][0], Json({{"role", "user"}, {"content", {{"type", "text"}, {"text", "about cats"}}}}));
  EXPECT_EQ(h.call(2, "prompts/get", {{"name", "p"}})["error"]["code"], kInvalidParams);
  EXPECT_EQ(h.call(3, "prompts/get", {{"name", "p"}, {"arguments", {{"topic", 1}}}})["error"]["code"], kInvalidParams);
  EXPECT_EQ(h.call(4, "prompts/get", {{"name", "q"}})["error"]["code"], kInvalidParams);
}

TEST(Prompts, DefaultsFillAbsentArgumentsAndEnumsRefuseOtherValues) {
  Server s;
  Prompt p;
  p.name = "story";
  p.arguments = {{"topic", "", "", true},
                 {"style", "", "", false, {"formal", "casual"}, std::string("casual")},
                 {"length", "", "", false, {}, std::string("short")},
                 {"audience", "", "", false}};
  p.get = [](const std::map<std::string, std::string>& a, Context&) {
    std::string text;
    for (const auto& [name, value] : a) text += name + "=" + value + ";";
    return PromptResult{"", {{"user", content::text(text)}}};
  };
  s.add_prompt(p);
  Harness h(s);
  Json r = h.call(1, "prompts/get", {{"name", "story"}, {"arguments", {{"topic", "owls"}}}});
  EXPECT_EQ(r["result"]["messages"][0]["content"]["text"], "length=short;style=casual;topic=owls;") << r;
  r = h.call(2, "prompts/get", {{"name", "story"}, {"arguments", {{"topic", "owls"}, {"style", "formal"}}}});
  EXPECT_EQ(r["result"]["messages"][0]["content"]["text"], "length=short;style=formal;topic=owls;") << r;
  Json bad = h.call(3, "prompts/get", {{"name", "story"}, {"arguments", {{"topic", "owls"}, {"style", "rude"}}}});
  EXPECT_EQ(bad["error"]["code"], kInvalidParams);
  EXPECT_EQ(bad["error"]["message"],
            R"(Invalid arguments for prompt story: style: must be one of ["formal","casual"], not "rude")");
  EXPECT_EQ(bad["error"]["data"], Json({{"argument", "style"}, {"allowed", {"formal", "casual"}}}));
  // Listed as before: the values and defaults are the server's business.
  Json listed = h.call(4, "prompts/list")["result"]["prompts"][0]["arguments"];
  EXPECT_EQ(listed[1], Json({{"name", "style"}}));
}

TEST(ListChanged, RegistrationNotifiesInitializedSessions) {
  Server s;
  add_basic(s);
  Harness h(s);
  Tool t;
  t.name = "late";
  t.description = "d";
  s.add_tool(t);
  EXPECT_EQ(h.sink->count("notifications/tools/list_changed"), 1u);
  EXPECT_TRUE(s.remove_tool("late"));
  EXPECT_EQ(h.sink->count("notifications/tools/list_changed"), 2u);
}

TEST(Cancellation, StopsTheHandlerAndSuppressesItsResponse) {
  Server s;
  add_basic(s);
  Harness h(s);
  h.send(request(7, "tools/call", {{"name", "slow"}}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(h.session->in_flight(), 1u);
  // Another request is answered while the slow one runs.
  EXPECT_EQ(h.call(8, "ping")["result"], Json::object());
  h.send(Json{
      {"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 7}, {"reason", "user"}}}});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (h.session->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(h.session->in_flight(), 0u);
  EXPECT_TRUE(h.sink->response(7, std::chrono::milliseconds(200)).is_null());  // no response
  // Cancelling something unknown is ignored.
  h.send(Json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 999}}}});
}

TEST(Progress, EchoesTheClientsTokenBeforeTheResponse) {
  Server s;
  Tool t;
  t.name = "p";
  t.description = "d";
  t.handler = [](const Json&, Context& ctx) {
    for (int i = 1; i <= 3; ++i) ctx.progress(i, 3);
    return ToolResult::text("ok");
  };
  s.add_tool(t);
  Harness h(s);
  h.send(request(4, "tools/call", {{"name", "p"}, {"_meta", {{"progressToken", "tok"}}}}));
  h.sink->response(4);
  std::vector<Json> all = h.sink->all();
  std::vector<double> progress;
  for (const Json& m : all) {
    if (m.value("method", "") == "notifications/progress") {
      EXPECT_EQ(m["params"]["progressToken"], "tok");
      progress.push_back(m["params"]["progress"]);
    }
    if (m.contains("id") && m["id"] == 4) break;
  }
  EXPECT_EQ(progress, (std::vector<double>{1, 2, 3}));
  // No token, no progress notifications.
  h.send(request(5, "tools/call", {{"name", "p"}}));
  h.sink->response(5);
  EXPECT_EQ(h.sink->count("notifications/progress"), 3u);
}

TEST(Logging, FiltersByTheClientsLevel) {
  Server s;
  Tool t;
  t.name = "l";
  t.description = "d";
  t.handler = [](const Json&, Context& ctx) {
    ctx.log(LogLevel::Debug, "debug");
    ctx.log(LogLevel::Warning, "warning");
    return ToolResult::text("ok");
  };
  s.add_tool(t);
  Harness h(s);
  h.call(1, "tools/call", {{"name", "l"}});
  EXPECT_EQ(h.sink->count("notifications/message"), 1u);  // default level: info
  h.call(2, "logging/setLevel", {{"level", "debug"}});
  h.call(3, "tools/call", {{"name", "l"}});
  EXPECT_EQ(h.sink->count("notifications/message"), 3u);
  EXPECT_EQ(h.call(4, "logging/setLevel", {{"level", "loud"}})["error"]["code"], kInvalidParams);
}

TEST(ClientRequests, SamplingRoundTripWhileTheSessionKeepsServing) {
  Server s;
  Tool t;
  t.name = "ask";
  t.description = "d";
  t.handler = [](const Json&, Context& ctx) {
    Json r = ctx.create_message(Json{{"messages", Json::array()}, {"maxTokens", 10}});
    return ToolResult::text(r["content"]["text"].get<std::string>());
  };
  s.add_tool(t);
  Harness h(s);
  h.send(request(1, "tools/call", {{"name", "ask"}}));
  Json req = h.sink->wait_for([](const Json& m) { return m.value("method", "") == "sampling/createMessage"; });
  ASSERT_TRUE(req.contains("id"));
  EXPECT_EQ(req["params"]["maxTokens"], 10);
  EXPECT_EQ(h.call(2, "ping")["result"], Json::object());  // not blocked by the waiting handler
  EXPECT_EQ(h.send(Json{
                {"jsonrpc", "2.0"},
                {"id", req["id"]},
                {"result", {{"role", "assistant"}, {"content", {{"type", "text"}, {"text", "hi"}}}, {"model", "m"}}}}),
            Incoming::Response);
  EXPECT_EQ(h.sink->response(1)["result"]["content"][0]["text"], "hi");
}

TEST(ClientRequests, ErrorsTimeoutsAndMissingCapabilities) {
  Server s;
  Tool t;
  t.name = "ask";
  t.description = "d";
  t.handler = [](const Json& a, Context& ctx) {
    try {
      if (a.contains("roots")) ctx.list_roots();
      ctx.create_message(Json{{"messages", Json::array()}, {"maxTokens", 1}},
                         std::chrono::milliseconds(a.value("timeout", 5000)));
      return ToolResult::text("answered");
    } catch (const McpError& e) {
      return ToolResult::error(std::to_string(e.code()) + " " + e.what());
    }
  };
  s.add_tool(t);
  Harness h(s);
  h.send(request(1, "tools/call", {{"name", "ask"}}));
  Json req = h.sink->wait_for([](const Json& m) { return m.value("method", "") == "sampling/createMessage"; });
  h.send(Json{{"jsonrpc", "2.0"}, {"id", req["id"]}, {"error", {{"code", -1}, {"message", "user rejected"}}}});
  EXPECT_EQ(h.sink->response(1)["result"]["content"][0]["text"], "-1 user rejected");
  Json timeout = h.call(2, "tools/call", {{"name", "ask"}, {"arguments", {{"timeout", 100}}}})["result"];
  EXPECT_NE(timeout["content"][0]["text"].get<std::string>().find("timed out"), std::string::npos);
  EXPECT_GE(h.sink->count("notifications/cancelled"), 1u);  // we tell the client we gave up
  Json roots = h.call(3, "tools/call", {{"name", "ask"}, {"arguments", {{"roots", true}}}})["result"];
  EXPECT_NE(roots["content"][0]["text"].get<std::string>().find("does not support roots"), std::string::npos);
}

TEST(HostileInput, MalformedMessagesGetErrorsAndTheSessionSurvives) {
  ServerOptions o;
  o.max_message_bytes = 1000;
  o.max_json_depth = 20;
  Server s(o);
  add_basic(s);
  Harness h(s);
  auto raw = [&](const std::string& text) {
    auto sink = std::make_shared<CaptureSink>();
    h.session->receive(text, sink);
    auto all = sink->all();
    return all.empty() ? Json() : all[0];
  };
  EXPECT_EQ(raw("{not json")["error"]["code"], kParseError);
  EXPECT_FALSE(raw("{not json").contains("id"));  // unknown id: left out, not null
  EXPECT_EQ(raw("[1,2")["error"]["code"], kParseError);
  EXPECT_EQ(raw("42")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"1.0","id":1,"method":"ping"})")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":1,"method":5})")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":null,"method":"ping"})")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":7})")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":1})")["error"]["code"], kInvalidRequest);
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":1,"method":"nope"})")["error"]["code"], kMethodNotFound);
  EXPECT_EQ(raw(std::string(2000, ' '))["error"]["code"], kInvalidRequest);                       // over the size limit
  EXPECT_EQ(raw(std::string(50, '[') + std::string(50, ']'))["error"]["code"], kInvalidRequest);  // too deep
  EXPECT_EQ(raw(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])")["error"]["code"],
            kInvalidRequest);                               // no batches in 2025-11-25
  EXPECT_EQ(h.call(99, "ping")["result"], Json::object());  // still serving
}

TEST(Batches, AcceptedWhen20250326IsNegotiated) {
  Server s;
  add_basic(s);
  Harness h(s, "2025-03-26");
  auto sink = std::make_shared<CaptureSink>();
  Json batch = Json::array({request(1, "ping"), Json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
                            request(2, "tools/call", {{"name", "add"}, {"arguments", {{"a", 1}, {"b", 1}}}}),
                            Json{{"jsonrpc", "2.0"}, {"id", 3}}, Json::array()});
  EXPECT_EQ(h.session->receive(batch.dump(), sink), Incoming::Batch);
  Json answer = sink->wait_for([](const Json& m) { return m.is_array(); });
  ASSERT_EQ(answer.size(), 4u);  // two results, and an error for each invalid item, in one array
  std::set<int> ids;
  int errors = 0;
  for (const Json& a : answer) {
    if (a.contains("result")) ids.insert(a["id"].get<int>());
    errors += a.contains("error");
  }
  EXPECT_EQ(ids, (std::set<int>{1, 2}));
  EXPECT_EQ(errors, 2);
  EXPECT_EQ(sink->all().size(), 1u);  // nothing outside the array
  // finish() follows the array; wait for it rather than race it.
  for (int i = 0; i < 500 && sink->finished() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(sink->finished(), 1);
}

TEST(Completion, OffersValuesForPromptArguments) {
  Server s;
  Prompt p{"p",
           "",
           "d",
           {{"lang", "", "", true}},
           nullptr,
           [](const std::string&, const std::string& value, const std::map<std::string, std::string>&) {
             std::vector<std::string> out;
             for (const char* l : {"c", "cpp", "python"}) {
               if (std::string(l).rfind(value, 0) == 0) out.emplace_back(l);
             }
             return out;
           }};
  s.add_prompt(p);
  Harness h(s);
  Json r = h.call(1, "completion/complete",
                  {{"ref", {{"type", "ref/prompt"}, {"name", "p"}}}, {"argument", {{"name", "lang"}, {"value", "c"}}}});
  EXPECT_EQ(r["result"]["completion"]["values"], Json({"c", "cpp"}));
  EXPECT_EQ(r["result"]["completion"]["hasMore"], false);
  EXPECT_EQ(h.call(2, "completion/complete",
                   {{"ref", {{"type", "ref/prompt"}, {"name", "x"}}},
                    {"argument", {{"name", "a"}, {"value", ""}}}})["error"]["code"],
            kInvalidParams);
}

TEST(Completion, EnumBackedArgumentsAndVariablesCompleteWithoutACompleter) {
  Server s;
  int asked = 0;
  Completer counting = [&](const std::string&, const std::string&, const std::map<std::string, std::string>&) {
    ++asked;
    return std::vector<std::string>{"asked"};
  };
  Prompt p;
  p.name = "p";
  p.arguments = {{"style", "", "", false, {"formal", "casual", "fun"}}, {"topic", "", "", false}};
  p.get = [](const std::map<std::string, std::string>&, Context&) { return PromptResult{}; };
  p.complete = counting;
  s.add_prompt(p);
  ResourceTemplate t;
  t.uri_template = "r://{kind}/{id}";
  t.name = "r";
  t.variables_schema = Json::parse(R"({"type": "object", "properties": {"kind": {"enum": ["day", "week"]}}})");
  t.read = [](const std::string& uri, const std::map<std::string, std::string>&, Context&) {
    return ResourceContents{resource_contents_text(uri, "", "")};
  };
  t.complete = counting;
  s.add_resource_template(t);
  Harness h(s);
  auto complete = [&](int id, Json ref, const char* name, const char* value) {
    return h.call(id, "completion/complete", {{"ref", ref}, {"argument", {{"name", name}, {"value", value}}}});
  };
  Json prompt = {{"type", "ref/prompt"}, {"name", "p"}};
  Json resource = {{"type", "ref/resource"}, {"uri", "r://{kind}/{id}"}};
  EXPECT_EQ(complete(1, prompt, "style", "f")["result"]["completion"]["values"], Json({"formal", "fun"}));
  EXPECT_EQ(complete(2, prompt, "style", "")["result"]["completion"]["total"], 3);
  EXPECT_EQ(complete(3, resource, "kind", "w")["result"]["completion"]["values"], Json({"week"}));
  EXPECT_EQ(asked, 0);
  EXPECT_EQ(complete(4, prompt, "topic", "")["result"]["completion"]["values"], Json({"asked"}));
  EXPECT_EQ(complete(5, resource, "id", "")["result"]["completion"]["values"], Json({"asked"}));
  EXPECT_EQ(asked, 2);
}

}  // namespace
}  // namespace mcpc::runtime

namespace mcpc::runtime {
namespace {

TEST(Timeouts, ARequestPastItsDeadlineIsAnsweredAndCancelled) {
  ServerOptions o;
  o.request_timeout = std::chrono::milliseconds(100);
  Server s(o);
  std::atomic<bool> saw_cancel{false};
  Tool t;
  t.name = "stuck";
  t.description = "d";
  t.handler = [&](const Json&, Context& ctx) {
    ctx.sleep_for(std::chrono::seconds(10));
    saw_cancel = ctx.cancelled();
    return ToolResult::text("late");
  };
  s.add_tool(t);
  Harness h(s);
  auto start = std::chrono::steady_clock::now();
  Json r = h.call(1, "tools/call", {{"name", "stuck"}});
  EXPECT_EQ(r["error"]["code"], kRequestTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  for (int i = 0; i < 200 && !saw_cancel; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(saw_cancel);  // the handler was told to stop
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  int answers = 0;
  for (const Json& m : h.sink->all()) answers += m.contains("id") && m["id"] == 1;
  EXPECT_EQ(answers, 1);  // exactly one answer
}

}  // namespace
}  // namespace mcpc::runtime

namespace mcpc::runtime {
namespace {

TEST(Inline, RunsOnTheCallersThreadAndCannotWaitOnTheClient) {
  Server s;
  std::thread::id handler_thread;
  Tool quick;
  quick.name = "quick";
  quick.description = "d";
  quick.runs_inline = true;
  quick.handler = [&](const Json& a, Context& ctx) {
    handler_thread = std::this_thread::get_id();
    if (a.contains("ask")) ctx.create_message(Json{{"messages", Json::array()}, {"maxTokens", 1}});
    return ToolResult::text("ok");
  };
  s.add_tool(quick);
  Harness h(s);
  h.send(request(1, "tools/call", {{"name", "quick"}}));
  // Answered before receive() returned: no hand-off to a worker.
  ASSERT_FALSE(h.sink->all().empty());
  EXPECT_EQ(h.sink->all().back()["result"]["content"][0]["text"], "ok");
  EXPECT_EQ(handler_thread, std::this_thread::get_id());
  Json refused = h.call(2, "tools/call", {{"name", "quick"}, {"arguments", {{"ask", true}}}});
  EXPECT_FALSE(refused.contains("result"));  // a JSON-RPC error, not a deadlock
  EXPECT_EQ(refused["error"]["code"], kInternalError);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("inline"), std::string::npos);
}

}  // namespace
}  // namespace mcpc::runtime

// Issue 11: per-session limits and JSON-RPC edges.
namespace mcpc::runtime {
namespace {

// Waits until `session` has `n` requests in flight (queued or running).
void wait_in_flight(Session& session, std::size_t n) {
  for (int i = 0; i < 500 && session.in_flight() != n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(session.in_flight(), n);
}

Json notification(const std::string& method, Json params) {
  return Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

TEST(Subscriptions, OnlyKnownUrisBoundedInLengthAndNumber) {
  ServerOptions o;
  o.max_uri_bytes = 64;
  o.max_subscriptions_per_session = 3;
  Server s(o);
  add_basic(s);
  ResourceTemplate t;
  t.uri_template = "mem://items/{id}";
  t.name = "item";
  t.read = [](const std::string& uri, const std::map<std::string, std::string>&, Context&) {
    return ResourceContents{resource_contents_text(uri, "text/plain", "x")};
  };
  s.add_resource_template(t);
  Harness h(s);
  EXPECT_EQ(h.call(1, "resources/subscribe", {{"uri", "mem://a"}})["result"], Json::object());        // listed
  EXPECT_EQ(h.call(2, "resources/subscribe", {{"uri", "mem://items/7"}})["result"], Json::object());  // template
  EXPECT_EQ(h.call(3, "resources/subscribe", {{"uri", "mem://a"}})["result"], Json::object());  // again: no new slot
  Json unknown = h.call(4, "resources/subscribe", {{"uri", "mem://nothing-here"}});
  EXPECT_EQ(unknown["error"]["code"], kInvalidParams) << unknown;
  Json too_long = h.call(5, "resources/subscribe", {{"uri", "mem://items/" + std::string(100, 'x')}});
  EXPECT_EQ(too_long["error"]["code"], kInvalidParams) << too_long;
  EXPECT_EQ(too_long["error"]["message"].get<std::string>().find("xxxx"), std::string::npos);         // not echoed
  EXPECT_EQ(h.call(6, "resources/subscribe", {{"uri", "mem://items/8"}})["result"], Json::object());  // the third
  Json full = h.call(7, "resources/subscribe", {{"uri", "mem://items/9"}});
  EXPECT_EQ(full["error"]["code"], kLimitExceeded) << full;
  // Unsubscribing frees a slot; unsubscribing from anything else is not an error.
  EXPECT_EQ(h.call(8, "resources/unsubscribe", {{"uri", "mem://items/7"}})["result"], Json::object());
  EXPECT_EQ(h.call(9, "resources/unsubscribe", {{"uri", "mem://never"}})["result"], Json::object());
  EXPECT_EQ(h.call(10, "resources/subscribe", {{"uri", "mem://items/9"}})["result"], Json::object());
  s.notify_resource_updated("mem://items/9");
  EXPECT_EQ(h.sink->count("notifications/resources/updated"), 1u);
}

TEST(InFlight, RequestsBeyondTheLimitAreRefusedAndNeverRun) {
  ServerOptions o;
  o.max_in_flight_per_session = 3;
  Server s(o);
  std::atomic<int> runs{0};
  Tool slow;
  slow.name = "slow";
  slow.description = "sleeps until cancelled";
  slow.handler = [&](const Json&, Context& ctx) {
    ++runs;
    ctx.sleep_for(std::chrono::seconds(10));
    return ToolResult::text("done");
  };
  s.add_tool(slow);
  Harness h(s);
  Json padded = {{"name", "slow"}, {"arguments", {{"pad", std::string(1000, 'p')}}}};
  for (int id = 1; id <= 3; ++id) h.send(request(id, "tools/call", padded));
  wait_in_flight(*h.session, 3);
  // Admitted is not yet running: a request cancelled while queued never reaches its handler
  // (validation sees the cancellation first), so wait until all three run.
  for (int i = 0; i < 500 && runs < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(runs.load(), 3);
  Json refused = h.call(4, "tools/call", padded);
  EXPECT_EQ(refused["error"]["code"], kLimitExceeded) << refused;
  EXPECT_EQ(h.call(5, "resources/read", {{"uri", "x"}})["error"]["code"], kLimitExceeded);  // every pooled method
  EXPECT_EQ(h.call(6, "ping")["result"], Json::object());  // answered at once: not limited
  EXPECT_EQ(h.session->in_flight(), 3u);
  // A slot frees when a handler returns.
  h.send(notification("notifications/cancelled", {{"requestId", 1}}));
  wait_in_flight(*h.session, 2);
  h.send(request(7, "tools/call", {{"name", "slow"}}));
  wait_in_flight(*h.session, 3);
  for (int i = 0; i < 500 && runs < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(runs.load(), 4);  // 1, 2, 3 and 7; never 4
  h.session->close();
}

TEST(InFlight, AnInlineToolCannotReuseTheIdOfARequestInFlight) {
  Server s;
  add_basic(s);
  std::atomic<int> inline_runs{0};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Tool quick;
  quick.name = "quick";
  quick.description = "d";
  quick.runs_inline = true;
  quick.handler = [&](const Json& a, Context&) {
    ++inline_runs;
    if (a.contains("hold")) released.wait();
    return ToolResult::text("quick");
  };
  s.add_tool(quick);
  Harness h(s);
  h.send(request(7, "tools/call", {{"name", "slow"}}));
  wait_in_flight(*h.session, 1);
  auto sink = std::make_shared<CaptureSink>();
  h.session->receive(request(7, "tools/call", {{"name", "quick"}}).dump(), sink);
  Json dup = sink->response(7);
  EXPECT_EQ(dup["error"]["code"], kInvalidRequest) << dup;
  EXPECT_EQ(inline_runs.load(), 0);                     // refused before it ran: one answer for id 7 is the slow tool's
  h.session->receive(request(7, "ping").dump(), sink);  // nor a second answer from a quick method
  EXPECT_EQ(sink->all().size(), 2u);
  EXPECT_EQ(sink->all()[1]["error"]["code"], kInvalidRequest);
  // And a running inline tool holds its id (HTTP: two connections on one session).
  std::string held = request(8, "tools/call", {{"name", "quick"}, {"arguments", {{"hold", true}}}}).dump();
  std::thread holder([&] { h.session->receive(held, h.sink); });
  wait_in_flight(*h.session, 2);
  auto sink2 = std::make_shared<CaptureSink>();
  h.session->receive(request(8, "tools/call", {{"name", "slow"}}).dump(), sink2);
  EXPECT_EQ(sink2->response(8)["error"]["code"], kInvalidRequest);
  release.set_value();
  holder.join();
  EXPECT_EQ(h.sink->response(8)["result"]["content"][0]["text"], "quick");
  h.session->close();
}

TEST(Batches, OversizeBatchesAreRefusedWhole) {
  ServerOptions o;
  o.max_batch_size = 3;
  Server s(o);
  add_basic(s);
  Harness h(s, "2025-03-26");
  auto sink = std::make_shared<CaptureSink>();
  Json four = Json::array({request(1, "ping"), request(2, "ping"), request(3, "ping"), request(4, "ping")});
  EXPECT_EQ(h.session->receive(four.dump(), sink), Incoming::Invalid);
  ASSERT_EQ(sink->all().size(), 1u);  // one error, and none of the pings answered
  EXPECT_TRUE(sink->all()[0].is_object());
  EXPECT_EQ(sink->all()[0]["error"]["code"], kInvalidRequest);
  EXPECT_NE(sink->all()[0]["error"]["message"].get<std::string>().find("limit of 3"), std::string::npos);
  auto ok = std::make_shared<CaptureSink>();
  Json three = Json::array({request(1, "ping"), request(2, "ping"), request(3, "ping")});
  EXPECT_EQ(h.session->receive(three.dump(), ok), Incoming::Batch);
  EXPECT_EQ(ok->wait_for([](const Json& m) { return m.is_array(); }).size(), 3u);
}

TEST(JsonRpcEdges, NotificationsAreNeverAnsweredEvenWithBadParams) {
  Server s;
  add_basic(s);
  Harness h(s);
  for (const Json& params : {Json::array({1, 2}), Json(7), Json("x"), Json()}) {
    for (const char* method : {"notifications/initialized", "notifications/cancelled", "notifications/whatever"}) {
      auto sink = std::make_shared<CaptureSink>();
      EXPECT_EQ(h.session->receive(notification(method, params).dump(), sink), Incoming::Notification);
      EXPECT_TRUE(sink->all().empty()) << method << " " << params << ": " << sink->all()[0];
    }
  }
  // Inside a 2025-03-26 batch too: only the request is answered.
  Harness old(s, "2025-03-26");
  auto sink = std::make_shared<CaptureSink>();
  Json batch = Json::array({notification("notifications/cancelled", Json::array({1})), request(1, "ping")});
  old.session->receive(batch.dump(), sink);
  Json answers = sink->wait_for([](const Json& m) { return m.is_array(); });
  ASSERT_EQ(answers.size(), 1u) << answers;
  EXPECT_EQ(answers[0]["id"], 1);
  EXPECT_EQ(h.call(9, "ping")["result"], Json::object());
}

TEST(JsonRpcEdges, PositionalParamsAreInvalidParams) {
  Server s;
  add_basic(s);
  Harness h(s);
  for (const char* method : {"ping", "tools/list", "tools/call", "resources/read"}) {
    auto sink = std::make_shared<CaptureSink>();
    Json positional{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", Json::array({"add"})}};
    h.session->receive(positional.dump(), sink);
    Json r = sink->response(1);
    EXPECT_EQ(r["error"]["code"], kInvalidParams) << method << ": " << r;
  }
  auto sink = std::make_shared<CaptureSink>();
  h.session->receive(R"({"jsonrpc":"2.0","id":2,"method":"tools/list","params":7})", sink);
  EXPECT_EQ(sink->response(2)["error"]["code"], kInvalidRequest);  // not even structured: as before
}

TEST(JsonRpcEdges, ALineWithANulIsRefusedWhole) {
  Server s;
  add_basic(s);
  Harness h(s);
  for (std::string tail : {std::string("garbage"), std::string(), std::string("\n{}")}) {
    auto sink = std::make_shared<CaptureSink>();
    std::string text = R"({"jsonrpc":"2.0","id":1,"method":"ping"})" + std::string(1, '\0') + tail;
    EXPECT_EQ(h.session->receive(text, sink), Incoming::Invalid);
    ASSERT_EQ(sink->all().size(), 1u);
    EXPECT_EQ(sink->all()[0]["error"]["code"], kParseError) << sink->all()[0];
    EXPECT_FALSE(sink->all()[0].contains("result"));
  }
  // Escaped, a NUL is an ordinary character of a string.
  Json escaped =
      h.call(2, "tools/call", {{"name", "add"}, {"arguments", {{"a", 1}, {"b", 2}}}, {"note", std::string("a\0b", 3)}});
  EXPECT_EQ(escaped["result"]["structuredContent"]["sum"], 3.0);
}

TEST(Handlers, ANonExceptionThrownByAHandlerIsAnswered) {
  Server s;
  for (bool inline_tool : {false, true}) {
    Tool t;
    t.name = inline_tool ? "throws_inline" : "throws";
    t.description = "d";
    t.runs_inline = inline_tool;
    t.handler = [](const Json&, Context&) -> ToolResult { throw 42; };
    s.add_tool(t);
  }
  Harness h(s);
  EXPECT_EQ(h.call(1, "tools/call", {{"name", "throws"}})["error"]["code"], kInternalError);
  EXPECT_EQ(h.call(2, "tools/call", {{"name", "throws_inline"}})["error"]["code"], kInternalError);
  EXPECT_EQ(h.session->in_flight(), 0u);
  EXPECT_EQ(h.call(3, "ping")["result"], Json::object());
}

}  // namespace
}  // namespace mcpc::runtime
