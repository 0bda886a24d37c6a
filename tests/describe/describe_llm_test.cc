// The model clients of mcpc_describe against a loopback server speaking the Anthropic Messages
// and OpenAI chat-completions wire formats: a good answer, a malformed one, a spec with errors
// that a repair round fixes, a refused key and a failing service. The key must never show.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loopback_server.h"
#include "mcpc/describe/describe.h"

namespace mcpc {
namespace {

using testing::LoopbackServer;
using Json = nlohmann::json;

constexpr const char* kKey = "sk-test-0123456789-SECRET";

Json good_spec() {
  return Json::parse(R"json({
    "name": "calculator-mcp", "version": "0.1.0",
    "description": "Adds numbers (the key sk-test-0123456789-SECRET must not reach the file)",
    "tools": [{"name": "add", "description": "Add two numbers",
               "parameters": {"a": {"type": "number", "required": true}, "b": {"type": "number", "required": true}},
               "returns": {"type": "number"}}]})json");
}

// A spec the checks refuse: the tool uses a connection nobody declared.
Json broken_spec() {
  Json s = good_spec();
  s["tools"][0]["connection"] = "nowhere_db";
  return s;
}

std::string anthropic_answer(const Json& spec) {
  return Json{
      {"id", "msg_1"},
      {"type", "message"},
      {"role", "assistant"},
      {"stop_reason", "tool_use"},
      {"content", Json::array({{{"type", "tool_use"}, {"id", "toolu_1"}, {"name", "write_spec"}, {"input", spec}}})}}
      .dump();
}

std::string openai_answer(const std::string& content) {
  return Json{
      {"id", "chatcmpl-1"},
      {"object", "chat.completion"},
      {"choices",
       Json::array(
           {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}}, {"finish_reason", "stop"}}})}}
      .dump();
}

describe::Options options_for(describe::Provider provider, const std::string& url, std::vector<std::string>* progress) {
  describe::Options o;
  o.llm.provider = provider;
  o.llm.url = url;
  o.llm.model = provider == describe::Provider::Anthropic ? "claude-test" : "local-model";
  o.llm.api_key = kKey;
  o.llm.backoff = std::chrono::milliseconds(1);
  o.llm.attempts = 3;
  o.llm.timeout = std::chrono::milliseconds(5000);
  if (progress != nullptr) o.progress = [progress](const std::string& line) { progress->push_back(line); };
  return o;
}

std::string all_diagnostics(const DiagnosticEngine& diags) {
  std::string s;
  for (const Diagnostic& d : diags.raw()) s += d.message + " [" + std::string(check_info(d.check).name) + "]\n";
  return s;
}

TEST(AnthropicClient, GoodAnswerBecomesACheckedSpecWithoutTheKey) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    return LoopbackServer::Reply{200, anthropic_answer(good_spec())};
  });
  std::vector<std::string> progress;
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::Anthropic, server.url(), &progress), diags);
  EXPECT_FALSE(diags.has_errors()) << all_diagnostics(diags);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.clean) << r.last_problems << r.yaml;
  EXPECT_EQ(r.requests, 1);
  EXPECT_NE(r.yaml.find("name: calculator-mcp"), std::string::npos) << r.yaml;
  EXPECT_NE(r.yaml.find("- name: add"), std::string::npos) << r.yaml;
  EXPECT_EQ(r.yaml.find(kKey), std::string::npos) << "the key never reaches the file:\n" << r.yaml;

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& q = requests[0];
  EXPECT_EQ(q.method, "POST");
  EXPECT_EQ(q.path, "/v1/messages");
  EXPECT_EQ(q.headers.at("x-api-key"), kKey);
  EXPECT_EQ(q.headers.at("anthropic-version"), "2023-06-01");
  Json body = Json::parse(q.body);
  EXPECT_EQ(body["model"], "claude-test");
  EXPECT_EQ(body["tool_choice"]["type"], "tool");
  EXPECT_EQ(body["tool_choice"]["name"], "write_spec");
  EXPECT_EQ(body["tools"][0]["name"], "write_spec");
  EXPECT_TRUE(body["tools"][0]["input_schema"]["properties"].contains("tools")) << "the spec's JSON Schema";
  EXPECT_FALSE(body["tools"][0]["input_schema"].contains("$schema"));
  EXPECT_NE(body["messages"][0]["content"].get<std::string>().find("A calculator"), std::string::npos);
  for (const std::string& line : progress) EXPECT_EQ(line.find(kKey), std::string::npos) << line;
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress.front().find("asking Anthropic (claude-test)"), std::string::npos) << progress.front();
}

TEST(AnthropicClient, RepairRoundSendsTheDiagnosticsAndTakesTheFix) {
  LoopbackServer server([](const LoopbackServer::Request&, int index) {
    return LoopbackServer::Reply{200, anthropic_answer(index == 0 ? broken_spec() : good_spec())};
  });
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::Anthropic, server.url(), nullptr), diags);
  ASSERT_TRUE(r.ok) << all_diagnostics(diags);
  EXPECT_TRUE(r.clean) << r.last_problems;
  EXPECT_EQ(r.requests, 2);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  Json second = Json::parse(requests[1].body);
  const Json& messages = second["messages"];
  ASSERT_EQ(messages.size(), 3u) << messages.dump(2);
  EXPECT_EQ(messages[1]["role"], "assistant");
  EXPECT_EQ(messages[1]["content"][0]["type"], "tool_use");
  const Json& result = messages[2]["content"][0];
  EXPECT_EQ(result["type"], "tool_result");
  EXPECT_EQ(result["tool_use_id"], "toolu_1");
  EXPECT_EQ(result["is_error"], true);
  std::string fed_back = result["content"].get<std::string>();
  EXPECT_NE(fed_back.find("nowhere_db"), std::string::npos) << fed_back;
  EXPECT_NE(fed_back.find("[undefined-connection]"), std::string::npos) << fed_back;
  EXPECT_NE(fed_back.find("mcp.yaml:"), std::string::npos) << "located, as mcpc check prints it:\n" << fed_back;
}

TEST(AnthropicClient, MalformedAnswerIsRetriedAsARepairRound) {
  LoopbackServer server([](const LoopbackServer::Request&, int index) {
    if (index == 0)
      return LoopbackServer::Reply{200, R"({"content": [{"type": "text", "text": "Sure! Here is a spec: ..."}]})"};
    return LoopbackServer::Reply{200, anthropic_answer(good_spec())};
  });
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::Anthropic, server.url(), nullptr), diags);
  ASSERT_TRUE(r.ok) << all_diagnostics(diags);
  EXPECT_TRUE(r.clean);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[1].body.find("could not be used"), std::string::npos) << requests[1].body;
  EXPECT_NE(requests[1].body.find("does not call write_spec"), std::string::npos) << requests[1].body;
}

TEST(AnthropicClient, WrongKeyIsOneClearErrorWithoutTheKeyAndNoRetry) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    return LoopbackServer::Reply{
        401,
        R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key sk-test-0123456789-SECRET"}})"};
  });
  std::vector<std::string> progress;
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::Anthropic, server.url(), &progress), diags);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(diags.error_count(), 1u);
  const Diagnostic& d = diags.raw().front();
  EXPECT_EQ(d.check, Check::Llm);
  EXPECT_NE(d.message.find("refused the API key (HTTP 401"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("check ANTHROPIC_API_KEY"), std::string::npos) << d.message;
  EXPECT_EQ(d.message.find(kKey), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("***"), std::string::npos) << "the service's echo of the key is masked: " << d.message;
  EXPECT_EQ(server.requests().size(), 1u) << "a refused key is not retried";
  for (const std::string& line : progress) EXPECT_EQ(line.find(kKey), std::string::npos) << line;
}

TEST(AnthropicClient, ServerErrorIsRetriedWithBackoffThenReported) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    return LoopbackServer::Reply{500,
                                 R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})"};
  });
  std::vector<std::string> progress;
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::Anthropic, server.url(), &progress), diags);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(server.requests().size(), 3u);
  ASSERT_EQ(diags.error_count(), 1u);
  const std::string& message = diags.raw().front().message;
  EXPECT_NE(message.find("HTTP 500: Internal server error"), std::string::npos) << message;
  EXPECT_NE(message.find("after 3 attempts"), std::string::npos) << message;
  int retries = 0;
  for (const std::string& line : progress) retries += line.find("retrying in") != std::string::npos;
  EXPECT_EQ(retries, 2);
}

TEST(AnthropicClient, ServiceDownSaysSo) {
  int port;
  {
    LoopbackServer gone([](const LoopbackServer::Request&, int) { return LoopbackServer::Reply{}; });
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  describe::Options o = options_for(describe::Provider::Anthropic, "http://127.0.0.1:" + std::to_string(port), nullptr);
  o.llm.attempts = 2;
  DiagnosticEngine diags;
  describe::Result r = describe::describe("A calculator", o, diags);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.raw().front().message.find("is the service running"), std::string::npos)
      << diags.raw().front().message;
}

TEST(OpenAiClient, GoodAnswerInAFenceBecomesACheckedSpec) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    return LoopbackServer::Reply{200, openai_answer("```json\n" + good_spec().dump() + "\n```")};
  });
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::OpenAi, server.url(), nullptr), diags);
  ASSERT_TRUE(r.ok) << all_diagnostics(diags);
  EXPECT_TRUE(r.clean) << r.last_problems;
  EXPECT_EQ(r.yaml.find(kKey), std::string::npos);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].headers.at("authorization"), std::string("Bearer ") + kKey);
  Json body = Json::parse(requests[0].body);
  EXPECT_EQ(body["model"], "local-model");
  EXPECT_EQ(body["response_format"]["type"], "json_schema");
  EXPECT_TRUE(body["response_format"]["json_schema"]["schema"]["properties"].contains("tools"));
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][1]["role"], "user");
}

TEST(OpenAiClient, MalformedThenBrokenThenFixed) {
  LoopbackServer server([](const LoopbackServer::Request&, int index) {
    if (index == 0) return LoopbackServer::Reply{200, R"({"choices": []})"};
    if (index == 1) return LoopbackServer::Reply{200, openai_answer(broken_spec().dump())};
    return LoopbackServer::Reply{200, openai_answer(good_spec().dump())};
  });
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::OpenAi, server.url() + "/v1", nullptr), diags);
  ASSERT_TRUE(r.ok) << all_diagnostics(diags);
  EXPECT_TRUE(r.clean) << r.last_problems;
  EXPECT_EQ(r.requests, 3);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].path, "/v1/chat/completions");
  Json third = Json::parse(requests[2].body);
  const Json& messages = third["messages"];
  ASSERT_GE(messages.size(), 4u) << messages.dump(2);
  EXPECT_EQ(messages[messages.size() - 2]["role"], "assistant");
  std::string fed_back = messages.back()["content"].get<std::string>();
  EXPECT_NE(fed_back.find("[undefined-connection]"), std::string::npos) << fed_back;
}

TEST(OpenAiClient, SpecThatStaysBrokenIsStillReturnedAfterThreeRepairs) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    return LoopbackServer::Reply{200, openai_answer(broken_spec().dump())};
  });
  DiagnosticEngine diags;
  describe::Result r =
      describe::describe("A calculator", options_for(describe::Provider::OpenAi, server.url(), nullptr), diags);
  EXPECT_TRUE(r.ok) << "the user gets the spec to fix by hand";
  EXPECT_FALSE(r.clean);
  EXPECT_EQ(server.requests().size(), 4u) << "one request and three repair rounds";
  EXPECT_NE(r.last_problems.find("[undefined-connection]"), std::string::npos);
}

TEST(Config, EnvironmentPicksTheProvider) {
  std::map<std::string, std::string> env;
  auto get = [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_EQ(describe::config_from_env(get).provider, describe::Provider::Offline);
  env["ANTHROPIC_API_KEY"] = "k";
  describe::LlmConfig a = describe::config_from_env(get);
  EXPECT_EQ(a.provider, describe::Provider::Anthropic);
  EXPECT_EQ(a.url, "https://api.anthropic.com");
  EXPECT_EQ(a.model, describe::kDefaultAnthropicModel);
  env["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9";
  env["MCPC_LLM_MODEL"] = "claude-x";
  env["MCPC_LLM_TIMEOUT"] = "2.5";
  a = describe::config_from_env(get);
  EXPECT_EQ(a.url, "http://127.0.0.1:9");
  EXPECT_EQ(a.model, "claude-x");
  EXPECT_EQ(a.timeout, std::chrono::milliseconds(2500));
  env["MCPC_LLM_URL"] = "http://localhost:11434";
  describe::LlmConfig o = describe::config_from_env(get);
  EXPECT_EQ(o.provider, describe::Provider::OpenAi) << "an explicit endpoint wins";
  EXPECT_EQ(describe::chat_completions_url("http://localhost:11434"), "http://localhost:11434/v1/chat/completions");
  EXPECT_EQ(describe::chat_completions_url("http://h/v1/"), "http://h/v1/chat/completions");
  EXPECT_EQ(describe::chat_completions_url("http://h/openai/chat/completions"), "http://h/openai/chat/completions");
  EXPECT_EQ(describe::redact("key abcd and abcd", "abcd"), "key *** and ***");
  EXPECT_EQ(describe::redact("short k", "k"), "short k") << "too short to mask without mangling text";
}

}  // namespace
}  // namespace mcpc
